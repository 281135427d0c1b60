/* Request hygiene (src/http/hygiene.c), each case a regression of issue "Hostile input, round two": a NUL byte
 * in the path or a query parameter is refused instead of cutting a value short, query strings are UTF-8, the headers that say who calls and
 * what a write means come once, and a body is JSON by its exact media type. Each refused write stores nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "salesctl/http/hygiene.h"
#include "world.h"

static void expect_problem(const char *method, const char *path, const char *token, const char *body,
			   const char *const *headers, int status, const char *code)
{
	struct resp *r = http_call(method, path, token, body, headers);
	ck_assert_msg(r->status == status && strcmp(resp_code(r), code) == 0, "%s %s: expected %d %s, got %ld %s",
		      method, path, status, code, r->status, r->body);
	resp_free(r);
}

static long users_named(const char *name)
{
	char path[256];
	snprintf(path, sizeof(path), "/v1/users?limit=200");
	struct resp *r = http_get(path, W.owner_a.token);
	expect_status(r, 200);
	long n = 0;
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(r->json, "items"), i, u)
		n += strcmp(json_string_value(json_object_get(u, "name")), name) == 0;
	resp_free(r);
	return n;
}

START_TEST(nul_in_path_and_query_is_400)
{
	char path[160];
	expect_problem("GET", "/v1/me%00", W.m1.token, NULL, NULL, 400, "bad_request");
	struct resp *r = http_get("/v1/tasks?limit=1", W.m1.token);
	expect_status(r, 200);
	resp_free(r);
	snprintf(path, sizeof(path), "/v1/users/%s%%00/tokens", W.m1.id);
	expect_problem("GET", path, W.m1.token, NULL, NULL, 400, "bad_request");
	expect_problem("GET", "/v1/tasks?limit=5%00", W.m1.token, NULL, NULL, 400, "bad_request");
	expect_problem("GET", "/v1/tasks?status%00x=new", W.m1.token, NULL, NULL, 400, "bad_request");
	/* Other control bytes too: they have no place in a path or a parameter. */
	expect_problem("GET", "/v1/tasks?x=%01", W.m1.token, NULL, NULL, 400, "bad_request");
	/* A cursor with NULs appended is not the cursor. */
	r = http_get("/v1/users?limit=1", W.owner_a.token);
	expect_status(r, 200);
	const char *cursor = json_string_value(json_object_get(r->json, "next_cursor"));
	ck_assert_ptr_nonnull(cursor);
	snprintf(path, sizeof(path), "/v1/users?limit=1&cursor=%s%%00%%00%%00", cursor);
	resp_free(r);
	expect_problem("GET", path, W.owner_a.token, NULL, NULL, 400, "bad_request");
}
END_TEST

START_TEST(query_names_and_values_are_utf8)
{
	expect_problem("GET", "/v1/tasks?hostile%FF=1", W.m1.token, NULL, NULL, 400, "invalid_utf8");
	expect_problem("GET", "/v1/tasks?lim%FFit=5", W.m1.token, NULL, NULL, 400, "invalid_utf8");
	expect_problem("GET", "/v1/tasks?status=%C0%AE", W.m1.token, NULL, NULL, 400, "invalid_utf8");  /* overlong */
	/* Cyrillic is UTF-8: an unknown parameter named in it is the usual 422 that names it. */
	struct resp *r = http_get("/v1/tasks?%D1%81%D1%82%D0%B0%D1%82%D1%83%D1%81=1", W.m1.token);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "статус"));
	resp_free(r);
}
END_TEST

START_TEST(repeated_identity_headers_are_400)
{
	char auth[256];
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", W.m2.token);
	const char *two_auth[] = {auth, NULL};
	/* http_call adds m1's Authorization, this adds m2's: which caller is it? Neither. */
	expect_problem("GET", "/v1/me", W.m1.token, NULL, two_auth, 400, "bad_request");
	const char *two_keys[] = {"Idempotency-Key: hygiene-a", "Idempotency-Key: hygiene-b", NULL};
	char body[256];
	snprintf(body, sizeof(body), "{\"name\":\"Hygiene twice\",\"email\":\"twice@hygiene.test\",\"role\":\"manager\"}");
	expect_problem("POST", "/v1/users", W.owner_a.token, body, two_keys, 400, "bad_request");
	ck_assert_int_eq(users_named("Hygiene twice"), 0);
	const char *two_etags[] = {"If-Match: \"1\"", "If-Match: \"2\"", NULL};
	expect_problem("PATCH", "/v1/org", W.owner_a.token, "{\"lag_threshold\":0.8}", two_etags, 400, "bad_request");
}
END_TEST

START_TEST(bodies_are_json_by_exact_media_type)
{
	const char *types[] = {"application/jsonx", "application/json-seq", "application/json-patch+json", "text/json"};
	char header[96], body[256];
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		snprintf(header, sizeof(header), "Content-Type: %s", types[i]);
		const char *h[] = {header, NULL};
		snprintf(body, sizeof(body), "{\"name\":\"Hygiene type\",\"email\":\"type%zu@hygiene.test\",\"role\":\"manager\"}", i);
		expect_problem("POST", "/v1/users", W.owner_a.token, body, h, 415, "unsupported_media_type");
	}
	ck_assert_int_eq(users_named("Hygiene type"), 0);
	/* Parameters and case aside, application/json is application/json. */
	const char *h[] = {"Content-Type: Application/JSON ; charset=utf-8", NULL};
	struct resp *r = http_call("POST", "/v1/users", W.owner_a.token,
				   "{\"name\":\"Hygiene typed\",\"email\":\"typed@hygiene.test\",\"role\":\"manager\"}", h);
	expect_status(r, 201);
	resp_free(r);
}
END_TEST

START_TEST(an_empty_optional_body_is_fine_whatever_its_type)
{
	/* axios in Node sends an empty POST with a form type; createToken's body is optional. */
	char path[128];
	snprintf(path, sizeof(path), "/v1/users/%s/tokens", W.m1.id);
	const char *h[] = {"Content-Type: application/x-www-form-urlencoded", NULL};
	struct resp *r = http_call("POST", path, W.m1.token, "", h);
	expect_status(r, 201);
	ck_assert_str_ne(resp_str(r, "token"), "");
	resp_free(r);
}
END_TEST

/* Timestamps PostgreSQL cannot hold, or would give back in a form that is not RFC 3339, are a 422 naming the field,
 * in bodies, filters and as_of alike (they were a 422 without errors[], and 9999-12-31T23:59:59-12:00 came back as
 * 10000-01-01T11:59:59+00:00). */
START_TEST(timestamps_are_what_postgresql_can_hold)
{
	char fraction[400] = "2026-11-28T09:00:00.";
	memset(fraction + 20, '7', 300);
	strcpy(fraction + 320, "Z");
	const char *bad[] = {"2026-11-28T09:00:00+16:00", "2026-11-28T09:00:00-23:59", "9999-12-31T23:59:59-12:00",
			     "1900-01-01T00:00:00+01:00", fraction};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char body[1024], path[640];
		snprintf(body, sizeof(body), "{\"title\":\"t\",\"assignee_id\":\"%s\",\"due_at\":\"%s\"}", W.m1.id, bad[i]);
		struct resp *r = http_post("/v1/tasks", W.head1.token, body);
		ck_assert_msg(r->status == 422 && resp_has_error_field(r, "due_at"), "%s: %ld %s", bad[i], r->status, r->body);
		resp_free(r);
		snprintf(body, sizeof(body), "{\"as_of\":\"%s\"}", bad[i]);
		r = http_post("/v1/admin/scheduler/run", W.owner_a.token, body);
		ck_assert_msg(r->status == 422 && resp_has_error_field(r, "as_of"), "%s: %ld %s", bad[i], r->status, r->body);
		resp_free(r);
		/* In a query string, + is written %2B. */
		char escaped[512];
		size_t n = 0;
		for (const char *c = bad[i]; *c && n + 4 < sizeof(escaped); c++)
			n += (size_t)(*c == '+' ? snprintf(escaped + n, sizeof(escaped) - n, "%%2B")
						: snprintf(escaped + n, sizeof(escaped) - n, "%c", *c));
		snprintf(path, sizeof(path), "/v1/plan-status?period=2026-11&as_of=%s", escaped);
		r = http_get(path, W.owner_a.token);
		ck_assert_msg(r->status == 422 && resp_has_error_field(r, "as_of"), "%s: %ld %s", bad[i], r->status, r->body);
		resp_free(r);
	}
	/* The last instant of 9999 in UTC is fine, and reads back as it was meant. */
	char body[256];
	snprintf(body, sizeof(body), "{\"title\":\"t\",\"assignee_id\":\"%s\",\"due_at\":\"9999-12-31T23:59:59+12:00\"}",
		 W.m1.id);
	struct resp *r = http_post("/v1/tasks", W.head1.token, body);
	expect_status(r, 201);
	ck_assert_str_eq(resp_str(r, "due_at"), "9999-12-31T11:59:59+00:00");
	resp_free(r);
}
END_TEST

/* 455 parameters in 3 KB of URL used to hold the connection for 30 s with no answer, on every route. */
START_TEST(too_many_query_parameters_is_a_prompt_414)
{
	char path[8192];
	size_t n = (size_t)snprintf(path, sizeof(path), "/healthz?p0=1");
	for (int i = 1; i < 455; i++)
		n += (size_t)snprintf(path + n, sizeof(path) - n, "&p%d=1", i);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct resp *r = http_get(path, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ck_assert_msg(r->status == 414 && strcmp(resp_code(r), "too_many_parameters") == 0, "got %ld %s", r->status,
		      r->body);
	ck_assert_int_lt(t1.tv_sec - t0.tv_sec, 5);
	resp_free(r);
	/* 64 is the most any route may be sent: answered as usual (here: unknown parameters, named). */
	n = (size_t)snprintf(path, sizeof(path), "/v1/tasks?p0=1");
	for (int i = 1; i < HYGIENE_MAX_QUERY_PARAMS; i++)
		n += (size_t)snprintf(path + n, sizeof(path) - n, "&p%d=1", i);
	r = http_get(path, W.m1.token);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "p63"));
	resp_free(r);
}
END_TEST

Suite *hygiene_suite(void)
{
	Suite *s = suite_create("hygiene");
	TCase *t = tcase_create("hygiene");
	tcase_add_test(t, nul_in_path_and_query_is_400);
	tcase_add_test(t, query_names_and_values_are_utf8);
	tcase_add_test(t, repeated_identity_headers_are_400);
	tcase_add_test(t, bodies_are_json_by_exact_media_type);
	tcase_add_test(t, an_empty_optional_body_is_fine_whatever_its_type);
	tcase_add_test(t, too_many_query_parameters_is_a_prompt_414);
	tcase_add_test(t, timestamps_are_what_postgresql_can_hold);
	suite_add_tcase(s, t);
	return s;
}
