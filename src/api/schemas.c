/* The list of every file's validation tables (include/salesctl/api/schemas.h). */
#include "salesctl/api/schemas.h"

const struct api_schema *const api_schema_sets[] = {
	api_admin_schemas,
	api_alerts_schemas,
	api_calendar_schemas,
	api_call_logs_schemas,
	api_crm_events_schemas,
	api_events_schemas,
	api_standups_schemas,
	api_compensation_schemas,
	api_competencies_schemas,
	api_daily_reports_schemas,
	api_development_plans_schemas,
	api_kpi_schemas,
	api_one_on_ones_schemas,
	api_orgs_schemas,
	api_plans_schemas,
	api_tasks_schemas,
	api_teams_schemas,
	api_tokens_schemas,
	api_absences_schemas,
	api_sessions_schemas,
	api_invitations_schemas,
	api_users_schemas,
	api_webhooks_schemas,
	NULL,
};
