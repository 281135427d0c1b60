/* Development plan handlers: /v1/development-plans, /{id}, /{id}/transitions, /{id}/items and item progress. */
#ifndef SALESCTL_API_DEVELOPMENT_PLANS_H
#define SALESCTL_API_DEVELOPMENT_PLANS_H

#include "salesctl/http/request.h"

void api_plan_create(struct request *req);
void api_plan_list(struct request *req);
void api_plan_get(struct request *req);
void api_plan_patch(struct request *req);
void api_plan_transition(struct request *req);
void api_plan_item_add(struct request *req);
void api_plan_progress(struct request *req);

#endif
