/* Caching and size (SPEC §6.1): If-None-Match answered 304 on GETs with an ETag — single resources, plan status and
 * KPIs, whose tag covers the figures, not the moment — and gzip for bodies of 1 KiB or more. The suite's client
 * accepts gzip on every call (as browsers do), so every large reply of every test is also decoded and validated. */
#include <stdio.h>
#include <string.h>

#include "world.h"

START_TEST(gzip_for_large_bodies)
{
	struct resp *r = http_get("/openapi.yaml", NULL);
	expect_status(r, 200);
	ck_assert_str_eq(r->content_encoding, "gzip");
	ck_assert(strncmp(r->body, "openapi: 3.1.0", 14) == 0);  /* decoded */
	ck_assert_ptr_nonnull(strstr(r->vary, "Accept-Encoding"));
	resp_free(r);
	const char *identity[] = {"Accept-Encoding: identity", NULL};
	r = http_call("GET", "/openapi.yaml", NULL, NULL, identity);
	expect_status(r, 200);
	ck_assert_str_eq(r->content_encoding, "");
	resp_free(r);
	const char *refused[] = {"Accept-Encoding: gzip;q=0, br", NULL};
	r = http_call("GET", "/openapi.yaml", NULL, NULL, refused);
	ck_assert_str_eq(r->content_encoding, "");
	resp_free(r);
	/* Under 1 KiB: as it is. */
	r = http_get("/healthz", NULL);
	expect_status(r, 200);
	ck_assert_str_eq(r->content_encoding, "");
	resp_free(r);
}
END_TEST

START_TEST(if_none_match_on_a_resource)
{
	char body[256], path[128], tag[80];
	snprintf(body, sizeof(body), "{\"title\":\"Кэш\",\"assignee_id\":\"%s\",\"due_at\":\"2030-01-01T00:00:00Z\"}", W.m1.id);
	struct resp *r = http_post("/v1/tasks", W.head1.token, body);
	expect_status(r, 201);
	snprintf(path, sizeof(path), "/v1/tasks/%s", resp_str(r, "id"));
	resp_free(r);
	r = http_get(path, W.m1.token);
	expect_status(r, 200);
	snprintf(tag, sizeof(tag), "If-None-Match: %s", r->etag);
	char weak[96];
	snprintf(weak, sizeof(weak), "If-None-Match: \"999\", W/%s", r->etag);
	resp_free(r);
	const char *same[] = {tag, NULL}, *listed[] = {weak, NULL}, *any[] = {"If-None-Match: *", NULL},
		   *other[] = {"If-None-Match: \"999\"", NULL};
	const char *const *hits[] = {same, listed, any};
	for (int i = 0; i < 3; i++) {
		r = http_call("GET", path, W.m1.token, NULL, hits[i]);
		ck_assert_msg(r->status == 304, "%s: %ld", hits[i][0], r->status);
		ck_assert_str_eq(r->body, "");
		ck_assert_str_ne(r->etag, "");
		resp_free(r);
	}
	r = http_call("GET", path, W.m1.token, NULL, other);
	expect_status(r, 200);
	resp_free(r);
	/* A change makes the old tag miss. */
	r = http_patch(path, W.head1.token, "{\"priority\":\"high\"}");
	expect_status(r, 200);
	resp_free(r);
	r = http_call("GET", path, W.m1.token, NULL, same);
	expect_status(r, 200);
	resp_free(r);
}
END_TEST

START_TEST(if_none_match_on_plan_status)
{
	struct resp *r = http_get("/v1/plan-status?period=2026-03", W.owner_a.token);
	expect_status(r, 200);
	ck_assert_str_ne(r->etag, "");
	char tag[96];
	snprintf(tag, sizeof(tag), "If-None-Match: %s", r->etag);
	resp_free(r);
	const char *h[] = {tag, NULL};
	/* The answer's as_of moves on with every request; its figures do not: 304. */
	r = http_call("GET", "/v1/plan-status?period=2026-03", W.owner_a.token, NULL, h);
	expect_status(r, 304);
	resp_free(r);
	char body[256];
	snprintf(body, sizeof(body), "{\"subject_type\":\"manager\",\"subject_id\":\"%s\",\"targets\":{\"meetings\":7}}", W.m2.id);
	r = http_call("PUT", "/v1/plans/2026-03", W.owner_a.token, body, NULL);
	ck_assert(r->status == 200 || r->status == 201);
	resp_free(r);
	r = http_call("GET", "/v1/plan-status?period=2026-03", W.owner_a.token, NULL, h);
	expect_status(r, 200);
	ck_assert_str_ne(tag + 15, r->etag);
	resp_free(r);
	/* KPIs too. */
	char q[200];
	snprintf(q, sizeof(q), "/v1/kpi?subject_type=manager&subject_id=%s&from=2026-03-01&to=2026-03-31", W.m1.id);
	r = http_get(q, W.owner_a.token);
	expect_status(r, 200);
	snprintf(tag, sizeof(tag), "If-None-Match: %s", r->etag);
	resp_free(r);
	r = http_call("GET", q, W.owner_a.token, NULL, h);
	expect_status(r, 304);
	resp_free(r);
}
END_TEST

Suite *caching_suite(void)
{
	Suite *s = suite_create("caching");
	TCase *t = tcase_create("caching");
	tcase_add_test(t, gzip_for_large_bodies);
	tcase_add_test(t, if_none_match_on_a_resource);
	tcase_add_test(t, if_none_match_on_plan_status);
	suite_add_tcase(s, t);
	return s;
}
