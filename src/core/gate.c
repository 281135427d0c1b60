/*
 * The counting gate: a mutex, the number of free slots and a queue of waiters, each on its own condition variable
 * (monotonic clock). A freed slot goes to the oldest waiter directly, so waiters are let in in the order they came
 * and a request arriving later cannot take a slot ahead of them: every bulk request waits about as long as the
 * others, and the tail of the wait is no longer than its median (with a shared condition variable and barging, some
 * waited many times longer than the rest).
 */
#include "salesctl/core/gate.h"
#include "salesctl/core/clock.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

struct gate_waiter {
	pthread_cond_t granted_cond;
	bool granted;
	struct gate_waiter *next;
};

struct gate {
	pthread_mutex_t lock;
	int free_slots;
	int nwaiting;
	struct gate_waiter *head, *tail;   /* the waiters, oldest first */
};

struct gate *gate_new(int slots)
{
	struct gate *g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	pthread_mutex_init(&g->lock, NULL);
	g->free_slots = slots;
	return g;
}

void gate_free(struct gate *g)
{
	if (!g)
		return;
	pthread_mutex_destroy(&g->lock);
	free(g);
}

/* Takes w out of the queue; the caller holds the lock. */
static void queue_remove(struct gate *g, struct gate_waiter *w)
{
	struct gate_waiter *prev = NULL;
	for (struct gate_waiter *it = g->head; it; prev = it, it = it->next) {
		if (it != w)
			continue;
		if (prev)
			prev->next = it->next;
		else
			g->head = it->next;
		if (g->tail == it)
			g->tail = prev;
		return;
	}
}

bool gate_enter(struct gate *g, int timeout_ms)
{
	struct timespec deadline = monotonic_after_ms(timeout_ms);
	pthread_mutex_lock(&g->lock);
	if (g->free_slots > 0 && !g->head) {
		g->free_slots--;
		pthread_mutex_unlock(&g->lock);
		return true;
	}
	struct gate_waiter w = {.granted = false, .next = NULL};
	cond_init_monotonic(&w.granted_cond);
	if (g->tail)
		g->tail->next = &w;
	else
		g->head = &w;
	g->tail = &w;
	g->nwaiting++;
	while (!w.granted) {
		if (pthread_cond_timedwait(&w.granted_cond, &g->lock, &deadline) != 0 && !w.granted) {
			queue_remove(g, &w);
			break;
		}
	}
	bool entered = w.granted;
	g->nwaiting--;
	pthread_mutex_unlock(&g->lock);
	pthread_cond_destroy(&w.granted_cond);
	return entered;
}

void gate_leave(struct gate *g)
{
	pthread_mutex_lock(&g->lock);
	struct gate_waiter *w = g->head;
	if (w) {
		/* The slot passes to the oldest waiter without becoming free: nobody can take it in between. */
		g->head = w->next;
		if (!g->head)
			g->tail = NULL;
		w->granted = true;
		pthread_cond_signal(&w->granted_cond);
	} else {
		g->free_slots++;
	}
	pthread_mutex_unlock(&g->lock);
}

int gate_waiters(struct gate *g)
{
	pthread_mutex_lock(&g->lock);
	int n = g->nwaiting;
	pthread_mutex_unlock(&g->lock);
	return n;
}
