/*
 * The scheduler pass. Rollups are recomputed in batches of SCHED_PASS_BATCH marked keys; each batch is its own
 * transaction holding the pass lock, so a pass never keeps locks for long and a lost connection loses at most one
 * batch (its marks stay: the DELETE that took them rolled back).
 */
#include "salesctl/sched/pass.h"
#include "salesctl/core/log.h"
#include "salesctl/domain/alert_rules.h"
#include "salesctl/store/alerts.h"
#include "salesctl/store/events.h"
#include "salesctl/store/kpi.h"
#include "salesctl/store/rollups.h"
#include "salesctl/store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static atomic_bool pass_lock_disabled;

void sched_pass_lock_disable_for_tests(bool disabled)
{
	atomic_store(&pass_lock_disabled, disabled);
}

struct batch_arg {
	const char *org_id;
	bool wait;
	bool locked;
	long keys, updated;
};

static enum db_status batch_tx(struct db_conn *c, void *arg)
{
	struct batch_arg *b = arg;
	b->keys = 0;
	b->updated = 0;
	enum db_status st = DB_OK;
	b->locked = true;
	if (!atomic_load(&pass_lock_disabled))
		st = store_rollup_lock(c, b->wait, &b->locked);
	if (st != DB_OK || !b->locked)
		return st;
	return store_rollup_dirty_batch(c, b->org_id, SCHED_PASS_BATCH, &b->keys, &b->updated);
}

struct alerts_arg {
	const char *org_id;
	const char *as_of;
	long opened, resolved;
};

/* One organisation's alerts: the plan_lagging conditions from plan status, then every rule in one statement. */
static enum db_status alerts_tx(struct db_conn *c, void *arg)
{
	struct alerts_arg *a = arg;
	/* The pass sees the whole organisation, as an owner would. */
	struct principal all = {.role = ROLE_OWNER, .user_id = "00000000-0000-0000-0000-000000000000"};
	snprintf(all.org_id, sizeof(all.org_id), "%s", a->org_id);
	struct plan_inputs in;
	enum db_status st = store_users_dismiss_due(c, a->org_id, a->as_of ? a->as_of : "now");
	if (st != DB_OK)
		return st;
	st = store_kpi_plan_inputs(c, &all, NULL, a->as_of, NULL, NULL, &in);
	if (st == DB_OK)
		st = store_idp_items_from_rollups(c, a->org_id, in.ctx.as_of);
	if (st == DB_OK) {
		struct plan_alert_params p = {
			.period = in.period,
			.workdays = in.workdays,
			.elapsed = in.elapsed,
			.lag_threshold = in.ctx.lag_threshold,
			.critical_threshold = in.ctx.critical_threshold,
			.min_elapsed_workdays = in.ctx.min_elapsed_workdays,
		};
		struct buf conditions = BUF_INIT;
		alert_plan_conditions(&in.set, &p, &conditions);
		st = conditions.failed ? DB_ERROR
				       : store_alert_evaluate(c, a->org_id, in.ctx.as_of, conditions.data, &a->opened,
							      &a->resolved);
		buf_free(&conditions);
	}
	long pruned = 0;
	if (st == DB_OK)
		st = store_event_prune(c, a->org_id, in.ctx.as_of, &pruned);
	plan_inputs_free(&in);
	return st;
}

static enum db_status pass_alerts(struct db_conn *c, const char *org_id, const char *as_of, bool in_tx,
				  struct sched_pass_result *out)
{
	struct alerts_arg a = {.org_id = org_id, .as_of = as_of};
	if (org_id) {
		enum db_status st = in_tx ? alerts_tx(c, &a) : db_tx_run(c, alerts_tx, &a);
		out->alerts_opened += a.opened;
		out->alerts_resolved += a.resolved;
		return st;
	}
	struct store_id *orgs = NULL;
	size_t n = 0;
	enum db_status st = store_alert_orgs(c, &orgs, &n);
	for (size_t i = 0; i < n && st == DB_OK; i++) {
		a.org_id = orgs[i].id;
		a.opened = a.resolved = 0;
		st = in_tx ? alerts_tx(c, &a) : db_tx_run(c, alerts_tx, &a);
		out->alerts_opened += a.opened;
		out->alerts_resolved += a.resolved;
	}
	free(orgs);
	return st;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

enum db_status sched_pass_run(struct db_conn *c, const char *org_id, const char *as_of, bool in_tx,
			      struct sched_pass_result *out)
{
	double start = now_ms();
	enum db_status st;
	memset(out, 0, sizeof(*out));
	struct batch_arg b = {.org_id = org_id, .wait = in_tx};
	do {
		st = in_tx ? batch_tx(c, &b) : db_tx_run(c, batch_tx, &b);
		if (st != DB_OK)
			break;
		out->claimed = out->claimed || b.locked;
		out->rollups_updated += b.updated;
	} while (b.locked && b.keys == SCHED_PASS_BATCH);
	out->rollups_ms = now_ms() - start;
	/* Alerts only by the instance that holds the pass: another one is evaluating them now. */
	if (st == DB_OK && out->claimed)
		st = pass_alerts(c, org_id, as_of, in_tx, out);
	out->duration_ms = now_ms() - start;
	return st;
}

void sched_stats_record(struct sched_stats *s, enum db_status st, const struct sched_pass_result *r)
{
	unsigned long long us = (unsigned long long)(r->duration_ms * 1000.0);
	if (st != DB_OK)
		atomic_fetch_add(&s->failed, 1);
	else if (!r->claimed)
		atomic_fetch_add(&s->skipped, 1);
	else
		atomic_fetch_add(&s->passes, 1);
	atomic_fetch_add(&s->rollups_updated, (unsigned long long)r->rollups_updated);
	atomic_fetch_add(&s->duration_us_total, us);
	atomic_store(&s->last_duration_us, us);
	log_event(st == DB_OK ? LOG_INFO : LOG_WARN, "scheduler.pass",
		  "%s: rollups_updated=%ld alerts_opened=%ld alerts_resolved=%ld rollups_ms=%.3f duration_ms=%.3f",
		  st != DB_OK ? "failed" : r->claimed ? "done" : "skipped (another instance holds the pass)",
		  r->rollups_updated, r->alerts_opened, r->alerts_resolved, r->rollups_ms, r->duration_ms);
}

void sched_stats_render(struct sched_stats *s, struct buf *out)
{
	buf_printf(out,
		   "# HELP salesctl_scheduler_passes_total Scheduler passes by outcome.\n"
		   "# TYPE salesctl_scheduler_passes_total counter\n"
		   "salesctl_scheduler_passes_total{outcome=\"done\"} %llu\n"
		   "salesctl_scheduler_passes_total{outcome=\"skipped\"} %llu\n"
		   "salesctl_scheduler_passes_total{outcome=\"failed\"} %llu\n"
		   "# HELP salesctl_scheduler_rollups_updated_total KPI rollup rows recomputed.\n"
		   "# TYPE salesctl_scheduler_rollups_updated_total counter\n"
		   "salesctl_scheduler_rollups_updated_total %llu\n"
		   "# HELP salesctl_scheduler_pass_seconds_total Time spent in passes.\n"
		   "# TYPE salesctl_scheduler_pass_seconds_total counter\n"
		   "salesctl_scheduler_pass_seconds_total %.6f\n"
		   "# HELP salesctl_scheduler_last_pass_seconds Duration of the last pass.\n"
		   "# TYPE salesctl_scheduler_last_pass_seconds gauge\n"
		   "salesctl_scheduler_last_pass_seconds %.6f\n",
		   atomic_load(&s->passes), atomic_load(&s->skipped), atomic_load(&s->failed),
		   atomic_load(&s->rollups_updated), (double)atomic_load(&s->duration_us_total) / 1e6,
		   (double)atomic_load(&s->last_duration_us) / 1e6);
}
