/* store/render.c: timestamps as PostgreSQL's JSON writes them, from its text output. */
#include <check.h>

#include "salesctl/store/render.h"
#include "suites.h"

START_TEST(timestamps_take_the_json_form)
{
	char out[64];
	ck_assert_int_eq(render_timestamp("2026-01-15 10:00:00+00", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "2026-01-15T10:00:00+00:00");
	ck_assert_int_eq(render_timestamp("2026-12-01 08:35:17.608123+03", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "2026-12-01T08:35:17.608123+03:00");
	ck_assert_int_eq(render_timestamp("2026-03-29 23:59:59.5-03:30", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "2026-03-29T23:59:59.5-03:30");
	ck_assert_int_eq(render_timestamp("infinity", out, sizeof(out)), -1);
	ck_assert_int_eq(render_timestamp("2026-01-15T10:00:00", out, sizeof(out)), -1);
	ck_assert_int_eq(render_timestamp("2026-01-15 10:00:00+00", out, 20), -1);
}
END_TEST

Suite *render_suite(void)
{
	Suite *s = suite_create("render");
	TCase *t = tcase_create("render");
	tcase_add_test(t, timestamps_take_the_json_form);
	suite_add_tcase(s, t);
	return s;
}
