/*
 * The scheduler thread. DESIGN: one thread with its own PostgreSQL connection wakes every interval (or when
 * stopped), runs one pass (sched/pass.c) and sleeps again. It waits on a condition variable with the interval as
 * timeout, so stopping is immediate between passes and never interrupts one mid-statement; SIGTERM/SIGINT are
 * blocked in it (inherited from main), and scheduler_stop joins it. A database outage makes passes fail and be
 * logged; the next pass reconnects.
 */
#ifndef SALESCTL_SCHED_SCHEDULER_H
#define SALESCTL_SCHED_SCHEDULER_H

#include "salesctl/db/pool.h"
#include "salesctl/sched/pass.h"

struct scheduler;

/* opt is copied; stats is borrowed and must outlive the scheduler. */
struct scheduler *scheduler_new(const struct db_pool_options *opt, int interval_s, struct sched_stats *stats);
int scheduler_start(struct scheduler *s) __attribute__((warn_unused_result));
/* Asks the thread to stop after the current pass and joins it. */
void scheduler_stop(struct scheduler *s);
void scheduler_free(struct scheduler *s);

#endif
