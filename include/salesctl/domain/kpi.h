/* KPI formulas (pure): plan status of one metric (SPEC §3 "Plan status") and the derived ratios. */
#ifndef SALESCTL_DOMAIN_KPI_H
#define SALESCTL_DOMAIN_KPI_H

#include <stdbool.h>

enum plan_state { PLAN_NO_TARGET, PLAN_NOT_STARTED, PLAN_ON_TRACK, PLAN_AT_RISK, PLAN_LAGGING };

/* The metrics a plan can target, in the order of SPEC §3. */
enum kpi_metric {
	KPI_CALLS_TOTAL, KPI_CALLS_OUTBOUND, KPI_CALLS_INBOUND, KPI_CALLS_EFFECTIVE, KPI_TALK_TIME_S,
	KPI_CHAT_SESSIONS, KPI_MEETINGS, KPI_PROPOSALS_SENT, KPI_LEADS_RECEIVED, KPI_LEADS_PROCESSED,
	KPI_DEALS_WON, KPI_PAYMENTS_COUNT, KPI_REVENUE_MINOR, KPI__COUNT
};

const char *kpi_metric_name(enum kpi_metric m);
/* -1 for an unknown name. */
int kpi_metric_parse(const char *s);
/* The NULL-terminated list of names, for validation tables. */
extern const char *const kpi_metric_names[];

/* Where a metric's figures come from (SPEC §6.3): calls and talk time from the call logs, chat sessions from the
 * evening report, and the rest from the report or, when the organisation says so, from the CRM's events. */
enum metric_source { SOURCE_CALL_LOGS, SOURCE_REPORT, SOURCE_CRM };
/* crm_metrics: the metrics the organisation takes from the CRM, one bit per enum kpi_metric (1u << m); only the
 * switchable ones count. */
enum metric_source kpi_metric_source(enum kpi_metric m, unsigned crm_metrics);
const char *metric_source_name(enum metric_source s);

/* A value that may be null (a ratio with a zero denominator, a forecast before the first elapsed day). */
struct maybe {
	bool null;
	double value;
};

struct metric_plan_status {
	enum plan_state state;
	double target, actual;
	struct maybe attainment, expected_to_date, forecast, forecast_attainment, gap, required_daily;
};

/*
 * With W workdays, e elapsed, target T (has_target false or T = 0: no target) and actual A:
 * attainment = A/T, expected_to_date = T·e/W, forecast = A·W/e, forecast_attainment = forecast/T, gap = T − A,
 * required_daily = gap / (W − e) (null when no workday remains); state not_started when e = 0, on_track when
 * forecast_attainment ≥ 1, at_risk when ≥ lag_threshold, lagging below.
 */
void kpi_plan_status(bool has_target, double target, double actual, int workdays, int elapsed, double lag_threshold,
		     struct metric_plan_status *out);
/*
 * The same for a team or the organisation (SPEC §6.2): expected_to_date, forecast and the state from the members'
 * capacity (Σ W_m available workdays, Σ e_m elapsed), and required_daily = gap / (W − e) with the calendar's W and e.
 */
void kpi_plan_status_group(bool has_target, double target, double actual, int capacity_workdays,
			   int capacity_elapsed, int workdays, int elapsed, double lag_threshold,
			   struct metric_plan_status *out);
const char *plan_state_name(enum plan_state s);
/* The worse of two states (lagging is worst; no_target is no signal). */
enum plan_state plan_state_worst(enum plan_state a, enum plan_state b);

/* numerator / denominator, null when the denominator is 0. */
struct maybe kpi_ratio(double numerator, double denominator);

#endif
