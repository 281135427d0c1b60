/* Alert messages in both languages. English matches what the scheduler stores in alerts.message (webhooks send that);
 * the API renders every message here, in the language the request asks for. */
#include "salesctl/domain/alert_text.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

const char *const alert_kinds[] = {"plan_lagging", "activity_drop", "report_missing", "report_mismatch",
				   "leads_unprocessed", "task_overdue", "task_unchecked", "one_on_one_overdue",
				   "idp_needed", "idp_item_overdue", "lead_sla", "leads_left_for_tomorrow", "deal_stuck", NULL};

static const struct {
	const char *metric, *en, *ru;
} labels[] = {
	{"calls_total", "calls", "звонки"},
	{"calls_outbound", "outbound calls", "исходящие звонки"},
	{"calls_inbound", "inbound calls", "входящие звонки"},
	{"calls_effective", "effective calls", "результативные звонки"},
	{"talk_time_s", "talk time", "время разговоров"},
	{"chat_sessions", "chats", "переписки"},
	{"meetings", "meetings", "встречи"},
	{"proposals_sent", "proposals sent", "отправленные КП"},
	{"leads_received", "leads received", "полученные лиды"},
	{"leads_processed", "leads processed", "обработанные лиды"},
	{"deals_won", "deals won", "выигранные сделки"},
	{"payments_count", "payments", "оплаты"},
	{"revenue_minor", "revenue", "выручка"},
};

const char *metric_label(enum lang lang, const char *metric)
{
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(labels[i].metric, metric) == 0)
			return lang == LANG_RU ? labels[i].ru : labels[i].en;
	return metric;
}

static const char *text_of(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? s : "";
}

static double number_of(const json_t *obj, const char *key)
{
	return json_number_value(json_object_get(obj, key));
}

/* YYYY-MM-DD as Russians write it, DD.MM.YYYY; as it is otherwise. */
static void date_text(enum lang lang, const char *iso, char out[16])
{
	if (lang == LANG_RU && strlen(iso) == 10)
		snprintf(out, 16, "%.2s.%.2s.%.4s", iso + 8, iso + 5, iso);
	else
		snprintf(out, 16, "%.10s", iso);
}

/* The metrics of details.metrics joined by ", ", as labels in Russian, as names in English (what is stored). */
static void metric_list(enum lang lang, const json_t *details, char *out, size_t size)
{
	size_t n = 0, i;
	json_t *m;
	out[0] = '\0';
	json_array_foreach(json_object_get(details, "metrics"), i, m) {
		const char *name = json_string_value(m);
		if (!name)
			continue;
		int w = snprintf(out + n, size - n, "%s%s", i ? ", " : "", lang == LANG_RU ? metric_label(lang, name) : name);
		if (w < 0 || (size_t)w >= size - n)
			break;
		n += (size_t)w;
	}
}

/* Whether details holds what kind's message names (alerts opened before migration 0017 have none until a pass
 * refreshes them). */
static bool details_complete(const char *kind, const json_t *details)
{
	if (strcmp(kind, "task_overdue") == 0 || strcmp(kind, "task_unchecked") == 0)
		return json_is_string(json_object_get(details, "title"));
	if (strcmp(kind, "idp_item_overdue") == 0)
		return json_is_string(json_object_get(details, "goal"));
	if (strcmp(kind, "idp_needed") == 0)
		return json_array_size(json_object_get(details, "metrics")) > 0;
	if (strcmp(kind, "lead_sla") == 0)
		return json_is_string(json_object_get(details, "lead_id"));
	if (strcmp(kind, "deal_stuck") == 0)
		return json_is_string(json_object_get(details, "deal_id")) && json_is_string(json_object_get(details, "stage"));
	return true;
}

int alert_message(enum lang lang, const json_t *alert, char *out, size_t size)
{
	const char *kind = text_of(alert, "kind"), *metric = text_of(alert, "metric");
	const json_t *details = json_object_get(alert, "details");
	if (!details_complete(kind, details)) {
		if (size)
			out[0] = '\0';
		return -1;
	}
	double expected = number_of(alert, "expected"), actual = number_of(alert, "actual");
	char date[16], list[256];
	date_text(lang, text_of(alert, "date"), date);
	bool ru = lang == LANG_RU;
	if (strcmp(kind, "plan_lagging") == 0) {
		/* forecast_attainment = A·W/e / T = A / (T·e/W) = actual / expected_to_date */
		double pct = expected > 0 ? actual / expected * 100 : 0;
		snprintf(out, size, ru ? "Прогноз — %.0f%% плана по показателю «%s»" : "Forecast %.0f%% of the %s plan", pct,
			 ru ? metric_label(lang, metric) : metric);
	} else if (strcmp(kind, "activity_drop") == 0) {
		char expected_text[32];
		snprintf(expected_text, sizeof(expected_text), "%.1f", expected);
		char *dot = strchr(expected_text, '.');
		if (ru && dot)
			*dot = ',';   /* 24,0: Russian writes a decimal comma */
		snprintf(out, size,
			 ru ? "Результативных звонков за последние 3 рабочих дня: %.0f — меньше 70 %% от %s"
			    : "Effective calls over the last 3 workdays: %.0f, below 70 %% of %s",
			 actual, expected_text);
	} else if (strcmp(kind, "report_missing") == 0) {
		snprintf(out, size, ru ? "Нет вечернего отчёта за %s" : "No evening report for %s", date);
	} else if (strcmp(kind, "report_mismatch") == 0) {
		snprintf(out, size,
			 ru ? "В отчёте за %s указано звонков: %.0f, а телефония записала: %.0f"
			    : "The report of %s says %.0f calls; telephony logged %.0f",
			 date, actual, expected);
	} else if (strcmp(kind, "leads_unprocessed") == 0) {
		snprintf(out, size, ru ? "Не обработано лидов: %.0f (за %s)" : "%.0f leads of %s were not processed",
			 expected - actual, date);
	} else if (strcmp(kind, "task_overdue") == 0) {
		snprintf(out, size, ru ? "Задача «%s» просрочена" : "Task \"%s\" is past its due date", text_of(details, "title"));
	} else if (strcmp(kind, "task_unchecked") == 0) {
		snprintf(out, size,
			 ru ? "Задача «%s» выполнена, но не проверена к контрольной дате"
			    : "Task \"%s\" is done but was not checked by its control date",
			 text_of(details, "title"));
	} else if (strcmp(kind, "one_on_one_overdue") == 0) {
		long long days = (long long)actual;
		if (ru)
			snprintf(out, size, "Встречи один на один не было %lld %s", days, ru_plural(days, "день", "дня", "дней"));
		else
			snprintf(out, size, "No one-on-one for %lld days", days);
	} else if (strcmp(kind, "idp_needed") == 0) {
		metric_list(lang, details, list, sizeof(list));
		snprintf(out, size,
			 ru ? "Отставание по показателям: %s — и нет активного плана развития"
			    : "Lagging on %s with no active development plan",
			 list);
	} else if (strcmp(kind, "idp_item_overdue") == 0) {
		snprintf(out, size, ru ? "Пункт плана развития «%s» просрочен" : "Development plan item \"%s\" is past its due date",
			 text_of(details, "goal"));
	} else if (strcmp(kind, "lead_sla") == 0) {
		snprintf(out, size,
			 ru ? "Лид %s без первого контакта дольше %.0f рабочих минут"
			    : "Lead %s has had no first contact within %.0f working minutes",
			 text_of(details, "lead_id"), expected);
	} else if (strcmp(kind, "leads_left_for_tomorrow") == 0) {
		if (ru)
			snprintf(out, size, "Лидов за %s оставлено на завтра без первого контакта: %.0f", date, actual);
		else
			snprintf(out, size, "%.0f leads of %s were left for tomorrow without a first contact", actual, date);
	} else if (strcmp(kind, "deal_stuck") == 0) {
		long long days = (long long)actual;
		if (ru)
			snprintf(out, size, "Сделка %s на этапе «%s» уже %lld %s", text_of(details, "deal_id"),
				 text_of(details, "stage"), days, ru_plural(days, "день", "дня", "дней"));
		else
			snprintf(out, size, "Deal %s has been at stage %s for %lld days", text_of(details, "deal_id"),
				 text_of(details, "stage"), days);
	} else {
		if (size)
			out[0] = '\0';
		return -1;
	}
	return 0;
}
