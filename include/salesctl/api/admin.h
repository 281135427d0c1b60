/* Administration handlers: POST /v1/admin/scheduler/run. */
#ifndef SALESCTL_API_ADMIN_H
#define SALESCTL_API_ADMIN_H

#include "salesctl/http/request.h"

enum db_status api_scheduler_run(struct request *req);

#endif
