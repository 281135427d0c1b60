/*
 * A counting gate: at most `slots` holders at once, others wait their turn (up to a timeout), blocking. salesctld
 * puts password hashes through one (12 MiB each), and bulk requests when it runs a thread per connection (with the
 * thread pool they go to the bulk lane, http/lane.h, which does not block an HTTP thread).
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
