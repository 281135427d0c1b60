/* SQL for users. Reads are limited by in_reach(): an owner reaches everyone, a head their teams' members and
 * themselves, a manager themselves; what is out of reach is indistinguishable from what does not exist. */
#ifndef SALESCTL_STORE_USERS_H
#define SALESCTL_STORE_USERS_H

#include "salesctl/domain/roles.h"
#include "salesctl/store/doc.h"

extern const struct db_stmt store_users_stmts[];
/* The statements limited to the viewer's reach (store/reach.h), NULL-terminated, for the plan test. */
extern const struct reach_stmt *const store_users_reach_stmts[];

/* body: validated POST /v1/users body. */
enum db_status store_user_create(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				 struct store_doc *out);
/* The user if the viewer reaches them; out->json NULL otherwise. */
enum db_status store_user_get(struct db_conn *c, const struct principal *viewer, const char *id,
			      struct store_doc *out);
/* GET /v1/users, composed per request (store/list_sql.h). Filters, in this order: role, team_id, status, sales_role
 * (enums take several values); sorts: created_at (the default, newest first), name (case-insensitive); q on name and
 * email. */
struct list_shape;
extern const struct list_shape store_user_list_shape;
enum db_status store_user_patch(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				const char *if_match, struct store_doc *out);

/* Whether user_id exists in the organisation and the viewer reaches them. */
/* Marks dismissed the users of the organisation whose dismissed_on is before as_of's date in their time zone. */
enum db_status store_users_dismiss_due(struct db_conn *c, const char *org_id, const char *as_of);
enum db_status store_user_reachable(struct db_conn *c, const struct principal *viewer, const char *user_id,
				    bool *ok);

#endif
