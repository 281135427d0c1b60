/* Start-up loads and the list of every prepared statement of the service. */
#include "salesctl/store/instance.h"
#include "salesctl/db/migrate.h"
#include "salesctl/domain/formats.h"
#include "salesctl/store/absences.h"
#include "salesctl/store/alerts.h"
#include "salesctl/store/calendar.h"
#include "salesctl/store/compensation.h"
#include "salesctl/store/competencies.h"
#include "salesctl/store/conveyor.h"
#include "salesctl/store/call_logs.h"
#include "salesctl/store/crm_events.h"
#include "salesctl/store/daily_reports.h"
#include "salesctl/store/events.h"
#include "salesctl/store/development_plans.h"
#include "salesctl/store/idempotency.h"
#include "salesctl/store/kpi.h"
#include "salesctl/store/one_on_ones.h"
#include "salesctl/store/orgs.h"
#include "salesctl/store/plans.h"
#include "salesctl/store/rollups.h"
#include "salesctl/store/tasks.h"
#include "salesctl/store/teams.h"
#include "salesctl/store/tokens.h"
#include "salesctl/store/users.h"
#include "salesctl/store/periods.h"
#include "salesctl/store/sessions.h"
#include "salesctl/store/standups.h"
#include "salesctl/store/webhooks.h"

#include <stdio.h>
#include <stdlib.h>

const struct db_stmt *const store_all_statements[] = {
	migrate_stmts, store_orgs_stmts, store_users_stmts, store_teams_stmts, store_tokens_stmts,
	store_idempotency_stmts, store_tasks_stmts, store_call_logs_stmts,
	store_daily_reports_stmts, store_one_on_ones_stmts,
	store_idp_stmts, store_calendar_stmts, store_plans_stmts,
	store_rollups_stmts, store_kpi_stmts, store_alerts_stmts,
	store_webhooks_stmts, store_sessions_stmts, store_absences_stmts, store_events_stmts, store_standups_stmts,
	store_compensation_stmts, store_competencies_stmts, store_periods_stmts, NULL,
};

const struct reach_stmt *const *const store_all_reach_statements[] = {
	store_absences_reach_stmts, store_alerts_reach_stmts, store_compensation_reach_stmts,
	store_competencies_reach_stmts, store_conveyor_reach_stmts, store_call_logs_reach_stmts, store_crm_events_reach_stmts,
	store_daily_reports_reach_stmts, store_development_plans_reach_stmts, store_kpi_reach_stmts,
	store_one_on_ones_reach_stmts, store_periods_reach_stmts, store_plans_reach_stmts, store_standups_reach_stmts,
	store_tasks_reach_stmts, store_tokens_reach_stmts, store_users_reach_stmts, NULL,
};

const struct list_shape *const store_all_list_shapes[] = {
	&store_absence_list_shape, &store_alert_list_shape, &store_call_list_shape, &store_report_list_shape,
	&store_idp_list_shape, &store_one_on_one_list_shape, &store_task_list_shape, &store_team_list_shape,
	&store_user_list_shape, &store_token_list_shape, &store_webhook_list_shape,
	&store_webhook_delivery_list_shape, &store_lead_list_shape, &store_deal_list_shape,
	&store_scheme_list_shape, &store_competency_list_shape, NULL,
};

static PGresult *exec_params(struct db_conn *c, const char *sql, int n, const char *const *params,
			     enum db_status *st)
{
	PGresult *r = PQexecParams(db_conn_pg(c), sql, n, NULL, params, NULL, NULL, 0);
	ExecStatusType rs = PQresultStatus(r);
	if (rs == PGRES_TUPLES_OK || rs == PGRES_COMMAND_OK) {
		*st = DB_OK;
		return r;
	}
	*st = db_status_from_sqlstate(PQresultErrorField(r, PG_DIAG_SQLSTATE));
	if (*st == DB_OK)
		*st = DB_ERROR;
	PQclear(r);
	return NULL;
}

enum db_status store_instance_cursor_key(struct db_conn *c, const char *candidate, char out[65])
{
	enum db_status st;
	PGresult *r = exec_params(c,
				  "INSERT INTO instance_secrets (name, value) VALUES ('cursor_key', $1)"
				  " ON CONFLICT (name) DO NOTHING",
				  1, &candidate, &st);
	if (!r)
		return st;
	PQclear(r);
	r = exec_params(c, "SELECT value FROM instance_secrets WHERE name = 'cursor_key'", 0, NULL, &st);
	if (!r)
		return st;
	snprintf(out, 65, "%s", PQntuples(r) ? PQgetvalue(r, 0, 0) : "");
	PQclear(r);
	return DB_OK;
}

enum db_status store_instance_load_timezones(struct db_conn *c)
{
	enum db_status st;
	PGresult *r = exec_params(c, "SELECT name FROM pg_timezone_names", 0, NULL, &st);
	if (!r)
		return st;
	int n = PQntuples(r);
	const char **names = calloc((size_t)n + 1, sizeof(char *));
	if (!names) {
		PQclear(r);
		return DB_ERROR;
	}
	for (int i = 0; i < n; i++)
		names[i] = PQgetvalue(r, i, 0);
	st = tz_set_known(names, (size_t)n) == 0 ? DB_OK : DB_ERROR;
	free(names);
	PQclear(r);
	return st;
}
