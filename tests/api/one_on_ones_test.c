/* One-on-ones: scheduling by reach, visibility, edits while scheduled, holding with agreements turned into tasks
 * (all or none), cancelling. */
#include <stdio.h>
#include <string.h>

#include "world.h"

static char path[256];

static const char *ooo_path(const char *id, const char *suffix)
{
	snprintf(path, sizeof(path), "/v1/one-on-ones/%s%s", id, suffix);
	return path;
}

static void schedule(const struct member *head, const struct member *manager, char id[37])
{
	char body[256];
	snprintf(body, sizeof(body), "{\"manager_id\":\"%s\",\"scheduled_at\":\"2026-12-01T10:00:00+03:00\","
				     "\"kind\":\"performance\",\"agenda\":\"Воронка за ноябрь\"}", manager->id);
	struct resp *r = http_post("/v1/one-on-ones", head->token, body);
	expect_status(r, 201);
	ck_assert_str_eq(resp_str(r, "status"), "scheduled");
	ck_assert_str_eq(resp_str(r, "head_id"), head->id);
	snprintf(id, 37, "%s", resp_str(r, "id"));
	resp_free(r);
}

static int count_tasks_of(const struct member *m)
{
	struct resp *r = http_get("/v1/tasks?limit=200", m->token);
	expect_status(r, 200);
	int n = (int)json_array_size(json_object_get(r->json, "items"));
	resp_free(r);
	return n;
}

START_TEST(schedule_by_reach)
{
	char id[37];
	schedule(&W.head1, &W.m1, id);
	char body[256];
	snprintf(body, sizeof(body), "{\"manager_id\":\"%s\",\"scheduled_at\":\"2026-12-01T10:00:00Z\"}", W.m3.id);
	struct resp *r = http_post("/v1/one-on-ones", W.head1.token, body);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "manager_id"));
	resp_free(r);
	snprintf(body, sizeof(body), "{\"manager_id\":\"%s\",\"scheduled_at\":\"2026-12-01T10:00:00Z\"}", W.head1.id);
	r = http_post("/v1/one-on-ones", W.head1.token, body);
	expect_status(r, 422); /* not with oneself */
	resp_free(r);
	snprintf(body, sizeof(body), "{\"manager_id\":\"%s\",\"scheduled_at\":\"2026-12-01T10:00:00Z\"}", W.m2.id);
	r = http_post("/v1/one-on-ones", W.m1.token, body);
	expect_status(r, 403);
	resp_free(r);
	r = http_post("/v1/one-on-ones", W.head1.token, "{\"kind\":\"chat\",\"mood\":3}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "manager_id"));
	ck_assert(resp_has_error_field(r, "scheduled_at"));
	ck_assert(resp_has_error_field(r, "kind"));
	ck_assert(resp_has_error_field(r, "mood"));
	resp_free(r);

	const struct member *see[] = {&W.head1, &W.m1, &W.owner_a};
	const struct member *blind[] = {&W.m2, &W.head2, &W.owner_b};
	for (size_t i = 0; i < 3; i++) {
		r = http_get(ooo_path(id, ""), see[i]->token);
		expect_status(r, 200);
		resp_free(r);
		r = http_get(ooo_path(id, ""), blind[i]->token);
		expect_status(r, 404);
		resp_free(r);
		r = http_post(ooo_path(id, "/cancel"), blind[i]->token, NULL);
		expect_status(r, 404);
		resp_free(r);
	}
}
END_TEST

START_TEST(edit_and_cancel)
{
	char id[37];
	schedule(&W.head1, &W.m2, id);
	struct resp *r = http_patch(ooo_path(id, ""), W.m2.token, "{\"agenda\":\"x\"}");
	expect_status(r, 403);
	resp_free(r);
	const char *fresh[] = {"If-Match: \"1\"", NULL};
	r = http_call("PATCH", ooo_path(id, ""), W.head1.token, "{\"scheduled_at\":\"2026-12-02T09:00:00Z\"}", fresh);
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "scheduled_at"), "2026-12-02T09:00:00+00:00");
	resp_free(r);
	r = http_call("PATCH", ooo_path(id, ""), W.head1.token, "{\"agenda\":\"y\"}", fresh);
	expect_status(r, 412);
	resp_free(r);
	r = http_post(ooo_path(id, "/cancel"), W.m2.token, NULL);
	expect_status(r, 403);
	resp_free(r);
	r = http_post(ooo_path(id, "/cancel"), W.owner_a.token, NULL);
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "status"), "cancelled");
	resp_free(r);
	r = http_post(ooo_path(id, "/hold"), W.head1.token, "{\"notes\":\"late\"}");
	expect_status(r, 409);
	resp_free(r);
	r = http_patch(ooo_path(id, ""), W.head1.token, "{\"agenda\":\"z\"}");
	expect_status(r, 409);
	resp_free(r);
}
END_TEST

START_TEST(hold_turns_agreements_into_tasks)
{
	struct member u;
	ck_assert_int_eq(world_user(&W.owner_a, "Held", "held@alpha.test", "manager", W.team1, &u), 0);
	char id[37];
	schedule(&W.head1, &u, id);
	ck_assert_int_eq(count_tasks_of(&u), 0);

	/* One bad agreement: nothing is created and the one-on-one stays scheduled. */
	struct resp *r = http_post(ooo_path(id, "/hold"), W.head1.token,
				   "{\"notes\":\"n\",\"mood\":4,\"create_tasks\":true,\"agreements\":["
				   "{\"text\":\"Позвонить 10 клиентам\",\"due_at\":\"2026-12-05T18:00:00+03:00\"},"
				   "{\"text\":\"Отправить КП\"},{\"text\":\"\",\"due_at\":\"soon\"}]}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "agreements[1].due_at"));
	ck_assert(resp_has_error_field(r, "agreements[2].text"));
	ck_assert(resp_has_error_field(r, "agreements[2].due_at"));
	resp_free(r);
	ck_assert_int_eq(count_tasks_of(&u), 0);
	r = http_get(ooo_path(id, ""), u.token);
	ck_assert_str_eq(resp_str(r, "status"), "scheduled");
	resp_free(r);

	r = http_post(ooo_path(id, "/hold"), W.head1.token,
		      "{\"notes\":\"Обсудили воронку\",\"mood\":4,\"create_tasks\":true,\"agreements\":["
		      "{\"text\":\"Позвонить 10 клиентам\",\"due_at\":\"2026-12-05T18:00:00+03:00\"},"
		      "{\"text\":\"Отправить КП\",\"due_at\":\"2026-12-06T18:00:00+03:00\"}]}");
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "status"), "held");
	ck_assert(json_is_string(json_object_get(r->json, "held_at")));
	ck_assert_int_eq(json_expect_integer(r->json, "mood"), 4);
	json_t *ag = json_object_get(r->json, "agreements");
	ck_assert_uint_eq(json_array_size(ag), 2);
	char task_id[37];
	snprintf(task_id, sizeof(task_id), "%s", json_string_value(json_object_get(json_array_get(ag, 0), "task_id")));
	resp_free(r);

	ck_assert_int_eq(count_tasks_of(&u), 2);
	char tp[128];
	snprintf(tp, sizeof(tp), "/v1/tasks/%s", task_id);
	r = http_get(tp, u.token);
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "title"), "Позвонить 10 клиентам");
	ck_assert_str_eq(resp_str(r, "assignee_id"), u.id);
	ck_assert_str_eq(resp_str(r, "author_id"), W.head1.id);
	ck_assert_str_eq(resp_str(r, "due_at"), "2026-12-05T15:00:00+00:00");
	resp_free(r);

	r = http_post(ooo_path(id, "/hold"), W.head1.token, "{\"notes\":\"again\"}");
	expect_status(r, 409);
	resp_free(r);
}
END_TEST

START_TEST(hold_without_tasks_and_list)
{
	char id[37];
	schedule(&W.head2, &W.m3, id);
	struct resp *r = http_post(ooo_path(id, "/hold"), W.head2.token,
				   "{\"agreements\":[{\"text\":\"Подумать о переходе в фермеры\"}]}");
	expect_status(r, 200);
	json_t *a = json_array_get(json_object_get(r->json, "agreements"), 0);
	ck_assert(json_is_null(json_object_get(a, "task_id")));
	ck_assert(json_is_null(json_object_get(a, "due_at")));
	resp_free(r);
	char q[128];
	snprintf(q, sizeof(q), "/v1/one-on-ones?manager_id=%s&status=held", W.m3.id);
	r = http_get(q, W.m3.token);
	expect_status(r, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 1);
	resp_free(r);
	r = http_get("/v1/one-on-ones?status=over", W.m3.token);
	expect_status(r, 422);
	resp_free(r);
}
END_TEST

Suite *one_on_ones_suite(void)
{
	Suite *s = suite_create("one_on_ones");
	TCase *t = tcase_create("one_on_ones");
	tcase_set_timeout(t, 30);
	tcase_add_test(t, schedule_by_reach);
	tcase_add_test(t, edit_and_cancel);
	tcase_add_test(t, hold_turns_agreements_into_tasks);
	tcase_add_test(t, hold_without_tasks_and_list);
	suite_add_tcase(s, t);
	return s;
}
