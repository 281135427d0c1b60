/*
 * The transaction runner against a real PostgreSQL (SALESCTL_TEST_DATABASE_URL, set by tests/run.sh): a serialization
 * failure (40001) made by a concurrent committed update is retried, counted, and given up after DB_MAX_ATTEMPTS.
 * No product path runs above READ COMMITTED, so this is where 40001 is made to happen; the HTTP-level SQLSTATE cases
 * are in tests/api/sqlstate_test.c. The scratch table lives in its own schema and is dropped afterwards.
 */
#include <check.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "salesctl/db/pool.h"
#include "suites.h"

static const struct db_stmt probe_statements[] = {
	{"probe_read", "SELECT v FROM salesctl_test_scratch.probe WHERE id = 1"},
	{"probe_write", "UPDATE salesctl_test_scratch.probe SET v = v + 1 WHERE id = 1"},
	{NULL, NULL},
};
static const struct db_stmt *const probe_sets[] = {probe_statements, NULL};

static PGconn *other;   /* the concurrent writer */

static void other_exec(const char *sql)
{
	PGresult *r = PQexec(other, sql);
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK, "%s: %s", sql,
		      PQerrorMessage(other));
	PQclear(r);
}

static void setup(void)
{
	other = PQconnectdb(getenv("SALESCTL_TEST_DATABASE_URL"));
	ck_assert_msg(PQstatus(other) == CONNECTION_OK, "%s", PQerrorMessage(other));
	other_exec("SET client_min_messages = warning");
	other_exec("CREATE SCHEMA IF NOT EXISTS salesctl_test_scratch");
	other_exec("DROP TABLE IF EXISTS salesctl_test_scratch.probe");
	other_exec("CREATE TABLE salesctl_test_scratch.probe (id int PRIMARY KEY, v int NOT NULL)");
	other_exec("INSERT INTO salesctl_test_scratch.probe VALUES (1, 0)");
}

static void teardown(void)
{
	other_exec("DROP SCHEMA salesctl_test_scratch CASCADE");
	PQfinish(other);
}

struct probe {
	int attempts;
	int interfere_until;   /* the concurrent update commits during attempts 1..interfere_until */
};

/* Reads under REPEATABLE READ, lets the other session update and commit the row, then updates it: 40001. */
static enum db_status probe_tx(struct db_conn *c, void *arg)
{
	struct probe *p = arg;
	p->attempts++;
	enum db_status st = db_exec_simple(c, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
	if (st != DB_OK)
		return st;
	PGresult *r = db_exec(c, "probe_read", 0, NULL, &st);
	if (!r)
		return st;
	PQclear(r);
	if (p->attempts <= p->interfere_until)
		other_exec("UPDATE salesctl_test_scratch.probe SET v = v + 100 WHERE id = 1");
	r = db_exec(c, "probe_write", 0, NULL, &st);
	if (r)
		PQclear(r);
	return st;
}

static struct db_pool *probe_pool(void)
{
	struct db_pool_options opt = {
		.conninfo = getenv("SALESCTL_TEST_DATABASE_URL"),
		.size = 1,
		.statement_timeout_ms = 5000,
		.statements = probe_sets,
		.application_name = "salesctld-db-test",
	};
	return db_pool_new(&opt);
}

static unsigned long long serialization_failures(struct db_pool *pool)
{
	struct db_pool_stats s;
	db_pool_stats(pool, &s);
	for (int i = 0; i < DB_COUNTED_SQLSTATES; i++)
		if (strcmp(db_counted_sqlstates[i], "40001") == 0)
			return s.errors[i];
	ck_abort_msg("40001 is not counted");
	return 0;
}

START_TEST(serialization_failure_is_retried_and_counted)
{
	struct db_pool *pool = probe_pool();
	struct db_conn *c = db_pool_acquire(pool, 5000);
	ck_assert_ptr_nonnull(c);
	struct probe p = {0, 1};
	ck_assert_int_eq(db_tx_run(c, probe_tx, &p), DB_OK);
	ck_assert_int_eq(p.attempts, 2);
	ck_assert_uint_eq(serialization_failures(pool), 1);
	struct db_pool_stats s;
	db_pool_stats(pool, &s);
	ck_assert_uint_eq(s.retries, 1);
	PGresult *r = PQexec(other, "SELECT v FROM salesctl_test_scratch.probe WHERE id = 1");
	ck_assert_str_eq(PQgetvalue(r, 0, 0), "101");
	PQclear(r);
	db_pool_release(pool, c);
	db_pool_free(pool);
}
END_TEST

START_TEST(serialization_failure_gives_up_after_max_attempts)
{
	struct db_pool *pool = probe_pool();
	struct db_conn *c = db_pool_acquire(pool, 5000);
	ck_assert_ptr_nonnull(c);
	struct probe p = {0, 1000};
	ck_assert_int_eq(db_tx_run(c, probe_tx, &p), DB_RETRY);
	ck_assert_int_eq(p.attempts, DB_MAX_ATTEMPTS);
	ck_assert_uint_eq(serialization_failures(pool), DB_MAX_ATTEMPTS);
	PGresult *r = PQexec(other, "SELECT v FROM salesctl_test_scratch.probe WHERE id = 1");
	ck_assert_int_eq(atoi(PQgetvalue(r, 0, 0)), 100 * DB_MAX_ATTEMPTS);
	PQclear(r);
	db_pool_release(pool, c);
	db_pool_free(pool);
}
END_TEST

Suite *pool_suite(void)
{
	Suite *s = suite_create("db_pool");
	TCase *t = tcase_create("transactions");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, serialization_failure_is_retried_and_counted);
	tcase_add_test(t, serialization_failure_gives_up_after_max_attempts);
	suite_add_tcase(s, t);
	return s;
}
