/*
 * KPI reads. Everything comes from kpi_daily (the rollups); a team's figures are the sum of its current members',
 * the organisation's the sum of everyone's. Ratios with a zero denominator are null.
 */
#include "salesctl/store/kpi.h"
#include "salesctl/store/kpi_sql.h"
#include "salesctl/domain/capacity.h"
#include "salesctl/store/calendar.h"
#include "salesctl/store/reach.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct reach person_reach = REACH_PERSON("u.id");
static const struct reach team_reach = REACH_TEAM("t.id");
static const struct reach owner_only = REACH_OWNER_ONLY;
/* A team's rows of the comparison: a head's teams and their own, none for a manager. */
static const struct reach compared_team_reach = {
	.head = "(per.team_id = ANY (" REACH_TEAMS_HEADED ") OR per.team_id = " REACH_OWN_TEAM ")", .manager = "false"};

/* Whether the viewer sees subject $B of type $A. */
#define KPI_SUBJECT_VISIBLE \
	"CASE $A WHEN 'org' THEN $T" \
	"  WHEN 'manager' THEN EXISTS (SELECT 1 FROM users u WHERE u.org_id = $O AND u.id = $B::uuid AND $R)" \
	"  ELSE EXISTS (SELECT 1 FROM teams t WHERE t.org_id = $O AND t.id = $B::uuid AND $S) END"

/* Used by plan status, the comparison and the team checks. */
static const struct reach_stmt kpi_subject_visible = {
	"kpi_subject_visible", "SELECT " KPI_SUBJECT_VISIBLE, {&person_reach, &team_reach, &owner_only}};

/* Used by GET /v1/kpi: the visibility, the data's version (plan_versions: every table the series reads bumps it)
 * and the minute, which together with the query are the series' cache key. */
static const struct reach_stmt kpi_series_context = {
	"kpi_series_context",
	"SELECT " KPI_SUBJECT_VISIBLE ", coalesce((SELECT v.version FROM plan_versions v WHERE v.org_id = $O), 0),"
	"       floor(extract(epoch FROM now()) / 60)::bigint",
	{&person_reach, &team_reach, &owner_only}};

/* Used by GET /v1/kpi/compare: the managers in reach (of team $A when given) and, for heads and owners, their teams
 * and, for owners without a team filter, the organisation; each summed over the window $B..$C and the other window
 * $D..$E (empty when $E is null). Teams are summed over their current members. */
static const struct reach_stmt kpi_compare = {
	"kpi_compare",
	"WITH m AS (SELECT u.id, u.team_id FROM users u WHERE u.org_id = $O AND $R"
	"             AND u.role = 'manager' AND ($A::uuid IS NULL OR u.team_id = $A)),"
	" per AS (SELECT m.id, m.team_id, w.w, " KPI_SUMS " FROM m"
	"   CROSS JOIN (VALUES ('a', $B::date, $C::date), ('b', $D::date, $E::date)) w(w, wfrom, wto)"
	"   LEFT JOIN kpi_daily k ON k.org_id = $O AND k.manager_id = m.id AND k.date BETWEEN w.wfrom AND w.wto"
	"   GROUP BY m.id, m.team_id, w.w),"
	" rows AS (SELECT 'manager' AS subject_type, id AS subject_id, w, " KPI_RESUM " FROM per GROUP BY id, w"
	"   UNION ALL SELECT 'team', team_id, w, " KPI_RESUM " FROM per WHERE team_id IS NOT NULL AND $S"
	"     GROUP BY team_id, w"
	"   UNION ALL SELECT 'org', $O::uuid, w, " KPI_RESUM " FROM per WHERE $T AND $A::uuid IS NULL GROUP BY w),"
	" pa AS (SELECT * FROM rows WHERE w = 'a'), pb AS (SELECT * FROM rows WHERE w = 'b')"
	" SELECT coalesce(json_agg(json_build_object('subject_type', pa.subject_type, 'subject_id', pa.subject_id,"
	"   'window', json_build_object('from', $B::date, 'to', $C::date),"
	"   'vs_window', json_build_object('from', $D::date, 'to', $E::date),"
	"   'metrics', (SELECT json_object_agg(x.key, json_build_object('value', x.v, 'vs_value', y.v,"
	"                 'growth', CASE WHEN y.v = 0 THEN NULL ELSE (x.v - y.v)::float8 / y.v END))"
	"      FROM (SELECT key, coalesce(value::numeric, 0) AS v FROM json_each_text(row_to_json(pa))) x"
	"      JOIN (SELECT key, coalesce(value::numeric, 0) AS v FROM json_each_text(row_to_json(pb))) y USING (key)"
	"     WHERE x.key NOT IN ('subject_type', 'subject_id', 'w')))"
	"   ORDER BY pa.subject_type <> 'org', pa.subject_type <> 'team', pa.subject_id), '[]')::text"
	" FROM pa JOIN pb USING (subject_type, subject_id)",
	{&person_reach, &compared_team_reach, &owner_only}};

/* Used by GET /v1/plan-status: managers in reach (of team $C when given) with their actuals of the month $A up to
 * as_of $B in their time zone. */
static const struct reach_stmt kpi_actuals = {
	"kpi_actuals",
	"SELECT u.id, coalesce(u.team_id::text, ''), " KPI_SUMS ", u.hired_on::text, u.dismissed_on::text"
	"  FROM users u LEFT JOIN kpi_daily k ON k.org_id = u.org_id AND k.manager_id = u.id"
	"       AND k.date >= $A::date AND k.date < $A::date + interval '1 month'"
	"       AND k.date <= ($B::timestamptz AT TIME ZONE u.timezone)::date"
	" WHERE u.org_id = $O AND u.role = 'manager' AND $R AND ($C::uuid IS NULL OR u.team_id = $C)"
	" GROUP BY u.id, u.team_id, u.hired_on, u.dismissed_on ORDER BY u.id",
	{&person_reach}};

const struct reach_stmt *const store_kpi_reach_stmts[] = {&kpi_subject_visible, &kpi_series_context, &kpi_compare, &kpi_actuals, NULL};

const struct db_stmt store_kpi_stmts[] = {
	/* Used by GET /v1/kpi: $2 subject type, $3 subject, $4..$5 range, $6 day|week|month. Discipline (SPEC §6.2) per
	 * bucket, as of now in the organisation's time zone: the members' reports for elapsed workdays in their capacity
	 * (hired, not dismissed, not away), tasks due in the bucket so far and those done by their due_at, returns. */
	{"kpi_series",
	 "WITH o AS (SELECT timezone, (now() AT TIME ZONE timezone)::date AS today, report_deadline,"
	 "                  (now() AT TIME ZONE timezone)::time >= report_deadline AS passed FROM orgs WHERE org_id = $1),"
	 " members AS (SELECT id, role = 'manager' AS judged, hired_on, dismissed_on, timezone FROM users WHERE org_id = $1"
	 "               AND ($2 = 'org' OR ($2 = 'manager' AND id = $3::uuid) OR ($2 = 'team' AND team_id = $3::uuid))),"
	 " buckets AS (SELECT greatest(b::date, $4::date) AS bstart,"
	 "                    least((b + ('1 ' || $6)::interval - interval '1 day')::date, $5::date) AS bend"
	 "               FROM generate_series(date_trunc($6, $4::date), $5::date, ('1 ' || $6)::interval) AS b),"
	 " s AS (SELECT bk.bstart, bk.bend, " KPI_SUMS " FROM buckets bk"
	 "   LEFT JOIN kpi_daily k ON k.org_id = $1 AND k.date BETWEEN bk.bstart AND bk.bend"
	 "                        AND k.manager_id IN (SELECT id FROM members)"
	 "   GROUP BY bk.bstart, bk.bend),"
	 " days AS (SELECT d::date AS day FROM o, generate_series($4::date, least($5::date, o.today), interval '1 day') d"
	 "           WHERE is_workday($1, d::date) AND (d::date < o.today OR o.passed)),"
	 " rep AS (SELECT bk.bstart, count(*) AS due, count(*) FILTER (WHERE NOT r.late) AS on_time"
	 "           FROM buckets bk JOIN days dy ON dy.day BETWEEN bk.bstart AND bk.bend"
	 "           JOIN members m ON m.judged AND dy.day >= m.hired_on AND (m.dismissed_on IS NULL OR dy.day <= m.dismissed_on)"
	 "           LEFT JOIN daily_reports r ON r.org_id = $1 AND r.manager_id = m.id AND r.date = dy.day"
	 "          WHERE NOT EXISTS (SELECT 1 FROM absences a WHERE a.org_id = $1 AND a.manager_id = m.id"
	 "                              AND a.kind <> 'field' AND dy.day BETWEEN a.from_date AND a.to_date)"
	 "          GROUP BY bk.bstart),"
	 /* Per member, a range of tasks_assignee_due_idx: an organisation-wide due_at range read every task due in it. */
	 " tk AS (SELECT bk.bstart, count(*) AS due,"
	 "               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM task_events e WHERE e.org_id = $1 AND e.task_id = t.id"
	 "                                  AND e.kind = 'transition' AND e.to_status = 'done' AND e.at <= t.due_at)) AS on_time"
	 "          FROM buckets bk CROSS JOIN o JOIN members m ON m.judged JOIN tasks t ON t.org_id = $1"
	 "           AND t.assignee_id = m.id"
	 "           AND t.due_at >= (bk.bstart::timestamp AT TIME ZONE o.timezone)"
	 "           AND t.due_at < ((bk.bend + 1)::timestamp AT TIME ZONE o.timezone)"
	 /* The whole range again, as bounds the index scan can take before the buckets are joined. */
	 "           AND t.due_at >= ($4::date::timestamp AT TIME ZONE (SELECT timezone FROM orgs WHERE org_id = $1))"
	 "           AND t.due_at < (($5::date + 1)::timestamp AT TIME ZONE (SELECT timezone FROM orgs WHERE org_id = $1))"
	 "         WHERE t.due_at < now() AND t.status <> 'cancelled'"
	 "         GROUP BY bk.bstart),"
	 " rt AS (SELECT bk.bstart, count(*) AS returned"
	 "          FROM buckets bk CROSS JOIN o JOIN task_events e ON e.org_id = $1 AND e.transition = 'returned'"
	 "           AND e.at >= (bk.bstart::timestamp AT TIME ZONE o.timezone)"
	 "           AND e.at < ((bk.bend + 1)::timestamp AT TIME ZONE o.timezone)"
	 "          JOIN tasks t ON t.org_id = e.org_id AND t.id = e.task_id"
	 "         WHERE t.assignee_id IN (SELECT id FROM members WHERE judged)"
	 "         GROUP BY bk.bstart),"
	 /* The funnel (SPEC §6.3), from the leads and deals the CRM events made, each member's days in their own time
	  * zone: the median time to a first contact of the leads created in the bucket, those still without one at their
	  * day's report deadline (days whose deadline has passed), and the deals closed in the bucket. One range of
	  * leads_manager_idx and deals_manager_idx per member. */
	 " fl AS (SELECT bk.bstart,"
	 "               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM l.first_contact_at - l.created_at))"
	 "                 FILTER (WHERE l.first_contact_at IS NOT NULL) AS response_median,"
	 "               count(*) FILTER (WHERE eod.at <= now() AND (l.first_contact_at IS NULL OR l.first_contact_at > eod.at))"
	 "                 AS open_eod"
	 "          FROM buckets bk CROSS JOIN o JOIN members m ON true JOIN leads l ON l.org_id = $1 AND l.manager_id = m.id"
	 "           AND l.created_at >= (bk.bstart::timestamp AT TIME ZONE m.timezone)"
	 "           AND l.created_at < ((bk.bend + 1)::timestamp AT TIME ZONE m.timezone),"
	 "          LATERAL (SELECT ((l.created_at AT TIME ZONE m.timezone)::date + o.report_deadline)"
	 "                          AT TIME ZONE m.timezone AS at) eod"
	 "         GROUP BY bk.bstart),"
	 " fd AS (SELECT bk.bstart,"
	 "               count(*) FILTER (WHERE d.status = 'won' AND d.closed_at >= b.s AND d.closed_at < b.e) AS won,"
	 "               count(*) FILTER (WHERE d.status = 'lost' AND d.closed_at >= b.s AND d.closed_at < b.e) AS lost,"
	 "               avg(extract(epoch FROM d.closed_at - d.created_at) / 86400)"
	 "                 FILTER (WHERE d.status = 'won' AND d.closed_at >= b.s AND d.closed_at < b.e) AS cycle_days,"
	 "               count(*) FILTER (WHERE d.created_at < b.e AND (d.closed_at IS NULL OR d.closed_at >= b.e)) AS in_work"
	 "          FROM buckets bk JOIN members m ON true"
	 "          CROSS JOIN LATERAL (SELECT bk.bstart::timestamp AT TIME ZONE m.timezone AS s,"
	 "                               (bk.bend + 1)::timestamp AT TIME ZONE m.timezone AS e) b"
	 "          JOIN deals d ON d.org_id = $1 AND d.manager_id = m.id AND d.created_at < b.e"
	 "               AND (d.closed_at IS NULL OR d.closed_at >= b.s)"
	 "         GROUP BY bk.bstart)"
	 " SELECT coalesce(json_agg(json_build_object('start', s.bstart, 'end', s.bend, 'metrics',"
	 "          (" KPI_METRICS_JSON("s") "::jsonb || jsonb_build_object("
	 "            'reports_on_time_pct', (100.0 * rep.on_time / nullif(rep.due, 0))::float8,"
	 "            'tasks_on_time_pct', (100.0 * tk.on_time / nullif(tk.due, 0))::float8,"
	 "            'tasks_returned', coalesce(rt.returned, 0),"
	 "            'lead_response_median_s', fl.response_median,"
	 "            'leads_open_eod', coalesce(fl.open_eod, 0),"
	 "            'deals_in_work', coalesce(fd.in_work, 0),"
	 "            'win_rate', fd.won::float8 / nullif(fd.won + fd.lost, 0),"
	 "            'cycle_days_avg', fd.cycle_days::float8)))"
	 "          ORDER BY s.bstart), '[]')::text"
	 " FROM s LEFT JOIN rep USING (bstart) LEFT JOIN tk USING (bstart) LEFT JOIN rt USING (bstart)"
	 "  LEFT JOIN fl USING (bstart) LEFT JOIN fd USING (bstart)"},
	/* Used by GET /v1/plan-status. */
	{"kpi_org_context",
	 "SELECT (a.t AT TIME ZONE o.timezone)::date::text, (a.t AT TIME ZONE o.timezone)::time >= o.report_deadline,"
	 "       o.lag_threshold, to_json(a.t)#>>'{}', o.critical_threshold, o.min_elapsed_workdays,"
	 "       coalesce((SELECT v.version FROM plan_versions v WHERE v.org_id = $1), 0),"
	 "       floor(extract(epoch FROM a.t) / 900)::bigint,"
	 "       (SELECT coalesce(string_agg(key, ','), '') FROM jsonb_each_text(o.metric_sources) WHERE value = 'crm'),"
	 "       EXISTS (SELECT 1 FROM period_closes pc WHERE pc.org_id = $1 AND pc.period = $3::date"
	 "                 AND pc.closed_at IS NOT NULL)"
	 "  FROM orgs o, (SELECT coalesce($2::timestamptz, now()) AS t) a WHERE o.org_id = $1"},
	/* Used by GET /v1/plan-status: the month's reports up to the as_of date $3, whether each came by its deadline;
	 * whether its day counts (elapsed and in capacity) is decided by domain/capacity.c. */
	{"kpi_reports_on_time",
	 "SELECT manager_id, date::text, NOT late FROM daily_reports"
	 " WHERE org_id = $1 AND date >= $2::date AND date < $2::date + interval '1 month' AND date <= $3::date"},
	/* Used by GET /v1/plan-status: per assignee, tasks due in the month up to as_of $3 (the organisation's month), those
	 * done by their due_at (a done transition at or before it, whatever came after), and returns made in it. */
	{"kpi_tasks_discipline",
	 "WITH w AS (SELECT ($2::date::timestamp AT TIME ZONE o.timezone) AS wfrom,"
	 "                  least((($2::date + interval '1 month')::timestamp AT TIME ZONE o.timezone), $3::timestamptz) AS wto"
	 "             FROM orgs o WHERE o.org_id = $1),"
	 " due AS (SELECT t.assignee_id, count(*) AS due,"
	 "                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM task_events e WHERE e.org_id = t.org_id"
	 "                                   AND e.task_id = t.id AND e.kind = 'transition' AND e.to_status = 'done'"
	 "                                   AND e.at <= t.due_at)) AS on_time"
	 "           FROM tasks t, w WHERE t.org_id = $1 AND t.due_at >= w.wfrom AND t.due_at < w.wto"
	 "             AND t.status <> 'cancelled'"
	 "          GROUP BY t.assignee_id),"
	 " ret AS (SELECT t.assignee_id, count(*) AS returned FROM task_events e"
	 "           JOIN tasks t ON t.org_id = e.org_id AND t.id = e.task_id, w"
	 "          WHERE e.org_id = $1 AND e.transition = 'returned' AND e.at >= w.wfrom AND e.at < w.wto"
	 "          GROUP BY t.assignee_id)"
	 " SELECT coalesce(due.assignee_id, ret.assignee_id), coalesce(due.due, 0), coalesce(due.on_time, 0),"
	 "        coalesce(ret.returned, 0)"
	 " FROM due FULL JOIN ret ON ret.assignee_id = due.assignee_id"},
	/* Used by GET /v1/plan-status and the scheduler pass: absences that touch the month; served by
	 * absences_manager_idx's table order well enough at one organisation's size. */
	{"kpi_absences",
	 "SELECT manager_id, from_date::text, to_date::text, kind <> 'field' FROM absences"
	 " WHERE org_id = $1 AND to_date >= $2::date AND from_date < $2::date + interval '1 month'"},
	/* Used by GET /v1/plan-status. */
	{"kpi_targets",
	 "SELECT subject_type, subject_id, targets::text FROM plans WHERE org_id = $1 AND period = $2::date"},
	{NULL, NULL},
};

enum db_status store_kpi_subject_visible(struct db_conn *c, const struct principal *viewer, const char *type,
					 const char *subject_id, bool *ok)
{
	const char *args[] = {type, subject_id};
	enum db_status st;
	*ok = false;
	PGresult *r = store_reach_exec(c, &kpi_subject_visible, viewer, 2, args, &st);
	if (!r)
		return st;
	*ok = db_bool(r, 0, 0);
	PQclear(r);
	return DB_OK;
}

enum db_status store_kpi_series_context(struct db_conn *c, const struct principal *viewer, const char *type,
					const char *subject_id, struct kpi_series_context *out)
{
	const char *args[] = {type, subject_id};
	enum db_status st;
	memset(out, 0, sizeof(*out));
	PGresult *r = store_reach_exec(c, &kpi_series_context, viewer, 2, args, &st);
	if (!r)
		return st;
	out->visible = db_bool(r, 0, 0);
	out->version = atoll(PQgetvalue(r, 0, 1));
	out->minute = atoll(PQgetvalue(r, 0, 2));
	PQclear(r);
	return DB_OK;
}

enum db_status store_kpi_series(struct db_conn *c, const char *org_id, const char *type, const char *subject_id,
				const char *from, const char *to, const char *granularity, char **json)
{
	const char *params[] = {org_id, type, subject_id, from, to, granularity};
	return store_text_query(c, "kpi_series", 6, params, json);
}

enum db_status store_kpi_compare(struct db_conn *c, const struct principal *viewer, const char *team_id,
				 const char *from, const char *to, const char *vs_from, const char *vs_to, char **json)
{
	const char *args[] = {team_id, from, to, vs_from, vs_to};
	return store_reach_text(c, &kpi_compare, viewer, 5, args, json);
}

enum db_status store_kpi_org_context(struct db_conn *c, const char *org_id, const char *as_of,
				     const char *period_start, struct kpi_org_context *out)
{
	const char *params[] = {org_id, as_of, period_start};
	enum db_status st;
	memset(out, 0, sizeof(*out));
	PGresult *r = db_exec(c, "kpi_org_context", 3, params, &st);
	if (!r)
		return st;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return DB_ERROR;
	}
	snprintf(out->as_of_date, sizeof(out->as_of_date), "%s", PQgetvalue(r, 0, 0));
	out->deadline_passed = db_bool(r, 0, 1);
	out->lag_threshold = atof(PQgetvalue(r, 0, 2));
	snprintf(out->as_of, sizeof(out->as_of), "%s", PQgetvalue(r, 0, 3));
	out->critical_threshold = atof(PQgetvalue(r, 0, 4));
	out->min_elapsed_workdays = atoi(PQgetvalue(r, 0, 5));
	out->plan_version = atoll(PQgetvalue(r, 0, 6));
	out->quarter_hour = atoll(PQgetvalue(r, 0, 7));
	out->period_closed = db_bool(r, 0, 9);
	char crm[256], *save = NULL;
	snprintf(crm, sizeof(crm), "%s", PQgetvalue(r, 0, 8));
	for (char *m = strtok_r(crm, ",", &save); m; m = strtok_r(NULL, ",", &save)) {
		int k = kpi_metric_parse(m);
		if (k >= 0)
			out->crm_metrics |= 1u << k;
	}
	PQclear(r);
	return DB_OK;
}

/* The month's absences of the organisation, as (manager id, absence) pairs; *out is new (free()). */
struct manager_absence {
	char manager_id[37];
	struct capacity_absence absence;
};

static enum db_status month_absences(struct db_conn *c, const char *org_id, const char *period_start,
				     struct manager_absence **out, size_t *n)
{
	const char *params[] = {org_id, period_start};
	enum db_status st;
	*n = 0;
	PGresult *r = db_exec_array(c, "kpi_absences", 2, params, sizeof(**out), (void **)out, &st);
	if (!r)
		return st;
	int rows = PQntuples(r);
	for (int i = 0; i < rows; i++) {
		struct manager_absence *a = &(*out)[i];
		snprintf(a->manager_id, sizeof(a->manager_id), "%s", PQgetvalue(r, i, 0));
		civil_date_parse(PQgetvalue(r, i, 1), &a->absence.from);
		civil_date_parse(PQgetvalue(r, i, 2), &a->absence.to);
		a->absence.takes_capacity = db_bool(r, i, 3);
	}
	*n = (size_t)rows;
	PQclear(r);
	return DB_OK;
}

/* What capacity_month needs of row i of kpi_actuals r (hired_on and dismissed_on after the sums) and of the month's
 * absences: that manager's dates and absences. */
struct capacity_inputs {
	struct civil_date hired, dismissed;
	bool has_dismissed;
	struct capacity_absence absences[64];
	size_t n;
};

static void capacity_inputs_of(PGresult *r, int i, const char *manager_id, const struct manager_absence *absences,
			       size_t nabsences, struct capacity_inputs *out)
{
	int hired_col = 2 + KPI__COUNT + 2;
	out->n = 0;
	for (size_t k = 0; k < nabsences && out->n < 64; k++)
		if (strcmp(absences[k].manager_id, manager_id) == 0)
			out->absences[out->n++] = absences[k].absence;
	civil_date_parse(PQgetvalue(r, i, hired_col), &out->hired);
	out->has_dismissed = !PQgetisnull(r, i, hired_col + 1);
	if (out->has_dismissed)
		civil_date_parse(PQgetvalue(r, i, hired_col + 1), &out->dismissed);
}

/* Discipline of every manager of actuals: reports on time over their elapsed available days (the capacity rule),
 * and their tasks' figures. */
static enum db_status actuals_discipline(struct db_conn *c, const char *org_id, const char *period_start,
					 const char *as_of, const char *as_of_date, PGresult *r, struct plan_actuals *actuals,
					 const struct calendar_month *cm, const struct manager_absence *absences,
					 size_t nabsences, struct civil_date as_of_day, bool deadline_passed)
{
	const char *rp[] = {org_id, period_start, as_of_date};
	enum db_status st;
	PGresult *reports = db_exec(c, "kpi_reports_on_time", 3, rp, &st);
	if (!reports)
		return st;
	const char *tp[] = {org_id, period_start, as_of};
	PGresult *tasks = db_exec(c, "kpi_tasks_discipline", 3, tp, &st);
	if (!tasks) {
		PQclear(reports);
		return st;
	}
	for (int i = 0; i < PQntuples(r); i++) {
		struct plan_actuals *a = &actuals[i];
		a->discipline.reports_due = a->elapsed;
		struct capacity_inputs in;
		capacity_inputs_of(r, i, a->id, absences, nabsences, &in);
		for (int k = 0; k < PQntuples(reports); k++) {
			if (strcmp(PQgetvalue(reports, k, 0), a->id) != 0 || !db_bool(reports, k, 2))
				continue;
			struct civil_date day;
			civil_date_parse(PQgetvalue(reports, k, 1), &day);
			bool elapsed = civil_date_cmp(day, as_of_day) < 0 || (civil_date_cmp(day, as_of_day) == 0 && deadline_passed);
			if (elapsed && capacity_available(cm, in.hired, in.has_dismissed ? &in.dismissed : NULL, in.absences,
							  in.n, day))
				a->discipline.reports_on_time++;
		}
		for (int k = 0; k < PQntuples(tasks); k++) {
			if (strcmp(PQgetvalue(tasks, k, 0), a->id) != 0)
				continue;
			a->discipline.tasks_due = atoi(PQgetvalue(tasks, k, 1));
			a->discipline.tasks_on_time = atoi(PQgetvalue(tasks, k, 2));
			a->discipline.tasks_returned = atoi(PQgetvalue(tasks, k, 3));
		}
	}
	PQclear(reports);
	PQclear(tasks);
	return DB_OK;
}

/* W_m and e_m of every manager of actuals (rows of kpi_actuals r: hired_on and dismissed_on after the sums). */
static void actuals_capacity(PGresult *r, struct plan_actuals *actuals, const struct calendar_month *cm,
			     const struct manager_absence *absences, size_t nabsences, struct civil_date as_of,
			     bool deadline_passed)
{
	for (int i = 0; i < PQntuples(r); i++) {
		struct capacity_inputs in;
		capacity_inputs_of(r, i, actuals[i].id, absences, nabsences, &in);
		struct capacity cap;
		capacity_month(cm, in.hired, in.has_dismissed ? &in.dismissed : NULL, in.absences, in.n, as_of, deadline_passed,
			       &cap);
		actuals[i].workdays = cap.workdays;
		actuals[i].elapsed = cap.elapsed;
	}
}

enum db_status store_kpi_actuals(struct db_conn *c, const struct principal *viewer, const char *period_start,
				 const char *as_of, const char *team_id, const struct calendar_month *cm,
				 struct civil_date as_of_date, bool deadline_passed, struct plan_actuals **out,
				 size_t *n)
{
	const char *args[] = {period_start, as_of, team_id};
	enum db_status st;
	*n = 0;
	struct manager_absence *absences = NULL;
	size_t nabsences = 0;
	st = month_absences(c, viewer->org_id, period_start, &absences, &nabsences);
	if (st != DB_OK)
		return st;
	PGresult *r = store_reach_exec(c, &kpi_actuals, viewer, 3, args, &st);
	if (r && !(*out = calloc((size_t)PQntuples(r) + 1, sizeof(**out)))) {
		PQclear(r);
		r = NULL;
		st = DB_ERROR;
	}
	if (!r) {
		free(absences);
		return st;
	}
	int rows = PQntuples(r);
	for (int i = 0; i < rows; i++) {
		struct plan_actuals *a = &(*out)[i];
		snprintf(a->id, sizeof(a->id), "%s", PQgetvalue(r, i, 0));
		snprintf(a->team_id, sizeof(a->team_id), "%s", PQgetvalue(r, i, 1));
		for (int m = 0; m < KPI__COUNT; m++)
			a->metric[m] = PQgetisnull(r, i, 2 + m) ? 0 : atof(PQgetvalue(r, i, 2 + m));
	}
	actuals_capacity(r, *out, cm, absences, nabsences, as_of_date, deadline_passed);
	char as_of_text[11];
	snprintf(as_of_text, sizeof(as_of_text), "%04d-%02d-%02d", as_of_date.year, as_of_date.month, as_of_date.day);
	st = actuals_discipline(c, viewer->org_id, period_start, as_of, as_of_text, r, *out, cm, absences, nabsences,
				as_of_date, deadline_passed);
	*n = (size_t)rows;
	PQclear(r);
	free(absences);
	return st;
}

enum db_status store_kpi_targets(struct db_conn *c, const char *org_id, const char *period_start,
				 struct plan_targets **out, size_t *n)
{
	const char *params[] = {org_id, period_start};
	enum db_status st;
	*n = 0;
	PGresult *r = db_exec_array(c, "kpi_targets", 2, params, sizeof(**out), (void **)out, &st);
	if (!r)
		return st;
	int rows = PQntuples(r);
	for (int i = 0; i < rows; i++) {
		struct plan_targets *t = &(*out)[i];
		t->team = strcmp(PQgetvalue(r, i, 0), "team") == 0;
		snprintf(t->subject_id, sizeof(t->subject_id), "%s", PQgetvalue(r, i, 1));
		json_t *targets = json_loads(PQgetvalue(r, i, 2), 0, NULL);
		const char *key;
		json_t *v;
		json_object_foreach(targets, key, v) {
			int m = kpi_metric_parse(key);
			if (m >= 0 && json_is_number(v)) {
				t->has[m] = true;
				t->target[m] = json_number_value(v);
			}
		}
		json_decref(targets);
	}
	*n = (size_t)rows;
	PQclear(r);
	return DB_OK;
}

enum db_status store_kpi_plan_inputs(struct db_conn *c, const struct principal *viewer, const char *period_start,
				     const char *as_of, const struct kpi_org_context *ctx, const char *team_id,
				     struct plan_inputs *out)
{
	struct calendar_override *overrides = NULL;
	struct plan_actuals *actuals = NULL;
	struct plan_targets *targets = NULL;
	size_t noverrides = 0, nactuals = 0, ntargets = 0;
	memset(out, 0, sizeof(*out));
	enum db_status st = DB_OK;
	if (ctx)
		out->ctx = *ctx;
	else
		st = store_kpi_org_context(c, viewer->org_id, as_of, period_start, &out->ctx);
	if (st != DB_OK)
		goto done;
	if (period_start)
		snprintf(out->period, sizeof(out->period), "%.10s", period_start);
	else
		snprintf(out->period, sizeof(out->period), "%.7s-01", out->ctx.as_of_date);
	st = store_calendar_month(c, viewer->org_id, out->period, &overrides, &noverrides);
	if (st != DB_OK)
		goto done;
	struct calendar_month cm;
	struct civil_date start, day;
	civil_date_parse(out->period, &start);
	civil_date_parse(out->ctx.as_of_date, &day);
	calendar_month_init(&cm, start.year, start.month, overrides, noverrides);
	out->workdays = calendar_workdays(&cm);
	out->elapsed = calendar_elapsed(&cm, day, out->ctx.deadline_passed);
	st = store_kpi_actuals(c, viewer, out->period, out->ctx.as_of, team_id, &cm, day, out->ctx.deadline_passed,
			       &actuals, &nactuals);
	if (st == DB_OK)
		st = store_kpi_targets(c, viewer->org_id, out->period, &targets, &ntargets);
	if (st != DB_OK)
		goto done;
	if (plan_status_set_build(&out->set, actuals, nactuals, targets, ntargets, team_id) < 0)
		st = DB_ERROR;
done:
	free(overrides);
	free(actuals);
	free(targets);
	return st;
}

void plan_inputs_free(struct plan_inputs *in)
{
	plan_status_set_free(&in->set);
}
