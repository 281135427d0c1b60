/*
 * One-on-ones. A head (or owner) schedules one with a manager they reach and is its head; heads and owners who see
 * it edit, hold or cancel it while it is scheduled. The manager reads their own. Holding records notes, mood and
 * agreements; with create_tasks every agreement becomes a task for the manager in the same transaction. A scheduled
 * one-on-one read alone carries its suggested agenda (SPEC §6.4), gathered when it is read.
 */
#include "salesctl/api/schemas.h"
#include "salesctl/api/one_on_ones.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/list.h"
#include "salesctl/auth/token.h"
#include "salesctl/domain/alert_text.h"
#include "salesctl/domain/plan_status.h"
#include "salesctl/store/kpi.h"
#include "salesctl/store/one_on_ones.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AGREEMENTS_MAX 50

static const char *const kind_values[] = {"regular", "motivation", "performance", "onboarding", NULL};
static const char *const status_values[] = {"scheduled", "held", "cancelled", NULL};

static const struct field_spec create_specs[] = {
	{.name = "manager_id", .type = FT_UUID, .flags = F_REQUIRED},
	{.name = "scheduled_at", .type = FT_TIMESTAMP, .flags = F_REQUIRED},
	{.name = "kind", .type = FT_ENUM, .values = kind_values},
	{.name = "agenda", .type = FT_STRING, .flags = F_NULLABLE, .min = 0, .max = TEXT_MAX_CHARS},
};

static const struct field_spec patch_specs[] = {
	{.name = "scheduled_at", .type = FT_TIMESTAMP},
	{.name = "kind", .type = FT_ENUM, .values = kind_values},
	{.name = "agenda", .type = FT_STRING, .flags = F_NULLABLE, .min = 0, .max = TEXT_MAX_CHARS},
};

static const struct field_spec hold_specs[] = {
	{.name = "notes", .type = FT_STRING, .flags = F_NULLABLE, .min = 0, .max = TEXT_MAX_CHARS},
	{.name = "mood", .type = FT_INT, .flags = F_NULLABLE, .min = 1, .max = 5},
	{.name = "create_tasks", .type = FT_BOOL},
};

static const struct field_spec agreement_specs[] = {
	{.name = "text", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = TEXT_MAX_CHARS},
	{.name = "due_at", .type = FT_TIMESTAMP, .flags = F_NULLABLE},
};

/* In the order of store_one_on_one_list_shape's filters. */
static const struct field_spec one_on_one_filters[] = {
	{.name = "manager_id", .type = FT_UUID},
	{.name = "head_id", .type = FT_UUID},
	{.name = "status", .type = FT_ENUM, .flags = F_MULTI, .values = status_values},
	{.name = "from", .type = FT_TIMESTAMP},
	{.name = "to", .type = FT_TIMESTAMP},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum db_status api_one_on_one_create(struct request *req)
{
	if (!api_body_valid(req, create_specs, COUNT(create_specs), VALIDATE_CREATE))
		return DB_ABORTED;
	enum db_status st = api_other_reachable(req, "manager_id");
	return st == DB_OK ? api_create_reply(req, store_one_on_one_create, "/v1/one-on-ones") : st;
}

enum db_status api_one_on_one_list(struct request *req)
{
	return api_list_composed(req, one_on_one_filters, COUNT(one_on_one_filters), &store_one_on_one_list_shape);
}

/* The agenda's store items in the request's language: an alert becomes its message. */
static void agenda_localise(enum lang lang, json_t *agenda)
{
	size_t i;
	json_t *item;
	json_array_foreach(agenda, i, item) {
		json_t *alert = json_object_get(item, "alert");
		if (!alert)
			continue;
		char message[512];
		if (alert_message(lang, alert, message, sizeof(message)) < 0)
			snprintf(message, sizeof(message), "%s", json_string_value(json_object_get(alert, "message")));
		json_object_set_new(item, "title", json_string(message));
		json_object_del(item, "alert");
	}
}

struct lagging_job {
	const char *manager_id;
};

/* The manager's lagging and at-risk metrics this month as plan status counts them: a JSON array (new) of {metric,
 * target, actual, expected, status}, the same for every viewer who reaches the manager. */
static enum db_status lagging_compute(struct request *req, void *arg, char **out)
{
	const struct lagging_job *job = arg;
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	struct plan_inputs in;
	enum db_status st = store_kpi_plan_inputs(db, &req->who, NULL, NULL, NULL, NULL, &in);
	if (st != DB_OK)
		return st;
	json_t *lagging = json_array();
	for (size_t i = 0; i < in.set.nmanagers && lagging; i++) {
		const struct plan_subject *subj = &in.set.managers[i];
		if (strcmp(subj->id, job->manager_id) != 0)
			continue;
		for (int m = 0; m < KPI__COUNT; m++) {
			struct metric_plan_status s;
			if (!subj->has[m])
				continue;
			plan_subject_metric(subj, (enum kpi_metric)m, false, subj->workdays, subj->elapsed,
					    in.ctx.lag_threshold, &s);
			if (s.state == PLAN_LAGGING || s.state == PLAN_AT_RISK)
				json_array_append_new(lagging, json_pack("{s:s, s:f, s:f, s:f, s:s}", "metric",
									 kpi_metric_name((enum kpi_metric)m), "target",
									 s.target, "actual", s.actual, "expected",
									 s.expected_to_date.null ? 0.0 : s.expected_to_date.value,
									 "status", plan_state_name(s.state)));
		}
	}
	plan_inputs_free(&in);
	*out = lagging ? json_dumps(lagging, JSON_COMPACT) : NULL;
	json_decref(lagging);
	return *out ? DB_OK : DB_ERROR;
}

/* The manager's lagging and at-risk metrics appended to the agenda: the title is plan_lagging's message, the figures
 * are the plan's. They are kept in the plan-status cache under everything plan status is computed from (ctx). */
static enum db_status agenda_add_lagging(struct request *req, const struct one_on_one_agenda *ctx, json_t *agenda)
{
	char key[256], *text = NULL;
	snprintf(key, sizeof(key), "lagging|%s|%lld|%s|%s|%d|%lld", req->who.org_id, ctx->plan_version, ctx->manager_id,
		 ctx->as_of_date, ctx->deadline_passed, ctx->quarter_hour);
	struct lagging_job job = {ctx->manager_id};
	enum db_status st = api_plan_cached(req, true, key, ctx->plan_version, lagging_compute, &job, &text);
	json_t *lagging = text ? json_loads(text, 0, NULL) : NULL;
	free(text);
	if (st != DB_OK || !lagging) {
		json_decref(lagging);
		return st == DB_OK ? DB_ERROR : st;
	}
	size_t i;
	json_t *l;
	json_array_foreach(lagging, i, l) {
		json_t *as_alert = json_pack("{s:s, s:O, s:O, s:O}", "kind", "plan_lagging", "metric",
					     json_object_get(l, "metric"), "expected", json_object_get(l, "expected"),
					     "actual", json_object_get(l, "actual"));
		char title[512] = "";
		alert_message(request_lang(req), as_alert, title, sizeof(title));
		json_decref(as_alert);
		json_array_append_new(agenda, json_pack("{s:s, s:s, s:s, s:s, s:n, s:{s:O, s:O, s:O, s:O}}", "kind",
							"lagging_metric", "subject_type", "manager", "subject_id",
							ctx->manager_id, "title", title, "at", "figures", "metric",
							json_object_get(l, "metric"), "target", json_object_get(l, "target"),
							"actual", json_object_get(l, "actual"), "status",
							json_object_get(l, "status")));
	}
	json_decref(lagging);
	return DB_OK;
}

enum db_status api_one_on_one_get(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (!id)
		return DB_ABORTED;
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	struct store_doc doc = {0};
	enum db_status st = store_one_on_one_get(db, &req->who, id, &doc);
	json_t *ooo = st == DB_OK && doc.json ? json_loads(doc.json, 0, NULL) : NULL;
	const char *status = json_string_value(json_object_get(ooo, "status"));
	if (st != DB_OK || !doc.json || !ooo || !status || strcmp(status, "scheduled") != 0) {
		json_decref(ooo);
		return api_reply_result(req, st, 200, &doc);
	}
	struct one_on_one_agenda gathered;
	st = store_one_on_one_agenda(db, req->who.org_id, id, &gathered);
	json_t *agenda = gathered.items ? json_loads(gathered.items, 0, NULL) : NULL;
	free(gathered.items);
	if (st == DB_OK && !agenda)
		st = DB_ERROR;
	if (st == DB_OK) {
		agenda_localise(request_lang(req), agenda);
		st = agenda_add_lagging(req, &gathered, agenda);
	}
	/* The tag is the version's (If-Match compares it) with a digest of the agenda, which changes without it. */
	char hash[TOKEN_HASH_HEX] = "";
	if (st == DB_OK) {
		char *agenda_text = json_dumps(agenda, JSON_COMPACT);
		if (agenda_text)
			token_hash(agenda_text, hash);
		free(agenda_text);
		json_object_set_new(ooo, "suggested_agenda", agenda);
		agenda = NULL;
		free(doc.json);
		doc.json = json_dumps(ooo, JSON_COMPACT);
		if (!doc.json || !hash[0])
			st = DB_ERROR;
	}
	json_decref(agenda);
	json_decref(ooo);
	int version = doc.version;
	st = api_reply_result(req, st, 200, &doc);
	if (st == DB_OK) {
		snprintf(req->reply.etag, sizeof(req->reply.etag), "\"%d-%.16s\"", version, hash);
		req->reply.content_language = lang_tag(request_lang(req));
	}
	return st;
}

/* The one-on-one must be visible (404), managed by a head or owner who is not its manager (403), and still
 * scheduled (409). */
static enum db_status manageable(struct request *req, const char *id)
{
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	struct one_on_one_access a;
	enum db_status st = store_one_on_one_access(db, &req->who, id, &a);
	if (st != DB_OK)
		return st;
	if (!a.found) {
		reply_problem(req, PROBLEM_NOT_FOUND, NULL);
		return DB_ABORTED;
	}
	if (a.is_manager || !role_at_least(req->who.role, ROLE_HEAD)) {
		reply_problem(req, PROBLEM_FORBIDDEN, "one-on-ones are run by the head or an owner");
		return DB_ABORTED;
	}
	if (!a.scheduled) {
		reply_problem(req, PROBLEM_CONFLICT, "the one-on-one is no longer scheduled");
		return DB_ABORTED;
	}
	return DB_OK;
}

enum db_status api_one_on_one_patch(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (!id)
		return DB_ABORTED;
	enum db_status st = manageable(req, id);
	if (st != DB_OK)
		return st;
	if (!api_body_valid(req, patch_specs, COUNT(patch_specs), VALIDATE_PATCH))
		return DB_ABORTED;
	return api_patch_reply(req, store_one_on_one_patch, id);
}

/* Validates the hold body, agreements item by item (as agreements[i].field). */
static bool hold_valid(struct request *req, bool *create_tasks)
{
	struct field_errors errs = {0};
	json_t *agreements = json_object_get(req->json, "agreements");
	json_t *copy = json_deep_copy(req->json);
	if (!copy) {
		reply_problem(req, PROBLEM_INTERNAL, "out of memory");
		return false;
	}
	json_object_del(copy, "agreements"); /* an array: checked item by item below */
	json_validate(copy, hold_specs, COUNT(hold_specs), VALIDATE_CREATE, NULL, &errs);
	json_decref(copy);
	*create_tasks = json_is_true(json_object_get(req->json, "create_tasks"));
	if (agreements && !json_is_array(agreements)) {
		field_errors_add(&errs, NULL, "agreements", "must be an array of {text, due_at}");
	} else if (json_array_size(agreements) > AGREEMENTS_MAX) {
		field_errors_add(&errs, NULL, "agreements", "must hold at most %d agreements", AGREEMENTS_MAX);
	} else {
		size_t i;
		json_t *a;
		json_array_foreach(agreements, i, a) {
			char prefix[48];
			snprintf(prefix, sizeof(prefix), "agreements[%zu]", i);
			if (json_validate(a, agreement_specs, COUNT(agreement_specs), VALIDATE_CREATE, prefix, &errs) &&
			    *create_tasks && !json_is_string(json_object_get(a, "due_at")))
				field_errors_add(&errs, prefix, "due_at", "is required when create_tasks is true");
		}
	}
	bool ok = errs.count == 0;
	if (!ok)
		reply_invalid(req, &errs);
	field_errors_free(&errs);
	return ok;
}

enum db_status api_one_on_one_hold(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (!id)
		return DB_ABORTED;
	enum db_status st = manageable(req, id);
	if (st != DB_OK)
		return st;
	bool create_tasks = false;
	if (!hold_valid(req, &create_tasks))
		return DB_ABORTED;
	char *body = api_body_text(req);
	struct store_doc doc = {0};
	st = body ? store_one_on_one_hold(req->db, &req->who, id, body, create_tasks, &doc) : DB_ERROR;
	free(body);
	return api_reply_result(req, st, 200, &doc);
}

enum db_status api_one_on_one_cancel(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (!id)
		return DB_ABORTED;
	enum db_status st = manageable(req, id);
	if (st != DB_OK)
		return st;
	if (!api_body_valid(req, NULL, 0, VALIDATE_CREATE))
		return DB_ABORTED;
	struct store_doc doc = {0};
	st = store_one_on_one_cancel(req->db, &req->who, id, &doc);
	return api_reply_result(req, st, 200, &doc);
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_one_on_ones_schemas[] = {
	API_SCHEMA("POST /v1/one-on-ones", create_specs, VALIDATE_CREATE),
	API_SCHEMA("PATCH /v1/one-on-ones/{id}", patch_specs, VALIDATE_PATCH),
	API_SCHEMA("POST /v1/one-on-ones/{id}/hold", hold_specs, VALIDATE_CREATE),
	API_SCHEMA("GET /v1/one-on-ones", one_on_one_filters, VALIDATE_FILTER),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
