/*
 * Batch endpoints (POST /v1/call-logs/batch, POST /v1/crm-events/batch): `{"items": [...]}` of 1 to 1,000 records,
 * each validated on its own, every valid one stored in one statement, and an answer item by item:
 * `{"items": [{"index", "status": created|existing|error, "id", "error"}]}` where error is the item's problem.
 */
#ifndef SALESCTL_API_BATCH_H
#define SALESCTL_API_BATCH_H

#include "salesctl/http/request.h"
#include "salesctl/http/validate.h"
#include "salesctl/store/batch.h"

#define BATCH_MAX 1000

struct api_batch {
	/* Adds the item's problems to errs (prefix NULL); the item is stored when it adds none. */
	void (*check)(const json_t *item, struct field_errors *errs);
	/* Stores the valid items of the body in one statement (store_batch_exec in store/batch.h). */
	enum db_status (*store)(struct db_conn *c, const struct principal *actor, const char *body, const char *rejected,
				size_t n, size_t nvalid, struct batch_result *results);
	const char *not_an_array;   /* "must be an array of calls" */
	const char *wrong_size;     /* "must hold 1 to %d calls" */
	const char *conflict;       /* an item whose external_id belongs to a record out of the caller's reach */
};

/* Answers a batch request as described above; returns the outcome (api/handler.h). */
enum db_status api_batch_run(struct request *req, const struct api_batch *batch);

#endif
