/* Monthly plans. Targets are stored as given ({metric: value}); the API validated every key and value. */
#include "salesctl/store/plans.h"

#include <string.h>

const struct db_stmt store_plans_stmts[] = {
	/* Used by PUT /v1/plans/{period}. */
	{"plan_subject_manageable",
	 "SELECT CASE WHEN $4 = 'manager'"
	 "  THEN EXISTS (SELECT 1 FROM users WHERE org_id = $1 AND id = $5::uuid AND in_reach($1, $2, $3, id)"
	 "               AND ($3 = 'owner' OR id <> $2::uuid))"
	 "  ELSE EXISTS (SELECT 1 FROM teams WHERE org_id = $1 AND id = $5::uuid AND ($3 = 'owner' OR head_id = $2::uuid))"
	 " END"},
	/* Used by PUT /v1/plans/{period}: (json, version, created). */
	{"plan_put",
	 "INSERT INTO plans AS p (org_id, period, subject_type, subject_id, targets) VALUES ($1, $2, $3, $4, $5)"
	 " ON CONFLICT (org_id, period, subject_type, subject_id)"
	 " DO UPDATE SET targets = EXCLUDED.targets, version = p.version + 1, updated_at = now()"
	 " RETURNING plan_json(p)::text, p.version, p.version = 1"},
	/* Used by GET /v1/plans (newest period first). */
	{"plan_target_list",
	 "SELECT plan_json(p)::text, p.period::text, p.subject_id FROM plans p"
	 " WHERE p.org_id = $1 AND plan_subject_visible($1, $2, $3, p.subject_type, p.subject_id)"
	 "   AND ($4::date IS NULL OR p.period = $4) AND ($5::text IS NULL OR p.subject_type = $5)"
	 "   AND ($6::uuid IS NULL OR p.subject_id = $6)"
	 "   AND ($7::date IS NULL OR (p.period, p.subject_id) < ($7::date, $8::uuid))"
	 " ORDER BY p.period DESC, p.subject_id DESC LIMIT $9"},
	{NULL, NULL},
};

enum db_status store_plan_subject_manageable(struct db_conn *c, const struct principal *actor,
					     const char *subject_type, const char *subject_id, bool *ok)
{
	const char *params[] = {actor->org_id, actor->user_id, role_name(actor->role), subject_type, subject_id};
	enum db_status st;
	*ok = false;
	PGresult *r = db_exec(c, "plan_subject_manageable", 5, params, &st);
	if (!r)
		return st;
	*ok = db_bool(r, 0, 0);
	PQclear(r);
	return DB_OK;
}

enum db_status store_plan_put(struct db_conn *c, const char *org_id, const char *period, const char *subject_type,
			      const char *subject_id, const char *targets, struct store_doc *out, bool *created)
{
	const char *params[] = {org_id, period, subject_type, subject_id, targets};
	enum db_status st;
	PGresult *r = db_exec(c, "plan_put", 5, params, &st);
	if (!r)
		return st;
	st = store_doc_take(r, 0, out);
	*created = PQntuples(r) == 1 && db_bool(r, 0, 2);
	PQclear(r);
	return st;
}

PGresult *store_plan_target_list(struct db_conn *c, const struct store_list_query *q, const char *const *filters,
				 enum db_status *st)
{
	return store_list_exec(c, "plan_target_list", q, filters, STORE_PLAN_TARGET_FILTERS, st);
}
