/* Team handlers: /v1/teams and /v1/teams/{id}. */
#ifndef SALESCTL_API_TEAMS_H
#define SALESCTL_API_TEAMS_H

#include "salesctl/http/request.h"

enum db_status api_team_create(struct request *req);
enum db_status api_team_list(struct request *req);
enum db_status api_team_get(struct request *req);
enum db_status api_team_patch(struct request *req);

#endif
