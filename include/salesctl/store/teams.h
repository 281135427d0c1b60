/* SQL for teams. An owner reaches every team, a head the teams they head, a manager their own team. */
#ifndef SALESCTL_STORE_TEAMS_H
#define SALESCTL_STORE_TEAMS_H

#include "salesctl/domain/roles.h"
#include "salesctl/store/doc.h"

extern const struct db_stmt store_teams_stmts[];

/* out->found is false when head_id names no active head or owner of the organisation. */
enum db_status store_team_create(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				 struct store_doc *out);
enum db_status store_team_get(struct db_conn *c, const struct principal *viewer, const char *id,
			      struct store_doc *out);
/* GET /v1/teams, composed per request (store/list_sql.h). Filter: head_id; sorts: created_at (the default, newest
 * first), name (case-insensitive); q on the name. */
struct list_shape;
extern const struct list_shape store_team_list_shape;
enum db_status store_team_patch(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				const char *if_match, struct store_doc *out);
/* Whether user_id is an active head or owner of the organisation (the only users who may head a team). */
enum db_status store_team_head_allowed(struct db_conn *c, const char *org_id, const char *user_id, bool *allowed);

#endif
