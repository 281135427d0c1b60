/* SQL for KPI reads from the daily rollups: series, period comparisons, and the inputs of plan status. */
#ifndef SALESCTL_STORE_KPI_H
#define SALESCTL_STORE_KPI_H

#include "salesctl/domain/calendar.h"
#include "salesctl/domain/kpi.h"
#include "salesctl/domain/plan_status.h"
#include "salesctl/domain/roles.h"
#include "salesctl/store/doc.h"

extern const struct db_stmt store_kpi_stmts[];
/* The statements limited to the viewer's reach (store/reach.h), NULL-terminated, for the plan test. */
extern const struct reach_stmt *const store_kpi_reach_stmts[];

/* Whether the viewer may read the KPIs of the subject (manager: reaches them; team: heads or belongs to it;
 * org: owners). */
enum db_status store_kpi_subject_visible(struct db_conn *c, const struct principal *viewer, const char *type,
					 const char *subject_id, bool *ok);
/* What GET /v1/kpi needs before its series: whether the viewer may read the subject (as store_kpi_subject_visible)
 * and the series' cache key beside the query. */
struct kpi_series_context {
	bool visible;
	long long version; /* plan_versions.version: changes whenever data behind the series does */
	long long minute;  /* now in minutes since the epoch: the series counts what fell due up to now */
};
enum db_status store_kpi_series_context(struct db_conn *c, const struct principal *viewer, const char *type,
					const char *subject_id, struct kpi_series_context *out);
/* The series {start, end, metrics} for buckets of `granularity` (day, week, month) over from..to, as a JSON array. */
enum db_status store_kpi_series(struct db_conn *c, const char *org_id, const char *type, const char *subject_id,
				const char *from, const char *to, const char *granularity, char **json);
/* Rows for every manager the viewer reaches (in team_id when given), their teams (heads and owners) and the
 * organisation (owners, no team_id): each plan metric over from..to against vs_from..vs_to (dates; a NULL end is an
 * empty window), as a JSON array. */
enum db_status store_kpi_compare(struct db_conn *c, const struct principal *viewer, const char *team_id,
				 const char *from, const char *to, const char *vs_from, const char *vs_to, char **json);

/* What plan status needs of the organisation at as_of (NULL: now). */
struct kpi_org_context {
	char as_of_date[11];     /* as_of in the organisation's time zone */
	bool deadline_passed;    /* as_of is past that day's report deadline there */
	double lag_threshold;
	double critical_threshold;
	int min_elapsed_workdays;
	char as_of[40];          /* as_of normalised to RFC 3339 */
	long long plan_version;  /* plan_versions.version: changes whenever data behind plan status does */
	long long quarter_hour;  /* as_of in quarter hours since the epoch: every time zone's day starts on one */
	unsigned crm_metrics;    /* the metrics taken from the CRM (domain/kpi.h, kpi_metric_source) */
	bool period_closed;      /* the month asked for (period_start) is closed: its reads answer the snapshot */
};
/* The context at as_of (NULL: now); period_start (YYYY-MM-01, or NULL) is the month whose close is looked up. */
enum db_status store_kpi_org_context(struct db_conn *c, const char *org_id, const char *as_of,
				     const char *period_start, struct kpi_org_context *out);

/* Managers the viewer reaches (of team_id when given), with their actuals for the period up to as_of in their own
 * time zone and their capacity in it (W_m, e_m: the month cm, hire and dismissal dates, absences, at as_of_date in
 * the organisation's time zone); *out is new (free()). */
enum db_status store_kpi_actuals(struct db_conn *c, const struct principal *viewer, const char *period_start,
				 const char *as_of, const char *team_id, const struct calendar_month *cm,
				 struct civil_date as_of_date, bool deadline_passed, struct plan_actuals **out,
				 size_t *n);
/* Every plan of the period; *out is new (free()). */
enum db_status store_kpi_targets(struct db_conn *c, const char *org_id, const char *period_start,
				 struct plan_targets **out, size_t *n);

/* Everything plan status needs, loaded for one organisation. */
struct plan_inputs {
	struct kpi_org_context ctx;
	char period[11];            /* YYYY-MM-01 */
	int workdays, elapsed;      /* W and e */
	struct plan_status_set set;
};
/*
 * Loads the context at as_of (NULL: now) unless the caller already did (ctx), the month (period_start, or NULL for
 * the month of as_of in the organisation's time zone) with its calendar, and the subjects the viewer reaches (of
 * team_id when given). Free with plan_inputs_free.
 */
enum db_status store_kpi_plan_inputs(struct db_conn *c, const struct principal *viewer, const char *period_start,
				     const char *as_of, const struct kpi_org_context *ctx, const char *team_id,
				     struct plan_inputs *out);
void plan_inputs_free(struct plan_inputs *in);

#endif
