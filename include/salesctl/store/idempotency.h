/* SQL for Idempotency-Key: the in-flight lock, the stored first response, and saving it with the write. */
#ifndef SALESCTL_STORE_IDEMPOTENCY_H
#define SALESCTL_STORE_IDEMPOTENCY_H

#include "salesctl/db/pool.h"

extern const struct db_stmt store_idempotency_stmts[];

struct idempotency_scope {
	const char *org_id;    /* nil UUID for the platform admin */
	const char *user_id;
	const char *key;
};

/* Takes the key's transaction-scoped advisory lock without waiting; *locked false means another request with the
 * same key is running now. */
enum db_status store_idempotency_lock(struct db_conn *c, const struct idempotency_scope *s, bool *locked);

struct idempotency_record {
	bool found;
	char request_hash[65];
	int status;
	char *body;            /* new; free() */
	char etag[48];
	char location[192];
};

/* The stored response of the last 24 hours, if any. */
enum db_status store_idempotency_get(struct db_conn *c, const struct idempotency_scope *s,
				     struct idempotency_record *out);
/* Saves (or replaces an expired) record; call inside the write's transaction. */
enum db_status store_idempotency_put(struct db_conn *c, const struct idempotency_scope *s,
				     const struct idempotency_record *rec);

#endif
