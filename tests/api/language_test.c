/* Accept-Language (SPEC §6.1): problem titles, details and field messages in Russian for `ru`, English otherwise, with
 * Content-Language saying which; alert messages rendered per request in the language asked for. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "world.h"

static const char *const russian[] = {"Accept-Language: ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", NULL};
static const char *const english[] = {"Accept-Language: en-GB,en;q=0.9", NULL};

static bool has_cyrillic(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
		if (*p == 0xD0 || *p == 0xD1)
			return true;
	return false;
}

static const char *member_text(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	ck_assert_msg(s != NULL, "no %s", key);
	return s;
}

START_TEST(validation_problems_in_russian)
{
	char body[256];
	snprintf(body, sizeof(body), "{\"title\":\"\",\"assignee_id\":\"nope\",\"due_at\":\"tomorrow\",\"colour\":1}");
	struct resp *r = http_call("POST", "/v1/tasks", W.head1.token, body, russian);
	expect_status(r, 422);
	ck_assert_str_eq(r->content_language, "ru");
	ck_assert_str_eq(member_text(r->json, "title"), "Ошибка проверки данных");
	ck_assert_str_eq(member_text(r->json, "detail"), "4 поля с ошибкой");
	ck_assert_str_eq(resp_code(r), "validation_failed");   /* codes and field names stay as the API spells them */
	json_t *errors = json_object_get(r->json, "errors");
	ck_assert_uint_eq(json_array_size(errors), 4);
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e)
		ck_assert_msg(has_cyrillic(member_text(e, "message")), "%s: %s", member_text(e, "field"),
			      member_text(e, "message"));
	ck_assert(resp_has_error_field(r, "assignee_id"));
	resp_free(r);

	/* The same request in English, asked for or not. */
	const char *const *langs[] = {english, NULL};
	for (int k = 0; k < 2; k++) {
		r = http_call("POST", "/v1/tasks", W.head1.token, body, langs[k]);
		expect_status(r, 422);
		ck_assert_str_eq(r->content_language, "en");
		ck_assert_str_eq(member_text(r->json, "title"), "Validation failed");
		ck_assert_str_eq(member_text(r->json, "detail"), "4 fields are invalid");
		json_array_foreach(json_object_get(r->json, "errors"), i, e)
			ck_assert(!has_cyrillic(member_text(e, "message")));
		resp_free(r);
	}
	/* One field: the singular. */
	r = http_call("GET", "/v1/tasks?limit=0", W.head1.token, NULL, russian);
	expect_status(r, 422);
	ck_assert_str_eq(member_text(r->json, "detail"), "1 поле с ошибкой");
	ck_assert_str_eq(member_text(json_array_get(json_object_get(r->json, "errors"), 0), "message"),
			 "должно быть целым числом от 1 до 200");
	resp_free(r);
}
END_TEST

START_TEST(other_problems_in_russian)
{
	static const char *const missing_task = "/v1/tasks/6f1c3a52-0000-4000-8000-000000000000";
	const struct {
		const char *method, *path, *token;
		int status;
		const char *member, *text;   /* text NULL: any Russian */
	} cases[] = {
		{"GET", "/v1/tasks", NULL, 401, "title", "Требуется вход"},
		{"GET", missing_task, W.owner_a.token, 404, "title", "Не найдено"},
		{"GET", "/v1/tasks?cursor=AAAA", W.owner_a.token, 400, "detail",
		 "этот курсор выдан не этим списком или не при этой сортировке"},
		{"GET", "/v1/no-such-thing", W.owner_a.token, 404, "detail", "такого адреса нет"},
		{"DELETE", "/v1/tasks", W.owner_a.token, 405, "detail", "метод DELETE здесь не поддерживается"},
		{"POST", "/v1/users", W.m1.token, 403, "detail", NULL},   /* the role named in a Russian sentence */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct resp *r = http_call(cases[i].method, cases[i].path, cases[i].token,
					   strcmp(cases[i].method, "POST") == 0 ? "{}" : NULL, russian);
		expect_status(r, cases[i].status);
		ck_assert_str_eq(r->content_language, "ru");
		if (cases[i].text)
			ck_assert_str_eq(member_text(r->json, cases[i].member), cases[i].text);
		else
			ck_assert(has_cyrillic(member_text(r->json, cases[i].member)));
		resp_free(r);
	}
}
END_TEST

/* The English message the scheduler stored for alert id (what webhooks send). New string. */
static char *stored_message(PGconn *db, const char *id)
{
	const char *params[] = {id};
	PGresult *r = PQexecParams(db, "SELECT message FROM alerts WHERE id = $1", 1, NULL, params, NULL, NULL, 0);
	ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1, "%s", PQerrorMessage(db));
	char *m = strdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	return m;
}

START_TEST(alert_messages_in_both_languages)
{
	struct member owner, head, m;
	char org[37], team[37], body[256];
	ck_assert_int_eq(world_org("langco", org, &owner), 0);
	ck_assert_int_eq(world_user(&owner, "Руководитель", "head@langco.test", "head", NULL, &head), 0);
	ck_assert_int_eq(world_team(&owner, "Продажи", head.id, team), 0);
	ck_assert_int_eq(world_user(&owner, "Менеджер", "m@langco.test", "manager", team, &m), 0);
	ck_assert_int_eq(world_hired_on(&owner, &m, "2025-01-13"), 0);
	snprintf(body, sizeof(body), "{\"subject_type\":\"manager\",\"subject_id\":\"%s\",\"targets\":{\"deals_won\":40}}", m.id);
	struct resp *r = http_call("PUT", "/v1/plans/2026-03", head.token, body, NULL);
	expect_status(r, 201);
	resp_free(r);
	snprintf(body, sizeof(body), "{\"title\":\"Перезвонить «Ромашке»\",\"assignee_id\":\"%s\",\"due_at\":\"2026-03-10T09:00:00Z\"}",
		 m.id);
	r = http_post("/v1/tasks", head.token, body);
	expect_status(r, 201);
	resp_free(r);
	r = http_post("/v1/admin/scheduler/run", owner.token, "{\"as_of\":\"2026-03-20T12:00:00Z\"}");
	expect_status(r, 200);
	resp_free(r);

	PGconn *db = PQconnectdb(getenv("SALESCTL_TEST_DATABASE_URL"));
	ck_assert_msg(PQstatus(db) == CONNECTION_OK, "%s", PQerrorMessage(db));
	struct resp *en = http_call("GET", "/v1/alerts?limit=200&sort=opened_at", owner.token, NULL, english);
	struct resp *ru = http_call("GET", "/v1/alerts?limit=200&sort=opened_at", owner.token, NULL, russian);
	expect_status(en, 200);
	expect_status(ru, 200);
	ck_assert_str_eq(ru->content_language, "ru");
	ck_assert_str_eq(en->content_language, "en");
	json_t *en_items = json_object_get(en->json, "items"), *ru_items = json_object_get(ru->json, "items");
	ck_assert_uint_eq(json_array_size(en_items), json_array_size(ru_items));
	const char *kinds[] = {"plan_lagging", "idp_needed", "report_missing", "task_overdue", "one_on_one_overdue"};
	size_t seen[5] = {0};
	for (size_t i = 0; i < json_array_size(en_items); i++) {
		json_t *e = json_array_get(en_items, i), *x = json_array_get(ru_items, i);
		const char *id = member_text(e, "id"), *kind = member_text(e, "kind");
		ck_assert_str_eq(member_text(x, "id"), id);
		/* English as the scheduler stored it; Russian from the same figures. */
		char *stored = stored_message(db, id);
		ck_assert_str_eq(member_text(e, "message"), stored);
		free(stored);
		ck_assert_msg(has_cyrillic(member_text(x, "message")), "%s: %s", kind, member_text(x, "message"));
		for (int k = 0; k < 5; k++)
			seen[k] += strcmp(kind, kinds[k]) == 0;
		if (strcmp(kind, "task_overdue") == 0)
			ck_assert_str_eq(member_text(x, "message"), "Задача «Перезвонить «Ромашке»» просрочена");
		if (strcmp(kind, "report_missing") == 0 && strcmp(member_text(e, "date"), "2026-03-02") == 0)
			ck_assert_str_eq(member_text(x, "message"), "Нет вечернего отчёта за 02.03.2026");
	}
	for (int k = 0; k < 5; k++)
		ck_assert_msg(seen[k] > 0, "no %s alert", kinds[k]);
	/* One alert read alone, and acknowledged: the same Russian. */
	const char *id = member_text(json_array_get(ru_items, 0), "id");
	char path[128];
	snprintf(path, sizeof(path), "/v1/alerts/%s", id);
	r = http_call("GET", path, head.token, NULL, russian);
	expect_status(r, 200);
	ck_assert_str_eq(member_text(r->json, "message"), member_text(json_array_get(ru_items, 0), "message"));
	resp_free(r);
	snprintf(path, sizeof(path), "/v1/alerts/%s/ack", id);
	r = http_call("POST", path, head.token, "{}", russian);
	expect_status(r, 200);
	ck_assert_str_eq(member_text(r->json, "message"), member_text(json_array_get(ru_items, 0), "message"));
	resp_free(r);
	resp_free(en);
	resp_free(ru);
	PQfinish(db);
}
END_TEST

Suite *language_suite(void)
{
	Suite *s = suite_create("language");
	TCase *t = tcase_create("language");
	tcase_add_test(t, validation_problems_in_russian);
	tcase_add_test(t, other_problems_in_russian);
	tcase_add_test(t, alert_messages_in_both_languages);
	suite_add_tcase(s, t);
	return s;
}
