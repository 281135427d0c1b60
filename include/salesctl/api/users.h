/* User handlers: /v1/users, /v1/users/{id} and /v1/me. */
#ifndef SALESCTL_API_USERS_H
#define SALESCTL_API_USERS_H

#include "salesctl/http/request.h"

enum db_status api_user_create(struct request *req);
enum db_status api_user_list(struct request *req);
enum db_status api_user_get(struct request *req);
enum db_status api_user_patch(struct request *req);
enum db_status api_me_get(struct request *req);

#endif
