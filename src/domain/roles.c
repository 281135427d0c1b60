/* Role names and ordering. The per-object reach rules (a head's teams) need data and live in SQL (in_reach). */
#include "salesctl/domain/roles.h"

#include <string.h>

static const char *const names[] = {"", "manager", "head", "owner"};

enum role role_parse(const char *name)
{
	for (int r = ROLE_MANAGER; r <= ROLE_OWNER; r++)
		if (name && strcmp(name, names[r]) == 0)
			return (enum role)r;
	return ROLE_NONE;
}

const char *role_name(enum role r)
{
	return (r >= ROLE_NONE && r <= ROLE_OWNER) ? names[r] : "";
}

bool role_at_least(enum role have, enum role need)
{
	return have >= need;
}
