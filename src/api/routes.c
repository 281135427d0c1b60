/* The route table: every operation of the API, one row each: method, path, handler, authentication, the least role
 * (collection routes), operationId, where its handler runs (enum route_run), the token scope it needs (every GET needs `read`; the
 * writes an integration makes need their own scope; any other write needs `*`) and, for a POST, whether it runs in
 * one transaction (enum route_tx). openapi.yaml must list the same
 * operationIds and scopes (tests/unit/api_routes_test.c checks it). */
#include "salesctl/api/absences.h"
#include "salesctl/api/admin.h"
#include "salesctl/api/alerts.h"
#include "salesctl/api/app.h"
#include "salesctl/api/calendar.h"
#include "salesctl/api/call_logs.h"
#include "salesctl/api/crm_events.h"
#include "salesctl/api/events.h"
#include "salesctl/api/periods.h"
#include "salesctl/api/standups.h"
#include "salesctl/api/compensation.h"
#include "salesctl/api/competencies.h"
#include "salesctl/api/conveyor.h"
#include "salesctl/api/daily_reports.h"
#include "salesctl/api/development_plans.h"
#include "salesctl/api/invitations.h"
#include "salesctl/api/kpi.h"
#include "salesctl/api/one_on_ones.h"
#include "salesctl/api/ops.h"
#include "salesctl/api/web.h"
#include "salesctl/api/orgs.h"
#include "salesctl/api/plans.h"
#include "salesctl/api/sessions.h"
#include "salesctl/api/tasks.h"
#include "salesctl/api/teams.h"
#include "salesctl/api/tokens.h"
#include "salesctl/api/users.h"
#include "salesctl/api/webhooks.h"
#include "salesctl/domain/scopes.h"

const struct route app_routes[] = {
	{HTTP_GET, "/healthz", api_healthz, AUTH_PUBLIC, ROLE_NONE, "getHealth", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_GET, "/readyz", api_readyz, AUTH_PUBLIC, ROLE_NONE, "getReadiness", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_GET, "/metrics", api_metrics, AUTH_PUBLIC, ROLE_NONE, "getMetrics", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_GET, "/openapi.yaml", api_openapi, AUTH_PUBLIC, ROLE_NONE, "getOpenapi", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_GET, "/", api_web_page, AUTH_PUBLIC, ROLE_NONE, "getOwnerPage", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_GET, "/assets/{name}", api_web_asset, AUTH_PUBLIC, ROLE_NONE, "getWebAsset", RUN_INLINE, SCOPE_READ, TX_NONE},

	{HTTP_POST, "/v1/orgs", api_org_create, AUTH_ADMIN, ROLE_NONE, "createOrg", RUN_INLINE, SCOPE_ALL, TX_ALWAYS},
	{HTTP_GET, "/v1/org", api_org_get, AUTH_USER, ROLE_MANAGER, "getOrg", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_PATCH, "/v1/org", api_org_patch, AUTH_USER, ROLE_OWNER, "updateOrg", RUN_INLINE, SCOPE_ALL, TX_NONE},

	{HTTP_GET, "/v1/me", api_me_get, AUTH_USER, ROLE_MANAGER, "getMe", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_PUT, "/v1/me/password", api_password_change, AUTH_USER, ROLE_MANAGER, "changePassword", RUN_KDF, SCOPE_ALL, TX_NONE},
	{HTTP_POST, "/v1/sessions", api_session_create, AUTH_PUBLIC, ROLE_NONE, "signIn", RUN_KDF, 0, TX_NONE},
	{HTTP_DELETE, "/v1/sessions/current", api_session_delete, AUTH_USER, ROLE_MANAGER, "signOut", RUN_INLINE, SCOPE_ALL, TX_NONE},
	{HTTP_POST, "/v1/users/{id}/invitations", api_invitation_create, AUTH_USER, ROLE_MANAGER, "createInvitation", RUN_INLINE,
	 SCOPE_ALL, TX_ALWAYS},
	{HTTP_POST, "/v1/invitations/accept", api_invitation_accept, AUTH_PUBLIC, ROLE_NONE, "acceptInvitation", RUN_KDF, 0, TX_NONE},
	{HTTP_POST, "/v1/users", api_user_create, AUTH_USER, ROLE_OWNER, "createUser", RUN_INLINE, SCOPE_ALL, TX_ALWAYS},
	{HTTP_GET, "/v1/users", api_user_list, AUTH_USER, ROLE_MANAGER, "listUsers", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_GET, "/v1/users/{id}", api_user_get, AUTH_USER, ROLE_MANAGER, "getUser", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_PATCH, "/v1/users/{id}", api_user_patch, AUTH_USER, ROLE_MANAGER, "updateUser", RUN_INLINE, SCOPE_ALL, TX_NONE},

	{HTTP_POST, "/v1/users/{id}/tokens", api_token_create, AUTH_USER, ROLE_MANAGER, "createToken", RUN_INLINE, SCOPE_ALL, TX_ALWAYS},
	{HTTP_GET, "/v1/users/{id}/tokens", api_token_list, AUTH_USER, ROLE_MANAGER, "listTokens", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_DELETE, "/v1/tokens/{id}", api_token_revoke, AUTH_USER, ROLE_MANAGER, "revokeToken", RUN_INLINE, SCOPE_ALL, TX_NONE},

	{HTTP_POST, "/v1/teams", api_team_create, AUTH_USER, ROLE_OWNER, "createTeam", RUN_INLINE, SCOPE_ALL, TX_ALWAYS},
	{HTTP_GET, "/v1/teams", api_team_list, AUTH_USER, ROLE_MANAGER, "listTeams", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_GET, "/v1/teams/{id}", api_team_get, AUTH_USER, ROLE_MANAGER, "getTeam", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_PATCH, "/v1/teams/{id}", api_team_patch, AUTH_USER, ROLE_MANAGER, "updateTeam", RUN_INLINE, SCOPE_ALL, TX_NONE},

	{HTTP_POST, "/v1/tasks", api_task_create, AUTH_USER, ROLE_HEAD, "createTask", RUN_INLINE, SCOPE_ALL, TX_ALWAYS},
	{HTTP_GET, "/v1/tasks", api_task_list, AUTH_USER, ROLE_MANAGER, "listTasks", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_GET, "/v1/tasks/{id}", api_task_get, AUTH_USER, ROLE_MANAGER, "getTask", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_PATCH, "/v1/tasks/{id}", api_task_patch, AUTH_USER, ROLE_MANAGER, "updateTask", RUN_INLINE, SCOPE_ALL, TX_NONE},
	{HTTP_POST, "/v1/tasks/{id}/transitions", api_task_transition, AUTH_USER, ROLE_MANAGER, "transitionTask", RUN_INLINE, SCOPE_ALL, TX_ALWAYS},
	{HTTP_GET, "/v1/tasks/{id}/events", api_task_events, AUTH_USER, ROLE_MANAGER, "listTaskEvents", RUN_INLINE, SCOPE_READ, TX_NONE},

	{HTTP_POST, "/v1/call-logs", api_call_create, AUTH_USER, ROLE_MANAGER, "createCallLog", RUN_INLINE, SCOPE_CALL_LOGS_WRITE, TX_FOR_KEY},
	{HTTP_GET, "/v1/call-logs", api_call_list, AUTH_USER, ROLE_MANAGER, "listCallLogs", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_POST, "/v1/call-logs/batch", api_call_batch, AUTH_USER, ROLE_MANAGER, "createCallLogBatch", RUN_BULK, SCOPE_CALL_LOGS_WRITE, TX_FOR_KEY},
	{HTTP_GET, "/v1/call-logs/sample", api_call_sample, AUTH_USER, ROLE_HEAD, "sampleCallLogs", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_GET, "/v1/call-logs/{id}", api_call_get, AUTH_USER, ROLE_MANAGER, "getCallLog", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_POST, "/v1/crm-events/batch", api_crm_event_batch, AUTH_USER, ROLE_MANAGER, "createCrmEventBatch", RUN_BULK, SCOPE_CRM_EVENTS_WRITE, TX_FOR_KEY},
	{HTTP_GET, "/v1/leads", api_lead_list, AUTH_USER, ROLE_MANAGER, "listLeads", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_GET, "/v1/standups/board", api_standup_board, AUTH_USER, ROLE_HEAD, "getStandupBoard", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_PUT, "/v1/standups/{date}", api_standup_put, AUTH_USER, ROLE_MANAGER, "putStandup", RUN_INLINE, SCOPE_ALL, TX_NONE},
	{HTTP_GET, "/v1/standups/{date}", api_standup_get, AUTH_USER, ROLE_MANAGER, "getStandup", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_GET, "/v1/compensation-schemes", api_scheme_list, AUTH_USER, ROLE_MANAGER, "listCompensationSchemes", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_PUT, "/v1/compensation-schemes/{id}", api_scheme_put, AUTH_USER, ROLE_MANAGER, "putCompensationScheme", RUN_INLINE, SCOPE_ALL, TX_NONE},
	{HTTP_GET, "/v1/compensation-schemes/{id}", api_scheme_get, AUTH_USER, ROLE_MANAGER, "getCompensationScheme", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_GET, "/v1/compensation-schemes/{id}/check", api_scheme_check, AUTH_USER, ROLE_MANAGER, "checkCompensationScheme", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_GET, "/v1/payouts", api_payout_list, AUTH_USER, ROLE_MANAGER, "listPayouts", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_POST, "/v1/competencies", api_competency_create, AUTH_USER, ROLE_HEAD, "createCompetency", RUN_INLINE, SCOPE_ALL, TX_ALWAYS},
	{HTTP_GET, "/v1/competencies", api_competency_list, AUTH_USER, ROLE_MANAGER, "listCompetencies", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_GET, "/v1/competencies/{id}", api_competency_get, AUTH_USER, ROLE_MANAGER, "getCompetency", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_POST, "/v1/assessments", api_assessment_create, AUTH_USER, ROLE_HEAD, "createAssessment", RUN_INLINE, SCOPE_ALL, TX_ALWAYS},
	{HTTP_GET, "/v1/assessments/matrix", api_assessment_matrix, AUTH_USER, ROLE_HEAD, "getAssessmentMatrix", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_GET, "/v1/conveyor", api_conveyor_get, AUTH_USER, ROLE_HEAD, "getConveyor", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_GET, "/v1/events", api_event_list, AUTH_USER, ROLE_OWNER, "listEvents", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_GET, "/v1/deals", api_deal_list, AUTH_USER, ROLE_MANAGER, "listDeals", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_POST, "/v1/call-logs/{id}/review", api_call_review, AUTH_USER, ROLE_MANAGER, "reviewCallLog", RUN_INLINE, SCOPE_ALL, TX_ALWAYS},

	{HTTP_POST, "/v1/daily-reports", api_report_create, AUTH_USER, ROLE_MANAGER, "createDailyReport", RUN_INLINE, SCOPE_REPORTS_WRITE, TX_ALWAYS},
	{HTTP_GET, "/v1/daily-reports", api_report_list, AUTH_USER, ROLE_MANAGER, "listDailyReports", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_GET, "/v1/daily-reports/missing", api_report_missing, AUTH_USER, ROLE_HEAD, "listMissingDailyReports", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_GET, "/v1/daily-reports/{id}", api_report_get, AUTH_USER, ROLE_MANAGER, "getDailyReport", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_PATCH, "/v1/daily-reports/{id}", api_report_patch, AUTH_USER, ROLE_MANAGER, "updateDailyReport", RUN_INLINE, SCOPE_REPORTS_WRITE, TX_NONE},
	{HTTP_POST, "/v1/daily-reports/{id}/review", api_report_review, AUTH_USER, ROLE_MANAGER, "reviewDailyReport", RUN_INLINE, SCOPE_ALL, TX_ALWAYS},

	{HTTP_POST, "/v1/one-on-ones", api_one_on_one_create, AUTH_USER, ROLE_HEAD, "createOneOnOne", RUN_INLINE, SCOPE_ALL, TX_ALWAYS},
	{HTTP_GET, "/v1/one-on-ones", api_one_on_one_list, AUTH_USER, ROLE_MANAGER, "listOneOnOnes", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_GET, "/v1/one-on-ones/{id}", api_one_on_one_get, AUTH_USER, ROLE_MANAGER, "getOneOnOne", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_PATCH, "/v1/one-on-ones/{id}", api_one_on_one_patch, AUTH_USER, ROLE_MANAGER, "updateOneOnOne", RUN_INLINE, SCOPE_ALL, TX_NONE},
	{HTTP_POST, "/v1/one-on-ones/{id}/hold", api_one_on_one_hold, AUTH_USER, ROLE_MANAGER, "holdOneOnOne", RUN_INLINE, SCOPE_ALL, TX_ALWAYS},
	{HTTP_POST, "/v1/one-on-ones/{id}/cancel", api_one_on_one_cancel, AUTH_USER, ROLE_MANAGER, "cancelOneOnOne", RUN_INLINE, SCOPE_ALL, TX_ALWAYS},

	{HTTP_POST, "/v1/development-plans", api_idp_create, AUTH_USER, ROLE_HEAD, "createDevelopmentPlan", RUN_INLINE, SCOPE_ALL, TX_ALWAYS},
	{HTTP_GET, "/v1/development-plans", api_idp_list, AUTH_USER, ROLE_MANAGER, "listDevelopmentPlans", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_GET, "/v1/development-plans/{id}", api_idp_get, AUTH_USER, ROLE_MANAGER, "getDevelopmentPlan", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_PATCH, "/v1/development-plans/{id}", api_idp_patch, AUTH_USER, ROLE_MANAGER, "updateDevelopmentPlan", RUN_INLINE, SCOPE_ALL, TX_NONE},
	{HTTP_POST, "/v1/development-plans/{id}/transitions", api_idp_transition, AUTH_USER, ROLE_MANAGER,
	 "transitionDevelopmentPlan", RUN_INLINE, SCOPE_ALL, TX_ALWAYS},
	{HTTP_POST, "/v1/development-plans/{id}/items", api_idp_item_add, AUTH_USER, ROLE_MANAGER,
	 "addDevelopmentPlanItem", RUN_INLINE, SCOPE_ALL, TX_ALWAYS},
	{HTTP_POST, "/v1/development-plans/{id}/items/{item_id}/progress", api_idp_progress, AUTH_USER, ROLE_MANAGER,
	 "addDevelopmentPlanProgress", RUN_INLINE, SCOPE_ALL, TX_ALWAYS},

	{HTTP_PUT, "/v1/plans/{period}", api_plans_put, AUTH_USER, ROLE_HEAD, "putPlan", RUN_INLINE, SCOPE_ALL, TX_NONE},
	{HTTP_GET, "/v1/plans", api_plans_list, AUTH_USER, ROLE_MANAGER, "listPlans", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_GET, "/v1/periods/{period}", api_period_get, AUTH_USER, ROLE_MANAGER, "getPeriod", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_POST, "/v1/periods/{period}/close", api_period_close, AUTH_USER, ROLE_OWNER, "closePeriod", RUN_INLINE, SCOPE_ALL, TX_ALWAYS},
	{HTTP_POST, "/v1/periods/{period}/reopen", api_period_reopen, AUTH_USER, ROLE_OWNER, "reopenPeriod", RUN_INLINE, SCOPE_ALL, TX_ALWAYS},

	{HTTP_POST, "/v1/absences", api_absence_create, AUTH_USER, ROLE_HEAD, "createAbsence", RUN_INLINE, SCOPE_ALL, TX_ALWAYS},
	{HTTP_GET, "/v1/absences", api_absence_list, AUTH_USER, ROLE_MANAGER, "listAbsences", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_DELETE, "/v1/absences/{id}", api_absence_delete, AUTH_USER, ROLE_MANAGER, "deleteAbsence", RUN_INLINE, SCOPE_ALL, TX_NONE},

	{HTTP_PUT, "/v1/calendar/{date}", api_calendar_put, AUTH_USER, ROLE_OWNER, "putCalendarDay", RUN_INLINE, SCOPE_ALL, TX_NONE},
	{HTTP_DELETE, "/v1/calendar/{date}", api_calendar_delete, AUTH_USER, ROLE_OWNER, "deleteCalendarDay", RUN_INLINE, SCOPE_ALL, TX_NONE},
	{HTTP_GET, "/v1/calendar", api_calendar_list, AUTH_USER, ROLE_MANAGER, "listCalendar", RUN_INLINE, SCOPE_READ, TX_NONE},

	{HTTP_GET, "/v1/kpi", api_kpi_series, AUTH_USER, ROLE_MANAGER, "getKpi", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_GET, "/v1/kpi/compare", api_kpi_compare, AUTH_USER, ROLE_MANAGER, "compareKpi", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_GET, "/v1/plan-status", api_plan_status, AUTH_USER, ROLE_MANAGER, "getPlanStatus", RUN_INLINE, SCOPE_READ, TX_NONE},

	{HTTP_GET, "/v1/alerts", api_alert_list, AUTH_USER, ROLE_MANAGER, "listAlerts", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_GET, "/v1/alerts/{id}", api_alert_get, AUTH_USER, ROLE_MANAGER, "getAlert", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_POST, "/v1/alerts/{id}/ack", api_alert_ack, AUTH_USER, ROLE_MANAGER, "ackAlert", RUN_INLINE, SCOPE_ALL, TX_ALWAYS},

	{HTTP_POST, "/v1/webhooks", api_webhook_create, AUTH_USER, ROLE_OWNER, "createWebhook", RUN_INLINE, SCOPE_ALL, TX_ALWAYS},
	{HTTP_GET, "/v1/webhooks", api_webhook_list, AUTH_USER, ROLE_OWNER, "listWebhooks", RUN_INLINE, SCOPE_READ, TX_NONE},
	{HTTP_DELETE, "/v1/webhooks/{id}", api_webhook_delete, AUTH_USER, ROLE_MANAGER, "deleteWebhook", RUN_INLINE, SCOPE_ALL, TX_NONE},
	{HTTP_GET, "/v1/webhooks/{id}/deliveries", api_webhook_deliveries, AUTH_USER, ROLE_MANAGER,
	 "listWebhookDeliveries", RUN_INLINE, SCOPE_READ, TX_NONE},

	{HTTP_POST, "/v1/admin/scheduler/run", api_scheduler_run, AUTH_USER, ROLE_OWNER, "runScheduler", RUN_INLINE, SCOPE_ALL, TX_ALWAYS},
};

const size_t app_routes_count = sizeof(app_routes) / sizeof(app_routes[0]);
