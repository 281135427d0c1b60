/* The HTTP core as a client sees it: routing, errors, body limits, JSON strictness, request ids, operations. */
#include <stdlib.h>
#include <string.h>

#include "world.h"

START_TEST(unknown_route_is_404_problem)
{
	struct resp *r = http_get("/v1/nothing-here", W.owner_a.token);
	expect_status(r, 404);
	ck_assert_str_eq(resp_code(r), "not_found");
	ck_assert_str_eq(r->content_type, "application/problem+json");
	ck_assert_int_eq(json_expect_integer(r->json, "status"), 404);
	ck_assert_ptr_nonnull(json_object_get(r->json, "type"));
	ck_assert_ptr_nonnull(json_object_get(r->json, "title"));
	ck_assert_ptr_nonnull(json_object_get(r->json, "detail"));
	resp_free(r);
}
END_TEST

START_TEST(wrong_method_is_405_with_allow)
{
	struct resp *r = http_call("DELETE", "/v1/users", W.owner_a.token, NULL, NULL);
	expect_status(r, 405);
	ck_assert_str_eq(resp_code(r), "method_not_allowed");
	ck_assert_str_eq(r->allow, "GET, POST, HEAD");
	resp_free(r);
	r = http_call("PUT", "/v1/org", W.owner_a.token, "{}", NULL);
	expect_status(r, 405);
	ck_assert_str_eq(r->allow, "GET, PATCH, HEAD");
	resp_free(r);
}
END_TEST

START_TEST(request_id_echoed_or_generated)
{
	const char *h[] = {"X-Request-Id: trace-abc.123", NULL};
	struct resp *r = http_call("GET", "/healthz", NULL, NULL, h);
	expect_status(r, 200);
	ck_assert_str_eq(r->request_id, "trace-abc.123");
	resp_free(r);
	/* A generated id has a version-4 UUID's shape, and the next one differs. */
	char first[sizeof(r->request_id)] = "";
	for (int i = 0; i < 2; i++) {
		r = http_get("/v1/me", NULL);
		expect_status(r, 401);
		const char *id = r->request_id;
		ck_assert_int_eq(strlen(id), 36);
		for (int k = 0; k < 36; k++) {
			bool dash = k == 8 || k == 13 || k == 18 || k == 23;
			ck_assert_msg(dash ? id[k] == '-' : strchr("0123456789abcdef", id[k]) != NULL, "request id %s", id);
		}
		ck_assert_msg(id[14] == '4' && strchr("89ab", id[19]), "request id %s is not shaped as version 4", id);
		if (i == 0)
			snprintf(first, sizeof(first), "%s", id);
		else
			ck_assert_str_ne(first, id);
		resp_free(r);
	}
}
END_TEST

START_TEST(malformed_json_is_400)
{
	const char *bad[] = {"{\"name\":", "{\"name\":\"x\"} trailing", "[1,2", "{\"name\":\"a\",\"name\":\"b\"}", "nul"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct resp *r = http_patch("/v1/org", W.owner_a.token, bad[i]);
		expect_status(r, 400);
		ck_assert_str_eq(resp_code(r), "malformed_json");
		resp_free(r);
	}
}
END_TEST

START_TEST(invalid_utf8_is_400)
{
	struct resp *r = http_patch("/v1/org", W.owner_a.token, "{\"name\":\"\xff\xfe\"}");
	expect_status(r, 400);
	ck_assert_str_eq(resp_code(r), "invalid_utf8");
	resp_free(r);
}
END_TEST

START_TEST(non_object_body_is_422)
{
	struct resp *r = http_patch("/v1/org", W.owner_a.token, "[1]");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "body"));
	resp_free(r);
}
END_TEST

START_TEST(wrong_content_type_is_415)
{
	const char *h[] = {"Content-Type: text/plain", NULL};
	struct resp *r = http_call("PATCH", "/v1/org", W.owner_a.token, "{\"name\":\"x\"}", h);
	expect_status(r, 415);
	resp_free(r);
}
END_TEST

static char *big_body(size_t n)
{
	char *b = malloc(n + 32);
	strcpy(b, "{\"name\":\"");
	memset(b + 9, 'a', n);
	strcpy(b + 9 + n, "\"}");
	return b;
}

START_TEST(body_over_cap_is_413_with_content_length)
{
	char *b = big_body(1100000);
	struct resp *r = http_patch("/v1/org", W.owner_a.token, b);
	expect_status(r, 413);
	ck_assert_str_eq(resp_code(r), "body_too_large");
	resp_free(r);
	free(b);
}
END_TEST

START_TEST(body_over_cap_is_413_chunked)
{
	char *b = big_body(1100000);
	struct resp *r = http_call_chunked("PATCH", "/v1/org", W.owner_a.token, b);
	expect_status(r, 413);
	ck_assert_str_eq(resp_code(r), "body_too_large");
	resp_free(r);
	free(b);
}
END_TEST

START_TEST(body_just_under_cap_is_read)
{
	/* A 1 MiB - 100 byte body reaches validation (422 for a 200-character limit), not 413. */
	char *b = big_body(1048576 - 100);
	struct resp *r = http_call_chunked("PATCH", "/v1/org", W.owner_a.token, b);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "name"));
	resp_free(r);
	free(b);
}
END_TEST

START_TEST(integers_beyond_2_53_are_422)
{
	struct resp *r = http_patch("/v1/org", W.owner_a.token, "{\"effective_call_seconds\":9007199254740993}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "effective_call_seconds"));
	resp_free(r);
}
END_TEST

START_TEST(operations_endpoints)
{
	struct resp *r = http_get("/healthz", NULL);
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "status"), "ok");
	resp_free(r);
	r = http_get("/readyz", NULL);
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "status"), "ready");
	resp_free(r);
	r = http_get("/metrics", NULL);
	expect_status(r, 200);
	ck_assert_ptr_nonnull(strstr(r->body, "salesctl_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"}"));
	ck_assert_ptr_nonnull(strstr(r->body, "salesctl_http_request_duration_seconds_bucket"));
	ck_assert_ptr_nonnull(strstr(r->body, "salesctl_db_pool_connections{state=\"size\"}"));
	resp_free(r);
	r = http_get("/openapi.yaml", NULL);
	expect_status(r, 200);
	ck_assert_ptr_nonnull(strstr(r->body, "openapi: 3.1"));
	resp_free(r);
}
END_TEST

START_TEST(head_answers_like_get_without_body)
{
	struct resp *r = http_call("HEAD", "/healthz", NULL, NULL, NULL);
	expect_status(r, 200);
	ck_assert_str_eq(r->body, "");
	resp_free(r);
}
END_TEST

START_TEST(per_token_rate_limit)
{
	/* The limited instance allows 5 at once, then 2 a second, per token. */
	const char *base = getenv("SALESCTL_TEST_URL_LIMITED");
	ck_assert_ptr_nonnull(base);
	int ok = 0, limited = 0;
	char retry[16] = "";
	for (int i = 0; i < 12; i++) {
		struct resp *r = http_call_at(base, "GET", "/v1/me", W.m3.token, NULL, NULL);
		if (r->status == 200)
			ok++;
		else if (r->status == 429) {
			limited++;
			ck_assert_str_eq(resp_code(r), "rate_limited");
			snprintf(retry, sizeof(retry), "%s", r->retry_after);
		}
		resp_free(r);
	}
	/* At least the burst passes; at least one is refused unless 12 requests took over 3.5 s. */
	ck_assert_int_ge(ok, 5);
	ck_assert_int_ge(limited, 1);
	ck_assert_int_eq(ok + limited, 12);
	ck_assert_int_ge(atoi(retry), 1);
	/* Another token has a bucket of its own. */
	struct resp *r = http_call_at(base, "GET", "/v1/me", W.m2.token, NULL, NULL);
	expect_status(r, 200);
	resp_free(r);
}
END_TEST

Suite *http_suite(void)
{
	Suite *s = suite_create("http");
	TCase *t = tcase_create("core");
	tcase_set_timeout(t, 30);
	tcase_add_test(t, unknown_route_is_404_problem);
	tcase_add_test(t, wrong_method_is_405_with_allow);
	tcase_add_test(t, request_id_echoed_or_generated);
	tcase_add_test(t, malformed_json_is_400);
	tcase_add_test(t, invalid_utf8_is_400);
	tcase_add_test(t, non_object_body_is_422);
	tcase_add_test(t, wrong_content_type_is_415);
	tcase_add_test(t, body_over_cap_is_413_with_content_length);
	tcase_add_test(t, body_over_cap_is_413_chunked);
	tcase_add_test(t, body_just_under_cap_is_read);
	tcase_add_test(t, integers_beyond_2_53_are_422);
	tcase_add_test(t, operations_endpoints);
	tcase_add_test(t, head_answers_like_get_without_body);
	tcase_add_test(t, per_token_rate_limit);
	suite_add_tcase(s, t);
	return s;
}
