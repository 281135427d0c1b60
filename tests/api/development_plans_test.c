/* Development plans: creation with items, who manages, the status machine, items, progress and auto-done. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "world.h"

static char path[512];

static const char *plan_path(const char *id, const char *suffix)
{
	snprintf(path, sizeof(path), "/v1/development-plans/%s%s", id, suffix);
	return path;
}

static void create_plan(const struct member *head, const struct member *m, char id[37], char item0[37], char item1[37])
{
	char body[1024];
	snprintf(body, sizeof(body),
		 "{\"manager_id\":\"%s\",\"reason\":\"Отстаёт по выручке\",\"starts_on\":\"2026-11-01\",\"ends_on\":\"2026-12-31\","
		 "\"items\":[{\"competency\":\"Возражения\",\"goal\":\"Пройти тренинг\",\"due_on\":\"2026-11-20\"},"
		 "{\"competency\":\"Продажи\",\"goal\":\"3 сделки\",\"metric\":\"deals_won\",\"target_value\":3,"
		 "\"due_on\":\"2026-12-31\"}]}",
		 m->id);
	struct resp *r = http_post("/v1/development-plans", head->token, body);
	expect_status(r, 201);
	ck_assert_str_eq(resp_str(r, "status"), "draft");
	ck_assert_str_eq(resp_str(r, "author_id"), head->id);
	json_t *items = json_object_get(r->json, "items");
	ck_assert_uint_eq(json_array_size(items), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 0), "competency")), "Возражения");
	snprintf(id, 37, "%s", resp_str(r, "id"));
	snprintf(item0, 37, "%s", json_string_value(json_object_get(json_array_get(items, 0), "id")));
	snprintf(item1, 37, "%s", json_string_value(json_object_get(json_array_get(items, 1), "id")));
	resp_free(r);
}

static void expect_move(const struct member *who, const char *id, const char *to, int status)
{
	char body[64];
	snprintf(body, sizeof(body), "{\"to\":\"%s\"}", to);
	struct resp *r = http_post(plan_path(id, "/transitions"), who->token, body);
	expect_status(r, status);
	if (status == 200)
		ck_assert_str_eq(resp_str(r, "status"), to);
	resp_free(r);
}

START_TEST(create_validation_and_reach)
{
	struct resp *r = http_post("/v1/development-plans", W.head1.token,
				   "{\"reason\":\"\",\"starts_on\":\"2026-12-31\",\"ends_on\":\"2026-02-30\","
				   "\"items\":[{\"competency\":\"x\",\"goal\":\"y\",\"metric\":\"revenue_minor\",\"due_on\":\"2026-12-01\"},"
				   "{\"metric\":\"happiness\"}]}");
	expect_status(r, 422);
	const char *fields[] = {"manager_id", "reason", "ends_on", "items[0].target_value", "items[1].competency",
				"items[1].goal", "items[1].metric", "items[1].due_on"};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		ck_assert_msg(resp_has_error_field(r, fields[i]), "no error for %s: %s", fields[i], r->body);
	resp_free(r);
	char body[512];
	snprintf(body, sizeof(body),
		 "{\"manager_id\":\"%s\",\"reason\":\"r\",\"starts_on\":\"2026-12-31\",\"ends_on\":\"2026-11-01\"}", W.m1.id);
	r = http_post("/v1/development-plans", W.head1.token, body);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "ends_on"));
	resp_free(r);
	snprintf(body, sizeof(body),
		 "{\"manager_id\":\"%s\",\"reason\":\"r\",\"starts_on\":\"2026-11-01\",\"ends_on\":\"2026-12-01\"}", W.m3.id);
	r = http_post("/v1/development-plans", W.head1.token, body);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "manager_id"));
	resp_free(r);
	r = http_post("/v1/development-plans", W.m1.token, body);
	expect_status(r, 403);
	resp_free(r);
}
END_TEST

START_TEST(lifecycle_progress_and_roles)
{
	char id[37], item0[37], item1[37];
	create_plan(&W.head1, &W.m1, id, item0, item1);
	const struct member *blind[] = {&W.m2, &W.head2, &W.owner_b};
	for (size_t i = 0; i < 3; i++) {
		struct resp *r = http_get(plan_path(id, ""), blind[i]->token);
		expect_status(r, 404);
		resp_free(r);
	}
	char prog[256];
	snprintf(prog, sizeof(prog), "/items/%s/progress", item1);
	struct resp *r = http_post(plan_path(id, prog), W.m1.token, "{\"value\":1,\"note\":\"Первая сделка\"}");
	expect_status(r, 409); /* still a draft */
	resp_free(r);

	expect_move(&W.m1, id, "active", 403);
	expect_move(&W.head1, id, "completed", 409);
	expect_move(&W.head1, id, "active", 200);

	r = http_post(plan_path(id, prog), W.m1.token, "{\"value\":1,\"note\":\"Первая сделка\"}");
	expect_status(r, 201);
	json_t *item = json_array_get(json_object_get(r->json, "items"), 1);
	ck_assert_str_eq(json_string_value(json_object_get(item, "status")), "open");
	ck_assert_uint_eq(json_array_size(json_object_get(item, "progress")), 1);
	resp_free(r);
	r = http_post(plan_path(id, prog), W.head1.token, "{\"value\":3}");
	expect_status(r, 201);
	item = json_array_get(json_object_get(r->json, "items"), 1);
	ck_assert_str_eq(json_string_value(json_object_get(item, "status")), "done");
	resp_free(r);
	r = http_post(plan_path(id, prog), W.m1.token, "{}");
	expect_status(r, 422);
	resp_free(r);
	char other[256];
	snprintf(other, sizeof(other), "/items/%s/progress", W.m1.id); /* not an item of this plan */
	r = http_post(plan_path(id, other), W.m1.token, "{\"note\":\"x\"}");
	expect_status(r, 404);
	resp_free(r);

	r = http_post(plan_path(id, "/items"), W.m1.token, "{\"competency\":\"CRM\",\"goal\":\"g\",\"due_on\":\"2026-12-01\"}");
	expect_status(r, 403);
	resp_free(r);
	r = http_post(plan_path(id, "/items"), W.head1.token, "{\"competency\":\"CRM\",\"goal\":\"g\",\"due_on\":\"2026-12-01\"}");
	expect_status(r, 201);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 3);
	resp_free(r);

	r = http_patch(plan_path(id, ""), W.m1.token, "{\"reason\":\"x\"}");
	expect_status(r, 403);
	resp_free(r);
	r = http_patch(plan_path(id, ""), W.owner_a.token, "{\"ends_on\":\"2027-01-31\"}");
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "ends_on"), "2027-01-31");
	resp_free(r);

	expect_move(&W.head1, id, "failed", 200);
	expect_move(&W.head1, id, "active", 409);
	r = http_post(plan_path(id, "/items"), W.head1.token, "{\"competency\":\"CRM\",\"goal\":\"g\",\"due_on\":\"2026-12-01\"}");
	expect_status(r, 409);
	resp_free(r);

	snprintf(prog, sizeof(prog), "/v1/development-plans?manager_id=%s&status=failed", W.m1.id);
	r = http_get(prog, W.m1.token);
	expect_status(r, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 1);
	resp_free(r);
}
END_TEST

static json_t *item_of(json_t *plan, int i)
{
	return json_array_get(json_object_get(plan, "items"), (size_t)i);
}

/* Goals on ratios (SPEC §6.2): conversion measured as deals ÷ leads over the plan's window, done when it reaches the
 * target; the average deal as revenue ÷ deals. */
START_TEST(goals_on_ratios)
{
	struct member o, m;
	char org[37], body[768], url[160];
	ck_assert_int_eq(world_org("ratioco", org, &o), 0);
	ck_assert_int_eq(world_user(&o, "M", "m@ratioco.test", "manager", NULL, &m), 0);
	snprintf(body, sizeof(body),
		 "{\"manager_id\":\"%s\",\"reason\":\"Конверсия ниже 25 %%\",\"starts_on\":\"2026-04-01\","
		 "\"ends_on\":\"2026-04-30\",\"items\":["
		 "{\"competency\":\"Закрытие\",\"goal\":\"Конверсия 25 %%\",\"metric\":\"conversion\",\"target_value\":0.25,"
		 "\"due_on\":\"2026-04-30\"},"
		 "{\"competency\":\"Чек\",\"goal\":\"Средняя сделка\",\"metric\":\"avg_deal_minor\",\"target_value\":1,"
		 "\"due_on\":\"2026-04-30\"}]}",
		 m.id);
	struct resp *r = http_post("/v1/development-plans", o.token, body);
	expect_status(r, 201);
	char plan[37];
	snprintf(plan, sizeof(plan), "%s", resp_str(r, "id"));
	resp_free(r);
	snprintf(url, sizeof(url), "/v1/development-plans/%s/transitions", plan);
	r = http_post(url, o.token, "{\"to\":\"active\"}");
	expect_status(r, 200);
	/* Nothing to divide by yet: null, not 0, and not done. */
	ck_assert(json_is_null(json_object_get(item_of(r->json, 0), "current_value")));
	resp_free(r);
	r = http_post("/v1/daily-reports", m.token,
		      "{\"date\":\"2026-04-01\",\"leads_received\":10,\"leads_processed\":10,\"deals_won\":2}");
	expect_status(r, 201);
	resp_free(r);
	r = http_post("/v1/admin/scheduler/run", o.token, "{\"as_of\":\"2026-04-02T09:00:00Z\"}");
	expect_status(r, 200);
	resp_free(r);
	snprintf(url, sizeof(url), "/v1/development-plans/%s", plan);
	r = http_get(url, o.token);
	expect_status(r, 200);
	ck_assert(fabs(json_expect_number(item_of(r->json, 0), "current_value") - 0.2) < 1e-9);
	ck_assert_str_eq(json_string_value(json_object_get(item_of(r->json, 0), "status")), "open");
	ck_assert(fabs(json_expect_number(item_of(r->json, 1), "current_value")) < 1e-9); /* 2 deals, no revenue yet */
	resp_free(r);
	/* A better day: 6 deals of 20 leads over the window is 0.3, the ratio of sums (the mean of 0.2 and 0.4 would be
	 * the same here; 2 of 10 and 4 of 30 would not: 0.15 against 0.17). */
	r = http_post("/v1/daily-reports", m.token,
		      "{\"date\":\"2026-04-02\",\"leads_received\":30,\"leads_processed\":30,\"deals_won\":4}");
	expect_status(r, 201);
	resp_free(r);
	r = http_post("/v1/admin/scheduler/run", o.token, "{\"as_of\":\"2026-04-03T09:00:00Z\"}");
	expect_status(r, 200);
	resp_free(r);
	r = http_get(url, o.token);
	expect_status(r, 200);
	ck_assert(fabs(json_expect_number(item_of(r->json, 0), "current_value") - 0.15) < 1e-9);
	ck_assert_str_eq(json_string_value(json_object_get(item_of(r->json, 0), "status")), "open");
	resp_free(r);
	r = http_post("/v1/daily-reports", m.token,
		      "{\"date\":\"2026-04-03\",\"leads_received\":2,\"leads_processed\":2,\"deals_won\":6,"
		      "\"revenue_minor\":1200000}");
	expect_status(r, 201);
	resp_free(r);
	r = http_post("/v1/admin/scheduler/run", o.token, "{\"as_of\":\"2026-04-06T09:00:00Z\"}");
	expect_status(r, 200);
	resp_free(r);
	r = http_get(url, o.token);
	expect_status(r, 200);
	ck_assert(fabs(json_expect_number(item_of(r->json, 0), "current_value") - 12.0 / 42.0) < 1e-9);
	ck_assert_str_eq(json_string_value(json_object_get(item_of(r->json, 0), "status")), "done");
	ck_assert(fabs(json_expect_number(item_of(r->json, 1), "current_value") - 100000) < 1e-6);
	resp_free(r);
	/* Ratios the KPIs do not have are refused by name. */
	snprintf(body, sizeof(body), "/v1/development-plans/%s/items", plan);
	r = http_post(body, o.token, "{\"competency\":\"c\",\"goal\":\"g\",\"metric\":\"happiness\",\"target_value\":1,"
				     "\"due_on\":\"2026-04-30\"}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "metric"));
	resp_free(r);
}
END_TEST

Suite *development_plans_suite(void)
{
	Suite *s = suite_create("development_plans");
	TCase *t = tcase_create("development_plans");
	tcase_set_timeout(t, 30);
	tcase_add_test(t, create_validation_and_reach);
	tcase_add_test(t, lifecycle_progress_and_roles);
	tcase_add_test(t, goals_on_ratios);
	suite_add_tcase(s, t);
	return s;
}
