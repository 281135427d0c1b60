/* Call logs: logging, external_id idempotency, local dates, batches (and their wait in the bulk lane), the review
 * sample and reviews. */
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "world.h"

static struct resp *log_call(const struct member *who, const char *manager_id, const char *started_at, int duration,
			     const char *external_id)
{
	char body[512], manager[80] = "";
	if (manager_id)
		snprintf(manager, sizeof(manager), "\"manager_id\":\"%s\",", manager_id);
	if (external_id)
		snprintf(body, sizeof(body),
			 "{%s\"direction\":\"outbound\",\"started_at\":\"%s\",\"duration_s\":%d,\"external_id\":\"%s\","
			 "\"outcome\":\"talked\",\"phone\":\"+79161234567\"}",
			 manager, started_at, duration, external_id);
	else
		snprintf(body, sizeof(body), "{%s\"direction\":\"inbound\",\"started_at\":\"%s\",\"duration_s\":%d}",
			 manager, started_at, duration);
	return http_post("/v1/call-logs", who->token, body);
}

START_TEST(log_and_repeat_external_id)
{
	struct resp *a = log_call(&W.m1, NULL, "2026-11-02T08:00:00Z", 45, "pbx-a-1");
	expect_status(a, 201);
	ck_assert_str_eq(resp_str(a, "manager_id"), W.m1.id);
	ck_assert(json_is_true(json_object_get(a->json, "effective")));
	ck_assert(json_is_null(json_object_get(a->json, "review")));
	struct resp *b = log_call(&W.m1, NULL, "2026-11-02T08:00:00Z", 45, "pbx-a-1");
	expect_status(b, 200);
	ck_assert_str_eq(resp_str(a, "id"), resp_str(b, "id"));
	/* A manager who cannot see that call gets a conflict, not the call. */
	struct resp *c = log_call(&W.m2, NULL, "2026-11-02T08:00:00Z", 45, "pbx-a-1");
	expect_status(c, 409);
	struct resp *short_call = log_call(&W.m1, NULL, "2026-11-02T08:05:00Z", 29, NULL);
	expect_status(short_call, 201);
	ck_assert(json_is_false(json_object_get(short_call->json, "effective")));
	resp_free(a);
	resp_free(b);
	resp_free(c);
	resp_free(short_call);
}
END_TEST

START_TEST(local_date_is_the_managers)
{
	/* 21:30 UTC on the 31st is 00:30 on the 1st in Moscow. */
	struct resp *r = log_call(&W.m1, NULL, "2026-10-31T21:30:00Z", 60, NULL);
	expect_status(r, 201);
	ck_assert_str_eq(resp_str(r, "local_date"), "2026-11-01");
	resp_free(r);
	r = log_call(&W.m1, NULL, "2026-10-31T20:59:59Z", 60, NULL);
	ck_assert_str_eq(resp_str(r, "local_date"), "2026-10-31");
	resp_free(r);
}
END_TEST

START_TEST(who_logs_for_whom)
{
	struct resp *r = log_call(&W.m1, W.m2.id, "2026-11-02T09:00:00Z", 60, NULL);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "manager_id"));
	resp_free(r);
	r = log_call(&W.head1, W.m3.id, "2026-11-02T09:00:00Z", 60, NULL);
	expect_status(r, 422);
	resp_free(r);
	r = log_call(&W.owner_b, W.m1.id, "2026-11-02T09:00:00Z", 60, NULL);
	expect_status(r, 422);
	resp_free(r);
	r = log_call(&W.head1, W.m2.id, "2026-11-02T09:00:00Z", 60, NULL);
	expect_status(r, 201);
	char path[128];
	snprintf(path, sizeof(path), "/v1/call-logs/%s", resp_str(r, "id"));
	resp_free(r);
	r = http_get(path, W.m2.token);
	expect_status(r, 200);
	resp_free(r);
	const struct member *blind[] = {&W.m1, &W.head2, &W.owner_b};
	for (size_t i = 0; i < 3; i++) {
		r = http_get(path, blind[i]->token);
		expect_status(r, 404);
		resp_free(r);
	}
}
END_TEST

START_TEST(create_lists_every_bad_field)
{
	struct resp *r = http_post("/v1/call-logs", W.m1.token,
				   "{\"direction\":\"up\",\"started_at\":\"2026-11-02\",\"duration_s\":86401,"
				   "\"outcome\":\"won\",\"external_id\":\"\",\"manager_id\":\"nope\",\"mood\":1}");
	expect_status(r, 422);
	const char *fields[] = {"direction", "started_at", "duration_s", "outcome", "external_id", "manager_id", "mood"};
	for (size_t i = 0; i < 7; i++)
		ck_assert_msg(resp_has_error_field(r, fields[i]), "no error for %s: %s", fields[i], r->body);
	resp_free(r);
}
END_TEST

static size_t count_calls(const struct member *who, const char *manager_id)
{
	size_t total = 0;
	char next[512] = "";
	for (int pages = 0; pages < 20; pages++) {
		char q[800];
		snprintf(q, sizeof(q), "/v1/call-logs?manager_id=%s&limit=200%s%s", manager_id, next[0] ? "&cursor=" : "",
			 next);
		struct resp *r = http_get(q, who->token);
		expect_status(r, 200);
		total += json_array_size(json_object_get(r->json, "items"));
		json_t *nc = json_object_get(r->json, "next_cursor");
		snprintf(next, sizeof(next), "%s", json_is_string(nc) ? json_string_value(nc) : "");
		resp_free(r);
		if (!next[0])
			break;
	}
	return total;
}

static char *batch_body(const char *manager_id, int n, int bad_every)
{
	size_t cap = (size_t)n * 220 + 64;
	char *b = malloc(cap);
	size_t used = (size_t)snprintf(b, cap, "{\"items\":[");
	for (int i = 0; i < n; i++) {
		if (bad_every && i % bad_every == bad_every - 1)
			used += (size_t)snprintf(b + used, cap - used, "%s{\"direction\":\"outbound\",\"duration_s\":-5}",
						 i ? "," : "");
		else
			used += (size_t)snprintf(b + used, cap - used,
						 "%s{\"manager_id\":\"%s\",\"direction\":\"outbound\","
						 "\"started_at\":\"2026-11-03T%02d:%02d:00Z\",\"duration_s\":%d,"
						 "\"external_id\":\"batch-%d\"}",
						 i ? "," : "", manager_id, 5 + i / 60 % 12, i % 60, i % 90, i);
	}
	snprintf(b + used, cap - used, "]}");
	return b;
}

START_TEST(batch_of_1000_with_10_bad_items)
{
	struct member u;
	ck_assert_int_eq(world_user(&W.owner_a, "Batch Manager", "batch@alpha.test", "manager", W.team1, &u), 0);
	char *body = batch_body(u.id, 1000, 100);
	struct resp *r = http_post("/v1/call-logs/batch", W.owner_a.token, body);
	expect_status(r, 200);
	json_t *items = json_object_get(r->json, "items");
	ck_assert_uint_eq(json_array_size(items), 1000);
	int created = 0, errors = 0;
	size_t i;
	json_t *it;
	char last_ms[14] = "";   /* the ids are time-ordered: version 7, milliseconds first, never going back */
	json_array_foreach(items, i, it) {
		ck_assert_int_eq(json_expect_integer(it, "index"), (json_int_t)i);
		const char *st = json_string_value(json_object_get(it, "status"));
		if (strcmp(st, "created") == 0) {
			created++;
			const char *id = json_string_value(json_object_get(it, "id"));
			ck_assert_ptr_nonnull(id);
			ck_assert_int_eq(strlen(id), 36);
			ck_assert_int_eq(id[14], '7');
			ck_assert_msg(strncmp(last_ms, id, 13) <= 0, "id %s comes before %s", id, last_ms);
			snprintf(last_ms, sizeof(last_ms), "%.13s", id);
		}
		if (strcmp(st, "error") == 0) {
			errors++;
			ck_assert_int_eq(i % 100, 99);
			json_t *err = json_object_get(it, "error");
			ck_assert_str_eq(json_string_value(json_object_get(err, "code")), "validation_failed");
			ck_assert_uint_eq(json_array_size(json_object_get(err, "errors")), 2); /* started_at, duration_s */
		}
	}
	ck_assert_int_eq(created, 990);
	ck_assert_int_eq(errors, 10);
	resp_free(r);
	ck_assert_uint_eq(count_calls(&W.owner_a, u.id), 990);

	/* The same batch again creates nothing: every valid item is "existing" with the same id. */
	struct resp *again = http_post("/v1/call-logs/batch", W.owner_a.token, body);
	expect_status(again, 200);
	int existing = 0;
	json_array_foreach(json_object_get(again->json, "items"), i, it)
		existing += strcmp(json_string_value(json_object_get(it, "status")), "existing") == 0;
	ck_assert_int_eq(existing, 990);
	resp_free(again);
	ck_assert_uint_eq(count_calls(&W.owner_a, u.id), 990);
	free(body);
}
END_TEST

START_TEST(batch_limits_and_reach)
{
	char *body = batch_body(W.m1.id, 1001, 0);
	struct resp *r = http_post("/v1/call-logs/batch", W.owner_a.token, body);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "items"));
	resp_free(r);
	free(body);
	r = http_post("/v1/call-logs/batch", W.owner_a.token, "{\"items\":{},\"extra\":1}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "items"));
	ck_assert(resp_has_error_field(r, "extra"));
	resp_free(r);
	/* A head's batch for a manager of another team: that item fails, the others are stored. */
	char b2[1024];
	snprintf(b2, sizeof(b2),
		 "{\"items\":[{\"manager_id\":\"%s\",\"direction\":\"outbound\",\"started_at\":\"2026-11-04T08:00:00Z\","
		 "\"duration_s\":40},{\"manager_id\":\"%s\",\"direction\":\"outbound\","
		 "\"started_at\":\"2026-11-04T08:00:00Z\",\"duration_s\":40}]}",
		 W.m3.id, W.m2.id);
	r = http_post("/v1/call-logs/batch", W.head1.token, b2);
	expect_status(r, 200);
	json_t *items = json_object_get(r->json, "items");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 0), "status")), "error");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 1), "status")), "created");
	resp_free(r);
}
END_TEST

START_TEST(sample_and_review)
{
	struct member u;
	ck_assert_int_eq(world_user(&W.owner_a, "Sampled", "sampled@alpha.test", "manager", W.team1, &u), 0);
	for (int i = 0; i < 6; i++) {
		char at[40];
		snprintf(at, sizeof(at), "2026-11-05T0%d:00:00Z", i + 1);
		struct resp *r = log_call(&W.owner_a, u.id, at, i < 4 ? 120 : 10, NULL);
		expect_status(r, 201);
		resp_free(r);
	}
	char q[256];
	snprintf(q, sizeof(q), "/v1/call-logs/sample?manager_id=%s&date=2026-11-05&n=10", u.id);
	struct resp *s = http_get(q, W.head1.token);
	expect_status(s, 200);
	json_t *items = json_object_get(s->json, "items");
	ck_assert_uint_eq(json_array_size(items), 4); /* only the effective ones */
	char id[37];
	snprintf(id, sizeof(id), "%s", json_string_value(json_object_get(json_array_get(items, 0), "id")));
	resp_free(s);

	char path[128];
	snprintf(path, sizeof(path), "/v1/call-logs/%s/review", id);
	const char *review = "{\"score\":85,\"checklist\":{\"greeting\":true,\"needs_identified\":true,"
			     "\"presentation\":true,\"objections_handled\":false,\"next_step\":true},\"comment\":\"Хорошо\"}";
	struct resp *r = http_post(path, u.token, review);
	expect_status(r, 403);
	resp_free(r);
	r = http_post(path, W.head2.token, review);
	expect_status(r, 404);
	resp_free(r);
	r = http_post(path, W.head1.token, "{\"score\":101,\"checklist\":{\"greeting\":\"yes\"}}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "score"));
	ck_assert(resp_has_error_field(r, "checklist.greeting"));
	ck_assert(resp_has_error_field(r, "checklist.next_step"));
	resp_free(r);
	r = http_post(path, W.head1.token, review);
	expect_status(r, 200);
	json_t *rv = json_object_get(r->json, "review");
	ck_assert_int_eq(json_expect_integer(rv, "score"), 85);
	ck_assert_str_eq(json_string_value(json_object_get(rv, "reviewer_id")), W.head1.id);
	ck_assert(json_is_false(json_object_get(json_object_get(rv, "checklist"), "objections_handled")));
	resp_free(r);

	s = http_get(q, W.owner_a.token);
	ck_assert_uint_eq(json_array_size(json_object_get(s->json, "items")), 3);
	resp_free(s);
	snprintf(q, sizeof(q), "/v1/call-logs?manager_id=%s&reviewed=true", u.id);
	s = http_get(q, W.head1.token);
	ck_assert_uint_eq(json_array_size(json_object_get(s->json, "items")), 1);
	resp_free(s);
	snprintf(q, sizeof(q), "/v1/call-logs?manager_id=%s&effective=false", u.id);
	s = http_get(q, W.head1.token);
	ck_assert_uint_eq(json_array_size(json_object_get(s->json, "items")), 2);
	resp_free(s);

	snprintf(q, sizeof(q), "/v1/call-logs/sample?manager_id=%s", u.id);
	s = http_get(q, u.token);
	expect_status(s, 403);
	resp_free(s);
	snprintf(q, sizeof(q), "/v1/call-logs/sample?manager_id=%s", W.m3.id);
	s = http_get(q, W.head1.token);
	expect_status(s, 422);
	resp_free(s);
	s = http_get("/v1/call-logs/sample?n=0&date=2026-02-30", W.head1.token);
	expect_status(s, 422);
	ck_assert(resp_has_error_field(s, "manager_id"));
	ck_assert(resp_has_error_field(s, "n"));
	ck_assert(resp_has_error_field(s, "date"));
	resp_free(s);
}
END_TEST

/* Walking 500 rows page by page while calls keep arriving (some with started_at inside the walked range) returns
 * every original row exactly once. */
START_TEST(pagination_of_500_rows_under_inserts)
{
	struct member u;
	ck_assert_int_eq(world_user(&W.owner_a, "Pager", "pager500@alpha.test", "manager", W.team2, &u), 0);
	char *body = batch_body(u.id, 500, 0);
	for (char *p = strstr(body, "batch-"); p; p = strstr(p + 1, "batch-"))
		memcpy(p, "pager-", 6); /* external ids of their own */
	struct resp *r = http_post("/v1/call-logs/batch", W.owner_a.token, body);
	expect_status(r, 200);
	free(body);
	static char original[500][37];
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(r->json, "items"), i, it)
		snprintf(original[i], 37, "%s", json_string_value(json_object_get(it, "id")));
	resp_free(r);

	static char seen[700][37];
	int nseen = 0, pages = 0;
	char next[512] = "";
	do {
		char q[800];
		snprintf(q, sizeof(q), "/v1/call-logs?manager_id=%s&limit=37%s%s", u.id, next[0] ? "&cursor=" : "", next);
		r = http_get(q, W.head2.token);
		expect_status(r, 200);
		json_array_foreach(json_object_get(r->json, "items"), i, it) {
			const char *id = json_string_value(json_object_get(it, "id"));
			for (int k = 0; k < nseen; k++)
				ck_assert_msg(strcmp(seen[k], id) != 0, "row %s returned twice", id);
			ck_assert_int_lt(nseen, 700);
			snprintf(seen[nseen++], 37, "%s", id);
		}
		json_t *nc = json_object_get(r->json, "next_cursor");
		snprintf(next, sizeof(next), "%s", json_is_string(nc) ? json_string_value(nc) : "");
		resp_free(r);
		/* A late call inside the range and a new one at its top arrive between pages. */
		char at[40];
		snprintf(at, sizeof(at), "2026-11-03T%02d:30:30Z", 5 + pages % 12);
		r = log_call(&W.owner_a, u.id, at, 40, NULL);
		expect_status(r, 201);
		resp_free(r);
		r = log_call(&W.owner_a, u.id, "2026-11-28T23:00:00Z", 40, NULL);
		resp_free(r);
		pages++;
	} while (next[0] && pages < 40);
	for (int k = 0; k < 500; k++) {
		bool found = false;
		for (int j = 0; j < nseen && !found; j++)
			found = strcmp(seen[j], original[k]) == 0;
		ck_assert_msg(found, "row %s was skipped", original[k]);
	}
}
END_TEST

#define PARKED_BATCHES 16

struct batch_call {
	pthread_t thread;
	char body[512];
	struct resp *reply;
};

static void *post_batch(void *arg)
{
	struct batch_call *b = arg;
	b->reply = http_post("/v1/call-logs/batch", W.owner_a.token, b->body);
	return NULL;
}

static long sql_count(PGconn *db, const char *text)
{
	PGresult *r = PQexec(db, text);
	ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK, "%s: %s", text, PQerrorMessage(db));
	long n = atol(PQgetvalue(r, 0, 0));
	PQclear(r);
	return n;
}

/* Sends a whole batch request on a connection of its own and closes it without reading the reply, with a FIN or a
 * reset (as clients that give up do). */
static void post_batch_and_hang_up(const char *body, bool reset_it)
{
	int fd = api_raw_connect();
	char head[512];
	int n = snprintf(head, sizeof(head),
			 "POST /v1/call-logs/batch HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer %s\r\n"
			 "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
			 W.owner_a.token, strlen(body));
	ck_assert_int_eq(send(fd, head, (size_t)n, MSG_NOSIGNAL), n);
	ck_assert_int_eq(send(fd, body, strlen(body), MSG_NOSIGNAL), (ssize_t)strlen(body));
	usleep(50 * 1000);
	struct linger reset = {.l_onoff = 1, .l_linger = 0};
	if (reset_it)
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof(reset));
	close(fd);
}

/* Batches waiting for their turn are parked in the bulk lane, not blocking HTTP threads: with the lane's two threads
 * held by batches stuck on a table lock and fourteen more waiting (more than the instance's eight HTTP threads), a
 * /healthz on a new connection is answered at once; when they waited for the bulk gate on the HTTP threads, every
 * thread sat in the gate and it waited for the statement timeout. Once the lock goes, every batch is stored; four
 * more, whose clients hung up while parked, are not (nobody waits for their answer) and hold nothing up (a batch
 * posted after them is answered at once). */
START_TEST(batches_waiting_their_turn_hold_no_thread)
{
	PGconn *lock = PQconnectdb(getenv("SALESCTL_TEST_DATABASE_URL")), *watch = PQconnectdb(getenv("SALESCTL_TEST_DATABASE_URL"));
	ck_assert_msg(PQstatus(lock) == CONNECTION_OK && PQstatus(watch) == CONNECTION_OK, "%s", PQerrorMessage(lock));
	PQclear(PQexec(lock, "BEGIN"));
	PGresult *r = PQexec(lock, "LOCK TABLE call_logs IN SHARE MODE");
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK, "%s", PQerrorMessage(lock));
	PQclear(r);
	static struct batch_call calls[PARKED_BATCHES];
	for (int i = 0; i < PARKED_BATCHES; i++) {
		snprintf(calls[i].body, sizeof(calls[i].body),
			 "{\"items\":[{\"manager_id\":\"%s\",\"direction\":\"outbound\","
			 "\"started_at\":\"2026-11-04T09:%02d:00Z\",\"duration_s\":30,\"external_id\":\"parked-%d\"}]}",
			 W.m1.id, i, i);
		pthread_create(&calls[i].thread, NULL, post_batch, &calls[i]);
	}
	for (int i = 0; i < 400 && sql_count(watch, "SELECT count(*) FROM pg_stat_activity WHERE application_name = "
					     "'salesctld' AND wait_event_type = 'Lock'") < 2; i++)
		usleep(25 * 1000);
	ck_assert_int_ge(sql_count(watch, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'salesctld'"
				   " AND wait_event_type = 'Lock'"), 2);
	usleep(300 * 1000);   /* the other fourteen arrive and queue */
	for (int i = 0; i < 4; i++) {
		char body[512];
		snprintf(body, sizeof(body),
			 "{\"items\":[{\"manager_id\":\"%s\",\"direction\":\"inbound\","
			 "\"started_at\":\"2026-11-04T10:%02d:00Z\",\"duration_s\":30,\"external_id\":\"hung-up-%d\"}]}",
			 W.m1.id, i, i);
		post_batch_and_hang_up(body, i % 2);
	}

	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct resp *health = http_get("/healthz", NULL);
	double waited = seconds_since(&t0);
	expect_status(health, 200);
	resp_free(health);
	ck_assert_msg(waited < 1.0, "/healthz waited %.2f s behind the parked batches", waited);

	PQclear(PQexec(lock, "COMMIT"));
	for (int i = 0; i < PARKED_BATCHES; i++) {
		pthread_join(calls[i].thread, NULL);
		expect_status(calls[i].reply, 200);
		json_t *item = json_array_get(json_object_get(calls[i].reply->json, "items"), 0);
		ck_assert_str_eq(json_string_value(json_object_get(item, "status")), "created");
		resp_free(calls[i].reply);
	}
	ck_assert_int_eq(sql_count(watch, "SELECT count(*) FROM call_logs WHERE external_id LIKE 'parked-%'"),
			 PARKED_BATCHES);
	ck_assert_int_eq(sql_count(watch, "SELECT count(*) FROM call_logs WHERE external_id LIKE 'hung-up-%'"), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct batch_call after = {0};
	snprintf(after.body, sizeof(after.body),
		 "{\"items\":[{\"manager_id\":\"%s\",\"direction\":\"outbound\","
		 "\"started_at\":\"2026-11-04T11:00:00Z\",\"duration_s\":30,\"external_id\":\"after-parked\"}]}",
		 W.m1.id);
	post_batch(&after);
	waited = seconds_since(&t0);
	expect_status(after.reply, 200);
	resp_free(after.reply);
	ck_assert_msg(waited < 3.0, "a batch after the hung-up ones waited %.2f s for a slot", waited);
	PQfinish(lock);
	PQfinish(watch);
}
END_TEST

Suite *call_logs_suite(void)
{
	Suite *s = suite_create("call_logs");
	TCase *t = tcase_create("call_logs");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, log_and_repeat_external_id);
	tcase_add_test(t, local_date_is_the_managers);
	tcase_add_test(t, who_logs_for_whom);
	tcase_add_test(t, create_lists_every_bad_field);
	tcase_add_test(t, batch_of_1000_with_10_bad_items);
	tcase_add_test(t, batch_limits_and_reach);
	tcase_add_test(t, sample_and_review);
	tcase_add_test(t, pagination_of_500_rows_under_inserts);
	tcase_add_test(t, batches_waiting_their_turn_hold_no_thread);
	suite_add_tcase(s, t);
	return s;
}
