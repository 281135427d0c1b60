/*
 * The application: configuration, database pool, metrics and the route table, and the dispatcher that takes a
 * complete request from the HTTP server through routing, authentication, body decoding and the handler.
 */
#ifndef SALESCTL_API_APP_H
#define SALESCTL_API_APP_H

#include <stddef.h>
#include <time.h>

#include "salesctl/core/config.h"
#include "salesctl/core/doc_cache.h"
#include "salesctl/core/gate.h"
#include "salesctl/db/pool.h"
#include "salesctl/http/cors.h"
#include "salesctl/http/lane.h"
#include "salesctl/http/metrics.h"
#include "salesctl/http/ratelimit.h"
#include "salesctl/http/request.h"
#include "salesctl/net/egress.h"
#include "salesctl/sched/pass.h"

struct app {
	struct config cfg;
	struct db_pool *pool;
	struct metrics *metrics;
	unsigned char cursor_key[32];   /* shared by every instance (instance_secrets) */
	unsigned char secret_key[32];   /* SALESCTL_SECRET_KEY: seals webhook secrets */
	bool has_secret_key;
	struct egress_policy egress;    /* where webhooks may point (SALESCTL_WEBHOOK_ALLOW_PRIVATE) */
	struct cors_origins cors;       /* SALESCTL_CORS_ORIGINS */
	int acquire_timeout_ms;
	struct rate_limiter *limiter;   /* per-token request rate */
	struct sched_stats sched;       /* passes of the scheduler thread and of POST /v1/admin/scheduler/run */
	struct lane *bulk_lane;         /* RUN_BULK routes, where the server can park them (http/lane.h) */
	struct gate *bulk_gate;         /* RUN_BULK routes, on a thread per connection; may be NULL (no limit) */
	struct lane *kdf_lane;          /* RUN_KDF routes, where the server can park them: one thread per core */
	struct gate *kdf_gate;          /* password hashes at once (12 MiB each): as many as there are cores */
	struct doc_cache *plan_cache;   /* plan-status answers at the current time (src/api/kpi.c); may be NULL */
	struct principal_cache *principals;   /* who each token is, briefly (src/api/auth.c); NULL: no cache */
};

/* The route table: the map of the API. openapi.yaml lists the same operations (checked by a test). */
extern const struct route app_routes[];
extern const size_t app_routes_count;

/* server_options.dispatch and .release. */
void app_dispatch(struct request *req);
void app_release(struct request *req);
/* How long a request parked in a lane waits for its turn before it is answered 503 (a password check waits as long
 * for the gate on a thread per connection), and how many may wait. */
#define APP_BULK_WAIT_MS 10000
#define APP_KDF_WAIT_MS 5000
#define APP_LANE_MAX_QUEUED 256
/* lane_options.run and .expire of both lanes. */
void app_lane_run(struct request *req);
void app_lane_expire(struct request *req);

#endif
