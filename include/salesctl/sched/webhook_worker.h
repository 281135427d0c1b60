/*
 * The webhook delivery worker. DESIGN: one thread with its own connection polls the delivery queue every second,
 * claims due deliveries with a lease, POSTs each (libcurl, 10 s timeout) signed with
 * X-Salesctl-Signature: sha256=<hex HMAC> and X-Salesctl-Delivery: <id>, and records the outcome; failures are
 * retried with exponential back-off for 24 h. It never runs on a request or scheduler thread, so a slow or dead
 * receiver delays only other deliveries.
 */
#ifndef SALESCTL_SCHED_WEBHOOK_WORKER_H
#define SALESCTL_SCHED_WEBHOOK_WORKER_H

#include "salesctl/db/pool.h"
#include "salesctl/net/egress.h"

struct webhook_worker;

/* opt and key (the secret-sealing key, or NULL) are copied. */
/* key is the SALESCTL_SECRET_KEY that unseals the webhooks' secrets; it and policy (where deliveries may go, the
 * SSRF guard of net/egress.h) are copied. */
struct webhook_worker *webhook_worker_new(const struct db_pool_options *opt, int backoff_s, const unsigned char *key,
					  const struct egress_policy *policy);
int webhook_worker_start(struct webhook_worker *w) __attribute__((warn_unused_result));
/* Stops after the delivery in progress and joins the thread. */
void webhook_worker_free(struct webhook_worker *w);

#endif
