/*
 * What a token may be used for (SPEC §6.1): `*` (everything its user may do), `read` (every GET), and the write
 * scopes of integrations, so that a telephony connector posting calls holds no owner-wide token. Pure: no I/O.
 */
#ifndef SALESCTL_DOMAIN_SCOPES_H
#define SALESCTL_DOMAIN_SCOPES_H

#include <stdbool.h>

enum scope {
	SCOPE_READ = 1 << 0,
	SCOPE_CALL_LOGS_WRITE = 1 << 1,
	SCOPE_CRM_EVENTS_WRITE = 1 << 2,
	SCOPE_REPORTS_WRITE = 1 << 3,
	SCOPE_ALL = 1 << 4,           /* `*`: every route, including those no narrower scope names */
};

/* The NULL-terminated names, in bit order, for validation tables. */
extern const char *const scope_names[];

/* The scope of a name (`*`, `read`, ...), or 0 for an unknown one. */
unsigned scope_parse(const char *name);
/* A set from a comma-separated list ("read,call_logs:write"); unknown names are ignored. */
unsigned scope_set_parse(const char *list);
/* Whether a token holding `held` may use a route that needs `needed`. */
bool scope_allows(unsigned held, enum scope needed);
/* Borrowed static name of one scope. */
const char *scope_name(enum scope s);

#endif
