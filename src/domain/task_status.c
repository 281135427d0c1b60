/* The task status machine as two tables: which transitions leave which status, and who may ask for each. */
#include "salesctl/domain/task_status.h"

#include <string.h>

static const char *const status_names[TASK_STATUS__COUNT] = {"new", "in_progress", "done", "accepted", "cancelled"};
static const char *const transition_names[TT__COUNT] = {"in_progress", "done", "accepted", "cancelled", "returned"};

/* from_status[t]: the statuses transition t may leave, as a bit mask of (1 << status). */
static const unsigned leaves[TT__COUNT] = {
	[TT_IN_PROGRESS] = 1u << TASK_NEW,
	[TT_DONE] = 1u << TASK_IN_PROGRESS,
	[TT_ACCEPTED] = 1u << TASK_DONE,
	[TT_CANCELLED] = (1u << TASK_NEW) | (1u << TASK_IN_PROGRESS),
	[TT_RETURNED] = 1u << TASK_DONE,
};

/* The relations that may ask for each transition: the assignee works, the author or head controls. */
static const unsigned askers[TT__COUNT] = {
	[TT_IN_PROGRESS] = TASK_REL_ASSIGNEE,
	[TT_DONE] = TASK_REL_ASSIGNEE,
	[TT_ACCEPTED] = TASK_REL_AUTHOR | TASK_REL_HEAD,
	[TT_CANCELLED] = TASK_REL_AUTHOR | TASK_REL_HEAD,
	[TT_RETURNED] = TASK_REL_AUTHOR | TASK_REL_HEAD,
};

static int name_index(const char *const *names, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

int task_status_parse(const char *s)
{
	return name_index(status_names, TASK_STATUS__COUNT, s);
}

const char *task_status_name(enum task_status s)
{
	return status_names[s];
}

int task_transition_parse(const char *s)
{
	return name_index(transition_names, TT__COUNT, s);
}

const char *task_transition_name(enum task_transition t)
{
	return transition_names[t];
}

enum task_status task_transition_target(enum task_transition t)
{
	static const enum task_status target[TT__COUNT] = {
		[TT_IN_PROGRESS] = TASK_IN_PROGRESS, [TT_DONE] = TASK_DONE, [TT_ACCEPTED] = TASK_ACCEPTED,
		[TT_CANCELLED] = TASK_CANCELLED,     [TT_RETURNED] = TASK_IN_PROGRESS,
	};
	return target[t];
}

bool task_transition_needs_comment(enum task_transition t)
{
	return t == TT_RETURNED;
}

enum task_verdict task_transition_allowed(enum task_status from, enum task_transition t, unsigned relations)
{
	if (!(askers[t] & relations))
		return TASK_FORBIDDEN;
	return (leaves[t] & (1u << from)) ? TASK_ALLOWED : TASK_INVALID_TRANSITION;
}

bool task_status_editable(enum task_status s)
{
	return s != TASK_ACCEPTED && s != TASK_CANCELLED;
}
