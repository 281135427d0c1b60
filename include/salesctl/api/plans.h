/* Monthly plan handlers: PUT /v1/plans/{period}, GET /v1/plans. */
#ifndef SALESCTL_API_PLANS_H
#define SALESCTL_API_PLANS_H

#include "salesctl/http/request.h"

enum db_status api_plans_put(struct request *req);
enum db_status api_plans_list(struct request *req);

#endif
