/* Development plan statuses: which moves exist. Who may make them is the API's concern (heads and owners). */
#include "salesctl/domain/idp_status.h"

#include <string.h>

static const char *const names[IDP_STATUS__COUNT] = {"draft", "active", "completed", "failed", "cancelled"};

/* moves[from]: bit mask of the statuses it may move to. */
static const unsigned moves[IDP_STATUS__COUNT] = {
	[IDP_DRAFT] = (1u << IDP_ACTIVE) | (1u << IDP_CANCELLED),
	[IDP_ACTIVE] = (1u << IDP_COMPLETED) | (1u << IDP_FAILED) | (1u << IDP_CANCELLED),
};

int idp_status_parse(const char *s)
{
	for (int i = 0; s && i < IDP_STATUS__COUNT; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

const char *idp_status_name(enum idp_status s)
{
	return names[s];
}

bool idp_transition_allowed(enum idp_status from, enum idp_status to)
{
	return (moves[from] >> to) & 1u;
}

bool idp_status_open(enum idp_status s)
{
	return s == IDP_DRAFT || s == IDP_ACTIVE;
}
