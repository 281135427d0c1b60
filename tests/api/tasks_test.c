/* Tasks: delegation by reach, validation, the status machine by role, edits with If-Match, history, lists. */
#include <stdio.h>
#include <string.h>

#include "world.h"

static char path[256];

static const char *task_path(const char *id, const char *suffix)
{
	snprintf(path, sizeof(path), "/v1/tasks/%s%s", id, suffix);
	return path;
}

/* Creates a task by `author` for `assignee`; returns its id in out. */
static void make_task(const struct member *author, const struct member *assignee, const char *due, char out[37])
{
	char body[512];
	snprintf(body, sizeof(body), "{\"title\":\"Задача для проверки\",\"assignee_id\":\"%s\",\"due_at\":\"%s\"}",
		 assignee->id, due);
	struct resp *r = http_post("/v1/tasks", author->token, body);
	expect_status(r, 201);
	snprintf(out, 37, "%s", resp_str(r, "id"));
	resp_free(r);
}

static struct resp *transition(const struct member *who, const char *id, const char *to, const char *comment)
{
	char body[256];
	if (comment)
		snprintf(body, sizeof(body), "{\"to\":\"%s\",\"comment\":\"%s\"}", to, comment);
	else
		snprintf(body, sizeof(body), "{\"to\":\"%s\"}", to);
	return http_post(task_path(id, "/transitions"), who->token, body);
}

static void expect_transition(const struct member *who, const char *id, const char *to, const char *comment,
			      int status, const char *new_status)
{
	struct resp *r = transition(who, id, to, comment);
	expect_status(r, status);
	if (new_status)
		ck_assert_str_eq(resp_str(r, "status"), new_status);
	resp_free(r);
}

START_TEST(head_delegates_with_defaults)
{
	char body[512];
	snprintf(body, sizeof(body),
		 "{\"title\":\"Позвонить «Ромашке»\",\"description\":\"Счёт 118\",\"assignee_id\":\"%s\","
		 "\"due_at\":\"2026-01-15T10:00:00+03:00\",\"priority\":\"high\",\"client_ref\":\"CRM-1\"}",
		 W.m1.id);
	struct resp *r = http_post("/v1/tasks", W.head1.token, body);
	expect_status(r, 201);
	ck_assert_str_eq(resp_str(r, "status"), "new");
	ck_assert_str_eq(resp_str(r, "author_id"), W.head1.id);
	ck_assert_str_eq(resp_str(r, "due_at"), "2026-01-15T07:00:00+00:00");
	ck_assert_str_eq(resp_str(r, "control_at"), resp_str(r, "due_at"));
	ck_assert(json_is_true(json_object_get(r->json, "overdue")));
	ck_assert_str_eq(r->location, task_path(resp_str(r, "id"), ""));
	ck_assert_str_eq(r->etag, "\"1\"");
	resp_free(r);
}
END_TEST

START_TEST(assignee_must_be_in_reach)
{
	const struct member *outside[] = {&W.m3, &W.m_b, &W.owner_a};
	for (size_t i = 0; i < 3; i++) {
		char body[256];
		snprintf(body, sizeof(body), "{\"title\":\"x\",\"assignee_id\":\"%s\",\"due_at\":\"2030-01-01T00:00:00Z\"}",
			 outside[i]->id);
		struct resp *r = http_post("/v1/tasks", W.head1.token, body);
		expect_status(r, 422);
		ck_assert(resp_has_error_field(r, "assignee_id"));
		resp_free(r);
	}
	char body[256];
	snprintf(body, sizeof(body), "{\"title\":\"x\",\"assignee_id\":\"%s\",\"due_at\":\"2030-01-01T00:00:00Z\"}", W.m1.id);
	struct resp *r = http_post("/v1/tasks", W.m2.token, body);
	expect_status(r, 403);
	resp_free(r);
	r = http_post("/v1/tasks", W.owner_a.token, body);
	expect_status(r, 201);
	resp_free(r);
}
END_TEST

START_TEST(create_lists_every_bad_field)
{
	struct resp *r = http_post("/v1/tasks", W.head1.token,
				   "{\"title\":\"\",\"assignee_id\":\"x\",\"due_at\":\"tomorrow\",\"priority\":\"urgent\","
				   "\"control_at\":\"2030-13-01T00:00:00Z\",\"status\":\"done\"}");
	expect_status(r, 422);
	const char *fields[] = {"title", "assignee_id", "due_at", "priority", "control_at", "status"};
	for (size_t i = 0; i < 6; i++)
		ck_assert_msg(resp_has_error_field(r, fields[i]), "no error for %s: %s", fields[i], r->body);
	resp_free(r);
	char body[256];
	snprintf(body, sizeof(body),
		 "{\"title\":\"x\",\"assignee_id\":\"%s\",\"due_at\":\"2030-01-02T00:00:00Z\",\"control_at\":\"2030-01-01T00:00:00Z\"}",
		 W.m1.id);
	r = http_post("/v1/tasks", W.head1.token, body);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "control_at"));
	resp_free(r);
}
END_TEST

START_TEST(visibility)
{
	char id[37];
	make_task(&W.head1, &W.m1, "2030-01-01T00:00:00Z", id);
	const struct member *see[] = {&W.head1, &W.m1, &W.owner_a};
	const struct member *blind[] = {&W.m2, &W.head2, &W.m3, &W.owner_b, &W.m_b};
	for (size_t i = 0; i < 3; i++) {
		struct resp *r = http_get(task_path(id, ""), see[i]->token);
		expect_status(r, 200);
		resp_free(r);
	}
	for (size_t i = 0; i < 5; i++) {
		struct resp *r = http_get(task_path(id, ""), blind[i]->token);
		expect_status(r, 404);
		resp_free(r);
		r = http_get(task_path(id, "/events"), blind[i]->token);
		expect_status(r, 404);
		resp_free(r);
		r = http_patch(task_path(id, ""), blind[i]->token, "{\"title\":\"x\"}");
		expect_status(r, 404);
		resp_free(r);
		r = transition(blind[i], id, "in_progress", NULL);
		expect_status(r, 404);
		resp_free(r);
	}
}
END_TEST

START_TEST(lifecycle_by_role)
{
	char id[37];
	make_task(&W.head1, &W.m1, "2030-01-01T00:00:00Z", id);
	expect_transition(&W.m1, id, "accepted", NULL, 403, NULL);   /* a manager never accepts */
	expect_transition(&W.head1, id, "in_progress", NULL, 403, NULL); /* only the assignee starts */
	expect_transition(&W.head1, id, "accepted", NULL, 409, NULL);  /* not done yet */
	expect_transition(&W.m1, id, "done", NULL, 409, NULL);         /* must start first */
	expect_transition(&W.m1, id, "in_progress", NULL, 200, "in_progress");
	expect_transition(&W.m1, id, "done", NULL, 200, "done");
	expect_transition(&W.head1, id, "cancelled", NULL, 409, NULL);  /* done cannot be cancelled */
	struct resp *r = transition(&W.head1, id, "returned", NULL);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "comment"));
	resp_free(r);
	expect_transition(&W.head1, id, "returned", "Нет записи звонка", 200, "in_progress");
	r = http_get(task_path(id, ""), W.m1.token);
	ck_assert(json_is_null(json_object_get(r->json, "completed_at")));
	resp_free(r);
	expect_transition(&W.m1, id, "done", NULL, 200, "done");
	r = transition(&W.head1, id, "accepted", NULL);
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "status"), "accepted");
	ck_assert(json_is_string(json_object_get(r->json, "accepted_at")));
	ck_assert(json_is_false(json_object_get(r->json, "overdue")));
	resp_free(r);
	expect_transition(&W.m1, id, "in_progress", NULL, 409, NULL);
	expect_transition(&W.head1, id, "bogus", NULL, 422, NULL);
}
END_TEST

START_TEST(assignees_head_controls_a_task_someone_else_wrote)
{
	char id[37];
	make_task(&W.owner_a, &W.m1, "2030-01-01T00:00:00Z", id);
	expect_transition(&W.m1, id, "in_progress", NULL, 200, "in_progress");
	expect_transition(&W.head2, id, "cancelled", NULL, 404, NULL);
	expect_transition(&W.head1, id, "cancelled", NULL, 200, "cancelled");
	struct resp *r = http_patch(task_path(id, ""), W.owner_a.token, "{\"title\":\"late edit\"}");
	expect_status(r, 409);
	ck_assert_str_eq(resp_code(r), "task_closed");
	resp_free(r);
}
END_TEST

START_TEST(edits_with_if_match_and_history)
{
	char id[37];
	make_task(&W.head1, &W.m2, "2030-01-01T00:00:00Z", id);
	struct resp *r = http_patch(task_path(id, ""), W.m2.token, "{\"title\":\"mine now\"}");
	expect_status(r, 403);
	resp_free(r);
	const char *stale[] = {"If-Match: \"9\"", NULL};
	r = http_call("PATCH", task_path(id, ""), W.head1.token, "{\"title\":\"x\"}", stale);
	expect_status(r, 412);
	resp_free(r);
	char body[128];
	snprintf(body, sizeof(body), "{\"assignee_id\":\"%s\"}", W.m3.id);
	r = http_patch(task_path(id, ""), W.head1.token, body);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "assignee_id"));
	resp_free(r);
	const char *fresh[] = {"If-Match: \"1\"", NULL};
	r = http_call("PATCH", task_path(id, ""), W.head1.token,
		      "{\"title\":\"Отправить КП\",\"due_at\":\"2030-02-01T00:00:00Z\",\"description\":null}", fresh);
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "title"), "Отправить КП");
	ck_assert_str_eq(resp_str(r, "control_at"), "2030-02-01T00:00:00+00:00"); /* followed due_at */
	ck_assert_str_eq(r->etag, "\"2\"");
	resp_free(r);
	expect_transition(&W.m2, id, "in_progress", NULL, 200, "in_progress");

	r = http_get(task_path(id, "/events"), W.m2.token);
	expect_status(r, 200);
	json_t *items = json_object_get(r->json, "items");
	ck_assert_uint_eq(json_array_size(items), 3);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 0), "kind")), "created");
	json_t *upd = json_array_get(items, 1);
	ck_assert_str_eq(json_string_value(json_object_get(upd, "kind")), "updated");
	ck_assert_str_eq(json_string_value(json_object_get(upd, "actor_id")), W.head1.id);
	json_t *title = json_object_get(json_object_get(upd, "changes"), "title");
	ck_assert_str_eq(json_string_value(json_object_get(title, "from")), "Задача для проверки");
	ck_assert_str_eq(json_string_value(json_object_get(title, "to")), "Отправить КП");
	json_t *tr = json_array_get(items, 2);
	ck_assert_str_eq(json_string_value(json_object_get(tr, "from_status")), "new");
	ck_assert_str_eq(json_string_value(json_object_get(tr, "to_status")), "in_progress");
	ck_assert_str_eq(json_string_value(json_object_get(tr, "actor_id")), W.m2.id);
	resp_free(r);
}
END_TEST

static size_t count(const char *query, const struct member *who)
{
	struct resp *r = http_get(query, who->token);
	expect_status(r, 200);
	size_t n = json_array_size(json_object_get(r->json, "items"));
	json_t *items = json_object_get(r->json, "items");
	size_t i;
	json_t *t;
	json_array_foreach(items, i, t) {
		/* A manager only ever sees tasks assigned to them. */
		if (who == &W.m3)
			ck_assert_str_eq(json_string_value(json_object_get(t, "assignee_id")), W.m3.id);
	}
	resp_free(r);
	return n;
}

START_TEST(list_filters)
{
	char a[37], b[37], c[37];
	make_task(&W.head2, &W.m3, "2020-01-01T00:00:00Z", a);
	make_task(&W.head2, &W.m3, "2031-06-01T00:00:00Z", b);
	make_task(&W.head2, &W.head2, "2031-06-01T00:00:00Z", c);
	char q[256];
	snprintf(q, sizeof(q), "/v1/tasks?assignee_id=%s", W.m3.id);
	ck_assert_uint_eq(count(q, &W.head2), 2);
	ck_assert_uint_eq(count("/v1/tasks", &W.m3), 2);
	ck_assert_uint_eq(count("/v1/tasks?overdue=true", &W.m3), 1);
	ck_assert_uint_eq(count("/v1/tasks?overdue=false", &W.m3), 1);
	ck_assert_uint_eq(count("/v1/tasks?due_from=2031-01-01T00:00:00Z&due_to=2031-12-31T00:00:00Z", &W.head2), 2);
	ck_assert_uint_eq(count("/v1/tasks?control_to=2021-01-01T00:00:00Z", &W.m3), 1);
	expect_transition(&W.m3, b, "in_progress", NULL, 200, "in_progress");
	ck_assert_uint_eq(count("/v1/tasks?status=in_progress", &W.m3), 1);
	snprintf(q, sizeof(q), "/v1/tasks?author_id=%s&limit=1", W.head2.id);
	struct resp *r = http_get(q, W.head2.token);
	expect_status(r, 200);
	ck_assert(json_is_string(json_object_get(r->json, "next_cursor")));
	resp_free(r);
	r = http_get("/v1/tasks?overdue=maybe&status=open&due_from=yesterday&sort=asc", W.head2.token);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "overdue"));
	ck_assert(resp_has_error_field(r, "status"));
	ck_assert(resp_has_error_field(r, "due_from"));
	ck_assert(resp_has_error_field(r, "sort"));
	resp_free(r);
	ck_assert_uint_eq(count("/v1/tasks", &W.owner_b), 0);
}
END_TEST

Suite *tasks_suite(void)
{
	Suite *s = suite_create("tasks");
	TCase *t = tcase_create("tasks");
	tcase_set_timeout(t, 30);
	tcase_add_test(t, head_delegates_with_defaults);
	tcase_add_test(t, assignee_must_be_in_reach);
	tcase_add_test(t, create_lists_every_bad_field);
	tcase_add_test(t, visibility);
	tcase_add_test(t, lifecycle_by_role);
	tcase_add_test(t, assignees_head_controls_a_task_someone_else_wrote);
	tcase_add_test(t, edits_with_if_match_and_history);
	tcase_add_test(t, list_filters);
	suite_add_tcase(s, t);
	return s;
}
