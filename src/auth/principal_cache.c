/* The principal cache (see auth/principal_cache.h): open addressing over a fixed table, one mutex. Lookups are a
 * hash, a short probe and a copy; the mutex is held for nothing else. */
#include "salesctl/auth/principal_cache.h"
#include "salesctl/auth/token.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define PROBE 8

struct entry {
	char hash[TOKEN_HASH_HEX];   /* "" when free */
	struct principal who;
	int64_t stored_ms;
};

struct principal_cache {
	pthread_mutex_t lock;
	struct entry *slots;
	size_t capacity;
	int ttl_ms;
	bool enabled;
	uint64_t generation;         /* counts clears */
	unsigned long long hits, misses, clears;
};

struct principal_cache *principal_cache_new(size_t capacity, int ttl_ms)
{
	if (ttl_ms <= 0 || capacity < PROBE)
		return NULL;
	struct principal_cache *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->slots = calloc(capacity, sizeof(*c->slots));
	if (!c->slots) {
		free(c);
		return NULL;
	}
	pthread_mutex_init(&c->lock, NULL);
	c->capacity = capacity;
	c->ttl_ms = ttl_ms;
	return c;
}

void principal_cache_free(struct principal_cache *c)
{
	if (!c)
		return;
	pthread_mutex_destroy(&c->lock);
	free(c->slots);
	free(c);
}

/* The hash is SHA-256 in hex: its first 16 digits are as good a table index as any. */
static size_t slot_of(const struct principal_cache *c, const char *hash)
{
	char head[17];
	memcpy(head, hash, 16);
	head[16] = '\0';
	return (size_t)(strtoull(head, NULL, 16) % c->capacity);
}

bool principal_cache_get(struct principal_cache *c, const char *hash, int64_t now_ms, struct principal *who,
			 uint64_t *generation)
{
	bool hit = false;
	pthread_mutex_lock(&c->lock);
	*generation = c->generation;
	if (c->enabled) {
		size_t s = slot_of(c, hash);
		for (int i = 0; i < PROBE; i++, s = (s + 1) % c->capacity) {
			struct entry *e = &c->slots[s];
			if (strcmp(e->hash, hash) == 0) {
				hit = now_ms - e->stored_ms < c->ttl_ms;
				if (hit)
					*who = e->who;
				break;
			}
		}
	}
	if (hit)
		c->hits++;
	else
		c->misses++;
	pthread_mutex_unlock(&c->lock);
	return hit;
}

void principal_cache_put(struct principal_cache *c, const char *hash, const struct principal *who, int64_t now_ms,
			 uint64_t generation)
{
	pthread_mutex_lock(&c->lock);
	if (c->enabled && generation == c->generation) {
		/* Its own slot, else a free or stale one, else the oldest of the probe run. */
		size_t s = slot_of(c, hash), pick = s;
		for (int i = 0; i < PROBE; i++, s = (s + 1) % c->capacity) {
			struct entry *e = &c->slots[s];
			if (strcmp(e->hash, hash) == 0 || !e->hash[0] || now_ms - e->stored_ms >= c->ttl_ms) {
				pick = s;
				break;
			}
			if (e->stored_ms < c->slots[pick].stored_ms)
				pick = s;
		}
		struct entry *e = &c->slots[pick];
		memcpy(e->hash, hash, sizeof(e->hash));
		e->hash[sizeof(e->hash) - 1] = '\0';
		e->who = *who;
		e->stored_ms = now_ms;
	}
	pthread_mutex_unlock(&c->lock);
}

void principal_cache_clear(struct principal_cache *c)
{
	pthread_mutex_lock(&c->lock);
	memset(c->slots, 0, c->capacity * sizeof(*c->slots));
	c->generation++;
	c->clears++;
	pthread_mutex_unlock(&c->lock);
}

void principal_cache_enable(struct principal_cache *c, bool on)
{
	pthread_mutex_lock(&c->lock);
	if (!on) {
		memset(c->slots, 0, c->capacity * sizeof(*c->slots));
		c->generation++;
	}
	c->enabled = on;
	pthread_mutex_unlock(&c->lock);
}

void principal_cache_stats(struct principal_cache *c, struct principal_cache_stats *out)
{
	pthread_mutex_lock(&c->lock);
	out->hits = c->hits;
	out->misses = c->misses;
	out->clears = c->clears;
	pthread_mutex_unlock(&c->lock);
}
