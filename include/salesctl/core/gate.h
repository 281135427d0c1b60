/*
 * A counting gate: at most `slots` holders at once, others wait their turn (up to a timeout), first come first
 * served. salesctld puts bulk requests through one so that their memory (a 1 MiB body decodes to several MiB of JSON
 * tree) is bounded by the gate, not by the number of HTTP threads; they are bound by PostgreSQL's insert rate anyway.
 * A caller either blocks for its turn (gate_enter) or takes a ticket and is called back when its turn comes
 * (gate_enter_or_queue), so that an HTTP thread waiting for a slot does not hold up its other connections.
 */
#ifndef SALESCTL_CORE_GATE_H
#define SALESCTL_CORE_GATE_H

#include <stdbool.h>
#include <time.h>

struct gate;

enum gate_ticket_state {
	GATE_TICKET_NONE,      /* not at the gate yet */
	GATE_TICKET_QUEUED,    /* in line; wake is called when that changes */
	GATE_TICKET_GRANTED,   /* holds a slot: gate_leave it */
	GATE_TICKET_REFUSED,   /* holds nothing: the gate was closed or its line full, or the deadline passed */
};

/* A place in the gate's line for a caller that does not block. The caller owns it and keeps it valid while it is
 * QUEUED; state is the gate's to write (under its lock) until wake has been called. */
struct gate_ticket {
	enum gate_ticket_state state;
	void (*wake)(void *arg);  /* called once, outside the gate's lock, when a QUEUED ticket is GRANTED or REFUSED */
	void *arg;
	struct timespec deadline; /* monotonic */
	struct gate_ticket *next;
	bool waking;              /* wake is running: the ticket must outlive it (gate_withdraw waits) */
};

/* At most this many tickets wait in line; more are REFUSED at once (each holds a request body). */
#define GATE_MAX_QUEUED 256

/* NULL when out of memory. */
struct gate *gate_new(int slots);
void gate_free(struct gate *g);
/* Waits up to timeout_ms for a slot, in the order of arrival; false when none came to this caller in time. */
bool gate_enter(struct gate *g, int timeout_ms);
/* Takes a slot at once (GRANTED) or puts t in line (QUEUED: wake(arg) is called later, from the thread that frees a
 * slot or closes the gate), or refuses (REFUSED); t->state says the same. A ticket still in line after timeout_ms
 * is REFUSED when the next slot is freed (not before: nobody is waiting on a clock). */
enum gate_ticket_state gate_enter_or_queue(struct gate *g, struct gate_ticket *t, int timeout_ms,
					   void (*wake)(void *arg), void *arg);
void gate_leave(struct gate *g);
/* For a ticket's owner about to free it: takes it out of the line if it is still QUEUED (its wake will not be
 * called), or waits for a wake in progress to return. True when the ticket holds a slot the caller must leave. */
bool gate_withdraw(struct gate *g, struct gate_ticket *t);
/* Refuses every ticket in line (waking each) and every later gate_enter_or_queue; blocking waiters and holders are
 * left as they are. For shutdown: nothing stays parked. */
void gate_close(struct gate *g);
/* How many callers are waiting now (a slot handed to a blocking waiter counts until it has woken). */
int gate_waiters(struct gate *g);

#endif
