/* API test runner: builds the shared world against the running salesctld, then runs every suite. The database
 * sqlstate and outage suites run last because they restart PostgreSQL. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>

#include "world.h"

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (world_build() < 0) {
		fprintf(stderr, "api tests: could not build the test world at %s\n", api_base_url());
		return 1;
	}
	SRunner *sr = srunner_create(http_suite());
	srunner_add_suite(sr, orgs_suite());
	srunner_add_suite(sr, users_suite());
	srunner_add_suite(sr, teams_suite());
	srunner_add_suite(sr, tokens_suite());
	srunner_add_suite(sr, tasks_suite());
	srunner_add_suite(sr, lists_suite());
	srunner_add_suite(sr, language_suite());
	srunner_add_suite(sr, csv_suite());
	srunner_add_suite(sr, call_logs_suite());
	srunner_add_suite(sr, crm_events_suite());
	srunner_add_suite(sr, events_suite());
	srunner_add_suite(sr, standups_suite());
	srunner_add_suite(sr, compensation_suite());
	srunner_add_suite(sr, periods_suite());
	srunner_add_suite(sr, competencies_suite());
	srunner_add_suite(sr, conveyor_api_suite());
	srunner_add_suite(sr, daily_reports_suite());
	srunner_add_suite(sr, one_on_ones_suite());
	srunner_add_suite(sr, development_plans_suite());
	srunner_add_suite(sr, isolation_suite());
	srunner_add_suite(sr, kpi_api_suite());
	srunner_add_suite(sr, alerts_suite());
	srunner_add_suite(sr, webhooks_suite());
	srunner_add_suite(sr, concurrency_suite());
	srunner_add_suite(sr, idempotency_suite());
	srunner_add_suite(sr, permissions_suite());
	srunner_add_suite(sr, hostile_suite());
	srunner_add_suite(sr, raw_http_suite());
	srunner_add_suite(sr, hygiene_suite());
	srunner_add_suite(sr, cors_suite());
	srunner_add_suite(sr, sessions_suite());
	srunner_add_suite(sr, absences_suite());
	srunner_add_suite(sr, caching_suite());
	srunner_add_suite(sr, sqlstate_suite());
	srunner_add_suite(sr, outage_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	curl_global_cleanup();
	return failed ? 1 : 0;
}
