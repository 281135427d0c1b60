/*
 * A counting gate: at most `slots` holders at once, others wait their turn (up to a timeout). salesctld puts bulk
 * requests through one so that their memory (a 1 MiB body decodes to several MiB of JSON tree) is bounded by the
 * gate, not by the number of HTTP threads; they are bound by PostgreSQL's insert rate anyway.
 */
#ifndef SALESCTL_CORE_GATE_H
#define SALESCTL_CORE_GATE_H

#include <stdbool.h>

struct gate;

/* NULL when out of memory. */
struct gate *gate_new(int slots);
void gate_free(struct gate *g);
/* Waits up to timeout_ms for a slot, in the order of arrival; false when none came to this caller in time. */
bool gate_enter(struct gate *g, int timeout_ms);
void gate_leave(struct gate *g);
/* How many callers are waiting now (a slot handed to one counts until it has woken). */
int gate_waiters(struct gate *g);

#endif
