/* Absences. Reading follows reach (an owner everyone, a head their teams' members, a manager themselves);
 * recording and deleting are for an owner or the manager's head, which the API checks before these run. */
#include "salesctl/store/absences.h"
#include "salesctl/store/list_sql.h"

/* Used by DELETE /v1/absences/{id} to tell 404 from 403. */
static const struct reach_stmt absence_get = {
	"absence_get",
	"SELECT absence_json(a)::text, 1 FROM absences a WHERE a.org_id = $O AND a.id = $A AND $R",
	{&store_absence_list_shape.reach}};

/* Used by DELETE /v1/absences/{id}: an owner any, a head their members' (not their own). */
static const struct reach head_members_reach = {.head = "(a.manager_id = ANY (" REACH_MEMBERS ") AND a.manager_id <> $V)",
						.manager = "false"};
static const struct reach_stmt absence_delete = {
	"absence_delete", "DELETE FROM absences a WHERE a.org_id = $O AND a.id = $A AND $R RETURNING 1",
	{&head_members_reach}};

const struct reach_stmt *const store_absences_reach_stmts[] = {&absence_get, &absence_delete, NULL};

const struct db_stmt store_absences_stmts[] = {
	/* Used by POST /v1/absences. */
	{"absence_create",
	 "INSERT INTO absences AS a (org_id, id, manager_id, from_date, to_date, kind, note, created_by)"
	 " SELECT $1, $2, (b->>'manager_id')::uuid, (b->>'from')::date, (b->>'to')::date, b->>'kind', b->>'note', $3"
	 " FROM (SELECT $4::jsonb AS b) s RETURNING absence_json(a)::text, 1"},
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
	.reach = REACH_PERSON("a.manager_id"),
	.search = NULL,
	.filters = absence_list_filters,
	.nfilters = sizeof(absence_list_filters) / sizeof(absence_list_filters[0]),
	.sorts = absence_list_sorts,
	.nsorts = sizeof(absence_list_sorts) / sizeof(absence_list_sorts[0]),
};

enum db_status store_absence_get(struct db_conn *c, const struct principal *viewer, const char *id,
				 struct store_doc *out)
{
	return store_reach_doc(c, &absence_get, viewer, 1, &id, out);
}

enum db_status store_absence_delete(struct db_conn *c, const struct principal *actor, const char *id, bool *found)
{
	enum db_status st;
	*found = false;
	PGresult *r = store_reach_exec(c, &absence_delete, actor, 1, &id, &st);
	if (!r)
		return st;
	*found = PQntuples(r) == 1;
	PQclear(r);
	return DB_OK;
}
