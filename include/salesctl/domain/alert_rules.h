/* The plan_lagging alert rule (pure): which subjects' targeted metrics forecast below the lag threshold once enough
 * workdays have elapsed. The other rules need only data and are SQL (store/alerts.c). */
#ifndef SALESCTL_DOMAIN_ALERT_RULES_H
#define SALESCTL_DOMAIN_ALERT_RULES_H

#include "salesctl/core/buf.h"
#include "salesctl/domain/plan_status.h"

struct plan_alert_params {
	const char *period;      /* YYYY-MM-01 */
	int workdays, elapsed;
	double lag_threshold, critical_threshold;
	int min_elapsed_workdays;
};

/* Appends a JSON array of plan_lagging conditions (the columns store_alert_evaluate expects). Returns how many. */
int alert_plan_conditions(const struct plan_status_set *set, const struct plan_alert_params *p, struct buf *out);

#endif
