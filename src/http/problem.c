/* The error registry and the one renderer of RFC 9457 documents. `type` is a stable URI per code. */
#include "salesctl/http/problem.h"
#include "salesctl/core/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct problem_info problems[PROBLEM__COUNT] = {
	[PROBLEM_MALFORMED_JSON] = {400, "malformed_json", "Malformed JSON"},
	[PROBLEM_INVALID_UTF8] = {400, "invalid_utf8", "Invalid UTF-8"},
	[PROBLEM_BAD_REQUEST] = {400, "bad_request", "Bad request"},
	[PROBLEM_BAD_CURSOR] = {400, "invalid_cursor", "Invalid cursor"},
	[PROBLEM_UNAUTHORIZED] = {401, "unauthorized", "Authentication required"},
	[PROBLEM_TOKEN_EXPIRED] = {401, "token_expired", "Token expired"},
	[PROBLEM_TOKEN_REVOKED] = {401, "token_revoked", "Token revoked"},
	[PROBLEM_SESSION_EXPIRED] = {401, "session_expired", "Session expired"},
	[PROBLEM_SESSION_ENDED] = {401, "session_ended", "Session ended"},
	[PROBLEM_INVALID_CREDENTIALS] = {401, "invalid_credentials", "Wrong email or password"},
	[PROBLEM_FORBIDDEN] = {403, "forbidden", "Forbidden"},
	[PROBLEM_INSUFFICIENT_SCOPE] = {403, "insufficient_scope", "Outside the token's scopes"},
	[PROBLEM_WRONG_PASSWORD] = {403, "wrong_password", "Wrong current password"},
	[PROBLEM_NOT_FOUND] = {404, "not_found", "Not found"},
	[PROBLEM_METHOD_NOT_ALLOWED] = {405, "method_not_allowed", "Method not allowed"},
	[PROBLEM_CONFLICT] = {409, "conflict", "Conflict"},
	[PROBLEM_INVITATION_USED] = {409, "invitation_used", "Invitation already used"},
	[PROBLEM_EMAIL_TAKEN] = {409, "email_taken", "Email already in use"},
	[PROBLEM_IDEMPOTENCY_IN_FLIGHT] = {409, "idempotency_in_flight", "Request with this key is in progress"},
	[PROBLEM_INVALID_TRANSITION] = {409, "invalid_transition", "Transition not allowed from this status"},
	[PROBLEM_TASK_CLOSED] = {409, "task_closed", "Task is closed"},
	[PROBLEM_REPORT_EXISTS] = {409, "report_exists", "A report for this date exists"},
	[PROBLEM_REPORT_LOCKED] = {409, "report_locked", "Report is locked"},
	[PROBLEM_INVITATION_EXPIRED] = {410, "invitation_expired", "Invitation expired"},
	[PROBLEM_PRECONDITION_FAILED] = {412, "precondition_failed", "Precondition failed"},
	[PROBLEM_BODY_TOO_LARGE] = {413, "body_too_large", "Request body too large"},
	[PROBLEM_TOO_MANY_PARAMETERS] = {414, "too_many_parameters", "Too many query parameters"},
	[PROBLEM_UNSUPPORTED_MEDIA_TYPE] = {415, "unsupported_media_type", "Unsupported media type"},
	[PROBLEM_VALIDATION] = {422, "validation_failed", "Validation failed"},
	[PROBLEM_IDEMPOTENCY_KEY_REUSED] = {422, "idempotency_key_reused", "Idempotency key reused"},
	[PROBLEM_RATE_LIMITED] = {429, "rate_limited", "Too many requests"},
	[PROBLEM_TOO_MANY_ATTEMPTS] = {429, "too_many_attempts", "Too many failed sign-ins"},
	[PROBLEM_INTERNAL] = {500, "internal", "Internal server error"},
	[PROBLEM_DB_UNAVAILABLE] = {503, "db_unavailable", "Database unavailable"},
	[PROBLEM_DB_TIMEOUT] = {503, "db_timeout", "Database timeout"},
	[PROBLEM_NOT_CONFIGURED] = {501, "not_configured", "Not configured on this server"},
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

void field_errors_add(struct field_errors *e, const char *prefix, const char *name, const char *fmt, ...)
{
	if (e->count == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 8;
		struct field_error *p = realloc(e->items, cap * sizeof(*p));
		if (!p)
			return;
		e->items = p;
		e->cap = cap;
	}
	struct field_error *fe = &e->items[e->count++];
	if (prefix && *prefix)
		snprintf(fe->field, sizeof(fe->field), "%s.%s", prefix, name);
	else
		snprintf(fe->field, sizeof(fe->field), "%s", name);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(fe->message, sizeof(fe->message), fmt, ap);
	va_end(ap);
}

char *problem_render(enum problem p, const char *detail, const struct field_errors *errors)
{
	const struct problem_info *pi = &problems[p];
	struct buf b = BUF_INIT;
	buf_printf(&b, "{\"type\":\"https://salesctl.dev/problems/%s\",\"title\":", pi->code);
	buf_json_string(&b, pi->title);
	buf_printf(&b, ",\"status\":%d,\"detail\":", pi->status);
	buf_json_string(&b, detail ? detail : pi->title);
	buf_printf(&b, ",\"code\":\"%s\"", pi->code);
	if (errors) {
		buf_puts(&b, ",\"errors\":[");
		for (size_t i = 0; i < errors->count; i++) {
			buf_puts(&b, i ? ",{\"field\":" : "{\"field\":");
			buf_json_string(&b, errors->items[i].field);
			buf_puts(&b, ",\"message\":");
			buf_json_string(&b, errors->items[i].message);
			buf_puts(&b, "}");
		}
		buf_puts(&b, "]");
	}
	buf_puts(&b, "}");
	return buf_steal(&b);
}
