/*
 * One scheduler pass: claim it (transaction-scoped advisory lock), bring the KPI rollups up to date from the dirty
 * keys, and (next milestone) evaluate alerts and queue webhooks. Used by the scheduler thread and by
 * POST /v1/admin/scheduler/run. Pass counters are shared, for /metrics.
 */
#ifndef SALESCTL_SCHED_PASS_H
#define SALESCTL_SCHED_PASS_H

#include <stdatomic.h>
#include <stdbool.h>

#include "salesctl/core/buf.h"
#include "salesctl/db/pool.h"

#define SCHED_PASS_BATCH 5000
/* Statement timeout of a pass: an organisation's alerts are one statement, longer than a request's. */
#define SCHED_STATEMENT_TIMEOUT_MS 120000

struct sched_pass_result {
	bool claimed;           /* false: another instance held the pass */
	long rollups_updated;
	long alerts_opened;
	long alerts_resolved;
	double rollups_ms;      /* of duration_ms, the rollups' share */
	double duration_ms;
};

/* Counters of every pass of this process. */
struct sched_stats {
	atomic_ullong passes, skipped, failed, rollups_updated;
	atomic_ullong duration_us_total;
	atomic_ullong last_duration_us;
};

/*
 * Runs a whole pass at as_of (NULL: now) for one organisation (org_id) or all (NULL). In its own transactions (one
 * per rollup batch, one per organisation's alerts) unless in_tx, when it runs inside the caller's transaction and
 * waits for the pass lock instead of skipping.
 */
enum db_status sched_pass_run(struct db_conn *c, const char *org_id, const char *as_of, bool in_tx,
			      struct sched_pass_result *out);

/*
 * For tests only (tests/db/pass_overlap_test.c): passes of this process stop taking the pass lock, so that two can
 * run truly side by side and any upsert that is not idempotent under concurrency shows. salesctld never calls it.
 */
void sched_pass_lock_disable_for_tests(bool disabled);

void sched_stats_record(struct sched_stats *s, enum db_status st, const struct sched_pass_result *r);
/* Appends the salesctl_scheduler_* families. */
void sched_stats_render(struct sched_stats *s, struct buf *out);

#endif
