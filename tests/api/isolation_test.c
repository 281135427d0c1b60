/* Tenant isolation: every route that names an object answers 404 to another organisation's owner, whatever the
 * method, and changes nothing. */
#include <stdio.h>
#include <string.h>

#include "world.h"

static void created_id(struct resp *r, char out[37])
{
	expect_status(r, 201);
	snprintf(out, 37, "%s", resp_str(r, "id"));
	resp_free(r);
}

START_TEST(another_organisation_gets_404_everywhere)
{
	char task[37], call[37], report[37], ooo[37], plan[37], item[37], token[37], body[512];
	snprintf(body, sizeof(body), "{\"title\":\"t\",\"assignee_id\":\"%s\",\"due_at\":\"2030-01-01T00:00:00Z\"}", W.m1.id);
	created_id(http_post("/v1/tasks", W.head1.token, body), task);
	created_id(http_post("/v1/call-logs", W.m1.token,
			     "{\"direction\":\"outbound\",\"started_at\":\"2026-11-06T08:00:00Z\",\"duration_s\":60}"),
		   call);
	created_id(http_post("/v1/daily-reports", W.m1.token, "{\"date\":\"2026-11-06\"}"), report);
	snprintf(body, sizeof(body), "{\"manager_id\":\"%s\",\"scheduled_at\":\"2026-12-01T10:00:00Z\"}", W.m1.id);
	created_id(http_post("/v1/one-on-ones", W.head1.token, body), ooo);
	snprintf(body, sizeof(body),
		 "{\"manager_id\":\"%s\",\"reason\":\"r\",\"starts_on\":\"2026-11-01\",\"ends_on\":\"2026-12-01\","
		 "\"items\":[{\"competency\":\"c\",\"goal\":\"g\",\"due_on\":\"2026-11-30\"}]}",
		 W.m1.id);
	struct resp *r = http_post("/v1/development-plans", W.head1.token, body);
	expect_status(r, 201);
	snprintf(plan, sizeof(plan), "%s", resp_str(r, "id"));
	snprintf(item, sizeof(item), "%s",
		 json_string_value(json_object_get(json_array_get(json_object_get(r->json, "items"), 0), "id")));
	resp_free(r);
	snprintf(body, sizeof(body), "/v1/users/%s/tokens", W.m1.id);
	r = http_get(body, W.m1.token);
	snprintf(token, sizeof(token), "%s",
		 json_string_value(json_object_get(json_array_get(json_object_get(r->json, "items"), 0), "id")));
	resp_free(r);

	struct {
		const char *method;
		char path[200];
		const char *body;
	} routes[] = {
		{"GET", "", NULL}, {"PATCH", "", "{\"name\":\"x\"}"}, {"GET", "", NULL}, {"PATCH", "", "{\"name\":\"x\"}"},
		{"POST", "", "{}"}, {"GET", "", NULL}, {"DELETE", "", NULL},
		{"GET", "", NULL}, {"PATCH", "", "{\"title\":\"x\"}"}, {"POST", "", "{\"to\":\"cancelled\"}"},
		{"GET", "", NULL},
		{"GET", "", NULL},
		{"POST", "", "{\"score\":50,\"checklist\":{\"greeting\":true,\"needs_identified\":true,\"presentation\":true,"
			     "\"objections_handled\":true,\"next_step\":true}}"},
		{"GET", "", NULL}, {"PATCH", "", "{\"meetings\":1}"}, {"POST", "", "{\"verdict\":\"accepted\",\"score\":5}"},
		{"GET", "", NULL}, {"PATCH", "", "{\"agenda\":\"x\"}"}, {"POST", "", "{}"}, {"POST", "", "{}"},
		{"GET", "", NULL}, {"PATCH", "", "{\"reason\":\"x\"}"}, {"POST", "", "{\"to\":\"active\"}"},
		{"POST", "", "{\"competency\":\"c\",\"goal\":\"g\",\"due_on\":\"2026-11-30\"}"}, {"POST", "", "{\"note\":\"n\"}"},
	};
	int k = 0;
	snprintf(routes[k++].path, 200, "/v1/users/%s", W.m1.id);
	snprintf(routes[k++].path, 200, "/v1/users/%s", W.m1.id);
	snprintf(routes[k++].path, 200, "/v1/teams/%s", W.team1);
	snprintf(routes[k++].path, 200, "/v1/teams/%s", W.team1);
	snprintf(routes[k++].path, 200, "/v1/users/%s/tokens", W.m1.id);
	snprintf(routes[k++].path, 200, "/v1/users/%s/tokens", W.m1.id);
	snprintf(routes[k++].path, 200, "/v1/tokens/%s", token);
	snprintf(routes[k++].path, 200, "/v1/tasks/%s", task);
	snprintf(routes[k++].path, 200, "/v1/tasks/%s", task);
	snprintf(routes[k++].path, 200, "/v1/tasks/%s/transitions", task);
	snprintf(routes[k++].path, 200, "/v1/tasks/%s/events", task);
	snprintf(routes[k++].path, 200, "/v1/call-logs/%s", call);
	snprintf(routes[k++].path, 200, "/v1/call-logs/%s/review", call);
	snprintf(routes[k++].path, 200, "/v1/daily-reports/%s", report);
	snprintf(routes[k++].path, 200, "/v1/daily-reports/%s", report);
	snprintf(routes[k++].path, 200, "/v1/daily-reports/%s/review", report);
	snprintf(routes[k++].path, 200, "/v1/one-on-ones/%s", ooo);
	snprintf(routes[k++].path, 200, "/v1/one-on-ones/%s", ooo);
	snprintf(routes[k++].path, 200, "/v1/one-on-ones/%s/hold", ooo);
	snprintf(routes[k++].path, 200, "/v1/one-on-ones/%s/cancel", ooo);
	snprintf(routes[k++].path, 200, "/v1/development-plans/%s", plan);
	snprintf(routes[k++].path, 200, "/v1/development-plans/%s", plan);
	snprintf(routes[k++].path, 200, "/v1/development-plans/%s/transitions", plan);
	snprintf(routes[k++].path, 200, "/v1/development-plans/%s/items", plan);
	snprintf(routes[k++].path, 200, "/v1/development-plans/%s/items/%s/progress", plan, item);
	ck_assert_int_eq(k, (int)(sizeof(routes) / sizeof(routes[0])));
	for (int i = 0; i < k; i++) {
		r = http_call(routes[i].method, routes[i].path, W.owner_b.token, routes[i].body, NULL);
		ck_assert_msg(r->status == 404, "%s %s answered %ld to another organisation", routes[i].method,
			      routes[i].path, r->status);
		ck_assert_str_eq(resp_code(r), "not_found");
		resp_free(r);
	}
	/* Nothing changed: the owner of organisation A still sees the objects as they were. */
	snprintf(body, sizeof(body), "/v1/tasks/%s", task);
	r = http_get(body, W.owner_a.token);
	ck_assert_str_eq(resp_str(r, "status"), "new");
	ck_assert_str_eq(resp_str(r, "title"), "t");
	resp_free(r);
	snprintf(body, sizeof(body), "/v1/one-on-ones/%s", ooo);
	r = http_get(body, W.owner_a.token);
	ck_assert_str_eq(resp_str(r, "status"), "scheduled");
	resp_free(r);
	r = http_get("/v1/me", W.m1.token);
	expect_status(r, 200); /* the token was not revoked */
	resp_free(r);
}
END_TEST

Suite *isolation_suite(void)
{
	Suite *s = suite_create("isolation");
	TCase *t = tcase_create("isolation");
	tcase_set_timeout(t, 30);
	tcase_add_test(t, another_organisation_gets_404_everywhere);
	suite_add_tcase(s, t);
	return s;
}
