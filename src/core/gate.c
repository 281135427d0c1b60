/* The counting gate: a mutex, a condition variable on the monotonic clock, and the number of free slots. */
#include "salesctl/core/gate.h"
#include "salesctl/core/clock.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

struct gate {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	int free_slots;
};

struct gate *gate_new(int slots)
{
	struct gate *g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	pthread_mutex_init(&g->lock, NULL);
	cond_init_monotonic(&g->freed);
	g->free_slots = slots;
	return g;
}

void gate_free(struct gate *g)
{
	if (!g)
		return;
	pthread_mutex_destroy(&g->lock);
	pthread_cond_destroy(&g->freed);
	free(g);
}

bool gate_enter(struct gate *g, int timeout_ms)
{
	struct timespec deadline = monotonic_after_ms(timeout_ms);
	pthread_mutex_lock(&g->lock);
	while (g->free_slots == 0) {
		if (pthread_cond_timedwait(&g->freed, &g->lock, &deadline) != 0 && g->free_slots == 0) {
			pthread_mutex_unlock(&g->lock);
			return false;
		}
	}
	g->free_slots--;
	pthread_mutex_unlock(&g->lock);
	return true;
}

void gate_leave(struct gate *g)
{
	pthread_mutex_lock(&g->lock);
	g->free_slots++;
	pthread_cond_signal(&g->freed);
	pthread_mutex_unlock(&g->lock);
}
