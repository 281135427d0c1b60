/*
 * Call logs. A call's local_date is fixed when it is logged, from started_at in the manager's time zone. Inserts are
 * idempotent on (org_id, external_id) through ON CONFLICT DO NOTHING; a batch is one INSERT ... SELECT over the
 * jsonb array, so 1,000 calls cost one round trip.
 */
#include "salesctl/store/call_logs.h"
#include "salesctl/store/list_sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CALL_COLUMNS \
	"org_id, id, manager_id, direction, started_at, duration_s, phone, client_ref, outcome, external_id," \
	" recording_url, notes, local_date"
#define CALL_VALUES(b, tz) \
	b "->>'direction', (" b "->>'started_at')::timestamptz, (" b "->>'duration_s')::int, " b "->>'phone'," \
	" " b "->>'client_ref', " b "->>'outcome', " b "->>'external_id', " b "->>'recording_url', " b "->>'notes'," \
	" ((" b "->>'started_at')::timestamptz AT TIME ZONE " tz ")::date"

/* call_log_json (migration 0003) in C: the same keys in the same order, from these columns. The SQL function is
 * not inlined (its subqueries), so PostgreSQL parsed and planned its body again for every statement that called it:
 * pgbench of the insert alone ran 3.2-3.5 k times a second with it, 4.5-5.5 k without. */
#define CALL_LOG_FIELDS                                                                                                \
	"c.id, c.manager_id, c.direction, c.started_at, c.duration_s, c.phone, c.client_ref, c.outcome, c.external_id," \
	" c.recording_url, c.notes, c.local_date,"                                                                     \
	" c.duration_s >= (SELECT effective_call_seconds FROM orgs o WHERE o.org_id = c.org_id),"                    \
	" (SELECT json_build_object('reviewer_id', r.reviewer_id, 'score', r.score, 'checklist', r.checklist,"       \
	"                           'comment', r.comment, 'reviewed_at', r.reviewed_at)::text"                         \
	"    FROM call_reviews r WHERE r.org_id = c.org_id AND r.call_id = c.id),"                                     \
	" c.created_at"
#define CALL_LOG_NFIELDS 15

static void call_log_render(const PGresult *r, int row, struct buf *b)
{
	static const char *const strings[] = {"phone", "client_ref", "outcome", "external_id", "recording_url", "notes",
					      "local_date"};
	buf_append(b, "{", 1);
	render_string(b, "id", r, row, 0, 1);
	render_string(b, "manager_id", r, row, 1, 0);
	render_string(b, "direction", r, row, 2, 0);
	render_timestamp_field(b, "started_at", r, row, 3);
	render_literal(b, "duration_s", r, row, 4);
	for (int i = 0; i < 7; i++)
		render_string(b, strings[i], r, row, 5 + i, 0);
	render_bool(b, "effective", r, row, 12);
	render_literal(b, "review", r, row, 13);
	render_timestamp_field(b, "created_at", r, row, 14);
	buf_append(b, "}", 1);
}

/* Used by GET /v1/call-logs/{id}. */
static const struct reach_stmt call_get = {
	"call_get",
	"SELECT " CALL_LOG_FIELDS " FROM call_logs c WHERE c.org_id = $O AND c.id = $A AND $R",
	{&store_call_list_shape.reach}};

/* Used by POST /v1/call-logs/{id}/review: (own call, heads the manager's team). */
static const struct reach_stmt call_access = {
	"call_access",
	"SELECT c.manager_id = $V,"
	" " REACH_HEADS_TEAM_OF("c.manager_id")
	" FROM call_logs c WHERE c.org_id = $O AND c.id = $A AND $R",
	{&store_call_list_shape.reach}};


/* Used by POST /v1/call-logs when external_id ($A) exists: (json, reachable). */
static const struct reach_stmt call_by_external = {
	"call_by_external",
	"SELECT " CALL_LOG_FIELDS ", $R FROM call_logs c WHERE c.org_id = $O AND c.external_id = $A",
	{&store_call_list_shape.reach}};

/* Used by POST /v1/call-logs/batch: (input position, status, id). $A the items, $B the new ids in input order; an
 * item without manager_id is the caller's. Earlier items win duplicates. */
static const struct reach_stmt call_batch = {
	"call_batch",
	BATCH_INPUT
	" resolved AS (SELECT i.ord, i.b, i.id, u.id AS manager_id, u.timezone, (u.id IS NOT NULL AND $R) AS allowed"
	"                FROM input i LEFT JOIN users u"
	"                  ON u.org_id = $O AND u.id = coalesce((i.b->>'manager_id')::uuid, $V::uuid)),"
	" ins AS (INSERT INTO call_logs AS c (" CALL_COLUMNS ")"
	"   SELECT $O, id, manager_id, " CALL_VALUES("b", "timezone")
	"   FROM resolved WHERE allowed ORDER BY ord"
	"   ON CONFLICT (org_id, external_id) DO NOTHING RETURNING c.id, c.external_id)"
	BATCH_OUTCOMES("call_logs", ""),
	{&store_batch_manager_reach, &store_batch_earlier_reach}};

/* Used by GET /v1/call-logs/sample ($A manager, $B date, $C how many); served by call_logs_manager_day_idx. */
static const struct reach_stmt call_sample = {
	"call_sample",
	"SELECT coalesce(json_agg(call_log_json(s)), '[]')::text FROM ("
	"  SELECT c.* FROM call_logs c JOIN users u ON u.org_id = c.org_id AND u.id = c.manager_id"
	"   WHERE c.org_id = $O AND c.manager_id = $A AND $R"
	"     AND c.local_date = coalesce($B::date, (now() AT TIME ZONE u.timezone)::date)"
	"     AND c.duration_s >= (SELECT effective_call_seconds FROM orgs WHERE org_id = $O)"
	"     AND NOT EXISTS (SELECT 1 FROM call_reviews r WHERE r.org_id = $O AND r.call_id = c.id)"
	"   ORDER BY random() LIMIT $C) s",
	{&store_call_list_shape.reach}};

const struct reach_stmt *const store_call_logs_reach_stmts[] = {&call_get, &call_access, &call_by_external, &call_batch, &call_sample, NULL};

const struct db_stmt store_call_logs_stmts[] = {
	/* Used by POST /v1/call-logs. No row when external_id is already stored. */
	{"call_create",
	 "WITH body AS (SELECT $3::jsonb AS b),"
	 " ins AS (INSERT INTO call_logs AS c (" CALL_COLUMNS ")"
	 "   SELECT $1, $2, u.id, " CALL_VALUES("b", "u.timezone")
	 "   FROM body JOIN users u ON u.org_id = $1 AND u.id = (b->>'manager_id')::uuid"
	 "   ON CONFLICT (org_id, external_id) DO NOTHING RETURNING c.*)"
	 " SELECT " CALL_LOG_FIELDS " FROM ins c"},
	/* Used by POST /v1/call-logs/{id}/review. */
	{"call_review",
	 "INSERT INTO call_reviews AS r (org_id, call_id, reviewer_id, score, checklist, comment)"
	 " SELECT $1, $2, $3, (b->>'score')::int, b->'checklist', b->>'comment' FROM (SELECT $4::jsonb AS b) s"
	 " ON CONFLICT (org_id, call_id) DO UPDATE SET reviewer_id = EXCLUDED.reviewer_id, score = EXCLUDED.score,"
	 "   checklist = EXCLUDED.checklist, comment = EXCLUDED.comment, reviewed_at = now()"},
	{NULL, NULL},
};

enum db_status store_call_create(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				 struct store_doc *out)
{
	const char *params[] = {actor->org_id, id, body};
	enum db_status st;
	PGresult *r = db_exec(c, "call_create", 3, params, &st);
	return store_doc_render(r, st, call_log_render, -1, out);
}

enum db_status store_call_by_external(struct db_conn *c, const struct principal *viewer, const char *external_id,
				      struct store_doc *out, bool *exists)
{
	enum db_status st;
	memset(out, 0, sizeof(*out));
	*exists = false;
	PGresult *r = store_reach_exec(c, &call_by_external, viewer, 1, &external_id, &st);
	if (!r)
		return st;
	if (PQntuples(r) == 1) {
		*exists = true;
		if (db_bool(r, 0, CALL_LOG_NFIELDS))
			return store_doc_render(r, st, call_log_render, -1, out);
	}
	PQclear(r);
	return st;
}

enum db_status store_call_get(struct db_conn *c, const struct principal *viewer, const char *id,
			      struct store_doc *out)
{
	enum db_status st;
	PGresult *r = store_reach_exec(c, &call_get, viewer, 1, &id, &st);
	return store_doc_render(r, st, call_log_render, -1, out);
}

enum db_status store_call_batch(struct db_conn *c, const struct principal *actor, const char *body,
				 const char *rejected, size_t n, size_t nvalid, struct batch_result *results)
{
	return store_batch_exec(c, &call_batch, actor, body, rejected, n, nvalid, results);
}

/* GET /v1/call-logs. A head sees their own and their members' calls, a manager their own. Newest first by
 * call_logs_list_idx, a manager's by call_logs_manager_list_idx. */
static const struct list_filter store_call_list_filters[] = {
	{"manager_id", "c.manager_id = $$::uuid", false, true},
	{"team_id", "c.manager_id = ANY (ARRAY(SELECT id FROM users WHERE org_id = $O AND team_id = $$::uuid))", false, false},
	{"from", "c.started_at >= $$::timestamptz", false, false},
	{"to", "c.started_at < $$::timestamptz", false, false},
	{"direction", "c.direction = ANY ($$::text[])", true, false},
	{"outcome", "c.outcome = ANY ($$::text[])", true, false},
	{"effective", "(c.duration_s >= (SELECT effective_call_seconds FROM orgs WHERE org_id = $O)) = $$::boolean", false, false},
	{"reviewed", "EXISTS (SELECT 1 FROM call_reviews cr WHERE cr.org_id = $O AND cr.call_id = c.id) = $$::boolean", false, false},
};

static const struct list_sort store_call_list_sorts[] = {
	{"started_at", "c.started_at", "timestamptz"},
	{"duration_s", "c.duration_s", "integer"},
};

const struct list_shape store_call_list_shape = {
	.table = "call_logs",
	.alias = "c",
	.columns = CALL_LOG_FIELDS,
	.ncolumns = CALL_LOG_NFIELDS,
	.render = call_log_render,
	.reach = REACH_PERSON("c.manager_id"),
	.search = NULL,
	.filters = store_call_list_filters,
	.nfilters = sizeof(store_call_list_filters) / sizeof(store_call_list_filters[0]),
	.sorts = store_call_list_sorts,
	.nsorts = sizeof(store_call_list_sorts) / sizeof(store_call_list_sorts[0]),
};

enum db_status store_call_sample(struct db_conn *c, const struct principal *viewer, const char *manager_id,
				 const char *date, int n, char **json)
{
	char limit[16];
	snprintf(limit, sizeof(limit), "%d", n);
	const char *args[] = {manager_id, date, limit};
	return store_reach_text(c, &call_sample, viewer, 3, args, json);
}

enum db_status store_call_access(struct db_conn *c, const struct principal *viewer, const char *id,
				 struct call_access *out)
{
	enum db_status st;
	memset(out, 0, sizeof(*out));
	PGresult *r = store_reach_exec(c, &call_access, viewer, 1, &id, &st);
	if (!r)
		return st;
	if (PQntuples(r) == 1) {
		out->found = true;
		out->own = db_bool(r, 0, 0);
		out->heads_manager = db_bool(r, 0, 1);
	}
	PQclear(r);
	return DB_OK;
}

enum db_status store_call_review(struct db_conn *c, const struct principal *actor, const char *id, const char *body)
{
	const char *params[] = {actor->org_id, id, actor->user_id, body};
	enum db_status st;
	PGresult *r = db_exec(c, "call_review", 4, params, &st);
	if (r)
		PQclear(r);
	return st;
}
