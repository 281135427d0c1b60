/*
 * The serve command. Signals are blocked before any thread starts, so every thread inherits the mask and only the
 * main thread receives SIGTERM/SIGINT, via sigwait. Shutdown order (libmicrohttpd pitfalls): stop accepting, wait
 * for in-flight requests (bounded), close and drain the bulk lane (no connection left suspended), stop the HTTP
 * threads, stop the scheduler between passes, then close the pool.
 */
#include "salesctl/app/daemon.h"
#include "salesctl/api/app.h"
#include "salesctl/auth/principal_cache.h"
#include "salesctl/auth/secretbox.h"
#include "salesctl/core/log.h"
#include "salesctl/db/listen.h"
#include "salesctl/db/migrate.h"
#include "salesctl/domain/formats.h"
#include "salesctl/http/server.h"
#include "salesctl/sched/scheduler.h"
#include "salesctl/sched/webhook_worker.h"
#include "salesctl/store/instance.h"

#include <malloc.h>
#include <openssl/rand.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Room for the plan-status answers kept between requests: about 0.5 KiB per manager each, so a few dozen answers for
 * organisations of hundreds of managers. Bounded, so that RSS stays flat however many organisations ask. */
#define PLAN_CACHE_BYTES (8u << 20)
/* Tokens whose principal is kept: far more than the tokens in use in any one second. */
#define PRINCIPAL_CACHE_SIZE 16384
/* Where migration 0018's triggers say that authentication changed. */
#define AUTH_CHANNEL "salesctl_auth"

/* The principal cache follows the database's notices: any change clears it; while they cannot be heard it is off. */
static void auth_changed(void *ctx, enum db_listen_event event, const char *payload)
{
	(void)payload;
	struct principal_cache *cache = ctx;
	if (event == DB_LISTEN_DOWN) {
		principal_cache_enable(cache, false);
		return;
	}
	principal_cache_clear(cache);
	if (event == DB_LISTEN_UP)
		principal_cache_enable(cache, true);
}

struct db_conn *daemon_connect(const struct config *cfg, int wait_s)
{
	struct db_pool_options opt = {
		.conninfo = cfg->database_url,
		.statement_timeout_ms = 600000,  /* migrations may take long; requests use the configured timeout */
		.application_name = "salesctld-admin",
	};
	for (int i = 0;; i++) {
		struct db_conn *c = db_conn_open(&opt);
		if (c || i >= wait_s)
			return c;
		sleep(1);
	}
}

static int hex_decode(const char *hex, unsigned char *out, size_t n)
{
	if (strlen(hex) != 2 * n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned int v;
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (unsigned char)v;
	}
	return 0;
}

/* Loads what every instance shares from the database: migrations applied, cursor key, time zone names. */
static int daemon_prepare(const struct config *cfg, bool migrate, struct app *app)
{
	struct db_conn *c = daemon_connect(cfg, 30);
	if (!c) {
		log_event(LOG_ERROR, "startup", "cannot connect to PostgreSQL");
		return -1;
	}
	int rc = -1;
	if (migrate && migrate_apply(c) < 0)
		goto done;
	unsigned char fresh[32];
	char candidate[65], key[65];
	if (RAND_bytes(fresh, sizeof(fresh)) != 1)
		goto done;
	for (int i = 0; i < 32; i++)
		snprintf(candidate + 2 * i, 3, "%02x", fresh[i]);
	if (store_instance_cursor_key(c, candidate, key) != DB_OK || hex_decode(key, app->cursor_key, 32) < 0) {
		log_event(LOG_ERROR, "startup", "cannot load the cursor key (are migrations applied?)");
		goto done;
	}
	if (store_instance_load_timezones(c) != DB_OK) {
		log_event(LOG_ERROR, "startup", "cannot load time zone names");
		goto done;
	}
	rc = 0;
done:
	db_conn_close(c);
	return rc;
}

int daemon_serve(const struct config *cfg, bool migrate)
{
	struct app app = {.cfg = *cfg, .acquire_timeout_ms = 2000};
	struct server *server = NULL;
	struct scheduler *sched = NULL;
	struct webhook_worker *webhooks = NULL;
	struct db_listener *auth_listener = NULL;
	int status = 1;
	sigset_t stop_signals;
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
	signal(SIGPIPE, SIG_IGN);
	log_buffer_start();

	/* glibc gives every thread its own heap arena and keeps freed memory in it: after a few 1 MiB batch requests
	 * the process held 150 MiB it did not use. Two arenas, and big blocks straight from mmap (returned on free),
	 * keep the resident size near what is in use (docs/PERFORMANCE.md). */
	mallopt(M_ARENA_MAX, 2);
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	mallopt(M_TRIM_THRESHOLD, 256 * 1024);
	if (cfg->secret_key[0]) {
		if (secretbox_key_parse(cfg->secret_key, app.secret_key) < 0) {
			log_event(LOG_ERROR, "startup", "SALESCTL_SECRET_KEY must be 64 hex digits");
			goto done;
		}
		app.has_secret_key = true;
	}
	if (egress_policy_parse(cfg->webhook_allow_private, &app.egress) < 0) {
		log_event(LOG_ERROR, "startup",
			  "SALESCTL_WEBHOOK_ALLOW_PRIVATE must be *, or a comma-separated list of at most %d IP addresses",
			  EGRESS_MAX_ALLOWED);
		goto done;
	}
	char bad_origin[CORS_ORIGIN_MAX];
	if (cors_origins_parse(cfg->cors_origins, &app.cors, bad_origin, sizeof(bad_origin)) < 0) {
		log_event(LOG_ERROR, "startup",
			  "SALESCTL_CORS_ORIGINS: \"%s\" is not an origin (scheme://host[:port], at most %d of them)",
			  bad_origin, CORS_MAX_ORIGINS);
		goto done;
	}
	if (daemon_prepare(cfg, migrate, &app) < 0)
		goto done;
	struct db_pool_options popt = {
		.conninfo = cfg->database_url,
		.size = cfg->db_pool,
		.statement_timeout_ms = cfg->statement_timeout_ms,
		.statements = store_all_statements,
		.application_name = "salesctld",
	};
	app.pool = db_pool_new(&popt);
	app.limiter = rate_limiter_new(cfg->rate_limit, cfg->rate_burst);
	app.plan_cache = doc_cache_new(PLAN_CACHE_BYTES);
	app.principals = principal_cache_new(PRINCIPAL_CACHE_SIZE, cfg->auth_cache_ms);
	if (app.principals && !(auth_listener = db_listener_start(cfg->database_url, AUTH_CHANNEL, auth_changed,
								   app.principals)))
		goto done;
	int cores = (int)sysconf(_SC_NPROCESSORS_ONLN) > 0 ? (int)sysconf(_SC_NPROCESSORS_ONLN) : 1;
	struct lane_options bulk = {.threads = cfg->bulk_concurrency, .max_queued = APP_LANE_MAX_QUEUED,
				    .wait_ms = APP_BULK_WAIT_MS, .run = app_lane_run, .expire = app_lane_expire};
	struct lane_options kdf = {.threads = cores, .max_queued = APP_LANE_MAX_QUEUED, .wait_ms = APP_KDF_WAIT_MS,
				   .run = app_lane_run, .expire = app_lane_expire};
	if (cfg->threads == 0)
		app.bulk_gate = gate_new(cfg->bulk_concurrency);
	else if (!(app.bulk_lane = lane_new(&bulk)) || !(app.kdf_lane = lane_new(&kdf))) {
		log_event(LOG_ERROR, "startup", "cannot start the lanes' threads");
		goto done;
	}
	app.kdf_gate = gate_new(cores);
	app.metrics = metrics_new(app_routes, app_routes_count);
	struct server_options sopt = {
		.listen = cfg->listen,
		.threads = cfg->threads,
		.max_body = cfg->max_body,
		.connection_timeout_s = 30,
		.dispatch = app_dispatch,
		.release = app_release,
		.app = &app,
		.metrics = app.metrics,
		.cors = &app.cors,
	};
	server = app.pool && app.metrics ? server_new(&sopt) : NULL;
	if (!server || server_start(server) < 0)
		goto done;
	struct db_pool_options sched_opt = popt;
	sched_opt.statement_timeout_ms = SCHED_STATEMENT_TIMEOUT_MS;
	sched_opt.application_name = "salesctld-scheduler";
	sched = scheduler_new(&sched_opt, cfg->scheduler_interval, &app.sched);
	if (!sched || scheduler_start(sched) < 0)
		goto done;
	/* Without the key no secret can be unsealed, so no delivery signed: this instance leaves them to one that can,
	 * instead of claiming them and failing each attempt. */
	if (app.has_secret_key) {
		struct db_pool_options webhook_opt = popt;
		webhook_opt.application_name = "salesctld-webhooks";
		webhooks = webhook_worker_new(&webhook_opt, cfg->webhook_backoff_s, app.secret_key, &app.egress);
		if (!webhooks || webhook_worker_start(webhooks) < 0)
			goto done;
	} else {
		log_event(LOG_WARN, "startup", "no SALESCTL_SECRET_KEY: webhooks cannot be created here, and this instance "
			  "delivers none");
	}
	log_event(LOG_INFO, "startup", "listening on %s (port %u), %d threads, %d database connections", cfg->listen,
		  server_port(server), cfg->threads, cfg->db_pool);

	int sig = 0;
	sigwait(&stop_signals, &sig);
	log_event(LOG_INFO, "shutdown", "signal %d: draining %d in-flight requests", sig, server_in_flight(server));
	server_drain(server, cfg->shutdown_timeout_s * 1000);
	/* A request still in a lane's line is parked, and no connection may stay suspended past the daemon: they are
	 * answered 503 (retry elsewhere), the requests being worked on finish, and the replies get a moment to be sent. */
	struct lane *lanes[] = {app.bulk_lane, app.kdf_lane};
	for (size_t i = 0; i < sizeof(lanes) / sizeof(lanes[0]); i++)
		if (lanes[i])
			lane_close(lanes[i]);
	for (size_t i = 0; i < sizeof(lanes) / sizeof(lanes[0]); i++)
		if (lanes[i])
			lane_drain(lanes[i]);
	server_drain(server, 1000);
	server_stop(server);
	status = 0;
done:
	server_free(server);
	db_listener_stop(auth_listener);
	principal_cache_free(app.principals);
	scheduler_free(sched);
	webhook_worker_free(webhooks);
	metrics_free(app.metrics);
	db_pool_free(app.pool);
	rate_limiter_free(app.limiter);
	doc_cache_free(app.plan_cache);
	lane_free(app.bulk_lane);
	lane_free(app.kdf_lane);
	gate_free(app.bulk_gate);
	gate_free(app.kdf_gate);
	tz_clear();
	log_buffer_stop();
	log_event(LOG_INFO, "shutdown", "stopped (exit %d)", status);
	return status;
}
