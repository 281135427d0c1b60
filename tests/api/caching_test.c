/* Caching and size (SPEC §6.1): If-None-Match answered 304 on GETs with an ETag — single resources, plan status and
 * KPIs, whose tag covers the figures, not the moment — and gzip for bodies of 1 KiB or more. The suite's client
 * accepts gzip on every call (as browsers do), so every large reply of every test is also decoded and validated. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

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

/* The body of a GET sent over a plain connection with Accept-Encoding: gzip, as the bytes came (new, *len set). */
static unsigned char *raw_gzip_get(const char *path, const char *token, size_t *len)
{
	int fd = api_raw_connect();
	ck_assert_int_ge(fd, 0);
	char req[1024];
	int n = snprintf(req, sizeof(req),
			 "GET %s HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer %s\r\nAccept-Encoding: gzip\r\n"
			 "Connection: close\r\n\r\n",
			 path, token);
	ck_assert_int_eq(send(fd, req, (size_t)n, MSG_NOSIGNAL), n);
	size_t cap = 1 << 20, got = 0;
	char *all = malloc(cap);
	ssize_t r;
	while (got < cap && (r = recv(fd, all + got, cap - got, 0)) > 0)
		got += (size_t)r;
	close(fd);
	all[got < cap ? got : cap - 1] = '\0';
	ck_assert(strncmp(all, "HTTP/1.1 200", 12) == 0);
	ck_assert_ptr_nonnull(strcasestr(all, "\r\nContent-Encoding: gzip\r\n"));
	char *body = strstr(all, "\r\n\r\n");
	ck_assert_ptr_nonnull(body);
	body += 4;
	*len = got - (size_t)(body - all);
	unsigned char *out = malloc(*len);
	memcpy(out, body, *len);
	free(all);
	return out;
}

static char *gunzip_text(const unsigned char *gz, size_t len)
{
	z_stream z = {0};
	ck_assert_int_eq(inflateInit2(&z, 15 + 16), Z_OK);
	size_t cap = 1 << 22;
	char *out = calloc(1, cap + 1);
	z.next_in = (unsigned char *)gz;
	z.avail_in = (uInt)len;
	z.next_out = (unsigned char *)out;
	z.avail_out = (uInt)cap;
	ck_assert_int_eq(inflate(&z, Z_FINISH), Z_STREAM_END);
	inflateEnd(&z);
	return out;
}

/* A cached answer is deflated once and spliced into every gzip reply behind a head of this request's own (plan
 * status's as_of), which goes uncompressed in a stored block: the reply decodes to the very answer sent without gzip,
 * and a change of the data is in the next one. */
START_TEST(cached_answers_are_spliced_not_compressed_again)
{
	const char *path = "/v1/plan-status?period=2026-03";
	const char *identity[] = {"Accept-Encoding: identity", NULL};
	for (int round = 0; round < 2; round++) {
		struct resp *plain = http_call("GET", path, W.owner_a.token, NULL, identity);
		expect_status(plain, 200);
		ck_assert_str_eq(plain->content_encoding, "");
		size_t len = 0;
		unsigned char *gz = raw_gzip_get(path, W.owner_a.token, &len);
		ck_assert(gz[0] == 0x1f && gz[1] == 0x8b);
		/* A stored block (non-final, type 00) right after the 10-byte header, holding the head as it is. */
		ck_assert_int_eq(gz[10], 0);
		ck_assert(memcmp(gz + 15, "{\"period\":\"2026-03\",\"as_of\":\"", 29) == 0);
		char *text = gunzip_text(gz, len);
		const char *a = strstr(text, "\"workdays\""), *b = strstr(plain->body, "\"workdays\"");
		ck_assert_ptr_nonnull(a);
		ck_assert_ptr_nonnull(b);
		ck_assert_str_eq(a, b);
		free(text);
		free(gz);
		resp_free(plain);
		if (round == 0) {
			char body[256];
			snprintf(body, sizeof(body),
				 "{\"subject_type\":\"manager\",\"subject_id\":\"%s\",\"targets\":{\"meetings\":9}}", W.m1.id);
			struct resp *r = http_call("PUT", "/v1/plans/2026-03", W.owner_a.token, body, NULL);
			ck_assert(r->status == 200 || r->status == 201);
			resp_free(r);
		}
	}
}
END_TEST

Suite *caching_suite(void)
{
	Suite *s = suite_create("caching");
	TCase *t = tcase_create("caching");
	tcase_add_test(t, gzip_for_large_bodies);
	tcase_add_test(t, cached_answers_are_spliced_not_compressed_again);
	tcase_add_test(t, if_none_match_on_a_resource);
	tcase_add_test(t, if_none_match_on_plan_status);
	suite_add_tcase(s, t);
	return s;
}
