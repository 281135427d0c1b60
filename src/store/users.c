/* Users: create, read within reach, list with filters and keyset pagination, conditional update. */
#include "salesctl/store/users.h"
#include "salesctl/store/list_sql.h"

#include <string.h>

/* Used by GET /v1/users/{id}, GET /v1/me and the reach checks of other user routes. */
static const struct reach_stmt user_get = {
	"user_get",
	"SELECT user_json(u)::text, u.version FROM users u WHERE u.org_id = $O AND u.id = $A AND $R",
	{&store_user_list_shape.reach}};

/* Used where a request names a user ($A) it acts for (call logs, reports). */
static const struct reach_stmt user_reachable = {
	"user_reachable", "SELECT EXISTS (SELECT 1 FROM users u WHERE u.org_id = $O AND u.id = $A AND $R)",
	{&store_user_list_shape.reach}};

const struct reach_stmt *const store_users_reach_stmts[] = {&user_get, &user_reachable, NULL};

const struct db_stmt store_users_stmts[] = {
	/* Used by POST /v1/users. Defaults: the organisation's time zone, today in it as hired_on. */
	{"user_create",
	 "INSERT INTO users AS u (org_id, id, name, email, role, team_id, sales_role, timezone, status, hired_on,"
	 "                        dismissed_on)"
	 " SELECT o.org_id, $2, b->>'name', b->>'email', b->>'role', (b->>'team_id')::uuid, b->>'sales_role',"
	 "        coalesce(b->>'timezone', o.timezone), coalesce(b->>'status', 'active'),"
	 "        coalesce((b->>'hired_on')::date, (now() AT TIME ZONE o.timezone)::date), (b->>'dismissed_on')::date"
	 " FROM orgs o, (SELECT $3::jsonb AS b) s WHERE o.org_id = $1"
	 " RETURNING user_json(u)::text, u.version"},
	/* Used by PATCH /v1/users/{id} (owner only). */
	{"user_patch",
	 "WITH target AS (SELECT version FROM users WHERE org_id = $1 AND id = $2 FOR UPDATE),"
	 " b AS (SELECT $3::jsonb AS b),"
	 " upd AS (UPDATE users u SET"
	 "   name = coalesce(b->>'name', u.name),"
	 "   email = coalesce(b->>'email', u.email),"
	 "   role = coalesce(b->>'role', u.role),"
	 "   team_id = CASE WHEN b ? 'team_id' THEN (b->>'team_id')::uuid ELSE u.team_id END,"
	 "   sales_role = CASE WHEN b ? 'sales_role' THEN b->>'sales_role' ELSE u.sales_role END,"
	 "   timezone = coalesce(b->>'timezone', u.timezone),"
	 /* dismissed_on is the last day worked: dismissed from the next day; a status of dismissed without a date
	  * dismisses today; a dismissed_on still ahead keeps the user active until then (the scheduler pass flips it). */
	 "   dismissed_on = CASE WHEN b ? 'dismissed_on' THEN (b->>'dismissed_on')::date"
	 "                       WHEN b->>'status' = 'dismissed' AND u.dismissed_on IS NULL"
	 "                       THEN (now() AT TIME ZONE u.timezone)::date ELSE u.dismissed_on END,"
	 "   status = CASE WHEN b ? 'dismissed_on' AND (b->>'dismissed_on') IS NOT NULL"
	 "                 THEN CASE WHEN (b->>'dismissed_on')::date < (now() AT TIME ZONE u.timezone)::date"
	 "                           THEN 'dismissed' ELSE 'active' END"
	 "                 WHEN b ? 'dismissed_on' THEN 'active'"
	 "                 ELSE coalesce(b->>'status', u.status) END,"
	 "   hired_on = coalesce((b->>'hired_on')::date, u.hired_on),"
	 "   version = u.version + 1, updated_at = now()"
	 "  FROM target, b WHERE u.org_id = $1 AND u.id = $2"
	 "   AND ($4::int[] IS NULL OR target.version = ANY ($4::int[]))"
	 "  RETURNING user_json(u)::text AS j, u.version)"
	 " SELECT EXISTS (SELECT 1 FROM target), (SELECT j FROM upd), (SELECT version FROM upd)"},
	/* Used by every scheduler pass: users whose last day (dismissed_on) is behind them in their time zone. */
	{"users_dismiss_due",
	 "UPDATE users SET status = 'dismissed', version = version + 1, updated_at = now()"
	 " WHERE org_id = $1 AND status = 'active' AND dismissed_on < ($2::timestamptz AT TIME ZONE timezone)::date"},
	{NULL, NULL},
};

enum db_status store_user_create(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				 struct store_doc *out)
{
	const char *params[] = {actor->org_id, id, body};
	return store_doc_query(c, "user_create", 3, params, out);
}

enum db_status store_user_get(struct db_conn *c, const struct principal *viewer, const char *id,
			      struct store_doc *out)
{
	return store_reach_doc(c, &user_get, viewer, 1, &id, out);
}

/* GET /v1/users. A head sees themselves and the members of the teams they head, a manager themselves. Newest first
 * by users_list_idx; q on name and email by users_search_trgm_idx. */
static const struct list_filter store_user_list_filters[] = {
	{"role", "u.role = ANY ($$::text[])", true, false},
	{"team_id", "u.team_id = $$::uuid", false, false},
	{"status", "u.status = ANY ($$::text[])", true, false},
	{"sales_role", "u.sales_role = ANY ($$::text[])", true, false},
};

static const struct list_sort store_user_list_sorts[] = {
	{"created_at", "u.created_at", "timestamptz"},
	{"name", "lower(u.name)", "text"},
};

const struct list_shape store_user_list_shape = {
	.table = "users",
	.alias = "u",
	.json = "user_json(u)::text",
	.reach = {.head = "(u.id = $V OR u.team_id = ANY (" REACH_TEAMS_HEADED "))", .manager = "u.id = $V"},
	.search = "(u.name ILIKE $$ OR u.email ILIKE $$)",
	.filters = store_user_list_filters,
	.nfilters = sizeof(store_user_list_filters) / sizeof(store_user_list_filters[0]),
	.sorts = store_user_list_sorts,
	.nsorts = sizeof(store_user_list_sorts) / sizeof(store_user_list_sorts[0]),
};

enum db_status store_user_patch(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				const char *if_match, struct store_doc *out)
{
	const char *params[] = {actor->org_id, id, body, if_match};
	return store_doc_update(c, "user_patch", 4, params, out);
}

enum db_status store_user_reachable(struct db_conn *c, const struct principal *viewer, const char *user_id,
				    bool *ok)
{
	enum db_status st;
	*ok = false;
	PGresult *r = store_reach_exec(c, &user_reachable, viewer, 1, &user_id, &st);
	if (!r)
		return st;
	*ok = db_bool(r, 0, 0);
	PQclear(r);
	return DB_OK;
}

enum db_status store_users_dismiss_due(struct db_conn *c, const char *org_id, const char *as_of)
{
	const char *params[] = {org_id, as_of};
	return store_exec(c, "users_dismiss_due", 2, params);
}
