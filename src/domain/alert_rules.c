/* plan_lagging: after min_elapsed_workdays, a targeted metric whose forecast_attainment is below lag_threshold;
 * critical below critical_threshold. Managers are checked on their own capacity (SPEC §6.2: nobody lags before they
 * were hired, after they left or while away), teams on their members'; expected is the plan to date. */
#include "salesctl/domain/alert_rules.h"

static void json_id_or_null(struct buf *out, const char *id)
{
	if (id && *id)
		buf_json_string(out, id);
	else
		buf_puts(out, "null");
}

static int subject_conditions(const struct plan_subject *s, bool team, const struct plan_alert_params *p,
			      struct buf *out, int n)
{
	/* A manager is judged after min_elapsed_workdays of their own capacity (a new hire, someone back from leave);
	 * a team after that many workdays of the month, on its members' capacity. */
	int elapsed = team ? p->elapsed : s->elapsed;
	if (elapsed < p->min_elapsed_workdays || elapsed == 0)
		return n;
	for (int m = 0; m < KPI__COUNT; m++) {
		if (!s->has[m])
			continue;
		struct metric_plan_status st;
		plan_subject_metric(s, (enum kpi_metric)m, team, p->workdays, p->elapsed, p->lag_threshold, &st);
		if (st.state != PLAN_LAGGING)
			continue;
		double fa = st.forecast_attainment.value;
		const char *metric = kpi_metric_name((enum kpi_metric)m);
		buf_printf(out, "%s{\"kind\":\"plan_lagging\",\"severity\":\"%s\",\"subject_type\":\"%s\",\"subject_id\":",
			   n ? "," : "", fa < p->critical_threshold ? "critical" : "warning", team ? "team" : "manager");
		buf_json_string(out, s->id);
		buf_puts(out, ",\"manager_id\":");
		json_id_or_null(out, team ? NULL : s->id);
		buf_puts(out, ",\"team_id\":");
		json_id_or_null(out, team ? s->id : s->team_id);
		buf_printf(out,
			   ",\"period\":\"%s\",\"date\":null,\"metric\":\"%s\",\"expected\":%.6f,\"actual\":%.6f,"
			   "\"message\":\"Forecast %.0f%% of the %s plan\"}",
			   p->period, metric, st.expected_to_date.value, st.actual, fa * 100, metric);
		n++;
	}
	return n;
}

int alert_plan_conditions(const struct plan_status_set *set, const struct plan_alert_params *p, struct buf *out)
{
	int n = 0;
	buf_puts(out, "[");
	for (size_t i = 0; i < set->nmanagers; i++)
		n = subject_conditions(&set->managers[i], false, p, out, n);
	for (size_t t = 0; t < set->nteams; t++)
		n = subject_conditions(&set->teams[t], true, p, out, n);
	buf_puts(out, "]");
	return n;
}
