/*
 * POST handling: the handler runs inside one transaction, and when the request carries an Idempotency-Key its
 * first successful response is stored in that same transaction (the response is built before COMMIT for that
 * reason; if the COMMIT fails, the client gets the failure, never the uncommitted response). A repeat with the same body replays the stored
 * response; with another body it is 422 idempotency_key_reused; while the first is still running, 409
 * idempotency_in_flight. Only 2xx responses are stored: a rejected request may be corrected and sent again.
 */
#ifndef SALESCTL_API_IDEMPOTENCY_H
#define SALESCTL_API_IDEMPOTENCY_H

#include "salesctl/http/request.h"

/* Runs handler for req in a transaction, honouring Idempotency-Key: commits when the handler's outcome is DB_OK
 * (api/handler.h), runs it again on a transient failure, and returns the final outcome; a failure is returned
 * unanswered (whatever a failed attempt replied is cleared) for the dispatcher to map. */
enum db_status api_post_run(struct request *req, route_handler handler);

/* Whether a client-supplied key is acceptable: 1-255 visible ASCII characters. */
bool idempotency_key_valid(const char *key);

#endif
