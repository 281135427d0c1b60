/*
 * KPIs and plan status, from the daily rollups. Plan status combines the rollups (actuals up to as_of in each
 * manager's time zone), the month's working-day calendar in the organisation's time zone (W and e) and the plans,
 * through the formulas of domain/kpi.c.
 */
#include "salesctl/api/schemas.h"
#include "salesctl/api/kpi.h"
#include "salesctl/api/export.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/list.h"
#include "salesctl/auth/token.h"
#include "salesctl/core/buf.h"
#include "salesctl/domain/calendar.h"
#include "salesctl/domain/compare.h"
#include "salesctl/domain/formats.h"
#include "salesctl/domain/kpi.h"
#include "salesctl/store/alerts.h"
#include "salesctl/store/calendar.h"
#include "salesctl/store/kpi.h"
#include "salesctl/store/periods.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const subject_values[] = {"manager", "team", "org", NULL};
static const char *const granularity_values[] = {"day", "week", "month", NULL};

static const struct field_spec series_specs[] = {
	{.name = "subject_type", .type = FT_ENUM, .flags = F_REQUIRED, .values = subject_values},
	{.name = "subject_id", .type = FT_UUID},
	{.name = "from", .type = FT_DATE, .flags = F_REQUIRED},
	{.name = "to", .type = FT_DATE, .flags = F_REQUIRED},
	{.name = "granularity", .type = FT_ENUM, .values = granularity_values},
};

static const struct field_spec compare_specs[] = {
	{.name = "period", .type = FT_STRING, .flags = F_REQUIRED, .min = 7, .max = 7},
	{.name = "vs", .type = FT_STRING, .flags = F_REQUIRED, .min = 7, .max = 7},
	{.name = "team_id", .type = FT_UUID},
	{.name = "as_of", .type = FT_TIMESTAMP},
};

static const struct field_spec status_specs[] = {
	{.name = "period", .type = FT_STRING, .flags = F_REQUIRED, .min = 7, .max = 7},
	{.name = "team_id", .type = FT_UUID},
	{.name = "manager_id", .type = FT_UUID},
	{.name = "as_of", .type = FT_TIMESTAMP},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define SERIES_MAX_DAYS 731

/* 422 on `field` unless value is a month YYYY-MM; writes YYYY-MM-01 into out. */
static bool period_start(struct request *req, const char *field, const char *value, char out[16])
{
	if (!format_is_period(value)) {
		reply_invalid_field(req, field, "must be a month as YYYY-MM");
		return false;
	}
	memcpy(out, value, 7);
	memcpy(out + 7, "-01", 4);
	return true;
}

/* Replies that the caller may not read the subject's KPIs: 403 for the organisation's, 404 otherwise. */
static enum db_status subject_refused(struct request *req, const char *type)
{
	if (strcmp(type, "org") == 0)
		reply_problem(req, PROBLEM_FORBIDDEN, "the organisation's KPIs are for owners");
	else
		reply_problem(req, PROBLEM_NOT_FOUND, "no such manager or team within your reach");
	return DB_ABORTED;
}

/* DB_OK when subject (type, id) is visible to the caller; otherwise replies 404 for a manager or team out of reach,
 * 403 for the organisation's figures asked by a non-owner (DB_ABORTED), or returns the failure. A NULL id of a team
 * or manager is no restriction. */
static enum db_status subject_visible(struct request *req, struct db_conn *db, const char *type, const char *id)
{
	if (!id && strcmp(type, "org") != 0)
		return DB_OK;
	bool ok = false;
	enum db_status st = store_kpi_subject_visible(db, &req->who, type, id, &ok);
	return st != DB_OK || ok ? st : subject_refused(req, type);
}


static const char *const series_columns[] = {
	"start", "end", "calls_total", "calls_outbound", "calls_inbound", "calls_effective", "talk_time_s",
	"chat_sessions", "meetings", "proposals_sent", "leads_received", "leads_processed", "deals_won", "payments_count",
	"revenue_minor", "conversion", "avg_deal_minor", "effective_share", "leads_backlog", "quality_score_avg",
	"reports_on_time_pct", "tasks_on_time_pct", "tasks_returned", "lead_response_median_s", "leads_open_eod",
	"deals_in_work", "win_rate", "cycle_days_avg", NULL};

/* A KPI series as CSV (SPEC §6.1): a row per bucket, its metrics as columns. */
static enum db_status series_csv(struct request *req)
{
	json_t *answer = req->reply.body ? json_loads(req->reply.body, 0, NULL) : NULL;
	json_t *rows = json_array();
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(answer, "items"), i, item) {
		json_t *row = json_deep_copy(json_object_get(item, "metrics"));
		if (!row)
			continue;
		json_object_set(row, "start", json_object_get(item, "start"));
		json_object_set(row, "end", json_object_get(item, "end"));
		json_array_append_new(rows, row);
	}
	enum db_status st = api_reply_csv(req, answer && rows ? api_csv_rows(rows, series_columns) : NULL, "kpi.csv");
	json_decref(rows);
	json_decref(answer);
	return st;
}

/* A cached answer's ETag is the digest of what it holds, computed once with it and kept in front of it, since hashing
 * the answer for every request — a 304 too — cost more CPU than the rest of a cached answer (178 KB for plan
 * status). */
#define DIGEST_LEN 32

/* A plan-status answer's head ({"period", "as_of": 64 bytes at most, as_of in UTC with microseconds) is written over
 * the digest and these bytes in front of the cached rest, so that the reply is the cache's copy itself
 * (api_reply_cached_in_place) instead of a second copy of 200 KB. */
#define PLAN_HEAD_ROOM 40

/* doc behind the digest of hashed and room spaces (new), or NULL when out of memory. */
static char *digest_in_front(const char *hashed, const char *doc, size_t room)
{
	char hash[TOKEN_HASH_HEX];
	token_hash(hashed, hash);
	size_t len = strlen(doc);
	char *out = malloc(DIGEST_LEN + room + len + 1);
	if (out) {
		memcpy(out, hash, DIGEST_LEN);
		memset(out + DIGEST_LEN, ' ', room);
		memcpy(out + DIGEST_LEN + room, doc, len + 1);
	}
	return out;
}

static void set_digest_etag(struct request *req, const char *digested)
{
	snprintf(req->reply.etag, sizeof(req->reply.etag), "\"%.*s\"", DIGEST_LEN, digested);
}

struct series_job {
	const char *type, *subject_id, *from, *to, *granularity;
};

/* The series' items behind the digest of its whole answer, {"items": items}. */
static enum db_status series_compute(struct request *req, void *arg, char **out)
{
	const struct series_job *job = arg;
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	char *items = NULL;
	enum db_status st = store_kpi_series(db, req->who.org_id, job->type, job->subject_id, job->from, job->to,
					     job->granularity, &items);
	if (st != DB_OK)
		return st;
	struct buf answer = BUF_INIT;
	buf_printf(&answer, "{\"items\":%s}", items);
	*out = answer.failed ? NULL : digest_in_front(answer.data, items, 0);
	buf_free(&answer);
	free(items);
	return *out ? DB_OK : DB_ERROR;
}

/*
 * A series is kept in the plan-status cache under everything it is computed from: the data's version (rollups,
 * reports, absences, tasks and task events, users, teams, the calendar and the organisation bump it; leads and deals
 * through the pass, whose rollup of the days their CRM events marked bumps it), the minute (what fell due counts up
 * to now) and the query. Discipline and the funnel are counted from reports, tasks, leads and deals per bucket,
 * milliseconds a month; a dashboard re-reading unchanged figures costs one statement.
 */
enum db_status api_kpi_series(struct request *req)
{
	if (!api_query_valid(req, series_specs, COUNT(series_specs)))
		return DB_ABORTED;
	const char *type = request_query(req, "subject_type"), *id = request_query(req, "subject_id");
	const char *from = request_query(req, "from"), *to = request_query(req, "to");
	const char *granularity = request_query(req, "granularity");
	if (strcmp(type, "org") != 0 && !id) {
		reply_invalid_field(req, "subject_id", "is required for a manager or team");
		return DB_ABORTED;
	}
	struct civil_date a, b;
	civil_date_parse(from, &a);
	civil_date_parse(to, &b);
	if (civil_date_cmp(a, b) > 0 || (b.year - a.year) * 372 + (b.month - a.month) * 31 + (b.day - a.day) > SERIES_MAX_DAYS) {
		reply_invalid_field(req, "to", "must be on or after from, within two years of it");
		return DB_ABORTED;
	}
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	struct kpi_series_context sc;
	enum db_status st = store_kpi_series_context(db, &req->who, type, id, &sc);
	if (st != DB_OK)
		return st;
	if (!sc.visible)
		return subject_refused(req, type);
	struct series_job job = {type, strcmp(type, "org") ? id : NULL, from, to, granularity ? granularity : "day"};
	char key[256], *items = NULL;
	snprintf(key, sizeof(key), "series|%s|%lld|%lld|%s|%s|%s|%s|%s", req->who.org_id, sc.version, sc.minute, type,
		 job.subject_id ? job.subject_id : "", from, to, job.granularity);
	st = api_plan_cached(req, true, key, sc.version, series_compute, &job, &items);
	if (st != DB_OK)
		return st;
	api_reply_cached_json(req, key, sc.version, "{\"items\":", items + DIGEST_LEN, "}");
	if (req->reply.status == 200)
		set_digest_etag(req, items);
	free(items);
	return request_wants_csv(req) ? series_csv(req) : DB_OK;
}

static void date_text(struct civil_date d, char out[11])
{
	snprintf(out, 11, "%04d-%02d-%02d", d.year, d.month, d.day);
}

/* The calendar of the month starting at month_start (YYYY-MM-01). */
static enum db_status month_calendar(struct db_conn *db, const char *org_id, const char *month_start,
				     struct calendar_month *cm)
{
	struct calendar_override *overrides = NULL;
	size_t n = 0;
	enum db_status st = store_calendar_month(db, org_id, month_start, &overrides, &n);
	struct civil_date d;
	civil_date_parse(month_start, &d);
	if (st == DB_OK)
		calendar_month_init(cm, d.year, d.month, overrides, n);
	free(overrides);
	return st;
}

/* Like for like (SPEC §6.2): the period through as_of against the same number of elapsed workdays of vs. */
enum db_status api_kpi_compare(struct request *req)
{
	char period[16], vs[16];
	if (!api_query_valid(req, compare_specs, COUNT(compare_specs)) ||
	    !period_start(req, "period", request_query(req, "period"), period) ||
	    !period_start(req, "vs", request_query(req, "vs"), vs))
		return DB_ABORTED;
	const char *team_id = request_query(req, "team_id");
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	enum db_status st = subject_visible(req, db, "team", team_id);
	if (st != DB_OK)
		return st;
	struct kpi_org_context ctx;
	struct calendar_month cm, vs_cm;
	st = store_kpi_org_context(db, req->who.org_id, request_query(req, "as_of"), NULL, &ctx);
	if (st == DB_OK)
		st = month_calendar(db, req->who.org_id, period, &cm);
	if (st == DB_OK)
		st = month_calendar(db, req->who.org_id, vs, &vs_cm);
	if (st != DB_OK)
		return st;
	struct civil_date as_of;
	civil_date_parse(ctx.as_of_date, &as_of);
	struct compare_windows w;
	compare_windows(&cm, &vs_cm, as_of, ctx.deadline_passed, &w);
	char from[11], to[11], vs_from[11], vs_to[11];
	date_text(w.from, from);
	date_text(w.to, to);
	date_text(w.vs_from, vs_from);
	date_text(w.vs_to, vs_to);
	char *items = NULL;
	st = store_kpi_compare(db, &req->who, team_id, from, w.empty ? NULL : to, vs_from, w.vs_empty ? NULL : vs_to,
			       &items);
	if (st != DB_OK)
		return st;
	struct buf b = BUF_INIT;
	buf_puts(&b, "{\"as_of\":");
	buf_json_string(&b, ctx.as_of);
	buf_printf(&b, ",\"elapsed_workdays\":%d,\"complete\":%s,\"items\":%s}", w.elapsed, w.complete ? "true" : "false",
		   items);
	reply_json(req, 200, buf_steal(&b));
	api_set_digest_etag(req, items);   /* the windows are in every item: as_of aside, the answer is its items */
	free(items);
	return DB_OK;
}

static void json_maybe(struct buf *b, const char *key, struct maybe m)
{
	buf_printf(b, ",\"%s\":", key);
	if (m.null || !isfinite(m.value))
		buf_puts(b, "null");
	else
		buf_printf(b, "%.10g", m.value);
}

/* One subject of plan status. A manager is measured on their own capacity (W_m, e_m), which the subject reports as
 * its workdays; a team or the organisation on its members' (Σ W_m, Σ e_m), with the daily pace over the calendar's
 * remaining workdays (SPEC §6.2). */
void api_plan_subject_render(struct buf *b, const struct plan_inputs *in, const char *id,
			     const struct plan_subject *subj, bool manager, long open_alerts)
{
	int workdays = in->workdays, elapsed = in->elapsed;
	double lag = in->ctx.lag_threshold;
	unsigned crm_metrics = in->ctx.crm_metrics;
	const bool *has = subj->has;
	enum plan_state overall = PLAN_NO_TARGET;
	struct buf metrics = BUF_INIT;
	bool first = true;
	for (int m = 0; m < KPI__COUNT; m++) {
		if (!has[m])
			continue;
		struct metric_plan_status s;
		plan_subject_metric(subj, (enum kpi_metric)m, !manager, workdays, elapsed, lag, &s);
		overall = plan_state_worst(overall, s.state);
		buf_printf(&metrics, "%s\"%s\":{\"target\":%.10g,\"actual\":%.10g", first ? "" : ",",
			   kpi_metric_name((enum kpi_metric)m), s.target, s.actual);
		json_maybe(&metrics, "attainment", s.attainment);
		json_maybe(&metrics, "expected_to_date", s.expected_to_date);
		json_maybe(&metrics, "forecast", s.forecast);
		json_maybe(&metrics, "forecast_attainment", s.forecast_attainment);
		json_maybe(&metrics, "gap", s.gap);
		json_maybe(&metrics, "required_daily", s.required_daily);
		buf_printf(&metrics, ",\"status\":\"%s\",\"source\":\"%s\"}", plan_state_name(s.state),
			   metric_source_name(kpi_metric_source((enum kpi_metric)m, crm_metrics)));
		first = false;
	}
	buf_puts(b, "{\"id\":");
	if (id)
		buf_json_string(b, id);
	else
		buf_puts(b, "null");
	if (manager)
		buf_printf(b, ",\"workdays\":{\"total\":%d,\"elapsed\":%d,\"remaining\":%d}", subj->workdays,
			   subj->elapsed, subj->workdays - subj->elapsed);
	/* Discipline as percentages 0-100, null with nothing to count (SPEC §6.2). */
	const struct discipline *d = &subj->discipline;
	buf_printf(b, ",\"discipline\":{\"tasks_returned\":%d", d->tasks_returned);
	json_maybe(b, "reports_on_time_pct", kpi_ratio(100.0 * d->reports_on_time, d->reports_due));
	json_maybe(b, "tasks_on_time_pct", kpi_ratio(100.0 * d->tasks_on_time, d->tasks_due));
	buf_puts(b, "}");
	buf_printf(b, ",\"status\":\"%s\",\"open_alerts\":%ld,\"metrics\":{%s}}", plan_state_name(overall),
		   open_alerts, metrics.data ? metrics.data : "");
	buf_free(&metrics);
}

/* The cache key of a plan-status answer: everything it is computed from. The version covers the data; the date,
 * the deadline and the quarter hour cover the clock (actuals count up to each manager's local today, and every time
 * zone's day begins on a quarter hour). */
static void plan_cache_key(const struct request *req, const struct kpi_org_context *ctx, const char *period,
			   const char *team_id, const char *manager_id, char *key, size_t size)
{
	snprintf(key, size, "%s|%lld|%.7s|%s|%s|%s|%s|%s|%d|%lld", req->who.org_id, ctx->plan_version, period,
		 role_name(req->who.role), req->who.role == ROLE_OWNER ? "" : req->who.user_id, team_id ? team_id : "",
		 manager_id ? manager_id : "", ctx->as_of_date, ctx->deadline_passed, ctx->quarter_hour);
}

/* Everything of the answer after "as_of": workdays, the organisation, teams and managers; with manager_id, that
 * manager alone. New: the caller frees. */
static char *plan_status_render(const struct plan_inputs *in, const struct principal *who, const char *team_id,
				const char *manager_id, const struct open_alerts *counts)
{
	const struct plan_status_set *set = &in->set;
	struct buf b = BUF_INIT;
	buf_printf(&b, ",\"workdays\":{\"total\":%d,\"elapsed\":%d,\"remaining\":%d},\"org\":", in->workdays,
		   in->elapsed, in->workdays - in->elapsed);
	/* The organisation: owners only, without a team or manager filter. */
	if (who->role == ROLE_OWNER && !team_id && !manager_id)
		api_plan_subject_render(&b, in, who->org_id, &set->org, false, open_alerts_of(counts, who->org_id));
	else
		buf_puts(&b, "null");
	buf_puts(&b, ",\"teams\":[");
	for (size_t t = 0; t < set->nteams && !manager_id; t++) {
		if (t)
			buf_puts(&b, ",");
		api_plan_subject_render(&b, in, set->teams[t].id, &set->teams[t], false,
					open_alerts_of(counts, set->teams[t].id));
	}
	buf_puts(&b, "],\"managers\":[");
	bool first = true;
	for (size_t i = 0; i < set->nmanagers; i++) {
		if (manager_id && strcmp(set->managers[i].id, manager_id) != 0)
			continue;
		if (!first)
			buf_puts(&b, ",");
		first = false;
		api_plan_subject_render(&b, in, set->managers[i].id, &set->managers[i], true,
					open_alerts_of(counts, set->managers[i].id));
	}
	buf_puts(&b, "]}");
	return buf_steal(&b);
}

/* Takes digested (plan_status_compute's) over. */
static void plan_status_reply(struct request *req, const char *key, const char *period,
			      const struct kpi_org_context *ctx, char *digested)
{
	char digest[DIGEST_LEN];
	memcpy(digest, digested, DIGEST_LEN);
	struct buf head = BUF_INIT;
	buf_printf(&head, "{\"period\":\"%.7s\",\"as_of\":", period);
	buf_json_string(&head, ctx->as_of);
	if (head.failed) {
		free(digested);
		reply_problem(req, PROBLEM_INTERNAL, "out of memory");
		return;
	}
	api_reply_cached_in_place(req, key, ctx->plan_version, digested, DIGEST_LEN + PLAN_HEAD_ROOM, head.data);
	buf_free(&head);
	set_digest_etag(req, digest);
}

static const char *const plan_status_columns[] = {
	"period", "as_of", "subject_type", "subject_id", "subject_status", "open_alerts", "workdays_total",
	"workdays_elapsed", "reports_on_time_pct", "tasks_on_time_pct", "tasks_returned", "metric", "target", "actual",
	"attainment", "expected_to_date", "forecast", "forecast_attainment", "gap", "required_daily", "status", "source", NULL};

/* The rows of one plan-status subject: one per metric (one without a metric when nothing is targeted). */
static void plan_status_rows(json_t *rows, const json_t *answer, const char *type, const json_t *subject)
{
	if (!json_is_object(subject))
		return;
	json_t *base = json_pack("{s:O?, s:O?, s:s, s:O?, s:O?, s:O?, s:O?, s:O?}", "period",
				 json_object_get(answer, "period"), "as_of", json_object_get(answer, "as_of"),
				 "subject_type", type, "subject_id", json_object_get(subject, "id"), "subject_status",
				 json_object_get(subject, "status"), "open_alerts", json_object_get(subject, "open_alerts"),
				 "workdays_total", json_object_get(json_object_get(subject, "workdays"), "total"),
				 "workdays_elapsed", json_object_get(json_object_get(subject, "workdays"), "elapsed"));
	if (!base)
		return;
	json_object_update(base, json_object_get(subject, "discipline"));
	const char *metric;
	json_t *figures;
	json_t *metrics = json_object_get(subject, "metrics");
	json_object_foreach(metrics, metric, figures) {
		json_t *row = json_deep_copy(base);
		json_object_set_new(row, "metric", json_string(metric));
		json_object_update(row, figures);
		json_array_append_new(rows, row);
	}
	if (json_object_size(metrics) == 0)
		json_array_append(rows, base);
	json_decref(base);
}

/* Plan status as CSV (SPEC §6.1: a row per subject and metric), from the JSON answer just built. */
static enum db_status plan_status_csv(struct request *req)
{
	json_t *answer = req->reply.body ? json_loads(req->reply.body, 0, NULL) : NULL;
	json_t *rows = json_array();
	if (!answer || !rows) {
		json_decref(answer);
		json_decref(rows);
		return DB_ERROR;
	}
	plan_status_rows(rows, answer, "org", json_object_get(answer, "org"));
	const char *kinds[] = {"teams", "managers"}, *types[] = {"team", "manager"};
	for (int k = 0; k < 2; k++) {
		size_t i;
		json_t *subject;
		json_array_foreach(json_object_get(answer, kinds[k]), i, subject)
			plan_status_rows(rows, answer, types[k], subject);
	}
	enum db_status st = api_reply_csv(req, api_csv_rows(rows, plan_status_columns), "plan-status.csv");
	json_decref(rows);
	json_decref(answer);
	return st;
}

struct plan_status_job {
	const char *period, *as_of, *team_id, *manager_id;
	const struct kpi_org_context *ctx;
};

/* Everything of a plan-status answer after "as_of" (plan_status_render), computed from the database, behind its
 * digest (DIGEST_LEN hex digits; as_of is the moment asked, not a figure) and PLAN_HEAD_ROOM spaces. */
static enum db_status plan_status_compute(struct request *req, void *arg, char **out)
{
	const struct plan_status_job *job = arg;
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	struct plan_inputs in;
	struct open_alerts alerts = {0};
	enum db_status st = store_kpi_plan_inputs(db, &req->who, job->period, job->as_of, job->ctx, job->team_id, &in);
	if (st == DB_OK)
		st = store_alert_open_counts(db, req->who.org_id, &alerts.counts, &alerts.n);
	char *rest = NULL;
	if (st == DB_OK && !(rest = plan_status_render(&in, &req->who, job->team_id, job->manager_id, &alerts)))
		st = DB_ERROR;
	if (st == DB_OK && !(*out = digest_in_front(rest, rest, PLAN_HEAD_ROOM)))
		st = DB_ERROR;
	free(rest);
	free(alerts.counts);
	plan_inputs_free(&in);
	return st;
}

/* Plan status of a closed month: the snapshot taken at its close (store/periods.c), as JSON or CSV. */
static enum db_status closed_plan_status(struct request *req, struct db_conn *db, const char *period,
					 const char *team_id, const char *manager_id)
{
	char *text = NULL;
	enum db_status st = store_period_plan_status(db, &req->who, period, team_id, manager_id, &text);
	if (st != DB_OK) {
		free(text);
		return st;
	}
	reply_json(req, 200, text);
	api_set_digest_etag(req, text);
	return request_wants_csv(req) ? plan_status_csv(req) : DB_OK;
}

/* Answers computed for the current time are kept in the application's plan cache (see plan_cache_key), and a burst
 * of requests for a missing answer computes it once; an answer for an explicit as_of is computed every time. */
enum db_status api_plan_status(struct request *req)
{
	char period[16];
	if (!api_query_valid(req, status_specs, COUNT(status_specs)) ||
	    !period_start(req, "period", request_query(req, "period"), period))
		return DB_ABORTED;
	const char *team_id = request_query(req, "team_id");
	const char *manager_id = request_query(req, "manager_id");
	const char *as_of = request_query(req, "as_of");
	/* A manager reads their own subject only (the mobile app's "N calls a day"); a team's or the organisation's
	 * figures are the head's and the owner's. Another manager's id is out of reach: 404 below. */
	if (req->who.role == ROLE_MANAGER && (team_id || !manager_id)) {
		reply_problem(req, PROBLEM_FORBIDDEN, "a manager reads their own plan status: manager_id=<your id>");
		return DB_ABORTED;
	}
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	enum db_status st = subject_visible(req, db, "team", team_id);
	if (st == DB_OK)
		st = subject_visible(req, db, "manager", manager_id);
	if (st != DB_OK)
		return st;
	struct kpi_org_context ctx;
	st = store_kpi_org_context(db, req->who.org_id, as_of, period, &ctx);
	if (st != DB_OK)
		return st;
	if (ctx.period_closed && !as_of)
		return closed_plan_status(req, db, period, team_id, manager_id);
	char key[320], *rest = NULL;
	plan_cache_key(req, &ctx, period, team_id, manager_id, key, sizeof(key));
	struct plan_status_job job = {period, as_of, team_id, manager_id, &ctx};
	st = api_plan_cached(req, !as_of, key, ctx.plan_version, plan_status_compute, &job, &rest);
	if (st != DB_OK)
		return st;
	plan_status_reply(req, as_of ? NULL : key, period, &ctx, rest);
	return request_wants_csv(req) ? plan_status_csv(req) : DB_OK;
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_kpi_schemas[] = {
	API_SCHEMA("GET /v1/kpi", series_specs, VALIDATE_FILTER),
	API_SCHEMA("GET /v1/kpi/compare", compare_specs, VALIDATE_FILTER),
	API_SCHEMA("GET /v1/plan-status", status_specs, VALIDATE_FILTER),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
