/* Unit test runner: every suite of tests/unit/, no database, no network. */
#include <check.h>
#include <stdlib.h>

#include "suites.h"

int main(void)
{
	SRunner *sr = srunner_create(router_suite());
	srunner_add_suite(sr, validate_suite());
	srunner_add_suite(sr, problem_suite());
	srunner_add_suite(sr, formats_suite());
	srunner_add_suite(sr, token_suite());
	srunner_add_suite(sr, cursor_suite());
	srunner_add_suite(sr, conditional_suite());
	srunner_add_suite(sr, gzip_suite());
	srunner_add_suite(sr, buf_suite());
	srunner_add_suite(sr, doc_cache_suite());
	srunner_add_suite(sr, block_pool_suite());
	srunner_add_suite(sr, gate_suite());
	srunner_add_suite(sr, lane_suite());
	srunner_add_suite(sr, schemas_suite());
	srunner_add_suite(sr, config_suite());
	srunner_add_suite(sr, routes_suite());
	srunner_add_suite(sr, db_status_suite());
	srunner_add_suite(sr, task_status_suite());
	srunner_add_suite(sr, idp_status_suite());
	srunner_add_suite(sr, calendar_suite());
	srunner_add_suite(sr, kpi_suite());
	srunner_add_suite(sr, payouts_suite());
	srunner_add_suite(sr, conveyor_suite());
	srunner_add_suite(sr, plan_status_suite());
	srunner_add_suite(sr, alert_rules_suite());
	srunner_add_suite(sr, hygiene_suite());
	srunner_add_suite(sr, egress_suite());
	srunner_add_suite(sr, scopes_suite());
	srunner_add_suite(sr, password_suite());
	srunner_add_suite(sr, compare_suite());
	srunner_add_suite(sr, capacity_suite());
	srunner_add_suite(sr, list_sql_suite());
	srunner_add_suite(sr, reach_suite());
	srunner_add_suite(sr, layers_suite());
	srunner_add_suite(sr, render_suite());
	srunner_add_suite(sr, lang_suite());
	srunner_add_suite(sr, i18n_suite());
	srunner_add_suite(sr, alert_text_suite());
	srunner_add_suite(sr, principal_cache_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
