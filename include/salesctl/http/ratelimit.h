/* Per-token rate limiting: a token bucket per key (the bearer token's hash), refilled at `rate` requests a second
 * up to `burst`. In-process: with N instances behind a balancer a token gets up to N times the rate
 * (docs/RELIABILITY.md). */
#ifndef SALESCTL_HTTP_RATELIMIT_H
#define SALESCTL_HTTP_RATELIMIT_H

#include <stdbool.h>

struct rate_limiter;

/* rate <= 0 disables limiting (rate_limiter_take always allows). */
struct rate_limiter *rate_limiter_new(double rate, double burst);
void rate_limiter_free(struct rate_limiter *rl);
/* Takes one request for key at time now (seconds, monotonic). When refused, *retry_after is the seconds until a
 * request would be allowed. Thread-safe. */
bool rate_limiter_take(struct rate_limiter *rl, const char *key, double now, double *retry_after);

#endif
