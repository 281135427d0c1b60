/* Organisations: the platform admin creates one with its first owner; members read its settings, owners change
 * them. The settings' bounds here match the CHECK constraints of the orgs table. */
#include "salesctl/api/schemas.h"
#include "salesctl/api/orgs.h"
#include "salesctl/api/handler.h"
#include "salesctl/auth/token.h"
#include "salesctl/core/buf.h"
#include "salesctl/store/orgs.h"

#include <stdlib.h>

static const struct field_spec owner_specs[] = {
	{.name = "name", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = NAME_MAX_CHARS},
	{.name = "email", .type = FT_EMAIL, .flags = F_REQUIRED},
};

static const struct field_spec org_create_specs[] = {
	{.name = "name", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = NAME_MAX_CHARS},
	{.name = "timezone", .type = FT_TIMEZONE},
	{.name = "currency", .type = FT_CURRENCY},
	{.name = "owner", .type = FT_OBJECT, .flags = F_REQUIRED, .fields = owner_specs, .nfields = 2},
};

static const char *const source_values[] = {"report", "crm", NULL};

/* SPEC §6.3: where each switchable metric comes from; null puts it back on the report. */
static const struct field_spec metric_source_specs[] = {
	{.name = "leads_received", .type = FT_ENUM, .flags = F_NULLABLE, .values = source_values},
	{.name = "leads_processed", .type = FT_ENUM, .flags = F_NULLABLE, .values = source_values},
	{.name = "meetings", .type = FT_ENUM, .flags = F_NULLABLE, .values = source_values},
	{.name = "proposals_sent", .type = FT_ENUM, .flags = F_NULLABLE, .values = source_values},
	{.name = "deals_won", .type = FT_ENUM, .flags = F_NULLABLE, .values = source_values},
	{.name = "payments_count", .type = FT_ENUM, .flags = F_NULLABLE, .values = source_values},
	{.name = "revenue_minor", .type = FT_ENUM, .flags = F_NULLABLE, .values = source_values},
};

/* A stage's limit in days; null puts the stage back on stage_max_days. */
static const struct field_spec stage_days_spec[] = {
	{.name = "days", .type = FT_INT, .flags = F_NULLABLE, .min = 1, .max = 365},
};

static const struct field_spec org_patch_specs[] = {
	{.name = "name", .type = FT_STRING, .min = 1, .max = NAME_MAX_CHARS},
	{.name = "timezone", .type = FT_TIMEZONE},
	{.name = "currency", .type = FT_CURRENCY},
	{.name = "report_deadline", .type = FT_TIME_HM},
	{.name = "effective_call_seconds", .type = FT_INT, .min = 0, .max = 86400},
	{.name = "lag_threshold", .type = FT_NUMBER, .fmin = 0.01, .fmax = 1},
	{.name = "critical_threshold", .type = FT_NUMBER, .fmin = 0.01, .fmax = 1},
	{.name = "min_elapsed_workdays", .type = FT_INT, .min = 0, .max = 31},
	{.name = "one_on_one_interval_days", .type = FT_INT, .min = 1, .max = 366},
	{.name = "reconcile_tolerance", .type = FT_NUMBER, .fmin = 0, .fmax = 1},
	{.name = "metric_sources", .type = FT_OBJECT, .fields = metric_source_specs,
	 .nfields = sizeof(metric_source_specs) / sizeof(metric_source_specs[0])},
	{.name = "lead_sla_minutes", .type = FT_INT, .min = 1, .max = 1440},
	{.name = "workday_start", .type = FT_TIME_HM},
	{.name = "standup_deadline", .type = FT_TIME_HM},
	{.name = "stage_max_days", .type = FT_INT, .min = 1, .max = 365},
	{.name = "stage_max_days_by_stage", .type = FT_MAP, .max = NAME_MAX_CHARS, .fields = stage_days_spec, .nfields = 1},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum db_status api_org_create(struct request *req)
{
	if (!api_body_valid(req, org_create_specs, COUNT(org_create_specs), VALIDATE_CREATE))
		return DB_ABORTED;
	char org_id[37], owner_id[37], token_id[37], token[TOKEN_LEN + 1], hash[TOKEN_HASH_HEX];
	api_new_id(org_id);
	api_new_id(owner_id);
	api_new_id(token_id);
	if (token_generate(org_id, token, hash) < 0) {
		reply_problem(req, PROBLEM_INTERNAL, "no randomness available");
		return DB_ABORTED;
	}
	char *body = api_body_text(req);
	struct store_doc org = {0}, owner = {0};
	enum db_status st = body ? store_org_create(req->db, org_id, owner_id, token_id, hash, body, &org, &owner)
				 : DB_ERROR;
	free(body);
	if (st == DB_OK) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "{\"org\":%s,\"owner\":%s,\"token\":\"%s\"}", org.json, owner.json, token);
		reply_json(req, 201, buf_steal(&b));
	}
	store_doc_free(&org);
	store_doc_free(&owner);
	return st;
}

enum db_status api_org_get(struct request *req)
{
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	struct store_doc doc = {0};
	enum db_status st = store_org_get(db, req->who.org_id, &doc);
	return api_reply_result(req, st, 200, &doc);
}

/* The organisation is the caller's own: its id is the patch target. */
static enum db_status org_patch(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				const char *if_match, struct store_doc *out)
{
	(void)id;
	return store_org_patch(c, actor->org_id, body, if_match, out);
}

enum db_status api_org_patch(struct request *req)
{
	if (!api_body_valid(req, org_patch_specs, COUNT(org_patch_specs), VALIDATE_PATCH))
		return DB_ABORTED;
	return api_patch_reply(req, org_patch, req->who.org_id);
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_orgs_schemas[] = {
	API_SCHEMA("POST /v1/orgs", org_create_specs, VALIDATE_CREATE),
	API_SCHEMA("PATCH /v1/org", org_patch_specs, VALIDATE_PATCH),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
