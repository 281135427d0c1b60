/* KPI handlers: GET /v1/kpi, GET /v1/kpi/compare and GET /v1/plan-status. */
#ifndef SALESCTL_API_KPI_H
#define SALESCTL_API_KPI_H

#include "salesctl/http/request.h"

enum db_status api_kpi_series(struct request *req);
enum db_status api_kpi_compare(struct request *req);
enum db_status api_plan_status(struct request *req);

#endif
