/* Compensation handlers (SPEC §6.4): schemes, their three-times check, and payouts. */
#ifndef SALESCTL_API_COMPENSATION_H
#define SALESCTL_API_COMPENSATION_H

#include "salesctl/core/buf.h"
#include "salesctl/http/request.h"
#include "salesctl/store/compensation.h"
#include "salesctl/store/kpi.h"

enum db_status api_scheme_put(struct request *req);
enum db_status api_scheme_get(struct request *req);
enum db_status api_scheme_list(struct request *req);
enum db_status api_scheme_check(struct request *req);
enum db_status api_payout_list(struct request *req);

/* One manager's payout line as GET /v1/payouts renders it, from plan status's inputs in (month close stores it). */
void api_payout_render(struct buf *b, const struct payout_subject *p, const struct plan_inputs *in);

#endif
