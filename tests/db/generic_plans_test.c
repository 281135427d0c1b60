/*
 * Every statement limited to the viewer's reach (store/reach.h) and every list shape (store/list_sql.h), composed for
 * each role, planned the way a long-lived connection runs it: plan_cache_mode = force_generic_plan, so the plan
 * cannot lean on the values of one request. Each plan is read with sequential scans priced out (enable_seqscan =
 * off: a Seq Scan that remains means no index serves that table) and must have none, and no condition that runs a
 * subquery per row (a SubPlan in a Filter or an index condition; an InitPlan, run once, is what the reach arrays
 * are). The visibility functions that once did this per row are dropped by migration 0020, so no statement can call
 * them. The owner's texts are also run (EXPLAIN ANALYZE, BUFFERS) inside a transaction rolled back, so a statement
 * that only fails when executed fails here too.
 */
#include <check.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

#include "salesctl/core/buf.h"
#include "salesctl/store/instance.h"
#include "salesctl/store/list_sql.h"
#include "salesctl/store/reach.h"
#include "suites.h"

static const enum role roles[] = {ROLE_OWNER, ROLE_HEAD, ROLE_MANAGER};

static void exec_ok(PGconn *db, const char *sql)
{
	PGresult *r = PQexec(db, sql);
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK, "%s: %s", sql,
		      PQerrorMessage(db));
	PQclear(r);
}

/* A problem with the plan, or NULL: a sequential scan, or a per-row subquery in a condition. */
static const char *plan_problem(const char *plan)
{
	if (strstr(plan, "Seq Scan"))
		return "a sequential scan";
	for (const char *line = plan; *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char text[4096];
		snprintf(text, sizeof(text), "%.*s", (int)(len < sizeof(text) - 1 ? len : sizeof(text) - 1), line);
		if ((strstr(text, "Filter:") || strstr(text, "Cond:")) && strstr(text, "SubPlan"))
			return "a subquery run per row in a condition";
		line = end ? end + 1 : line + len;
	}
	return NULL;
}

/* Prepares sql as "p", EXPLAINs an execution with values (NULL where absent), and checks the plan. */
static void check_plan(PGconn *db, const char *what, const char *sql, int nparams, const char *const *values,
		       bool analyze)
{
	PGresult *r = PQprepare(db, "p", sql, 0, NULL);
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK, "%s: %s\n%s", what, PQerrorMessage(db), sql);
	PQclear(r);
	struct buf b = BUF_INIT;
	buf_printf(&b, "EXPLAIN (%s) EXECUTE p", analyze ? "ANALYZE, BUFFERS" : "COSTS OFF");
	for (int i = 0; i < nparams; i++) {
		/* The test's own uuids and numbers, never input: no quoting is needed. */
		if (values[i])
			buf_printf(&b, "%s'%s'", i ? ", " : "(", values[i]);
		else
			buf_printf(&b, "%sNULL", i ? ", " : "(");
	}
	buf_puts(&b, nparams ? ")" : "");
	char *explain = buf_steal(&b);
	if (analyze)
		exec_ok(db, "BEGIN");
	r = PQexec(db, explain);
	ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK, "%s: %s\n%s", what, PQerrorMessage(db), sql);
	struct buf plan = BUF_INIT;
	for (int i = 0; i < PQntuples(r); i++)
		buf_printf(&plan, "%s\n", PQgetvalue(r, i, 0));
	PQclear(r);
	if (analyze)
		exec_ok(db, "ROLLBACK");
	const char *problem = plan_problem(plan.data);
	ck_assert_msg(!problem, "%s: %s under a generic plan\n%s\n%s", what, problem, sql, plan.data);
	buf_free(&plan);
	free(explain);
	exec_ok(db, "DEALLOCATE p");
}

static void new_id(char out[37])
{
	uuid_t u;
	uuid_generate_random(u);
	uuid_unparse_lower(u, out);
}

START_TEST(reach_and_lists_are_index_scans_under_generic_plans)
{
	PGconn *db = PQconnectdb(getenv("SALESCTL_TEST_DATABASE_URL"));
	ck_assert_msg(PQstatus(db) == CONNECTION_OK, "%s", PQerrorMessage(db));
	exec_ok(db, "SET plan_cache_mode = force_generic_plan");
	exec_ok(db, "SET enable_seqscan = off");
	char org[37], viewer[37], parent[37];
	new_id(org);
	new_id(viewer);
	new_id(parent);
	int statements = 0, lists = 0, plans = 0;

	for (const struct reach_stmt *const *const *table = store_all_reach_statements; *table; table++) {
		for (const struct reach_stmt *const *s = *table; *s; s++) {
			statements++;
			for (size_t k = 0; k < sizeof(roles) / sizeof(roles[0]); k++) {
				struct reach_sql q;
				ck_assert_int_eq(reach_sql_compose(*s, roles[k], &q), 0);
				const char *values[REACH_STMT_MAX_PARAMS] = {NULL};
				for (int i = 0; i < q.nparams; i++)
					values[i] = q.names[i] == 'O' ? org : q.names[i] == 'V' ? viewer : NULL;
				char what[96];
				snprintf(what, sizeof(what), "%s as %s", (*s)->name, role_name(roles[k]));
				check_plan(db, what, q.sql, q.nparams, values, roles[k] == ROLE_OWNER);
				plans++;
				reach_sql_free(&q);
			}
		}
	}

	for (const struct list_shape *const *shape = store_all_list_shapes; *shape; shape++) {
		lists++;
		for (size_t sort = 0; sort < (*shape)->nsorts; sort++) {
			for (size_t k = 0; k < sizeof(roles) / sizeof(roles[0]); k++) {
				for (int total = 0; total < 2; total++) {
					struct list_params p = {.org_id = org,
								.viewer_id = viewer,
								.role = roles[k],
								.parent_id = parent,
								.sort = sort,
								.limit = 50,
								.total = total};
					struct list_sql q;
					ck_assert_int_eq(list_sql_compose(*shape, &p, &q), 0);
					char what[128];
					snprintf(what, sizeof(what), "list of %s by %s as %s%s", (*shape)->table,
						 (*shape)->sorts[sort].name, role_name(roles[k]), total ? " with its total" : "");
					check_plan(db, what, q.sql, q.nparams, q.params, roles[k] == ROLE_OWNER && !total);
					plans++;
					list_sql_free(&q);
				}
			}
		}
	}
	printf("generic plans: %d statements limited to the viewer's reach and %d list shapes (every sort, with and "
	       "without the total), %d plans for owner, head and manager: no sequential scan, no per-row subquery in a "
	       "condition\n",
	       statements, lists, plans);
	ck_assert_int_gt(statements, 20);
	ck_assert_int_gt(lists, 10);
	PQfinish(db);
}
END_TEST

Suite *generic_plans_suite(void)
{
	Suite *s = suite_create("generic_plans");
	TCase *t = tcase_create("generic_plans");
	tcase_set_timeout(t, 120);
	tcase_add_test(t, reach_and_lists_are_index_scans_under_generic_plans);
	suite_add_tcase(s, t);
	return s;
}
