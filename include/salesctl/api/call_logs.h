/* Call log handlers: /v1/call-logs, /batch, /sample, /{id} and /{id}/review. */
#ifndef SALESCTL_API_CALL_LOGS_H
#define SALESCTL_API_CALL_LOGS_H

#include "salesctl/http/request.h"

enum db_status api_call_create(struct request *req);
enum db_status api_call_batch(struct request *req);
enum db_status api_call_list(struct request *req);
enum db_status api_call_get(struct request *req);
enum db_status api_call_sample(struct request *req);
enum db_status api_call_review(struct request *req);

#endif
