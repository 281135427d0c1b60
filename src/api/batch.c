/* The batch endpoints' common path: the body's shape, each item's validation, one store call, the answer per item. */
#include "salesctl/api/batch.h"
#include "salesctl/api/handler.h"
#include "salesctl/core/buf.h"

#include <stdlib.h>
#include <string.h>

/* The body must be {"items": [1..BATCH_MAX]}: 422 (DB_ABORTED) otherwise. */
static enum db_status batch_shape_valid(struct request *req, const struct api_batch *batch)
{
	json_t *items = json_object_get(req->json, "items");
	struct field_errors top = {0};
	const char *key;
	json_t *v;
	json_object_foreach(req->json, key, v)
		if (strcmp(key, "items") != 0)
			field_errors_add(&top, NULL, key, "is not a known field");
	if (!json_is_array(items))
		field_errors_add_text(&top, NULL, "items", batch->not_an_array);
	else if (json_array_size(items) < 1 || json_array_size(items) > BATCH_MAX)
		field_errors_add(&top, NULL, "items", batch->wrong_size, BATCH_MAX);
	if (!top.count)
		return DB_OK;
	reply_invalid(req, &top);
	field_errors_free(&top);
	return DB_ABORTED;
}

/* One item's answer for a stored outcome. */
static void batch_item_render(struct request *req, const struct api_batch *batch, const struct batch_result *res,
			      struct buf *out)
{
	static const char *const status_names[] = {"created", "existing", "error", "error"};
	buf_printf(out, "\"status\":\"%s\",", status_names[res->status]);
	if (res->status == BATCH_CREATED || res->status == BATCH_EXISTING) {
		buf_printf(out, "\"id\":\"%s\",\"error\":null}", res->id);
		return;
	}
	char *p;
	if (res->status == BATCH_FORBIDDEN) {
		struct field_errors errs = {0};
		field_errors_add(&errs, NULL, "manager_id", "must be a user you manage");
		p = problem_render(PROBLEM_VALIDATION, request_lang(req), NULL, &errs);
		field_errors_free(&errs);
	} else {
		p = problem_render(PROBLEM_CONFLICT, request_lang(req), batch->conflict, NULL);
	}
	buf_printf(out, "\"id\":null,\"error\":%s}", p ? p : "null");
	free(p);
}

enum db_status api_batch_run(struct request *req, const struct api_batch *batch)
{
	enum db_status st = batch_shape_valid(req, batch);
	if (st != DB_OK)
		return st;
	json_t *items = json_object_get(req->json, "items");
	size_t n = json_array_size(items);
	char **problems = calloc(n, sizeof(char *));
	struct batch_result *results = calloc(n, sizeof(*results));
	/* The body goes to PostgreSQL as it came, with the positions of the items that failed validation: the request
	 * stays untouched, since a retried transaction runs this handler again. */
	struct buf rejected = BUF_INIT, out = BUF_INIT;
	size_t nvalid = 0;
	st = DB_ERROR;   /* until the reply is built: out of memory */
	if (!problems || !results)
		goto done;
	buf_puts(&rejected, "{");
	for (size_t i = 0; i < n; i++) {
		struct field_errors errs = {0};
		batch->check(json_array_get(items, i), &errs);
		if (!errs.count) {
			nvalid++;
			continue;
		}
		problems[i] = problem_render(PROBLEM_VALIDATION, request_lang(req), NULL, &errs);
		field_errors_free(&errs);
		buf_printf(&rejected, "%s%zu", rejected.len > 1 ? "," : "", i + 1);
	}
	buf_puts(&rejected, "}");
	if (rejected.failed)
		goto done;
	if (nvalid) {
		/* Outside a transaction unless an Idempotency-Key asks for one (route table, TX_FOR_KEY). */
		struct db_conn *db = api_db(req);
		st = db ? batch->store(db, &req->who, req->body.data, rejected.data, n, nvalid, results) : DB_UNAVAILABLE;
		if (st != DB_OK)
			goto done;
	}
	buf_expect(&out, n * 64);
	buf_puts(&out, "{\"items\":[");
	for (size_t i = 0; i < n; i++) {
		buf_printf(&out, "%s{\"index\":%zu,", i ? "," : "", i);
		if (problems[i])
			buf_printf(&out, "\"status\":\"error\",\"id\":null,\"error\":%s}", problems[i]);
		else
			batch_item_render(req, batch, &results[i], &out);
	}
	buf_puts(&out, "]}");
	st = DB_ERROR;
	if (!out.failed) {
		reply_json(req, 200, buf_steal(&out));
		st = DB_OK;
	}
done:
	for (size_t i = 0; problems && i < n; i++)
		free(problems[i]);
	free(problems);
	free(results);
	buf_free(&rejected);
	buf_free(&out);
	return st;
}
