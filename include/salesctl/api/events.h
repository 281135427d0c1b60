/* GET /v1/events: the organisation's events for clients that sync by polling (SPEC §6.3). */
#ifndef SALESCTL_API_EVENTS_H
#define SALESCTL_API_EVENTS_H

#include "salesctl/http/request.h"

enum db_status api_event_list(struct request *req);

#endif
