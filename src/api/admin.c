/* POST /v1/admin/scheduler/run (owner): one scheduler pass for the caller's organisation, now, at `as_of`, inside
 * the request's transaction; it waits for a pass another instance is running rather than skipping. */
#include "salesctl/api/schemas.h"
#include "salesctl/api/admin.h"
#include "salesctl/api/handler.h"
#include "salesctl/core/buf.h"
#include "salesctl/sched/pass.h"

#include <stdio.h>

static const struct field_spec run_specs[] = {
	{.name = "as_of", .type = FT_TIMESTAMP},
};

enum db_status api_scheduler_run(struct request *req)
{
	struct app *app = req->app;
	if (!api_body_valid(req, run_specs, 1, VALIDATE_CREATE))
		return DB_ABORTED;
	const char *as_of = json_string_value(json_object_get(req->json, "as_of"));
	struct sched_pass_result r = {0};
	/* A pass may take longer than a request's statement timeout allows. */
	char timeout[64];
	snprintf(timeout, sizeof(timeout), "SET LOCAL statement_timeout = %d", SCHED_STATEMENT_TIMEOUT_MS);
	enum db_status st = db_exec_simple(req->db, timeout);
	if (st == DB_OK)
		st = sched_pass_run(req->db, req->who.org_id, as_of, true, &r);
	sched_stats_record(&app->sched, st, &r);
	if (st != DB_OK)
		return st;
	struct buf b = BUF_INIT;
	buf_puts(&b, "{\"as_of\":");
	if (as_of)
		buf_json_string(&b, as_of);
	else
		buf_puts(&b, "null");
	buf_printf(&b, ",\"rollups_updated\":%ld,\"alerts_opened\":%ld,\"alerts_resolved\":%ld,\"duration_ms\":%.3f}",
		   r.rollups_updated, r.alerts_opened, r.alerts_resolved, r.duration_ms);
	reply_json(req, 200, buf_steal(&b));
	api_principals_changed(req);   /* a pass dismisses those whose last day has passed */
	return DB_OK;
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_admin_schemas[] = {
	API_SCHEMA("POST /v1/admin/scheduler/run", run_specs, VALIDATE_CREATE),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
