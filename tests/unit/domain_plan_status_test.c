/* src/domain/plan_status.c: who the subjects of plan status are and what they add up to. Managers keep their own
 * plans; a team's actuals are its members' sum and its targets its own plan (not its members'); the organisation
 * sums every manager's actuals, team or no team, and its targets are the teams' plans added up. */
#include <math.h>
#include <string.h>

#include "salesctl/domain/plan_status.h"
#include "suites.h"

#define near(a, b) (fabs((a) - (b)) < 1e-9)

static struct plan_actuals manager(const char *id, const char *team, double calls, double deals)
{
	struct plan_actuals a = {0};
	strcpy(a.id, id);
	strcpy(a.team_id, team);
	a.metric[KPI_CALLS_EFFECTIVE] = calls;
	a.metric[KPI_DEALS_WON] = deals;
	a.workdays = 20;
	a.elapsed = 10;
	return a;
}

static struct plan_targets plan(bool team, const char *id, int metric, double target)
{
	struct plan_targets t = {.team = team};
	strcpy(t.subject_id, id);
	t.has[metric] = true;
	t.target[metric] = target;
	return t;
}

static const struct plan_subject *subject(const struct plan_subject *list, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i].id, id) == 0)
			return &list[i];
	return NULL;
}

START_TEST(teams_sum_members_and_keep_their_own_plan)
{
	/* Team A: m1 and m2 with different targets; team B: m3; m4 without a team. */
	struct plan_actuals actuals[] = {
		manager("m1", "A", 100, 2), manager("m2", "A", 40, 1), manager("m3", "B", 70, 0), manager("m4", "", 5, 1),
	};
	struct plan_targets targets[] = {
		plan(false, "m1", KPI_CALLS_EFFECTIVE, 300), plan(false, "m2", KPI_CALLS_EFFECTIVE, 150),
		plan(true, "A", KPI_CALLS_EFFECTIVE, 500), plan(true, "B", KPI_CALLS_EFFECTIVE, 200),
	};
	/* One plan per subject and period, with any number of metrics. */
	targets[3].has[KPI_DEALS_WON] = true;
	targets[3].target[KPI_DEALS_WON] = 4;
	struct plan_status_set set;
	ck_assert_int_eq(plan_status_set_build(&set, actuals, 4, targets, 4, NULL), 0);
	ck_assert_uint_eq(set.nmanagers, 4);
	ck_assert_uint_eq(set.nteams, 2);

	const struct plan_subject *m1 = subject(set.managers, set.nmanagers, "m1");
	const struct plan_subject *m2 = subject(set.managers, set.nmanagers, "m2");
	const struct plan_subject *m4 = subject(set.managers, set.nmanagers, "m4");
	ck_assert(m1 && m2 && m4);
	ck_assert(m1->has[KPI_CALLS_EFFECTIVE] && near(m1->target[KPI_CALLS_EFFECTIVE], 300));
	ck_assert(m2->has[KPI_CALLS_EFFECTIVE] && near(m2->target[KPI_CALLS_EFFECTIVE], 150));
	ck_assert_str_eq(m1->team_id, "A");
	ck_assert(!m4->has[KPI_CALLS_EFFECTIVE]);   /* no plan: no target, whatever the team's */
	ck_assert_str_eq(m4->team_id, "");

	const struct plan_subject *a = subject(set.teams, set.nteams, "A");
	const struct plan_subject *b = subject(set.teams, set.nteams, "B");
	ck_assert(a && b);
	ck_assert(near(a->actual[KPI_CALLS_EFFECTIVE], 140));
	ck_assert(near(a->actual[KPI_DEALS_WON], 3));
	/* The team's own plan, not the members' 450. */
	ck_assert(near(a->target[KPI_CALLS_EFFECTIVE], 500));
	ck_assert(!a->has[KPI_DEALS_WON]);
	ck_assert(near(b->actual[KPI_CALLS_EFFECTIVE], 70));
	ck_assert(b->has[KPI_DEALS_WON] && near(b->target[KPI_DEALS_WON], 4));

	/* The organisation: every manager's actuals (m4 too), the teams' targets. */
	ck_assert(near(set.org.actual[KPI_CALLS_EFFECTIVE], 215));
	ck_assert(near(set.org.actual[KPI_DEALS_WON], 4));
	ck_assert(set.org.has[KPI_CALLS_EFFECTIVE] && near(set.org.target[KPI_CALLS_EFFECTIVE], 700));
	ck_assert(set.org.has[KPI_DEALS_WON] && near(set.org.target[KPI_DEALS_WON], 4));
	ck_assert(!set.org.has[KPI_MEETINGS]);
	/* Capacity adds up like actuals: each manager 20 and 10, m4 without a team counting for the organisation. */
	ck_assert_int_eq(m1->workdays, 20);
	ck_assert_int_eq(a->workdays, 40);
	ck_assert_int_eq(a->elapsed, 20);
	ck_assert_int_eq(b->workdays, 20);
	ck_assert_int_eq(set.org.workdays, 80);
	ck_assert_int_eq(set.org.elapsed, 40);
	plan_status_set_free(&set);
	ck_assert_ptr_null(set.managers);
	ck_assert_uint_eq(set.nteams, 0);
}
END_TEST

START_TEST(a_metric_only_managers_target_is_not_the_organisations)
{
	struct plan_actuals actuals[] = {manager("m1", "A", 10, 0)};
	struct plan_targets targets[] = {plan(false, "m1", KPI_CALLS_EFFECTIVE, 300)};
	struct plan_status_set set;
	ck_assert_int_eq(plan_status_set_build(&set, actuals, 1, targets, 1, NULL), 0);
	ck_assert(!set.org.has[KPI_CALLS_EFFECTIVE]);
	ck_assert(!set.teams[0].has[KPI_CALLS_EFFECTIVE]);
	ck_assert(near(set.org.actual[KPI_CALLS_EFFECTIVE], 10));
	plan_status_set_free(&set);
}
END_TEST

START_TEST(a_plan_for_nobody_counts_for_nobody)
{
	/* A plan of a manager or team that is not in the data (another team's, a removed one's) targets nothing. */
	struct plan_actuals actuals[] = {manager("m1", "A", 10, 0)};
	struct plan_targets targets[] = {plan(false, "ghost", KPI_CALLS_EFFECTIVE, 300),
					 plan(true, "Z", KPI_DEALS_WON, 9)};
	struct plan_status_set set;
	ck_assert_int_eq(plan_status_set_build(&set, actuals, 1, targets, 2, NULL), 0);
	ck_assert(!set.managers[0].has[KPI_CALLS_EFFECTIVE]);
	ck_assert_uint_eq(set.nteams, 1);
	ck_assert(!set.teams[0].has[KPI_DEALS_WON]);
	/* The organisation adds up every team plan of the period, even a team without members today. */
	ck_assert(set.org.has[KPI_DEALS_WON] && near(set.org.target[KPI_DEALS_WON], 9));
	plan_status_set_free(&set);
}
END_TEST

START_TEST(an_asked_for_team_without_members_is_a_subject)
{
	/* GET /v1/plan-status?team_id= of a team with no members yet still answers that team, with zero actuals. */
	struct plan_targets targets[] = {plan(true, "E", KPI_CALLS_EFFECTIVE, 100)};
	struct plan_status_set set;
	ck_assert_int_eq(plan_status_set_build(&set, NULL, 0, targets, 1, "E"), 0);
	ck_assert_uint_eq(set.nmanagers, 0);
	ck_assert_uint_eq(set.nteams, 1);
	ck_assert_str_eq(set.teams[0].id, "E");
	ck_assert(set.teams[0].has[KPI_CALLS_EFFECTIVE] && near(set.teams[0].target[KPI_CALLS_EFFECTIVE], 100));
	ck_assert(near(set.teams[0].actual[KPI_CALLS_EFFECTIVE], 0));

	/* Asked for, and also a member's team: listed once. */
	struct plan_actuals actuals[] = {manager("m1", "E", 7, 0)};
	plan_status_set_free(&set);
	ck_assert_int_eq(plan_status_set_build(&set, actuals, 1, targets, 1, "E"), 0);
	ck_assert_uint_eq(set.nteams, 1);
	ck_assert(near(set.teams[0].actual[KPI_CALLS_EFFECTIVE], 7));
	plan_status_set_free(&set);
}
END_TEST

/* One metric's status, as the API and the plan_lagging rule both read it: a manager on their own capacity, a team on
 * its members' with the pace over the calendar's remaining workdays. A team whose members have had 10 of 40 workdays
 * (one of two is away) is judged on those, but owes its gap over the calendar's 10 remaining days. */
START_TEST(a_metric_of_a_manager_and_of_a_team)
{
	struct plan_subject s = {.workdays = 40, .elapsed = 10};
	s.has[KPI_CALLS_EFFECTIVE] = true;
	s.target[KPI_CALLS_EFFECTIVE] = 400;
	s.actual[KPI_CALLS_EFFECTIVE] = 50;
	struct metric_plan_status m;
	plan_subject_metric(&s, KPI_CALLS_EFFECTIVE, false, 20, 10, 0.9, &m);
	ck_assert(near(m.expected_to_date.value, 100));
	ck_assert(near(m.forecast.value, 200));
	ck_assert(near(m.required_daily.value, 350.0 / 30));
	ck_assert_int_eq(m.state, PLAN_LAGGING);
	plan_subject_metric(&s, KPI_CALLS_EFFECTIVE, true, 20, 10, 0.9, &m);
	ck_assert(near(m.forecast.value, 200));
	ck_assert(near(m.required_daily.value, 35));
	s.has[KPI_CALLS_EFFECTIVE] = false;
	plan_subject_metric(&s, KPI_CALLS_EFFECTIVE, true, 20, 10, 0.9, &m);
	ck_assert_int_eq(m.state, PLAN_NO_TARGET);
}
END_TEST

START_TEST(nothing_at_all)
{
	struct plan_status_set set;
	ck_assert_int_eq(plan_status_set_build(&set, NULL, 0, NULL, 0, NULL), 0);
	ck_assert_uint_eq(set.nmanagers, 0);
	ck_assert_uint_eq(set.nteams, 0);
	for (int k = 0; k < KPI__COUNT; k++)
		ck_assert(!set.org.has[k] && near(set.org.actual[k], 0));
	plan_status_set_free(&set);
}
END_TEST

Suite *plan_status_suite(void)
{
	Suite *s = suite_create("plan_status");
	TCase *t = tcase_create("aggregation");
	tcase_add_test(t, teams_sum_members_and_keep_their_own_plan);
	tcase_add_test(t, a_metric_only_managers_target_is_not_the_organisations);
	tcase_add_test(t, a_plan_for_nobody_counts_for_nobody);
	tcase_add_test(t, an_asked_for_team_without_members_is_a_subject);
	tcase_add_test(t, nothing_at_all);
	tcase_add_test(t, a_metric_of_a_manager_and_of_a_team);
	suite_add_tcase(s, t);
	return s;
}
