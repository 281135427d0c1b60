/* SQL for evening reports: one per manager and date, editable until accepted, reconciled live against call logs. */
#ifndef SALESCTL_STORE_DAILY_REPORTS_H
#define SALESCTL_STORE_DAILY_REPORTS_H

#include "salesctl/domain/roles.h"
#include "salesctl/store/doc.h"

extern const struct db_stmt store_daily_reports_stmts[];
/* The statements limited to the viewer's reach (store/reach.h), NULL-terminated, for the plan test. */
extern const struct reach_stmt *const store_daily_reports_reach_stmts[];

/* Inserts the validated body (manager_id filled in; date defaults to today in the manager's time zone).
 * out->json is NULL when the date is in the manager's future. A second report for the day is DB_UNIQUE. */
enum db_status store_report_create(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				   struct store_doc *out);
enum db_status store_report_get(struct db_conn *c, const struct principal *viewer, const char *id,
				struct store_doc *out);

struct report_access {
	bool found;
	bool own;            /* the viewer wrote it (is its manager) */
	bool heads_manager;  /* the viewer heads the manager's team */
	bool locked;         /* reviewed and accepted */
};
enum db_status store_report_access(struct db_conn *c, const struct principal *viewer, const char *id,
				   struct report_access *out);
/* Applies the validated body unless the report was accepted meanwhile; clears a needs_fix review. */
enum db_status store_report_patch(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				  const char *if_match, struct store_doc *out);
/* Records the review; out->json is NULL when the report was accepted meanwhile. */
enum db_status store_report_review(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				   struct store_doc *out);

/* GET /v1/daily-reports, composed per request (store/list_sql.h). Filters, in this order: manager_id, team_id,
 * date_from, date_to, reviewed, reconciliation (several); sort: date (the default, newest first). */
struct list_shape;
extern const struct list_shape store_report_list_shape;
/* Active managers the viewer reaches, hired by date, without a report for it, as a JSON array; *workday says
 * whether the date is a workday (no one is missing on other days). */
enum db_status store_report_missing(struct db_conn *c, const struct principal *viewer, const char *date, char **json,
				    bool *workday);

#endif
