/* One-on-one handlers: /v1/one-on-ones, /{id}, /{id}/hold, /{id}/cancel. */
#ifndef SALESCTL_API_ONE_ON_ONES_H
#define SALESCTL_API_ONE_ON_ONES_H

#include "salesctl/http/request.h"

enum db_status api_one_on_one_create(struct request *req);
enum db_status api_one_on_one_list(struct request *req);
enum db_status api_one_on_one_get(struct request *req);
enum db_status api_one_on_one_patch(struct request *req);
enum db_status api_one_on_one_hold(struct request *req);
enum db_status api_one_on_one_cancel(struct request *req);

#endif
