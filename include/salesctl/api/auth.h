/* Who is calling: the platform admin token, or a user's bearer token resolved against the database. */
#ifndef SALESCTL_API_AUTH_H
#define SALESCTL_API_AUTH_H

#include "salesctl/http/request.h"

/* Sets req->who for a route of the given kind; replies 401 (or 503) and returns false when that fails. */
bool api_authenticate(struct request *req, enum route_auth kind);
/* Whether the caller's token holds the scope a route needs (enum scope); replies 403 insufficient_scope if not. */
bool api_require_scope(struct request *req, unsigned needed);

#endif
