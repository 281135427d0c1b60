/* Absences. Reading follows reach (in_reach: an owner everyone, a head their teams' members, a manager themselves);
 * recording and deleting are for an owner or the manager's head, which the API checks before these run. */
#include "salesctl/store/absences.h"

const struct db_stmt store_absences_stmts[] = {
	/* Used by POST /v1/absences. */
	{"absence_create",
	 "INSERT INTO absences AS a (org_id, id, manager_id, from_date, to_date, kind, note, created_by)"
	 " SELECT $1, $2, (b->>'manager_id')::uuid, (b->>'from')::date, (b->>'to')::date, b->>'kind', b->>'note', $3"
	 " FROM (SELECT $4::jsonb AS b) s RETURNING absence_json(a)::text, 1"},
	/* Used by GET /v1/absences; served by absences_manager_idx with a manager, absences_list_idx without. */
	{"absence_list",
	 "SELECT absence_json(a)::text, a.created_at::text, a.id FROM absences a"
	 " WHERE a.org_id = $1 AND in_reach($1, $2, $3, a.manager_id)"
	 "   AND ($4::uuid IS NULL OR a.manager_id = $4)"
	 "   AND ($5::date IS NULL OR a.to_date >= $5) AND ($6::date IS NULL OR a.from_date <= $6)"
	 "   AND ($7::timestamptz IS NULL OR (a.created_at, a.id) < ($7::timestamptz, $8::uuid))"
	 " ORDER BY a.created_at DESC, a.id DESC LIMIT $9"},
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

PGresult *store_absence_list(struct db_conn *c, const struct store_list_query *q, const char *const *filters,
			     enum db_status *st)
{
	return store_list_exec(c, "absence_list", q, filters, STORE_ABSENCE_FILTERS, st);
}

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
