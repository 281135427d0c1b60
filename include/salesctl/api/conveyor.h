/* GET /v1/conveyor: the sales conveyor of a period (SPEC §6.4). */
#ifndef SALESCTL_API_CONVEYOR_H
#define SALESCTL_API_CONVEYOR_H

#include "salesctl/http/request.h"

enum db_status api_conveyor_get(struct request *req);

#endif
