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
	/* A version with a suffix: a scheduled one-on-one's tag also digests its agenda. */
	ck_assert_str_eq(parse("\"3-9f2c01ab\", \"12-x\""), "{3,12}");
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
	ck_assert_str_eq(parse("\"3x\""), "{}");
	ck_assert_str_eq(parse("\"-3\""), "{}");
	ck_assert_str_eq(parse("\"1234567890-a\""), "{}");
}
END_TEST

START_TEST(if_none_match_uses_the_weak_comparison)
{
	ck_assert(if_none_match_hits("\"3\"", "\"3\""));
	ck_assert(if_none_match_hits("W/\"3\"", "\"3\""));
	ck_assert(if_none_match_hits("\"1\", \"2\" , \"3\"", "\"3\""));
	ck_assert(if_none_match_hits("*", "\"3\""));
	ck_assert(if_none_match_hits("\"a1b2\"", "W/\"a1b2\""));
	ck_assert(!if_none_match_hits("\"4\"", "\"3\""));
	ck_assert(!if_none_match_hits("\"33\"", "\"3\""));
	ck_assert(!if_none_match_hits("3", "\"3\""));
	ck_assert(!if_none_match_hits(NULL, "\"3\""));
	ck_assert(!if_none_match_hits("*", ""));
}
END_TEST

START_TEST(accept_encoding)
{
	ck_assert(accepts_gzip("gzip"));
	ck_assert(accepts_gzip("deflate, gzip, br"));
	ck_assert(accepts_gzip("GZIP;q=0.5"));
	ck_assert(accepts_gzip("*"));
	ck_assert(!accepts_gzip("gzip;q=0"));
	ck_assert(!accepts_gzip("br, gzip; q=0.0"));
	ck_assert(!accepts_gzip("identity"));
	ck_assert(!accepts_gzip("gzipx, br"));
	ck_assert(!accepts_gzip("*;q=0"));
	ck_assert(!accepts_gzip(""));
	ck_assert(!accepts_gzip(NULL));
	ck_assert(!accepts_gzip("br;q=1, gzip;q=0, *"));
}
END_TEST

Suite *conditional_suite(void)
{
	Suite *s = suite_create("conditional");
	TCase *t = tcase_create("if-match");
	tcase_add_test(t, strong_tags);
	tcase_add_test(t, star_matches_anything);
	tcase_add_test(t, weak_or_malformed_match_nothing);
	tcase_add_test(t, if_none_match_uses_the_weak_comparison);
	tcase_add_test(t, accept_encoding);
	suite_add_tcase(s, t);
	return s;
}
