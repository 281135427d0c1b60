/* CRM event feed handlers (SPEC §6.3): POST /v1/crm-events/batch, GET /v1/leads, GET /v1/deals. */
#ifndef SALESCTL_API_CRM_EVENTS_H
#define SALESCTL_API_CRM_EVENTS_H

#include "salesctl/http/request.h"

enum db_status api_crm_event_batch(struct request *req);
enum db_status api_lead_list(struct request *req);
enum db_status api_deal_list(struct request *req);

#endif
