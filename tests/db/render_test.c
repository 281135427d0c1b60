/*
 * Resources rendered in C (store/render.h) against the SQL function they replace: every task and every call log of
 * a list page, as the store writes it, equals task_json or call_log_json of the same row as JSON values, for texts
 * with quotes, control characters and Cyrillic, NULLs, fractional seconds, a call with its review, and session time
 * zones with whole-hour and half-hour offsets; a task and a call read alone (store_task_get, store_call_get)
 * likewise, the task with its version.
 */
#include <check.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

#include "salesctl/store/call_logs.h"
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

/* item equals the JSON that sql (the SQL function for the row of org $1 and id $2) returns for the same row. */
static void compare_item(PGconn *db, const char *org, json_t *item, const char *sql)
{
	const char *id = json_string_value(json_object_get(item, "id"));
	ck_assert_msg(id != NULL, "an item without an id");
	const char *params[] = {org, id};
	PGresult *r = PQexecParams(db, sql, 2, NULL, params, NULL, NULL, 0);
	ck_assert_int_eq(PQntuples(r), 1);
	json_t *expected = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
	char *got = json_dumps(item, JSON_SORT_KEYS), *want = json_dumps(expected, JSON_SORT_KEYS);
	ck_assert_msg(json_equal(item, expected), "%s rendered\n%s\nbut %s says\n%s", id, got, sql, want);
	free(got);
	free(want);
	json_decref(expected);
	PQclear(r);
}

/* A document read alone equals the SQL function's JSON of its row; frees it. */
static void compare_doc(PGconn *db, const char *org, struct store_doc *doc, const char *sql)
{
	ck_assert_msg(doc->json != NULL, "the row was not found");
	json_t *item = json_loads(doc->json, 0, NULL);
	ck_assert_msg(item != NULL, "not JSON: %s", doc->json);
	compare_item(db, org, item, sql);
	json_decref(item);
	store_doc_free(doc);
}

static struct principal owner_of(const char *org, const char *owner)
{
	struct principal p = {.role = ROLE_OWNER};
	snprintf(p.org_id, sizeof(p.org_id), "%s", org);
	snprintf(p.user_id, sizeof(p.user_id), "%s", owner);
	return p;
}

/* Every item of one page of shape's list as the owner sees it, compared by sql; returns the items seen. */
static size_t compare_page(struct db_conn *c, const struct list_shape *shape, const char *org, const char *owner,
			   const char *sql)
{
	struct list_params p = {.org_id = org, .viewer_id = owner, .role = ROLE_OWNER, .limit = 50};
	struct store_page page;
	ck_assert_int_eq(store_list_page(c, shape, &p, &page), DB_OK);
	char *array = malloc(strlen(page.items) + 3);
	sprintf(array, "[%s]", page.items);
	json_error_t err;
	json_t *items = json_loads(array, 0, &err);
	ck_assert_msg(items != NULL, "the rendered page is not JSON: %s\n%s", err.text, array);
	size_t i;
	json_t *item;
	json_array_foreach(items, i, item)
		compare_item(db_conn_pg(c), org, item, sql);
	size_t n = json_array_size(items);
	json_decref(items);
	free(array);
	store_page_free(&page);
	return n;
}

/* The session time zones a list is read in: whole-hour and half-hour offsets. */
static const char *const zones[] = {"SET TimeZone = 'UTC'", "SET TimeZone = 'Asia/Kolkata'",
				    "SET TimeZone = 'America/St_Johns'", "SET TimeZone = 'Europe/Moscow'"};
#define NZONES (sizeof(zones) / sizeof(zones[0]))

/* compare_page in each of the zones; returns the items seen in all. */
static size_t compare_in_zones(struct db_conn *c, const struct list_shape *shape, const char *org, const char *owner,
			       const char *sql)
{
	size_t seen = 0;
	for (size_t z = 0; z < NZONES; z++) {
		exec_ok(db_conn_pg(c), zones[z], 0, NULL);
		seen += compare_page(c, shape, org, owner, sql);
	}
	exec_ok(db_conn_pg(c), "RESET TimeZone", 0, NULL);
	return seen;
}

/* A new organisation with an owner and a manager in manager_zone (ids into org, owner, manager), on the one
 * connection of a new pool (*pool). */
static struct db_conn *render_world(struct db_pool **pool, char org[37], char owner[37], char manager[37],
				    const char *manager_zone)
{
	const char *url = getenv("SALESCTL_TEST_DATABASE_URL");
	struct db_pool_options opt = {.conninfo = url, .size = 1, .statement_timeout_ms = 30000,
				      .statements = store_all_statements, .application_name = "salesctld-render-test"};
	*pool = db_pool_new(&opt);
	struct db_conn *c = db_pool_acquire(*pool, 5000);
	ck_assert_msg(c != NULL, "no database connection");
	new_id(org);
	new_id(owner);
	new_id(manager);
	const char *params[] = {org, owner, manager, manager_zone};
	exec_ok(db_conn_pg(c), "INSERT INTO orgs (org_id, name, effective_call_seconds) VALUES ($1, 'render', 45)", 1,
		params);
	exec_ok(db_conn_pg(c),
		"INSERT INTO users (org_id, id, name, email, role, timezone, hired_on) VALUES"
		" ($1, $2, 'Owner', 'owner@render.test', 'owner', 'Europe/Moscow', '2026-01-01'),"
		" ($1, $3, 'Менеджер', 'm@render.test', 'manager', $4, '2026-01-01')",
		4, params);
	return c;
}

START_TEST(tasks_rendered_in_c_equal_task_json)
{
	struct db_pool *pool;
	char org[37], owner[37], manager[37];
	struct db_conn *c = render_world(&pool, org, owner, manager, "Europe/Moscow");
	PGconn *db = db_conn_pg(c);
	const char *ids[] = {org, owner, manager};
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
	size_t seen = compare_in_zones(c, &store_task_list_shape, org, owner,
				       "SELECT task_json(t)::text FROM tasks t WHERE org_id = $1 AND id = $2");
	printf("rendered in C: %zu tasks in %zu session time zones, each equal to task_json\n", seen, NZONES);
	ck_assert_uint_eq(seen, 16);

	/* One task alone, as GET /v1/tasks/{id} reads it, with the version its ETag carries. */
	PGresult *r = PQexecParams(db, "SELECT id, version FROM tasks WHERE org_id = $1 AND title = 'round'", 1, NULL, ids,
				   NULL, NULL, 0);
	ck_assert_int_eq(PQntuples(r), 1);
	struct principal viewer = owner_of(org, owner);
	struct store_doc doc;
	ck_assert_int_eq(store_task_get(c, &viewer, PQgetvalue(r, 0, 0), &doc), DB_OK);
	ck_assert_int_eq(doc.version, atoi(PQgetvalue(r, 0, 1)));
	PQclear(r);
	compare_doc(db, org, &doc, "SELECT task_json(t)::text FROM tasks t WHERE org_id = $1 AND id = $2");
	db_pool_release(pool, c);
	db_pool_free(pool);
}
END_TEST

static const char *const call_log_json_sql = "SELECT call_log_json(c)::text FROM call_logs c WHERE org_id = $1 AND id = $2";

START_TEST(call_logs_rendered_in_c_equal_call_log_json)
{
	struct db_pool *pool;
	char org[37], owner[37], manager[37];
	struct db_conn *c = render_world(&pool, org, owner, manager, "Asia/Kolkata");
	PGconn *db = db_conn_pg(c);
	const char *ids[] = {org, owner, manager};
	exec_ok(db,
		"INSERT INTO call_logs (org_id, id, manager_id, direction, started_at, duration_s, phone, client_ref, outcome,"
		"                       external_id, recording_url, notes, local_date)"
		" SELECT $1, gen_random_uuid(), $2, t.direction, t.started_at, t.duration_s, t.phone, t.client_ref, t.outcome,"
		"        t.external_id, t.recording_url, t.notes, (t.started_at AT TIME ZONE 'Asia/Kolkata')::date"
		" FROM (VALUES"
		"   ('outbound', '2026-01-15 10:00:00+00'::timestamptz, 45, '+7 (495) 123-45-67', 'CRM-1', 'talked', 'ext-1',"
		"    'https://rec.example/1?a=1&b=\"2\"', 'Клиент «Ромашка» \\ перезвонить'),"
		"   ('inbound', '2026-01-15 18:45:00.123457+00', 44, NULL, NULL, NULL, NULL, NULL, NULL),"
		"   ('outbound', '2026-01-16 23:59:59.5+00', 0, '', '', 'no_answer', 'ext-3', '', E'tab\\there\\nbell\\u0007 😀')"
		" ) AS t(direction, started_at, duration_s, phone, client_ref, outcome, external_id, recording_url, notes)",
		2, (const char *const[]){org, manager});
	exec_ok(db,
		"INSERT INTO call_reviews (org_id, call_id, reviewer_id, score, checklist, comment, reviewed_at)"
		" SELECT $1, id, $2, 80, '{\"greeting\": true, \"needs\": false, \"note\": \"«да»\"}', 'Хорошо, но \"быстро\"',"
		"        '2026-01-17 09:30:00.25+00'"
		" FROM call_logs WHERE org_id = $1 AND external_id = 'ext-1'",
		2, ids);
	size_t seen = compare_in_zones(c, &store_call_list_shape, org, owner, call_log_json_sql);
	ck_assert_uint_eq(seen, 3 * NZONES);

	/* One call alone, the reviewed one, as GET /v1/call-logs/{id} reads it. */
	PGresult *r = PQexecParams(db, "SELECT id FROM call_logs WHERE org_id = $1 AND external_id = 'ext-1'", 1, NULL,
				   ids, NULL, NULL, 0);
	ck_assert_int_eq(PQntuples(r), 1);
	struct principal viewer = owner_of(org, owner);
	struct store_doc doc;
	ck_assert_int_eq(store_call_get(c, &viewer, PQgetvalue(r, 0, 0), &doc), DB_OK);
	PQclear(r);
	ck_assert_msg(doc.json && strstr(doc.json, "\"review\":{"), "the review is missing: %s", doc.json);
	compare_doc(db, org, &doc, call_log_json_sql);
	printf("rendered in C: %zu call logs in %zu session time zones and one read alone, each equal to call_log_json\n",
	       seen, NZONES);
	db_pool_release(pool, c);
	db_pool_free(pool);
}
END_TEST

Suite *render_suite(void)
{
	Suite *s = suite_create("render");
	TCase *t = tcase_create("render");
	tcase_add_test(t, tasks_rendered_in_c_equal_task_json);
	tcase_add_test(t, call_logs_rendered_in_c_equal_call_log_json);
	suite_add_tcase(s, t);
	return s;
}
