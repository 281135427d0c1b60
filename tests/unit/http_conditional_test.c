/* If-Match parsing into the versions it accepts. */
#include "salesctl/http/conditional.h"
#include "suites.h"

static const char *parse(const char *h)
{
	static char buf[128];
	return if_match_versions(h, buf, sizeof(buf));
}

START_TEST(strong_tags)
{
	ck_assert_str_eq(parse("\"3\""), "{3}");
	ck_assert_str_eq(parse("\"3\", \"17\""), "{3,17}");
	ck_assert_str_eq(parse(" \"3\" ,\t\"4\" "), "{3,4}");
}
END_TEST

START_TEST(star_matches_anything)
{
	ck_assert_ptr_null(parse("*"));
	ck_assert_ptr_null(parse(" * "));
}
END_TEST

START_TEST(weak_or_malformed_match_nothing)
{
	ck_assert_str_eq(parse("W/\"3\""), "{}");
	ck_assert_str_eq(parse("3"), "{}");
	ck_assert_str_eq(parse("\"abc\""), "{}");
	ck_assert_str_eq(parse("\"\""), "{}");
	ck_assert_str_eq(parse("\"12345678901\""), "{}");
	ck_assert_str_eq(parse(""), "{}");
	ck_assert_str_eq(parse("W/\"3\", \"5\""), "{5}");
}
END_TEST

Suite *conditional_suite(void)
{
	Suite *s = suite_create("conditional");
	TCase *t = tcase_create("if-match");
	tcase_add_test(t, strong_tags);
	tcase_add_test(t, star_matches_anything);
	tcase_add_test(t, weak_or_malformed_match_nothing);
	suite_add_tcase(s, t);
	return s;
}
