/* Month close handlers (SPEC §6.4): GET /v1/periods/{period}, POST .../close and POST .../reopen. */
#ifndef SALESCTL_API_PERIODS_H
#define SALESCTL_API_PERIODS_H

#include "salesctl/http/request.h"

enum db_status api_period_get(struct request *req);
enum db_status api_period_close(struct request *req);
enum db_status api_period_reopen(struct request *req);

#endif
