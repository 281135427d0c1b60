/*
 * Every request-body and query-string validation table of the API, by operation. Each src/api file exports its own
 * (api_<file>_schemas, ended by an entry with a NULL operation); api_schema_sets lists them all. The fuzzers run
 * every table, and a unit test holds every body table to the rules all operations share.
 */
#ifndef SALESCTL_API_SCHEMAS_H
#define SALESCTL_API_SCHEMAS_H

#include <stddef.h>

#include "salesctl/http/validate.h"

struct api_schema {
	const char *operation;            /* "POST /v1/tasks" */
	const struct field_spec *fields;
	size_t nfields;
	enum validate_mode mode;          /* VALIDATE_FILTER: a query string */
};

#define API_SCHEMA(operation, table, mode) {operation, table, sizeof(table) / sizeof((table)[0]), mode}

extern const struct api_schema api_absences_schemas[];
extern const struct api_schema api_admin_schemas[];
extern const struct api_schema api_alerts_schemas[];
extern const struct api_schema api_calendar_schemas[];
extern const struct api_schema api_call_logs_schemas[];
extern const struct api_schema api_crm_events_schemas[];
extern const struct api_schema api_events_schemas[];
extern const struct api_schema api_standups_schemas[];
extern const struct api_schema api_periods_schemas[];
extern const struct api_schema api_compensation_schemas[];
extern const struct api_schema api_competencies_schemas[];
extern const struct api_schema api_conveyor_schemas[];
extern const struct api_schema api_daily_reports_schemas[];
extern const struct api_schema api_development_plans_schemas[];
extern const struct api_schema api_kpi_schemas[];
extern const struct api_schema api_one_on_ones_schemas[];
extern const struct api_schema api_orgs_schemas[];
extern const struct api_schema api_plans_schemas[];
extern const struct api_schema api_tasks_schemas[];
extern const struct api_schema api_teams_schemas[];
extern const struct api_schema api_tokens_schemas[];
extern const struct api_schema api_sessions_schemas[];
extern const struct api_schema api_invitations_schemas[];
extern const struct api_schema api_users_schemas[];
extern const struct api_schema api_webhooks_schemas[];

/* NULL-terminated. */
extern const struct api_schema *const api_schema_sets[];

#endif
