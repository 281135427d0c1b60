/* Monthly plans. Targets are stored as given ({metric: value}); the API validated every key and value. */
#include "salesctl/store/plans.h"
#include "salesctl/store/reach.h"

#include <stdio.h>
#include <string.h>

/* A head plans for their members (not themselves) and the teams they head; an owner for anyone. */
static const struct reach plannable_manager = {.head = "(u.id = ANY (" REACH_MEMBERS ") AND u.id <> $V)",
					       .manager = "false"};
static const struct reach plannable_team = {.head = "t.head_id = $V", .manager = "false"};

/* Used by PUT /v1/plans/{period}: may the actor plan for subject $B of type $A. */
static const struct reach_stmt plan_subject_manageable = {
	"plan_subject_manageable",
	"SELECT CASE WHEN $A = 'manager'"
	"  THEN EXISTS (SELECT 1 FROM users u WHERE u.org_id = $O AND u.id = $B::uuid AND $R)"
	"  ELSE EXISTS (SELECT 1 FROM teams t WHERE t.org_id = $O AND t.id = $B::uuid AND $S) END",
	{&plannable_manager, &plannable_team}};

/* The plans a viewer sees: those of the managers they reach and of the teams they head or belong to. */
static const struct reach plan_reach = {
	.head = "CASE WHEN p.subject_type = 'manager' THEN p.subject_id = $V OR p.subject_id = ANY (" REACH_MEMBERS ")"
		" ELSE p.subject_id = ANY (" REACH_TEAMS_HEADED ") OR p.subject_id = " REACH_OWN_TEAM " END",
	.manager = "CASE WHEN p.subject_type = 'manager' THEN p.subject_id = $V ELSE p.subject_id = " REACH_OWN_TEAM " END"};

/* Used by GET /v1/plans (newest period first): filters period $A, subject type $B and subject $C, the cursor ($D, $E)
 * and the limit $F. A small table (a row per subject and month), so one statement with optional filters serves. */
static const struct reach_stmt plan_target_list = {
	"plan_target_list",
	"SELECT plan_json(p)::text, p.period::text, p.subject_id FROM plans p"
	" WHERE p.org_id = $O AND $R"
	"   AND ($A::date IS NULL OR p.period = $A) AND ($B::text IS NULL OR p.subject_type = $B)"
	"   AND ($C::uuid IS NULL OR p.subject_id = $C)"
	"   AND ($D::date IS NULL OR (p.period, p.subject_id) < ($D::date, $E::uuid))"
	" ORDER BY p.period DESC, p.subject_id DESC LIMIT $F",
	{&plan_reach}};

const struct reach_stmt *const store_plans_reach_stmts[] = {&plan_subject_manageable, &plan_target_list, NULL};

const struct db_stmt store_plans_stmts[] = {
	/* Used by PUT /v1/plans/{period}: (json, version, created). */
	{"plan_put",
	 "INSERT INTO plans AS p (org_id, period, subject_type, subject_id, targets) VALUES ($1, $2, $3, $4, $5)"
	 " ON CONFLICT (org_id, period, subject_type, subject_id)"
	 " DO UPDATE SET targets = EXCLUDED.targets, version = p.version + 1, updated_at = now()"
	 " RETURNING plan_json(p)::text, p.version, p.version = 1"},
	{NULL, NULL},
};

enum db_status store_plan_subject_manageable(struct db_conn *c, const struct principal *actor,
					     const char *subject_type, const char *subject_id, bool *ok)
{
	const char *args[] = {subject_type, subject_id};
	enum db_status st;
	*ok = false;
	PGresult *r = store_reach_exec(c, &plan_subject_manageable, actor, 2, args, &st);
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

enum db_status store_plan_target_list(struct db_conn *c, const struct principal *viewer,
				      const char *const filters[STORE_PLAN_TARGET_FILTERS], const char *after_at,
				      const char *after_id, int limit, struct store_page *out)
{
	char lim[16];
	snprintf(lim, sizeof(lim), "%d", limit + 1);
	const char *args[] = {filters[0], filters[1], filters[2], after_at, after_id, lim};
	enum db_status st;
	memset(out, 0, sizeof(*out));
	PGresult *r = store_reach_exec(c, &plan_target_list, viewer, 6, args, &st);
	static const struct page_layout json_layout = {1, NULL};
	return r ? store_page_take(r, limit, false, &json_layout, out) : st;
}
