/* Development plans. Items keep their order in `position`; a plan is rendered with its items and their progress by
 * development_plan_json() (migration 0004). */
#include "salesctl/store/development_plans.h"
#include "salesctl/store/list_sql.h"

#include <string.h>

/* Used by GET /v1/development-plans/{id} and after every change. */
static const struct reach_stmt idp_get = {
	"idp_get",
	"SELECT development_plan_json(d)::text, d.version FROM development_plans d WHERE d.org_id = $O AND "
	"d.id = $A AND $R",
	{&store_idp_list_shape.reach}};

/* Used by PATCH, transitions, items and progress: (status, own plan), row locked. */
static const struct reach_stmt idp_access = {
	"idp_access",
	"SELECT d.status, d.manager_id = $V FROM development_plans d WHERE d.org_id = $O AND d.id = $A AND "
	"$R FOR UPDATE OF d",
	{&store_idp_list_shape.reach}};

const struct reach_stmt *const store_development_plans_reach_stmts[] = {&idp_get, &idp_access, NULL};

const struct db_stmt store_idp_stmts[] = {
	/* Used by POST /v1/development-plans: the plan and the items given with it. */
	{"idp_create",
	 "WITH body AS (SELECT $4::jsonb AS b),"
	 " d AS (INSERT INTO development_plans AS d (org_id, id, manager_id, author_id, reason, starts_on, ends_on)"
	 "   SELECT $1, $2, (b->>'manager_id')::uuid, $3, b->>'reason', (b->>'starts_on')::date, (b->>'ends_on')::date"
	 "   FROM body RETURNING d.*)"
	 " INSERT INTO idp_items (org_id, id, plan_id, competency, competency_id, goal, metric, target_value, due_on,"
	 "                        position)"
	 " SELECT d.org_id, gen_random_uuid(), d.id, x.i->>'competency', (x.i->>'competency_id')::uuid, x.i->>'goal',"
	 "        x.i->>'metric', (x.i->>'target_value')::numeric, (x.i->>'due_on')::date, x.ord"
	 "   FROM d, body, jsonb_array_elements(coalesce(body.b->'items', '[]')) WITH ORDINALITY AS x(i, ord)"},
	/* Used by PATCH /v1/development-plans/{id} (draft or active plans). */
	{"idp_patch",
	 "WITH target AS (SELECT version FROM development_plans WHERE org_id = $1 AND id = $2"
	 "                 AND status IN ('draft', 'active') FOR UPDATE),"
	 " body AS (SELECT $3::jsonb AS b),"
	 " upd AS (UPDATE development_plans d SET"
	 "   reason = coalesce(b->>'reason', d.reason),"
	 "   starts_on = coalesce((b->>'starts_on')::date, d.starts_on),"
	 "   ends_on = coalesce((b->>'ends_on')::date, d.ends_on),"
	 "   version = d.version + 1, updated_at = now()"
	 "  FROM target, body WHERE d.org_id = $1 AND d.id = $2"
	 "   AND ($4::int[] IS NULL OR target.version = ANY ($4::int[]))"
	 "  RETURNING development_plan_json(d)::text AS j, d.version)"
	 " SELECT EXISTS (SELECT 1 FROM target), (SELECT j FROM upd), (SELECT version FROM upd)"},
	/* Used by POST /v1/development-plans/{id}/transitions (checked by domain/idp_status.c first). */
	{"idp_transition",
	 "UPDATE development_plans SET status = $3, version = version + 1, updated_at = now()"
	 " WHERE org_id = $1 AND id = $2"},
	/* Used by POST /v1/development-plans/{id}/items. */
	{"idp_item_add",
	 "INSERT INTO idp_items (org_id, id, plan_id, competency, competency_id, goal, metric, target_value, due_on,"
	 "                       position)"
	 " SELECT $1, gen_random_uuid(), $2, b->>'competency', (b->>'competency_id')::uuid, b->>'goal', b->>'metric',"
	 "        (b->>'target_value')::numeric, (b->>'due_on')::date,"
	 "        coalesce((SELECT max(position) FROM idp_items WHERE org_id = $1 AND plan_id = $2), 0) + 1"
	 " FROM (SELECT $3::jsonb AS b) s"},
	/* Used by POST /v1/development-plans/{id}/items/{item_id}/progress. */
	{"idp_progress",
	 "WITH item AS (SELECT id, target_value FROM idp_items WHERE org_id = $1 AND plan_id = $2 AND id = $3 FOR UPDATE),"
	 " body AS (SELECT $5::jsonb AS b),"
	 " p AS (INSERT INTO idp_progress (org_id, id, item_id, value, note, author_id)"
	 "   SELECT $1, gen_random_uuid(), item.id, (b->>'value')::numeric, b->>'note', $4 FROM item, body RETURNING value),"
	 " done AS (UPDATE idp_items i SET status = 'done' FROM item, p"
	 "   WHERE i.org_id = $1 AND i.id = item.id AND i.status = 'open'"
	 "     AND item.target_value IS NOT NULL AND p.value >= item.target_value)"
	 " SELECT count(*) FROM p"},
	{NULL, NULL},
};

enum db_status store_idp_create(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				 struct store_doc *out)
{
	const char *params[] = {actor->org_id, id, actor->user_id, body};
	enum db_status st = store_exec(c, "idp_create", 4, params);
	return st == DB_OK ? store_idp_get(c, actor, id, out) : st;
}

enum db_status store_idp_get(struct db_conn *c, const struct principal *viewer, const char *id,
			      struct store_doc *out)
{
	return store_reach_doc(c, &idp_get, viewer, 1, &id, out);
}

enum db_status store_idp_access(struct db_conn *c, const struct principal *viewer, const char *id,
				 struct idp_access *out)
{
	enum db_status st;
	memset(out, 0, sizeof(*out));
	PGresult *r = store_reach_exec(c, &idp_access, viewer, 1, &id, &st);
	if (!r)
		return st;
	if (PQntuples(r) == 1) {
		int s = idp_status_parse(PQgetvalue(r, 0, 0));
		out->found = s >= 0;
		out->status = s >= 0 ? (enum idp_status)s : IDP_DRAFT;
		out->is_manager = db_bool(r, 0, 1);
	}
	PQclear(r);
	return DB_OK;
}

enum db_status store_idp_patch(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				const char *if_match, struct store_doc *out)
{
	const char *params[] = {actor->org_id, id, body, if_match};
	return store_doc_update(c, "idp_patch", 4, params, out);
}

enum db_status store_idp_transition(struct db_conn *c, const struct principal *actor, const char *id,
				     enum idp_status to)
{
	const char *params[] = {actor->org_id, id, idp_status_name(to)};
	return store_exec(c, "idp_transition", 3, params);
}

enum db_status store_idp_item_add(struct db_conn *c, const struct principal *actor, const char *plan_id,
				   const char *body)
{
	const char *params[] = {actor->org_id, plan_id, body};
	return store_exec(c, "idp_item_add", 3, params);
}

enum db_status store_idp_progress(struct db_conn *c, const struct principal *actor, const char *plan_id,
				   const char *item_id, const char *body, bool *found)
{
	const char *params[] = {actor->org_id, plan_id, item_id, actor->user_id, body};
	enum db_status st;
	*found = false;
	PGresult *r = db_exec(c, "idp_progress", 5, params, &st);
	if (!r)
		return st;
	*found = strcmp(PQgetvalue(r, 0, 0), "1") == 0;
	PQclear(r);
	return DB_OK;
}

/* GET /v1/development-plans. A head sees those they wrote and their members', a manager their own. Newest first. */
static const struct list_filter idp_list_filters[] = {
	{"manager_id", "d.manager_id = $$::uuid", false, true},
	{"status", "d.status = ANY ($$::text[])", true, false},
};

static const struct list_sort idp_list_sorts[] = {
	{"created_at", "d.created_at", "timestamptz"},
};

const struct list_shape store_idp_list_shape = {
	.table = "development_plans",
	.alias = "d",
	.json = "development_plan_json(d)::text",
	.reach = {.head = "(d.author_id = $V OR d.manager_id = $V OR d.manager_id = ANY (" REACH_MEMBERS "))",
	          .manager = "(d.author_id = $V OR d.manager_id = $V)"},
	.search = NULL,
	.filters = idp_list_filters,
	.nfilters = sizeof(idp_list_filters) / sizeof(idp_list_filters[0]),
	.sorts = idp_list_sorts,
	.nsorts = sizeof(idp_list_sorts) / sizeof(idp_list_sorts[0]),
};
