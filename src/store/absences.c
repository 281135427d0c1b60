/* Absences. Reading follows reach (in_reach: an owner everyone, a head their teams' members, a manager themselves);
 * recording and deleting are for an owner or the manager's head, which the API checks before these run. */
#include "salesctl/store/absences.h"
#include "salesctl/store/list_sql.h"

const struct db_stmt store_absences_stmts[] = {
	/* Used by POST /v1/absences. */
	{"absence_create",
	 "INSERT INTO absences AS a (org_id, id, manager_id, from_date, to_date, kind, note, created_by)"
	 " SELECT $1, $2, (b->>'manager_id')::uuid, (b->>'from')::date, (b->>'to')::date, b->>'kind', b->>'note', $3"
	 " FROM (SELECT $4::jsonb AS b) s RETURNING absence_json(a)::text, 1"},
	/* Used by DELETE /v1/absences/{id} to tell 404 from 403. */
	{"absence_get",
	 "SELECT absence_json(a)::text, 1 FROM absences a WHERE a.org_id = $1 AND a.id = $2 AND in_reach($1, $3, $4, a.manager_id)"},
	/* Used by DELETE /v1/absences/{id}: an owner any, a head their members'. */
	{"absence_delete",
	 "DELETE FROM absences a WHERE a.org_id = $1 AND a.id = $2"
	 "   AND ($4 = 'owner' OR ($4 = 'head' AND a.manager_id <> $3::uuid AND in_reach($1, $3, $4, a.manager_id)))"
	 " RETURNING 1"},
	{NULL, NULL},
};

enum db_status store_absence_create(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				    struct store_doc *out)
{
	const char *params[] = {actor->org_id, id, actor->user_id, body};
	return store_doc_query(c, "absence_create", 4, params, out);
}

/* GET /v1/absences. A head sees their own and their members' absences, a manager their own. Newest first by
 * absences_list_idx, a manager's by absences_manager_idx. */
static const struct list_filter absence_list_filters[] = {
	{"manager_id", "a.manager_id = $$::uuid", false, true},
	{"from", "a.to_date >= $$::date", false, false},
	{"to", "a.from_date <= $$::date", false, false},
};

static const struct list_sort absence_list_sorts[] = {
	{"created_at", "a.created_at", "timestamptz"},
};

const struct list_shape store_absence_list_shape = {
	.table = "absences",
	.alias = "a",
	.json = "absence_json(a)::text",
	.reach_head = "(a.manager_id = $V OR a.manager_id = ANY (ARRAY(SELECT m.id FROM teams tm JOIN users m ON "
		"m.org_id = tm.org_id AND m.team_id = tm.id WHERE tm.org_id = $O AND tm.head_id = $V)))",
	.reach_manager = "a.manager_id = $V",
	.search = NULL,
	.filters = absence_list_filters,
	.nfilters = sizeof(absence_list_filters) / sizeof(absence_list_filters[0]),
	.sorts = absence_list_sorts,
	.nsorts = sizeof(absence_list_sorts) / sizeof(absence_list_sorts[0]),
};

enum db_status store_absence_get(struct db_conn *c, const struct principal *viewer, const char *id,
				 struct store_doc *out)
{
	const char *params[] = {viewer->org_id, id, viewer->user_id, role_name(viewer->role)};
	return store_doc_query(c, "absence_get", 4, params, out);
}

enum db_status store_absence_delete(struct db_conn *c, const struct principal *actor, const char *id, bool *found)
{
	const char *params[] = {actor->org_id, id, actor->user_id, role_name(actor->role)};
	enum db_status st;
	*found = false;
	PGresult *r = db_exec(c, "absence_delete", 4, params, &st);
	if (!r)
		return st;
	*found = PQntuples(r) == 1;
	PQclear(r);
	return DB_OK;
}
