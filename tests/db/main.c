/* Runs every database test (the tests/db files named _test.c) against SALESCTL_TEST_DATABASE_URL. */
#include <stdio.h>
#include <stdlib.h>

#include "suites.h"

int main(void)
{
	if (!getenv("SALESCTL_TEST_DATABASE_URL")) {
		fprintf(stderr, "SALESCTL_TEST_DATABASE_URL is not set (tests/run.sh sets it)\n");
		return 2;
	}
	SRunner *sr = srunner_create(pool_suite());
	srunner_add_suite(sr, pass_overlap_suite());
	srunner_add_suite(sr, generic_plans_suite());
	srunner_add_suite(sr, render_suite());
	srunner_add_suite(sr, handler_contract_suite());
	srunner_add_suite(sr, time_ordered_ids_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
