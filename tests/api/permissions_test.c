/* The permission matrix: tests/api/permissions.tsv names, for every route, the status each kind of caller gets on
 * objects of manager m1. This suite creates those objects, then calls every route as every principal and reports
 * each cell whose status differs from the table. Bodies in the table are invalid but harmless, so an authorised
 * caller shows as 422 and nothing changes; routes that delete use a fresh object per call. Like every reply of the
 * suite, these are validated against openapi.yaml at the end of the run (tests/api/contract.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "world.h"

#define MATRIX_FILE "tests/api/permissions.tsv"
#define PRINCIPALS 10

struct objects {
	char task[37], call[37], report[37], ooo[37], idp[37], item[37], alert[37], webhook[37];
	char revoked_token[128];
};

static struct objects O;

static void created(struct resp *r, char out[37])
{
	expect_status(r, 201);
	snprintf(out, 37, "%s", resp_str(r, "id"));
	resp_free(r);
}

static void build_objects(void)
{
	char body[512], path[128];
	snprintf(body, sizeof(body), "{\"title\":\"matrix\",\"assignee_id\":\"%s\",\"due_at\":\"2030-01-01T00:00:00Z\"}",
		 W.m1.id);
	created(http_post("/v1/tasks", W.head1.token, body), O.task);
	created(http_post("/v1/call-logs", W.m1.token,
			  "{\"direction\":\"outbound\",\"started_at\":\"2026-11-09T08:00:00Z\",\"duration_s\":90}"),
		O.call);
	created(http_post("/v1/daily-reports", W.m1.token, "{\"date\":\"2026-11-09\"}"), O.report);
	snprintf(body, sizeof(body), "{\"manager_id\":\"%s\",\"scheduled_at\":\"2026-12-03T10:00:00Z\"}", W.m1.id);
	created(http_post("/v1/one-on-ones", W.head1.token, body), O.ooo);

	snprintf(body, sizeof(body),
		 "{\"manager_id\":\"%s\",\"reason\":\"matrix\",\"starts_on\":\"2026-11-01\",\"ends_on\":\"2026-12-31\","
		 "\"items\":[{\"competency\":\"c\",\"goal\":\"g\",\"due_on\":\"2026-12-20\"}]}",
		 W.m1.id);
	struct resp *r = http_post("/v1/development-plans", W.head1.token, body);
	expect_status(r, 201);
	snprintf(O.idp, sizeof(O.idp), "%s", resp_str(r, "id"));
	snprintf(O.item, sizeof(O.item), "%s",
		 json_string_value(json_object_get(json_array_get(json_object_get(r->json, "items"), 0), "id")));
	resp_free(r);
	/* Progress is recorded only on an active plan, so the matrix sees the manager's own right to report it. */
	snprintf(path, sizeof(path), "/v1/development-plans/%s/transitions", O.idp);
	r = http_post(path, W.head1.token, "{\"to\":\"active\"}");
	expect_status(r, 200);
	resp_free(r);

	/* 1 December 19:00 UTC is 22:00 in Moscow: m1's report for that workday is overdue. */
	r = http_post("/v1/admin/scheduler/run", W.owner_a.token, "{\"as_of\":\"2026-12-01T19:00:00Z\"}");
	expect_status(r, 200);
	resp_free(r);
	r = http_get("/v1/alerts?status=open&kind=report_missing&limit=200", W.owner_a.token);
	expect_status(r, 200);
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(r->json, "items"), i, a) {
		if (strcmp(json_string_value(json_object_get(a, "manager_id")), W.m1.id) == 0) {
			snprintf(O.alert, sizeof(O.alert), "%s", json_string_value(json_object_get(a, "id")));
			break;
		}
	}
	resp_free(r);
	ck_assert_msg(O.alert[0] != '\0', "the pass opened no report_missing alert for m1");

	created(http_post("/v1/webhooks", W.owner_a.token,
			  "{\"url\":\"https://hooks.example.test/matrix\",\"events\":[\"alert.opened\"]}"),
		O.webhook);

	snprintf(path, sizeof(path), "/v1/users/%s/tokens", W.m1.id);
	r = http_post(path, W.m1.token, NULL);
	expect_status(r, 201);
	snprintf(O.revoked_token, sizeof(O.revoked_token), "%s", resp_str(r, "token"));
	snprintf(path, sizeof(path), "/v1/tokens/%s", resp_str(r, "id"));
	resp_free(r);
	r = http_call("DELETE", path, W.m1.token, NULL, NULL);
	expect_status(r, 204);
	resp_free(r);
}

/* Objects the DELETE rows consume: a new one for every call, so each principal meets one that exists. */
static void fresh_token(char out[37])
{
	char path[128];
	snprintf(path, sizeof(path), "/v1/users/%s/tokens", W.m1.id);
	created(http_post(path, W.m1.token, NULL), out);
}

static void fresh_webhook(char out[37])
{
	created(http_post("/v1/webhooks", W.owner_a.token,
			  "{\"url\":\"https://hooks.example.test/gone\",\"events\":[\"alert.opened\"]}"),
		out);
}

/* Replaces every {name} in template; returns 0, or -1 for a name the matrix does not know. */
static int expand(const char *template, char *out, size_t cap)
{
	size_t n = 0;
	const char *p = template;
	while (*p && n + 1 < cap) {
		if (*p != '{') {
			out[n++] = *p++;
			continue;
		}
		const char *end = strchr(p, '}');
		if (!end)
			return -1;
		char name[32], fresh[37];
		snprintf(name, sizeof(name), "%.*s", (int)(end - p - 1), p + 1);
		const char *value = NULL;
		if (strcmp(name, "user") == 0)
			value = W.m1.id;
		else if (strcmp(name, "team") == 0)
			value = W.team1;
		else if (strcmp(name, "task") == 0)
			value = O.task;
		else if (strcmp(name, "call") == 0)
			value = O.call;
		else if (strcmp(name, "report") == 0)
			value = O.report;
		else if (strcmp(name, "ooo") == 0)
			value = O.ooo;
		else if (strcmp(name, "idp") == 0)
			value = O.idp;
		else if (strcmp(name, "item") == 0)
			value = O.item;
		else if (strcmp(name, "alert") == 0)
			value = O.alert;
		else if (strcmp(name, "webhook") == 0)
			value = O.webhook;
		else if (strcmp(name, "fresh_token") == 0)
			fresh_token(fresh), value = fresh;
		else if (strcmp(name, "fresh_webhook") == 0)
			fresh_webhook(fresh), value = fresh;
		else
			return -1;
		n += (size_t)snprintf(out + n, cap - n, "%s", value);
		if (n >= cap)
			return -1;
		p = end + 1;
	}
	out[n] = '\0';
	return *p ? -1 : 0;
}

static const char *principal_token(int k)
{
	const struct member *m[] = {&W.m1, &W.m2, &W.m3, &W.head1, &W.head2, &W.owner_a, &W.owner_b};
	switch (k) {
	case 0: return NULL;
	case 1: return "sct_not-a-real-token";
	case 2: return O.revoked_token;
	default: return m[k - 3]->token;
	}
}

START_TEST(every_route_for_every_principal)
{
	static const char *names[PRINCIPALS] = {"none", "bad", "revoked", "m1", "m2", "m3",
						"head1", "head2", "owner_a", "owner_b"};
	build_objects();
	FILE *f = fopen(MATRIX_FILE, "r");
	ck_assert_msg(f != NULL, "cannot open %s (run from the repository root)", MATRIX_FILE);
	char line[1024];
	int rows = 0, checks = 0, mismatches = 0;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		char *save = NULL;
		char *method = strtok_r(line, "\t", &save);
		char *path = strtok_r(NULL, "\t", &save);
		char *body = strtok_r(NULL, "\t", &save);
		ck_assert_msg(method && path && body, "matrix row %d is short", rows + 1);
		int expected[PRINCIPALS];
		for (int k = 0; k < PRINCIPALS; k++) {
			char *cell = strtok_r(NULL, "\t", &save);
			ck_assert_msg(cell != NULL, "matrix row %s %s lacks a status for %s", method, path, names[k]);
			expected[k] = atoi(cell);
		}
		rows++;
		for (int k = 0; k < PRINCIPALS; k++) {
			char url[512];
			ck_assert_msg(expand(path, url, sizeof(url)) == 0, "matrix path %s names an unknown object", path);
			struct resp *r = http_call(method, url, principal_token(k), strcmp(body, "-") == 0 ? NULL : body, NULL);
			checks++;
			if (r->status != expected[k]) {
				mismatches++;
				fprintf(stderr, "permission matrix: %s %s as %s: expected %d, got %ld: %.200s\n", method, path,
					names[k], expected[k], r->status, r->body);
			}
			resp_free(r);
		}
	}
	fclose(f);
	printf("permission matrix: %d routes, %d checks, %d mismatches\n", rows, checks, mismatches);
	ck_assert_int_ge(rows, 60);
	ck_assert_int_eq(mismatches, 0);
}
END_TEST

Suite *permissions_suite(void)
{
	Suite *s = suite_create("permissions");
	TCase *t = tcase_create("matrix");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, every_route_for_every_principal);
	suite_add_tcase(s, t);
	return s;
}
