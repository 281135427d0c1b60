/*
 * Plan status of a whole organisation (pure): managers with their actuals and plans, teams as the sum of their
 * members, the organisation as the sum of everyone with the teams' targets added up. Used by GET /v1/plan-status and
 * by the plan_lagging alert rule, so both read the same numbers.
 */
#ifndef SALESCTL_DOMAIN_PLAN_STATUS_H
#define SALESCTL_DOMAIN_PLAN_STATUS_H

#include <stdbool.h>
#include <stddef.h>

#include "salesctl/domain/kpi.h"

/* Discipline in a period so far (SPEC §6.2), as numerators and denominators so that teams add up. */
struct discipline {
	int reports_on_time;     /* reports for elapsed available workdays submitted by their deadline */
	int reports_due;         /* those workdays (e_m) */
	int tasks_on_time;       /* tasks due in the period up to as_of that reached done by their due_at */
	int tasks_due;           /* tasks due in the period up to as_of */
	int tasks_returned;      /* transitions to returned made in the period */
};

/* One manager's actuals for the period so far. */
struct plan_actuals {
	char id[37];
	char team_id[37];        /* "" without a team */
	double metric[KPI__COUNT];
	int workdays, elapsed;   /* the manager's capacity in the period: W_m, e_m (domain/capacity.h) */
	struct discipline discipline;
};

/* One plan of the period. */
struct plan_targets {
	bool team;               /* subject_type team (else manager) */
	char subject_id[37];
	bool has[KPI__COUNT];
	double target[KPI__COUNT];
};

struct plan_subject {
	char id[37];
	char team_id[37];        /* managers: their team */
	bool has[KPI__COUNT];
	double target[KPI__COUNT];
	double actual[KPI__COUNT];
	int workdays, elapsed;   /* capacity: a manager's W_m and e_m; a team's or the organisation's Σ over members */
	struct discipline discipline;  /* a manager's; a team's or the organisation's sums over members */
};

struct plan_status_set {
	struct plan_subject *managers;
	size_t nmanagers;
	struct plan_subject *teams;
	size_t nteams;
	struct plan_subject org;  /* id is left empty; callers set it */
};

/* Builds the subjects: every manager, every team of a manager (plus extra_team when not NULL), and the
 * organisation. Returns -1 when out of memory. Free with plan_status_set_free. */
int plan_status_set_build(struct plan_status_set *set, const struct plan_actuals *actuals, size_t nactuals,
			  const struct plan_targets *targets, size_t ntargets, const char *extra_team);
void plan_status_set_free(struct plan_status_set *set);

/* The status of metric m of subject s: a manager (group false) on their own capacity; a team or the organisation on
 * its members' capacity with the daily pace over the calendar's workdays and elapsed ones (SPEC §6.2). The one place
 * GET /v1/plan-status and the plan_lagging rule take a metric's status from. */
void plan_subject_metric(const struct plan_subject *s, enum kpi_metric m, bool group, int workdays, int elapsed,
			 double lag_threshold, struct metric_plan_status *out);

#endif
