/* SQL for call logs: single and batch inserts idempotent on external_id, reads within reach, the review sample,
 * and quality reviews. */
#ifndef SALESCTL_STORE_CALL_LOGS_H
#define SALESCTL_STORE_CALL_LOGS_H

#include "salesctl/domain/roles.h"
#include "salesctl/store/batch.h"
#include "salesctl/store/doc.h"

extern const struct db_stmt store_call_logs_stmts[];
/* The statements limited to the viewer's reach (store/reach.h), NULL-terminated, for the plan test. */
extern const struct reach_stmt *const store_call_logs_reach_stmts[];

/* Inserts the validated body (manager_id filled in). out->json is NULL when external_id already exists. */
enum db_status store_call_create(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				 struct store_doc *out);
/* The call with this external_id: out->json when the viewer reaches it; *exists when it exists at all. */
enum db_status store_call_by_external(struct db_conn *c, const struct principal *viewer, const char *external_id,
				      struct store_doc *out, bool *exists);
enum db_status store_call_get(struct db_conn *c, const struct principal *viewer, const char *id,
			      struct store_doc *out);

/* Inserts items (a JSON array of n validated items; one without manager_id is the actor's) in one statement, with
 * the ids in ids (a PostgreSQL array literal of n UUIDs, in the same order); fills results[0..n) in input order. */
enum db_status store_call_batch(struct db_conn *c, const struct principal *actor, const char *body,
				 const char *rejected, size_t n, size_t nvalid, struct batch_result *results);

/* GET /v1/call-logs, composed per request (store/list_sql.h). Filters, in this order: manager_id, team_id, from, to,
 * direction (several), outcome (several), effective, reviewed; sorts: started_at (the default, newest first),
 * duration_s. */
struct list_shape;
extern const struct list_shape store_call_list_shape;
/* Up to n random effective, unreviewed calls of the manager on a local date (NULL: today there), as a JSON array. */
enum db_status store_call_sample(struct db_conn *c, const struct principal *viewer, const char *manager_id,
				 const char *date, int n, char **json);

struct call_access {
	bool found;
	bool own;             /* the viewer is the call's manager */
	bool heads_manager;   /* the viewer heads the manager's team */
};
enum db_status store_call_access(struct db_conn *c, const struct principal *viewer, const char *id,
				 struct call_access *out);
/* Records (or replaces) the review of a call by the actor. */
enum db_status store_call_review(struct db_conn *c, const struct principal *actor, const char *id, const char *body);

#endif
