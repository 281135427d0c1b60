/* Conditional requests and content negotiation: ETags are a resource's version as a strong tag ("3") or, for
 * computed answers (plan status, KPIs), a digest of the answer; If-Match is parsed into the versions it accepts,
 * If-None-Match compared with a reply's tag, Accept-Encoding asked whether gzip is welcome. */
#ifndef SALESCTL_HTTP_CONDITIONAL_H
#define SALESCTL_HTTP_CONDITIONAL_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Turns an If-Match header value into a PostgreSQL int[] literal of the versions it names ("{3,4}"), writing into
 * buf; a tag "3-<suffix>" names version 3 (the suffix tells representations of one version apart). Returns NULL for "*" (any version matches) and "{}" when no listed tag can match (weak or malformed tags:
 * If-Match uses the strong comparison, RFC 9110 §13.1.1).
 */
const char *if_match_versions(const char *header, char *buf, size_t size);

/* Whether an If-None-Match header value names etag (a full tag with its quotes, e.g. "\"3\""): "*", or any listed
 * tag equal to it by the weak comparison (W/ prefixes aside, RFC 9110 §13.1.2), the one GET uses. */
bool if_none_match_hits(const char *header, const char *etag);
/* Whether an Accept-Encoding header value accepts gzip (listed, or via "*", without q=0). */
bool accepts_gzip(const char *header);

#endif
