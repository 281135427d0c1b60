/*
 * Month close. An owner closes a month once it has ended in the organisation's time zone: the close first rolls up
 * whatever writes are still marked (so the snapshot holds every write committed before it), then stores what plan
 * status and the payouts answer for the month, per subject, as the owner sees them, with the KPIs the store sums.
 * GET /v1/plan-status and GET /v1/payouts of a closed month answer that snapshot; writes that touch the month
 * later are stored and counted (late_changes). A reopen, with its reason, makes the month read live again.
 */
#include "salesctl/api/compensation.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/kpi.h"
#include "salesctl/api/periods.h"
#include "salesctl/api/schemas.h"
#include "salesctl/core/buf.h"
#include "salesctl/domain/calendar.h"
#include "salesctl/domain/formats.h"
#include "salesctl/store/alerts.h"
#include "salesctl/store/periods.h"
#include "salesctl/store/rollups.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct field_spec reopen_specs[] = {
	{.name = "reason", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = TEXT_MAX_CHARS},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Marked keys taken per statement while a close catches up, and the most batches it takes. */
#define CLOSE_ROLLUP_BATCH 1000
#define CLOSE_ROLLUP_BATCHES 1000

/* The month of the path as its first day (YYYY-MM-01), or false having replied 422. */
static bool path_period(struct request *req, char start[11])
{
	const char *period = req->match.params[0];
	if (!format_is_period(period)) {
		reply_invalid_field(req, "period", "must be a month as YYYY-MM");
		return false;
	}
	snprintf(start, 11, "%.7s-01", period);
	return true;
}

/* Whether the month starting on start has ended by today (YYYY-MM-DD). */
static bool month_ended(const char *start, const char *today)
{
	struct civil_date first, now;
	if (civil_date_parse(start, &first) < 0 || civil_date_parse(today, &now) < 0)
		return false;
	struct civil_date next = {first.month == 12 ? first.year + 1 : first.year, first.month % 12 + 1, 1};
	return civil_date_cmp(now, next) >= 0;
}

/* Replies 200 with the month as GET /v1/periods/{period} answers it. */
static enum db_status reply_period(struct request *req, struct db_conn *db, const char *start)
{
	char *text = NULL;
	enum db_status st = store_period_get(db, &req->who, start, &text);
	if (st != DB_OK || !*text) {
		free(text);
		return st == DB_OK ? DB_ERROR : st;
	}
	reply_json(req, 200, text);
	return DB_OK;
}

enum db_status api_period_get(struct request *req)
{
	char start[11];
	if (!path_period(req, start))
		return DB_ABORTED;
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	return reply_period(req, db, start);
}

/* Rolls up every write of the organisation still marked, as a scheduler pass would, under its lock. */
static enum db_status rollups_catch_up(struct db_conn *db, const char *org_id)
{
	bool locked = false;
	enum db_status st = store_rollup_lock(db, true, &locked);
	long keys = CLOSE_ROLLUP_BATCH, updated;
	for (int i = 0; st == DB_OK && keys == CLOSE_ROLLUP_BATCH && i < CLOSE_ROLLUP_BATCHES; i++)
		st = store_rollup_dirty_batch(db, org_id, CLOSE_ROLLUP_BATCH, &keys, &updated);
	return st;
}

/* The snapshot's subjects (store_period_snapshot_put): the organisation, each team and each manager with what plan
 * status says of them, managers with their team and payout line. New, or NULL when out of memory. */
static char *snapshot_subjects(const struct plan_inputs *in, const char *org_id, const struct open_alerts *alerts,
			       const struct payout_subject *payouts, size_t npayouts)
{
	const struct plan_status_set *set = &in->set;
	struct buf b = BUF_INIT;
	buf_printf(&b, "[{\"subject_type\":\"org\",\"subject_id\":\"%s\",\"plan_status\":", org_id);
	api_plan_subject_render(&b, in, org_id, &set->org, false, open_alerts_of(alerts, org_id));
	buf_puts(&b, "}");
	for (size_t t = 0; t < set->nteams; t++) {
		buf_printf(&b, ",{\"subject_type\":\"team\",\"subject_id\":\"%s\",\"plan_status\":", set->teams[t].id);
		api_plan_subject_render(&b, in, set->teams[t].id, &set->teams[t], false,
					open_alerts_of(alerts, set->teams[t].id));
		buf_puts(&b, "}");
	}
	for (size_t i = 0; i < set->nmanagers; i++) {
		const struct plan_subject *m = &set->managers[i];
		buf_printf(&b, ",{\"subject_type\":\"manager\",\"subject_id\":\"%s\",\"team_id\":", m->id);
		if (m->team_id[0])
			buf_printf(&b, "\"%s\"", m->team_id);
		else
			buf_puts(&b, "null");
		buf_puts(&b, ",\"plan_status\":");
		api_plan_subject_render(&b, in, m->id, m, true, open_alerts_of(alerts, m->id));
		buf_puts(&b, ",\"payout\":");
		const struct payout_subject *p = NULL;
		for (size_t k = 0; k < npayouts && !p; k++)
			if (strcmp(payouts[k].manager_id, m->id) == 0)
				p = &payouts[k];
		if (p)
			api_payout_render(&b, p, in);
		else
			buf_puts(&b, "null");
		buf_puts(&b, "}");
	}
	buf_puts(&b, "]");
	if (b.failed) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

/* Stores the snapshot of the month (start) as the owner sees it now. */
static enum db_status snapshot_store(struct request *req, struct db_conn *db, const char *start,
				     const struct kpi_org_context *ctx)
{
	struct plan_inputs in;
	struct open_alerts alerts = {0};
	struct payout_subject *payouts = NULL;
	size_t npayouts = 0;
	char *subjects = NULL, workdays[96];
	enum db_status st = store_kpi_plan_inputs(db, &req->who, start, NULL, ctx, NULL, &in);
	if (st != DB_OK)
		return st;
	st = store_alert_open_counts(db, req->who.org_id, &alerts.counts, &alerts.n);
	if (st == DB_OK)
		st = store_payout_subjects(db, &req->who, start, &payouts, &npayouts);
	if (st == DB_OK) {
		subjects = snapshot_subjects(&in, req->who.org_id, &alerts, payouts, npayouts);
		if (!subjects)
			st = DB_ERROR;
	}
	snprintf(workdays, sizeof(workdays), "{\"total\":%d,\"elapsed\":%d,\"remaining\":%d}", in.workdays, in.elapsed,
		 in.workdays - in.elapsed);
	if (st == DB_OK)
		st = store_period_snapshot_put(db, req->who.org_id, start, workdays, subjects);
	free(subjects);
	free(payouts);
	free(alerts.counts);
	plan_inputs_free(&in);
	return st;
}

enum db_status api_period_close(struct request *req)
{
	char start[11];
	if (!path_period(req, start) || !api_body_valid(req, NULL, 0, VALIDATE_CREATE))
		return DB_ABORTED;
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	struct kpi_org_context ctx;
	enum db_status st = store_kpi_org_context(db, req->who.org_id, NULL, start, &ctx);
	if (st != DB_OK)
		return st;
	if (!month_ended(start, ctx.as_of_date)) {
		reply_problem(req, PROBLEM_CONFLICT, "a month is closed once it has ended in the organisation's time zone");
		return DB_ABORTED;
	}
	bool already = ctx.period_closed;
	if (!already)
		st = rollups_catch_up(db, req->who.org_id);
	if (st == DB_OK && !already)
		st = store_period_close(db, req->who.org_id, start, req->who.user_id, &already);
	if (st != DB_OK)
		return st;
	if (already) {
		reply_problem(req, PROBLEM_CONFLICT, "the month is closed already: reopen it to close it again");
		return DB_ABORTED;
	}
	st = snapshot_store(req, db, start, &ctx);
	return st == DB_OK ? reply_period(req, db, start) : st;
}

enum db_status api_period_reopen(struct request *req)
{
	char start[11];
	if (!path_period(req, start) || !api_body_valid(req, reopen_specs, COUNT(reopen_specs), VALIDATE_CREATE))
		return DB_ABORTED;
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	bool was_closed = false;
	enum db_status st = store_period_reopen(db, req->who.org_id, start, req->who.user_id,
						json_string_value(json_object_get(req->json, "reason")), &was_closed);
	if (st != DB_OK)
		return st;
	if (!was_closed) {
		reply_problem(req, PROBLEM_CONFLICT, "the month is not closed");
		return DB_ABORTED;
	}
	return reply_period(req, db, start);
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_periods_schemas[] = {
	API_SCHEMA("POST /v1/periods/{period}/reopen", reopen_specs, VALIDATE_CREATE),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
