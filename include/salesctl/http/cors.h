/*
 * Cross-origin access for browser front ends (SPEC §6.1). SALESCTL_CORS_ORIGINS is an allow-list of exact origins;
 * a request whose Origin is on it gets Access-Control-Allow-Origin with that origin and the headers a front end must
 * read (ETag for If-Match, X-Request-Id, Retry-After, Location) on every reply, errors included, and a preflight
 * (OPTIONS) gets the route's methods and the request headers the API reads. A request from any other origin gets no
 * CORS header at all, so the browser keeps the answer from that page. Bearer tokens only: no credentials mode, no
 * cookies. Every reply says `Vary: Origin` while an allow-list is set, so caches keep the answers apart.
 */
#ifndef SALESCTL_HTTP_CORS_H
#define SALESCTL_HTTP_CORS_H

#include <stdbool.h>
#include <stddef.h>

#define CORS_MAX_ORIGINS 32
#define CORS_ORIGIN_MAX 256

/* Request headers a preflight allows: every header the API reads. */
#define CORS_ALLOWED_HEADERS \
	"Authorization, Content-Type, Idempotency-Key, If-Match, If-None-Match, Accept, Accept-Language, X-Request-Id"
/* Reply headers a page may read. */
#define CORS_EXPOSED_HEADERS \
	"ETag, X-Request-Id, Retry-After, Location, Idempotent-Replayed, Content-Language, Content-Disposition"
#define CORS_MAX_AGE_S "600"

struct cors_origins {
	size_t n;
	char items[CORS_MAX_ORIGINS][CORS_ORIGIN_MAX];
};

/* Parses a comma-separated list of origins ("scheme://host[:port]", http or https, nothing after the authority).
 * Returns 0, or -1 with the first bad entry copied into bad. */
int cors_origins_parse(const char *csv, struct cors_origins *out, char *bad, size_t cap);
/* Whether origin (the request's Origin header, may be NULL) is on the list, compared exactly. */
bool cors_origin_allowed(const struct cors_origins *list, const char *origin);

#endif
