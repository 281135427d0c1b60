/* Idempotency-Key on POST: replay, reuse with another body, scope per caller, and concurrent retries. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "world.h"

static int count_teams_named(const struct member *owner, const char *name)
{
	struct resp *r = http_get("/v1/teams?limit=200", owner->token);
	expect_status(r, 200);
	int n = 0;
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(r->json, "items"), i, item)
		n += strcmp(json_string_value(json_object_get(item, "name")), name) == 0;
	resp_free(r);
	return n;
}

START_TEST(retry_replays_first_response)
{
	const char *h[] = {"Idempotency-Key: create-team-42", NULL};
	const char *body = "{\"name\":\"Idempotent team\"}";
	struct resp *a = http_call("POST", "/v1/teams", W.owner_a.token, body, h);
	expect_status(a, 201);
	ck_assert_str_eq(a->replayed, "");
	struct resp *b = http_call("POST", "/v1/teams", W.owner_a.token, body, h);
	expect_status(b, 201);
	ck_assert_str_eq(b->replayed, "true");
	ck_assert_str_eq(a->body, b->body);
	ck_assert_str_eq(a->location, b->location);
	ck_assert_str_eq(a->etag, b->etag);
	ck_assert_int_eq(count_teams_named(&W.owner_a, "Idempotent team"), 1);
	resp_free(a);
	resp_free(b);
}
END_TEST

/* Call logs run as one statement without a transaction (the route table's TX_FOR_KEY); a key still gets one. The
 * body has no external_id, so only the key can make the second request a replay. */
START_TEST(single_statement_writes_keep_the_key)
{
	const char *h[] = {"Idempotency-Key: one-call-once", NULL};
	const char *body = "{\"direction\":\"outbound\",\"started_at\":\"2026-03-02T09:00:00Z\",\"duration_s\":61}";
	struct resp *a = http_call("POST", "/v1/call-logs", W.m2.token, body, h);
	expect_status(a, 201);
	struct resp *b = http_call("POST", "/v1/call-logs", W.m2.token, body, h);
	expect_status(b, 201);
	ck_assert_str_eq(b->replayed, "true");
	ck_assert_str_eq(a->body, b->body);
	ck_assert_str_eq(a->location, b->location);
	const char *hb[] = {"Idempotency-Key: one-batch-once", NULL};
	const char *batch = "{\"items\":[{\"direction\":\"inbound\",\"started_at\":\"2026-03-02T10:00:00Z\",\"duration_s\":5}]}";
	struct resp *c = http_call("POST", "/v1/call-logs/batch", W.m2.token, batch, hb);
	struct resp *d = http_call("POST", "/v1/call-logs/batch", W.m2.token, batch, hb);
	ck_assert_int_eq(c->status, d->status);
	ck_assert_str_eq(c->replayed, "");
	ck_assert_str_eq(d->replayed, "true");
	ck_assert_str_eq(c->body, d->body);
	/* Without a key, the same body is a second call. */
	struct resp *e = http_post("/v1/call-logs", W.m2.token, body);
	expect_status(e, 201);
	ck_assert_str_ne(resp_str(e, "id"), resp_str(a, "id"));
	resp_free(a);
	resp_free(b);
	resp_free(c);
	resp_free(d);
	resp_free(e);
}
END_TEST

START_TEST(same_key_other_body_is_422)
{
	const char *h[] = {"Idempotency-Key: reuse-me", NULL};
	struct resp *a = http_call("POST", "/v1/teams", W.owner_a.token, "{\"name\":\"First body\"}", h);
	expect_status(a, 201);
	struct resp *b = http_call("POST", "/v1/teams", W.owner_a.token, "{\"name\":\"Second body\"}", h);
	expect_status(b, 422);
	ck_assert_str_eq(resp_code(b), "idempotency_key_reused");
	ck_assert_int_eq(count_teams_named(&W.owner_a, "Second body"), 0);
	resp_free(a);
	resp_free(b);
}
END_TEST

START_TEST(key_is_scoped_to_org_and_caller)
{
	const char *h[] = {"Idempotency-Key: shared-key", NULL};
	struct resp *a = http_call("POST", "/v1/teams", W.owner_a.token, "{\"name\":\"Scoped\"}", h);
	struct resp *b = http_call("POST", "/v1/teams", W.owner_b.token, "{\"name\":\"Scoped\"}", h);
	expect_status(a, 201);
	expect_status(b, 201);
	ck_assert_str_eq(b->replayed, "");
	ck_assert_str_ne(resp_str(a, "id"), resp_str(b, "id"));
	resp_free(a);
	resp_free(b);
}
END_TEST

START_TEST(rejected_request_is_not_stored)
{
	const char *h[] = {"Idempotency-Key: fix-and-retry", NULL};
	struct resp *a = http_call("POST", "/v1/users", W.owner_a.token, "{\"name\":\"Fixme\",\"role\":\"manager\"}", h);
	expect_status(a, 422);
	struct resp *b = http_call("POST", "/v1/users", W.owner_a.token, "{\"name\":\"Fixme\",\"role\":\"manager\"}", h);
	expect_status(b, 422);
	ck_assert_str_eq(b->replayed, "");
	resp_free(a);
	resp_free(b);
}
END_TEST

START_TEST(bad_key_is_400)
{
	char key[400] = "Idempotency-Key: ";
	memset(key + strlen(key), 'k', 300);
	const char *h[] = {key, NULL};
	struct resp *r = http_call("POST", "/v1/teams", W.owner_a.token, "{\"name\":\"Long key\"}", h);
	expect_status(r, 400);
	resp_free(r);
}
END_TEST

#define RACERS 100

struct racer {
	pthread_t thread;
	long status;
	bool replayed;
	char id[37];
};

static void *race(void *arg)
{
	struct racer *rc = arg;
	const char *h[] = {"Idempotency-Key: race-key", NULL};
	struct resp *r = http_call("POST", "/v1/teams", W.owner_a.token, "{\"name\":\"Raced team\"}", h);
	rc->status = r->status;
	rc->replayed = strcmp(r->replayed, "true") == 0;
	snprintf(rc->id, sizeof(rc->id), "%s", resp_str(r, "id"));
	resp_free(r);
	return NULL;
}

START_TEST(concurrent_retries_make_one_effect)
{
	struct racer racers[RACERS] = {0};
	for (int i = 0; i < RACERS; i++)
		pthread_create(&racers[i].thread, NULL, race, &racers[i]);
	int created = 0, replayed = 0, in_flight = 0;
	for (int i = 0; i < RACERS; i++) {
		pthread_join(racers[i].thread, NULL);
		ck_assert_msg(racers[i].status == 201 || racers[i].status == 409, "racer got %ld", racers[i].status);
		created += racers[i].status == 201 && !racers[i].replayed;
		replayed += racers[i].status == 201 && racers[i].replayed;
		in_flight += racers[i].status == 409;
	}
	printf("idempotency: %d parallel POSTs with one key: %d created, %d replayed, %d 409 in flight\n", RACERS, created,
	       replayed, in_flight);
	ck_assert_int_eq(created, 1);
	ck_assert_int_eq(count_teams_named(&W.owner_a, "Raced team"), 1);
}
END_TEST

/* A reply that shows a secret once (an issued token) is replayed without it: the record keeps no secret. */
START_TEST(secrets_are_not_kept_for_replays)
{
	char path[128];
	snprintf(path, sizeof(path), "/v1/users/%s/tokens", W.m2.id);
	const char *h[] = {"Idempotency-Key: secret-token-1", NULL};
	struct resp *first = http_call("POST", path, W.m2.token, "{\"name\":\"Телефония\"}", h);
	expect_status(first, 201);
	ck_assert(json_is_string(json_object_get(first->json, "token")));
	struct resp *again = http_call("POST", path, W.m2.token, "{\"name\":\"Телефония\"}", h);
	expect_status(again, 201);
	ck_assert_str_eq(again->replayed, "true");
	ck_assert(json_is_null(json_object_get(again->json, "token")));
	ck_assert_str_eq(resp_str(again, "id"), resp_str(first, "id"));
	/* The token still works: only its copy in the record is gone (tests/run.sh greps the dump for it too). */
	struct resp *me = http_get("/v1/me", json_string_value(json_object_get(first->json, "token")));
	expect_status(me, 200);
	resp_free(me);
	resp_free(first);
	resp_free(again);
}
END_TEST

Suite *idempotency_suite(void)
{
	Suite *s = suite_create("idempotency");
	TCase *t = tcase_create("idempotency");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, retry_replays_first_response);
	tcase_add_test(t, single_statement_writes_keep_the_key);
	tcase_add_test(t, same_key_other_body_is_422);
	tcase_add_test(t, key_is_scoped_to_org_and_caller);
	tcase_add_test(t, rejected_request_is_not_stored);
	tcase_add_test(t, bad_key_is_400);
	tcase_add_test(t, concurrent_retries_make_one_effect);
	tcase_add_test(t, secrets_are_not_kept_for_replays);
	suite_add_tcase(s, t);
	return s;
}
