/* The task status machine of SPEC §3 (pure): new → in_progress → done → accepted; new|in_progress → cancelled;
 * done → in_progress by "returned" (rework, comment required). Who may ask for which transition. */
#ifndef SALESCTL_DOMAIN_TASK_STATUS_H
#define SALESCTL_DOMAIN_TASK_STATUS_H

#include <stdbool.h>

enum task_status { TASK_NEW, TASK_IN_PROGRESS, TASK_DONE, TASK_ACCEPTED, TASK_CANCELLED, TASK_STATUS__COUNT };

/* What a client asks for in POST /v1/tasks/{id}/transitions. */
enum task_transition { TT_IN_PROGRESS, TT_DONE, TT_ACCEPTED, TT_CANCELLED, TT_RETURNED, TT__COUNT };

/* How the caller relates to the task (several may hold at once). */
enum task_relation {
	TASK_REL_ASSIGNEE = 1 << 0,
	TASK_REL_AUTHOR = 1 << 1,
	TASK_REL_HEAD = 1 << 2,   /* heads the team of the assignee */
};

enum task_verdict {
	TASK_ALLOWED,
	TASK_FORBIDDEN,          /* the caller may never ask for this transition of this task: 403 */
	TASK_INVALID_TRANSITION, /* not from the current status: 409 */
};

/* -1 for an unknown name. */
int task_status_parse(const char *s);
const char *task_status_name(enum task_status s);
int task_transition_parse(const char *s);
const char *task_transition_name(enum task_transition t);

/* The status a transition leads to (returned → in_progress). */
enum task_status task_transition_target(enum task_transition t);
/* Whether the transition needs a comment (returned). */
bool task_transition_needs_comment(enum task_transition t);
/*
 * Whether a caller with the given relations may move a task from `from` by transition t. Permission is judged first
 * (so a manager asking to accept is 403 whatever the status), then the status machine.
 */
enum task_verdict task_transition_allowed(enum task_status from, enum task_transition t, unsigned relations);
/* Whether fields of a task in this status may still be edited (not accepted or cancelled). */
bool task_status_editable(enum task_status s);

#endif
