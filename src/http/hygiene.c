/*
 * Request hygiene: the checks every request passes on libmicrohttpd's first callback, before routing. libmicrohttpd
 * keeps each value with its length but hands the path to the access callback as a C string, and percent-decoding can
 * produce a NUL; hygiene_unescape therefore marks a decoded NUL as 0x01, a control byte that hygiene_check refuses
 * wherever it appears. A raw NUL inside a header line is out of reach: libmicrohttpd 0.9.75 parses header lines as C
 * strings and keeps only what precedes it (docs/RELIABILITY.md).
 */
#include "salesctl/http/hygiene.h"

#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

const char hygiene_too_many_parameters[] = "too many query parameters";

void *hygiene_uri_seen(void *cls, const char *uri, struct MHD_Connection *c)
{
	(void)cls;
	(void)c;
	const char *query = strchr(uri, '?');
	if (!query)
		return NULL;
	size_t params = 1;
	for (const char *p = query + 1; *p; p++)
		params += *p == '&';
	if (params <= HYGIENE_MAX_QUERY_PARAMS)
		return NULL;
	/* The target lives in libmicrohttpd's writable read buffer (it is only declared const here); an empty query
	 * is parsed into no parameters whether libmicrohttpd found the '?' before this call or looks for it after. */
	((char *)query)[1] = '\0';
	return (void *)hygiene_too_many_parameters;
}

size_t hygiene_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	size_t n = MHD_http_unescape(s);
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\0')
			s[i] = '\x01';
	return n;
}

bool utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	while (p < end) {
		unsigned c = *p;
		size_t len;
		unsigned min;
		if (c < 0x80) {
			p++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			len = 2, min = 0x80;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3, min = 0x800;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4, min = 0x10000;
		} else {
			return false;
		}
		if ((size_t)(end - p) < len)
			return false;
		unsigned cp = c & (0x7F >> len);
		for (size_t i = 1; i < len; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		p += len;
	}
	return true;
}

bool has_control_byte(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
			return true;
	return false;
}

bool media_type_is(const char *content_type, const char *type)
{
	size_t n = strcspn(content_type, ";");
	while (n && (content_type[n - 1] == ' ' || content_type[n - 1] == '\t'))
		n--;
	while (n && (*content_type == ' ' || *content_type == '\t'))
		content_type++, n--;
	return n == strlen(type) && strncasecmp(content_type, type, n) == 0;
}

/* Headers that decide who calls and what a write means: a second copy is refused, not silently ignored. */
static const char *const single_headers[] = {"Authorization", "Idempotency-Key", "If-Match"};
#define SINGLE_HEADERS (sizeof(single_headers) / sizeof(single_headers[0]))

struct walk {
	unsigned seen[SINGLE_HEADERS];
	enum problem why;
	const char *reason, *header;
	bool bad;
};

static enum MHD_Result refuse(struct walk *w, enum problem why, const char *reason, const char *header)
{
	w->bad = true;
	w->why = why;
	w->reason = reason;
	w->header = header;
	return MHD_NO;
}

static enum MHD_Result header_visit(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
				    const char *value, size_t value_size)
{
	(void)kind;
	(void)key_size;
	(void)value;
	(void)value_size;
	struct walk *w = cls;
	for (size_t i = 0; i < SINGLE_HEADERS; i++)
		if (strcasecmp(key, single_headers[i]) == 0 && ++w->seen[i] > 1)
			return refuse(w, PROBLEM_BAD_REQUEST, "the %s header is sent more than once", single_headers[i]);
	return MHD_YES;
}

static enum MHD_Result query_visit(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
				   const char *value, size_t value_size)
{
	(void)kind;
	struct walk *w = cls;
	if (value == NULL)
		value_size = 0;
	if (has_control_byte(key, key_size) || has_control_byte(value ? value : "", value_size))
		return refuse(w, PROBLEM_BAD_REQUEST, "a query parameter holds a NUL or control byte", NULL);
	if (!utf8_valid(key, key_size) || !utf8_valid(value ? value : "", value_size))
		return refuse(w, PROBLEM_INVALID_UTF8, "query parameter names and values must be UTF-8", NULL);
	return MHD_YES;
}

bool hygiene_check(struct MHD_Connection *c, const char *path, enum problem *why, const char **reason,
		   const char **header)
{
	struct walk w = {0};
	size_t n = strlen(path);
	if (has_control_byte(path, n))
		refuse(&w, PROBLEM_BAD_REQUEST, "the path holds a NUL or control byte", NULL);
	else if (!utf8_valid(path, n))
		refuse(&w, PROBLEM_INVALID_UTF8, "the path must be UTF-8", NULL);
	if (!w.bad)
		MHD_get_connection_values_n(c, MHD_HEADER_KIND, header_visit, &w);
	if (!w.bad)
		MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, query_visit, &w);
	*why = w.why;
	*reason = w.reason;
	*header = w.header;
	return !w.bad;
}
