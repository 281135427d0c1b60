/* The database tests: each runs against the real PostgreSQL of SALESCTL_TEST_DATABASE_URL (set by tests/run.sh). */
#ifndef SALESCTL_TESTS_DB_SUITES_H
#define SALESCTL_TESTS_DB_SUITES_H

#include <check.h>

Suite *pool_suite(void);          /* src/db/pool.c: the transaction runner */
Suite *pass_overlap_suite(void);  /* src/sched/pass.c: two passes side by side */
Suite *generic_plans_suite(void); /* src/store/reach.c, list_sql.c: index scans under generic plans */
Suite *render_suite(void);        /* src/store/render.c: lists rendered in C equal the SQL functions */
Suite *handler_contract_suite(void); /* src/api/idempotency.c: commit by the handler's outcome, retries, failures */
Suite *time_ordered_ids_suite(void); /* migration 0037: ids made later sort later */

#endif
