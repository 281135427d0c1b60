/* SQL for tasks and their history. A task is visible to its author and to whoever reaches its assignee. */
#ifndef SALESCTL_STORE_TASKS_H
#define SALESCTL_STORE_TASKS_H

#include "salesctl/domain/roles.h"
#include "salesctl/domain/task_status.h"
#include "salesctl/store/doc.h"

extern const struct db_stmt store_tasks_stmts[];

/* Inserts the validated body as a task authored by actor, with its "created" event. */
enum db_status store_task_create(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				 struct store_doc *out);
/* Whether user_id is an active user the actor reaches (may be given a task by them). */
enum db_status store_task_assignable(struct db_conn *c, const struct principal *actor, const char *user_id,
				     bool *ok);
enum db_status store_task_get(struct db_conn *c, const struct principal *viewer, const char *id,
			      struct store_doc *out);

struct task_state {
	bool found;
	enum task_status status;
	unsigned relations;   /* enum task_relation bits of the viewer */
};
/* Locks the task (FOR UPDATE, inside a transaction) and says how the viewer relates to it. */
enum db_status store_task_lock(struct db_conn *c, const struct principal *viewer, const char *id,
			       struct task_state *out);
/* Moves a task from `from` by transition t and records the event. out->json is NULL if the status moved meanwhile. */
enum db_status store_task_transition(struct db_conn *c, const struct principal *actor, const char *id,
				     enum task_status from, enum task_transition t, const char *comment,
				     struct store_doc *out);
/* Applies the validated body (not to an accepted or cancelled task) and records the changed fields. */
enum db_status store_task_patch(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				const char *if_match, struct store_doc *out);

/* GET /v1/tasks, composed per request (store/list_sql.h). Filters, in this order: assignee_id, author_id, status
 * (several), priority (several), overdue, due_from, due_to, control_from, control_to; sorts: created_at (the
 * default, newest first), due_at, control_at, priority, status; q on the title. */
extern const struct list_shape store_task_list_shape;
/* The statements limited to the viewer's reach (store/reach.h), NULL-terminated, for the plan test. */
extern const struct reach_stmt *const store_tasks_reach_stmts[];
/* The task's events, oldest first, as a JSON array (new). */
enum db_status store_task_events(struct db_conn *c, const struct principal *viewer, const char *id, char **json);

#endif
