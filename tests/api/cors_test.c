/* CORS (SPEC §6.1): a preflight for every route of the permission matrix (which a unit test holds to the route
 * table), from the allowed origin and from another; and the CORS headers on ordinary replies, errors included.
 * tests/run.sh starts the servers with SALESCTL_CORS_ORIGINS set to SALESCTL_TEST_CORS_ORIGIN. The real browser's
 * view of the same is tests/browser/cors.mjs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "world.h"

#define MATRIX_FILE "tests/api/permissions.tsv"
#define OTHER_ORIGIN "http://evil.example.test"

static const char *allowed_origin(void)
{
	const char *o = getenv("SALESCTL_TEST_CORS_ORIGIN");
	ck_assert_msg(o != NULL, "SALESCTL_TEST_CORS_ORIGIN is not set (tests/run.sh sets it)");
	return o;
}

/* A path of the matrix with every {placeholder} replaced by an id-shaped value and the query string dropped: a
 * preflight needs no object to exist. */
static void concrete(const char *template, char *out, size_t cap)
{
	size_t n = 0;
	for (const char *p = template; *p && *p != '?' && n + 40 < cap; p++) {
		if (*p == '{') {
			n += (size_t)snprintf(out + n, cap - n, "00000000-0000-4000-8000-000000000000");
			p = strchr(p, '}');
		} else {
			out[n++] = *p;
		}
	}
	out[n] = '\0';
}

static bool lists(const char *list, const char *item)
{
	char copy[512];
	snprintf(copy, sizeof(copy), "%s", list);
	char *save = NULL;
	for (char *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save))
		if (strcasecmp(t, item) == 0)
			return true;
	return false;
}

START_TEST(a_preflight_for_every_route)
{
	FILE *f = fopen(MATRIX_FILE, "r");
	ck_assert_msg(f != NULL, "cannot open %s", MATRIX_FILE);
	char line[1024], origin_h[300], method_h[64];
	snprintf(origin_h, sizeof(origin_h), "Origin: %s", allowed_origin());
	const char *wanted[] = {"Authorization", "Content-Type", "Idempotency-Key", "If-Match", "If-None-Match",
				"Accept-Language", "X-Request-Id"};
	int routes = 0;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		char method[16], template[512], path[600];
		ck_assert_int_eq(sscanf(line, "%15[^\t]\t%511[^\t]", method, template), 2);
		concrete(template, path, sizeof(path));
		snprintf(method_h, sizeof(method_h), "Access-Control-Request-Method: %s", method);
		const char *h[] = {origin_h, method_h, "Access-Control-Request-Headers: authorization, content-type", NULL};
		struct resp *r = http_call("OPTIONS", path, NULL, NULL, h);
		ck_assert_msg(r->status == 204, "OPTIONS %s: %ld %s", path, r->status, r->body);
		ck_assert_str_eq(r->acao, allowed_origin());
		ck_assert_msg(lists(r->acam, method), "OPTIONS %s allows %s, not %s", path, r->acam, method);
		for (size_t i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++)
			ck_assert_msg(lists(r->acah, wanted[i]), "OPTIONS %s: %s not allowed (%s)", path, wanted[i], r->acah);
		ck_assert_str_eq(r->acma, "600");
		ck_assert(lists(r->vary, "Origin"));
		ck_assert_str_eq(r->body, "");
		resp_free(r);

		const char *other[] = {"Origin: " OTHER_ORIGIN, method_h, NULL};
		r = http_call("OPTIONS", path, NULL, NULL, other);
		ck_assert_int_eq(r->status, 204);
		ck_assert_msg(!r->acao[0] && !r->acam[0] && !r->acah[0], "OPTIONS %s gave another origin CORS headers", path);
		ck_assert(lists(r->vary, "Origin"));
		resp_free(r);
		routes++;
	}
	fclose(f);
	printf("cors: preflights for %d matrix rows from the allowed origin and another\n", routes);
	struct resp *r = http_call("OPTIONS", "/v1/no-such-route", NULL, NULL, NULL);
	expect_status(r, 404);
	resp_free(r);
}
END_TEST

static void expect_cors(struct resp *r, long status, bool allowed)
{
	ck_assert_msg(r->status == status, "expected %ld, got %ld: %s", status, r->status, r->body);
	if (allowed) {
		ck_assert_str_eq(r->acao, allowed_origin());
		const char *exposed[] = {"ETag", "X-Request-Id", "Retry-After", "Location"};
		for (size_t i = 0; i < 4; i++)
			ck_assert_msg(lists(r->aceh, exposed[i]), "%s not exposed: %s", exposed[i], r->aceh);
	} else {
		ck_assert_msg(!r->acao[0] && !r->aceh[0], "CORS headers for a disallowed origin: %s", r->acao);
	}
	ck_assert(lists(r->vary, "Origin"));
	resp_free(r);
}

START_TEST(every_reply_to_an_allowed_origin_carries_cors)
{
	char origin_h[300], path[128];
	size_t big_len = 2100000;
	char *big = malloc(big_len);
	ck_assert_ptr_nonnull(big);
	snprintf(origin_h, sizeof(origin_h), "Origin: %s", allowed_origin());
	for (int allowed = 1; allowed >= 0; allowed--) {
		const char *h[] = {allowed ? origin_h : "Origin: " OTHER_ORIGIN, NULL};
		expect_cors(http_call("GET", "/v1/me", W.m1.token, NULL, h), 200, allowed);
		expect_cors(http_call("GET", "/v1/me", NULL, NULL, h), 401, allowed);
		expect_cors(http_call("GET", "/v1/tasks/00000000-0000-4000-8000-000000000000", W.m1.token, NULL, h), 404,
			    allowed);
		expect_cors(http_call("POST", "/v1/call-logs", W.m1.token, "{\"direction\":\"sideways\"}", h), 422, allowed);
		expect_cors(http_call("DELETE", "/v1/me", W.m1.token, NULL, h), 405, allowed);
		expect_cors(http_call("GET", "/v1/me%00", W.m1.token, NULL, h), 400, allowed);
		snprintf(path, sizeof(path), "/v1/users/%s", W.m1.id);
		const char *stale[] = {h[0], "If-Match: \"999\"", NULL};
		expect_cors(http_call("PATCH", path, W.owner_a.token, "{\"name\":\"Stale\"}", stale), 412, allowed);
		memset(big, ' ', big_len - 3);
		big[0] = '{';
		big[big_len - 3] = '}';
		big[big_len - 2] = '\0';
		expect_cors(http_call("POST", "/v1/call-logs", W.m1.token, big, h), 413, allowed);
	}
	free(big);
	/* Without an Origin (a server-side client) nothing changes but Vary. */
	struct resp *r = http_get("/v1/me", W.m1.token);
	expect_cors(r, 200, false);
}
END_TEST

Suite *cors_suite(void)
{
	Suite *s = suite_create("cors");
	TCase *t = tcase_create("cors");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, a_preflight_for_every_route);
	tcase_add_test(t, every_reply_to_an_allowed_origin_carries_cors);
	suite_add_tcase(s, t);
	return s;
}
