/* The error registry and the one renderer of RFC 9457 documents. `type` is a stable URI per code. */
#include "salesctl/http/problem.h"
#include "salesctl/http/i18n.h"
#include "salesctl/core/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct problem_info problems[PROBLEM__COUNT] = {
	[PROBLEM_MALFORMED_JSON] = {400, "malformed_json", "Malformed JSON", "Некорректный JSON"},
	[PROBLEM_INVALID_UTF8] = {400, "invalid_utf8", "Invalid UTF-8", "Некорректный UTF-8"},
	[PROBLEM_BAD_REQUEST] = {400, "bad_request", "Bad request", "Некорректный запрос"},
	[PROBLEM_BAD_CURSOR] = {400, "invalid_cursor", "Invalid cursor", "Недействительный курсор"},
	[PROBLEM_UNAUTHORIZED] = {401, "unauthorized", "Authentication required", "Требуется вход"},
	[PROBLEM_TOKEN_EXPIRED] = {401, "token_expired", "Token expired", "Срок действия токена истёк"},
	[PROBLEM_TOKEN_REVOKED] = {401, "token_revoked", "Token revoked", "Токен отозван"},
	[PROBLEM_SESSION_EXPIRED] = {401, "session_expired", "Session expired", "Сессия истекла"},
	[PROBLEM_SESSION_ENDED] = {401, "session_ended", "Session ended", "Сессия завершена"},
	[PROBLEM_INVALID_CREDENTIALS] = {401, "invalid_credentials", "Wrong email or password", "Неверный email или пароль"},
	[PROBLEM_FORBIDDEN] = {403, "forbidden", "Forbidden", "Доступ запрещён"},
	[PROBLEM_INSUFFICIENT_SCOPE] = {403, "insufficient_scope", "Outside the token's scopes", "Вне прав токена"},
	[PROBLEM_WRONG_PASSWORD] = {403, "wrong_password", "Wrong current password", "Неверный текущий пароль"},
	[PROBLEM_NOT_FOUND] = {404, "not_found", "Not found", "Не найдено"},
	[PROBLEM_METHOD_NOT_ALLOWED] = {405, "method_not_allowed", "Method not allowed", "Метод не поддерживается"},
	[PROBLEM_CONFLICT] = {409, "conflict", "Conflict", "Конфликт"},
	[PROBLEM_INVITATION_USED] = {409, "invitation_used", "Invitation already used", "Приглашение уже использовано"},
	[PROBLEM_EMAIL_TAKEN] = {409, "email_taken", "Email already in use", "Email уже занят"},
	[PROBLEM_IDEMPOTENCY_IN_FLIGHT] = {409, "idempotency_in_flight", "Request with this key is in progress", "Запрос с этим ключом ещё выполняется"},
	[PROBLEM_INVALID_TRANSITION] = {409, "invalid_transition", "Transition not allowed from this status", "Переход из этого статуса невозможен"},
	[PROBLEM_TASK_CLOSED] = {409, "task_closed", "Task is closed", "Задача закрыта"},
	[PROBLEM_REPORT_EXISTS] = {409, "report_exists", "A report for this date exists", "Отчёт за эту дату уже есть"},
	[PROBLEM_REPORT_LOCKED] = {409, "report_locked", "Report is locked", "Отчёт закрыт для изменений"},
	[PROBLEM_INVITATION_EXPIRED] = {410, "invitation_expired", "Invitation expired", "Срок приглашения истёк"},
	[PROBLEM_CURSOR_EXPIRED] = {410, "cursor_expired", "Events past the cursor are no longer kept", "События после курсора больше не хранятся"},
	[PROBLEM_PRECONDITION_FAILED] = {412, "precondition_failed", "Precondition failed", "Условие запроса не выполнено"},
	[PROBLEM_BODY_TOO_LARGE] = {413, "body_too_large", "Request body too large", "Слишком большое тело запроса"},
	[PROBLEM_TOO_MANY_PARAMETERS] = {414, "too_many_parameters", "Too many query parameters", "Слишком много параметров запроса"},
	[PROBLEM_UNSUPPORTED_MEDIA_TYPE] = {415, "unsupported_media_type", "Unsupported media type", "Неподдерживаемый тип содержимого"},
	[PROBLEM_VALIDATION] = {422, "validation_failed", "Validation failed", "Ошибка проверки данных"},
	[PROBLEM_IDEMPOTENCY_KEY_REUSED] = {422, "idempotency_key_reused", "Idempotency key reused", "Ключ идемпотентности уже использован"},
	[PROBLEM_RATE_LIMITED] = {429, "rate_limited", "Too many requests", "Слишком много запросов"},
	[PROBLEM_TOO_MANY_ATTEMPTS] = {429, "too_many_attempts", "Too many failed sign-ins", "Слишком много неудачных входов"},
	[PROBLEM_INTERNAL] = {500, "internal", "Internal server error", "Внутренняя ошибка сервера"},
	[PROBLEM_DB_UNAVAILABLE] = {503, "db_unavailable", "Database unavailable", "База данных недоступна"},
	[PROBLEM_DB_TIMEOUT] = {503, "db_timeout", "Database timeout", "База данных не ответила вовремя"},
	[PROBLEM_NOT_CONFIGURED] = {501, "not_configured", "Not configured on this server", "Не настроено на этом сервере"},
};

const struct problem_info *problem_info(enum problem p)
{
	return &problems[p];
}

void field_errors_free(struct field_errors *e)
{
	free(e->items);
	e->items = NULL;
	e->count = e->cap = 0;
}

static struct field_error *field_errors_next(struct field_errors *e, const char *prefix, const char *name)
{
	if (e->count == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 8;
		struct field_error *p = realloc(e->items, cap * sizeof(*p));
		if (!p)
			return NULL;
		e->items = p;
		e->cap = cap;
	}
	struct field_error *fe = &e->items[e->count++];
	if (prefix && *prefix)
		snprintf(fe->field, sizeof(fe->field), "%s.%s", prefix, name);
	else
		snprintf(fe->field, sizeof(fe->field), "%s", name);
	return fe;
}

void field_errors_add(struct field_errors *e, const char *prefix, const char *name, const char *fmt, ...)
{
	struct field_error *fe = field_errors_next(e, prefix, name);
	if (!fe)
		return;
	const char *ru = i18n_ru(fmt);
	va_list ap, again;
	va_start(ap, fmt);
	va_copy(again, ap);
	vsnprintf(fe->message, sizeof(fe->message), fmt, ap);
	/* The catalogue's formats take the same conversions as their English (tests/unit/http_i18n_test.c). */
	if (ru)
		vsnprintf(fe->message_ru, sizeof(fe->message_ru), ru, again);
	else
		snprintf(fe->message_ru, sizeof(fe->message_ru), "%s", fe->message);
	va_end(again);
	va_end(ap);
}

void field_errors_add_text(struct field_errors *e, const char *prefix, const char *name, const char *text)
{
	struct field_error *fe = field_errors_next(e, prefix, name);
	if (!fe)
		return;
	snprintf(fe->message, sizeof(fe->message), "%s", text);
	snprintf(fe->message_ru, sizeof(fe->message_ru), "%s", i18n_text(LANG_RU, text));
}

char *problem_render(enum problem p, enum lang lang, const char *detail, const struct field_errors *errors)
{
	const struct problem_info *pi = &problems[p];
	const char *title = lang == LANG_RU ? pi->title_ru : pi->title;
	struct buf b = BUF_INIT;
	buf_printf(&b, "{\"type\":\"https://salesctl.dev/problems/%s\",\"title\":", pi->code);
	buf_json_string(&b, title);
	buf_printf(&b, ",\"status\":%d,\"detail\":", pi->status);
	buf_json_string(&b, detail ? i18n_text(lang, detail) : title);
	buf_printf(&b, ",\"code\":\"%s\"", pi->code);
	if (errors) {
		buf_puts(&b, ",\"errors\":[");
		for (size_t i = 0; i < errors->count; i++) {
			buf_puts(&b, i ? ",{\"field\":" : "{\"field\":");
			buf_json_string(&b, errors->items[i].field);
			buf_puts(&b, ",\"message\":");
			buf_json_string(&b, lang == LANG_RU ? errors->items[i].message_ru : errors->items[i].message);
			buf_puts(&b, "}");
		}
		buf_puts(&b, "]");
	}
	buf_puts(&b, "}");
	return buf_steal(&b);
}
