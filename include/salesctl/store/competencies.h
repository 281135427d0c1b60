/* SQL for the competency catalogue, assessments and the team matrix (SPEC §6.4). */
#ifndef SALESCTL_STORE_COMPETENCIES_H
#define SALESCTL_STORE_COMPETENCIES_H

#include "salesctl/domain/roles.h"
#include "salesctl/store/doc.h"

extern const struct db_stmt store_competencies_stmts[];
extern const struct reach_stmt *const store_competencies_reach_stmts[];

enum db_status store_competency_create(struct db_conn *c, const struct principal *actor, const char *id,
				       const char *body, struct store_doc *out);
enum db_status store_competency_get(struct db_conn *c, const struct principal *viewer, const char *id,
				    struct store_doc *out);
/* An assessment of a manager the actor reaches (the API checks it) by the actor. */
enum db_status store_assessment_create(struct db_conn *c, const struct principal *actor, const char *id,
				       const char *body, struct store_doc *out);
/* The matrix of team_id's active managers × the catalogue, as {competencies, managers} JSON text (new). */
enum db_status store_assessment_matrix(struct db_conn *c, const char *org_id, const char *team_id, char **json);

/* GET /v1/competencies, composed per request: no filters; sort: name. */
struct list_shape;
extern const struct list_shape store_competency_list_shape;

#endif
