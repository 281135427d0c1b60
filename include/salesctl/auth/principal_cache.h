/*
 * Who a token is, kept in process for a short time (SPEC issue "the request path": authentication without a query
 * per request). Keyed by the token's hash; an entry lives at most ttl_ms, and every entry goes at once when the
 * database says authentication changed somewhere (a token revoked, a user dismissed, a role or team changed: see
 * db/listen.h), so a revocation stops a token on every instance within the notification's delay, not the TTL's.
 * While that notice cannot be heard (the listening connection is down) the cache answers nothing.
 * Thread-safe; bounded (capacity entries, the oldest of a probe run replaced when full).
 */
#ifndef SALESCTL_AUTH_PRINCIPAL_CACHE_H
#define SALESCTL_AUTH_PRINCIPAL_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "salesctl/domain/roles.h"

struct principal_cache;

/* NULL when ttl_ms is 0 (no cache) or out of memory. */
struct principal_cache *principal_cache_new(size_t capacity, int ttl_ms);
void principal_cache_free(struct principal_cache *c);

/* The principal of token hash as cached less than ttl_ms ago, into who; false on a miss. *generation is set in every
 * case: give it to principal_cache_put, which then stores nothing if the cache was cleared meanwhile (the answer the
 * caller fetched may predate the change that cleared it). */
bool principal_cache_get(struct principal_cache *c, const char *hash, int64_t now_ms, struct principal *who,
			 uint64_t *generation);
void principal_cache_put(struct principal_cache *c, const char *hash, const struct principal *who, int64_t now_ms,
			 uint64_t generation);
/* Drops every entry (authentication changed). */
void principal_cache_clear(struct principal_cache *c);
/* Off: every get misses and put stores nothing (the change notices are not being heard); on again after a clear. */
void principal_cache_enable(struct principal_cache *c, bool on);

struct principal_cache_stats {
	unsigned long long hits, misses, clears;
};
void principal_cache_stats(struct principal_cache *c, struct principal_cache_stats *out);

#endif
