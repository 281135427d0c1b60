/* Absences (SPEC §6.2): the days a manager is away or in the field. */
#ifndef SALESCTL_API_ABSENCES_H
#define SALESCTL_API_ABSENCES_H

#include "salesctl/http/request.h"

enum db_status api_absence_create(struct request *req);  /* POST /v1/absences (owner, or the manager's head) */
enum db_status api_absence_list(struct request *req);    /* GET /v1/absences */
enum db_status api_absence_delete(struct request *req);  /* DELETE /v1/absences/{id} */

#endif
