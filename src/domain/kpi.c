/* Plan status formulas. Every division is guarded: a zero denominator gives null, never inf or NaN. */
#include "salesctl/domain/kpi.h"

#include <string.h>

const char *const kpi_metric_names[] = {
	"calls_total", "calls_outbound", "calls_inbound", "calls_effective", "talk_time_s", "chat_sessions",
	"meetings", "proposals_sent", "leads_received", "leads_processed", "deals_won", "payments_count",
	"revenue_minor", NULL,
};

const char *kpi_metric_name(enum kpi_metric m)
{
	return kpi_metric_names[m];
}

enum metric_source kpi_metric_source(enum kpi_metric m, unsigned crm_metrics)
{
	switch (m) {
	case KPI_CALLS_TOTAL:
	case KPI_CALLS_OUTBOUND:
	case KPI_CALLS_INBOUND:
	case KPI_CALLS_EFFECTIVE:
	case KPI_TALK_TIME_S:
		return SOURCE_CALL_LOGS;
	case KPI_CHAT_SESSIONS:
	case KPI__COUNT:
		return SOURCE_REPORT;
	default:
		return (crm_metrics & (1u << m)) ? SOURCE_CRM : SOURCE_REPORT;
	}
}

const char *metric_source_name(enum metric_source s)
{
	static const char *const names[] = {"call_logs", "report", "crm"};
	return names[s];
}

int kpi_metric_parse(const char *s)
{
	for (int i = 0; s && i < KPI__COUNT; i++)
		if (strcmp(s, kpi_metric_names[i]) == 0)
			return i;
	return -1;
}

struct maybe kpi_ratio(double numerator, double denominator)
{
	if (denominator == 0)
		return (struct maybe){true, 0};
	return (struct maybe){false, numerator / denominator};
}

static const char *const state_names[] = {"no_target", "not_started", "on_track", "at_risk", "lagging"};

const char *plan_state_name(enum plan_state s)
{
	return state_names[s];
}

enum plan_state plan_state_worst(enum plan_state a, enum plan_state b)
{
	/* Severity: no_target < on_track < not_started < at_risk < lagging. */
	static const int rank[] = {[PLAN_NO_TARGET] = 0, [PLAN_ON_TRACK] = 1, [PLAN_NOT_STARTED] = 2,
				   [PLAN_AT_RISK] = 3, [PLAN_LAGGING] = 4};
	return rank[a] >= rank[b] ? a : b;
}

void kpi_plan_status(bool has_target, double target, double actual, int workdays, int elapsed, double lag_threshold,
		     struct metric_plan_status *out)
{
	memset(out, 0, sizeof(*out));
	out->target = target;
	out->actual = actual;
	struct maybe none = {true, 0};
	out->attainment = out->expected_to_date = out->forecast = out->forecast_attainment = out->gap =
		out->required_daily = none;
	if (!has_target || target == 0) {
		out->state = PLAN_NO_TARGET;
		return;
	}
	out->attainment = kpi_ratio(actual, target);
	out->expected_to_date = kpi_ratio(target * elapsed, workdays);
	out->gap = (struct maybe){false, target - actual};
	out->required_daily = workdays > elapsed ? kpi_ratio(target - actual, workdays - elapsed) : none;
	if (elapsed == 0) {
		out->state = PLAN_NOT_STARTED;
		return;
	}
	out->forecast = kpi_ratio(actual * workdays, elapsed);
	out->forecast_attainment = kpi_ratio(out->forecast.value, target);
	double fa = out->forecast_attainment.value;
	out->state = fa >= 1 ? PLAN_ON_TRACK : fa >= lag_threshold ? PLAN_AT_RISK : PLAN_LAGGING;
}

void kpi_plan_status_group(bool has_target, double target, double actual, int capacity_workdays,
			   int capacity_elapsed, int workdays, int elapsed, double lag_threshold,
			   struct metric_plan_status *out)
{
	kpi_plan_status(has_target, target, actual, capacity_workdays, capacity_elapsed, lag_threshold, out);
	if (out->state == PLAN_NO_TARGET)
		return;
	struct maybe none = {true, 0};
	out->required_daily = workdays > elapsed ? kpi_ratio(target - actual, workdays - elapsed) : none;
}
