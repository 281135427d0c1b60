/* Token handlers: POST/GET /v1/users/{id}/tokens and DELETE /v1/tokens/{id}. */
#ifndef SALESCTL_API_TOKENS_H
#define SALESCTL_API_TOKENS_H

#include "salesctl/http/request.h"

enum db_status api_token_create(struct request *req);
enum db_status api_token_list(struct request *req);
enum db_status api_token_revoke(struct request *req);

#endif
