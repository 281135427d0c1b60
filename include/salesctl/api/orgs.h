/* Organisation handlers: POST /v1/orgs (platform admin), GET and PATCH /v1/org (settings). */
#ifndef SALESCTL_API_ORGS_H
#define SALESCTL_API_ORGS_H

#include "salesctl/http/request.h"

enum db_status api_org_create(struct request *req);
enum db_status api_org_get(struct request *req);
enum db_status api_org_patch(struct request *req);

#endif
