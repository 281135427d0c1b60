/* If-Match parsing, kept pure so that it is unit-tested and fuzzed without a server. */
#include "salesctl/http/conditional.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *if_match_versions(const char *header, char *buf, size_t size)
{
	size_t used = 0;
	if (size < 3)
		return NULL;
	buf[used++] = '{';
	for (const char *p = header; *p;) {
		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		if (!*p)
			break;
		const char *end = p;
		while (*end && *end != ',')
			end++;
		const char *last = end;
		while (last > p && (last[-1] == ' ' || last[-1] == '\t'))
			last--;
		if (last - p == 1 && *p == '*')
			return NULL;
		/* "<version>", or "<version>-<suffix>" for a representation that also carries something computed (a
		 * scheduled one-on-one's agenda): the version is what If-Match compares. */
		size_t len = (size_t)(last - p), digits = 0;
		while (len >= 3 && digits + 2 < len && p[1 + digits] >= '0' && p[1 + digits] <= '9')
			digits++;
		bool tagged = len >= 3 && p[0] == '"' && last[-1] == '"' && digits >= 1 && digits <= 9 &&
			      (digits + 2 == len || p[1 + digits] == '-');
		if (tagged && used + digits + 2 < size) {
			if (used > 1)
				buf[used++] = ',';
			memcpy(buf + used, p + 1, digits);
			used += digits;
		}
		p = end;
	}
	buf[used++] = '}';
	buf[used] = '\0';
	return buf;
}

/* The next comma-separated item of *p, trimmed; false at the end. */
static bool next_item(const char **p, const char **item, size_t *len)
{
	while (**p == ' ' || **p == ',' || **p == '\t')
		(*p)++;
	if (!**p)
		return false;
	const char *end = *p;
	while (*end && *end != ',')
		end++;
	const char *last = end;
	while (last > *p && (last[-1] == ' ' || last[-1] == '\t'))
		last--;
	*item = *p;
	*len = (size_t)(last - *p);
	*p = end;
	return true;
}

bool if_none_match_hits(const char *header, const char *etag)
{
	if (!header || !etag || !*etag)
		return false;
	const char *e = strncmp(etag, "W/", 2) == 0 ? etag + 2 : etag;
	size_t elen = strlen(e);
	const char *item;
	size_t len;
	for (const char *p = header; next_item(&p, &item, &len);) {
		if (len == 1 && *item == '*')
			return true;
		if (len > 2 && strncmp(item, "W/", 2) == 0)
			item += 2, len -= 2;
		if (len == elen && memcmp(item, e, len) == 0)
			return true;
	}
	return false;
}

bool accepts_gzip(const char *header)
{
	const char *item;
	size_t len;
	bool star = false;
	for (const char *p = header ? header : ""; next_item(&p, &item, &len);) {
		size_t name = strcspn(item, ";");
		if (name > len)
			name = len;
		while (name && (item[name - 1] == ' ' || item[name - 1] == '\t'))
			name--;
		/* q=0 (and 0.0, 0.00...) refuses; any other q accepts. */
		const char *q = memchr(item, ';', len);
		bool refused = false;
		if (q) {
			const char *v = strstr(q, "q=");
			if (v && v < item + len) {
				char *end;
				refused = strtod(v + 2, &end) == 0.0;
			}
		}
		if (name == 4 && strncasecmp(item, "gzip", 4) == 0)
			return !refused;
		if (name == 1 && *item == '*')
			star = !refused;
	}
	return star;
}
