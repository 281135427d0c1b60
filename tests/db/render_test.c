/*
 * Lists rendered in C (store/render.h) against the SQL function they replace: every task of a list page, as
 * task_render writes it, equals task_json of the same row as JSON values, for titles with quotes, control characters
 * and Cyrillic, NULLs, fractional seconds, and session time zones with whole-hour and half-hour offsets.
 */
#include <check.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

#include "salesctl/store/doc.h"
#include "salesctl/store/instance.h"
#include "salesctl/store/list_sql.h"
#include "salesctl/store/tasks.h"
#include "suites.h"

static void new_id(char out[37])
{
	uuid_t u;
	uuid_generate_random(u);
	uuid_unparse_lower(u, out);
}

static void exec_ok(PGconn *db, const char *sql, int n, const char *const *params)
{
	PGresult *r = PQexecParams(db, sql, n, NULL, params, NULL, NULL, 0);
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK, "%s: %s", sql,
		      PQerrorMessage(db));
	PQclear(r);
}

/* Every item of one page of the owner's task list, compared with task_json of its row; returns the items seen. */
static size_t compare_page(struct db_conn *c, const char *org, const char *owner)
{
	struct list_params p = {.org_id = org, .viewer_id = owner, .role = ROLE_OWNER, .limit = 50};
	struct store_page page;
	ck_assert_int_eq(store_list_page(c, &store_task_list_shape, &p, &page), DB_OK);
	char *array = malloc(strlen(page.items) + 3);
	sprintf(array, "[%s]", page.items);
	json_error_t err;
	json_t *items = json_loads(array, 0, &err);
	ck_assert_msg(items != NULL, "the rendered page is not JSON: %s\n%s", err.text, array);
	size_t i;
	json_t *item;
	json_array_foreach(items, i, item) {
		const char *id = json_string_value(json_object_get(item, "id"));
		const char *params[] = {org, id};
		PGresult *r = PQexecParams(db_conn_pg(c), "SELECT task_json(t)::text FROM tasks t WHERE org_id = $1 AND id = $2",
					   2, NULL, params, NULL, NULL, 0);
		ck_assert_int_eq(PQntuples(r), 1);
		json_t *expected = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
		char *got = json_dumps(item, JSON_SORT_KEYS), *want = json_dumps(expected, JSON_SORT_KEYS);
		ck_assert_msg(json_equal(item, expected), "task %s rendered\n%s\nbut task_json says\n%s", id, got, want);
		free(got);
		free(want);
		json_decref(expected);
		PQclear(r);
	}
	size_t n = json_array_size(items);
	json_decref(items);
	free(array);
	store_page_free(&page);
	return n;
}

START_TEST(tasks_rendered_in_c_equal_task_json)
{
	const char *url = getenv("SALESCTL_TEST_DATABASE_URL");
	struct db_pool_options opt = {.conninfo = url, .size = 1, .statement_timeout_ms = 30000,
				      .statements = store_all_statements, .application_name = "salesctld-render-test"};
	struct db_pool *pool = db_pool_new(&opt);
	struct db_conn *c = db_pool_acquire(pool, 5000);
	ck_assert_msg(c != NULL, "no database connection");
	PGconn *db = db_conn_pg(c);
	char org[37], owner[37], manager[37];
	new_id(org);
	new_id(owner);
	new_id(manager);
	const char *ids[] = {org, owner, manager};
	exec_ok(db, "INSERT INTO orgs (org_id, name) VALUES ($1, 'render')", 1, ids);
	exec_ok(db,
		"INSERT INTO users (org_id, id, name, email, role, timezone, hired_on) VALUES"
		" ($1, $2, 'Owner', 'owner@render.test', 'owner', 'Europe/Moscow', '2026-01-01'),"
		" ($1, $3, 'Менеджер', 'm@render.test', 'manager', 'Europe/Moscow', '2026-01-01')",
		3, ids);
	exec_ok(db,
		"INSERT INTO tasks (org_id, id, title, description, assignee_id, author_id, priority, due_at, control_at,"
		"                   client_ref, status, created_at, completed_at)"
		" SELECT $1, gen_random_uuid(), t.title, t.description, $3, $2, t.priority, t.due_at, t.due_at + interval '1 day',"
		"        t.client_ref, t.status, now() - t.n * interval '1 minute 0.123457 second', t.completed_at"
		" FROM (VALUES"
		"   (1, 'Позвонить \"Ромашке\" \\ снова', NULL, 'high', now() - interval '2 days', NULL, 'new', NULL::timestamptz),"
		"   (2, E'tab\\there, newline\\nthere, bell\\u0007', 'описание ✓ 😀', 'low', now() + interval '3 days', 'CRM-42',"
		"    'done', now()),"
		"   (3, 'round', '', 'normal', '2026-01-15 10:00:00+00', NULL, 'in_progress', NULL),"
		"   (4, 'cancelled', NULL, 'critical', '2026-01-15 10:00:00.5+00', 'x', 'cancelled', NULL)"
		" ) AS t(n, title, description, priority, due_at, client_ref, status, completed_at)",
		3, ids);
	size_t seen = 0;
	static const char *const zones[] = {"SET TimeZone = 'UTC'", "SET TimeZone = 'Asia/Kolkata'",
					    "SET TimeZone = 'America/St_Johns'", "SET TimeZone = 'Europe/Moscow'"};
	for (size_t z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
		exec_ok(db, zones[z], 0, NULL);
		seen += compare_page(c, org, owner);
	}
	exec_ok(db, "RESET TimeZone", 0, NULL);
	printf("rendered in C: %zu tasks in %zu session time zones, each equal to task_json\n", seen,
	       sizeof(zones) / sizeof(zones[0]));
	ck_assert_uint_eq(seen, 16);
	db_pool_release(pool, c);
	db_pool_free(pool);
}
END_TEST

Suite *render_suite(void)
{
	Suite *s = suite_create("render");
	TCase *t = tcase_create("render");
	tcase_add_test(t, tasks_rendered_in_c_equal_task_json);
	suite_add_tcase(s, t);
	return s;
}
