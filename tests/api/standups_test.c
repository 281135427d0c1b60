/*
 * Stand-ups and the morning board: one's own stand-up of today, given and changed until the standup_deadline; the
 * help request as an event; the board of a team with check-ins, yesterday's figures, overdue tasks and the daily
 * pace of the plan. Everyone here lives in UTC, so that "today" is the same date for the test and the server.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "world.h"

static struct {
	char org[37], team[37], team2[37];
	struct member owner, head, head2, m1, m2;
} S;

static void in_utc(const struct member *who)
{
	char path[128];
	snprintf(path, sizeof(path), "/v1/users/%s", who->id);
	struct resp *r = http_patch(path, S.owner.token, "{\"timezone\":\"UTC\"}");
	expect_status(r, 200);
	resp_free(r);
}

static void standups_world_build(void)
{
	ck_assert_int_eq(world_org("standco", S.org, &S.owner), 0);
	struct resp *r = http_patch("/v1/org", S.owner.token, "{\"timezone\":\"UTC\",\"standup_deadline\":\"23:59\"}");
	expect_status(r, 200);
	resp_free(r);
	ck_assert_int_eq(world_user(&S.owner, "Head", "head@standco.test", "head", NULL, &S.head), 0);
	ck_assert_int_eq(world_user(&S.owner, "Head Two", "head2@standco.test", "head", NULL, &S.head2), 0);
	ck_assert_int_eq(world_team(&S.owner, "Утро", S.head.id, S.team), 0);
	ck_assert_int_eq(world_team(&S.owner, "Другая", S.head2.id, S.team2), 0);
	ck_assert_int_eq(world_user(&S.owner, "Алла", "m1@standco.test", "manager", S.team, &S.m1), 0);
	ck_assert_int_eq(world_user(&S.owner, "Борис", "m2@standco.test", "manager", S.team, &S.m2), 0);
	const struct member *all[] = {&S.owner, &S.head, &S.head2, &S.m1, &S.m2};
	for (size_t i = 0; i < 5; i++)
		in_utc(all[i]);
	ck_assert_int_eq(world_hired_on(&S.owner, &S.m1, "2025-01-13"), 0);
	ck_assert_int_eq(world_hired_on(&S.owner, &S.m2, "2025-01-13"), 0);
}

/* The UTC date days from today. */
static void utc_date(int days, char out[11])
{
	time_t t = time(NULL) + (time_t)days * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static struct resp *put_standup(const struct member *who, const char *date, const char *body)
{
	char path[64];
	snprintf(path, sizeof(path), "/v1/standups/%s", date);
	return http_call("PUT", path, who->token, body, NULL);
}

START_TEST(ones_own_standup_of_today_until_the_deadline)
{
	char today[11], yesterday[11], tomorrow[11];
	utc_date(0, today);
	utc_date(-1, yesterday);
	utc_date(1, tomorrow);
	struct resp *r = put_standup(&S.m1, today, "{\"yesterday_result\":\"Две встречи\",\"today_goal\":\"Закрыть «Ромашку»\"}");
	expect_status(r, 201);
	ck_assert_str_eq(resp_str(r, "manager_id"), S.m1.id);
	ck_assert_str_eq(resp_str(r, "date"), today);
	ck_assert(json_is_null(json_object_get(r->json, "help_needed")));
	char submitted[64];
	snprintf(submitted, sizeof(submitted), "%s", resp_str(r, "submitted_at"));
	ck_assert(strstr(r->location, today) != NULL);
	resp_free(r);
	/* Changed with a help request: 200, the first check-in time kept, and an event for the head's tools. */
	r = put_standup(&S.m1, today, "{\"today_goal\":\"Закрыть «Ромашку»\",\"help_needed\":\"Нужна скидка 5 %\"}");
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "submitted_at"), submitted);
	ck_assert_str_eq(resp_str(r, "help_needed"), "Нужна скидка 5 %");
	ck_assert(json_is_null(json_object_get(r->json, "yesterday_result")));   /* a PUT replaces */
	resp_free(r);
	char path[64];
	snprintf(path, sizeof(path), "/v1/standups/%s", today);
	r = http_get(path, S.m1.token);
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "today_goal"), "Закрыть «Ромашку»");
	resp_free(r);
	r = http_get(path, S.m2.token);   /* one's own only: m2 has given none */
	expect_status(r, 404);
	resp_free(r);
	r = http_get("/v1/events?limit=1000", S.owner.token);
	expect_status(r, 200);
	bool asked = false;
	size_t i;
	json_t *ev;
	json_array_foreach(json_object_get(r->json, "items"), i, ev)
		asked = asked || (strcmp(json_string_value(json_object_get(ev, "event")), "standup.help_needed") == 0 &&
				  strcmp(json_string_value(json_object_get(json_object_get(ev, "data"), "help_needed")),
					 "Нужна скидка 5 %") == 0);
	ck_assert_msg(asked, "no standup.help_needed event: %s", r->body);
	resp_free(r);

	/* Not another day; not without a goal; not after the deadline. */
	r = put_standup(&S.m1, yesterday, "{\"today_goal\":\"поздно\"}");
	expect_status(r, 409);
	resp_free(r);
	r = put_standup(&S.m1, tomorrow, "{\"today_goal\":\"рано\"}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "date"));
	resp_free(r);
	r = put_standup(&S.m1, today, "{\"today_goal\":\"\",\"mood\":5}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "today_goal"));
	ck_assert(resp_has_error_field(r, "mood"));
	resp_free(r);
	r = put_standup(&S.m1, "2026-02-30", "{\"today_goal\":\"x\"}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "date"));
	resp_free(r);
	r = http_patch("/v1/org", S.owner.token, "{\"standup_deadline\":\"00:00\"}");
	expect_status(r, 200);
	resp_free(r);
	r = put_standup(&S.m1, today, "{\"today_goal\":\"после срока\"}");
	expect_status(r, 409);
	resp_free(r);
	r = http_get(path, S.m1.token);
	ck_assert_str_eq(resp_str(r, "today_goal"), "Закрыть «Ромашку»");   /* kept as given */
	resp_free(r);
	r = http_patch("/v1/org", S.owner.token, "{\"standup_deadline\":\"23:59\"}");
	expect_status(r, 200);
	resp_free(r);
}
END_TEST

/* The last weekday before today (UTC): the workday the board's "yesterday" is, with the default calendar. */
static void previous_workday(char out[11])
{
	for (int back = 1; back < 8; back++) {
		time_t t = time(NULL) - (time_t)back * 86400;
		struct tm tm;
		gmtime_r(&t, &tm);
		if (tm.tm_wday != 0 && tm.tm_wday != 6) {
			strftime(out, 11, "%Y-%m-%d", &tm);
			return;
		}
	}
}

START_TEST(the_board_of_a_team)
{
	char today[11], prev[11], month[8], body[512];
	utc_date(0, today);
	previous_workday(prev);
	snprintf(month, sizeof(month), "%.7s", today);
	struct resp *r = put_standup(&S.m1, today, "{\"today_goal\":\"30 звонков\",\"help_needed\":\"Нужна скидка 5 %\"}");
	ck_assert(r->status == 200 || r->status == 201);
	resp_free(r);
	for (int i = 0; i < 3; i++) {
		snprintf(body, sizeof(body),
			 "{\"manager_id\":\"%s\",\"direction\":\"outbound\",\"started_at\":\"%sT1%d:00:00Z\",\"duration_s\":90}",
			 S.m1.id, prev, i);
		r = http_post("/v1/call-logs", S.owner.token, body);
		expect_status(r, 201);
		resp_free(r);
	}
	snprintf(body, sizeof(body), "{\"subject_type\":\"manager\",\"subject_id\":\"%s\",\"targets\":{\"calls_total\":400}}",
		 S.m1.id);
	char path[256];
	snprintf(path, sizeof(path), "/v1/plans/%s", month);
	r = http_call("PUT", path, S.owner.token, body, NULL);
	ck_assert(r->status == 200 || r->status == 201);
	resp_free(r);
	snprintf(body, sizeof(body), "{\"title\":\"Просрочено\",\"assignee_id\":\"%s\",\"due_at\":\"2026-01-05T10:00:00Z\"}",
		 S.m2.id);
	r = http_post("/v1/tasks", S.head.token, body);
	expect_status(r, 201);
	char task_id[37];
	snprintf(task_id, sizeof(task_id), "%s", resp_str(r, "id"));
	resp_free(r);
	r = http_post("/v1/admin/scheduler/run", S.owner.token, "{}");
	expect_status(r, 200);
	resp_free(r);

	snprintf(path, sizeof(path), "/v1/standups/board?team_id=%s", S.team);
	r = http_get(path, S.head.token);
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "date"), today);
	json_t *members = json_object_get(r->json, "members");
	ck_assert_uint_eq(json_array_size(members), 2);
	json_t *a = json_array_get(members, 0), *b = json_array_get(members, 1);   /* by name: Алла, Борис */
	ck_assert_str_eq(json_string_value(json_object_get(a, "manager_id")), S.m1.id);
	ck_assert(json_is_true(json_object_get(a, "checked_in")));
	ck_assert_str_eq(json_string_value(json_object_get(a, "today_goal")), "30 звонков");
	ck_assert_str_eq(json_string_value(json_object_get(a, "help_needed")), "Нужна скидка 5 %");
	json_t *y = json_object_get(a, "yesterday");
	ck_assert_str_eq(json_string_value(json_object_get(y, "date")), prev);
	ck_assert_int_eq(json_expect_integer(y, "calls_total"), 3);
	ck_assert_int_eq(json_expect_integer(y, "calls_effective"), 3);
	/* The plan's pace for what it targets, nothing for what it does not (null when no workday of the month is left). */
	json_t *pace = json_object_get(a, "required_daily");
	ck_assert_uint_eq(json_object_size(pace), 1);
	json_t *calls = json_object_get(pace, "calls_total");
	ck_assert(json_is_number(calls) || json_is_null(calls));
	if (json_is_number(calls))
		ck_assert(json_number_value(calls) > 0 && json_number_value(calls) <= 400);
	ck_assert(json_is_false(json_object_get(b, "checked_in")));
	ck_assert(json_is_null(json_object_get(b, "at")));
	ck_assert_int_eq(json_expect_integer(b, "overdue_tasks"), 1);
	ck_assert_int_ge(json_expect_integer(b, "open_alerts"), 1);   /* the overdue task's alert */
	ck_assert_uint_eq(json_object_size(json_object_get(b, "required_daily")), 0);
	resp_free(r);

	/* Boards are cached until something behind them changes: a check-in and a cancelled task show at once. */
	r = put_standup(&S.m2, today, "{\"today_goal\":\"Закрыть просрочку\"}");
	ck_assert(r->status == 200 || r->status == 201);
	resp_free(r);
	r = http_get(path, S.head.token);
	expect_status(r, 200);
	b = json_array_get(json_object_get(r->json, "members"), 1);
	ck_assert(json_is_true(json_object_get(b, "checked_in")));
	ck_assert_int_eq(json_expect_integer(b, "overdue_tasks"), 1);
	resp_free(r);
	char task_path[128];
	snprintf(task_path, sizeof(task_path), "/v1/tasks/%s/transitions", task_id);
	r = http_post(task_path, S.head.token, "{\"to\":\"cancelled\"}");
	expect_status(r, 200);
	resp_free(r);
	r = http_get(path, S.head.token);
	expect_status(r, 200);
	b = json_array_get(json_object_get(r->json, "members"), 1);
	ck_assert(json_is_true(json_object_get(b, "checked_in")));
	ck_assert_str_eq(json_string_value(json_object_get(b, "today_goal")), "Закрыть просрочку");
	ck_assert_int_eq(json_expect_integer(b, "overdue_tasks"), 0);
	resp_free(r);

	/* The owner too; another head, a manager, another organisation: not theirs. */
	r = http_get(path, S.owner.token);
	expect_status(r, 200);
	resp_free(r);
	r = http_get(path, S.head2.token);
	expect_status(r, 404);
	resp_free(r);
	r = http_get(path, S.m1.token);
	expect_status(r, 403);
	resp_free(r);
	r = http_get(path, W.owner_a.token);
	expect_status(r, 404);
	resp_free(r);
	r = http_get("/v1/standups/board?date=2026-13-01", S.head.token);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "team_id"));
	ck_assert(resp_has_error_field(r, "date"));
	resp_free(r);
	/* Another day's board: nobody checked in then. */
	snprintf(path, sizeof(path), "/v1/standups/board?team_id=%s&date=%s", S.team, prev);
	r = http_get(path, S.head.token);
	expect_status(r, 200);
	ck_assert(json_is_false(json_object_get(json_array_get(json_object_get(r->json, "members"), 0), "checked_in")));
	resp_free(r);
}
END_TEST

/* The item of kind whose subject is subject_id in an agenda, or NULL. */
static json_t *agenda_item(json_t *agenda, const char *kind, const char *subject_id)
{
	size_t i;
	json_t *it;
	json_array_foreach(agenda, i, it)
		if (strcmp(json_string_value(json_object_get(it, "kind")), kind) == 0 &&
		    (!subject_id || strcmp(json_string_value(json_object_get(it, "subject_id")), subject_id) == 0))
			return it;
	return NULL;
}

START_TEST(a_scheduled_one_on_one_suggests_its_agenda)
{
	char today[11], body[1024], path[256], first[37], next[37], agreed_task[37], overdue[37], plan[37], item[37];
	utc_date(0, today);
	/* The help request of today's stand-up. */
	struct resp *r = put_standup(&S.m1, today, "{\"today_goal\":\"Звонки\",\"help_needed\":\"Разобрать возражение «дорого»\"}");
	ck_assert(r->status == 200 || r->status == 201);
	resp_free(r);
	/* A held one-on-one whose agreement became a task, then the next one. */
	snprintf(body, sizeof(body), "{\"manager_id\":\"%s\",\"scheduled_at\":\"2026-01-10T10:00:00Z\"}", S.m1.id);
	r = http_post("/v1/one-on-ones", S.head.token, body);
	expect_status(r, 201);
	snprintf(first, sizeof(first), "%s", resp_str(r, "id"));
	resp_free(r);
	snprintf(path, sizeof(path), "/v1/one-on-ones/%s/hold", first);
	r = http_post(path, S.head.token, "{\"notes\":\"Итоги\",\"create_tasks\":true,\"agreements\":"
					  "[{\"text\":\"Позвонить пяти спящим клиентам\",\"due_at\":\"2099-01-01T10:00:00Z\"}]}");
	expect_status(r, 200);
	snprintf(agreed_task, sizeof(agreed_task), "%s",
		 json_string_value(json_object_get(json_array_get(json_object_get(r->json, "agreements"), 0), "task_id")));
	ck_assert(json_object_get(r->json, "suggested_agenda") == NULL);   /* held: no agenda */
	resp_free(r);
	snprintf(body, sizeof(body), "{\"manager_id\":\"%s\",\"scheduled_at\":\"2099-01-05T10:00:00Z\"}", S.m1.id);
	r = http_post("/v1/one-on-ones", S.head.token, body);
	expect_status(r, 201);
	snprintf(next, sizeof(next), "%s", resp_str(r, "id"));
	resp_free(r);
	/* An overdue task and its alert; a development plan item due. */
	snprintf(body, sizeof(body), "{\"title\":\"Отчёт по «Вектору»\",\"assignee_id\":\"%s\",\"due_at\":\"2026-01-06T10:00:00Z\"}",
		 S.m1.id);
	r = http_post("/v1/tasks", S.head.token, body);
	expect_status(r, 201);
	snprintf(overdue, sizeof(overdue), "%s", resp_str(r, "id"));
	resp_free(r);
	snprintf(body, sizeof(body),
		 "{\"manager_id\":\"%s\",\"reason\":\"Мало встреч\",\"starts_on\":\"2026-01-01\",\"ends_on\":\"2099-12-31\","
		 "\"items\":[{\"competency\":\"Переговоры\",\"goal\":\"Пройти тренинг\",\"due_on\":\"2026-02-01\"}]}",
		 S.m1.id);
	r = http_post("/v1/development-plans", S.head.token, body);
	expect_status(r, 201);
	snprintf(plan, sizeof(plan), "%s", resp_str(r, "id"));
	snprintf(item, sizeof(item), "%s", json_string_value(json_object_get(json_array_get(json_object_get(r->json, "items"), 0), "id")));
	resp_free(r);
	snprintf(path, sizeof(path), "/v1/development-plans/%s/transitions", plan);
	r = http_post(path, S.head.token, "{\"to\":\"active\"}");
	expect_status(r, 200);
	resp_free(r);
	r = http_post("/v1/admin/scheduler/run", S.owner.token, "{}");
	expect_status(r, 200);
	resp_free(r);

	snprintf(path, sizeof(path), "/v1/one-on-ones/%s", next);
	r = http_call("GET", path, S.head.token, NULL, (const char *const[]){"Accept-Language: ru", NULL});
	expect_status(r, 200);
	json_t *agenda = json_object_get(r->json, "suggested_agenda");
	ck_assert_msg(json_is_array(agenda), "%s", r->body);
	json_t *it = agenda_item(agenda, "help_request", NULL);
	ck_assert_ptr_nonnull(it);
	ck_assert_str_eq(json_string_value(json_object_get(it, "subject_type")), "standup");
	ck_assert_str_eq(json_string_value(json_object_get(it, "title")), "Разобрать возражение «дорого»");
	it = agenda_item(agenda, "agreement", agreed_task);
	ck_assert_ptr_nonnull(it);
	ck_assert_str_eq(json_string_value(json_object_get(it, "title")), "Позвонить пяти спящим клиентам");
	ck_assert_ptr_nonnull(agenda_item(agenda, "overdue_task", overdue));
	ck_assert_ptr_nonnull(agenda_item(agenda, "idp_item", item));
	/* The overdue task's alert, in the language asked for. */
	bool alert_in_russian = false;
	size_t i;
	json_array_foreach(agenda, i, it)
		if (strcmp(json_string_value(json_object_get(it, "kind")), "alert") == 0 &&
		    strstr(json_string_value(json_object_get(it, "title")), "«Отчёт по «Вектору»» просрочена"))
			alert_in_russian = true;
	ck_assert_msg(alert_in_russian, "%s", r->body);
	json_array_foreach(agenda, i, it)
		if (strcmp(json_string_value(json_object_get(it, "kind")), "lagging_metric") == 0)
			ck_assert(json_is_object(json_object_get(it, "figures")));
	ck_assert_str_eq(r->content_language, "ru");
	char etag[64];
	snprintf(etag, sizeof(etag), "%s", r->etag);
	ck_assert_msg(strncmp(etag, "\"1-", 3) == 0, "%s", etag);
	resp_free(r);
	/* The tag follows the agenda: unchanged, 304; a new help request, a new tag. If-Match still takes it. */
	char inm[96];
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	r = http_call("GET", path, S.head.token, NULL, (const char *const[]){"Accept-Language: ru", inm, NULL});
	expect_status(r, 304);
	resp_free(r);
	r = put_standup(&S.m1, today, "{\"today_goal\":\"Звонки\",\"help_needed\":\"Нужен скрипт\"}");
	expect_status(r, 200);
	resp_free(r);
	r = http_call("GET", path, S.head.token, NULL, (const char *const[]){"Accept-Language: ru", inm, NULL});
	expect_status(r, 200);
	ck_assert_str_ne(r->etag, etag);
	resp_free(r);
	char im[96];
	snprintf(im, sizeof(im), "If-Match: %s", etag);
	r = http_call("PATCH", path, S.head.token, "{\"agenda\":\"Разбор недели\"}", (const char *const[]){im, NULL});
	expect_status(r, 200);
	resp_free(r);
}
END_TEST

Suite *standups_suite(void)
{
	Suite *s = suite_create("standups");
	TCase *t = tcase_create("standups");
	tcase_set_timeout(t, 30);
	tcase_add_unchecked_fixture(t, standups_world_build, NULL);
	tcase_add_test(t, ones_own_standup_of_today_until_the_deadline);
	tcase_add_test(t, the_board_of_a_team);
	tcase_add_test(t, a_scheduled_one_on_one_suggests_its_agenda);
	suite_add_tcase(s, t);
	return s;
}
