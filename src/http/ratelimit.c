/*
 * Token buckets in a fixed table of slots (no allocation per request), striped locks. A key hashes to one slot; a
 * different key arriving in an occupied slot takes it over with a full bucket, so the table stays bounded at the cost
 * of occasionally forgetting a bucket under many keys.
 */
#include "salesctl/http/ratelimit.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 8192
#define STRIPES 64
#define KEY_LEN 32

struct bucket {
	char key[KEY_LEN + 1];
	double tokens;
	double last;
};

struct rate_limiter {
	double rate, burst;
	pthread_mutex_t locks[STRIPES];
	struct bucket slots[SLOTS];
};

struct rate_limiter *rate_limiter_new(double rate, double burst)
{
	struct rate_limiter *rl = calloc(1, sizeof(*rl));
	if (!rl)
		return NULL;
	rl->rate = rate;
	rl->burst = burst < 1 ? 1 : burst;
	for (int i = 0; i < STRIPES; i++)
		pthread_mutex_init(&rl->locks[i], NULL);
	return rl;
}

void rate_limiter_free(struct rate_limiter *rl)
{
	if (!rl)
		return;
	for (int i = 0; i < STRIPES; i++)
		pthread_mutex_destroy(&rl->locks[i]);
	free(rl);
}

static unsigned long key_hash(const char *key)
{
	unsigned long h = 5381;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = h * 33 + *p;
	return h;
}

bool rate_limiter_take(struct rate_limiter *rl, const char *key, double now, double *retry_after)
{
	*retry_after = 0;
	if (!rl || rl->rate <= 0)
		return true;
	unsigned long h = key_hash(key);
	struct bucket *b = &rl->slots[h % SLOTS];
	pthread_mutex_t *lock = &rl->locks[h % STRIPES];
	pthread_mutex_lock(lock);
	if (strncmp(b->key, key, KEY_LEN) != 0) {
		strncpy(b->key, key, KEY_LEN);
		b->key[KEY_LEN] = '\0';
		b->tokens = rl->burst;
		b->last = now;
	}
	b->tokens += (now - b->last) * rl->rate;
	if (b->tokens > rl->burst)
		b->tokens = rl->burst;
	b->last = now;
	bool allowed = b->tokens >= 1;
	if (allowed)
		b->tokens -= 1;
	else
		*retry_after = (1 - b->tokens) / rl->rate;
	pthread_mutex_unlock(lock);
	return allowed;
}
