/* Operations endpoints: liveness, readiness (database reachable and migrated), Prometheus metrics, the contract. */
#include "salesctl/api/ops.h"
#include "salesctl/auth/principal_cache.h"
#include "salesctl/api/handler.h"
#include "salesctl/core/buf.h"
#include "salesctl/core/embedded.h"
#include "salesctl/db/migrate.h"

#include <string.h>

enum db_status api_healthz(struct request *req)
{
	reply_text(req, 200, "application/json; charset=utf-8", "{\"status\":\"ok\"}");
	return DB_OK;
}

enum db_status api_readyz(struct request *req)
{
	struct app *app = req->app;
	req->db = db_pool_acquire(app->pool, 1000);
	if (!req->db) {
		reply_problem(req, PROBLEM_DB_UNAVAILABLE, "the database cannot be reached");
		return DB_ABORTED;
	}
	if (!migrate_is_current(req->db)) {
		reply_problem(req, PROBLEM_DB_UNAVAILABLE, "the database schema is not at this version's migrations");
		return DB_ABORTED;
	}
	reply_text(req, 200, "application/json; charset=utf-8", "{\"status\":\"ready\"}");
	return DB_OK;
}

enum db_status api_metrics(struct request *req)
{
	struct app *app = req->app;
	struct buf b = BUF_INIT;
	metrics_render(app->metrics, &b);
	struct db_pool_stats ps;
	db_pool_stats(app->pool, &ps);
	buf_printf(&b,
		   "# HELP salesctl_db_pool_connections PostgreSQL connections of the pool.\n"
		   "# TYPE salesctl_db_pool_connections gauge\n"
		   "salesctl_db_pool_connections{state=\"size\"} %d\n"
		   "salesctl_db_pool_connections{state=\"in_use\"} %d\n"
		   "salesctl_db_pool_connections{state=\"idle_connected\"} %d\n"
		   "# HELP salesctl_db_pool_acquires_total Connections handed to requests.\n"
		   "# TYPE salesctl_db_pool_acquires_total counter\n"
		   "salesctl_db_pool_acquires_total %llu\n"
		   "# HELP salesctl_db_pool_acquire_timeouts_total Requests that found no free connection in time.\n"
		   "# TYPE salesctl_db_pool_acquire_timeouts_total counter\n"
		   "salesctl_db_pool_acquire_timeouts_total %llu\n"
		   "# HELP salesctl_db_connects_total Connections (re)established.\n"
		   "# TYPE salesctl_db_connects_total counter\n"
		   "salesctl_db_connects_total %llu\n"
		   "# HELP salesctl_db_retries_total Statements and transactions sent again after a lost connection or a "
		   "serialization failure.\n"
		   "# TYPE salesctl_db_retries_total counter\n"
		   "salesctl_db_retries_total %llu\n"
		   "# HELP salesctl_db_connect_failures_total Attempts to connect that PostgreSQL refused or that timed out.\n"
		   "# TYPE salesctl_db_connect_failures_total counter\n"
		   "salesctl_db_connect_failures_total %llu\n"
		   "# HELP salesctl_db_errors_total Failed statements by SQLSTATE (08006: connection lost).\n"
		   "# TYPE salesctl_db_errors_total counter\n",
		   ps.size, ps.in_use, ps.connected, ps.acquires, ps.acquire_timeouts, ps.reconnects, ps.retries,
		   ps.connect_failures);
	for (int i = 0; i < DB_COUNTED_SQLSTATES; i++)
		buf_printf(&b, "salesctl_db_errors_total{sqlstate=\"%s\"} %llu\n", db_counted_sqlstates[i], ps.errors[i]);
	buf_printf(&b, "salesctl_db_errors_total{sqlstate=\"other\"} %llu\n", ps.errors[DB_COUNTED_SQLSTATES]);
	if (app->principals) {
		struct principal_cache_stats pc;
		principal_cache_stats(app->principals, &pc);
		buf_printf(&b,
			   "# HELP salesctl_auth_cache_lookups_total Token principals looked up in the cache by result.\n"
			   "# TYPE salesctl_auth_cache_lookups_total counter\n"
			   "salesctl_auth_cache_lookups_total{result=\"hit\"} %llu\n"
			   "salesctl_auth_cache_lookups_total{result=\"miss\"} %llu\n"
			   "# HELP salesctl_auth_cache_clears_total Times the cache was emptied because authentication changed.\n"
			   "# TYPE salesctl_auth_cache_clears_total counter\n"
			   "salesctl_auth_cache_clears_total %llu\n",
			   pc.hits, pc.misses, pc.clears);
	}
	if (app->plan_cache) {
		struct doc_cache_stats cs;
		doc_cache_stats(app->plan_cache, &cs);
		buf_printf(&b,
			   "# HELP salesctl_plan_cache_lookups_total Plan-status answers looked up in the cache by result.\n"
			   "# TYPE salesctl_plan_cache_lookups_total counter\n"
			   "salesctl_plan_cache_lookups_total{result=\"hit\"} %llu\n"
			   "salesctl_plan_cache_lookups_total{result=\"miss\"} %llu\n"
			   "# HELP salesctl_plan_cache_bytes Bytes of plan-status answers held.\n"
			   "# TYPE salesctl_plan_cache_bytes gauge\n"
			   "salesctl_plan_cache_bytes %llu\n",
			   cs.hits, cs.misses, cs.bytes);
	}
	sched_stats_render(&app->sched, &b);
	reply_json(req, 200, buf_steal(&b));
	req->reply.content_type = "text/plain; version=0.0.4; charset=utf-8";
	return DB_OK;
}

enum db_status api_openapi(struct request *req)
{
	reply_text(req, 200, "application/yaml; charset=utf-8", embedded_openapi[0].text);
	return DB_OK;
}
