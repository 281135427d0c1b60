/* SQL for absences: record, list within reach (overlapping a range), delete. */
#ifndef SALESCTL_STORE_ABSENCES_H
#define SALESCTL_STORE_ABSENCES_H

#include "salesctl/domain/roles.h"
#include "salesctl/store/doc.h"

extern const struct db_stmt store_absences_stmts[];
/* The statements limited to the viewer's reach (store/reach.h), NULL-terminated, for the plan test. */
extern const struct reach_stmt *const store_absences_reach_stmts[];

/* Records the validated body (manager_id, from, to, kind, note) by the actor. */
enum db_status store_absence_create(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				    struct store_doc *out);
/* GET /v1/absences, composed per request (store/list_sql.h). Filters, in this order: manager_id, from, to (absences
 * overlapping from..to); sort: created_at (the default, newest first). */
struct list_shape;
extern const struct list_shape store_absence_list_shape;
/* The absence when the viewer reaches its manager; out->json NULL otherwise. */
enum db_status store_absence_get(struct db_conn *c, const struct principal *viewer, const char *id,
				 struct store_doc *out);
/* Deletes an absence the actor may manage; *found false when it is out of reach or gone. */
enum db_status store_absence_delete(struct db_conn *c, const struct principal *actor, const char *id, bool *found);

#endif
