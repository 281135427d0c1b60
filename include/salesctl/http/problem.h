/*
 * RFC 9457 problem details. One table maps each error to its HTTP status, title and stable `code`;
 * one function renders the problem document.
 */
#ifndef SALESCTL_HTTP_PROBLEM_H
#define SALESCTL_HTTP_PROBLEM_H

#include <stddef.h>

#include "salesctl/domain/lang.h"

enum problem {
	PROBLEM_MALFORMED_JSON,
	PROBLEM_INVALID_UTF8,
	PROBLEM_BAD_REQUEST,
	PROBLEM_BAD_CURSOR,
	PROBLEM_UNAUTHORIZED,
	PROBLEM_TOKEN_EXPIRED,
	PROBLEM_TOKEN_REVOKED,
	PROBLEM_SESSION_EXPIRED,
	PROBLEM_SESSION_ENDED,
	PROBLEM_INVALID_CREDENTIALS,
	PROBLEM_FORBIDDEN,
	PROBLEM_INSUFFICIENT_SCOPE,
	PROBLEM_WRONG_PASSWORD,
	PROBLEM_NOT_FOUND,
	PROBLEM_METHOD_NOT_ALLOWED,
	PROBLEM_CONFLICT,
	PROBLEM_INVITATION_USED,
	PROBLEM_EMAIL_TAKEN,
	PROBLEM_IDEMPOTENCY_IN_FLIGHT,
	PROBLEM_INVALID_TRANSITION,
	PROBLEM_TASK_CLOSED,
	PROBLEM_REPORT_EXISTS,
	PROBLEM_REPORT_LOCKED,
	PROBLEM_INVITATION_EXPIRED,
	PROBLEM_CURSOR_EXPIRED,
	PROBLEM_PRECONDITION_FAILED,
	PROBLEM_BODY_TOO_LARGE,
	PROBLEM_TOO_MANY_PARAMETERS,
	PROBLEM_UNSUPPORTED_MEDIA_TYPE,
	PROBLEM_VALIDATION,
	PROBLEM_IDEMPOTENCY_KEY_REUSED,
	PROBLEM_RATE_LIMITED,
	PROBLEM_TOO_MANY_ATTEMPTS,
	PROBLEM_INTERNAL,
	PROBLEM_DB_UNAVAILABLE,
	PROBLEM_DB_TIMEOUT,
	PROBLEM_NOT_CONFIGURED,
	PROBLEM__COUNT
};

struct problem_info {
	int status;
	const char *code;   /* stable, machine-readable */
	const char *title;  /* short, human, the same for every occurrence */
	const char *title_ru;
};

/* Borrowed: static table row. */
const struct problem_info *problem_info(enum problem p);

/* One invalid field of a request: the JSON path (e.g. "owner.email") and what is wrong with it. */
struct field_error {
	char field[96];
	char message[160];
	char message_ru[320];   /* the same in Russian (http/i18n.c); Cyrillic takes two bytes a letter */
};

/* Collects every invalid field of a request so that one 422 lists them all. */
struct field_errors {
	struct field_error *items;
	size_t count;
	size_t cap;
};

void field_errors_free(struct field_errors *e);
/* Records that `field` (prefix + name, joined by '.') is invalid: fmt is English, its Russian comes from
 * http/i18n.c's catalogue with the same arguments. */
void field_errors_add(struct field_errors *e, const char *prefix, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The same for a message that is not a format (a reason chosen at run time, itself in the catalogue). */
void field_errors_add_text(struct field_errors *e, const char *prefix, const char *name, const char *text);

/*
 * Renders the problem document: {type, title, status, detail, code[, errors]}. `detail` may be NULL (the title
 * is used), `errors` may be NULL. Returns new memory (caller frees) or NULL when out of memory.
 */
char *problem_render(enum problem p, enum lang lang, const char *detail, const struct field_errors *errors);

#endif
