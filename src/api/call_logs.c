/*
 * Call logs. A manager logs their own calls; a head or owner (or the telephony integration with such a token) logs
 * calls of managers they reach. external_id makes logging idempotent: the same id again answers the stored call
 * with 200. A batch validates each item on its own, stores every valid one in one statement and answers item by
 * item. Heads and owners review calls; the sample picks calls worth reviewing.
 */
#include "salesctl/api/schemas.h"
#include "salesctl/api/batch.h"
#include "salesctl/api/call_logs.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/list.h"
#include "salesctl/api/export.h"
#include "salesctl/core/buf.h"
#include "salesctl/store/call_logs.h"
#include "salesctl/store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const direction_values[] = {"inbound", "outbound", NULL};
static const char *const outcome_values[] = {"no_answer", "busy", "talked", "meeting_set", "proposal", "deal",
					     "callback", NULL};

static const struct field_spec call_specs[] = {
	{.name = "manager_id", .type = FT_UUID},
	{.name = "direction", .type = FT_ENUM, .flags = F_REQUIRED, .values = direction_values},
	{.name = "started_at", .type = FT_TIMESTAMP, .flags = F_REQUIRED},
	{.name = "duration_s", .type = FT_INT, .flags = F_REQUIRED, .min = 0, .max = 86400},
	{.name = "phone", .type = FT_STRING, .flags = F_NULLABLE, .min = 0, .max = 64},
	{.name = "client_ref", .type = FT_STRING, .flags = F_NULLABLE, .min = 0, .max = NAME_MAX_CHARS},
	{.name = "outcome", .type = FT_ENUM, .flags = F_NULLABLE, .values = outcome_values},
	{.name = "external_id", .type = FT_STRING, .flags = F_NULLABLE, .min = 1, .max = NAME_MAX_CHARS},
	{.name = "recording_url", .type = FT_STRING, .flags = F_NULLABLE, .min = 0, .max = 2000},
	{.name = "notes", .type = FT_STRING, .flags = F_NULLABLE, .min = 0, .max = TEXT_MAX_CHARS},
};

static const struct field_spec checklist_specs[] = {
	{.name = "greeting", .type = FT_BOOL, .flags = F_REQUIRED},
	{.name = "needs_identified", .type = FT_BOOL, .flags = F_REQUIRED},
	{.name = "presentation", .type = FT_BOOL, .flags = F_REQUIRED},
	{.name = "objections_handled", .type = FT_BOOL, .flags = F_REQUIRED},
	{.name = "next_step", .type = FT_BOOL, .flags = F_REQUIRED},
};

static const struct field_spec review_specs[] = {
	{.name = "score", .type = FT_INT, .flags = F_REQUIRED, .min = 0, .max = 100},
	{.name = "checklist", .type = FT_OBJECT, .flags = F_REQUIRED, .fields = checklist_specs, .nfields = 5},
	{.name = "comment", .type = FT_STRING, .flags = F_NULLABLE, .min = 0, .max = TEXT_MAX_CHARS},
};

/* In the order of store_call_list_shape's filters. */
static const struct field_spec call_filters[] = {
	{.name = "manager_id", .type = FT_UUID},
	{.name = "team_id", .type = FT_UUID},
	{.name = "from", .type = FT_TIMESTAMP},
	{.name = "to", .type = FT_TIMESTAMP},
	{.name = "direction", .type = FT_ENUM, .flags = F_MULTI, .values = direction_values},
	{.name = "outcome", .type = FT_ENUM, .flags = F_MULTI, .values = outcome_values},
	{.name = "effective", .type = FT_BOOL},
	{.name = "reviewed", .type = FT_BOOL},
};

static const struct field_spec sample_specs[] = {
	{.name = "manager_id", .type = FT_UUID, .flags = F_REQUIRED},
	{.name = "date", .type = FT_DATE},
	{.name = "n", .type = FT_INT, .min = 1, .max = 50},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum db_status api_call_create(struct request *req)
{
	if (!api_body_valid(req, call_specs, COUNT(call_specs), VALIDATE_CREATE))
		return DB_ABORTED;
	enum db_status st = api_acting_for(req, req->json, "manager_id");
	if (st != DB_OK)
		return st;
	/* Outside a transaction unless an Idempotency-Key asks for one (route table, TX_FOR_KEY). */
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	char id[37];
	api_new_id(id);
	char *body = api_body_text(req);
	struct store_doc doc = {0};
	st = body ? store_call_create(db, &req->who, id, body, &doc) : DB_ERROR;
	free(body);
	if (st != DB_OK || doc.json) {
		if (doc.json)
			snprintf(req->reply.location, sizeof(req->reply.location), "/v1/call-logs/%s", id);
		return api_reply_result(req, st, 201, &doc);
	}
	/* external_id is already stored: answer that call, if the caller may see it. */
	bool exists = false;
	st = store_call_by_external(db, &req->who, json_string_value(json_object_get(req->json, "external_id")), &doc,
				    &exists);
	if (st == DB_OK && !doc.json) {
		reply_problem(req, PROBLEM_CONFLICT, "external_id belongs to a call you cannot see");
		return DB_ABORTED;
	}
	return api_reply_result(req, st, 200, &doc);
}

static void call_check(const json_t *item, struct field_errors *errs)
{
	json_validate(item, call_specs, COUNT(call_specs), VALIDATE_CREATE, NULL, errs);
}

enum db_status api_call_batch(struct request *req)
{
	static const struct api_batch calls = {
		.check = call_check,
		.store = store_call_batch,
		.not_an_array = "must be an array of calls",
		.wrong_size = "must hold 1 to %d calls",
		.conflict = "external_id belongs to a call you cannot see",
	};
	return api_batch_run(req, &calls);
}

/* The columns of a call-log export (SPEC §6.1), the review flattened. */
static const char *const call_columns[] = {
	"id", "manager_id", "direction", "started_at", "local_date", "duration_s", "effective", "outcome", "phone",
	"client_ref", "external_id", "recording_url", "notes", "review.score", "review.comment", "review.reviewed_at",
	"created_at", NULL};

enum db_status api_call_list(struct request *req)
{
	if (request_wants_csv(req))
		return api_list_export(req, call_filters, COUNT(call_filters), &store_call_list_shape, call_columns,
				       "call-logs.csv", NULL);
	return api_list_composed(req, call_filters, COUNT(call_filters), &store_call_list_shape);
}

enum db_status api_call_get(struct request *req)
{
	const char *id = api_path_id(req, 0);
	return id ? api_get_reply(req, store_call_get, id) : DB_ABORTED;
}

enum db_status api_call_sample(struct request *req)
{
	if (!api_query_valid(req, sample_specs, COUNT(sample_specs)))
		return DB_ABORTED;
	const char *manager_id = request_query(req, "manager_id");
	const char *n = request_query(req, "n");
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	bool ok = false;
	enum db_status st = store_user_reachable(db, &req->who, manager_id, &ok);
	if (st == DB_OK && !ok) {
		reply_invalid_field(req, "manager_id", "must be a user you manage");
		return DB_ABORTED;
	}
	char *items = NULL;
	if (st == DB_OK)
		st = store_call_sample(db, &req->who, manager_id, request_query(req, "date"), n ? atoi(n) : 5, &items);
	if (st != DB_OK)
		return st;
	struct buf b = BUF_INIT;
	buf_printf(&b, "{\"items\":%s}", items);
	free(items);
	reply_json(req, 200, buf_steal(&b));
	return DB_OK;
}

enum db_status api_call_review(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (!id)
		return DB_ABORTED;
	struct call_access access;
	enum db_status st = store_call_access(req->db, &req->who, id, &access);
	if (st != DB_OK)
		return st;
	if (!access.found) {
		reply_problem(req, PROBLEM_NOT_FOUND, NULL);
		return DB_ABORTED;
	}
	if (access.own || !(req->who.role == ROLE_OWNER || access.heads_manager)) {
		reply_problem(req, PROBLEM_FORBIDDEN, "calls are reviewed by the manager's head or an owner");
		return DB_ABORTED;
	}
	if (!api_body_valid(req, review_specs, COUNT(review_specs), VALIDATE_CREATE))
		return DB_ABORTED;
	char *body = api_body_text(req);
	st = body ? store_call_review(req->db, &req->who, id, body) : DB_ERROR;
	free(body);
	if (st != DB_OK)
		return st;
	return api_get_reply(req, store_call_get, id);
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_call_logs_schemas[] = {
	API_SCHEMA("POST /v1/call-logs", call_specs, VALIDATE_CREATE),
	API_SCHEMA("POST /v1/call-logs/{id}/review", review_specs, VALIDATE_CREATE),
	API_SCHEMA("GET /v1/call-logs", call_filters, VALIDATE_FILTER),
	API_SCHEMA("GET /v1/call-logs/sample", sample_specs, VALIDATE_FILTER),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
