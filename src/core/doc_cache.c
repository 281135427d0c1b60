/*
 * The document cache: a doubly linked list in recency order (head = most recent) under one mutex. Lookups walk the
 * list; it holds a few dozen documents at most (one per organisation, viewer scope and quarter hour), so a walk
 * costs less than the hash it would replace. Copies go in and out, so no caller ever holds memory the cache frees.
 */
#include "salesctl/core/doc_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	struct entry *prev, *next;
	char *key;
	char *doc;
	size_t len;
};

struct doc_cache {
	pthread_mutex_t lock;
	struct entry *head, *tail;
	size_t max_bytes, bytes, entries;
	unsigned long long hits, misses;
};

struct doc_cache *doc_cache_new(size_t max_bytes)
{
	struct doc_cache *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	pthread_mutex_init(&c->lock, NULL);
	c->max_bytes = max_bytes;
	return c;
}

static void entry_free(struct entry *e)
{
	free(e->key);
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
	pthread_mutex_destroy(&c->lock);
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
	for (struct entry *e = c->head; e; e = e->next)
		if (strcmp(e->key, key) == 0)
			return e;
	return NULL;
}

static void drop(struct doc_cache *c, struct entry *e)
{
	unlink_entry(c, e);
	c->bytes -= e->len;
	c->entries--;
	entry_free(e);
}

char *doc_cache_get(struct doc_cache *c, const char *key, size_t *len)
{
	char *copy = NULL;
	pthread_mutex_lock(&c->lock);
	struct entry *e = find(c, key);
	if (e) {
		unlink_entry(c, e);
		push_front(c, e);
		copy = malloc(e->len + 1);
		if (copy) {
			memcpy(copy, e->doc, e->len + 1);
			*len = e->len;
		}
	}
	if (copy)
		c->hits++;
	else
		c->misses++;
	pthread_mutex_unlock(&c->lock);
	return copy;
}

void doc_cache_put(struct doc_cache *c, const char *key, const char *doc, size_t len)
{
	if (len > c->max_bytes)
		return;
	struct entry *fresh = calloc(1, sizeof(*fresh));
	if (!fresh)
		return;
	fresh->key = strdup(key);
	fresh->doc = malloc(len + 1);
	if (!fresh->key || !fresh->doc) {
		entry_free(fresh);
		return;
	}
	memcpy(fresh->doc, doc, len);
	fresh->doc[len] = '\0';
	fresh->len = len;
	pthread_mutex_lock(&c->lock);
	struct entry *old = find(c, key);
	if (old)
		drop(c, old);
	while (c->tail && c->bytes + len > c->max_bytes)
		drop(c, c->tail);
	push_front(c, fresh);
	c->bytes += len;
	c->entries++;
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
