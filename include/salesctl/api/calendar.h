/* Calendar handlers: PUT/DELETE /v1/calendar/{date}, GET /v1/calendar. */
#ifndef SALESCTL_API_CALENDAR_H
#define SALESCTL_API_CALENDAR_H

#include "salesctl/http/request.h"

enum db_status api_calendar_put(struct request *req);
enum db_status api_calendar_delete(struct request *req);
enum db_status api_calendar_list(struct request *req);

#endif
