/* SQL for individual development plans, their items and progress notes. */
#ifndef SALESCTL_STORE_DEVELOPMENT_PLANS_H
#define SALESCTL_STORE_DEVELOPMENT_PLANS_H

#include "salesctl/domain/idp_status.h"
#include "salesctl/domain/roles.h"
#include "salesctl/store/doc.h"

extern const struct db_stmt store_idp_stmts[];
/* The statements limited to the viewer's reach (store/reach.h), NULL-terminated, for the plan test. */
extern const struct reach_stmt *const store_development_plans_reach_stmts[];

/* Inserts the validated plan with its items (authored by the actor) and reads it back. Inside a transaction. */
enum db_status store_idp_create(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				 struct store_doc *out);
enum db_status store_idp_get(struct db_conn *c, const struct principal *viewer, const char *id,
			      struct store_doc *out);

struct idp_access {
	bool found;
	enum idp_status status;
	bool is_manager;   /* the plan is the viewer's own */
};
/* Locks the plan (inside a transaction) and says how the viewer relates to it. */
enum db_status store_idp_access(struct db_conn *c, const struct principal *viewer, const char *id,
				 struct idp_access *out);
enum db_status store_idp_patch(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				const char *if_match, struct store_doc *out);
enum db_status store_idp_transition(struct db_conn *c, const struct principal *actor, const char *id,
				     enum idp_status to);
/* Appends a validated item to the plan. */
enum db_status store_idp_item_add(struct db_conn *c, const struct principal *actor, const char *plan_id,
				   const char *body);
/* Records a progress note on an item of the plan; marks the item done when value reaches its target.
 * *found is false when the item is not in that plan. */
enum db_status store_idp_progress(struct db_conn *c, const struct principal *actor, const char *plan_id,
				   const char *item_id, const char *body, bool *found);

/* GET /v1/development-plans, composed per request (store/list_sql.h). Filters, in this order: manager_id, status
 * (several); sort: created_at (the default, newest first). */
struct list_shape;
extern const struct list_shape store_idp_list_shape;

#endif
