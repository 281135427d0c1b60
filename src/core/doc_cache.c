/*
 * The document cache: a doubly linked list in recency order (head = most recent) under one mutex, indexed by a hash
 * of the key. It once held a few dozen documents and lookups walked the list; since KPI series are kept here too (one
 * per manager, range and minute) it holds hundreds, and the walk's strcmp over keys that share their organisation's
 * prefix was 7 % of a KPI request's CPU. Copies go in and out, so no caller ever holds memory the cache frees.
 * Keys being computed are kept in a short pending list, so that a burst of requests for one missing document
 * computes it once while the others wait for it.
 */
#include "salesctl/core/doc_cache.h"
#include "salesctl/core/block_pool.h"
#include "salesctl/core/clock.h"
#include "salesctl/core/hash.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	struct entry *prev, *next;
	struct entry *hnext;   /* the next entry of its bucket */
	uint64_t hash;         /* of key */
	char *key;
	char *scope;         /* NULL: unversioned */
	long long version;
	char *doc;
	size_t len;
};

/* A key some caller is computing now (doc_cache_get_or_claim). */
struct pending {
	struct pending *next;
	char *key;
};

/* Buckets of the key index: chains stay short for a few thousand documents. */
#define DOC_CACHE_BUCKETS 1024

struct doc_cache {
	pthread_mutex_t lock;
	pthread_cond_t settled;   /* a pending key was put or abandoned */
	struct pending *pending;
	struct entry *head, *tail;
	struct entry *buckets[DOC_CACHE_BUCKETS];
	size_t max_bytes, bytes, entries;
	unsigned long long hits, misses;
};

struct doc_cache *doc_cache_new(size_t max_bytes)
{
	struct doc_cache *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	pthread_mutex_init(&c->lock, NULL);
	cond_init_monotonic(&c->settled);
	c->max_bytes = max_bytes;
	return c;
}

static void entry_free(struct entry *e)
{
	free(e->key);
	free(e->scope);
	free(e->doc);
	free(e);
}

void doc_cache_free(struct doc_cache *c)
{
	if (!c)
		return;
	for (struct entry *e = c->head, *next; e; e = next) {
		next = e->next;
		entry_free(e);
	}
	for (struct pending *p = c->pending, *next; p; p = next) {
		next = p->next;
		free(p->key);
		free(p);
	}
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->settled);
	free(c);
}

static void unlink_entry(struct doc_cache *c, struct entry *e)
{
	if (e->prev)
		e->prev->next = e->next;
	else
		c->head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		c->tail = e->prev;
	e->prev = e->next = NULL;
}

static void push_front(struct doc_cache *c, struct entry *e)
{
	e->next = c->head;
	if (c->head)
		c->head->prev = e;
	c->head = e;
	if (!c->tail)
		c->tail = e;
}

static struct entry *find(struct doc_cache *c, const char *key)
{
	uint64_t h = hash_string(key);
	for (struct entry *e = c->buckets[h % DOC_CACHE_BUCKETS]; e; e = e->hnext)
		if (e->hash == h && strcmp(e->key, key) == 0)
			return e;
	return NULL;
}

static void index_add(struct doc_cache *c, struct entry *e)
{
	e->hash = hash_string(e->key);
	struct entry **bucket = &c->buckets[e->hash % DOC_CACHE_BUCKETS];
	e->hnext = *bucket;
	*bucket = e;
}

static void index_remove(struct doc_cache *c, struct entry *e)
{
	struct entry **p = &c->buckets[e->hash % DOC_CACHE_BUCKETS];
	while (*p != e)
		p = &(*p)->hnext;
	*p = e->hnext;
}

static void drop(struct doc_cache *c, struct entry *e)
{
	index_remove(c, e);
	unlink_entry(c, e);
	c->bytes -= e->len;
	c->entries--;
	entry_free(e);
}

/* A copy of key's document, or NULL; called with the lock held. */
static char *lookup(struct doc_cache *c, const char *key, size_t *len)
{
	struct entry *e = find(c, key);
	if (!e)
		return NULL;
	unlink_entry(c, e);
	push_front(c, e);
	char *copy = block_alloc(e->len + 1);
	if (copy) {
		memcpy(copy, e->doc, e->len + 1);
		*len = e->len;
	}
	return copy;
}

static struct pending **pending_find(struct doc_cache *c, const char *key)
{
	struct pending **p = &c->pending;
	while (*p && strcmp((*p)->key, key) != 0)
		p = &(*p)->next;
	return p;
}

/* Clears key's pending mark, if any, and wakes its waiters; called with the lock held. */
static void settle(struct doc_cache *c, const char *key)
{
	struct pending **p = pending_find(c, key);
	if (!*p)
		return;
	struct pending *done = *p;
	*p = done->next;
	free(done->key);
	free(done);
	pthread_cond_broadcast(&c->settled);
}

char *doc_cache_get(struct doc_cache *c, const char *key, size_t *len)
{
	pthread_mutex_lock(&c->lock);
	char *copy = lookup(c, key, len);
	if (copy)
		c->hits++;
	else
		c->misses++;
	pthread_mutex_unlock(&c->lock);
	return copy;
}

char *doc_cache_find(struct doc_cache *c, const char *key, size_t *len)
{
	pthread_mutex_lock(&c->lock);
	char *copy = lookup(c, key, len);
	pthread_mutex_unlock(&c->lock);
	return copy;
}

char *doc_cache_get_or_claim(struct doc_cache *c, const char *key, size_t *len, int wait_ms, bool *claimed,
			     void (*before_wait)(void *ctx), void *ctx)
{
	struct timespec deadline = monotonic_after_ms(wait_ms);
	*claimed = false;
	pthread_mutex_lock(&c->lock);
	char *copy = lookup(c, key, len);
	if (!copy && *pending_find(c, key) && before_wait) {
		pthread_mutex_unlock(&c->lock);
		before_wait(ctx);
		pthread_mutex_lock(&c->lock);
		copy = lookup(c, key, len);
	}
	while (!copy && *pending_find(c, key)) {
		if (pthread_cond_timedwait(&c->settled, &c->lock, &deadline) != 0)
			break;
		copy = lookup(c, key, len);
	}
	if (copy) {
		c->hits++;
	} else {
		c->misses++;
		struct pending *p = *pending_find(c, key) ? NULL : calloc(1, sizeof(*p));
		if (p && (p->key = strdup(key)) != NULL) {
			p->next = c->pending;
			c->pending = p;
			*claimed = true;
		} else {
			free(p);
		}
	}
	pthread_mutex_unlock(&c->lock);
	return copy;
}

void doc_cache_abandon(struct doc_cache *c, const char *key)
{
	pthread_mutex_lock(&c->lock);
	settle(c, key);
	pthread_mutex_unlock(&c->lock);
}

/* Whether a document of scope at version is older than one stored for the scope, after dropping the entries older
 * than it; called with the lock held. */
static bool retire_older(struct doc_cache *c, const char *scope, long long version)
{
	bool stale = false;
	for (struct entry *e = c->head, *next; e; e = next) {
		next = e->next;
		if (!e->scope || strcmp(e->scope, scope) != 0)
			continue;
		if (e->version < version)
			drop(c, e);
		else if (e->version > version)
			stale = true;
	}
	return stale;
}

void doc_cache_put(struct doc_cache *c, const char *key, const char *scope, long long version, const char *doc,
		   size_t len)
{
	struct entry *fresh = len <= c->max_bytes ? calloc(1, sizeof(*fresh)) : NULL;
	if (fresh) {
		fresh->key = strdup(key);
		fresh->scope = scope ? strdup(scope) : NULL;
		fresh->version = version;
		fresh->doc = malloc(len + 1);
	}
	if (!fresh || !fresh->key || (scope && !fresh->scope) || !fresh->doc) {
		if (fresh)
			entry_free(fresh);
		doc_cache_abandon(c, key);
		return;
	}
	memcpy(fresh->doc, doc, len);
	fresh->doc[len] = '\0';
	fresh->len = len;
	pthread_mutex_lock(&c->lock);
	if (scope && retire_older(c, scope, version)) {
		settle(c, key);
		pthread_mutex_unlock(&c->lock);
		entry_free(fresh);
		return;
	}
	struct entry *old = find(c, key);
	if (old)
		drop(c, old);
	while (c->tail && c->bytes + len > c->max_bytes)
		drop(c, c->tail);
	push_front(c, fresh);
	index_add(c, fresh);
	c->bytes += len;
	c->entries++;
	settle(c, key);
	pthread_mutex_unlock(&c->lock);
}

void doc_cache_stats(struct doc_cache *c, struct doc_cache_stats *out)
{
	pthread_mutex_lock(&c->lock);
	out->hits = c->hits;
	out->misses = c->misses;
	out->entries = c->entries;
	out->bytes = c->bytes;
	pthread_mutex_unlock(&c->lock);
}
