/* The POST transaction runner with Idempotency-Key support (see the header for the contract). */
#include "salesctl/api/idempotency.h"
#include "salesctl/api/handler.h"
#include "salesctl/auth/token.h"
#include "salesctl/core/buf.h"
#include "salesctl/store/idempotency.h"

#include <stdlib.h>
#include <string.h>

#define NIL_UUID "00000000-0000-0000-0000-000000000000"

bool idempotency_key_valid(const char *key)
{
	size_t n = strlen(key);
	if (n == 0 || n > 255)
		return false;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		if (*p < 0x21 || *p > 0x7e)
			return false;
	return true;
}

struct post_tx {
	struct request *req;
	route_handler handler;
	struct idempotency_scope scope;
	const char *key;
	char request_hash[TOKEN_HASH_HEX];
};

/* Secrets a reply shows once (an issued token, an invitation, a webhook's signing secret) are not kept with the
 * Idempotency-Key record: a replay answers the same object with them null. Returns the body to store instead (new),
 * or NULL when body holds none of them. */
static char *body_without_secrets(const char *body)
{
	static const char *const secrets[] = {"token", "invite_token", "secret"};
	json_t *json = body ? json_loads(body, 0, NULL) : NULL;
	bool changed = false;
	for (size_t i = 0; json_is_object(json) && i < sizeof(secrets) / sizeof(secrets[0]); i++)
		if (json_is_string(json_object_get(json, secrets[i]))) {
			json_object_set_new(json, secrets[i], json_null());
			changed = true;
		}
	char *out = changed ? json_dumps(json, JSON_COMPACT) : NULL;
	json_decref(json);
	return out;
}

static enum db_status post_tx_body(struct db_conn *c, void *arg)
{
	struct post_tx *tx = arg;
	struct request *req = tx->req;
	enum db_status st;
	/* A retried attempt starts from nothing: only the reply of the attempt that commits is sent. */
	reply_reset(&req->reply);

	if (tx->key) {
		bool locked = false;
		st = store_idempotency_lock(c, &tx->scope, &locked);
		if (st != DB_OK)
			return st;
		if (!locked) {
			reply_problem(req, PROBLEM_IDEMPOTENCY_IN_FLIGHT,
				      "a request with this Idempotency-Key is still being processed; retry later");
			req->reply.retry_after = 1;
			return DB_ABORTED;
		}
		struct idempotency_record rec;
		st = store_idempotency_get(c, &tx->scope, &rec);
		if (st != DB_OK) {
			free(rec.body);
			return st;
		}
		if (rec.found) {
			if (strcmp(rec.request_hash, tx->request_hash) != 0) {
				reply_problem(req, PROBLEM_IDEMPOTENCY_KEY_REUSED,
					      "this Idempotency-Key was used with a different request");
				free(rec.body);
			} else {
				reply_json(req, rec.status, rec.body);
				snprintf(req->reply.etag, sizeof(req->reply.etag), "%s", rec.etag);
				snprintf(req->reply.location, sizeof(req->reply.location), "%s", rec.location);
				req->reply.replayed = true;
			}
			return DB_ABORTED;
		}
	}

	st = tx->handler(req);
	if (st != DB_OK)
		return st;
	if (tx->key) {
		char *stored = body_without_secrets(req->reply.body);
		struct idempotency_record rec = {.status = req->reply.status, .body = stored ? stored : req->reply.body};
		memcpy(rec.request_hash, tx->request_hash, sizeof(rec.request_hash));
		snprintf(rec.etag, sizeof(rec.etag), "%s", req->reply.etag);
		snprintf(rec.location, sizeof(rec.location), "%s", req->reply.location);
		st = store_idempotency_put(c, &tx->scope, &rec);
		free(stored);
		if (st != DB_OK)
			return st;
	}
	return DB_OK;
}

enum db_status api_post_run(struct request *req, route_handler handler)
{
	struct post_tx tx = {.req = req, .handler = handler};
	const char *key = request_header(req, "Idempotency-Key");
	if (key) {
		if (!idempotency_key_valid(key)) {
			reply_problem(req, PROBLEM_BAD_REQUEST, "Idempotency-Key must be 1 to 255 visible ASCII characters");
			return DB_ABORTED;
		}
		tx.key = key;
		tx.scope.key = key;
		tx.scope.org_id = req->who.admin ? NIL_UUID : req->who.org_id;
		tx.scope.user_id = req->who.admin ? NIL_UUID : req->who.user_id;
		struct buf b = BUF_INIT;
		buf_printf(&b, "%s %s\n", req->method_name, req->path);
		if (req->body.data)
			buf_append(&b, req->body.data, req->body.len);
		token_hash(b.data ? b.data : "", tx.request_hash);
		buf_free(&b);
	}
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	enum db_status st = db_tx_run(db, post_tx_body, &tx);
	if (st != DB_OK && st != DB_ABORTED)
		reply_reset(&req->reply);
	return st;
}
