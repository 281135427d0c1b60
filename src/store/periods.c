/*
 * Month close. A close writes a row per subject (the organisation, each team, each manager) holding what plan status
 * and the payouts said of the month and its KPIs summed from the rollups; reads of the closed month compose their
 * answers from the rows the viewer reaches. The KPIs are summed here again, live, for the comparison GET
 * /v1/periods/{period} shows, by the same SQL as at the close.
 */
#include "salesctl/store/periods.h"
#include "salesctl/store/kpi_sql.h"


/* The month's KPIs per manager (every manager of the organisation), per team (its current members) and for the
 * organisation, as CTEs per and live(subject_type, subject_id, kpis jsonb); org and period are placeholders. */
#define PERIOD_LIVE_KPIS(org, period)                                                                                  \
	" per AS (SELECT u.id, u.team_id, " KPI_SUMS " FROM users u"                                                    \
	"   LEFT JOIN kpi_daily k ON k.org_id = u.org_id AND k.manager_id = u.id"                                       \
	"    AND k.date >= " period "::date AND k.date < " period "::date + interval '1 month'"                          \
	"  WHERE u.org_id = " org " AND u.role = 'manager' GROUP BY u.id, u.team_id),"                                  \
	" live AS (SELECT 'manager'::text AS subject_type, per.id AS subject_id, " KPI_METRICS_JSON("per") "::jsonb AS kpis" \
	"   FROM per"                                                                                                   \
	"   UNION ALL SELECT 'team', t.team_id, " KPI_METRICS_JSON("t") "::jsonb FROM (SELECT team_id, " KPI_RESUM ","      \
	"     sum(qsum) AS qsum, sum(qcount) AS qcount FROM per WHERE team_id IS NOT NULL GROUP BY team_id) t"           \
	"   UNION ALL SELECT 'org', " org "::uuid, " KPI_METRICS_JSON("o") "::jsonb FROM (SELECT " KPI_RESUM ","           \
	"     sum(qsum) AS qsum, sum(qcount) AS qcount FROM per) o)"

static const struct reach person_reach = REACH_PERSON("s.subject_id");
static const struct reach team_reach = REACH_TEAM("s.subject_id");
static const struct reach owner_only = REACH_OWNER_ONLY;

/* Used by GET /v1/periods/{period} and the replies of close and reopen: $A the month's first day. */
static const struct reach_stmt period_get = {
	"period_get",
	"WITH pc AS (SELECT p.closed_at, p.closed_by, p.late_changes FROM period_closes p"
	"             WHERE p.org_id = $O AND p.period = $A::date),"
	PERIOD_LIVE_KPIS("$O", "$A") ","
	" s AS (SELECT s.subject_type, s.subject_id, s.kpis FROM period_snapshots s"
	"        WHERE s.org_id = $O AND s.period = $A::date"
	"          AND CASE s.subject_type WHEN 'manager' THEN $R WHEN 'team' THEN $S ELSE $T END)"
	" SELECT json_build_object('period', to_char($A::date, 'YYYY-MM'),"
	"   'status', CASE WHEN (SELECT closed_at FROM pc) IS NULL THEN 'open' ELSE 'closed' END,"
	"   'closed_at', (SELECT closed_at FROM pc), 'closed_by', (SELECT closed_by FROM pc),"
	"   'late_changes', coalesce((SELECT late_changes FROM pc), 0),"
	"   'history', coalesce((SELECT json_agg(json_build_object('action', g.action, 'at', g.at, 'actor_id', g.actor_id,"
	"                          'reason', g.reason, 'late_changes', g.late_changes) ORDER BY g.seq)"
	"                        FROM period_close_log g WHERE g.org_id = $O AND g.period = $A::date), '[]'),"
	"   'kpis', coalesce((SELECT json_agg(json_build_object('subject_type', s.subject_type, 'subject_id', s.subject_id,"
	"                       'closed', s.kpis, 'now', coalesce(l.kpis, '{}'),"
	"                       'changed', ARRAY(SELECT e.key FROM jsonb_each(s.kpis) e"
	"                                         WHERE e.value IS DISTINCT FROM coalesce(l.kpis, '{}') -> e.key"
	"                                         ORDER BY e.key))"
	"                     ORDER BY s.subject_type <> 'org', s.subject_type <> 'team', s.subject_id)"
	"                     FROM s LEFT JOIN live l ON l.subject_type = s.subject_type AND l.subject_id = s.subject_id),"
	"            '[]'))::text",
	{&person_reach, &team_reach, &owner_only}};

/* Used by GET /v1/plan-status for a closed month: $A the month's first day, filters team $B and manager $C. The
 * answer has live plan status's shape (org only for an owner without filters; a team filter keeps that team and the
 * managers who were in it at the close) with closed_at and late_changes. */
static const struct reach_stmt period_plan_status = {
	"period_plan_status",
	"WITH s AS (SELECT s.subject_type, s.subject_id, s.plan_status FROM period_snapshots s"
	"            WHERE s.org_id = $O AND s.period = $A::date"
	"              AND CASE s.subject_type"
	"                  WHEN 'manager' THEN $R AND ($B::uuid IS NULL OR s.team_id = $B::uuid)"
	"                                    AND ($C::uuid IS NULL OR s.subject_id = $C::uuid)"
	"                  WHEN 'team' THEN $S AND $C::uuid IS NULL AND ($B::uuid IS NULL OR s.subject_id = $B::uuid)"
	"                  ELSE $T AND $B::uuid IS NULL AND $C::uuid IS NULL END)"
	" SELECT json_build_object('period', to_char(p.period, 'YYYY-MM'), 'as_of', p.closed_at, 'closed_at', p.closed_at,"
	"   'late_changes', p.late_changes, 'workdays', p.workdays,"
	"   'org', (SELECT s.plan_status FROM s WHERE s.subject_type = 'org'),"
	"   'teams', coalesce((SELECT json_agg(s.plan_status ORDER BY s.subject_id) FROM s WHERE s.subject_type = 'team'),"
	"                     '[]'),"
	"   'managers', coalesce((SELECT json_agg(s.plan_status ORDER BY s.subject_id) FROM s"
	"                          WHERE s.subject_type = 'manager'), '[]'))::text"
	"  FROM period_closes p WHERE p.org_id = $O AND p.period = $A::date AND p.closed_at IS NOT NULL",
	{&person_reach, &team_reach, &owner_only}};

/* Used by GET /v1/payouts for a closed month: $A the month's first day. */
static const struct reach_stmt period_payouts = {
	"period_payouts",
	"SELECT json_build_object('period', to_char(p.period, 'YYYY-MM'), 'as_of', p.closed_at, 'closed_at', p.closed_at,"
	"   'late_changes', p.late_changes,"
	"   'items', coalesce((SELECT json_agg(s.payout ORDER BY s.subject_id) FROM period_snapshots s"
	"                       WHERE s.org_id = $O AND s.period = $A::date AND s.subject_type = 'manager'"
	"                         AND s.payout IS NOT NULL AND $R), '[]'))::text"
	"  FROM period_closes p WHERE p.org_id = $O AND p.period = $A::date AND p.closed_at IS NOT NULL",
	{&person_reach}};

const struct reach_stmt *const store_periods_reach_stmts[] = {&period_get, &period_plan_status, &period_payouts, NULL};

const struct db_stmt store_periods_stmts[] = {
	/* Used by POST /v1/periods/{period}/close: no row when the month is closed already. */
	{"period_close",
	 "WITH c AS (INSERT INTO period_closes AS p (org_id, period, closed_at, closed_by) VALUES ($1, $2::date, now(), $3)"
	 "   ON CONFLICT (org_id, period) DO UPDATE SET closed_at = now(), closed_by = EXCLUDED.closed_by, late_changes = 0"
	 "   WHERE p.closed_at IS NULL RETURNING p.org_id, p.period),"
	 " l AS (INSERT INTO period_close_log (org_id, period, action, actor_id, late_changes)"
	 "   SELECT org_id, period, 'close', $3, 0 FROM c)"
	 " SELECT count(*) FROM c"},
	/* ...then the snapshot: $3 the workdays, $4 the subjects as computed by the API. */
	{"period_snapshot_put",
	 "WITH" PERIOD_LIVE_KPIS("$1", "$2") ","
	 " x AS (SELECT * FROM jsonb_to_recordset($4::jsonb)"
	 "         AS x(subject_type text, subject_id uuid, team_id uuid, plan_status jsonb, payout jsonb)),"
	 " w AS (UPDATE period_closes SET workdays = $3::jsonb WHERE org_id = $1 AND period = $2::date)"
	 " INSERT INTO period_snapshots (org_id, period, subject_type, subject_id, team_id, plan_status, payout, kpis)"
	 " SELECT $1, $2::date, x.subject_type, x.subject_id, x.team_id, x.plan_status, x.payout, coalesce(l.kpis, '{}')"
	 "   FROM x LEFT JOIN live l ON l.subject_type = x.subject_type AND l.subject_id = x.subject_id"},
	/* Used by POST /v1/periods/{period}/reopen: no row counted when the month is not closed. */
	{"period_reopen",
	 "WITH r AS (UPDATE period_closes p SET closed_at = NULL, closed_by = NULL, workdays = NULL"
	 "            WHERE p.org_id = $1 AND p.period = $2::date AND p.closed_at IS NOT NULL"
	 "            RETURNING p.org_id, p.period, p.late_changes),"
	 " d AS (DELETE FROM period_snapshots s USING r WHERE s.org_id = r.org_id AND s.period = r.period),"
	 " l AS (INSERT INTO period_close_log (org_id, period, action, actor_id, reason, late_changes)"
	 "   SELECT org_id, period, 'reopen', $3, $4, late_changes FROM r)"
	 " SELECT count(*) FROM r"},
	{NULL, NULL},
};

enum db_status store_period_close(struct db_conn *c, const char *org_id, const char *period_start,
				  const char *actor_id, bool *already)
{
	const char *params[] = {org_id, period_start, actor_id};
	long closed = 0;
	enum db_status st = store_count_query(c, "period_close", 3, params, &closed);
	*already = st == DB_OK && closed == 0;
	return st;
}

enum db_status store_period_snapshot_put(struct db_conn *c, const char *org_id, const char *period_start,
					 const char *workdays, const char *subjects)
{
	const char *params[] = {org_id, period_start, workdays, subjects};
	return store_exec(c, "period_snapshot_put", 4, params);
}

enum db_status store_period_reopen(struct db_conn *c, const char *org_id, const char *period_start,
				   const char *actor_id, const char *reason, bool *was_closed)
{
	const char *params[] = {org_id, period_start, actor_id, reason};
	long reopened = 0;
	enum db_status st = store_count_query(c, "period_reopen", 4, params, &reopened);
	*was_closed = reopened > 0;
	return st;
}

enum db_status store_period_get(struct db_conn *c, const struct principal *viewer, const char *period_start,
				char **json)
{
	return store_reach_text(c, &period_get, viewer, 1, &period_start, json);
}

enum db_status store_period_plan_status(struct db_conn *c, const struct principal *viewer, const char *period_start,
					const char *team_id, const char *manager_id, char **json)
{
	const char *args[] = {period_start, team_id, manager_id};
	return store_reach_text(c, &period_plan_status, viewer, 3, args, json);
}

enum db_status store_period_payouts(struct db_conn *c, const struct principal *viewer, const char *period_start,
				    char **json)
{
	return store_reach_text(c, &period_payouts, viewer, 1, &period_start, json);
}
