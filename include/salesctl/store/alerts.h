/* SQL for alerts: evaluating every rule of an organisation at as_of in one statement (open, refresh, resolve), and
 * reading and acknowledging alerts. */
#ifndef SALESCTL_STORE_ALERTS_H
#define SALESCTL_STORE_ALERTS_H

#include "salesctl/domain/roles.h"
#include "salesctl/store/doc.h"

extern const struct db_stmt store_alerts_stmts[];
/* The statements limited to the viewer's reach (store/reach.h), NULL-terminated, for the plan test. */
extern const struct reach_stmt *const store_alerts_reach_stmts[];

/*
 * Inside a transaction: evaluates every rule of SPEC §3 for the organisation at as_of. plan_conditions is a JSON
 * array of the plan_lagging conditions computed in C (domain/alert_rules.c); the SQL rules and idp_needed are
 * evaluated here. Opens new alerts, refreshes open ones, resolves those whose condition cleared.
 */
enum db_status store_alert_evaluate(struct db_conn *c, const char *org_id, const char *as_of,
				    const char *plan_conditions, long *opened, long *resolved);
/* Inside a transaction: marks done the metric items of active development plans whose value from the rollups (the
 * plan's start to as_of) reached their target. */
enum db_status store_idp_items_from_rollups(struct db_conn *c, const char *org_id, const char *as_of);
/* Organisations to evaluate in a pass, in *orgs (new: free()). */
enum db_status store_alert_orgs(struct db_conn *c, struct store_id **orgs, size_t *n);

enum db_status store_alert_get(struct db_conn *c, const struct principal *viewer, const char *id,
			       struct store_doc *out);
/* Acknowledges (once: a second acknowledgement keeps the first). */
enum db_status store_alert_ack(struct db_conn *c, const struct principal *actor, const char *id,
			       struct store_doc *out);
/* GET /v1/alerts, composed per request (store/list_sql.h). Filters, in this order: status, kind, severity (each
 * several), team_id, manager_id; sorts: opened_at (the default, newest first), severity (info < warning < critical). */
struct list_shape;
extern const struct list_shape store_alert_list_shape;
/* Open alerts per manager (by manager_id), per team alert subject, and of the whole organisation (under its
 * org_id), in *counts (new: free()). */
struct alert_count {
	char id[37];
	long open;
};
enum db_status store_alert_open_counts(struct db_conn *c, const char *org_id, struct alert_count **counts, size_t *n);
/* The open alerts of the organisation's subjects (store_alert_open_counts), and their lookup. */
struct open_alerts {
	struct alert_count *counts;
	size_t n;
};
long open_alerts_of(const struct open_alerts *alerts, const char *id);

#endif
