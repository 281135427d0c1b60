/* Operations endpoints: /healthz, /readyz, /metrics, /openapi.yaml. */
#ifndef SALESCTL_API_OPS_H
#define SALESCTL_API_OPS_H

#include "salesctl/http/request.h"

enum db_status api_healthz(struct request *req);
enum db_status api_readyz(struct request *req);
enum db_status api_metrics(struct request *req);
enum db_status api_openapi(struct request *req);

#endif
