/*
 * Compensation: owners write schemes, everyone in the organisation reads them, heads and owners check them against
 * the three-times rule, and payouts apply them to this period's plan status (the commission metric's actual and
 * target, the manager's own capacity for the projection) and discipline alerts. The arithmetic is domain/payouts.c.
 */
#include "salesctl/api/compensation.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/list.h"
#include "salesctl/api/schemas.h"
#include "salesctl/core/buf.h"
#include "salesctl/domain/formats.h"
#include "salesctl/domain/kpi.h"
#include "salesctl/domain/plan_status.h"
#include "salesctl/store/compensation.h"
#include "salesctl/store/kpi.h"
#include "salesctl/store/periods.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_values[] = {"manager", "head", NULL};
static const char *const sales_role_values[] = {"scout", "hunter", "farmer", NULL};

static const struct field_spec applies_specs[] = {
	{.name = "role", .type = FT_ENUM, .values = role_values},
	{.name = "sales_role", .type = FT_ENUM, .values = sales_role_values},
};
static const struct field_spec commission_specs[] = {
	{.name = "metric", .type = FT_ENUM, .flags = F_REQUIRED, .values = kpi_metric_names},
	{.name = "rate", .type = FT_NUMBER, .flags = F_REQUIRED, .fmin = 0, .fmax = 1e12},
};
static const struct field_spec scheme_specs[] = {
	{.name = "name", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = NAME_MAX_CHARS},
	{.name = "applies_to", .type = FT_OBJECT, .flags = F_REQUIRED, .fields = applies_specs, .nfields = 2},
	{.name = "base_minor", .type = FT_INT, .flags = F_REQUIRED, .min = 0, .max = JSON_SAFE_INT_MAX},
	{.name = "commission", .type = FT_OBJECT, .flags = F_REQUIRED, .fields = commission_specs, .nfields = 2},
	{.name = "plan_bonus_minor", .type = FT_INT, .min = 0, .max = JSON_SAFE_INT_MAX},
	{.name = "discipline_bonus_minor", .type = FT_INT, .min = 0, .max = JSON_SAFE_INT_MAX},
};
static const struct field_spec accelerator_specs[] = {
	{.name = "from_attainment", .type = FT_NUMBER, .flags = F_REQUIRED, .fmin = 0.01, .fmax = 100},
	{.name = "rate", .type = FT_NUMBER, .flags = F_REQUIRED, .fmin = 0, .fmax = 1e12},
};
static const struct field_spec check_query[] = {
	{.name = "target", .type = FT_NUMBER, .flags = F_REQUIRED, .fmin = 1, .fmax = 9007199254740991.0},
};
static const struct field_spec payout_query[] = {
	{.name = "period", .type = FT_STRING, .min = 7, .max = 7},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The body, accelerators item by item (ascending, at most PAYOUT_MAX_TIERS) and applies_to with exactly one key:
 * 422 listing every problem. */
static bool scheme_body_valid(struct request *req)
{
	struct field_errors errs = {0};
	json_t *copy = json_deep_copy(req->json);
	json_t *accelerators = json_object_get(req->json, "accelerators");
	if (copy) {
		json_object_del(copy, "accelerators"); /* an array: checked below */
		json_validate(copy, scheme_specs, COUNT(scheme_specs), VALIDATE_CREATE, NULL, &errs);
		json_decref(copy);
	}
	json_t *applies = json_object_get(req->json, "applies_to");
	if (json_is_object(applies) && json_object_size(applies) != 1)
		field_errors_add(&errs, NULL, "applies_to", "must name exactly one of role or sales_role");
	if (accelerators && !json_is_array(accelerators)) {
		field_errors_add(&errs, NULL, "accelerators", "must be an array of {from_attainment, rate}");
	} else if (json_array_size(accelerators) > PAYOUT_MAX_TIERS) {
		field_errors_add(&errs, NULL, "accelerators", "must hold at most %d tiers", PAYOUT_MAX_TIERS);
	} else {
		size_t i;
		json_t *a;
		double last = 0;
		json_array_foreach(accelerators, i, a) {
			char prefix[48];
			snprintf(prefix, sizeof(prefix), "accelerators[%zu]", i);
			if (!json_validate(a, accelerator_specs, COUNT(accelerator_specs), VALIDATE_CREATE, prefix, &errs))
				continue;
			double from = json_number_value(json_object_get(a, "from_attainment"));
			if (from <= last)
				field_errors_add(&errs, prefix, "from_attainment", "must be above the tier before it");
			last = from;
		}
	}
	bool ok = errs.count == 0;
	if (!ok)
		reply_invalid(req, &errs);
	field_errors_free(&errs);
	return ok;
}

enum db_status api_scheme_put(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (!id)
		return DB_ABORTED;
	if (!api_require_role(req, ROLE_OWNER) || !scheme_body_valid(req))
		return DB_ABORTED;
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	char *body = api_body_text(req);
	struct store_doc doc = {0};
	bool created = false;
	enum db_status st = body ? store_scheme_put(db, req->who.org_id, id, body, &doc, &created) : DB_ERROR;
	free(body);
	if (st == DB_UNIQUE && strcmp(db_last_constraint(db), "compensation_schemes_id_key") == 0) {
		reply_problem(req, PROBLEM_NOT_FOUND, NULL);   /* another organisation's scheme */
		st = DB_ABORTED;
	}
	if (st == DB_OK && created)
		snprintf(req->reply.location, sizeof(req->reply.location), "/v1/compensation-schemes/%s", id);
	return api_reply_result(req, st, created ? 201 : 200, &doc);
}

enum db_status api_scheme_get(struct request *req)
{
	const char *id = api_path_id(req, 0);
	return id ? api_get_reply(req, store_scheme_get, id) : DB_ABORTED;
}

enum db_status api_scheme_list(struct request *req)
{
	return api_list_composed(req, NULL, 0, &store_scheme_list_shape);
}

enum db_status api_scheme_check(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (!id)
		return DB_ABORTED;
	enum db_status st = api_require_visible(req, store_scheme_get, id);
	if (st != DB_OK)
		return st;
	if (!api_require_role(req, ROLE_HEAD) || !api_query_valid(req, check_query, COUNT(check_query)))
		return DB_ABORTED;
	struct scheme_terms t;
	bool found = false;
	st = store_scheme_terms(req->db, req->who.org_id, id, &t, &found);
	if (st != DB_OK)
		return st;
	if (!found) {
		reply_problem(req, PROBLEM_NOT_FOUND, NULL);
		return DB_ABORTED;
	}
	double target = atof(request_query(req, "target"));
	struct payout_check c;
	payout_check(&t.scheme, target, &c);
	struct buf b = BUF_INIT;
	buf_printf(&b, "{\"scheme_id\":\"%s\",\"metric\":\"%s\",\"target\":%.10g,\"at_attainment\":{\"0.5\":%lld,"
		       "\"1.0\":%lld,\"1.2\":%lld},\"plan_pays_three_times\":%s}",
		   t.id, t.metric, target, c.at_half, c.at_plan, c.at_120, c.plan_pays_three_times ? "true" : "false");
	reply_json(req, 200, buf_steal(&b));
	return DB_OK;
}

void api_payout_render(struct buf *b, const struct payout_subject *p, const struct plan_inputs *in)
{
	const struct plan_subject *subj = NULL;
	for (size_t k = 0; k < in->set.nmanagers && !subj; k++)
		if (strcmp(in->set.managers[k].id, p->manager_id) == 0)
			subj = &in->set.managers[k];
	buf_printf(b, "{\"manager_id\":\"%s\",\"scheme_id\":", p->manager_id);
	if (!p->has_scheme) {
		buf_puts(b, "null,\"metric\":null,\"target\":null,\"actual\":null,\"attainment\":null,\"base_minor\":0,"
			    "\"commission_minor\":0,\"bonuses_minor\":0,\"total_minor\":0,\"projected_total_minor\":null,"
			    "\"components\":null}");
		return;
	}
	int m = kpi_metric_parse(p->terms.metric);
	bool has_target = subj && m >= 0 && subj->has[m];
	double target = has_target ? subj->target[m] : 0, actual = subj && m >= 0 ? subj->actual[m] : 0;
	bool clean = p->discipline_alerts == 0;
	struct payout now, projected;
	payout_compute(&p->terms.scheme, target, actual, clean, &now);
	bool projects = subj && payout_project(&p->terms.scheme, target, actual, subj->workdays, subj->elapsed, clean,
					       &projected);
	buf_printf(b, "\"%s\",\"metric\":\"%s\",\"target\":", p->terms.id, p->terms.metric);
	if (has_target)
		buf_printf(b, "%.10g", target);
	else
		buf_puts(b, "null");
	buf_printf(b, ",\"actual\":%.10g,\"attainment\":", actual);
	if (now.has_attainment)
		buf_printf(b, "%.10g", now.attainment);
	else
		buf_puts(b, "null");
	buf_printf(b, ",\"base_minor\":%lld,\"commission_minor\":%lld,\"bonuses_minor\":%lld,\"total_minor\":%lld,"
		      "\"projected_total_minor\":",
		   now.base_minor, now.commission_minor, now.bonuses_minor, now.total_minor);
	if (projects)
		buf_printf(b, "%lld", projected.total_minor);
	else
		buf_puts(b, "null");
	buf_printf(b, ",\"components\":{\"plan_bonus_minor\":%lld,\"discipline_bonus_minor\":%lld,"
		      "\"discipline_alerts\":%ld}}",
		   now.plan_bonus_minor, now.discipline_bonus_minor, p->discipline_alerts);
}

/* The payouts of the period for the viewer, rendered (new), from plan status's inputs and the schemes. */
struct payouts_job {
	const char *start;                    /* YYYY-MM-01, or NULL for this month */
	const struct kpi_org_context *ctx;
};

static enum db_status payouts_render(struct request *req, void *arg, char **out)
{
	const struct payouts_job *job = arg;
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	const char *start = job->start;
	const struct kpi_org_context *ctx = job->ctx;
	struct plan_inputs in;
	enum db_status st = store_kpi_plan_inputs(db, &req->who, start, NULL, ctx, NULL, &in);
	if (st != DB_OK)
		return st;
	struct payout_subject *subjects = NULL;
	size_t n = 0;
	st = store_payout_subjects(db, &req->who, in.period, &subjects, &n);
	struct buf b = BUF_INIT;
	if (st == DB_OK) {
		buf_printf(&b, "{\"period\":\"%.7s\",\"as_of\":", in.period);
		buf_json_string(&b, in.ctx.as_of);
		buf_puts(&b, ",\"items\":[");
		for (size_t i = 0; i < n; i++) {
			if (i)
				buf_puts(&b, ",");
			api_payout_render(&b, &subjects[i], &in);
		}
		buf_puts(&b, "]}");
		if (b.failed)
			st = DB_ERROR;
	}
	free(subjects);
	plan_inputs_free(&in);
	if (st != DB_OK)
		buf_free(&b);
	else
		*out = buf_steal(&b);
	return st;
}

/*
 * Payouts at the current time are kept in the plan-status cache, keyed like plan status (api/kpi.c): the data's
 * version (plans, rollups, alerts, schemes bump it), the viewer, the day, the deadline and the quarter hour.
 */
enum db_status api_payout_list(struct request *req)
{
	if (!api_query_valid(req, payout_query, COUNT(payout_query)))
		return DB_ABORTED;
	const char *period = request_query(req, "period");
	if (period && !format_is_period(period)) {
		reply_invalid_field(req, "period", "must be a month as YYYY-MM");
		return DB_ABORTED;
	}
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	char start[11] = "";
	if (period)
		snprintf(start, sizeof(start), "%s-01", period);
	struct kpi_org_context ctx;
	enum db_status st = store_kpi_org_context(db, req->who.org_id, NULL, period ? start : NULL, &ctx);
	if (st != DB_OK)
		return st;
	if (ctx.period_closed) {
		char *closed = NULL;
		st = store_period_payouts(db, &req->who, start, &closed);
		if (st == DB_OK)
			reply_json(req, 200, closed);
		else
			free(closed);
		return st;
	}
	char key[320], *text = NULL;
	snprintf(key, sizeof(key), "payouts|%s|%lld|%s|%s|%s|%s|%d|%lld", req->who.org_id, ctx.plan_version, start,
		 role_name(req->who.role), req->who.role == ROLE_OWNER ? "" : req->who.user_id, ctx.as_of_date,
		 ctx.deadline_passed, ctx.quarter_hour);
	struct payouts_job job = {period ? start : NULL, &ctx};
	st = api_plan_cached(req, true, key, ctx.plan_version, payouts_render, &job, &text);
	if (st != DB_OK)
		return st;
	api_reply_cached_in_place(req, key, ctx.plan_version, text, 0, "");
	return DB_OK;
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_compensation_schemas[] = {
	API_SCHEMA("PUT /v1/compensation-schemes/{id}", scheme_specs, VALIDATE_CREATE),
	API_SCHEMA("GET /v1/compensation-schemes/{id}/check", check_query, VALIDATE_FILTER),
	API_SCHEMA("GET /v1/payouts", payout_query, VALIDATE_FILTER),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
