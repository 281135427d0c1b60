/* SQL for one-on-ones: schedule, edit, hold (agreements may become tasks in the same statement), cancel, read. */
#ifndef SALESCTL_STORE_ONE_ON_ONES_H
#define SALESCTL_STORE_ONE_ON_ONES_H

#include "salesctl/domain/roles.h"
#include "salesctl/store/doc.h"

extern const struct db_stmt store_one_on_ones_stmts[];
/* The statements limited to the viewer's reach (store/reach.h), NULL-terminated, for the plan test. */
extern const struct reach_stmt *const store_one_on_ones_reach_stmts[];

/* Schedules the validated body with the actor as head. */
enum db_status store_one_on_one_create(struct db_conn *c, const struct principal *actor, const char *id,
				       const char *body, struct store_doc *out);
enum db_status store_one_on_one_get(struct db_conn *c, const struct principal *viewer, const char *id,
				    struct store_doc *out);

struct one_on_one_access {
	bool found;
	bool scheduled;   /* still open: may be edited, held or cancelled */
	bool is_manager;  /* the viewer is the manager in it */
};
/* Says how the viewer relates to the one-on-one. It takes no lock: the writes below each require it to be still
 * scheduled in their own statement, so a concurrent hold or cancel makes them find nothing (409). */
enum db_status store_one_on_one_access(struct db_conn *c, const struct principal *viewer, const char *id,
				       struct one_on_one_access *out);
enum db_status store_one_on_one_patch(struct db_conn *c, const struct principal *actor, const char *id,
				      const char *body, const char *if_match, struct store_doc *out);
/* Marks it held with notes, mood and agreements; with create_tasks each agreement becomes a task for the manager,
 * authored by the actor, in the same statement. out->json is NULL when it was no longer scheduled. */
enum db_status store_one_on_one_hold(struct db_conn *c, const struct principal *actor, const char *id,
				     const char *body, bool create_tasks, struct store_doc *out);
enum db_status store_one_on_one_cancel(struct db_conn *c, const struct principal *actor, const char *id,
				       struct store_doc *out);

/* What the suggested agenda of a one-on-one gathers from the store. */
struct one_on_one_agenda {
	char manager_id[37];
	/* A JSON array (new) of {kind, subject_type, subject_id, title, at}: the manager's open alerts (with `alert`,
	 * the alert, instead of a title), overdue tasks, IDP items due by a week after the meeting, help requests of
	 * stand-ups since the last held one-on-one, and that one-on-one's agreements whose tasks are still open. */
	char *items;
	/* What the manager's plan status now is computed from besides the data (plan_versions' version): the
	 * organisation's date, whether its report deadline has passed and the quarter hour (store/kpi.h). */
	long long plan_version;
	char as_of_date[11];
	bool deadline_passed;
	long long quarter_hour;
};
/* The agenda of one-on-one id (already known to be in the caller's reach); out->items is NULL when there is no such
 * one-on-one. */
enum db_status store_one_on_one_agenda(struct db_conn *c, const char *org_id, const char *id,
				       struct one_on_one_agenda *out);

/* GET /v1/one-on-ones, composed per request (store/list_sql.h). Filters, in this order: manager_id, head_id, status
 * (several), from, to (scheduled_at); sort: scheduled_at (the default, latest first). */
struct list_shape;
extern const struct list_shape store_one_on_one_list_shape;

#endif
