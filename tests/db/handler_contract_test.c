/*
 * The handler contract (api/handler.h) as the transaction runner keeps it, against a real PostgreSQL: whether a POST's
 * work commits is the handler's outcome, never its reply's status; a transient failure runs the handler again and
 * only the reply of the attempt that commits is sent; any other failure rolls back and comes back unanswered, for the
 * dispatcher's one mapping to a problem. The handlers here write one row to a scratch table and say what they did.
 */
#include <check.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "salesctl/api/app.h"
#include "salesctl/api/idempotency.h"
#include "suites.h"

static PGconn *observer;
static struct db_pool *pool;
static struct app app;
static struct request req;
static int attempts;

static void observer_exec(const char *sql)
{
	PGresult *r = PQexec(observer, sql);
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK, "%s: %s", sql, PQerrorMessage(observer));
	PQclear(r);
}

static void setup(void)
{
	observer = PQconnectdb(getenv("SALESCTL_TEST_DATABASE_URL"));
	ck_assert_msg(PQstatus(observer) == CONNECTION_OK, "%s", PQerrorMessage(observer));
	observer_exec("SET client_min_messages = warning");
	observer_exec("CREATE SCHEMA IF NOT EXISTS salesctl_test_contract");
	observer_exec("DROP TABLE IF EXISTS salesctl_test_contract.writes");
	observer_exec("CREATE TABLE salesctl_test_contract.writes (attempt int NOT NULL)");
	static const struct db_stmt none[] = {{NULL, NULL}};
	static const struct db_stmt *const sets[] = {none, NULL};
	struct db_pool_options opt = {
		.conninfo = getenv("SALESCTL_TEST_DATABASE_URL"),
		.size = 1,
		.statement_timeout_ms = 5000,
		.statements = sets,
		.application_name = "salesctld-db-test",
	};
	pool = db_pool_new(&opt);
	ck_assert_ptr_nonnull(pool);
	memset(&app, 0, sizeof(app));
	app.pool = pool;
	app.acquire_timeout_ms = 5000;
	memset(&req, 0, sizeof(req));
	req.app = &app;
	req.method = HTTP_POST;
	req.method_name = "POST";
	req.path = "/v1/contract";
	attempts = 0;
}

static void teardown(void)
{
	reply_reset(&req.reply);
	db_pool_release(pool, req.db);
	db_pool_free(pool);
	observer_exec("DROP SCHEMA salesctl_test_contract CASCADE");
	PQfinish(observer);
}

/* The attempts whose rows were committed, as "1,2" ("" for none). */
static char *committed(void)
{
	PGresult *r = PQexec(observer, "SELECT coalesce(string_agg(attempt::text, ',' ORDER BY attempt), '') "
				       "FROM salesctl_test_contract.writes");
	ck_assert_int_eq(PQresultStatus(r), PGRES_TUPLES_OK);
	char *out = strdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	return out;
}

/* Writes this attempt's row and replies 201 {"attempt": n}. */
static void write_and_reply_created(struct request *r)
{
	attempts++;
	char sql[96], body[32];
	snprintf(sql, sizeof(sql), "INSERT INTO salesctl_test_contract.writes VALUES (%d)", attempts);
	ck_assert_int_eq(db_exec_simple(r->db, sql), DB_OK);
	snprintf(body, sizeof(body), "{\"attempt\":%d}", attempts);
	reply_json(r, 201, strdup(body));
}

static enum db_status succeeds(struct request *r)
{
	write_and_reply_created(r);
	return DB_OK;
}

static enum db_status replies_created_but_refuses(struct request *r)
{
	write_and_reply_created(r);
	return DB_ABORTED;
}

static enum db_status refuses_with_its_problem(struct request *r)
{
	write_and_reply_created(r);
	reply_problem(r, PROBLEM_CONFLICT, "refused after writing");
	return DB_ABORTED;
}

static enum db_status transient_once(struct request *r)
{
	write_and_reply_created(r);
	return attempts == 1 ? DB_RETRY : DB_OK;
}

static enum db_status fails_after_replying(struct request *r)
{
	write_and_reply_created(r);
	return DB_UNIQUE;
}

START_TEST(success_commits_and_sends_its_reply)
{
	ck_assert_int_eq(api_post_run(&req, succeeds), DB_OK);
	ck_assert_int_eq(req.reply.status, 201);
	char *rows = committed();
	ck_assert_str_eq(rows, "1");
	free(rows);
}
END_TEST

START_TEST(the_outcome_decides_the_commit_not_the_reply_status)
{
	ck_assert_int_eq(api_post_run(&req, replies_created_but_refuses), DB_ABORTED);
	char *rows = committed();
	ck_assert_str_eq(rows, "");
	free(rows);
}
END_TEST

START_TEST(a_refusal_rolls_back_and_keeps_its_problem)
{
	ck_assert_int_eq(api_post_run(&req, refuses_with_its_problem), DB_ABORTED);
	ck_assert_int_eq(req.reply.status, 409);
	char *rows = committed();
	ck_assert_str_eq(rows, "");
	free(rows);
}
END_TEST

START_TEST(a_transient_failure_runs_again_and_sends_the_committed_reply)
{
	ck_assert_int_eq(api_post_run(&req, transient_once), DB_OK);
	ck_assert_int_eq(attempts, 2);
	ck_assert_int_eq(req.reply.status, 201);
	ck_assert_str_eq(req.reply.body, "{\"attempt\":2}");
	char *rows = committed();
	ck_assert_str_eq(rows, "2");
	free(rows);
}
END_TEST

START_TEST(a_failure_rolls_back_and_comes_back_unanswered)
{
	ck_assert_int_eq(api_post_run(&req, fails_after_replying), DB_UNIQUE);
	ck_assert_int_eq(attempts, 1);
	ck_assert_int_eq(req.reply.status, 0);
	ck_assert_ptr_null(req.reply.body);
	char *rows = committed();
	ck_assert_str_eq(rows, "");
	free(rows);
}
END_TEST

Suite *handler_contract_suite(void)
{
	Suite *s = suite_create("handler_contract");
	TCase *t = tcase_create("post_runner");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, success_commits_and_sends_its_reply);
	tcase_add_test(t, the_outcome_decides_the_commit_not_the_reply_status);
	tcase_add_test(t, a_refusal_rolls_back_and_keeps_its_problem);
	tcase_add_test(t, a_transient_failure_runs_again_and_sends_the_committed_reply);
	tcase_add_test(t, a_failure_rolls_back_and_comes_back_unanswered);
	suite_add_tcase(s, t);
	return s;
}
