/*
 * Alerts. One statement evaluates every rule for one organisation: each rule is a CTE producing the conditions that
 * hold at as_of, keyed by dedup_key; the upsert opens or refreshes them under the partial unique index of open
 * alerts, and the update resolves every open alert whose key is no longer produced. Re-running it at the same as_of
 * changes nothing, so overlapping passes cannot duplicate an alert.
 */
#include "salesctl/store/alerts.h"
#include "salesctl/store/list_sql.h"

#include <stdlib.h>
#include <string.h>

#define COND_COLUMNS \
	"kind text, severity text, subject_type text, subject_id uuid, manager_id uuid, team_id uuid, period date," \
	" date date, metric text, expected numeric, actual numeric, message text, details jsonb"

/* Used by GET /v1/alerts/{id} and the ack. */
static const struct reach_stmt alert_get = {
	"alert_get",
	"SELECT alert_json(a)::text FROM alerts a WHERE a.org_id = $O AND a.id = $A AND $R",
	{&store_alert_list_shape.reach}};

/* Used by POST /v1/alerts/{id}/ack. */
static const struct reach_stmt alert_ack = {
	"alert_ack",
	"UPDATE alerts a SET acknowledged_at = coalesce(a.acknowledged_at, now()),"
	"                    acknowledged_by = coalesce(a.acknowledged_by, $V::uuid), updated_at = now()"
	" WHERE a.org_id = $O AND a.id = $A AND $R RETURNING alert_json(a)::text",
	{&store_alert_list_shape.reach}};

const struct reach_stmt *const store_alerts_reach_stmts[] = {&alert_get, &alert_ack, NULL};

const struct db_stmt store_alerts_stmts[] = {
	/* Used by every scheduler pass and POST /v1/admin/scheduler/run. $1 org, $2 as_of, $3 plan conditions. */
	{"alert_evaluate",
	 "WITH o AS (SELECT org_id, timezone, report_deadline, one_on_one_interval_days, lead_sla_minutes, workday_start,"
	 "                  stage_max_days, stage_max_days_by_stage,"
	 "                  ($2::timestamptz AT TIME ZONE timezone)::date AS today,"
	 "                  date_trunc('month', $2::timestamptz AT TIME ZONE timezone)::date AS month"
	 "             FROM orgs WHERE org_id = $1),"
	 " mgr AS (SELECT u.id, u.team_id, u.timezone, u.hired_on, u.dismissed_on,"
	 "                ($2::timestamptz AT TIME ZONE u.timezone)::date AS today"
	 "           FROM users u WHERE u.org_id = $1 AND u.role = 'manager' AND u.status = 'active'),"
	 /* Days a manager is away (not field days, which are available): out of their capacity (SPEC §6.2). */
	 " away AS (SELECT a.manager_id, a.from_date, a.to_date FROM absences a, o"
	 "           WHERE a.org_id = $1 AND a.kind <> 'field' AND a.to_date >= o.month - 60),"
	 " c_plan AS (SELECT * FROM jsonb_to_recordset($3::jsonb) AS x(" COND_COLUMNS ")),"
	 /* idp_needed: lagging on revenue or deals, and no active development plan. */
	 " c_idp AS (SELECT 'idp_needed'::text, 'warning'::text, 'manager'::text, p.manager_id, p.manager_id, p.team_id,"
	 "                  p.period, NULL::date, NULL::text, NULL::numeric, NULL::numeric,"
	 "                  'Lagging on ' || string_agg(p.metric, ', ' ORDER BY p.metric) || ' with no active development plan',"
	 "                  jsonb_build_object('metrics', jsonb_agg(p.metric ORDER BY p.metric))"
	 "             FROM c_plan p WHERE p.kind = 'plan_lagging' AND p.subject_type = 'manager'"
	 "              AND p.metric IN ('revenue_minor', 'deals_won')"
	 "              AND NOT EXISTS (SELECT 1 FROM development_plans d WHERE d.org_id = $1 AND d.manager_id = p.manager_id"
	 "                              AND d.status = 'active')"
	 "            GROUP BY p.manager_id, p.team_id, p.period),"
	 /* report_missing: a workday of this month in the manager's capacity (on or after hiring, up to their last day,
	  * not away), whose deadline has passed, without a report. */
	 " c_missing AS (SELECT 'report_missing'::text, 'warning'::text, 'manager'::text, m.id, m.id, m.team_id,"
	 "                      NULL::date, d::date, NULL::text, NULL::numeric, NULL::numeric,"
	 "                      'No evening report for ' || d::date, NULL::jsonb"
	 "                 FROM o, mgr m, generate_series(o.month, greatest(o.today, m.today), interval '1 day') AS d"
	 "                WHERE d::date < o.month + interval '1 month' AND d::date >= m.hired_on AND is_workday($1, d::date)"
	 "                  AND (m.dismissed_on IS NULL OR d::date <= m.dismissed_on)"
	 "                  AND NOT EXISTS (SELECT 1 FROM away a WHERE a.manager_id = m.id"
	 "                                  AND d::date BETWEEN a.from_date AND a.to_date)"
	 "                  AND ((d::date + o.report_deadline) AT TIME ZONE m.timezone) < $2"
	 "                  AND NOT EXISTS (SELECT 1 FROM daily_reports r"
	 "                                   WHERE r.org_id = $1 AND r.manager_id = m.id AND r.date = d::date)),"
	 /* Leads from the rollups, which hold the organisation's chosen source (migration 0024); the pass rolls up first. */
	 " reps AS (SELECT r.manager_id, u.team_id, r.date, coalesce(k.leads_received, r.leads_received) AS leads_received,"
	 "                 coalesce(k.leads_processed, r.leads_processed) AS leads_processed,"
	 "                 report_reconciliation(r) AS rec"
	 "            FROM o CROSS JOIN daily_reports r JOIN users u ON u.org_id = r.org_id AND u.id = r.manager_id"
	 /* The month again on the rollups, so that they are read for the month and not for all of history. */
	 "            LEFT JOIN kpi_daily k ON k.org_id = r.org_id AND k.manager_id = r.manager_id AND k.date = r.date"
	 "                                 AND k.date >= o.month AND k.date < o.month + interval '1 month'"
	 "           WHERE r.org_id = $1 AND r.date >= o.month AND r.date < o.month + interval '1 month'),"
	 " c_mismatch AS (SELECT 'report_mismatch'::text, 'warning'::text, 'manager'::text, manager_id, manager_id, team_id,"
	 "                       NULL::date, date, 'calls_total'::text, (rec->>'calls_logged')::numeric,"
	 "                       (rec->>'calls_reported')::numeric,"
	 "                       'The report of ' || date || ' says ' || (rec->>'calls_reported') || ' calls; telephony logged '"
	 "                       || (rec->>'calls_logged'), NULL::jsonb"
	 "                  FROM reps WHERE rec->'fields'->'calls'->>'status' = 'mismatch'),"
	 " c_leads AS (SELECT 'leads_unprocessed'::text, 'warning'::text, 'manager'::text, manager_id, manager_id, team_id,"
	 "                    NULL::date, date, 'leads_processed'::text, leads_received::numeric, leads_processed::numeric,"
	 "                    (leads_received - leads_processed) || ' leads of ' || date || ' were not processed', NULL::jsonb"
	 "               FROM reps WHERE leads_processed < leads_received),"
	 " c_overdue AS (SELECT 'task_overdue'::text, CASE WHEN t.priority = 'critical' THEN 'critical' ELSE 'warning' END,"
	 "                      'task'::text, t.id, t.assignee_id, u.team_id, NULL::date, NULL::date, NULL::text,"
	 "                      NULL::numeric, NULL::numeric, 'Task \"' || left(t.title, 120) || '\" is past its due date',"
	 "                      jsonb_build_object('title', left(t.title, 120))"
	 "                 FROM tasks t JOIN users u ON u.org_id = t.org_id AND u.id = t.assignee_id"
	 "                WHERE t.org_id = $1 AND t.status IN ('new', 'in_progress') AND t.due_at < $2),"
	 " c_unchecked AS (SELECT 'task_unchecked'::text, 'warning'::text, 'task'::text, t.id, t.assignee_id, u.team_id,"
	 "                        NULL::date, NULL::date, NULL::text, NULL::numeric, NULL::numeric,"
	 "                        'Task \"' || left(t.title, 120) || '\" is done but was not checked by its control date',"
	 "                        jsonb_build_object('title', left(t.title, 120))"
	 "                   FROM tasks t JOIN users u ON u.org_id = t.org_id AND u.id = t.assignee_id"
	 "                  WHERE t.org_id = $1 AND t.status = 'done' AND t.control_at < $2),"
	 /* one_on_one_overdue: no held one-on-one in the interval, counted from hiring for a new manager; not while the
	  * manager is away. */
	 " c_ooo AS (SELECT 'one_on_one_overdue'::text, 'warning'::text, 'manager'::text, m.id, m.id, m.team_id,"
	 "                  NULL::date, NULL::date, NULL::text, o.one_on_one_interval_days::numeric,"
	 "                  floor(extract(epoch FROM $2 - s.since) / 86400)::numeric,"
	 "                  'No one-on-one for ' || floor(extract(epoch FROM $2 - s.since) / 86400) || ' days', NULL::jsonb"
	 "             FROM o, mgr m, LATERAL (SELECT coalesce((SELECT max(x.held_at) FROM one_on_ones x"
	 "                                                    WHERE x.org_id = $1 AND x.manager_id = m.id"
	 "                                                      AND x.status = 'held' AND x.held_at <= $2),"
	 "                                                   m.hired_on::timestamp AT TIME ZONE m.timezone) AS since) s"
	 "            WHERE s.since < $2 - o.one_on_one_interval_days * interval '1 day'"
	 "              AND NOT EXISTS (SELECT 1 FROM away a WHERE a.manager_id = m.id"
	 "                              AND m.today BETWEEN a.from_date AND a.to_date)),"
	 " c_idp_item AS (SELECT 'idp_item_overdue'::text, 'warning'::text, 'idp_item'::text, i.id, d.manager_id, u.team_id,"
	 "                       NULL::date, i.due_on, NULL::text, NULL::numeric, NULL::numeric,"
	 "                       'Development plan item \"' || left(i.goal, 120) || '\" is past its due date',"
	 "                       jsonb_build_object('goal', left(i.goal, 120))"
	 "                  FROM idp_items i JOIN development_plans d ON d.org_id = i.org_id AND d.id = i.plan_id"
	 "                  JOIN users u ON u.org_id = d.org_id AND u.id = d.manager_id, o"
	 "                 WHERE i.org_id = $1 AND d.status = 'active' AND i.status = 'open' AND i.due_on < o.today),"
	 /* activity_drop (SPEC §6.2): effective calls over the manager's last 3 elapsed available workdays that are not
	  * field days, below 70 % of their daily calls_effective target T/W_m times 3, or, without that target, of their
	  * own average over the up to 20 such days before them. Fewer than 3 such days since hiring: not judged. */
	 " owd AS (SELECT d::date AS day FROM o, generate_series(o.today - 60, o.today, interval '1 day') AS d"
	 "          WHERE is_workday($1, d::date)"
	 "            AND (d::date < o.today OR ((o.today + o.report_deadline) AT TIME ZONE o.timezone) < $2)),"
	 " wd AS (SELECT m.id AS manager_id, w.day, row_number() OVER (PARTITION BY m.id ORDER BY w.day DESC) AS n"
	 "          FROM mgr m JOIN owd w ON w.day >= m.hired_on AND (m.dismissed_on IS NULL OR w.day <= m.dismissed_on)"
	 "         WHERE NOT EXISTS (SELECT 1 FROM absences a WHERE a.org_id = $1 AND a.manager_id = m.id"
	 "                             AND w.day BETWEEN a.from_date AND a.to_date)),"
	 " wd_count AS (SELECT manager_id, count(*) FILTER (WHERE n <= 3) AS recent_days,"
	 "                     count(*) FILTER (WHERE n BETWEEN 4 AND 23) AS base_days"
	 "                FROM wd GROUP BY manager_id),"
	 " mdays AS (SELECT d::date AS day FROM o,"
	 "             generate_series(o.month, o.month + interval '1 month' - interval '1 day', interval '1 day') AS d"
	 "            WHERE is_workday($1, d::date)),"
	 " month_w AS (SELECT m.id AS manager_id, count(*) AS w"
	 "               FROM mgr m JOIN mdays x ON x.day >= m.hired_on AND (m.dismissed_on IS NULL OR x.day <= m.dismissed_on)"
	 "              WHERE NOT EXISTS (SELECT 1 FROM away a WHERE a.manager_id = m.id"
	 "                                AND x.day BETWEEN a.from_date AND a.to_date)"
	 "              GROUP BY m.id),"
	 " act AS (SELECT m.id, m.team_id,"
	 "                coalesce(sum(k.calls_effective) FILTER (WHERE w.n <= 3), 0) AS recent,"
	 "                coalesce(sum(k.calls_effective) FILTER (WHERE w.n BETWEEN 4 AND 23), 0) AS base"
	 "           FROM mgr m JOIN wd w ON w.manager_id = m.id AND w.n <= 23"
	 "           LEFT JOIN kpi_daily k ON k.org_id = $1 AND k.manager_id = m.id AND k.date = w.day"
	 "          GROUP BY m.id, m.team_id),"
	 " act_expected AS (SELECT a.*, CASE WHEN p.targets ? 'calls_effective' AND mw.w > 0"
	 "                                   THEN (p.targets->>'calls_effective')::numeric / mw.w * 3"
	 "                                   WHEN wc.base_days > 0 THEN a.base::numeric / wc.base_days * 3 END AS expected"
	 "                      FROM act a JOIN wd_count wc ON wc.manager_id = a.id"
	 "                      LEFT JOIN month_w mw ON mw.manager_id = a.id CROSS JOIN o"
	 "                      LEFT JOIN plans p ON p.org_id = $1 AND p.period = o.month AND p.subject_type = 'manager'"
	 "                                       AND p.subject_id = a.id"
	 "                     WHERE wc.recent_days = 3),"
	 " c_activity AS (SELECT 'activity_drop'::text, 'warning'::text, 'manager'::text, a.id, a.id, a.team_id, o.month,"
	 "                       NULL::date, 'calls_effective'::text, round(a.expected, 2), a.recent::numeric,"
	 "                       'Effective calls over the last 3 workdays: ' || a.recent || ', below 70 % of '"
	 "                       || round(a.expected, 1), NULL::jsonb"
	 "                  FROM act_expected a, o WHERE a.expected > 0 AND a.recent < 0.7 * a.expected),"
	 /* The CRM's leads and deals (SPEC §6.3, migration 0025), as they stand: leads_waiting_idx and deals_open_idx. */
	 " waiting AS (SELECT l.id, l.lead_id, l.created_at, l.manager_id, u.team_id, u.timezone"
	 "               FROM leads l JOIN users u ON u.org_id = l.org_id AND u.id = l.manager_id"
	 "              WHERE l.org_id = $1 AND l.first_contact_at IS NULL AND l.closed_at IS NULL AND l.created_at <= $2),"
		 /* A lead whose alert is open has breached its SLA already and stays breached until contacted or closed, so
	  * the walk over the calendar (work_minutes_after) runs only for leads not yet alerted: the pass's work is the
	  * leads still inside their SLA, not every lead left waiting. The figures are fixed at the breach (the time
	  * waited is now - details.lead_created_at), so an open alert is not rewritten, nor plan_versions bumped, by
	  * every pass. */
	 " c_lead_sla AS (SELECT 'lead_sla'::text, 'warning'::text, 'lead'::text, w.id, w.manager_id, w.team_id,"
	 "                       NULL::date, NULL::date, NULL::text, o.lead_sla_minutes::numeric, NULL::numeric,"
	 "                       'Lead ' || left(w.lead_id, 120) || ' has had no first contact within '"
	 "                       || o.lead_sla_minutes || ' working minutes',"
	 "                       jsonb_build_object('lead_id', left(w.lead_id, 120), 'lead_created_at', w.created_at)"
	 "                  FROM waiting w, o"
	 "                 WHERE CASE WHEN EXISTS (SELECT 1 FROM alerts a WHERE a.org_id = $1 AND a.status = 'open'"
	 "                                           AND a.dedup_key = 'lead_sla|lead|' || w.id || '|||')"
	 "                       THEN true"
	 "                       ELSE work_minutes_after($1, w.timezone, w.created_at, o.lead_sla_minutes, o.workday_start,"
	 "                                               o.report_deadline) <= $2 END),"
	 " c_left AS (SELECT 'leads_left_for_tomorrow'::text, 'warning'::text, 'manager'::text, w.manager_id, w.manager_id,"
	 "                   w.team_id, NULL::date, x.day, NULL::text, NULL::numeric, count(*)::numeric,"
	 "                   count(*) || ' leads of ' || x.day || ' were left for tomorrow without a first contact', NULL::jsonb"
	 "              FROM waiting w, o, LATERAL (SELECT (w.created_at AT TIME ZONE w.timezone)::date AS day) x"
	 "             WHERE w.created_at >= $2 - interval '8 days' AND x.day >= ($2 AT TIME ZONE w.timezone)::date - 7"
	 "               AND ((x.day + o.report_deadline) AT TIME ZONE w.timezone) <= $2"
	 "             GROUP BY w.manager_id, w.team_id, x.day),"
	 " c_stuck AS (SELECT 'deal_stuck'::text, 'warning'::text, 'deal'::text, d.id, d.manager_id, u.team_id,"
	 "                    NULL::date, NULL::date, NULL::text, s.lim::numeric,"
	 "                    floor(extract(epoch FROM $2 - s.since) / 86400)::numeric,"
	 "                    'Deal ' || left(d.deal_id, 120) || ' has been at stage ' || coalesce(left(d.stage, 120), '-')"
	 "                    || ' for ' || floor(extract(epoch FROM $2 - s.since) / 86400) || ' days',"
	 "                    jsonb_build_object('deal_id', left(d.deal_id, 120), 'stage', coalesce(left(d.stage, 120), '-'))"
	 "               FROM deals d JOIN users u ON u.org_id = d.org_id AND u.id = d.manager_id, o,"
	 "                    LATERAL (SELECT coalesce(d.stage_entered_at, d.created_at) AS since,"
	 "                                    coalesce((o.stage_max_days_by_stage->>d.stage)::int, o.stage_max_days) AS lim) s"
	 "              WHERE d.org_id = $1 AND d.outcome IS NULL AND s.since + s.lim * interval '1 day' <= $2),"
	 " cond AS (SELECT * FROM c_plan UNION ALL SELECT * FROM c_idp UNION ALL SELECT * FROM c_missing"
	 "          UNION ALL SELECT * FROM c_mismatch UNION ALL SELECT * FROM c_leads UNION ALL SELECT * FROM c_overdue"
	 "          UNION ALL SELECT * FROM c_unchecked UNION ALL SELECT * FROM c_ooo UNION ALL SELECT * FROM c_idp_item"
	 "          UNION ALL SELECT * FROM c_activity UNION ALL SELECT * FROM c_lead_sla UNION ALL SELECT * FROM c_left"
	 "          UNION ALL SELECT * FROM c_stuck),"
	 " keyed AS (SELECT c.*, c.kind || '|' || c.subject_type || '|' || c.subject_id || '|' || coalesce(c.period::text, '')"
	 "                  || '|' || coalesce(c.date::text, '') || '|' || coalesce(c.metric, '') AS dedup_key FROM cond c),"
		 /* What is already open with the same figures is left alone before the upsert: ON CONFLICT would lock (and so
	  * write) every such row on every pass, the pass's largest cost once thousands of alerts are open. */
	 " fresh AS (SELECT k.* FROM keyed k"
	 "            WHERE NOT EXISTS (SELECT 1 FROM alerts a WHERE a.org_id = $1 AND a.status = 'open'"
	 "                                AND a.dedup_key = k.dedup_key"
	 "                                AND (a.severity, a.expected, a.actual, a.message, a.details, a.manager_id,"
	 "                                     a.team_id) IS NOT DISTINCT FROM (k.severity, k.expected, k.actual,"
	 "                                     k.message, k.details, k.manager_id, k.team_id))),"
	 " up AS (INSERT INTO alerts AS a (org_id, id, kind, severity, subject_type, subject_id, manager_id, team_id,"
	 "                                 period, date, metric, expected, actual, message, details, dedup_key, opened_at)"
	 "   SELECT $1, gen_random_uuid(), kind, severity, subject_type, subject_id, manager_id, team_id, period, date,"
	 "          metric, expected, actual, message, details, dedup_key, $2 FROM fresh"
	 "   ON CONFLICT (org_id, dedup_key) WHERE status = 'open' DO UPDATE SET severity = EXCLUDED.severity,"
	 "     expected = EXCLUDED.expected, actual = EXCLUDED.actual, message = EXCLUDED.message, details = EXCLUDED.details,"
	 "     manager_id = EXCLUDED.manager_id, team_id = EXCLUDED.team_id, updated_at = now()"
	 /* An alert whose figures did not change is not rewritten: a pass writes what changed. */
	 "   WHERE (a.severity, a.expected, a.actual, a.message, a.details, a.manager_id, a.team_id) IS DISTINCT FROM"
	 "         (EXCLUDED.severity, EXCLUDED.expected, EXCLUDED.actual, EXCLUDED.message, EXCLUDED.details,"
	 "          EXCLUDED.manager_id, EXCLUDED.team_id)"
	 "   RETURNING (xmax = 0) AS inserted),"
	 " res AS (UPDATE alerts a SET status = 'resolved', resolved_at = $2, updated_at = now()"
	 "          WHERE a.org_id = $1 AND a.status = 'open'"
	 /* NOT IN over a non-null key is a hashed subplan whatever the statistics say; NOT EXISTS was planned as a
	  * nested loop (open alerts × conditions) right after the alerts table grew. */
	 "            AND a.dedup_key NOT IN (SELECT dedup_key FROM keyed) RETURNING 1)"
	 " SELECT (SELECT count(*) FROM up WHERE inserted), (SELECT count(*) FROM res)"},
	/* Used by every pass before the alerts: metric items of active plans that reached their target are done. */
	{"idp_items_from_rollups",
	 "UPDATE idp_items i SET status = 'done' FROM development_plans d"
	 " WHERE i.org_id = $1 AND d.org_id = i.org_id AND d.id = i.plan_id AND d.status = 'active'"
	 "   AND i.status = 'open' AND i.metric IS NOT NULL"
	 "   AND kpi_metric_value(d.org_id, d.manager_id, d.starts_on,"
	 "                      least(d.ends_on, ($2::timestamptz AT TIME ZONE"
	 "                                        (SELECT timezone FROM users WHERE org_id = d.org_id AND id = d.manager_id))::date),"
	 "                      i.metric) >= i.target_value"},
	/* Used by the scheduler thread: every organisation. */
	{"alert_orgs", "SELECT org_id FROM orgs ORDER BY org_id"},
	/* Used by GET /v1/plan-status. */
	{"alert_open_counts",
	 "SELECT manager_id, count(*) FROM alerts WHERE org_id = $1 AND status = 'open' AND manager_id IS NOT NULL"
	 " GROUP BY manager_id"
	 " UNION ALL SELECT subject_id, count(*) FROM alerts WHERE org_id = $1 AND status = 'open' AND subject_type = 'team'"
	 " GROUP BY subject_id"
	 " UNION ALL SELECT $1, count(*) FROM alerts WHERE org_id = $1 AND status = 'open'"},
	{NULL, NULL},
};

enum db_status store_alert_evaluate(struct db_conn *c, const char *org_id, const char *as_of,
				    const char *plan_conditions, long *opened, long *resolved)
{
	const char *params[] = {org_id, as_of, plan_conditions};
	enum db_status st;
	*opened = *resolved = 0;
	PGresult *r = db_exec(c, "alert_evaluate", 3, params, &st);
	if (!r)
		return st;
	*opened = atol(PQgetvalue(r, 0, 0));
	*resolved = atol(PQgetvalue(r, 0, 1));
	PQclear(r);
	return DB_OK;
}

enum db_status store_idp_items_from_rollups(struct db_conn *c, const char *org_id, const char *as_of)
{
	const char *params[] = {org_id, as_of};
	enum db_status st;
	PGresult *r = db_exec(c, "idp_items_from_rollups", 2, params, &st);
	if (r)
		PQclear(r);
	return st;
}

enum db_status store_alert_orgs(struct db_conn *c, struct store_id **orgs, size_t *n)
{
	enum db_status st;
	*n = 0;
	PGresult *r = db_exec_array(c, "alert_orgs", 0, NULL, sizeof(**orgs), (void **)orgs, &st);
	if (!r)
		return st;
	for (int i = 0; i < PQntuples(r); i++)
		snprintf((*orgs)[i].id, sizeof((*orgs)[i].id), "%s", PQgetvalue(r, i, 0));
	*n = (size_t)PQntuples(r);
	PQclear(r);
	return DB_OK;
}

enum db_status store_alert_get(struct db_conn *c, const struct principal *viewer, const char *id,
			       struct store_doc *out)
{
	return store_reach_doc(c, &alert_get, viewer, 1, &id, out);
}

enum db_status store_alert_ack(struct db_conn *c, const struct principal *actor, const char *id,
			       struct store_doc *out)
{
	return store_reach_doc(c, &alert_ack, actor, 1, &id, out);
}

/* GET /v1/alerts. A head sees the alerts about themselves and their members, and the team alerts of the teams they
 * head or belong to; a manager theirs and their team's. Newest first by alerts_list_idx. */
static const struct list_filter store_alert_list_filters[] = {
	{"status", "a.status = ANY ($$::text[])", true, false},
	{"kind", "a.kind = ANY ($$::text[])", true, false},
	{"severity", "a.severity = ANY ($$::text[])", true, false},
	{"team_id", "a.team_id = $$::uuid", false, false},
	{"manager_id", "a.manager_id = $$::uuid", false, true},
};

static const struct list_sort store_alert_list_sorts[] = {
	{"opened_at", "a.opened_at", "timestamptz"},
	{"severity", "array_position(ARRAY['info', 'warning', 'critical'], a.severity)", "integer"},
};

const struct list_shape store_alert_list_shape = {
	.table = "alerts",
	.alias = "a",
	.json = "alert_json(a)::text",
	.reach = {.head = "(a.manager_id = $V OR a.manager_id = ANY (" REACH_MEMBERS ") OR (a.manager_id IS NULL AND"
	                  " (a.team_id = ANY (" REACH_TEAMS_HEADED ") OR a.team_id = " REACH_OWN_TEAM ")))",
	          .manager = "(a.manager_id = $V OR (a.manager_id IS NULL AND a.team_id = " REACH_OWN_TEAM "))"},
	.search = NULL,
	.filters = store_alert_list_filters,
	.nfilters = sizeof(store_alert_list_filters) / sizeof(store_alert_list_filters[0]),
	.sorts = store_alert_list_sorts,
	.nsorts = sizeof(store_alert_list_sorts) / sizeof(store_alert_list_sorts[0]),
};

enum db_status store_alert_open_counts(struct db_conn *c, const char *org_id, struct alert_count **counts, size_t *n)
{
	enum db_status st;
	*n = 0;
	PGresult *r = db_exec_array(c, "alert_open_counts", 1, &org_id, sizeof(**counts), (void **)counts, &st);
	if (!r)
		return st;
	for (int i = 0; i < PQntuples(r); i++) {
		snprintf((*counts)[i].id, sizeof((*counts)[i].id), "%s", PQgetvalue(r, i, 0));
		(*counts)[i].open = atol(PQgetvalue(r, i, 1));
	}
	*n = (size_t)PQntuples(r);
	PQclear(r);
	return DB_OK;
}

long open_alerts_of(const struct open_alerts *alerts, const char *id)
{
	for (size_t i = 0; i < alerts->n; i++)
		if (strcmp(alerts->counts[i].id, id) == 0)
			return alerts->counts[i].open;
	return 0;
}
