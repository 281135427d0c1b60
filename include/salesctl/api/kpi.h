/* KPI handlers: GET /v1/kpi, GET /v1/kpi/compare and GET /v1/plan-status. */
#ifndef SALESCTL_API_KPI_H
#define SALESCTL_API_KPI_H

#include "salesctl/core/buf.h"
#include "salesctl/http/request.h"
#include "salesctl/store/kpi.h"

enum db_status api_kpi_series(struct request *req);
enum db_status api_kpi_compare(struct request *req);
enum db_status api_plan_status(struct request *req);

/* One subject of plan status as GET /v1/plan-status renders it, appended to b: id (NULL renders null), a manager
 * on their own capacity or a group on its members', with its count of open alerts (month close stores it). */
void api_plan_subject_render(struct buf *b, const struct plan_inputs *in, const char *id,
			     const struct plan_subject *subj, bool manager, long open_alerts);

#endif
