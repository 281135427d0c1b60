/*
 * A small in-process cache of rendered documents under string keys, bounded by total bytes and evicting the least
 * recently used. Thread-safe. The caller builds keys that change whenever the document would (salesctl puts the
 * database's plan_versions.version in them), so entries are never invalidated, only displaced.
 */
#ifndef SALESCTL_CORE_DOC_CACHE_H
#define SALESCTL_CORE_DOC_CACHE_H

#include <stdbool.h>
#include <stddef.h>

struct doc_cache;

/* NULL when out of memory. */
struct doc_cache *doc_cache_new(size_t max_bytes);
void doc_cache_free(struct doc_cache *cache);

/* A copy of the document stored under key (new: the caller frees it), or NULL. */
char *doc_cache_get(struct doc_cache *cache, const char *key, size_t *len);
/* The same without counting a hit or a miss: for a document kept beside another (its compressed form), whose
 * lookups are already counted. */
char *doc_cache_find(struct doc_cache *cache, const char *key, size_t *len);
/* doc_cache_get, and on a miss: when another caller is computing key, waits up to wait_ms for its document; otherwise
 * (or when the wait runs out) marks key as being computed by this caller (*claimed = true), who must then call
 * doc_cache_put or doc_cache_abandon so that the waiters go on. before_wait (may be NULL) is called with ctx, without
 * the cache's lock, just before the caller would wait: to let go of what it should not hold meanwhile. */
char *doc_cache_get_or_claim(struct doc_cache *cache, const char *key, size_t *len, int wait_ms, bool *claimed,
			     void (*before_wait)(void *ctx), void *ctx);
/* Gives up a claim: the waiters for key stop waiting and compute it themselves. */
void doc_cache_abandon(struct doc_cache *cache, const char *key);
/* Stores a copy of doc under key (replacing an entry with that key), evicting the least recently used documents
 * until the total fits; a document larger than the whole cache is not stored. Settles a claim on key.
 * A document of a scope (an organisation) computed from its data at version: the scope's entries of lower versions
 * are dropped first, since keys that hold the version are never asked for again once it has moved on (a busy
 * organisation's writes otherwise fill the cache with dead answers), and a document older than one already stored for
 * its scope is not stored. A NULL scope is unversioned. */
void doc_cache_put(struct doc_cache *cache, const char *key, const char *scope, long long version, const char *doc,
		   size_t len);

struct doc_cache_stats {
	unsigned long long hits, misses, entries, bytes;
};
void doc_cache_stats(struct doc_cache *cache, struct doc_cache_stats *out);

#endif
