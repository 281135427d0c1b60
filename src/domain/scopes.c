/* Token scopes (see the header). `*` holds every scope; each route needs exactly one (the route table's scope). */
#include "salesctl/domain/scopes.h"

#include <string.h>

const char *const scope_names[] = {"read", "call_logs:write", "crm_events:write", "reports:write", "*", NULL};

unsigned scope_parse(const char *name)
{
	for (unsigned i = 0; scope_names[i]; i++)
		if (strcmp(name, scope_names[i]) == 0)
			return 1u << i;
	return 0;
}

unsigned scope_set_parse(const char *list)
{
	unsigned set = 0;
	char name[32];
	while (*list) {
		size_t n = strcspn(list, ",");
		if (n < sizeof(name)) {
			memcpy(name, list, n);
			name[n] = '\0';
			set |= scope_parse(name);
		}
		list += n + (list[n] == ',');
	}
	return set;
}

bool scope_allows(unsigned held, enum scope needed)
{
	return (held & SCOPE_ALL) || (held & (unsigned)needed);
}

const char *scope_name(enum scope s)
{
	for (unsigned i = 0; scope_names[i]; i++)
		if ((unsigned)s == 1u << i)
			return scope_names[i];
	return "";
}
