/* The counting gate: a mutex, a condition variable on the monotonic clock, and the number of free slots. */
#include "salesctl/core/gate.h"

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
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g->freed, &ca);
	pthread_condattr_destroy(&ca);
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
	struct timespec deadline;
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += timeout_ms / 1000;
	deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
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
