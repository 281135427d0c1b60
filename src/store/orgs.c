/*
 * Organisations. The validated request body goes to PostgreSQL as one jsonb parameter; each column takes its key
 * when present (PATCH) or its default (POST), so adding a setting is one line of SQL, not a C struct change.
 */
#include "salesctl/store/orgs.h"

const struct db_stmt store_orgs_stmts[] = {
	/* Used by POST /v1/orgs: org, owner and token in one atomic statement. */
	{"org_create",
	 "WITH b AS (SELECT $5::jsonb AS b),"
	 " o AS (INSERT INTO orgs AS o (org_id, name, timezone, currency)"
	 "       SELECT $1, b->>'name', coalesce(b->>'timezone', 'Europe/Moscow'), coalesce(b->>'currency', 'RUB')"
	 "       FROM b RETURNING o.*),"
	 " u AS (INSERT INTO users AS u (org_id, id, name, email, role, timezone, hired_on)"
	 "       SELECT o.org_id, $2, b->'owner'->>'name', b->'owner'->>'email', 'owner', o.timezone,"
	 "              (now() AT TIME ZONE o.timezone)::date FROM o, b RETURNING u.*),"
	 " t AS (INSERT INTO api_tokens (org_id, id, user_id, token_hash) SELECT u.org_id, $3, u.id, $4 FROM u"
	 "       RETURNING id)"
	 " SELECT org_json(o)::text, o.version, user_json(u)::text, u.version FROM o, u, t"},
	/* Used by GET /v1/org. */
	{"org_get", "SELECT org_json(o)::text, o.version FROM orgs o WHERE o.org_id = $1"},
	/* Used by PATCH /v1/org; $3 is the If-Match versions or NULL. */
	{"org_patch",
	 "WITH target AS (SELECT version FROM orgs WHERE org_id = $1 FOR UPDATE),"
	 " b AS (SELECT $2::jsonb AS b),"
	 " upd AS (UPDATE orgs o SET"
	 "   name = coalesce(b->>'name', o.name),"
	 "   timezone = coalesce(b->>'timezone', o.timezone),"
	 "   currency = coalesce(b->>'currency', o.currency),"
	 "   report_deadline = coalesce((b->>'report_deadline')::time, o.report_deadline),"
	 "   effective_call_seconds = coalesce((b->>'effective_call_seconds')::int, o.effective_call_seconds),"
	 "   lag_threshold = coalesce((b->>'lag_threshold')::float8, o.lag_threshold),"
	 "   critical_threshold = coalesce((b->>'critical_threshold')::float8, o.critical_threshold),"
	 "   min_elapsed_workdays = coalesce((b->>'min_elapsed_workdays')::int, o.min_elapsed_workdays),"
	 "   one_on_one_interval_days = coalesce((b->>'one_on_one_interval_days')::int, o.one_on_one_interval_days),"
	 "   reconcile_tolerance = coalesce((b->>'reconcile_tolerance')::float8, o.reconcile_tolerance),"
	 "   lead_sla_minutes = coalesce((b->>'lead_sla_minutes')::int, o.lead_sla_minutes),"
	 "   standup_deadline = coalesce((b->>'standup_deadline')::time, o.standup_deadline),"
	 "   workday_start = coalesce((b->>'workday_start')::time, o.workday_start),"
	 "   stage_max_days = coalesce((b->>'stage_max_days')::int, o.stage_max_days),"
	 /* Merged: a stage named with null goes back to stage_max_days. */
	 "   stage_max_days_by_stage = CASE WHEN b ? 'stage_max_days_by_stage'"
	 "       THEN jsonb_strip_nulls(o.stage_max_days_by_stage || (b->'stage_max_days_by_stage'))"
	 "       ELSE o.stage_max_days_by_stage END,"
	 /* Merged: a metric named with null goes back to the report; only 'crm' is kept. */
	 "   metric_sources = CASE WHEN b ? 'metric_sources' THEN"
	 "       (SELECT coalesce(jsonb_object_agg(key, value), '{}') FROM jsonb_each(o.metric_sources || (b->'metric_sources'))"
	 "         WHERE value = '\"crm\"') ELSE o.metric_sources END,"
	 "   version = o.version + 1, updated_at = now()"
	 "  FROM target, b WHERE o.org_id = $1 AND ($3::int[] IS NULL OR target.version = ANY ($3::int[]))"
	 "  RETURNING org_json(o)::text AS j, o.version)"
	 " SELECT EXISTS (SELECT 1 FROM target), (SELECT j FROM upd), (SELECT version FROM upd)"},
	{NULL, NULL},
};

enum db_status store_org_create(struct db_conn *c, const char *org_id, const char *owner_id, const char *token_id,
				const char *token_hash, const char *body, struct store_doc *org, struct store_doc *owner)
{
	const char *params[] = {org_id, owner_id, token_id, token_hash, body};
	enum db_status st;
	PGresult *r = db_exec(c, "org_create", 5, params, &st);
	if (!r)
		return st;
	st = store_doc_take(r, 0, org);
	if (st == DB_OK)
		st = store_doc_take(r, 2, owner);
	PQclear(r);
	return st;
}

enum db_status store_org_get(struct db_conn *c, const char *org_id, struct store_doc *out)
{
	return store_doc_query(c, "org_get", 1, &org_id, out);
}

enum db_status store_org_patch(struct db_conn *c, const char *org_id, const char *body, const char *if_match,
			       struct store_doc *out)
{
	const char *params[] = {org_id, body, if_match};
	return store_doc_update(c, "org_patch", 3, params, out);
}
