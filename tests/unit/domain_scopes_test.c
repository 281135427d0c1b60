/* src/domain/scopes.c: scope names and sets, and what `*` holds. */
#include "salesctl/domain/scopes.h"
#include "suites.h"

START_TEST(names_and_sets)
{
	ck_assert_uint_eq(scope_parse("read"), SCOPE_READ);
	ck_assert_uint_eq(scope_parse("call_logs:write"), SCOPE_CALL_LOGS_WRITE);
	ck_assert_uint_eq(scope_parse("crm_events:write"), SCOPE_CRM_EVENTS_WRITE);
	ck_assert_uint_eq(scope_parse("reports:write"), SCOPE_REPORTS_WRITE);
	ck_assert_uint_eq(scope_parse("*"), SCOPE_ALL);
	ck_assert_uint_eq(scope_parse("write"), 0);
	ck_assert_uint_eq(scope_parse("READ"), 0);
	ck_assert_uint_eq(scope_set_parse("read,call_logs:write"), SCOPE_READ | SCOPE_CALL_LOGS_WRITE);
	ck_assert_uint_eq(scope_set_parse(""), 0);
	ck_assert_uint_eq(scope_set_parse("bogus,reports:write"), SCOPE_REPORTS_WRITE);
	for (unsigned i = 0; scope_names[i]; i++)
		ck_assert_str_eq(scope_name((enum scope)scope_parse(scope_names[i])), scope_names[i]);
}
END_TEST

START_TEST(what_a_set_allows)
{
	ck_assert(scope_allows(SCOPE_ALL, SCOPE_ALL));
	ck_assert(scope_allows(SCOPE_ALL, SCOPE_READ));
	ck_assert(scope_allows(SCOPE_ALL, SCOPE_CALL_LOGS_WRITE));
	ck_assert(scope_allows(SCOPE_READ, SCOPE_READ));
	ck_assert(!scope_allows(SCOPE_READ, SCOPE_CALL_LOGS_WRITE));
	ck_assert(!scope_allows(SCOPE_READ, SCOPE_ALL));
	/* A telephony integration writes calls and reads nothing. */
	ck_assert(scope_allows(SCOPE_CALL_LOGS_WRITE, SCOPE_CALL_LOGS_WRITE));
	ck_assert(!scope_allows(SCOPE_CALL_LOGS_WRITE, SCOPE_READ));
	ck_assert(!scope_allows(SCOPE_READ | SCOPE_REPORTS_WRITE, SCOPE_ALL));
	ck_assert(!scope_allows(0, SCOPE_READ));
}
END_TEST

Suite *scopes_suite(void)
{
	Suite *s = suite_create("scopes");
	TCase *t = tcase_create("scopes");
	tcase_add_test(t, names_and_sets);
	tcase_add_test(t, what_a_set_allows);
	suite_add_tcase(s, t);
	return s;
}
