/* Alerts: each kind opened by a pass at one as_of and resolved at a later one after the data changes; repeated
 * passes never duplicate an alert; listing, reach and acknowledgement. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "world.h"

static struct member owner, head, m;
static char org[37], team[37];

static void setup_org(void)
{
	ck_assert_int_eq(world_org("alertco", org, &owner), 0);
	ck_assert_int_eq(world_user(&owner, "Head", "head@alertco.test", "head", NULL, &head), 0);
	ck_assert_int_eq(world_team(&owner, "Team", head.id, team), 0);
	ck_assert_int_eq(world_user(&owner, "Manager", "m@alertco.test", "manager", team, &m), 0);
	ck_assert_int_eq(world_hired_on(&owner, &m, "2026-03-01"), 0);
}

static void pass_at(const char *as_of)
{
	char body[96];
	snprintf(body, sizeof(body), "{\"as_of\":\"%s\"}", as_of);
	struct resp *r = http_post("/v1/admin/scheduler/run", owner.token, body);
	expect_status(r, 200);
	resp_free(r);
}

/* Open alerts of a kind (and, when given, date or metric). */
static int open_count(const char *kind, const char *date, const char *metric)
{
	char q[256];
	snprintf(q, sizeof(q), "/v1/alerts?status=open&kind=%s&limit=200", kind);
	struct resp *r = http_get(q, owner.token);
	expect_status(r, 200);
	int n = 0;
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(r->json, "items"), i, a) {
		const char *d = json_string_value(json_object_get(a, "date"));
		const char *mt = json_string_value(json_object_get(a, "metric"));
		if ((!date || (d && strcmp(d, date) == 0)) && (!metric || (mt && strcmp(mt, metric) == 0)))
			n++;
	}
	resp_free(r);
	return n;
}

static void post_ok(const char *path, const struct member *who, const char *body, int status)
{
	struct resp *r = http_post(path, who->token, body);
	expect_status(r, status);
	resp_free(r);
}

START_TEST(report_alerts_open_and_resolve)
{
	setup_org();
	/* 3 March 19:00 UTC is 22:00 in Moscow: the 2nd's and 3rd's reports are overdue. */
	pass_at("2026-03-03T19:00:00Z");
	ck_assert_int_eq(open_count("report_missing", "2026-03-02", NULL), 1);
	ck_assert_int_eq(open_count("report_missing", "2026-03-03", NULL), 1);
	ck_assert_int_eq(open_count("report_missing", "2026-03-04", NULL), 0);
	pass_at("2026-03-03T19:00:00Z");
	ck_assert_int_eq(open_count("report_missing", NULL, NULL), 2); /* no duplicates */

	char id[37];
	struct resp *r = http_post("/v1/daily-reports", m.token,
				   "{\"date\":\"2026-03-02\",\"calls_outbound\":10,\"leads_received\":5,\"leads_processed\":3}");
	expect_status(r, 201);
	snprintf(id, sizeof(id), "%s", resp_str(r, "id"));
	resp_free(r);
	pass_at("2026-03-03T19:05:00Z");
	ck_assert_int_eq(open_count("report_missing", NULL, NULL), 1);
	ck_assert_int_eq(open_count("report_mismatch", "2026-03-02", NULL), 1);
	ck_assert_int_eq(open_count("leads_unprocessed", "2026-03-02", NULL), 1);

	/* The calls arrive and the leads are processed: both clear. */
	char body[4096];
	size_t used = (size_t)snprintf(body, sizeof(body), "{\"items\":[");
	for (int i = 0; i < 10; i++)
		used += (size_t)snprintf(body + used, sizeof(body) - used,
					 "%s{\"manager_id\":\"%s\",\"direction\":\"outbound\",\"started_at\":\"2026-03-02T0%d:00:00Z\","
					 "\"duration_s\":60}",
					 i ? "," : "", m.id, i);
	snprintf(body + used, sizeof(body) - used, "]}");
	post_ok("/v1/call-logs/batch", &owner, body, 200);
	char path[128];
	snprintf(path, sizeof(path), "/v1/daily-reports/%s", id);
	r = http_patch(path, m.token, "{\"leads_processed\":5}");
	expect_status(r, 200);
	resp_free(r);
	pass_at("2026-03-03T19:10:00Z");
	ck_assert_int_eq(open_count("report_mismatch", NULL, NULL), 0);
	ck_assert_int_eq(open_count("leads_unprocessed", NULL, NULL), 0);

	r = http_get("/v1/alerts?status=resolved&kind=report_mismatch", owner.token);
	json_t *a = json_array_get(json_object_get(r->json, "items"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(a, "resolved_at")), "2026-03-03T19:10:00+00:00");
	resp_free(r);
}
END_TEST

START_TEST(task_alerts_open_and_resolve)
{
	setup_org();
	char body[256], id[37], path[128];
	snprintf(body, sizeof(body),
		 "{\"title\":\"Счёт\",\"assignee_id\":\"%s\",\"due_at\":\"2026-03-02T10:00:00Z\",\"priority\":\"critical\"}", m.id);
	struct resp *r = http_post("/v1/tasks", head.token, body);
	expect_status(r, 201);
	snprintf(id, sizeof(id), "%s", resp_str(r, "id"));
	resp_free(r);
	pass_at("2026-03-02T09:00:00Z");
	ck_assert_int_eq(open_count("task_overdue", NULL, NULL), 0);
	pass_at("2026-03-02T11:00:00Z");
	ck_assert_int_eq(open_count("task_overdue", NULL, NULL), 1);
	r = http_get("/v1/alerts?kind=task_overdue&severity=critical", head.token);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 1);
	resp_free(r);

	snprintf(path, sizeof(path), "/v1/tasks/%s/transitions", id);
	post_ok(path, &m, "{\"to\":\"in_progress\"}", 200);
	post_ok(path, &m, "{\"to\":\"done\"}", 200);
	pass_at("2026-03-02T11:05:00Z");
	ck_assert_int_eq(open_count("task_overdue", NULL, NULL), 0);
	ck_assert_int_eq(open_count("task_unchecked", NULL, NULL), 1);
	post_ok(path, &head, "{\"to\":\"accepted\"}", 200);
	pass_at("2026-03-02T11:10:00Z");
	ck_assert_int_eq(open_count("task_unchecked", NULL, NULL), 0);
}
END_TEST

START_TEST(plan_activity_and_idp_alerts)
{
	setup_org();
	char body[512];
	snprintf(body, sizeof(body),
		 "{\"subject_type\":\"manager\",\"subject_id\":\"%s\",\"targets\":{\"deals_won\":44,\"calls_effective\":220}}",
		 m.id);
	struct resp *r = http_call("PUT", "/v1/plans/2026-03", head.token, body, NULL);
	expect_status(r, 201);
	resp_free(r);
	const char *days[] = {"2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"};
	for (int i = 0; i < 5; i++) {
		snprintf(body, sizeof(body), "{\"date\":\"%s\",\"deals_won\":1}", days[i]);
		post_ok("/v1/daily-reports", &m, body, 201);
	}
	/* Friday 6 March after the deadline: e = 5 of W = 22; 5 deals forecast 22 of 44 (critical); no calls at all. */
	pass_at("2026-03-06T18:00:00Z");
	ck_assert_int_eq(open_count("plan_lagging", NULL, "deals_won"), 1);
	ck_assert_int_eq(open_count("plan_lagging", NULL, "calls_effective"), 1);
	ck_assert_int_eq(open_count("activity_drop", NULL, "calls_effective"), 1);
	ck_assert_int_eq(open_count("idp_needed", NULL, NULL), 1);
	r = http_get("/v1/alerts?kind=plan_lagging&severity=critical", owner.token);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 2);
	resp_free(r);

	/* Effective calls on the last three workdays lift activity; an active IDP answers idp_needed. */
	char calls[8192];
	size_t used = (size_t)snprintf(calls, sizeof(calls), "{\"items\":[");
	for (int i = 0; i < 30; i++)
		used += (size_t)snprintf(calls + used, sizeof(calls) - used,
					 "%s{\"manager_id\":\"%s\",\"direction\":\"outbound\",\"started_at\":\"%sT%02d:00:00Z\","
					 "\"duration_s\":120}",
					 i ? "," : "", m.id, days[2 + i % 3], 6 + i / 3);
	snprintf(calls + used, sizeof(calls) - used, "]}");
	post_ok("/v1/call-logs/batch", &owner, calls, 200);
	snprintf(body, sizeof(body),
		 "{\"manager_id\":\"%s\",\"reason\":\"r\",\"starts_on\":\"2026-03-01\",\"ends_on\":\"2026-04-30\","
		 "\"items\":[{\"competency\":\"c\",\"goal\":\"g\",\"due_on\":\"2026-03-05\",\"metric\":\"deals_won\",\"target_value\":10},"
		 "{\"competency\":\"auto\",\"goal\":\"3 deals\",\"due_on\":\"2026-03-31\",\"metric\":\"deals_won\",\"target_value\":3}]}",
		 m.id);
	r = http_post("/v1/development-plans", head.token, body);
	expect_status(r, 201);
	char plan[37], item[37], path[256];
	snprintf(plan, sizeof(plan), "%s", resp_str(r, "id"));
	snprintf(item, sizeof(item), "%s",
		 json_string_value(json_object_get(json_array_get(json_object_get(r->json, "items"), 0), "id")));
	resp_free(r);
	snprintf(path, sizeof(path), "/v1/development-plans/%s/transitions", plan);
	post_ok(path, &head, "{\"to\":\"active\"}", 200);
	pass_at("2026-03-06T18:05:00Z");
	ck_assert_int_eq(open_count("activity_drop", NULL, NULL), 0);
	ck_assert_int_eq(open_count("idp_needed", NULL, NULL), 0);
	ck_assert_int_eq(open_count("idp_item_overdue", "2026-03-05", NULL), 1);
	/* The second item's metric reached its target in the rollups: the pass marked it done. */
	snprintf(path, sizeof(path), "/v1/development-plans/%s", plan);
	r = http_get(path, m.token);
	json_t *auto_item = json_array_get(json_object_get(r->json, "items"), 1);
	ck_assert_str_eq(json_string_value(json_object_get(auto_item, "status")), "done");
	ck_assert_int_eq(json_expect_integer(auto_item, "current_value"), 5);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(r->json, "items"), 0), "status")),
			 "open");
	resp_free(r);

	/* Progress reaching the item's target marks it done: the item alert clears. A lower target clears the plan. */
	snprintf(path, sizeof(path), "/v1/development-plans/%s/items/%s/progress", plan, item);
	post_ok(path, &m, "{\"value\":10}", 201);
	snprintf(body, sizeof(body), "{\"subject_type\":\"manager\",\"subject_id\":\"%s\",\"targets\":{\"deals_won\":20}}",
		 m.id);
	r = http_call("PUT", "/v1/plans/2026-03", head.token, body, NULL);
	expect_status(r, 200);
	resp_free(r);
	pass_at("2026-03-06T18:10:00Z");
	ck_assert_int_eq(open_count("idp_item_overdue", NULL, NULL), 0);
	ck_assert_int_eq(open_count("plan_lagging", NULL, NULL), 0); /* 5 × 22 / 5 = 22 ≥ 20; calls dropped from the plan */
}
END_TEST

START_TEST(one_on_one_overdue_from_hiring)
{
	setup_org();
	char path[128], body[256], now[40], later[40];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	t += 3600;
	gmtime_r(&t, &tm);
	strftime(later, sizeof(later), "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* Hired 1 March: by now more than 14 days have passed without a one-on-one. */
	pass_at(now);
	ck_assert_int_eq(open_count("one_on_one_overdue", NULL, NULL), 1);
	snprintf(body, sizeof(body), "{\"manager_id\":\"%s\",\"scheduled_at\":\"%s\"}", m.id, now);
	struct resp *r = http_post("/v1/one-on-ones", head.token, body);
	expect_status(r, 201);
	snprintf(path, sizeof(path), "/v1/one-on-ones/%s/hold", resp_str(r, "id"));
	resp_free(r);
	post_ok(path, &head, "{\"notes\":\"ok\",\"mood\":4}", 200);
	pass_at(later);
	ck_assert_int_eq(open_count("one_on_one_overdue", NULL, NULL), 0);
}
END_TEST

START_TEST(reach_and_acknowledgement)
{
	setup_org();
	pass_at("2026-03-03T19:00:00Z");
	struct resp *r = http_get("/v1/alerts?kind=report_missing", m.token);
	expect_status(r, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 2); /* a manager sees their own */
	char id[37], path[128];
	snprintf(id, sizeof(id), "%s", json_string_value(json_object_get(json_array_get(json_object_get(r->json, "items"), 0), "id")));
	resp_free(r);
	snprintf(path, sizeof(path), "/v1/alerts/%s/ack", id);
	post_ok(path, &m, NULL, 403);
	post_ok(path, &W.owner_a, NULL, 404);
	r = http_post(path, head.token, NULL);
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "acknowledged_by"), head.id);
	resp_free(r);
	r = http_post(path, owner.token, NULL);
	ck_assert_str_eq(resp_str(r, "acknowledged_by"), head.id); /* the first acknowledgement stays */
	resp_free(r);
	snprintf(path, sizeof(path), "/v1/alerts/%s", id);
	r = http_get(path, W.owner_a.token);
	expect_status(r, 404);
	resp_free(r);
	r = http_get("/v1/alerts?kind=report_missing", W.owner_a.token);
	ck_assert_ptr_null(strstr(r->body, m.id));
	resp_free(r);
	r = http_get("/v1/alerts?kind=weather&severity=high", owner.token);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "kind"));
	ck_assert(resp_has_error_field(r, "severity"));
	resp_free(r);
	r = http_get("/v1/plan-status?period=2026-03&as_of=2026-03-03T19:00:00Z", owner.token);
	json_t *mgr = json_array_get(json_object_get(r->json, "managers"), 0);
	ck_assert_int_ge(json_expect_integer(mgr, "open_alerts"), 2);
	resp_free(r);
}
END_TEST

Suite *alerts_suite(void)
{
	Suite *s = suite_create("alerts");
	TCase *t = tcase_create("alerts");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, report_alerts_open_and_resolve);
	tcase_add_test(t, task_alerts_open_and_resolve);
	tcase_add_test(t, plan_activity_and_idp_alerts);
	tcase_add_test(t, one_on_one_overdue_from_hiring);
	tcase_add_test(t, reach_and_acknowledgement);
	suite_add_tcase(s, t);
	return s;
}
