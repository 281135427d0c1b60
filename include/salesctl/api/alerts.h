/* Alert handlers: GET /v1/alerts, GET /v1/alerts/{id}, POST /v1/alerts/{id}/ack. */
#ifndef SALESCTL_API_ALERTS_H
#define SALESCTL_API_ALERTS_H

#include "salesctl/http/request.h"

enum db_status api_alert_list(struct request *req);
enum db_status api_alert_get(struct request *req);
enum db_status api_alert_ack(struct request *req);

#endif
