/* Conditional requests: ETags are a resource's version as a strong tag ("3"); If-Match is parsed into the list of
 * versions it accepts. */
#ifndef SALESCTL_HTTP_CONDITIONAL_H
#define SALESCTL_HTTP_CONDITIONAL_H

#include <stddef.h>

/*
 * Turns an If-Match header value into a PostgreSQL int[] literal of the versions it names ("{3,4}"), writing into
 * buf. Returns NULL for "*" (any version matches) and "{}" when no listed tag can match (weak or malformed tags:
 * If-Match uses the strong comparison, RFC 9110 §13.1.1).
 */
const char *if_match_versions(const char *header, char *buf, size_t size);

#endif
