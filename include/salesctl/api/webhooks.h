/* Webhook handlers: POST/GET /v1/webhooks, DELETE /v1/webhooks/{id}, GET /v1/webhooks/{id}/deliveries. */
#ifndef SALESCTL_API_WEBHOOKS_H
#define SALESCTL_API_WEBHOOKS_H

#include "salesctl/http/request.h"

enum db_status api_webhook_create(struct request *req);
enum db_status api_webhook_list(struct request *req);
enum db_status api_webhook_delete(struct request *req);
enum db_status api_webhook_deliveries(struct request *req);

#endif
