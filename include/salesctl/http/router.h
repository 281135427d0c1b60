/* Path routing: matches a method and path against the route table, extracting {param} segments. */
#ifndef SALESCTL_HTTP_ROUTER_H
#define SALESCTL_HTTP_ROUTER_H

#include <stddef.h>

#include "salesctl/db/status.h"
#include "salesctl/domain/roles.h"

enum http_method {
	HTTP_GET = 1 << 0,
	HTTP_POST = 1 << 1,
	HTTP_PUT = 1 << 2,
	HTTP_PATCH = 1 << 3,
	HTTP_DELETE = 1 << 4,
	HTTP_OPTIONS = 1 << 5,   /* CORS preflights only: no route has it */
};

/* Returns 0 for a method we do not route (then 405 or 501). HEAD is parsed as GET. */
enum http_method http_method_parse(const char *s);
const char *http_method_name(enum http_method m);

struct request;
/* A handler answers with the outcome of its work (the contract is in api/handler.h): DB_OK when it replied with its
 * success, DB_ABORTED when it refused the request and replied why, any other status for a database failure it left
 * unanswered. */
typedef enum db_status (*route_handler)(struct request *req);

enum route_auth {
	AUTH_PUBLIC,   /* no token */
	AUTH_ADMIN,    /* SALESCTL_ADMIN_TOKEN */
	AUTH_USER,     /* a user's bearer token */
};

/* Whether a route's handler runs inside one transaction (api/idempotency.h), said by the route table. */
enum route_tx {
	TX_NONE,      /* its statements run on their own (reads, single-statement updates, public POSTs) */
	TX_ALWAYS,    /* one transaction, committed only when the handler says DB_OK, with Idempotency-Key */
	TX_FOR_KEY,   /* one write statement: a transaction only to store an Idempotency-Key's reply with it */
};

/* Where a route's handler runs. A handler that takes long without the database parks its request in a lane
 * (http/lane.h), so that the HTTP thread goes on serving its other connections: a batch of many records
 * (SALESCTL_BULK_CONCURRENCY at a time), or a password check (argon2id, 12 MiB and tens of milliseconds: one per core). */
enum route_run { RUN_INLINE, RUN_BULK, RUN_KDF };

struct route {
	enum http_method method;
	const char *pattern;     /* "/v1/users/{id}": a {name} segment matches one non-empty path segment */
	route_handler handler;
	enum route_auth auth;
	enum role min_role;      /* for AUTH_USER; only collection routes use more than ROLE_MANAGER, so that an
	                            object outside the caller's reach still answers 404, not 403 */
	const char *operation_id; /* the openapi.yaml operationId, for the consistency check */
	enum route_run run;      /* the HTTP thread, or parked in a lane: a body of many records, or a password check */
	unsigned scope;          /* the token scope it needs (enum scope, domain/scopes.h); public routes need none */
	enum route_tx tx;
};

#define ROUTE_MAX_PARAMS 4
#define ROUTE_PARAM_MAX 64

struct route_match {
	const struct route *route;
	int nparams;
	char params[ROUTE_MAX_PARAMS][ROUTE_PARAM_MAX];
	unsigned allowed;        /* methods that match the path, for 405's Allow */
};

enum router_result { ROUTER_FOUND, ROUTER_NOT_FOUND, ROUTER_METHOD_NOT_ALLOWED };

enum router_result router_match(const struct route *table, size_t n, enum http_method method, const char *path,
				struct route_match *out);

/* Writes the Allow header value for a method mask, e.g. "GET, PATCH". */
void router_allow_header(unsigned methods, char *out, size_t size);

#endif
