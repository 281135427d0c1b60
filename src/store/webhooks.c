/* Webhooks. Deliveries are queued by triggers in the transaction of the event (migration 0007); the worker claims
 * due ones with a lease (FOR UPDATE SKIP LOCKED), so several instances never send the same delivery at once. */
#include "salesctl/store/webhooks.h"
#include "salesctl/store/list_sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct db_stmt store_webhooks_stmts[] = {
	/* Used by POST /v1/webhooks. */
	{"webhook_create",
	 "INSERT INTO webhooks AS w (org_id, id, url, events, secret)"
	 " SELECT $1, $2, b->>'url', ARRAY(SELECT jsonb_array_elements_text(b->'events')), b->>'secret'"
	 " FROM (SELECT $3::jsonb AS b) s RETURNING webhook_json(w)::text"},
	{"webhook_get", "SELECT webhook_json(w)::text FROM webhooks w WHERE w.org_id = $1 AND w.id = $2"},
	{"webhook_delete", "DELETE FROM webhooks WHERE org_id = $1 AND id = $2 RETURNING 1"},
	/* Used by the delivery worker; served by webhook_deliveries_due_idx. */
	{"webhook_claim",
	 "UPDATE webhook_deliveries d SET next_attempt_at = now() + $2 * interval '1 second'"
	 "  FROM webhooks w"
	 " WHERE (d.org_id, d.id) IN (SELECT org_id, id FROM webhook_deliveries"
	 "                              WHERE status = 'pending' AND next_attempt_at <= now()"
	 "                              ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)"
	 "   AND w.org_id = d.org_id AND w.id = d.webhook_id"
	 " RETURNING d.org_id, d.id, w.url, w.secret, d.payload"},
	/* Used by the delivery worker after each attempt. */
	{"webhook_record",
	 "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $4::int, last_error = $5,"
	 "   status = CASE WHEN $3::boolean THEN 'delivered' WHEN created_at < now() - interval '24 hours' THEN 'failed'"
	 "                 ELSE 'pending' END,"
	 "   delivered_at = CASE WHEN $3::boolean THEN now() END,"
	 "   next_attempt_at = now() + least($6::int * power(2, attempts), 3600) * interval '1 second'"
	 " WHERE org_id = $1 AND id = $2"},
	{NULL, NULL},
};

enum db_status store_webhook_create(struct db_conn *c, const char *org_id, const char *id, const char *body,
				    struct store_doc *out)
{
	const char *params[] = {org_id, id, body};
	return store_doc_query(c, "webhook_create", 3, params, out);
}

enum db_status store_webhook_get(struct db_conn *c, const char *org_id, const char *id, struct store_doc *out)
{
	const char *params[] = {org_id, id};
	return store_doc_query(c, "webhook_get", 2, params, out);
}

enum db_status store_webhook_delete(struct db_conn *c, const char *org_id, const char *id, bool *found)
{
	const char *params[] = {org_id, id};
	enum db_status st;
	PGresult *r = db_exec(c, "webhook_delete", 2, params, &st);
	if (!r)
		return st;
	*found = PQntuples(r) == 1;
	PQclear(r);
	return DB_OK;
}

/* Webhooks are an owner's alone (the API refuses the others before this; the reach repeats it). */
static const struct list_sort webhook_list_sorts[] = {
	{"created_at", "w.created_at", "timestamptz"},
};

const struct list_shape store_webhook_list_shape = {
	.table = "webhooks",
	.alias = "w",
	.json = "webhook_json(w)::text",
	.reach = {.head = "false", .manager = "false"},
	.sorts = webhook_list_sorts,
	.nsorts = 1,
};

/* A webhook's deliveries, newest first by webhook_deliveries_list_idx. */
static const struct list_sort delivery_list_sorts[] = {
	{"created_at", "d.created_at", "timestamptz"},
};

const struct list_shape store_webhook_delivery_list_shape = {
	.table = "webhook_deliveries",
	.alias = "d",
	.json = "webhook_delivery_json(d)::text",
	.reach = {.head = "false", .manager = "false"},
	.parent = "d.webhook_id = $$::uuid",
	.sorts = delivery_list_sorts,
	.nsorts = 1,
};

void store_webhook_claims_free(struct webhook_claim *claims, size_t n)
{
	for (size_t i = 0; claims && i < n; i++) {
		free(claims[i].url);
		free(claims[i].secret);
		free(claims[i].payload);
	}
	free(claims);
}

enum db_status store_webhook_claim(struct db_conn *c, int limit, int lease_s, struct webhook_claim **claims, size_t *n)
{
	char l[16], s[16];
	snprintf(l, sizeof(l), "%d", limit);
	snprintf(s, sizeof(s), "%d", lease_s);
	const char *params[] = {l, s};
	enum db_status st;
	*n = 0;
	PGresult *r = db_exec_array(c, "webhook_claim", 2, params, sizeof(**claims), (void **)claims, &st);
	if (!r)
		return st;
	int rows = PQntuples(r);
	for (int i = 0; i < rows; i++) {
		struct webhook_claim *w = &(*claims)[i];
		snprintf(w->org_id, sizeof(w->org_id), "%s", PQgetvalue(r, i, 0));
		snprintf(w->id, sizeof(w->id), "%s", PQgetvalue(r, i, 1));
		w->url = strdup(PQgetvalue(r, i, 2));
		w->secret = strdup(PQgetvalue(r, i, 3));
		w->payload = strdup(PQgetvalue(r, i, 4));
		if (!w->url || !w->secret || !w->payload)
			st = DB_ERROR;
	}
	PQclear(r);
	*n = (size_t)rows;
	if (st != DB_OK) {
		store_webhook_claims_free(*claims, *n);
		*claims = NULL;
		*n = 0;
	}
	return st;
}

enum db_status store_webhook_record(struct db_conn *c, const char *org_id, const char *id, bool ok, long http_status,
				    const char *error, int backoff_s)
{
	char status[16], backoff[16];
	snprintf(status, sizeof(status), "%ld", http_status);
	snprintf(backoff, sizeof(backoff), "%d", backoff_s);
	const char *params[] = {org_id, id, ok ? "true" : "false", http_status > 0 ? status : NULL, error, backoff};
	enum db_status st;
	PGresult *r = db_exec(c, "webhook_record", 6, params, &st);
	if (r)
		PQclear(r);
	return st;
}
