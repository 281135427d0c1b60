/* Stand-up handlers (SPEC §6.4): PUT and GET /v1/standups/{date} (the caller's own), GET /v1/standups/board. */
#ifndef SALESCTL_API_STANDUPS_H
#define SALESCTL_API_STANDUPS_H

#include "salesctl/http/request.h"

enum db_status api_standup_put(struct request *req);
enum db_status api_standup_get(struct request *req);
enum db_status api_standup_board(struct request *req);

#endif
