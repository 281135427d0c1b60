/* The development plan status machine against SPEC's moves, for every pair of statuses. */
#include "salesctl/domain/idp_status.h"
#include "suites.h"

START_TEST(every_pair)
{
	/* draft → active → completed | failed; draft | active → cancelled. */
	const bool want[IDP_STATUS__COUNT][IDP_STATUS__COUNT] = {
		[IDP_DRAFT] = {[IDP_ACTIVE] = true, [IDP_CANCELLED] = true},
		[IDP_ACTIVE] = {[IDP_COMPLETED] = true, [IDP_FAILED] = true, [IDP_CANCELLED] = true},
	};
	for (int a = 0; a < IDP_STATUS__COUNT; a++)
		for (int b = 0; b < IDP_STATUS__COUNT; b++)
			ck_assert_msg(idp_transition_allowed((enum idp_status)a, (enum idp_status)b) == want[a][b],
				      "%s -> %s", idp_status_name((enum idp_status)a), idp_status_name((enum idp_status)b));
}
END_TEST

START_TEST(open_and_names)
{
	ck_assert(idp_status_open(IDP_DRAFT));
	ck_assert(idp_status_open(IDP_ACTIVE));
	ck_assert(!idp_status_open(IDP_COMPLETED));
	ck_assert(!idp_status_open(IDP_FAILED));
	ck_assert(!idp_status_open(IDP_CANCELLED));
	for (int s = 0; s < IDP_STATUS__COUNT; s++)
		ck_assert_int_eq(idp_status_parse(idp_status_name((enum idp_status)s)), s);
	ck_assert_int_eq(idp_status_parse("open"), -1);
}
END_TEST

Suite *idp_status_suite(void)
{
	Suite *s = suite_create("idp_status");
	TCase *t = tcase_create("machine");
	tcase_add_test(t, every_pair);
	tcase_add_test(t, open_and_names);
	suite_add_tcase(s, t);
	return s;
}
