/* The unit suites, one per module under test (tests/unit/<dir>_<module>_test.c for src/<dir>/<module>.c). */
#ifndef SALESCTL_TESTS_UNIT_SUITES_H
#define SALESCTL_TESTS_UNIT_SUITES_H

#include <check.h>

/* A file of the repository (the tests run from its root) read whole; new (free()). Fails the test when missing. */
char *test_slurp(const char *path);

Suite *router_suite(void);
Suite *validate_suite(void);
Suite *problem_suite(void);
Suite *formats_suite(void);
Suite *token_suite(void);
Suite *cursor_suite(void);
Suite *conditional_suite(void);
Suite *gzip_suite(void);
Suite *buf_suite(void);
Suite *doc_cache_suite(void);
Suite *block_pool_suite(void);
Suite *gate_suite(void);
Suite *schemas_suite(void);
Suite *config_suite(void);
Suite *routes_suite(void);
Suite *db_status_suite(void);
Suite *task_status_suite(void);
Suite *idp_status_suite(void);
Suite *calendar_suite(void);
Suite *kpi_suite(void);
Suite *payouts_suite(void);
Suite *conveyor_suite(void);
Suite *plan_status_suite(void);
Suite *alert_rules_suite(void);
Suite *hygiene_suite(void);
Suite *egress_suite(void);
Suite *scopes_suite(void);
Suite *password_suite(void);
Suite *compare_suite(void);
Suite *capacity_suite(void);
Suite *list_sql_suite(void);
Suite *reach_suite(void);
Suite *layers_suite(void);
Suite *render_suite(void);
Suite *lang_suite(void);
Suite *i18n_suite(void);
Suite *alert_text_suite(void);
Suite *principal_cache_suite(void);
Suite *lane_suite(void);

#endif
