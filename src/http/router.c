/*
 * Matching paths against the route table. Patterns are compared segment by segment; a "{name}" segment
 * captures one non-empty segment. The table is small (tens of rows), so a linear scan is the clearest and,
 * measured against the database round trip, free.
 */
#include "salesctl/http/router.h"

#include <stdio.h>
#include <string.h>

static const struct {
	enum http_method m;
	const char *name;
} method_names[] = {
	{HTTP_GET, "GET"}, {HTTP_POST, "POST"}, {HTTP_PUT, "PUT"}, {HTTP_PATCH, "PATCH"}, {HTTP_DELETE, "DELETE"},
	{HTTP_OPTIONS, "OPTIONS"},
};

enum http_method http_method_parse(const char *s)
{
	if (strcmp(s, "HEAD") == 0)
		return HTTP_GET;
	for (size_t i = 0; i < sizeof(method_names) / sizeof(method_names[0]); i++)
		if (strcmp(s, method_names[i].name) == 0)
			return method_names[i].m;
	return 0;
}

const char *http_method_name(enum http_method m)
{
	for (size_t i = 0; i < sizeof(method_names) / sizeof(method_names[0]); i++)
		if (method_names[i].m == m)
			return method_names[i].name;
	return "?";
}

/* Matches one pattern; on success fills params. */
static int pattern_match(const char *pattern, const char *path, struct route_match *out)
{
	int nparams = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p != '/' || *s != '/')
			return 0;
		p++;
		s++;
		const char *pend = strchr(p, '/');
		const char *send = strchr(s, '/');
		size_t plen = pend ? (size_t)(pend - p) : strlen(p);
		size_t slen = send ? (size_t)(send - s) : strlen(s);
		if (plen >= 2 && p[0] == '{' && p[plen - 1] == '}') {
			if (slen == 0 || slen >= ROUTE_PARAM_MAX || nparams == ROUTE_MAX_PARAMS)
				return 0;
			memcpy(out->params[nparams], s, slen);
			out->params[nparams][slen] = '\0';
			nparams++;
		} else if (plen != slen || memcmp(p, s, plen) != 0) {
			return 0;
		}
		p += plen;
		s += slen;
	}
	if (*p || *s)
		return 0;
	out->nparams = nparams;
	return 1;
}

enum router_result router_match(const struct route *table, size_t n, enum http_method method, const char *path,
				struct route_match *out)
{
	memset(out, 0, sizeof(*out));
	struct route_match scratch;
	for (size_t i = 0; i < n; i++) {
		memset(&scratch, 0, sizeof(scratch));
		if (!pattern_match(table[i].pattern, path, &scratch))
			continue;
		out->allowed |= (unsigned)table[i].method;
		if (table[i].method == method && !out->route) {
			unsigned allowed = out->allowed;
			*out = scratch;
			out->route = &table[i];
			out->allowed = allowed;
		}
	}
	if (out->route)
		return ROUTER_FOUND;
	return out->allowed ? ROUTER_METHOD_NOT_ALLOWED : ROUTER_NOT_FOUND;
}

void router_allow_header(unsigned methods, char *out, size_t size)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof(method_names) / sizeof(method_names[0]); i++) {
		if (!(methods & (unsigned)method_names[i].m))
			continue;
		int w = snprintf(out + used, size - used, "%s%s", used ? ", " : "", method_names[i].name);
		if (w < 0 || (size_t)w >= size - used)
			return;
		used += (size_t)w;
	}
	if (methods & HTTP_GET)
		snprintf(out + used, size - used, ", HEAD");
}
