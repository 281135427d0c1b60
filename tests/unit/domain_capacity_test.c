/* src/domain/capacity.c: a manager's W_m and e_m. March 2026: 22 weekdays, 9 March a holiday here: W = 21. */
#include "salesctl/domain/capacity.h"
#include "suites.h"

static struct calendar_month march(void)
{
	struct calendar_month cm;
	struct calendar_override holiday = {{2026, 3, 9}, false};
	calendar_month_init(&cm, 2026, 3, &holiday, 1);
	return cm;
}

static const struct civil_date long_ago = {2020, 1, 1};

START_TEST(everyone_all_month)
{
	struct calendar_month cm = march();
	struct capacity c;
	capacity_month(&cm, long_ago, NULL, NULL, 0, (struct civil_date){2026, 3, 16}, false, &c);
	ck_assert_int_eq(c.workdays, 21);
	ck_assert_int_eq(c.elapsed, 9);    /* 2-6, 10-13 (9 is a holiday) */
	capacity_month(&cm, long_ago, NULL, NULL, 0, (struct civil_date){2026, 3, 16}, true, &c);
	ck_assert_int_eq(c.elapsed, 10);
	capacity_month(&cm, long_ago, NULL, NULL, 0, (struct civil_date){2026, 4, 1}, false, &c);
	ck_assert_int_eq(c.elapsed, 21);
	capacity_month(&cm, long_ago, NULL, NULL, 0, (struct civil_date){2026, 2, 27}, true, &c);
	ck_assert_int_eq(c.elapsed, 0);
}
END_TEST

START_TEST(hired_and_dismissed_mid_month)
{
	struct calendar_month cm = march();
	struct capacity c;
	/* Hired on Monday 16 March: 16-31 holds 12 workdays; on the morning of the 16th none has elapsed. */
	capacity_month(&cm, (struct civil_date){2026, 3, 16}, NULL, NULL, 0, (struct civil_date){2026, 3, 16}, false, &c);
	ck_assert_int_eq(c.workdays, 12);
	ck_assert_int_eq(c.elapsed, 0);
	capacity_month(&cm, (struct civil_date){2026, 3, 16}, NULL, NULL, 0, (struct civil_date){2026, 3, 18}, true, &c);
	ck_assert_int_eq(c.elapsed, 3);
	/* Dismissed after Friday 13 March (their last day): 2-13 less the holiday, 9 days. */
	struct civil_date last = {2026, 3, 13};
	capacity_month(&cm, long_ago, &last, NULL, 0, (struct civil_date){2026, 3, 25}, true, &c);
	ck_assert_int_eq(c.workdays, 9);
	ck_assert_int_eq(c.elapsed, 9);
	/* Hired after the month: nothing at all. */
	capacity_month(&cm, (struct civil_date){2026, 4, 6}, NULL, NULL, 0, (struct civil_date){2026, 3, 25}, true, &c);
	ck_assert_int_eq(c.workdays, 0);
	ck_assert_int_eq(c.elapsed, 0);
}
END_TEST

START_TEST(absences_across_a_weekend_and_a_holiday)
{
	struct calendar_month cm = march();
	struct capacity c;
	/* Vacation Thursday 5 to Tuesday 10 March: 5, 6 and 10 are workdays (7-8 the weekend, 9 the holiday). */
	struct capacity_absence vacation = {{2026, 3, 5}, {2026, 3, 10}, true};
	capacity_month(&cm, long_ago, NULL, &vacation, 1, (struct civil_date){2026, 3, 12}, false, &c);
	ck_assert_int_eq(c.workdays, 18);
	ck_assert_int_eq(c.elapsed, 4);   /* 2, 3, 4, 11 */
	ck_assert(!capacity_available(&cm, long_ago, NULL, &vacation, 1, (struct civil_date){2026, 3, 6}));
	ck_assert(capacity_available(&cm, long_ago, NULL, &vacation, 1, (struct civil_date){2026, 3, 11}));
	/* A field day keeps the day available. */
	struct capacity_absence field = {{2026, 3, 11}, {2026, 3, 11}, false};
	capacity_month(&cm, long_ago, NULL, &field, 1, (struct civil_date){2026, 3, 12}, false, &c);
	ck_assert_int_eq(c.workdays, 21);
	ck_assert(capacity_available(&cm, long_ago, NULL, &field, 1, (struct civil_date){2026, 3, 11}));
	/* Away the whole month: W_m = 0. */
	struct capacity_absence sick = {{2026, 2, 20}, {2026, 4, 3}, true};
	capacity_month(&cm, long_ago, NULL, &sick, 1, (struct civil_date){2026, 3, 20}, true, &c);
	ck_assert_int_eq(c.workdays, 0);
	ck_assert_int_eq(c.elapsed, 0);
	ck_assert(!capacity_available(&cm, long_ago, NULL, NULL, 0, (struct civil_date){2026, 3, 7}));  /* a Saturday */
}
END_TEST

Suite *capacity_suite(void)
{
	Suite *s = suite_create("capacity");
	TCase *t = tcase_create("capacity");
	tcase_add_test(t, everyone_all_month);
	tcase_add_test(t, hired_and_dismissed_mid_month);
	tcase_add_test(t, absences_across_a_weekend_and_a_holiday);
	suite_add_tcase(s, t);
	return s;
}
