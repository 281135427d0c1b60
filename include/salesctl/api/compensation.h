/* Compensation handlers (SPEC §6.4): schemes, their three-times check, and payouts. */
#ifndef SALESCTL_API_COMPENSATION_H
#define SALESCTL_API_COMPENSATION_H

#include "salesctl/http/request.h"

enum db_status api_scheme_put(struct request *req);
enum db_status api_scheme_get(struct request *req);
enum db_status api_scheme_list(struct request *req);
enum db_status api_scheme_check(struct request *req);
enum db_status api_payout_list(struct request *req);

#endif
