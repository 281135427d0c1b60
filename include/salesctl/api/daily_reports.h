/* Evening report handlers: /v1/daily-reports, /missing, /{id} and /{id}/review. */
#ifndef SALESCTL_API_DAILY_REPORTS_H
#define SALESCTL_API_DAILY_REPORTS_H

#include "salesctl/http/request.h"

enum db_status api_report_create(struct request *req);
enum db_status api_report_list(struct request *req);
enum db_status api_report_missing(struct request *req);
enum db_status api_report_get(struct request *req);
enum db_status api_report_patch(struct request *req);
enum db_status api_report_review(struct request *req);

#endif
