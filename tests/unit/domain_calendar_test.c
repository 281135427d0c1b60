/* Working-day arithmetic: month ends, leap years, holiday overrides, transferred workdays, elapsed days. */
#include "salesctl/domain/calendar.h"
#include "suites.h"

START_TEST(weekdays_and_month_lengths)
{
	ck_assert_int_eq(iso_weekday((struct civil_date){2026, 11, 28}), 6); /* Saturday */
	ck_assert_int_eq(iso_weekday((struct civil_date){2026, 11, 30}), 1); /* Monday */
	ck_assert_int_eq(iso_weekday((struct civil_date){2024, 2, 29}), 4);
	ck_assert_int_eq(iso_weekday((struct civil_date){2000, 1, 1}), 6);
	ck_assert_int_eq(days_in_month(2024, 2), 29);
	ck_assert_int_eq(days_in_month(2100, 2), 28);
	ck_assert_int_eq(days_in_month(2026, 12), 31);
}
END_TEST

START_TEST(plain_months)
{
	struct calendar_month cm;
	calendar_month_init(&cm, 2026, 11, NULL, 0);
	ck_assert_int_eq(calendar_workdays(&cm), 21);
	calendar_month_init(&cm, 2026, 2, NULL, 0);
	ck_assert_int_eq(calendar_workdays(&cm), 20);
	calendar_month_init(&cm, 2024, 2, NULL, 0);
	ck_assert_int_eq(calendar_workdays(&cm), 21);
}
END_TEST

START_TEST(overrides)
{
	/* November 2026 in Russia: the 4th (Wednesday) is a holiday. A Saturday made a workday adds one. */
	struct calendar_override o[] = {
		{{2026, 11, 4}, false},
		{{2026, 11, 28}, true},
		{{2026, 12, 31}, false}, /* another month: ignored */
	};
	struct calendar_month cm;
	calendar_month_init(&cm, 2026, 11, o, 3);
	ck_assert_int_eq(calendar_workdays(&cm), 21);
	ck_assert(!cm.workday[3]);
	ck_assert(cm.workday[27]);
	calendar_month_init(&cm, 2026, 11, o, 1);
	ck_assert_int_eq(calendar_workdays(&cm), 20);
}
END_TEST

START_TEST(elapsed_workdays)
{
	struct calendar_month cm;
	calendar_month_init(&cm, 2026, 11, NULL, 0);
	/* Monday the 2nd is the first workday. */
	ck_assert_int_eq(calendar_elapsed(&cm, (struct civil_date){2026, 11, 1}, true), 0);
	ck_assert_int_eq(calendar_elapsed(&cm, (struct civil_date){2026, 11, 2}, false), 0);
	ck_assert_int_eq(calendar_elapsed(&cm, (struct civil_date){2026, 11, 2}, true), 1);
	ck_assert_int_eq(calendar_elapsed(&cm, (struct civil_date){2026, 11, 7}, true), 5);  /* Saturday */
	ck_assert_int_eq(calendar_elapsed(&cm, (struct civil_date){2026, 11, 30}, false), 20);
	ck_assert_int_eq(calendar_elapsed(&cm, (struct civil_date){2026, 11, 30}, true), 21);
	ck_assert_int_eq(calendar_elapsed(&cm, (struct civil_date){2026, 10, 31}, true), 0);
	ck_assert_int_eq(calendar_elapsed(&cm, (struct civil_date){2026, 12, 1}, false), 21);
}
END_TEST

START_TEST(parse_dates)
{
	struct civil_date d;
	ck_assert_int_eq(civil_date_parse("2026-11-28", &d), 0);
	ck_assert_int_eq(d.year * 10000 + d.month * 100 + d.day, 20261128);
	ck_assert_int_eq(civil_date_parse("2026-11-28T10:00:00Z", &d), 0);
	ck_assert_int_eq(civil_date_parse("2026-02-30", &d), -1);
	ck_assert_int_eq(civil_date_parse("2026/11/28", &d), -1);
	ck_assert_int_eq(civil_date_parse("2026-11", &d), -1);
	ck_assert_int_lt(civil_date_cmp((struct civil_date){2026, 1, 31}, (struct civil_date){2026, 2, 1}), 0);
	ck_assert_int_eq(civil_date_cmp((struct civil_date){2026, 2, 1}, (struct civil_date){2026, 2, 1}), 0);
}
END_TEST

Suite *calendar_suite(void)
{
	Suite *s = suite_create("calendar");
	TCase *t = tcase_create("calendar");
	tcase_add_test(t, weekdays_and_month_lengths);
	tcase_add_test(t, plain_months);
	tcase_add_test(t, overrides);
	tcase_add_test(t, elapsed_workdays);
	tcase_add_test(t, parse_dates);
	suite_add_tcase(s, t);
	return s;
}
