/*
 * The event feed (GET /v1/events) and the events of SPEC §6.3: what the writes of a day emit, in commit order, paged
 * and resumed by cursor; an event committed late by a transaction that began early never falls behind a cursor the
 * client holds; owners only, one organisation's events.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "world.h"

static struct {
	char org[37], team[37];
	struct member owner, head, m;
} E;

static void events_world_build(void)
{
	ck_assert_int_eq(world_org("feedco", E.org, &E.owner), 0);
	ck_assert_int_eq(world_user(&E.owner, "Head", "head@feedco.test", "head", NULL, &E.head), 0);
	ck_assert_int_eq(world_team(&E.owner, "Feed", E.head.id, E.team), 0);
	ck_assert_int_eq(world_user(&E.owner, "Manager", "m@feedco.test", "manager", E.team, &E.m), 0);
}

/* Every event after `after` (NULL: from the first), `limit` at a time; names appended to names (comma-separated),
 * the final cursor into cursor. Returns how many. Alert events are passed over: the scheduler thread of the server
 * under test may open an alert for these people at any time of day. */
static int read_feed(const char *after, int limit, char *names, size_t size, char *cursor, size_t csize)
{
	char current[1024] = "";
	if (after)
		snprintf(current, sizeof(current), "%s", after);
	int n = 0;
	for (;;) {
		char path[1200];
		snprintf(path, sizeof(path), "/v1/events?limit=%d%s%s", limit, current[0] ? "&after=" : "", current);
		struct resp *r = http_get(path, E.owner.token);
		expect_status(r, 200);
		size_t i;
		json_t *ev;
		json_array_foreach(json_object_get(r->json, "items"), i, ev) {
			if (strncmp(json_string_value(json_object_get(ev, "event")), "alert.", 6) == 0)
				continue;
			size_t used = strlen(names);
			snprintf(names + used, size - used, "%s%s", used ? "," : "", json_string_value(json_object_get(ev, "event")));
			n++;
		}
		ck_assert_int_le((int)json_array_size(json_object_get(r->json, "items")), limit);
		const char *next = json_string_value(json_object_get(r->json, "next_cursor"));
		bool more = json_is_true(json_object_get(r->json, "more"));
		if (next)
			snprintf(current, sizeof(current), "%s", next);
		resp_free(r);
		if (!more)
			break;
	}
	snprintf(cursor, csize, "%s", current);
	return n;
}

START_TEST(a_days_writes_in_commit_order_paged_and_resumed)
{
	char names[1024] = "", cursor[1024];
	ck_assert_int_eq(read_feed(NULL, 100, names, sizeof(names), cursor, sizeof(cursor)), 0);

	char body[512], path[256], task[37], report[37];
	snprintf(body, sizeof(body), "{\"title\":\"Позвонить\",\"assignee_id\":\"%s\",\"due_at\":\"2026-12-03T10:00:00Z\"}",
		 E.m.id);
	struct resp *r = http_post("/v1/tasks", E.head.token, body);
	expect_status(r, 201);
	snprintf(task, sizeof(task), "%s", resp_str(r, "id"));
	resp_free(r);
	snprintf(path, sizeof(path), "/v1/tasks/%s/transitions", task);
	r = http_post(path, E.m.token, "{\"to\":\"in_progress\"}");
	expect_status(r, 200);
	resp_free(r);
	r = http_post(path, E.m.token, "{\"to\":\"done\"}");
	expect_status(r, 200);
	resp_free(r);
	r = http_post("/v1/daily-reports", E.m.token, "{\"date\":\"2026-11-30\",\"calls_outbound\":5}");
	expect_status(r, 201);
	snprintf(report, sizeof(report), "%s", resp_str(r, "id"));
	resp_free(r);
	snprintf(path, sizeof(path), "/v1/daily-reports/%s/review", report);
	r = http_post(path, E.head.token, "{\"verdict\":\"accepted\",\"score\":4}");
	expect_status(r, 200);
	resp_free(r);
	snprintf(body, sizeof(body), "{\"manager_id\":\"%s\",\"scheduled_at\":\"2026-12-04T10:00:00+03:00\"}", E.m.id);
	r = http_post("/v1/one-on-ones", E.head.token, body);
	expect_status(r, 201);
	resp_free(r);

	/* Two at a time, resumed from each cursor, then nothing new from the last one. */
	names[0] = '\0';
	char last[1024];
	ck_assert_int_eq(read_feed(NULL, 2, names, sizeof(names), last, sizeof(last)), 5);
	ck_assert_str_eq(names, "task.assigned,task.done,report.submitted,report.reviewed,one_on_one.scheduled");
	names[0] = '\0';
	char again[1024];
	ck_assert_int_eq(read_feed(last, 2, names, sizeof(names), again, sizeof(again)), 0);
	/* An edit that gives the task to no one else is no event; a new task comes after the cursor the client holds. */
	snprintf(path, sizeof(path), "/v1/tasks/%s", task);
	r = http_patch(path, E.head.token, "{\"title\":\"Позвонить ещё раз\"}");
	expect_status(r, 200);
	resp_free(r);
	snprintf(body, sizeof(body), "{\"title\":\"Вторая\",\"assignee_id\":\"%s\",\"due_at\":\"2026-12-05T10:00:00Z\"}",
		 E.m.id);
	r = http_post("/v1/tasks", E.owner.token, body);
	expect_status(r, 201);
	resp_free(r);
	names[0] = '\0';
	ck_assert_int_eq(read_feed(last, 100, names, sizeof(names), again, sizeof(again)), 1);
	ck_assert_str_eq(names, "task.assigned");
}
END_TEST

START_TEST(an_early_transaction_committing_late_is_not_skipped)
{
	char names[1024] = "", start[1024];
	read_feed(NULL, 1000, names, sizeof(names), start, sizeof(start));
	/* A transaction begins and writes an event, and stays open while the API commits one of its own. */
	PGconn *early = PQconnectdb(getenv("SALESCTL_TEST_DATABASE_URL"));
	ck_assert_msg(PQstatus(early) == CONNECTION_OK, "%s", PQerrorMessage(early));
	PGresult *res = PQexec(early, "BEGIN");
	PQclear(res);
	const char *params[] = {E.org};
	res = PQexecParams(early, "SELECT webhook_enqueue($1::uuid, 'task.done', '{\"early\":true}'::json)", 1, NULL,
			   params, NULL, NULL, 0);
	ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "%s", PQerrorMessage(early));
	PQclear(res);
	char body[512];
	snprintf(body, sizeof(body), "{\"title\":\"Поздняя\",\"assignee_id\":\"%s\",\"due_at\":\"2026-12-05T10:00:00Z\"}",
		 E.m.id);
	struct resp *r = http_post("/v1/tasks", E.head.token, body);
	expect_status(r, 201);
	resp_free(r);
	/* The later event is committed, but the feed holds it back while the earlier transaction may still commit. */
	char cursor[1024];
	names[0] = '\0';
	ck_assert_int_eq(read_feed(start, 100, names, sizeof(names), cursor, sizeof(cursor)), 0);
	res = PQexec(early, "COMMIT");
	PQclear(res);
	PQfinish(early);
	names[0] = '\0';
	ck_assert_int_eq(read_feed(cursor, 100, names, sizeof(names), cursor, sizeof(cursor)), 2);
	ck_assert_str_eq(names, "task.done,task.assigned");
}
END_TEST

START_TEST(owners_only_and_their_own_organisation)
{
	struct resp *r = http_get("/v1/events", E.head.token);
	expect_status(r, 403);
	resp_free(r);
	r = http_get("/v1/events?limit=0&after=x&extra=1", E.owner.token);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "limit"));
	ck_assert(resp_has_error_field(r, "extra"));
	resp_free(r);
	r = http_get("/v1/events?after=bm90LWEtY3Vyc29y", E.owner.token);
	expect_status(r, 400);
	ck_assert_str_eq(resp_code(r), "invalid_cursor");
	resp_free(r);
	/* Another organisation's feed has none of these: its own task only. */
	struct member o;
	char org[37];
	ck_assert_int_eq(world_org("otherfeed", org, &o), 0);
	r = http_get("/v1/events?limit=1000", o.token);
	expect_status(r, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 0);
	ck_assert(json_is_null(json_object_get(r->json, "next_cursor")));
	resp_free(r);
	/* A cursor of E's feed means nothing to another organisation but its position: nothing of E's shows. */
	char names[1024] = "", cursor[1024];
	read_feed(NULL, 1000, names, sizeof(names), cursor, sizeof(cursor));
	char path[1200];
	snprintf(path, sizeof(path), "/v1/events?after=%s", cursor);
	r = http_get(path, o.token);
	expect_status(r, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 0);
	resp_free(r);
}
END_TEST

/* Events older than 90 days are deleted by the scheduler pass; a client whose cursor lies before the deleted ones
 * is told it missed events (410 cursor_expired), a cursor past them goes on. A pass at a future as_of ages them. */
START_TEST(a_cursor_before_events_deleted_for_age_is_expired)
{
	struct member o, h, m;
	char org[37], team[37], body[256], cursor[1024] = "", path[1200];
	ck_assert_int_eq(world_org("agedco", org, &o), 0);
	ck_assert_int_eq(world_user(&o, "Head", "head@agedco.test", "head", NULL, &h), 0);
	ck_assert_int_eq(world_team(&o, "Aged", h.id, team), 0);
	ck_assert_int_eq(world_user(&o, "Manager", "m@agedco.test", "manager", team, &m), 0);
	for (int i = 0; i < 2; i++) {
		snprintf(body, sizeof(body), "{\"title\":\"Старое %d\",\"assignee_id\":\"%s\",\"due_at\":\"2030-01-01T10:00:00Z\"}",
			 i, m.id);
		struct resp *r = http_post("/v1/tasks", h.token, body);
		expect_status(r, 201);
		resp_free(r);
	}
	struct resp *r = http_get("/v1/events?limit=1", o.token);
	expect_status(r, 200);
	ck_assert(json_is_true(json_object_get(r->json, "more")));
	snprintf(cursor, sizeof(cursor), "%s", resp_str(r, "next_cursor"));
	resp_free(r);

	time_t later = time(NULL) + 91 * 86400;
	struct tm tm;
	gmtime_r(&later, &tm);
	char as_of[32];
	strftime(as_of, sizeof(as_of), "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(body, sizeof(body), "{\"as_of\":\"%s\"}", as_of);
	r = http_post("/v1/admin/scheduler/run", o.token, body);
	expect_status(r, 200);
	resp_free(r);

	snprintf(path, sizeof(path), "/v1/events?after=%s", cursor);
	r = http_get(path, o.token);
	expect_status(r, 410);
	ck_assert_str_eq(resp_code(r), "cursor_expired");
	resp_free(r);
	/* Read again from the start: only what is kept, and its cursor goes on. */
	r = http_get("/v1/events?limit=100", o.token);
	expect_status(r, 200);
	size_t i;
	json_t *ev;
	json_array_foreach(json_object_get(r->json, "items"), i, ev)
		ck_assert_str_ne(json_string_value(json_object_get(ev, "event")), "task.assigned");
	const char *next = json_string_value(json_object_get(r->json, "next_cursor"));
	if (next) {
		snprintf(path, sizeof(path), "/v1/events?after=%s", next);
		resp_free(r);
		r = http_get(path, o.token);
		expect_status(r, 200);
	}
	resp_free(r);
}
END_TEST

Suite *events_suite(void)
{
	Suite *s = suite_create("events");
	TCase *t = tcase_create("feed");
	tcase_add_unchecked_fixture(t, events_world_build, NULL);
	tcase_add_test(t, a_days_writes_in_commit_order_paged_and_resumed);
	tcase_add_test(t, an_early_transaction_committing_late_is_not_skipped);
	tcase_add_test(t, owners_only_and_their_own_organisation);
	tcase_add_test(t, a_cursor_before_events_deleted_for_age_is_expired);
	suite_add_tcase(s, t);
	return s;
}
