/* src/domain/alert_text.c: every alert kind has its message in both languages, from the alert's own figures. The kinds
 * are read from openapi.yaml's AlertKind, so a kind added to the contract without its texts fails here. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "salesctl/domain/alert_text.h"
#include "suites.h"

static bool has_cyrillic(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p == 0xD0 || *p == 0xD1)
			return true;
	return false;
}

static json_t *alert(const char *json)
{
	json_error_t err;
	json_t *a = json_loads(json, 0, &err);
	ck_assert_msg(a != NULL, "%s", err.text);
	return a;
}

START_TEST(every_kind_of_the_contract_speaks_both_languages)
{
	char *spec = test_slurp("openapi.yaml");
	char *at = strstr(spec, "    AlertKind:\n");
	ck_assert_ptr_nonnull(at);
	char *enum_at = strstr(at, "enum: [");
	ck_assert_ptr_nonnull(enum_at);
	char *end = strchr(enum_at, ']');
	size_t kinds = 0;
	for (char *p = enum_at + 7; p < end;) {
		p += strspn(p, " ,\n");
		size_t n = strcspn(p, " ,\n]");
		if (!n)
			break;
		char kind[64], json[384], en[512], ru[512];
		snprintf(kind, sizeof(kind), "%.*s", (int)n, p);
		snprintf(json, sizeof(json),
			 "{\"kind\":\"%s\",\"date\":\"2026-03-05\",\"metric\":\"deals_won\",\"expected\":10,\"actual\":4,"
			 "\"details\":{\"title\":\"Позвонить\",\"goal\":\"Цель\",\"metrics\":[\"deals_won\"],"
			 "\"lead_id\":\"L-7\",\"deal_id\":\"D-9\",\"stage\":\"proposal\"}}",
			 kind);
		json_t *a = alert(json);
		ck_assert_msg(alert_message(LANG_EN, a, en, sizeof(en)) == 0, "%s has no English message", kind);
		ck_assert_msg(alert_message(LANG_RU, a, ru, sizeof(ru)) == 0, "%s has no Russian message", kind);
		/* English, but for a title or goal quoted as written. */
		ck_assert_msg(en[0] && (!has_cyrillic(en) || strstr(en, "\"Позвонить\"") || strstr(en, "\"Цель\"")), "%s: %s",
			      kind, en);
		ck_assert_msg(has_cyrillic(ru) && strcmp(en, ru) != 0, "%s: %s", kind, ru);
		json_decref(a);
		kinds++;
		p += n;
	}
	free(spec);
	ck_assert_uint_eq(kinds, 13);
	/* And the list the API validates ?kind= against is the contract's. */
	size_t listed = 0;
	while (alert_kinds[listed])
		listed++;
	ck_assert_uint_eq(listed, kinds);
	char out[64] = "x";
	json_t *a = alert("{\"kind\":\"no_such_kind\"}");
	ck_assert_int_eq(alert_message(LANG_RU, a, out, sizeof(out)), -1);
	ck_assert_str_eq(out, "");
	json_decref(a);
	/* An alert opened before details existed: no message rather than a task without its title. */
	a = alert("{\"kind\":\"task_overdue\",\"details\":null}");
	ck_assert_int_eq(alert_message(LANG_RU, a, out, sizeof(out)), -1);
	json_decref(a);
}
END_TEST

START_TEST(messages_carry_the_figures)
{
	char out[512];
	json_t *a = alert("{\"kind\":\"plan_lagging\",\"metric\":\"deals_won\",\"expected\":20,\"actual\":9}");
	alert_message(LANG_EN, a, out, sizeof(out));
	ck_assert_str_eq(out, "Forecast 45% of the deals_won plan");
	alert_message(LANG_RU, a, out, sizeof(out));
	ck_assert_str_eq(out, "Прогноз — 45% плана по показателю «выигранные сделки»");
	json_decref(a);
	a = alert("{\"kind\":\"report_mismatch\",\"date\":\"2026-03-05\",\"expected\":12,\"actual\":40}");
	alert_message(LANG_EN, a, out, sizeof(out));
	ck_assert_str_eq(out, "The report of 2026-03-05 says 40 calls; telephony logged 12");
	alert_message(LANG_RU, a, out, sizeof(out));
	ck_assert_str_eq(out, "В отчёте за 05.03.2026 указано звонков: 40, а телефония записала: 12");
	json_decref(a);
	a = alert("{\"kind\":\"activity_drop\",\"expected\":24.04,\"actual\":4}");
	alert_message(LANG_EN, a, out, sizeof(out));
	ck_assert_str_eq(out, "Effective calls over the last 3 workdays: 4, below 70 % of 24.0");
	alert_message(LANG_RU, a, out, sizeof(out));
	ck_assert_str_eq(out, "Результативных звонков за последние 3 рабочих дня: 4 — меньше 70 % от 24,0");
	json_decref(a);
	a = alert("{\"kind\":\"one_on_one_overdue\",\"expected\":14,\"actual\":22}");
	alert_message(LANG_RU, a, out, sizeof(out));
	ck_assert_str_eq(out, "Встречи один на один не было 22 дня");
	json_decref(a);
	a = alert("{\"kind\":\"idp_needed\",\"details\":{\"metrics\":[\"deals_won\",\"revenue_minor\"]}}");
	alert_message(LANG_EN, a, out, sizeof(out));
	ck_assert_str_eq(out, "Lagging on deals_won, revenue_minor with no active development plan");
	alert_message(LANG_RU, a, out, sizeof(out));
	ck_assert_str_eq(out, "Отставание по показателям: выигранные сделки, выручка — и нет активного плана развития");
	json_decref(a);
}
END_TEST

Suite *alert_text_suite(void)
{
	Suite *s = suite_create("alert_text");
	TCase *t = tcase_create("alert_text");
	tcase_add_test(t, every_kind_of_the_contract_speaks_both_languages);
	tcase_add_test(t, messages_carry_the_figures);
	suite_add_tcase(s, t);
	return s;
}
