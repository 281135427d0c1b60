/* SQL for month close (SPEC §6.4): the close with its snapshot rows, the reopen, and the reads that answer them. */
#ifndef SALESCTL_STORE_PERIODS_H
#define SALESCTL_STORE_PERIODS_H

#include "salesctl/domain/roles.h"
#include "salesctl/store/doc.h"
#include "salesctl/store/reach.h"

extern const struct db_stmt store_periods_stmts[];
extern const struct reach_stmt *const store_periods_reach_stmts[];

/* Inside a transaction: marks the month (period_start, YYYY-MM-01) closed by actor_id and logs it; *already when it
 * was closed before (nothing is written then). */
enum db_status store_period_close(struct db_conn *c, const char *org_id, const char *period_start,
				  const char *actor_id, bool *already);
/* Inside the close's transaction: stores the snapshot rows — subjects, a JSON array of {subject_type, subject_id,
 * team_id, plan_status, payout} — each with its KPIs summed from the rollups, and the month's workdays object. */
enum db_status store_period_snapshot_put(struct db_conn *c, const char *org_id, const char *period_start,
					 const char *workdays, const char *subjects);
/* Reopens a closed month with reason, dropping its snapshot; *was_closed false when it was not closed. */
enum db_status store_period_reopen(struct db_conn *c, const char *org_id, const char *period_start,
				   const char *actor_id, const char *reason, bool *was_closed);

/* The month as GET /v1/periods/{period} answers it for viewer: its state, history and, when closed, the KPIs of
 * the snapshot beside today's for the subjects in reach. *json is new. */
enum db_status store_period_get(struct db_conn *c, const struct principal *viewer, const char *period_start,
				char **json);
/* Plan status of a closed month from its snapshot, limited to viewer's reach and the filters (NULL: none); *json is
 * new, "" when the month is not closed. */
enum db_status store_period_plan_status(struct db_conn *c, const struct principal *viewer, const char *period_start,
					const char *team_id, const char *manager_id, char **json);
/* The payouts of a closed month from its snapshot, limited to viewer's reach; *json new, "" when not closed. */
enum db_status store_period_payouts(struct db_conn *c, const struct principal *viewer, const char *period_start,
				    char **json);

#endif
