/*
 * A small in-process cache of rendered documents under string keys, bounded by total bytes and evicting the least
 * recently used. Thread-safe. The caller builds keys that change whenever the document would (salesctl puts the
 * database's plan_versions.version in them), so entries are never invalidated, only displaced.
 */
#ifndef SALESCTL_CORE_DOC_CACHE_H
#define SALESCTL_CORE_DOC_CACHE_H

#include <stddef.h>

struct doc_cache;

/* NULL when out of memory. */
struct doc_cache *doc_cache_new(size_t max_bytes);
void doc_cache_free(struct doc_cache *cache);

/* A copy of the document stored under key (new: the caller frees it), or NULL. */
char *doc_cache_get(struct doc_cache *cache, const char *key, size_t *len);
/* Stores a copy of doc under key (replacing an entry with that key), evicting the least recently used documents
 * until the total fits; a document larger than the whole cache is not stored. */
void doc_cache_put(struct doc_cache *cache, const char *key, const char *doc, size_t len);

struct doc_cache_stats {
	unsigned long long hits, misses, entries, bytes;
};
void doc_cache_stats(struct doc_cache *cache, struct doc_cache_stats *out);

#endif
