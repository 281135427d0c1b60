/* The CORS allow-list (see the header). The headers themselves are added where every reply is built,
 * src/http/server.c, so that no reply — a 401, a 413 on the first callback, a 414 — can miss them. */
#include "salesctl/http/cors.h"

#include <stdio.h>
#include <string.h>

/* scheme://authority with nothing after it: no path (not even "/"), query, fragment, user info or space. */
static bool origin_valid(const char *o, size_t n)
{
	size_t scheme = n > 7 && strncmp(o, "http://", 7) == 0 ? 7 : n > 8 && strncmp(o, "https://", 8) == 0 ? 8 : 0;
	if (!scheme || n >= CORS_ORIGIN_MAX)
		return false;
	for (size_t i = scheme; i < n; i++)
		if (strchr("/?#@ \t\\", o[i]) || (unsigned char)o[i] < 0x21 || (unsigned char)o[i] > 0x7E)
			return false;
	return true;
}

int cors_origins_parse(const char *csv, struct cors_origins *out, char *bad, size_t cap)
{
	memset(out, 0, sizeof(*out));
	const char *p = csv;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t n = strcspn(p, ", ");
		if (n == 0)
			break;
		if (!origin_valid(p, n) || out->n == CORS_MAX_ORIGINS) {
			snprintf(bad, cap, "%.*s", (int)n, p);
			return -1;
		}
		memcpy(out->items[out->n], p, n);
		out->items[out->n++][n] = '\0';
		p += n;
	}
	return 0;
}

bool cors_origin_allowed(const struct cors_origins *list, const char *origin)
{
	for (size_t i = 0; origin && list && i < list->n; i++)
		if (strcmp(list->items[i], origin) == 0)
			return true;
	return false;
}
