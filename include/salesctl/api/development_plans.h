/* Development plan handlers: /v1/development-plans, /{id}, /{id}/transitions, /{id}/items and item progress. */
#ifndef SALESCTL_API_DEVELOPMENT_PLANS_H
#define SALESCTL_API_DEVELOPMENT_PLANS_H

#include "salesctl/http/request.h"

enum db_status api_idp_create(struct request *req);
enum db_status api_idp_list(struct request *req);
enum db_status api_idp_get(struct request *req);
enum db_status api_idp_patch(struct request *req);
enum db_status api_idp_transition(struct request *req);
enum db_status api_idp_item_add(struct request *req);
enum db_status api_idp_progress(struct request *req);

#endif
