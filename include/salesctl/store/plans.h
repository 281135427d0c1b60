/* SQL for monthly plans: one set of targets per (period, subject). */
#ifndef SALESCTL_STORE_PLANS_H
#define SALESCTL_STORE_PLANS_H

#include "salesctl/domain/roles.h"
#include "salesctl/store/doc.h"

extern const struct db_stmt store_plans_stmts[];
/* The statements limited to the viewer's reach (store/reach.h), NULL-terminated, for the plan test. */
extern const struct reach_stmt *const store_plans_reach_stmts[];

/* Whether the actor may set the plan of this subject: an owner any manager or team; a head the members of their
 * teams and the teams they head. */
enum db_status store_plan_subject_manageable(struct db_conn *c, const struct principal *actor,
					     const char *subject_type, const char *subject_id, bool *ok);
/* Replaces the targets of (period, subject); *created says whether the plan is new. period is YYYY-MM-01. */
enum db_status store_plan_put(struct db_conn *c, const char *org_id, const char *period, const char *subject_type,
			      const char *subject_id, const char *targets, struct store_doc *out, bool *created);
/* Filters: period (YYYY-MM-01), subject_type, subject_id. */
#define STORE_PLAN_TARGET_FILTERS 3
/* One page of the plans viewer sees, after the cursor (after_at, after_id) when given. */
enum db_status store_plan_target_list(struct db_conn *c, const struct principal *viewer,
				      const char *const filters[STORE_PLAN_TARGET_FILTERS], const char *after_at,
				      const char *after_id, int limit, struct store_page *out);

#endif
