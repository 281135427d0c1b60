/*
 * Stand-ups and the head's morning board. Everyone gives their own stand-up of today (their time zone) until the
 * organisation's standup_deadline; after it the day's stand-up is kept as given (409). The board answers a team in
 * one request: each active manager's check-in, goal and help request, yesterday's figures, overdue tasks and open
 * alerts (one statement), and the daily pace each needs per targeted metric, from plan status's own inputs
 * (domain/plan_status.c), as of now. Answers are cached under the data's version (api_standup_board says how).
 */
#include "salesctl/api/handler.h"
#include "salesctl/api/list.h"
#include "salesctl/api/schemas.h"
#include "salesctl/api/standups.h"
#include "salesctl/core/buf.h"
#include "salesctl/domain/plan_status.h"
#include "salesctl/store/kpi.h"
#include "salesctl/store/standups.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const struct field_spec standup_specs[] = {
	{.name = "yesterday_result", .type = FT_STRING, .flags = F_NULLABLE, .min = 0, .max = TEXT_MAX_CHARS},
	{.name = "today_goal", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = TEXT_MAX_CHARS},
	{.name = "today_plan", .type = FT_STRING, .flags = F_NULLABLE, .min = 0, .max = TEXT_MAX_CHARS},
	{.name = "help_needed", .type = FT_STRING, .flags = F_NULLABLE, .min = 0, .max = TEXT_MAX_CHARS},
};

static const struct field_spec board_query[] = {
	{.name = "team_id", .type = FT_UUID, .flags = F_REQUIRED},
	{.name = "date", .type = FT_DATE},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum db_status api_standup_put(struct request *req)
{
	const char *date = api_path_date(req, 0);
	if (!date || !api_body_valid(req, standup_specs, COUNT(standup_specs), VALIDATE_CREATE))
		return DB_ABORTED;
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	char id[37];
	api_new_id(id);
	char *body = api_body_text(req);
	struct store_doc doc = {0};
	enum standup_window window;
	bool created = false;
	enum db_status st = body ? store_standup_put(db, &req->who, id, date, body, &window, &doc, &created) : DB_ERROR;
	free(body);
	if (st == DB_OK && window == STANDUP_FUTURE) {
		reply_invalid_field(req, "date", "must not be after today in your time zone");
		st = DB_ABORTED;
	} else if (st == DB_OK && window == STANDUP_CLOSED) {
		reply_problem(req, PROBLEM_CONFLICT, "a day's stand-up is given and changed until that day's standup_deadline");
		st = DB_ABORTED;
	}
	if (st != DB_OK) {
		store_doc_free(&doc);
		return st;
	}
	snprintf(req->reply.location, sizeof(req->reply.location), "/v1/standups/%s", date);
	return api_reply_result(req, st, created ? 201 : 200, &doc);
}

enum db_status api_standup_get(struct request *req)
{
	const char *date = api_path_date(req, 0);
	if (!date)
		return DB_ABORTED;
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	struct store_doc doc = {0};
	enum db_status st = store_standup_get(db, &req->who, date, &doc);
	return api_reply_result(req, st, 200, &doc);
}

/* {"<manager id>":{"<metric>":pace|null, ...}, ...} for every manager of plan status's subjects (new, or NULL when
 * out of memory). */
static char *paces_render(const struct plan_inputs *in)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "{");
	for (size_t i = 0; i < in->set.nmanagers; i++) {
		const struct plan_subject *subj = &in->set.managers[i];
		buf_printf(&b, "%s\"%s\":{", i ? "," : "", subj->id);
		bool first = true;
		for (int m = 0; m < KPI__COUNT; m++) {
			if (!subj->has[m])
				continue;
			struct metric_plan_status s;
			plan_subject_metric(subj, (enum kpi_metric)m, false, subj->workdays, subj->elapsed,
					    in->ctx.lag_threshold, &s);
			buf_printf(&b, "%s\"%s\":", first ? "" : ",", kpi_metric_name((enum kpi_metric)m));
			if (s.required_daily.null || !isfinite(s.required_daily.value))
				buf_puts(&b, "null");
			else
				buf_printf(&b, "%.10g", s.required_daily.value);
			first = false;
		}
		buf_puts(&b, "}");
	}
	buf_puts(&b, "}");
	return buf_steal(&b);
}

struct paces_job {
	const char *period;
	const char *team_id;
	const struct kpi_org_context *ctx;
};

static enum db_status paces_compute(struct request *req, void *arg, char **out)
{
	const struct paces_job *job = arg;
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	struct plan_inputs in;
	enum db_status st = store_kpi_plan_inputs(db, &req->who, job->period, NULL, job->ctx, job->team_id, &in);
	if (st != DB_OK)
		return st;
	*out = paces_render(&in);
	plan_inputs_free(&in);
	return *out ? DB_OK : DB_ERROR;
}

/*
 * The paces of the team's managers this month (paces_render), as of now. They are plan status's figures, so they are
 * kept in the plan-status cache under a key of everything they are computed from — the data's version, the day, the
 * deadline and the quarter hour (api/kpi.c says why) — and a burst of boards for one team computes them once.
 */
static enum db_status team_paces(struct request *req, struct db_conn *db, const char *team_id, const char *day,
				 char **out)
{
	struct kpi_org_context ctx;
	enum db_status st = store_kpi_org_context(db, req->who.org_id, NULL, NULL, &ctx);
	if (st != DB_OK)
		return st;
	char period[11], key[256];
	snprintf(period, sizeof(period), "%.7s-01", day);
	snprintf(key, sizeof(key), "paces|%s|%lld|%s|%s|%s|%d|%lld", req->who.org_id, ctx.plan_version, period, team_id,
		 ctx.as_of_date, ctx.deadline_passed, ctx.quarter_hour);
	struct paces_job job = {period, team_id, &ctx};
	return api_plan_cached(req, true, key, ctx.plan_version, paces_compute, &job, out);
}

struct board_job {
	const char *team_id;
	const char *day;
};

/* The board of a team for a day (its rows and the paces), rendered (new). */
static enum db_status board_render(struct request *req, void *arg, char **out)
{
	const struct board_job *job = arg;
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	const char *team_id = job->team_id, *day = job->day;
	struct standup_board_row *rows = NULL;
	size_t n = 0;
	char board_day[11] = "", *paces_text = NULL;
	enum db_status st = store_standup_board(db, req->who.org_id, team_id, day, &rows, &n, board_day);
	if (st == DB_OK)
		st = team_paces(req, db, team_id, board_day, &paces_text);
	json_t *paces = paces_text ? json_loads(paces_text, 0, NULL) : NULL;
	free(paces_text);
	if (st == DB_OK && !paces)
		st = DB_ERROR;
	struct buf b = BUF_INIT;
	if (st == DB_OK) {
		buf_printf(&b, "{\"team_id\":\"%s\",\"date\":\"%s\",\"members\":[", team_id, board_day);
		for (size_t i = 0; i < n; i++) {
			/* The row's object without its closing brace, then the pace ({} with no plan). */
			json_t *pace = json_object_get(paces, rows[i].manager_id);
			char *pace_text = pace ? json_dumps(pace, JSON_COMPACT) : NULL;
			buf_printf(&b, "%s%.*s,\"required_daily\":%s}", i ? "," : "", (int)strlen(rows[i].json) - 1,
				   rows[i].json, pace_text ? pace_text : "{}");
			free(pace_text);
		}
		buf_puts(&b, "]}");
		if (b.failed)
			st = DB_ERROR;
	}
	json_decref(paces);
	for (size_t i = 0; i < n; i++)
		free(rows[i].json);
	free(rows);
	if (st != DB_OK)
		buf_free(&b);
	else
		*out = buf_steal(&b);
	return st;
}

/*
 * A board is kept in the plan-status cache under everything it is computed from: the data's version (stand-ups,
 * tasks, alerts, rollups, users and the calendar all bump it), the team, the day and the minute, since overdue
 * counts move with the clock. A morning of heads polling their boards then costs one statement a request (the
 * context), and any check-in recomputes the board of the next request.
 */
enum db_status api_standup_board(struct request *req)
{
	if (!api_query_valid(req, board_query, COUNT(board_query)))
		return DB_ABORTED;
	const char *team_id = request_query(req, "team_id"), *date = request_query(req, "date");
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	struct standup_board_context bc;
	enum db_status st = store_standup_board_context(db, &req->who, team_id, date, &bc);
	if (st != DB_OK)
		return st;
	if (!bc.visible) {
		reply_problem(req, PROBLEM_NOT_FOUND, "no such team within your reach");
		return DB_ABORTED;
	}
	char key[256], *text = NULL;
	snprintf(key, sizeof(key), "board|%s|%lld|%s|%s|%lld", req->who.org_id, bc.version, team_id, bc.day, bc.minute);
	struct board_job job = {team_id, bc.day};
	st = api_plan_cached(req, true, key, bc.version, board_render, &job, &text);
	if (st != DB_OK)
		return st;
	api_reply_cached_in_place(req, key, bc.version, text, 0, "");
	return DB_OK;
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_standups_schemas[] = {
	API_SCHEMA("PUT /v1/standups/{date}", standup_specs, VALIDATE_CREATE),
	API_SCHEMA("GET /v1/standups/board", board_query, VALIDATE_FILTER),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
