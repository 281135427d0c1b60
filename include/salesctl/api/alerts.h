/* Alert handlers: GET /v1/alerts, GET /v1/alerts/{id}, POST /v1/alerts/{id}/ack. */
#ifndef SALESCTL_API_ALERTS_H
#define SALESCTL_API_ALERTS_H

#include "salesctl/http/request.h"

void api_alert_list(struct request *req);
void api_alert_get(struct request *req);
void api_alert_ack(struct request *req);

#endif
