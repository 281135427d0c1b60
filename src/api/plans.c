/*
 * Monthly plans. PUT replaces one subject's targets for a month: an owner for any manager or team, a head for the
 * members of their teams and the teams they head. Targets are additive plan metrics with whole, non-negative values.
 */
#include "salesctl/api/schemas.h"
#include "salesctl/api/plans.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/list.h"
#include "salesctl/domain/formats.h"
#include "salesctl/domain/kpi.h"
#include "salesctl/store/plans.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const subject_values[] = {"manager", "team", NULL};

static const struct field_spec put_specs[] = {
	{.name = "subject_type", .type = FT_ENUM, .flags = F_REQUIRED, .values = subject_values},
	{.name = "subject_id", .type = FT_UUID, .flags = F_REQUIRED},
};

static const struct field_spec plan_filters[STORE_PLAN_TARGET_FILTERS] = {
	{.name = "period", .type = FT_STRING, .min = 7, .max = 7},
	{.name = "subject_type", .type = FT_ENUM, .values = subject_values},
	{.name = "subject_id", .type = FT_UUID},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* targets: an object of plan metric → whole number 0..2^53, every bad key or value listed. */
static void targets_check(const json_t *targets, struct field_errors *errs)
{
	if (!targets) {
		field_errors_add(errs, NULL, "targets", "is required");
		return;
	}
	if (!json_is_object(targets)) {
		field_errors_add(errs, NULL, "targets", "must be an object of plan metric to target");
		return;
	}
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)targets, key, v) {
		if (kpi_metric_parse(key) < 0)
			field_errors_add(errs, "targets", key, "is not a plan metric");
		else if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > JSON_SAFE_INT_MAX)
			field_errors_add(errs, "targets", key, "must be a whole number from 0 to %lld", JSON_SAFE_INT_MAX);
	}
}

enum db_status api_plans_put(struct request *req)
{
	const char *period = req->match.params[0];
	struct field_errors errs = {0};
	if (!format_is_period(period))
		field_errors_add(&errs, NULL, "period", "must be a month as YYYY-MM");
	json_t *copy = json_deep_copy(req->json);
	json_t *targets = json_object_get(req->json, "targets");
	if (copy) {
		json_object_del(copy, "targets"); /* checked below: its keys are metrics, not fields */
		json_validate(copy, put_specs, COUNT(put_specs), VALIDATE_CREATE, NULL, &errs);
		json_decref(copy);
	}
	if (json_is_object(req->json))
		targets_check(targets, &errs);
	if (errs.count) {
		reply_invalid(req, &errs);
		field_errors_free(&errs);
		return DB_ABORTED;
	}
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	const char *type = json_string_value(json_object_get(req->json, "subject_type"));
	const char *subject = json_string_value(json_object_get(req->json, "subject_id"));
	bool ok = false;
	enum db_status st = store_plan_subject_manageable(db, &req->who, type, subject, &ok);
	if (st == DB_OK && !ok) {
		reply_invalid_field(req, "subject_id", "must be a manager or team whose plan you set");
		return DB_ABORTED;
	}
	char month[80], *text = json_dumps(targets, JSON_COMPACT);
	snprintf(month, sizeof(month), "%s-01", period);
	struct store_doc doc = {0};
	bool created = false;
	if (st == DB_OK)
		st = text ? store_plan_put(db, req->who.org_id, month, type, subject, text, &doc, &created) : DB_ERROR;
	free(text);
	return api_reply_result(req, st, created ? 201 : 200, &doc);
}

enum db_status api_plans_list(struct request *req)
{
	struct list_request lr;
	if (!api_list_parse(req, plan_filters, COUNT(plan_filters), &lr))
		return DB_ABORTED;
	char month[80];
	if (lr.filters[0]) {
		if (!format_is_period(lr.filters[0])) {
			reply_invalid_field(req, "period", "must be a month as YYYY-MM");
			return DB_ABORTED;
		}
		snprintf(month, sizeof(month), "%s-01", lr.filters[0]);
		lr.filters[0] = month;
	}
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	struct store_page page;
	enum db_status st = store_plan_target_list(db, &req->who, lr.filters, lr.after_at[0] ? lr.after_at : NULL,
						   lr.after_id[0] ? lr.after_id : NULL, lr.limit, &page);
	if (st != DB_OK)
		return st;
	api_page_reply(req, req->match.route->pattern, &page);
	return DB_OK;
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_plans_schemas[] = {
	API_SCHEMA("PUT /v1/plans/{period}", put_specs, VALIDATE_CREATE),
	API_SCHEMA("GET /v1/plans", plan_filters, VALIDATE_FILTER),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
