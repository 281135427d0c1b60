/* src/domain/compare.c: like-for-like windows. March 2026 has 22 workdays (Mon 2 ... Tue 31), with 9 March a holiday
 * here: 21. February 2026 has 20 (Mon 2 ... Fri 27), with 23 February a holiday: 19. */
#include "salesctl/domain/compare.h"
#include "suites.h"

static void months(struct calendar_month *march, struct calendar_month *feb)
{
	struct calendar_override holidays[] = {{{2026, 3, 9}, false}, {{2026, 2, 23}, false}};
	calendar_month_init(march, 2026, 3, holidays, 2);
	calendar_month_init(feb, 2026, 2, holidays, 2);
}

static bool same(struct civil_date a, int y, int m, int d)
{
	return a.year == y && a.month == m && a.day == d;
}

START_TEST(on_the_tenth)
{
	struct calendar_month march, feb;
	months(&march, &feb);
	ck_assert_int_eq(calendar_workdays(&march), 21);
	ck_assert_int_eq(calendar_workdays(&feb), 19);
	/* Tuesday 10 March before the deadline: 2-6 and 10 is not done yet, 9 is a holiday: e = 5. */
	struct compare_windows w;
	compare_windows(&march, &feb, (struct civil_date){2026, 3, 10}, false, &w);
	ck_assert_int_eq(w.elapsed, 5);
	ck_assert(!w.complete && !w.empty && !w.vs_empty);
	ck_assert(same(w.from, 2026, 3, 1) && same(w.to, 2026, 3, 10));
	/* February's 5th workday is Friday 6 February. */
	ck_assert(same(w.vs_from, 2026, 2, 1) && same(w.vs_to, 2026, 2, 6));
	/* After the deadline the 10th counts: e = 6, February through Monday 9. */
	compare_windows(&march, &feb, (struct civil_date){2026, 3, 10}, true, &w);
	ck_assert_int_eq(w.elapsed, 6);
	ck_assert(same(w.vs_to, 2026, 2, 9));
	/* Across February's holiday: e = 15 is 20 February; e = 16 skips 23 February to the 24th. */
	ck_assert_int_eq(calendar_elapsed(&march, (struct civil_date){2026, 3, 24}, false), 15);
	compare_windows(&march, &feb, (struct civil_date){2026, 3, 24}, false, &w);
	ck_assert(same(w.vs_to, 2026, 2, 20));
	compare_windows(&march, &feb, (struct civil_date){2026, 3, 24}, true, &w);
	ck_assert(same(w.vs_to, 2026, 2, 24));
}
END_TEST

START_TEST(edges)
{
	struct calendar_month march, feb;
	months(&march, &feb);
	struct compare_windows w;
	/* The 1st is a Sunday: nothing elapsed, nothing to compare with. */
	compare_windows(&march, &feb, (struct civil_date){2026, 3, 1}, true, &w);
	ck_assert_int_eq(w.elapsed, 0);
	ck_assert(w.vs_empty && !w.empty);
	ck_assert(same(w.to, 2026, 3, 1));
	/* Before the month. */
	compare_windows(&march, &feb, (struct civil_date){2026, 2, 27}, true, &w);
	ck_assert(w.empty && w.vs_empty);
	/* A month that is over is compared whole with the other whole. */
	compare_windows(&march, &feb, (struct civil_date){2026, 4, 2}, false, &w);
	ck_assert(w.complete);
	ck_assert_int_eq(w.elapsed, 21);
	ck_assert(same(w.to, 2026, 3, 31) && same(w.vs_to, 2026, 2, 28));
	/* The last workday of March after its deadline: e = 21, more than February's 19: all of February. */
	compare_windows(&march, &feb, (struct civil_date){2026, 3, 31}, true, &w);
	ck_assert(!w.complete);
	ck_assert_int_eq(w.elapsed, 21);
	ck_assert(same(w.vs_to, 2026, 2, 28));
	struct civil_date d;
	ck_assert(calendar_nth_workday(&feb, 19, &d) && same(d, 2026, 2, 27));
	ck_assert(!calendar_nth_workday(&feb, 20, &d));
	ck_assert(!calendar_nth_workday(&feb, 0, &d));
}
END_TEST

Suite *compare_suite(void)
{
	Suite *s = suite_create("compare");
	TCase *t = tcase_create("windows");
	tcase_add_test(t, on_the_tenth);
	tcase_add_test(t, edges);
	suite_add_tcase(s, t);
	return s;
}
