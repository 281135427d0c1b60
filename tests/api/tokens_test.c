/* Tokens: issue, list without secrets, revoke, and the 401 that every user route gives without a valid token. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "world.h"

static char path[256];

static const char *tokens_path(const char *user_id)
{
	snprintf(path, sizeof(path), "/v1/users/%s/tokens", user_id);
	return path;
}

START_TEST(issue_list_revoke_own_token)
{
	struct resp *r = http_post(tokens_path(W.m2.id), W.m2.token, NULL);
	expect_status(r, 201);
	char token[128], id[37];
	snprintf(token, sizeof(token), "%s", resp_str(r, "token"));
	snprintf(id, sizeof(id), "%s", resp_str(r, "id"));
	ck_assert_str_eq(resp_str(r, "user_id"), W.m2.id);
	ck_assert_ptr_nonnull(json_object_get(r->json, "created_at"));
	resp_free(r);

	r = http_get("/v1/me", token);
	expect_status(r, 200);
	resp_free(r);

	r = http_get(tokens_path(W.m2.id), W.m2.token);
	expect_status(r, 200);
	ck_assert_uint_ge(json_array_size(json_object_get(r->json, "items")), 2);
	ck_assert_ptr_null(strstr(r->body, "token\""));
	ck_assert_ptr_null(strstr(r->body, token));
	resp_free(r);

	char del[128];
	snprintf(del, sizeof(del), "/v1/tokens/%s", id);
	r = http_call("DELETE", del, W.m1.token, NULL, NULL);
	expect_status(r, 404);
	resp_free(r);
	r = http_call("DELETE", del, W.head1.token, NULL, NULL);
	expect_status(r, 403);
	resp_free(r);
	r = http_call("DELETE", del, W.owner_b.token, NULL, NULL);
	expect_status(r, 404);
	resp_free(r);
	r = http_call("DELETE", del, W.m2.token, NULL, NULL);
	expect_status(r, 204);
	resp_free(r);
	r = http_get("/v1/me", token);
	expect_status(r, 401);
	ck_assert_str_eq(resp_code(r), "token_revoked");
	resp_free(r);
	r = http_call("DELETE", del, W.m2.token, NULL, NULL);
	expect_status(r, 404);
	resp_free(r);
}
END_TEST

START_TEST(who_may_issue)
{
	struct resp *r = http_post(tokens_path(W.m1.id), W.m2.token, "{}");
	expect_status(r, 404);
	resp_free(r);
	r = http_post(tokens_path(W.m1.id), W.head1.token, "{}");
	expect_status(r, 403);
	resp_free(r);
	r = http_post(tokens_path(W.m1.id), W.owner_b.token, "{}");
	expect_status(r, 404);
	resp_free(r);
	r = http_get(tokens_path(W.m1.id), W.head1.token);
	expect_status(r, 403);
	resp_free(r);
	r = http_get(tokens_path(W.m1.id), W.owner_b.token);
	expect_status(r, 404);
	resp_free(r);
	r = http_post(tokens_path(W.m1.id), W.m1.token, "{\"scope\":\"all\"}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "scope"));
	resp_free(r);
	r = http_post(tokens_path(W.m1.id), W.owner_a.token, NULL);
	expect_status(r, 201);
	resp_free(r);
}
END_TEST

START_TEST(owner_revokes_anyones_token)
{
	struct member u;
	ck_assert_int_eq(world_user(&W.owner_a, "Revokee", "revokee@alpha.test", "manager", W.team2, &u), 0);
	struct resp *r = http_get(tokens_path(u.id), W.owner_a.token);
	expect_status(r, 200);
	char del[128];
	snprintf(del, sizeof(del), "/v1/tokens/%s",
		 json_string_value(json_object_get(json_array_get(json_object_get(r->json, "items"), 0), "id")));
	resp_free(r);
	r = http_call("DELETE", del, W.owner_a.token, NULL, NULL);
	expect_status(r, 204);
	resp_free(r);
	r = http_get("/v1/me", u.token);
	expect_status(r, 401);
	resp_free(r);
}
END_TEST

START_TEST(every_user_route_needs_a_token)
{
	char routes[][2][160] = {
		{"GET", "/v1/org"},  {"PATCH", "/v1/org"},  {"GET", "/v1/me"},    {"GET", "/v1/users"},
		{"POST", "/v1/users"}, {"GET", ""},        {"PATCH", ""},         {"POST", ""},
		{"GET", ""},         {"DELETE", "/v1/tokens/00000000-0000-4000-8000-000000000000"},
		{"GET", "/v1/teams"}, {"POST", "/v1/teams"}, {"GET", ""}, {"PATCH", ""},
	};
	snprintf(routes[5][1], 160, "/v1/users/%s", W.m1.id);
	snprintf(routes[6][1], 160, "/v1/users/%s", W.m1.id);
	snprintf(routes[7][1], 160, "/v1/users/%s/tokens", W.m1.id);
	snprintf(routes[8][1], 160, "/v1/users/%s/tokens", W.m1.id);
	snprintf(routes[12][1], 160, "/v1/teams/%s", W.team1);
	snprintf(routes[13][1], 160, "/v1/teams/%s", W.team1);
	const char *bad[] = {NULL, "wrong", "sct_short", "Basic dXNlcjpwYXNz"};
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
			const char *body = strcmp(routes[i][0], "GET") && strcmp(routes[i][0], "DELETE") ? "{}" : NULL;
			struct resp *r = http_call(routes[i][0], routes[i][1], bad[k], body, NULL);
			ck_assert_msg(r->status == 401, "%s %s with %s: %ld", routes[i][0], routes[i][1],
				      bad[k] ? bad[k] : "no token", r->status);
			ck_assert_str_eq(resp_code(r), "unauthorized");
			resp_free(r);
		}
	}
}
END_TEST

/* A telephony integration's token: it posts calls and can do nothing else, not even read. */
START_TEST(a_scoped_token_does_only_its_job)
{
	struct resp *r = http_post(tokens_path(W.m3.id), W.m3.token,
				   "{\"name\":\"Телефония\",\"scopes\":[\"call_logs:write\"],\"expires_at\":\"2099-01-01T00:00:00Z\"}");
	expect_status(r, 201);
	char token[128];
	snprintf(token, sizeof(token), "%s", resp_str(r, "token"));
	ck_assert_str_eq(resp_str(r, "name"), "Телефония");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(r->json, "scopes"), 0)), "call_logs:write");
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "scopes")), 1);
	ck_assert_str_eq(resp_str(r, "expires_at"), "2099-01-01T00:00:00+00:00");
	resp_free(r);
	r = http_post("/v1/call-logs", token, "{\"direction\":\"inbound\",\"started_at\":\"2026-11-16T07:00:00Z\",\"duration_s\":42}");
	expect_status(r, 201);
	ck_assert_str_eq(resp_str(r, "manager_id"), W.m3.id);
	resp_free(r);
	const char *outside[][2] = {{"GET", "/v1/me"}, {"GET", "/v1/call-logs"}, {"POST", "/v1/daily-reports"},
				    {"PATCH", "/v1/org"}};
	for (size_t i = 0; i < 4; i++) {
		r = http_call(outside[i][0], outside[i][1], token, strcmp(outside[i][0], "GET") ? "{}" : NULL, NULL);
		ck_assert_msg(r->status == 403 && strcmp(resp_code(r), "insufficient_scope") == 0, "%s %s: %ld %s",
			      outside[i][0], outside[i][1], r->status, r->body);
		resp_free(r);
	}
	/* A token without scopes holds `*`, as tokens always did. */
	r = http_post(tokens_path(W.m3.id), W.m3.token, "{}");
	expect_status(r, 201);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(r->json, "scopes"), 0)), "*");
	ck_assert(json_is_null(json_object_get(r->json, "expires_at")));
	resp_free(r);
}
END_TEST

START_TEST(token_bodies_are_validated)
{
	struct resp *r = http_post(tokens_path(W.m3.id), W.m3.token,
				   "{\"name\":\"\",\"scopes\":[\"bogus\",\"read\",\"read\",7],\"expires_at\":\"soon\",\"owner\":1}");
	expect_status(r, 422);
	const char *fields[] = {"name", "scopes[0]", "scopes[2]", "scopes[3]", "expires_at", "owner"};
	for (size_t i = 0; i < 6; i++)
		ck_assert_msg(resp_has_error_field(r, fields[i]), "%s not named: %s", fields[i], r->body);
	ck_assert(!resp_has_error_field(r, "scopes[1]"));
	resp_free(r);
	r = http_post(tokens_path(W.m3.id), W.m3.token, "{\"scopes\":[]}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "scopes"));
	resp_free(r);
	r = http_post(tokens_path(W.m3.id), W.m3.token, "{\"expires_at\":\"2020-01-01T00:00:00Z\"}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "expires_at"));
	resp_free(r);
}
END_TEST

START_TEST(an_expired_token_says_so)
{
	time_t soon = time(NULL) + 2;
	char body[128], when[32];
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&soon));
	snprintf(body, sizeof(body), "{\"expires_at\":\"%s\"}", when);
	struct resp *r = http_post(tokens_path(W.m3.id), W.m3.token, body);
	expect_status(r, 201);
	char token[128];
	snprintf(token, sizeof(token), "%s", resp_str(r, "token"));
	resp_free(r);
	r = http_get("/v1/me", token);
	expect_status(r, 200);
	resp_free(r);
	sleep(3);
	r = http_get("/v1/me", token);
	expect_status(r, 401);
	ck_assert_str_eq(resp_code(r), "token_expired");
	ck_assert_str_ne(r->www_authenticate, "");
	resp_free(r);
}
END_TEST

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1000 + (double)t.tv_nsec / 1e6;
}

/* Milliseconds until GET target with token on instance base answers want (polled every 10 ms; fails after 3 s). */
static double ms_until(const char *base, const char *target, const char *token, long want)
{
	double t0 = now_ms();
	for (;;) {
		struct resp *r = http_call_at(base, "GET", target, token, NULL, NULL);
		long status = r->status;
		resp_free(r);
		double elapsed = now_ms() - t0;
		if (status == want)
			return elapsed;
		ck_assert_msg(elapsed < 3000, "%s still %ld after 3 s", target, status);
		usleep(10 * 1000);
	}
}

/* The principal cache (SALESCTL_AUTH_CACHE_MS) in use on both instances, and every change that bears on who a token
 * is reaching the other instance within a second: a revocation, a role change, a dismissal. */
START_TEST(changes_reach_every_instance_within_a_second)
{
	const char *url1 = api_base_url(), *url2 = getenv("SALESCTL_TEST_URL2");
	ck_assert_ptr_nonnull(url2);
	struct member u;
	ck_assert_int_eq(world_user(&W.owner_a, "Кэш", "cache@a.test", "manager", W.team1, &u), 0);
	/* Instance 2 answers from its cache: its hits grow with the requests. */
	const char *hit = "salesctl_auth_cache_lookups_total{result=\"hit\"}";
	long hits0 = api_metric(url2, hit);
	ck_assert_int_ge(hits0, 0);
	for (int i = 0; i < 5; i++)
		(void)ms_until(url2, "/v1/me", u.token, 200);
	ck_assert_int_ge(api_metric(url2, hit), hits0 + 4);

	/* A role change on instance 1: the manager becomes a head, and instance 2 lets them read plan status. */
	const char *status_path = "/v1/plan-status?period=2026-03";
	(void)ms_until(url2, status_path, u.token, 403);
	char where[96];
	snprintf(where, sizeof(where), "/v1/users/%s", u.id);
	struct resp *r = http_call_at(url1, "PATCH", where, W.owner_a.token, "{\"role\":\"head\"}", NULL);
	expect_status(r, 200);
	resp_free(r);
	double role_ms = ms_until(url2, status_path, u.token, 200);

	/* A token revoked on instance 1 stops at once there, and within a second on instance 2. */
	r = http_call_at(url1, "POST", tokens_path(u.id), u.token, NULL, NULL);
	expect_status(r, 201);
	char token[128], id[37];
	snprintf(token, sizeof(token), "%s", resp_str(r, "token"));
	snprintf(id, sizeof(id), "%s", resp_str(r, "id"));
	resp_free(r);
	(void)ms_until(url2, "/v1/me", token, 200);
	(void)ms_until(url1, "/v1/me", token, 200);
	snprintf(where, sizeof(where), "/v1/tokens/%s", id);
	r = http_call_at(url1, "DELETE", where, u.token, NULL, NULL);
	expect_status(r, 204);
	resp_free(r);
	r = http_call_at(url1, "GET", "/v1/me", token, NULL, NULL);
	expect_status(r, 401);
	resp_free(r);
	double revoke_ms = ms_until(url2, "/v1/me", token, 401);

	/* A dismissal on instance 1: the user's own token stops on instance 2. */
	snprintf(where, sizeof(where), "/v1/users/%s", u.id);
	r = http_call_at(url1, "PATCH", where, W.owner_a.token, "{\"status\":\"dismissed\"}", NULL);
	expect_status(r, 200);
	resp_free(r);
	double dismiss_ms = ms_until(url2, "/v1/me", u.token, 401);
	ck_assert_msg(role_ms < 1000 && revoke_ms < 1000 && dismiss_ms < 1000, "role %.0f ms, revocation %.0f ms, dismissal %.0f ms",
		      role_ms, revoke_ms, dismiss_ms);
	printf("principal cache: instance 2 saw a role change after %.0f ms, a revocation after %.0f ms, a dismissal after %.0f ms\n",
	       role_ms, revoke_ms, dismiss_ms);
}
END_TEST

Suite *tokens_suite(void)
{
	Suite *s = suite_create("tokens");
	TCase *t = tcase_create("tokens");
	tcase_set_timeout(t, 30);
	tcase_add_test(t, issue_list_revoke_own_token);
	tcase_add_test(t, who_may_issue);
	tcase_add_test(t, owner_revokes_anyones_token);
	tcase_add_test(t, every_user_route_needs_a_token);
	tcase_add_test(t, a_scoped_token_does_only_its_job);
	tcase_add_test(t, token_bodies_are_validated);
	tcase_add_test(t, an_expired_token_says_so);
	tcase_add_test(t, changes_reach_every_instance_within_a_second);
	suite_add_tcase(s, t);
	return s;
}
