/* Operations endpoints: /healthz, /readyz, /metrics, /openapi.yaml. */
#ifndef SALESCTL_API_OPS_H
#define SALESCTL_API_OPS_H

#include "salesctl/http/request.h"

void api_healthz(struct request *req);
void api_readyz(struct request *req);
void api_metrics(struct request *req);
void api_openapi(struct request *req);

#endif
