/* The owner's page (SPEC §6.1), served from files embedded in the binary. */
#ifndef SALESCTL_API_WEB_H
#define SALESCTL_API_WEB_H

#include "salesctl/http/request.h"

/* GET /: the page. */
enum db_status api_web_page(struct request *req);
/* GET /assets/{name}: its script, styles, the vendored chart library and that library's licence. */
enum db_status api_web_asset(struct request *req);

#endif
