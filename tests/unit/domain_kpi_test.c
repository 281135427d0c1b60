/* Plan status formulas with worked examples (SPEC §3), thresholds at their edges, zero denominators. */
#include <math.h>

#include "salesctl/domain/kpi.h"
#include "suites.h"

#define near(a, b) (fabs((a) - (b)) < 1e-9)

START_TEST(worked_example_from_the_issue)
{
	/* W = 20, e = 10, T = 1,000, A = 400 → expected 500, forecast 800, forecast_attainment 0.8, required_daily 60,
	 * lagging with the default threshold 0.9. */
	struct metric_plan_status s;
	kpi_plan_status(true, 1000, 400, 20, 10, 0.9, &s);
	ck_assert(near(s.attainment.value, 0.4));
	ck_assert(near(s.expected_to_date.value, 500));
	ck_assert(near(s.forecast.value, 800));
	ck_assert(near(s.forecast_attainment.value, 0.8));
	ck_assert(near(s.gap.value, 600));
	ck_assert(near(s.required_daily.value, 60));
	ck_assert_int_eq(s.state, PLAN_LAGGING);
	ck_assert_str_eq(plan_state_name(s.state), "lagging");
}
END_TEST

START_TEST(thresholds)
{
	struct metric_plan_status s;
	kpi_plan_status(true, 1000, 500, 20, 10, 0.9, &s); /* fa = 1.0 */
	ck_assert_int_eq(s.state, PLAN_ON_TRACK);
	kpi_plan_status(true, 1000, 450, 20, 10, 0.9, &s); /* fa = 0.9 */
	ck_assert_int_eq(s.state, PLAN_AT_RISK);
	kpi_plan_status(true, 1000, 449, 20, 10, 0.9, &s);
	ck_assert_int_eq(s.state, PLAN_LAGGING);
	kpi_plan_status(true, 1000, 449, 20, 10, 0.8, &s);
	ck_assert_int_eq(s.state, PLAN_AT_RISK);
}
END_TEST

START_TEST(edges)
{
	struct metric_plan_status s;
	kpi_plan_status(true, 1000, 0, 20, 0, 0.9, &s);
	ck_assert_int_eq(s.state, PLAN_NOT_STARTED);
	ck_assert(s.forecast.null);
	ck_assert(s.forecast_attainment.null);
	ck_assert(near(s.expected_to_date.value, 0));
	ck_assert(near(s.required_daily.value, 50));
	kpi_plan_status(true, 1000, 1200, 20, 20, 0.9, &s); /* month over */
	ck_assert(s.required_daily.null);
	ck_assert(near(s.gap.value, -200));
	ck_assert_int_eq(s.state, PLAN_ON_TRACK);
	kpi_plan_status(true, 0, 10, 20, 5, 0.9, &s);
	ck_assert_int_eq(s.state, PLAN_NO_TARGET);
	ck_assert(s.attainment.null);
	kpi_plan_status(false, 0, 10, 20, 5, 0.9, &s);
	ck_assert_int_eq(s.state, PLAN_NO_TARGET);
	/* Calls made before the first elapsed day (the morning of the 1st) do not start the month. */
	kpi_plan_status(true, 1000, 30, 20, 0, 0.9, &s);
	ck_assert_int_eq(s.state, PLAN_NOT_STARTED);
	ck_assert(near(s.attainment.value, 0.03));
	ck_assert(near(s.required_daily.value, 48.5));
	/* Ahead of plan: a negative required pace is reported as it is. */
	kpi_plan_status(true, 100, 120, 20, 10, 0.9, &s);
	ck_assert(near(s.required_daily.value, -2));
	ck_assert(near(s.forecast_attainment.value, 2.4));
	ck_assert(kpi_ratio(1, 0).null);
	ck_assert(near(kpi_ratio(1, 4).value, 0.25));
}
END_TEST

/* A team of two, one of whom joined halfway: Σ W_m = 30, Σ e_m = 15 in a month of W = 20, e = 10. The pace left
 * is over the calendar's remaining 10 workdays. */
START_TEST(a_group_on_its_members_capacity)
{
	struct metric_plan_status s;
	kpi_plan_status_group(true, 1000, 400, 30, 15, 20, 10, 0.9, &s);
	ck_assert(near(s.expected_to_date.value, 500));
	ck_assert(near(s.forecast.value, 800));
	ck_assert(near(s.required_daily.value, 60));
	ck_assert_int_eq(s.state, PLAN_LAGGING);
	kpi_plan_status_group(true, 1000, 400, 30, 15, 20, 20, 0.9, &s);
	ck_assert(s.required_daily.null);
	kpi_plan_status_group(true, 1000, 0, 30, 0, 20, 0, 0.9, &s);
	ck_assert_int_eq(s.state, PLAN_NOT_STARTED);
	kpi_plan_status_group(false, 0, 5, 30, 15, 20, 10, 0.9, &s);
	ck_assert_int_eq(s.state, PLAN_NO_TARGET);
}
END_TEST

START_TEST(worst_state_and_metric_names)
{
	ck_assert_int_eq(plan_state_worst(PLAN_ON_TRACK, PLAN_LAGGING), PLAN_LAGGING);
	ck_assert_int_eq(plan_state_worst(PLAN_AT_RISK, PLAN_ON_TRACK), PLAN_AT_RISK);
	ck_assert_int_eq(plan_state_worst(PLAN_NO_TARGET, PLAN_ON_TRACK), PLAN_ON_TRACK);
	ck_assert_int_eq(plan_state_worst(PLAN_NO_TARGET, PLAN_NO_TARGET), PLAN_NO_TARGET);
	for (int m = 0; m < KPI__COUNT; m++)
		ck_assert_int_eq(kpi_metric_parse(kpi_metric_name((enum kpi_metric)m)), m);
	ck_assert_int_eq(kpi_metric_parse("conversion"), -1);
}
END_TEST

START_TEST(each_metric_names_its_source)
{
	unsigned all = ~0u;
	/* Calls and talk time are the call logs', chat sessions the report's, whatever the organisation says. */
	ck_assert_int_eq(kpi_metric_source(KPI_CALLS_TOTAL, all), SOURCE_CALL_LOGS);
	ck_assert_int_eq(kpi_metric_source(KPI_CALLS_EFFECTIVE, all), SOURCE_CALL_LOGS);
	ck_assert_int_eq(kpi_metric_source(KPI_TALK_TIME_S, all), SOURCE_CALL_LOGS);
	ck_assert_int_eq(kpi_metric_source(KPI_CHAT_SESSIONS, all), SOURCE_REPORT);
	/* The switchable ones follow their own bit only. */
	unsigned leads = 1u << KPI_LEADS_RECEIVED;
	ck_assert_int_eq(kpi_metric_source(KPI_LEADS_RECEIVED, leads), SOURCE_CRM);
	ck_assert_int_eq(kpi_metric_source(KPI_LEADS_PROCESSED, leads), SOURCE_REPORT);
	ck_assert_int_eq(kpi_metric_source(KPI_REVENUE_MINOR, 0), SOURCE_REPORT);
	ck_assert_int_eq(kpi_metric_source(KPI_REVENUE_MINOR, all), SOURCE_CRM);
	ck_assert_str_eq(metric_source_name(SOURCE_CALL_LOGS), "call_logs");
	ck_assert_str_eq(metric_source_name(SOURCE_REPORT), "report");
	ck_assert_str_eq(metric_source_name(SOURCE_CRM), "crm");
}
END_TEST

Suite *kpi_suite(void)
{
	Suite *s = suite_create("kpi");
	TCase *t = tcase_create("formulas");
	tcase_add_test(t, worked_example_from_the_issue);
	tcase_add_test(t, thresholds);
	tcase_add_test(t, edges);
	tcase_add_test(t, worst_state_and_metric_names);
	tcase_add_test(t, a_group_on_its_members_capacity);
	tcase_add_test(t, each_metric_names_its_source);
	suite_add_tcase(s, t);
	return s;
}
