/* SQL for compensation schemes and the figures payouts are computed from (SPEC §6.4). */
#ifndef SALESCTL_STORE_COMPENSATION_H
#define SALESCTL_STORE_COMPENSATION_H

#include "salesctl/domain/payouts.h"
#include "salesctl/domain/roles.h"
#include "salesctl/store/doc.h"

extern const struct db_stmt store_compensation_stmts[];
extern const struct reach_stmt *const store_compensation_reach_stmts[];

/* Creates or replaces scheme id from a validated body; *created says which. */
enum db_status store_scheme_put(struct db_conn *c, const char *org_id, const char *id, const char *body,
				struct store_doc *out, bool *created);
enum db_status store_scheme_get(struct db_conn *c, const struct principal *viewer, const char *id,
				struct store_doc *out);

/* A stored scheme as the arithmetic takes it, and the metric its commission counts. */
struct scheme_terms {
	char id[37];
	char metric[32];
	struct comp_scheme scheme;
};
/* Scheme id's terms; *found false when there is none. */
enum db_status store_scheme_terms(struct db_conn *c, const char *org_id, const char *id, struct scheme_terms *out,
				  bool *found);

/* One manager of a payout run: the scheme that applies to them (has_scheme false: none), and how many discipline
 * alerts (report_missing, report_mismatch, task_overdue) opened in the period. */
struct payout_subject {
	char manager_id[37];
	bool has_scheme;
	struct scheme_terms terms;
	long discipline_alerts;
};
/* The active managers the viewer reaches, each with the above, for the month starting period_start; *out is new
 * (free()). */
enum db_status store_payout_subjects(struct db_conn *c, const struct principal *viewer, const char *period_start,
				     struct payout_subject **out, size_t *n);

/* GET /v1/compensation-schemes, composed per request (store/list_sql.h): no filters; sort: updated_at. */
struct list_shape;
extern const struct list_shape store_scheme_list_shape;

#endif
