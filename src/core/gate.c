/*
 * The counting gate: a mutex, the number of free slots and one line of waiters, oldest first. A waiter either
 * blocks on its own condition variable (monotonic clock) or is a ticket with a callback. A freed slot goes to the
 * oldest waiter directly, so waiters are let in in the order they came and a request arriving later cannot take a
 * slot ahead of them: every bulk request waits about as long as the others, and the tail of the wait is no longer
 * than its median (with a shared condition variable and barging, some waited many times longer than the rest).
 */
#include "salesctl/core/gate.h"
#include "salesctl/core/clock.h"

#include <pthread.h>
#include <stdlib.h>

struct gate {
	pthread_mutex_t lock;
	int free_slots;
	int nwaiting;
	int nqueued;                      /* tickets in line */
	bool closed;
	pthread_cond_t wake_done;         /* a ticket's wake returned */
	struct gate_ticket *head, *tail;  /* the line, oldest first; a blocking waiter's wake is NULL, arg its cond */
};

struct gate *gate_new(int slots)
{
	struct gate *g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->wake_done, NULL);
	g->free_slots = slots;
	return g;
}

void gate_free(struct gate *g)
{
	if (!g)
		return;
	pthread_cond_destroy(&g->wake_done);
	pthread_mutex_destroy(&g->lock);
	free(g);
}

/* The caller holds the lock. */
static void line_append(struct gate *g, struct gate_ticket *t)
{
	t->next = NULL;
	if (g->tail)
		g->tail->next = t;
	else
		g->head = t;
	g->tail = t;
	g->nwaiting++;
}

/* Takes t out of the line; the caller holds the lock. */
static void line_remove(struct gate *g, struct gate_ticket *t)
{
	struct gate_ticket *prev = NULL;
	for (struct gate_ticket *it = g->head; it; prev = it, it = it->next) {
		if (it != t)
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

/* Tickets taken out of the line, to be woken once the lock is released. */
struct woken {
	struct gate_ticket *first;
};

static void woken_add(struct gate *g, struct woken *w, struct gate_ticket *t, enum gate_ticket_state state)
{
	t->state = state;
	t->waking = true;
	g->nqueued--;
	g->nwaiting--;
	t->next = w->first;
	w->first = t;
}

/* Calls each wake without the lock, then lets a gate_withdraw waiting for it go on. */
static void woken_call(struct gate *g, struct woken *w)
{
	for (struct gate_ticket *t = w->first, *next; t; t = next) {
		next = t->next;
		t->wake(t->arg);
		pthread_mutex_lock(&g->lock);
		t->waking = false;
		pthread_cond_broadcast(&g->wake_done);
		pthread_mutex_unlock(&g->lock);
	}
}

static bool deadline_passed(const struct timespec *deadline)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > deadline->tv_sec || (now.tv_sec == deadline->tv_sec && now.tv_nsec >= deadline->tv_nsec);
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
	pthread_cond_t granted_cond;
	cond_init_monotonic(&granted_cond);
	struct gate_ticket w = {.state = GATE_TICKET_QUEUED, .arg = &granted_cond};
	line_append(g, &w);
	while (w.state == GATE_TICKET_QUEUED) {
		if (pthread_cond_timedwait(&granted_cond, &g->lock, &deadline) != 0 && w.state == GATE_TICKET_QUEUED) {
			line_remove(g, &w);
			break;
		}
	}
	bool entered = w.state == GATE_TICKET_GRANTED;
	g->nwaiting--;
	pthread_mutex_unlock(&g->lock);
	pthread_cond_destroy(&granted_cond);
	return entered;
}

enum gate_ticket_state gate_enter_or_queue(struct gate *g, struct gate_ticket *t, int timeout_ms,
					   void (*wake)(void *arg), void *arg)
{
	t->wake = wake;
	t->arg = arg;
	t->deadline = monotonic_after_ms(timeout_ms);
	pthread_mutex_lock(&g->lock);
	if (g->closed || g->nqueued >= GATE_MAX_QUEUED) {
		t->state = GATE_TICKET_REFUSED;
	} else if (g->free_slots > 0 && !g->head) {
		g->free_slots--;
		t->state = GATE_TICKET_GRANTED;
	} else {
		t->state = GATE_TICKET_QUEUED;
		line_append(g, t);
		g->nqueued++;
	}
	enum gate_ticket_state state = t->state;
	pthread_mutex_unlock(&g->lock);
	return state;
}

void gate_leave(struct gate *g)
{
	struct woken w = {NULL};
	pthread_mutex_lock(&g->lock);
	for (;;) {
		struct gate_ticket *t = g->head;
		if (!t) {
			g->free_slots++;
			break;
		}
		/* The slot passes to the oldest waiter without becoming free: nobody can take it in between. */
		g->head = t->next;
		if (!g->head)
			g->tail = NULL;
		if (!t->wake) {
			t->state = GATE_TICKET_GRANTED;
			pthread_cond_signal(t->arg);
			break;
		}
		bool late = deadline_passed(&t->deadline);
		woken_add(g, &w, t, late ? GATE_TICKET_REFUSED : GATE_TICKET_GRANTED);
		if (!late)
			break;
	}
	pthread_mutex_unlock(&g->lock);
	woken_call(g, &w);
}

bool gate_withdraw(struct gate *g, struct gate_ticket *t)
{
	pthread_mutex_lock(&g->lock);
	if (t->state == GATE_TICKET_QUEUED) {
		line_remove(g, t);
		g->nqueued--;
		g->nwaiting--;
		t->state = GATE_TICKET_NONE;
	}
	while (t->waking)
		pthread_cond_wait(&g->wake_done, &g->lock);
	bool holds = t->state == GATE_TICKET_GRANTED;
	t->state = GATE_TICKET_NONE;
	pthread_mutex_unlock(&g->lock);
	return holds;
}

void gate_close(struct gate *g)
{
	struct woken w = {NULL};
	pthread_mutex_lock(&g->lock);
	g->closed = true;
	for (struct gate_ticket *t = g->head, *next; t; t = next) {
		next = t->next;
		if (!t->wake)
			continue;
		line_remove(g, t);
		woken_add(g, &w, t, GATE_TICKET_REFUSED);
	}
	pthread_mutex_unlock(&g->lock);
	woken_call(g, &w);
}

int gate_waiters(struct gate *g)
{
	pthread_mutex_lock(&g->lock);
	int n = g->nwaiting;
	pthread_mutex_unlock(&g->lock);
	return n;
}
