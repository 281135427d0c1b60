/*
 * Stand-ups. A user writes their own stand-up of today (their time zone) until the organisation's standup_deadline;
 * the write and the window check are one statement. The board is one statement over the team's members: their
 * stand-up of the day, the rollups of the workday before it, overdue tasks (tasks_assignee_open_idx) and open alerts
 * (alerts_manager_idx). A board request first reads its context in one statement — the team's reach, the data's
 * version, the day — which is all a cached board needs.
 */
#include "salesctl/store/standups.h"
#include "salesctl/store/reach.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct reach team_reach = REACH_TEAM("t.id");

/* Used by GET /v1/standups/board: whether the viewer reaches team $A, plan_versions' version (every table behind a
 * board bumps it: migrations 0010, 0032), the day asked for ($B) or today in the organisation's time zone, and the
 * minute (overdue counts move with the clock). */
static const struct reach_stmt standup_board_context = {
	"standup_board_context",
	"SELECT EXISTS (SELECT 1 FROM teams t WHERE t.org_id = $O AND t.id = $A::uuid AND $R),"
	"       coalesce((SELECT v.version FROM plan_versions v WHERE v.org_id = $O), 0),"
	"       coalesce($B::date, (now() AT TIME ZONE o.timezone)::date)::text,"
	"       floor(extract(epoch FROM now()) / 60)::bigint"
	"  FROM orgs o WHERE o.org_id = $O",
	{&team_reach}};

const struct reach_stmt *const store_standups_reach_stmts[] = {&standup_board_context, NULL};

const struct db_stmt store_standups_stmts[] = {
	/* Used by PUT /v1/standups/{date}: $1 org, $2 user, $3 date, $4 body, $5 new id. */
	{"standup_put",
	 "WITH w AS (SELECT (now() AT TIME ZONE u.timezone)::date AS today,"
	 "                  (now() AT TIME ZONE u.timezone)::time < o.standup_deadline AS open"
	 "             FROM users u JOIN orgs o ON o.org_id = u.org_id WHERE u.org_id = $1 AND u.id = $2),"
	 " b AS (SELECT $4::jsonb AS b),"
	 " up AS (INSERT INTO standups AS s (org_id, manager_id, date, id, yesterday_result, today_goal, today_plan,"
	 "                                   help_needed)"
	 "   SELECT $1, $2, $3::date, $5, b->>'yesterday_result', b->>'today_goal', b->>'today_plan', b->>'help_needed'"
	 "     FROM b, w WHERE $3::date = w.today AND w.open"
	 "   ON CONFLICT (org_id, manager_id, date) DO UPDATE SET yesterday_result = EXCLUDED.yesterday_result,"
	 "     today_goal = EXCLUDED.today_goal, today_plan = EXCLUDED.today_plan, help_needed = EXCLUDED.help_needed,"
	 "     version = s.version + 1, updated_at = now()"
	 "   RETURNING standup_json(s)::text AS j, s.version, (xmax = 0) AS created)"
	 " SELECT CASE WHEN $3::date > w.today THEN 'future' WHEN up.j IS NULL THEN 'closed' ELSE 'open' END,"
	 "        up.j, up.version, up.created"
	 "   FROM w LEFT JOIN up ON true"},
	/* Used by GET /v1/standups/{date}. */
	{"standup_get",
	 "SELECT standup_json(s)::text, s.version FROM standups s WHERE s.org_id = $1 AND s.manager_id = $2 AND s.date = $3"},
	/* Used by GET /v1/standups/board: $1 org, $2 team, $3 date or NULL. */
	{"standup_board",
	 "WITH o AS (SELECT coalesce($3::date, (now() AT TIME ZONE timezone)::date) AS day FROM orgs WHERE org_id = $1),"
	 " prev AS (SELECT max(d::date) AS day FROM o, generate_series(o.day - 14, o.day - 1, interval '1 day') AS d"
	 "           WHERE is_workday($1, d::date)),"
	 " m AS (SELECT u.id, u.name FROM users u"
	 "        WHERE u.org_id = $1 AND u.team_id = $2 AND u.role = 'manager' AND u.status = 'active')"
	 /* A team without members still answers its day: one row with no manager. */
	 " SELECT m.id, CASE WHEN m.id IS NOT NULL THEN json_build_object('manager_id', m.id, 'name', m.name, 'checked_in', s.id IS NOT NULL,"
	 "          'at', s.submitted_at, 'yesterday_result', s.yesterday_result, 'today_goal', s.today_goal,"
	 "          'today_plan', s.today_plan, 'help_needed', s.help_needed,"
	 "          'yesterday', json_build_object('date', prev.day, 'calls_total', coalesce(k.calls_total, 0),"
	 "            'calls_effective', coalesce(k.calls_effective, 0), 'meetings', coalesce(k.meetings, 0),"
	 "            'deals_won', coalesce(k.deals_won, 0), 'revenue_minor', coalesce(k.revenue_minor, 0)),"
	 "          'overdue_tasks', (SELECT count(*) FROM tasks t WHERE t.org_id = $1 AND t.assignee_id = m.id"
	 "                              AND t.status IN ('new', 'in_progress') AND t.due_at < now()),"
	 "          'open_alerts', (SELECT count(*) FROM alerts a WHERE a.org_id = $1 AND a.manager_id = m.id"
	 "                            AND a.status = 'open'))::text END,"
	 "        o.day::text"
	 "   FROM o CROSS JOIN prev LEFT JOIN m ON true"
	 "   LEFT JOIN standups s ON s.org_id = $1 AND s.manager_id = m.id AND s.date = o.day"
	 "   LEFT JOIN kpi_daily k ON k.org_id = $1 AND k.manager_id = m.id AND k.date = prev.day"
	 "  ORDER BY m.name, m.id"},
	{NULL, NULL},
};

enum db_status store_standup_put(struct db_conn *c, const struct principal *actor, const char *id, const char *date,
				 const char *body, enum standup_window *window, struct store_doc *out, bool *created)
{
	const char *params[] = {actor->org_id, actor->user_id, date, body, id};
	enum db_status st;
	memset(out, 0, sizeof(*out));
	*created = false;
	*window = STANDUP_CLOSED;
	PGresult *r = db_exec(c, "standup_put", 5, params, &st);
	if (!r)
		return st;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return DB_ERROR;
	}
	const char *w = PQgetvalue(r, 0, 0);
	*window = strcmp(w, "open") == 0 ? STANDUP_OPEN : strcmp(w, "future") == 0 ? STANDUP_FUTURE : STANDUP_CLOSED;
	if (*window == STANDUP_OPEN) {
		*created = db_bool(r, 0, 3);
		st = store_doc_take(r, 1, out);
	}
	PQclear(r);
	return st;
}

enum db_status store_standup_get(struct db_conn *c, const struct principal *actor, const char *date,
				 struct store_doc *out)
{
	const char *params[] = {actor->org_id, actor->user_id, date};
	return store_doc_query(c, "standup_get", 3, params, out);
}

enum db_status store_standup_board(struct db_conn *c, const char *org_id, const char *team_id, const char *date,
				   struct standup_board_row **rows, size_t *n, char day[11])
{
	const char *params[] = {org_id, team_id, date};
	enum db_status st;
	*n = 0;
	PGresult *r = db_exec_array(c, "standup_board", 3, params, sizeof(**rows), (void **)rows, &st);
	if (!r)
		return st;
	for (int i = 0; i < PQntuples(r); i++) {
		snprintf(day, 11, "%s", PQgetvalue(r, i, 2));
		if (PQgetisnull(r, i, 0))
			continue;
		struct standup_board_row *row = &(*rows)[*n];
		snprintf(row->manager_id, sizeof(row->manager_id), "%s", PQgetvalue(r, i, 0));
		row->json = strdup(PQgetvalue(r, i, 1));
		if (!row->json)
			st = DB_ERROR;
		++*n;
	}
	PQclear(r);
	return st;
}

enum db_status store_standup_board_context(struct db_conn *c, const struct principal *viewer, const char *team_id,
					   const char *date, struct standup_board_context *out)
{
	const char *args[] = {team_id, date};
	enum db_status st;
	memset(out, 0, sizeof(*out));
	PGresult *r = store_reach_exec(c, &standup_board_context, viewer, 2, args, &st);
	if (!r)
		return st;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return DB_ERROR;
	}
	out->visible = db_bool(r, 0, 0);
	out->version = atoll(PQgetvalue(r, 0, 1));
	snprintf(out->day, sizeof(out->day), "%s", PQgetvalue(r, 0, 2));
	out->minute = atoll(PQgetvalue(r, 0, 3));
	PQclear(r);
	return DB_OK;
}
