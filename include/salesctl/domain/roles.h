/* The roles of SPEC §1 and who may act on whom. Pure: no I/O. */
#ifndef SALESCTL_DOMAIN_ROLES_H
#define SALESCTL_DOMAIN_ROLES_H

#include <stdbool.h>

/* Ordered by reach: a higher role sees at least what a lower one sees. */
enum role { ROLE_NONE = 0, ROLE_MANAGER, ROLE_HEAD, ROLE_OWNER };

/* Returns ROLE_NONE for an unknown name. */
enum role role_parse(const char *name);
/* Borrowed static string; "" for ROLE_NONE. */
const char *role_name(enum role r);
bool role_at_least(enum role have, enum role need);

/* Who is calling: the platform admin, or one user of one organisation. */
struct principal {
	bool admin;
	char org_id[37];
	char user_id[37];
	enum role role;
	char token_id[37];        /* the token the request came with ("" for the admin and the scheduler) */
	unsigned scopes;          /* what that token may be used for (enum scope, domain/scopes.h) */
	bool session;             /* that token is a signed-in session, not an issued token */
};

#endif
