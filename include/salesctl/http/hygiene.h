/*
 * What a request must be before anything reads it. Values are read with their lengths, so a NUL byte can never cut
 * one short: no NUL or other control byte in the path or in a query parameter's name or value, query strings in
 * UTF-8, and Authorization, Idempotency-Key and If-Match at most once each (a proxy that reads
 * the last of two would disagree with us about the caller). And the one media type test of request bodies.
 */
#ifndef SALESCTL_HTTP_HYGIENE_H
#define SALESCTL_HTTP_HYGIENE_H

#include <stdbool.h>
#include <stddef.h>

#include "salesctl/http/problem.h"

struct MHD_Connection;

/* More query parameters than any route takes: such a request is answered 414 before libmicrohttpd stores them. */
#define HYGIENE_MAX_QUERY_PARAMS 64

/* What hygiene_uri_seen returns for a request with too many query parameters (compare, never dereference). */
extern const char hygiene_too_many_parameters[];

/* libmicrohttpd's MHD_OPTION_URI_LOG_CALLBACK, called with the raw request target before its query is parsed.
 * libmicrohttpd stores each query parameter in the connection's 32 KiB memory pool, and when the pool runs out
 * during the request line it answers nothing and holds the connection until the timeout (some 500 parameters in
 * 3 KB of URL did it). So a query of more than HYGIENE_MAX_QUERY_PARAMS parameters is cut off here, in libmicrohttpd's
 * own buffer, before it is parsed, and hygiene_too_many_parameters is returned as the request's first context: the
 * access callback answers 414. Otherwise returns NULL. */
void *hygiene_uri_seen(void *cls, const char *uri, struct MHD_Connection *c);

/* libmicrohttpd's MHD_OPTION_UNESCAPE_CALLBACK: percent-decodes s in place like MHD_http_unescape, but turns a
 * decoded NUL into a 0x01 byte, so that the value keeps its length and hygiene_check refuses it. */
size_t hygiene_unescape(void *cls, struct MHD_Connection *c, char *s);

/* Checks the request line's path (already decoded) and the connection's headers and query parameters. Returns true
 * when they are acceptable; otherwise sets *why and the client-facing *reason (static English, a format taking
 * *header when that is not NULL; http/i18n.c has its Russian). */
bool hygiene_check(struct MHD_Connection *c, const char *path, enum problem *why, const char **reason,
		   const char **header);

/* Whether s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF). */
bool utf8_valid(const char *s, size_t n);
/* Whether s[0..n) holds a C0 control byte or DEL. */
bool has_control_byte(const char *s, size_t n);
/* Whether a Content-Type header value is media type `type` (case-insensitive), parameters such as charset aside. */
bool media_type_is(const char *content_type, const char *type);

#endif
