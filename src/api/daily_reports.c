/*
 * Evening reports. A manager submits one per date (a head or owner may submit for a manager they reach) and edits
 * it until it is reviewed and accepted; a head of the manager's team or an owner reviews it. A needs_fix review
 * hands the report back: the manager's next edit clears the review and it waits for review again.
 */
#include "salesctl/api/schemas.h"
#include "salesctl/api/daily_reports.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/list.h"
#include "salesctl/api/export.h"
#include "salesctl/core/buf.h"
#include "salesctl/store/daily_reports.h"

#include <stdio.h>
#include <stdlib.h>

#define COUNT_MAX 2147483647LL

#define COUNT_FIELD(n) {.name = n, .type = FT_INT, .min = 0, .max = COUNT_MAX}
#define REPORT_FIELDS \
	COUNT_FIELD("calls_outbound"), COUNT_FIELD("calls_inbound"), COUNT_FIELD("chat_sessions"), \
	COUNT_FIELD("meetings"), COUNT_FIELD("proposals_sent"), COUNT_FIELD("leads_received"), \
	COUNT_FIELD("leads_processed"), COUNT_FIELD("deals_won"), COUNT_FIELD("payments_count"), \
	{.name = "revenue_minor", .type = FT_INT, .min = 0, .max = JSON_SAFE_INT_MAX}, \
	{.name = "done_today", .type = FT_STRING, .flags = F_NULLABLE, .min = 0, .max = TEXT_MAX_CHARS}, \
	{.name = "plan_tomorrow", .type = FT_STRING, .flags = F_NULLABLE, .min = 0, .max = TEXT_MAX_CHARS}, \
	{.name = "help_needed", .type = FT_STRING, .flags = F_NULLABLE, .min = 0, .max = TEXT_MAX_CHARS}

static const struct field_spec create_specs[] = {
	{.name = "manager_id", .type = FT_UUID},
	{.name = "date", .type = FT_DATE},
	REPORT_FIELDS,
};

static const struct field_spec patch_specs[] = {REPORT_FIELDS};

static const char *const verdict_values[] = {"accepted", "needs_fix", NULL};
static const struct field_spec review_specs[] = {
	{.name = "verdict", .type = FT_ENUM, .flags = F_REQUIRED, .values = verdict_values},
	{.name = "score", .type = FT_INT, .flags = F_REQUIRED, .min = 1, .max = 5},
	{.name = "comment", .type = FT_STRING, .flags = F_NULLABLE, .min = 0, .max = TEXT_MAX_CHARS},
};

static const char *const reconciliation_values[] = {"match", "mismatch", "no_logs", NULL};
/* In the order of store_report_list_shape's filters. */
static const struct field_spec report_filters[] = {
	{.name = "manager_id", .type = FT_UUID},
	{.name = "team_id", .type = FT_UUID},
	{.name = "date_from", .type = FT_DATE},
	{.name = "date_to", .type = FT_DATE},
	{.name = "reviewed", .type = FT_BOOL},
	{.name = "reconciliation", .type = FT_ENUM, .flags = F_MULTI, .values = reconciliation_values},
};

static const struct field_spec missing_specs[] = {
	{.name = "date", .type = FT_DATE, .flags = F_REQUIRED},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum db_status api_report_create(struct request *req)
{
	if (!api_body_valid(req, create_specs, COUNT(create_specs), VALIDATE_CREATE))
		return DB_ABORTED;
	enum db_status st = api_acting_for(req, req->json, "manager_id");
	if (st != DB_OK)
		return st;
	char id[37];
	api_new_id(id);
	char *body = api_body_text(req);
	struct store_doc doc = {0};
	st = body ? store_report_create(req->db, &req->who, id, body, &doc) : DB_ERROR;
	free(body);
	if (st == DB_OK && !doc.json) {
		reply_invalid_field(req, "date", "must not be after today in the manager's time zone");
		return DB_ABORTED;
	}
	if (st == DB_OK)
		snprintf(req->reply.location, sizeof(req->reply.location), "/v1/daily-reports/%s", id);
	return api_reply_result(req, st, 201, &doc);
}

/* The columns of an evening-report export (SPEC §6.1): the report, its reconciliation and its review flattened. */
static const char *const report_columns[] = {
	"id", "manager_id", "date", "calls_outbound", "calls_inbound", "chat_sessions", "meetings", "proposals_sent",
	"leads_received", "leads_processed", "deals_won", "payments_count", "revenue_minor", "done_today",
	"plan_tomorrow", "help_needed", "submitted_at", "late", "reconciliation.status", "reconciliation.calls_reported",
	"reconciliation.calls_logged", "review.verdict", "review.score", "review.comment", "review.reviewed_at", NULL};

enum db_status api_report_list(struct request *req)
{
	if (request_wants_csv(req))
		return api_list_export(req, report_filters, COUNT(report_filters), &store_report_list_shape,
				       report_columns, "daily-reports.csv", NULL);
	return api_list_composed(req, report_filters, COUNT(report_filters), &store_report_list_shape);
}

enum db_status api_report_get(struct request *req)
{
	const char *id = api_path_id(req, 0);
	return id ? api_get_reply(req, store_report_get, id) : DB_ABORTED;
}

/* How the caller relates to the report; replies 404 when they do not reach it. */
static enum db_status report_access_for(struct request *req, const char *id, struct report_access *ra)
{
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	enum db_status st = store_report_access(db, &req->who, id, ra);
	if (st == DB_OK && !ra->found) {
		reply_problem(req, PROBLEM_NOT_FOUND, NULL);
		st = DB_ABORTED;
	}
	return st;
}

enum db_status api_report_patch(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (!id)
		return DB_ABORTED;
	struct report_access ra;
	enum db_status st = report_access_for(req, id, &ra);
	if (st != DB_OK)
		return st;
	if (!ra.own) {
		reply_problem(req, PROBLEM_FORBIDDEN, "only the manager who wrote a report edits it");
		return DB_ABORTED;
	}
	if (ra.locked) {
		reply_problem(req, PROBLEM_REPORT_LOCKED, "the report was reviewed and accepted");
		return DB_ABORTED;
	}
	if (!api_body_valid(req, patch_specs, COUNT(patch_specs), VALIDATE_PATCH))
		return DB_ABORTED;
	return api_patch_reply(req, store_report_patch, id);
}

enum db_status api_report_review(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (!id)
		return DB_ABORTED;
	struct report_access ra;
	enum db_status st = report_access_for(req, id, &ra);
	if (st != DB_OK)
		return st;
	if (ra.own || !(req->who.role == ROLE_OWNER || ra.heads_manager)) {
		reply_problem(req, PROBLEM_FORBIDDEN, "reports are reviewed by the manager's head or an owner");
		return DB_ABORTED;
	}
	if (ra.locked) {
		reply_problem(req, PROBLEM_REPORT_LOCKED, "the report was already reviewed and accepted");
		return DB_ABORTED;
	}
	if (!api_body_valid(req, review_specs, COUNT(review_specs), VALIDATE_CREATE))
		return DB_ABORTED;
	char *body = api_body_text(req);
	struct store_doc doc = {0};
	st = body ? store_report_review(req->db, &req->who, id, body, &doc) : DB_ERROR;
	free(body);
	if (st == DB_OK && !doc.json) {
		reply_problem(req, PROBLEM_REPORT_LOCKED, "the report was already reviewed and accepted");
		return DB_ABORTED;
	}
	return api_reply_result(req, st, 200, &doc);
}

enum db_status api_report_missing(struct request *req)
{
	if (!api_query_valid(req, missing_specs, COUNT(missing_specs)))
		return DB_ABORTED;
	const char *date = request_query(req, "date");
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	char *items = NULL;
	bool workday = false;
	enum db_status st = store_report_missing(db, &req->who, date, &items, &workday);
	if (st != DB_OK)
		return st;
	struct buf b = BUF_INIT;
	buf_printf(&b, "{\"date\":\"%s\",\"is_workday\":%s,\"items\":%s}", date, workday ? "true" : "false", items);
	free(items);
	reply_json(req, 200, buf_steal(&b));
	return DB_OK;
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_daily_reports_schemas[] = {
	API_SCHEMA("POST /v1/daily-reports", create_specs, VALIDATE_CREATE),
	API_SCHEMA("PATCH /v1/daily-reports/{id}", patch_specs, VALIDATE_PATCH),
	API_SCHEMA("POST /v1/daily-reports/{id}/review", review_specs, VALIDATE_CREATE),
	API_SCHEMA("GET /v1/daily-reports", report_filters, VALIDATE_FILTER),
	API_SCHEMA("GET /v1/daily-reports/missing", missing_specs, VALIDATE_FILTER),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
