/* store/reach.c: a template composed per role, its named placeholders numbered in order of first appearance. */
#include <check.h>
#include <string.h>

#include "salesctl/store/reach.h"
#include "suites.h"

static const struct reach person = REACH_PERSON("x.user_id");
static const struct reach owner_only = REACH_OWNER_ONLY;
static const struct reach_stmt get = {"get", "SELECT 1 FROM x WHERE x.org_id = $O AND x.id = $A AND $R", {&person}};

START_TEST(owner_text_has_no_condition_and_no_viewer)
{
	struct reach_sql q;
	ck_assert_int_eq(reach_sql_compose(&get, ROLE_OWNER, &q), 0);
	ck_assert_str_eq(q.sql, "SELECT 1 FROM x WHERE x.org_id = $1 AND x.id = $2 AND true");
	ck_assert_int_eq(q.nparams, 2);
	ck_assert_int_eq(q.names[0], 'O');
	ck_assert_int_eq(q.names[1], 'A');
	reach_sql_free(&q);
}
END_TEST

START_TEST(manager_and_head_texts_number_the_viewer_once)
{
	struct reach_sql q;
	ck_assert_int_eq(reach_sql_compose(&get, ROLE_MANAGER, &q), 0);
	ck_assert_str_eq(q.sql, "SELECT 1 FROM x WHERE x.org_id = $1 AND x.id = $2 AND x.user_id = $3");
	ck_assert_int_eq(q.nparams, 3);
	ck_assert_int_eq(q.names[2], 'V');
	reach_sql_free(&q);
	ck_assert_int_eq(reach_sql_compose(&get, ROLE_HEAD, &q), 0);
	/* The head's members: the organisation and the viewer inside the fragment take the numbers already given. */
	ck_assert_ptr_nonnull(strstr(q.sql, "(x.user_id = $3 OR x.user_id = ANY (ARRAY(SELECT m.id FROM teams tm"));
	ck_assert_ptr_nonnull(strstr(q.sql, "WHERE tm.org_id = $1 AND tm.head_id = $3)))"));
	ck_assert_ptr_null(strstr(q.sql, "$4"));
	ck_assert_int_eq(q.nparams, 3);
	reach_sql_free(&q);
}
END_TEST

START_TEST(three_reaches_and_arguments_in_order_of_use)
{
	static const struct reach_stmt s = {
		"s", "SELECT $B, $R, $S, $T, $A, $B", {&person, &owner_only, &person}};
	struct reach_sql q;
	ck_assert_int_eq(reach_sql_compose(&s, ROLE_MANAGER, &q), 0);
	ck_assert_str_eq(q.sql, "SELECT $1, x.user_id = $2, false, x.user_id = $2, $3, $1");
	ck_assert_int_eq(q.nparams, 3);
	ck_assert_int_eq(q.names[0], 'B');
	ck_assert_int_eq(q.names[1], 'V');
	ck_assert_int_eq(q.names[2], 'A');
	reach_sql_free(&q);
	ck_assert_int_eq(reach_sql_compose(&s, ROLE_OWNER, &q), 0);
	ck_assert_str_eq(q.sql, "SELECT $1, true, true, true, $2, $1");
	reach_sql_free(&q);
}
END_TEST

START_TEST(numbered_or_unknown_placeholders_are_refused)
{
	static const struct reach_stmt numbered = {"n", "SELECT $1", {NULL}};
	static const struct reach_stmt unknown = {"u", "SELECT $Z", {NULL}};
	static const struct reach nested = {.head = "$R", .manager = "$R"};
	static const struct reach_stmt recursive = {"r", "SELECT $R", {&nested}};
	struct reach_sql q;
	ck_assert_int_eq(reach_sql_compose(&numbered, ROLE_OWNER, &q), -1);
	ck_assert_int_eq(reach_sql_compose(&unknown, ROLE_OWNER, &q), -1);
	ck_assert_int_eq(reach_sql_compose(&recursive, ROLE_HEAD, &q), -1);
	ck_assert_ptr_null(q.sql);
}
END_TEST

Suite *reach_suite(void)
{
	Suite *s = suite_create("reach");
	TCase *t = tcase_create("compose");
	tcase_add_test(t, owner_text_has_no_condition_and_no_viewer);
	tcase_add_test(t, manager_and_head_texts_number_the_viewer_once);
	tcase_add_test(t, three_reaches_and_arguments_in_order_of_use);
	tcase_add_test(t, numbered_or_unknown_placeholders_are_refused);
	suite_add_tcase(s, t);
	return s;
}
