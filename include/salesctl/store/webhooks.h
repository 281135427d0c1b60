/* SQL for webhooks: subscriptions, and the delivery queue the worker drains. */
#ifndef SALESCTL_STORE_WEBHOOKS_H
#define SALESCTL_STORE_WEBHOOKS_H

#include "salesctl/store/doc.h"

extern const struct db_stmt store_webhooks_stmts[];

/* body: validated {url, events} plus the secret to store. */
enum db_status store_webhook_create(struct db_conn *c, const char *org_id, const char *id, const char *body,
				    struct store_doc *out);
enum db_status store_webhook_get(struct db_conn *c, const char *org_id, const char *id, struct store_doc *out);
enum db_status store_webhook_delete(struct db_conn *c, const char *org_id, const char *id, bool *found);
/* The organisation's webhooks, and one webhook's deliveries (nested under it): store/list_sql.h. */
extern const struct list_shape store_webhook_list_shape;
extern const struct list_shape store_webhook_delivery_list_shape;

/* A due delivery, leased to the worker that claimed it. */
struct webhook_claim {
	char org_id[37], id[37];
	char *url, *secret, *payload;   /* new; the secret still sealed (auth/secretbox.h) */
};
/* Claims up to `limit` due deliveries (leasing them for lease_s seconds) into *claims (store_webhook_claims_free). */
enum db_status store_webhook_claim(struct db_conn *c, int limit, int lease_s, struct webhook_claim **claims, size_t *n);
void store_webhook_claims_free(struct webhook_claim *claims, size_t n);
/* Records one attempt: delivered when ok, else retried after backoff_s (failed after 24 h). */
enum db_status store_webhook_record(struct db_conn *c, const char *org_id, const char *id, bool ok, long http_status,
				    const char *error, int backoff_s);

#endif
