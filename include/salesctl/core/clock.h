/*
 * Waiting on the monotonic clock: every timed wait in salesctld (pool, bulk gate, scheduler, webhook worker) uses a
 * condition variable bound to CLOCK_MONOTONIC, so that a change of the wall clock never shortens or stretches it.
 */
#ifndef SALESCTL_CORE_CLOCK_H
#define SALESCTL_CORE_CLOCK_H

#include <pthread.h>
#include <time.h>

/* Initialises c to time its waits on CLOCK_MONOTONIC. */
void cond_init_monotonic(pthread_cond_t *c);
/* The CLOCK_MONOTONIC instant ms milliseconds from now, for pthread_cond_timedwait. */
struct timespec monotonic_after_ms(long ms);

#endif
