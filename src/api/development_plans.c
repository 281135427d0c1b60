/*
 * Individual development plans. A head (or owner) writes a plan for a manager they reach, adds items, and moves it
 * through its statuses (domain/idp_status.c). The manager reads their plan and adds progress notes; so do the heads
 * and owners who see it. Progress may only be added to an active plan.
 */
#include "salesctl/api/schemas.h"
#include "salesctl/api/development_plans.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/list.h"
#include "salesctl/store/development_plans.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ITEMS_MAX 50

static const char *const metric_values[] = {"calls_total", "calls_outbound", "calls_inbound", "calls_effective",
					    "talk_time_s", "chat_sessions", "meetings", "proposals_sent",
					    "leads_received", "leads_processed", "deals_won", "payments_count",
					    "revenue_minor", "conversion", "effective_share", "quality_score_avg",
					    "avg_deal_minor", NULL};
static const char *const status_values[] = {"draft", "active", "completed", "failed", "cancelled", NULL};

static const struct field_spec idp_specs[] = {
	{.name = "manager_id", .type = FT_UUID, .flags = F_REQUIRED},
	{.name = "reason", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = TEXT_MAX_CHARS},
	{.name = "starts_on", .type = FT_DATE, .flags = F_REQUIRED},
	{.name = "ends_on", .type = FT_DATE, .flags = F_REQUIRED},
};

static const struct field_spec patch_specs[] = {
	{.name = "reason", .type = FT_STRING, .min = 1, .max = TEXT_MAX_CHARS},
	{.name = "starts_on", .type = FT_DATE},
	{.name = "ends_on", .type = FT_DATE},
};

static const struct field_spec item_specs[] = {
	{.name = "competency", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = NAME_MAX_CHARS},
	{.name = "competency_id", .type = FT_UUID, .flags = F_NULLABLE},
	{.name = "goal", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = TEXT_MAX_CHARS},
	{.name = "metric", .type = FT_ENUM, .flags = F_NULLABLE, .values = metric_values},
	{.name = "target_value", .type = FT_NUMBER, .flags = F_NULLABLE, .fmin = 0, .fmax = 9007199254740991.0},
	{.name = "due_on", .type = FT_DATE, .flags = F_REQUIRED},
};

static const struct field_spec transition_specs[] = {
	{.name = "to", .type = FT_ENUM, .flags = F_REQUIRED, .values = status_values},
};

static const struct field_spec progress_specs[] = {
	{.name = "value", .type = FT_NUMBER, .flags = F_NULLABLE, .fmin = -9007199254740991.0, .fmax = 9007199254740991.0},
	{.name = "note", .type = FT_STRING, .flags = F_NULLABLE, .min = 1, .max = TEXT_MAX_CHARS},
};

/* In the order of store_idp_list_shape's filters. */
static const struct field_spec idp_filters[] = {
	{.name = "manager_id", .type = FT_UUID},
	{.name = "status", .type = FT_ENUM, .flags = F_MULTI, .values = status_values},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* One item's rules beyond its fields: a metric needs a target. */
static void item_check(const json_t *item, const char *prefix, struct field_errors *errs)
{
	if (json_validate(item, item_specs, COUNT(item_specs), VALIDATE_CREATE, prefix, errs) &&
	    json_is_string(json_object_get(item, "metric")) && !json_is_number(json_object_get(item, "target_value")))
		field_errors_add(errs, prefix, "target_value", "is required with a metric");
}

static bool idp_body_valid(struct request *req)
{
	struct field_errors errs = {0};
	json_t *copy = json_deep_copy(req->json);
	json_t *items = json_object_get(req->json, "items");
	if (!copy) {
		reply_problem(req, PROBLEM_INTERNAL, "out of memory");
		return false;
	}
	json_object_del(copy, "items"); /* an array: checked item by item below */
	json_validate(copy, idp_specs, COUNT(idp_specs), VALIDATE_CREATE, NULL, &errs);
	json_decref(copy);
	if (items && !json_is_array(items)) {
		field_errors_add(&errs, NULL, "items", "must be an array of items");
	} else if (json_array_size(items) > ITEMS_MAX) {
		field_errors_add(&errs, NULL, "items", "must hold at most %d items", ITEMS_MAX);
	} else {
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it) {
			char prefix[48];
			snprintf(prefix, sizeof(prefix), "items[%zu]", i);
			item_check(it, prefix, &errs);
		}
	}
	bool ok = errs.count == 0;
	if (!ok)
		reply_invalid(req, &errs);
	field_errors_free(&errs);
	return ok;
}

enum db_status api_idp_create(struct request *req)
{
	if (!idp_body_valid(req))
		return DB_ABORTED;
	enum db_status st = api_other_reachable(req, "manager_id");
	return st == DB_OK ? api_create_reply(req, store_idp_create, "/v1/development-plans") : st;
}

enum db_status api_idp_list(struct request *req)
{
	return api_list_composed(req, idp_filters, COUNT(idp_filters), &store_idp_list_shape);
}

enum db_status api_idp_get(struct request *req)
{
	const char *id = api_path_id(req, 0);
	return id ? api_get_reply(req, store_idp_get, id) : DB_ABORTED;
}

/* The plan as the caller relates to it: 404 when not visible; with `manage`, 403 unless a head or owner who is not
 * its manager; with `need_open`, 409 once completed, failed or cancelled. */
static enum db_status idp_access_for(struct request *req, const char *id, bool manage, bool need_open,
				     struct idp_access *pa)
{
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	enum db_status st = store_idp_access(db, &req->who, id, pa);
	if (st != DB_OK)
		return st;
	if (!pa->found) {
		reply_problem(req, PROBLEM_NOT_FOUND, NULL);
		return DB_ABORTED;
	}
	if (manage && (pa->is_manager || !role_at_least(req->who.role, ROLE_HEAD))) {
		reply_problem(req, PROBLEM_FORBIDDEN, "development plans are managed by heads and owners");
		return DB_ABORTED;
	}
	if (need_open && !idp_status_open(pa->status)) {
		reply_problemf(req, PROBLEM_CONFLICT, "the plan is %s", idp_status_name(pa->status));
		return DB_ABORTED;
	}
	return DB_OK;
}

enum db_status api_idp_patch(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (!id)
		return DB_ABORTED;
	struct idp_access pa;
	enum db_status st = idp_access_for(req, id, true, true, &pa);
	if (st != DB_OK)
		return st;
	if (!api_body_valid(req, patch_specs, COUNT(patch_specs), VALIDATE_PATCH))
		return DB_ABORTED;
	return api_patch_reply(req, store_idp_patch, id);
}

enum db_status api_idp_transition(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (!id)
		return DB_ABORTED;
	struct idp_access pa;
	enum db_status st = idp_access_for(req, id, true, false, &pa);
	if (st != DB_OK)
		return st;
	if (!api_body_valid(req, transition_specs, COUNT(transition_specs), VALIDATE_CREATE))
		return DB_ABORTED;
	enum idp_status to = (enum idp_status)idp_status_parse(json_string_value(json_object_get(req->json, "to")));
	if (!idp_transition_allowed(pa.status, to)) {
		reply_problemf(req, PROBLEM_INVALID_TRANSITION, "a %s plan cannot become %s", idp_status_name(pa.status),
			       idp_status_name(to));
		return DB_ABORTED;
	}
	st = store_idp_transition(req->db, &req->who, id, to);
	if (st != DB_OK)
		return st;
	return api_get_reply(req, store_idp_get, id);
}

enum db_status api_idp_item_add(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (!id)
		return DB_ABORTED;
	struct idp_access pa;
	enum db_status st = idp_access_for(req, id, true, true, &pa);
	if (st != DB_OK)
		return st;
	struct field_errors errs = {0};
	item_check(req->json, NULL, &errs);
	if (errs.count) {
		reply_invalid(req, &errs);
		field_errors_free(&errs);
		return DB_ABORTED;
	}
	char *body = api_body_text(req);
	st = body ? store_idp_item_add(req->db, &req->who, id, body) : DB_ERROR;
	free(body);
	if (st != DB_OK)
		return st;
	struct store_doc doc = {0};
	st = store_idp_get(req->db, &req->who, id, &doc);
	return api_reply_result(req, st, 201, &doc);
}

enum db_status api_idp_progress(struct request *req)
{
	const char *id = api_path_id(req, 0);
	const char *item_id = id ? api_path_id(req, 1) : NULL;
	if (!item_id)
		return DB_ABORTED;
	struct idp_access pa;
	enum db_status st = idp_access_for(req, id, false, false, &pa);
	if (st != DB_OK)
		return st;
	if (!pa.is_manager && !role_at_least(req->who.role, ROLE_HEAD)) {
		reply_problem(req, PROBLEM_FORBIDDEN, "progress is noted by the manager or their head");
		return DB_ABORTED;
	}
	if (pa.status != IDP_ACTIVE) {
		reply_problemf(req, PROBLEM_CONFLICT, "progress is noted on active plans; this one is %s",
			       idp_status_name(pa.status));
		return DB_ABORTED;
	}
	if (!api_body_valid(req, progress_specs, COUNT(progress_specs), VALIDATE_CREATE))
		return DB_ABORTED;
	if (!json_is_number(json_object_get(req->json, "value")) && !json_is_string(json_object_get(req->json, "note"))) {
		reply_invalid_field(req, "note", "a progress note needs a value or a note");
		return DB_ABORTED;
	}
	char *body = api_body_text(req);
	bool found = false;
	st = body ? store_idp_progress(req->db, &req->who, id, item_id, body, &found) : DB_ERROR;
	free(body);
	if (st == DB_OK && !found) {
		reply_problem(req, PROBLEM_NOT_FOUND, "no such item in this plan");
		return DB_ABORTED;
	}
	struct store_doc doc = {0};
	if (st == DB_OK)
		st = store_idp_get(req->db, &req->who, id, &doc);
	return api_reply_result(req, st, 201, &doc);
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_development_plans_schemas[] = {
	API_SCHEMA("POST /v1/development-plans", idp_specs, VALIDATE_CREATE),
	API_SCHEMA("PATCH /v1/development-plans/{id}", patch_specs, VALIDATE_PATCH),
	API_SCHEMA("POST /v1/development-plans/{id}/items", item_specs, VALIDATE_CREATE),
	API_SCHEMA("POST /v1/development-plans/{id}/transitions", transition_specs, VALIDATE_CREATE),
	API_SCHEMA("POST /v1/development-plans/{id}/items/{item_id}/progress", progress_specs, VALIDATE_CREATE),
	API_SCHEMA("GET /v1/development-plans", idp_filters, VALIDATE_FILTER),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
