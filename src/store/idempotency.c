/*
 * Idempotency records. The lock is pg_try_advisory_xact_lock on a hash of (org, user, key): held until the
 * write's transaction ends, so a concurrent retry sees "in flight" instead of waiting, and a lost connection can
 * never leave it held. The lookup is a separate statement so that its snapshot is taken after the lock.
 */
#include "salesctl/store/idempotency.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct db_stmt store_idempotency_stmts[] = {
	{"idem_lock", "SELECT pg_try_advisory_xact_lock(hashtextextended($1 || '/' || $2 || '/' || $3, 7))"},
	{"idem_get",
	 "SELECT request_hash, status, body, etag, location FROM idempotency_keys"
	 " WHERE org_id = $1 AND user_id = $2 AND key = $3 AND created_at > now() - interval '24 hours'"},
	{"idem_put",
	 "INSERT INTO idempotency_keys (org_id, user_id, key, request_hash, status, body, etag, location)"
	 " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
	 " ON CONFLICT (org_id, user_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash,"
	 "  status = EXCLUDED.status, body = EXCLUDED.body, etag = EXCLUDED.etag, location = EXCLUDED.location,"
	 "  created_at = now()"},
	{NULL, NULL},
};

enum db_status store_idempotency_lock(struct db_conn *c, const struct idempotency_scope *s, bool *locked)
{
	const char *params[] = {s->org_id, s->user_id, s->key};
	enum db_status st;
	PGresult *r = db_exec(c, "idem_lock", 3, params, &st);
	if (!r)
		return st;
	*locked = db_bool(r, 0, 0);
	PQclear(r);
	return DB_OK;
}

enum db_status store_idempotency_get(struct db_conn *c, const struct idempotency_scope *s,
				     struct idempotency_record *out)
{
	const char *params[] = {s->org_id, s->user_id, s->key};
	enum db_status st;
	memset(out, 0, sizeof(*out));
	PGresult *r = db_exec(c, "idem_get", 3, params, &st);
	if (!r)
		return st;
	if (PQntuples(r) == 1) {
		out->found = true;
		snprintf(out->request_hash, sizeof(out->request_hash), "%s", PQgetvalue(r, 0, 0));
		out->status = atoi(PQgetvalue(r, 0, 1));
		out->body = strdup(PQgetvalue(r, 0, 2));
		snprintf(out->etag, sizeof(out->etag), "%s", PQgetvalue(r, 0, 3));
		snprintf(out->location, sizeof(out->location), "%s", PQgetvalue(r, 0, 4));
		if (!out->body)
			st = DB_ERROR;
	}
	PQclear(r);
	return st;
}

enum db_status store_idempotency_put(struct db_conn *c, const struct idempotency_scope *s,
				     const struct idempotency_record *rec)
{
	char status[8];
	snprintf(status, sizeof(status), "%d", rec->status);
	const char *params[] = {s->org_id, s->user_id, s->key, rec->request_hash, status, rec->body,
				rec->etag[0] ? rec->etag : NULL, rec->location[0] ? rec->location : NULL};
	enum db_status st;
	PGresult *r = db_exec(c, "idem_put", 8, params, &st);
	if (r)
		PQclear(r);
	return st;
}
