/* src/domain/alert_rules.c: the plan_lagging rule at its edges. It opens once min_elapsed_workdays have elapsed and a
 * targeted metric forecasts below lag_threshold, is critical below critical_threshold, and clears (no condition)
 * when the forecast reaches the threshold again. W = 20 workdays, target 1,000: after e days an actual A forecasts
 * A·20/e, so forecast_attainment = A·20/(1,000·e). */
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "salesctl/domain/alert_rules.h"
#include "suites.h"

static struct plan_status_set one_manager(double target, bool targeted, double actual)
{
	struct plan_status_set set = {0};
	static struct plan_subject m;
	memset(&m, 0, sizeof(m));
	strcpy(m.id, "11111111-1111-4111-8111-111111111111");
	strcpy(m.team_id, "22222222-2222-4222-8222-222222222222");
	m.has[KPI_CALLS_EFFECTIVE] = targeted;
	m.target[KPI_CALLS_EFFECTIVE] = target;
	m.actual[KPI_CALLS_EFFECTIVE] = actual;
	m.workdays = 20; /* the manager's own capacity: all of the month */
	m.elapsed = 10;
	set.managers = &m;
	set.nmanagers = 1;
	return set;
}

static const struct plan_alert_params defaults = {
	.period = "2026-03-01", .workdays = 20, .elapsed = 10,
	.lag_threshold = 0.9, .critical_threshold = 0.7, .min_elapsed_workdays = 3,
};

/* The conditions as parsed JSON (new reference); the rule's output must always be a JSON array. */
static json_t *conditions(const struct plan_status_set *set, const struct plan_alert_params *p, int *count)
{
	struct buf out = BUF_INIT;
	*count = alert_plan_conditions(set, p, &out);
	ck_assert(!out.failed);
	json_error_t err;
	json_t *list = json_loadb(out.data, out.len, 0, &err);
	ck_assert_msg(json_is_array(list), "not a JSON array: %.*s", (int)out.len, out.data);
	ck_assert_uint_eq(json_array_size(list), (size_t)*count);
	buf_free(&out);
	return list;
}

static const char *member(json_t *list, size_t i, const char *key)
{
	return json_string_value(json_object_get(json_array_get(list, i), key));
}

START_TEST(opens_below_the_lag_threshold_and_clears_at_it)
{
	int n;
	/* forecast_attainment exactly 0.9: at_risk, no alert. */
	struct plan_status_set set = one_manager(1000, true, 450);
	json_t *list = conditions(&set, &defaults, &n);
	ck_assert_int_eq(n, 0);
	json_decref(list);
	/* 0.898: lagging, a warning. */
	set = one_manager(1000, true, 449);
	list = conditions(&set, &defaults, &n);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(member(list, 0, "kind"), "plan_lagging");
	ck_assert_str_eq(member(list, 0, "severity"), "warning");
	ck_assert_str_eq(member(list, 0, "metric"), "calls_effective");
	ck_assert_str_eq(member(list, 0, "period"), "2026-03-01");
	ck_assert_str_eq(member(list, 0, "subject_type"), "manager");
	ck_assert_str_eq(member(list, 0, "subject_id"), set.managers[0].id);
	ck_assert_str_eq(member(list, 0, "manager_id"), set.managers[0].id);
	ck_assert_str_eq(member(list, 0, "team_id"), set.managers[0].team_id);
	ck_assert(json_is_null(json_object_get(json_array_get(list, 0), "date")));
	/* expected is the plan to date (500), actual the actual. */
	ck_assert(fabs(json_number_value(json_object_get(json_array_get(list, 0), "expected")) - 500) < 1e-6);
	ck_assert(fabs(json_number_value(json_object_get(json_array_get(list, 0), "actual")) - 449) < 1e-6);
	json_decref(list);
}
END_TEST

START_TEST(critical_below_the_critical_threshold)
{
	int n;
	/* forecast_attainment exactly 0.7: still a warning. */
	struct plan_status_set set = one_manager(1000, true, 350);
	json_t *list = conditions(&set, &defaults, &n);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(member(list, 0, "severity"), "warning");
	json_decref(list);
	set = one_manager(1000, true, 349);
	list = conditions(&set, &defaults, &n);
	ck_assert_str_eq(member(list, 0, "severity"), "critical");
	json_decref(list);
	/* Nothing done at all. */
	set = one_manager(1000, true, 0);
	list = conditions(&set, &defaults, &n);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(member(list, 0, "severity"), "critical");
	json_decref(list);
}
END_TEST

START_TEST(waits_for_min_elapsed_workdays)
{
	int n;
	struct plan_alert_params p = defaults;
	/* 2 of 3 days elapsed with nothing done: too early to judge. */
	p.elapsed = 2;
	struct plan_status_set set = one_manager(1000, true, 0);
	set.managers[0].elapsed = 2;
	json_t *list = conditions(&set, &p, &n);
	ck_assert_int_eq(n, 0);
	json_decref(list);
	p.elapsed = 3;
	set.managers[0].elapsed = 3;
	list = conditions(&set, &p, &n);
	ck_assert_int_eq(n, 1);
	json_decref(list);
	/* min_elapsed_workdays 0 still needs one elapsed day: e = 0 forecasts nothing. */
	p.min_elapsed_workdays = 0;
	p.elapsed = 0;
	set.managers[0].elapsed = 0;
	list = conditions(&set, &p, &n);
	ck_assert_int_eq(n, 0);
	json_decref(list);
}
END_TEST

START_TEST(no_workday_left)
{
	int n;
	struct plan_alert_params p = defaults;
	p.elapsed = p.workdays;
	/* The month is over: the forecast is the actual. 899 of 1,000 lags, 900 does not. */
	struct plan_status_set set = one_manager(1000, true, 899);
	set.managers[0].elapsed = 20;
	json_t *list = conditions(&set, &p, &n);
	ck_assert_int_eq(n, 1);
	json_decref(list);
	set = one_manager(1000, true, 900);
	set.managers[0].elapsed = 20;
	list = conditions(&set, &p, &n);
	ck_assert_int_eq(n, 0);
	json_decref(list);
}
END_TEST

START_TEST(no_target_no_alert)
{
	int n;
	struct plan_status_set set = one_manager(1000, false, 0);
	json_t *list = conditions(&set, &defaults, &n);
	ck_assert_int_eq(n, 0);
	json_decref(list);
	/* A target of 0 is no target. */
	set = one_manager(0, true, 0);
	list = conditions(&set, &defaults, &n);
	ck_assert_int_eq(n, 0);
	json_decref(list);
}
END_TEST

START_TEST(teams_and_managers_without_a_team)
{
	int n;
	struct plan_subject managers[2] = {0}, teams[1] = {0};
	strcpy(managers[0].id, "m-with-team");
	strcpy(managers[0].team_id, "team-1");
	strcpy(managers[1].id, "m-alone");
	strcpy(teams[0].id, "team-1");
	for (int i = 0; i < 2; i++) {
		managers[i].has[KPI_DEALS_WON] = true;
		managers[i].target[KPI_DEALS_WON] = 10;
	}
	for (int i = 0; i < 2; i++) {
		managers[i].workdays = 20;
		managers[i].elapsed = 10;
	}
	teams[0].workdays = 40; /* its members' capacity */
	teams[0].elapsed = 20;
	teams[0].has[KPI_DEALS_WON] = true;
	teams[0].target[KPI_DEALS_WON] = 30;
	teams[0].actual[KPI_DEALS_WON] = 14;   /* forecast 28 of 30: 0.93, at risk */
	managers[1].actual[KPI_DEALS_WON] = 5; /* forecast 10 of 10: on track */
	struct plan_status_set set = {.managers = managers, .nmanagers = 2, .teams = teams, .nteams = 1};
	json_t *list = conditions(&set, &defaults, &n);
	ck_assert_int_eq(n, 1);                 /* only the manager with nothing done */
	ck_assert_str_eq(member(list, 0, "subject_id"), "m-with-team");
	json_decref(list);

	teams[0].actual[KPI_DEALS_WON] = 13;   /* 26 of 30: 0.87, lagging */
	managers[0].actual[KPI_DEALS_WON] = 5;
	managers[1].actual[KPI_DEALS_WON] = 4; /* 8 of 10: lagging, no team */
	list = conditions(&set, &defaults, &n);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(member(list, 0, "subject_id"), "m-alone");
	ck_assert(json_is_null(json_object_get(json_array_get(list, 0), "team_id")));
	ck_assert_str_eq(member(list, 1, "subject_type"), "team");
	ck_assert_str_eq(member(list, 1, "subject_id"), "team-1");
	ck_assert_str_eq(member(list, 1, "team_id"), "team-1");
	ck_assert(json_is_null(json_object_get(json_array_get(list, 1), "manager_id")));
	json_decref(list);
}
END_TEST

/* SPEC §6.2: nobody lags before their capacity allows a judgement. Day 10 of 20, nothing done by anyone. */
START_TEST(capacity_decides_who_can_lag)
{
	int n;
	struct plan_status_set set = one_manager(1000, true, 0);
	/* Hired two workdays ago: 2 of their 12 elapsed, fewer than min_elapsed_workdays. */
	set.managers[0].workdays = 12;
	set.managers[0].elapsed = 2;
	json_t *list = conditions(&set, &defaults, &n);
	ck_assert_int_eq(n, 0);
	json_decref(list);
	/* A third day: judged, on their own pace (T·e_m/W_m expected). */
	set.managers[0].elapsed = 3;
	list = conditions(&set, &defaults, &n);
	ck_assert_int_eq(n, 1);
	ck_assert(fabs(json_number_value(json_object_get(json_array_get(list, 0), "expected")) - 250) < 1e-6);
	json_decref(list);
	/* Away the whole month: no capacity, no alert. */
	set.managers[0].workdays = 0;
	set.managers[0].elapsed = 0;
	list = conditions(&set, &defaults, &n);
	ck_assert_int_eq(n, 0);
	json_decref(list);
	/* Back from a week's leave with 500 of 1,000 done in 8 of their 15 days: forecast 500·15/8 = 937.5, at risk
	 * (0.94), not lagging. */
	set.managers[0].workdays = 15;
	set.managers[0].elapsed = 8;
	set.managers[0].actual[KPI_CALLS_EFFECTIVE] = 500;
	list = conditions(&set, &defaults, &n);
	ck_assert_int_eq(n, 0);
	json_decref(list);
}
END_TEST

Suite *alert_rules_suite(void)
{
	Suite *s = suite_create("alert_rules");
	TCase *t = tcase_create("plan_lagging");
	tcase_add_test(t, opens_below_the_lag_threshold_and_clears_at_it);
	tcase_add_test(t, critical_below_the_critical_threshold);
	tcase_add_test(t, waits_for_min_elapsed_workdays);
	tcase_add_test(t, no_workday_left);
	tcase_add_test(t, no_target_no_alert);
	tcase_add_test(t, teams_and_managers_without_a_team);
	tcase_add_test(t, capacity_decides_who_can_lag);
	suite_add_tcase(s, t);
	return s;
}
