/* Teams: create, read within reach, list, conditional update. */
#include "salesctl/store/teams.h"
#include "salesctl/store/list_sql.h"

#include <string.h>

#define TEAM_REACH \
	"($3 = 'owner' OR t.head_id = $4::uuid OR EXISTS (SELECT 1 FROM users m" \
	" WHERE m.org_id = $1 AND m.id = $4::uuid AND m.team_id = t.id))"

const struct db_stmt store_teams_stmts[] = {
	/* Used by POST /v1/teams. */
	{"team_create",
	 "INSERT INTO teams AS t (org_id, id, name, head_id)"
	 " SELECT $1, $2, b->>'name', (b->>'head_id')::uuid FROM (SELECT $3::jsonb AS b) s"
	 " RETURNING team_json(t)::text, t.version"},
	/* Used by GET /v1/teams/{id}; $3 role, $4 viewer. */
	{"team_get",
	 "SELECT team_json(t)::text, t.version FROM teams t WHERE t.org_id = $1 AND t.id = $2 AND " TEAM_REACH},
	/* Used by PATCH /v1/teams/{id} (owner only). */
	{"team_patch",
	 "WITH target AS (SELECT version FROM teams WHERE org_id = $1 AND id = $2 FOR UPDATE),"
	 " b AS (SELECT $3::jsonb AS b),"
	 " upd AS (UPDATE teams t SET"
	 "   name = coalesce(b->>'name', t.name),"
	 "   head_id = CASE WHEN b ? 'head_id' THEN (b->>'head_id')::uuid ELSE t.head_id END,"
	 "   version = t.version + 1, updated_at = now()"
	 "  FROM target, b WHERE t.org_id = $1 AND t.id = $2"
	 "   AND ($4::int[] IS NULL OR target.version = ANY ($4::int[]))"
	 "  RETURNING team_json(t)::text AS j, t.version)"
	 " SELECT EXISTS (SELECT 1 FROM target), (SELECT j FROM upd), (SELECT version FROM upd)"},
	/* Used by POST and PATCH /v1/teams to check head_id. */
	{"team_head_allowed",
	 "SELECT EXISTS (SELECT 1 FROM users WHERE org_id = $1 AND id = $2 AND role IN ('head', 'owner')"
	 " AND status = 'active')"},
	{NULL, NULL},
};

enum db_status store_team_create(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				 struct store_doc *out)
{
	const char *params[] = {actor->org_id, id, body};
	return store_doc_query(c, "team_create", 3, params, out);
}

enum db_status store_team_get(struct db_conn *c, const struct principal *viewer, const char *id,
			      struct store_doc *out)
{
	const char *params[] = {viewer->org_id, id, role_name(viewer->role), viewer->user_id};
	return store_doc_query(c, "team_get", 4, params, out);
}

/* GET /v1/teams. An owner sees every team, a head the teams they head and their own, a manager their own. Newest
 * first by teams_list_idx. */
static const struct list_filter team_list_filters[] = {
	{"head_id", "t.head_id = $$::uuid", false, false},
};

static const struct list_sort team_list_sorts[] = {
	{"created_at", "t.created_at", "timestamptz"},
	{"name", "lower(t.name)", "text"},
};

const struct list_shape store_team_list_shape = {
	.table = "teams",
	.alias = "t",
	.json = "team_json(t)::text",
	.reach = {.head = "(t.head_id = $V OR t.id = " REACH_OWN_TEAM ")", .manager = "t.id = " REACH_OWN_TEAM},
	.search = "t.name ILIKE $$",
	.filters = team_list_filters,
	.nfilters = sizeof(team_list_filters) / sizeof(team_list_filters[0]),
	.sorts = team_list_sorts,
	.nsorts = sizeof(team_list_sorts) / sizeof(team_list_sorts[0]),
};

enum db_status store_team_patch(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				const char *if_match, struct store_doc *out)
{
	const char *params[] = {actor->org_id, id, body, if_match};
	return store_doc_update(c, "team_patch", 4, params, out);
}

enum db_status store_team_head_allowed(struct db_conn *c, const char *org_id, const char *user_id, bool *allowed)
{
	const char *params[] = {org_id, user_id};
	enum db_status st;
	PGresult *r = db_exec(c, "team_head_allowed", 2, params, &st);
	if (!r)
		return st;
	*allowed = db_bool(r, 0, 0);
	PQclear(r);
	return DB_OK;
}
