/* Alerts, as the scheduler raised them. Whoever reaches the manager an alert concerns (or sees its team) reads it;
 * heads and owners acknowledge it. */
#include "salesctl/api/schemas.h"
#include "salesctl/api/alerts.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/list.h"
#include "salesctl/store/alerts.h"

static const char *const status_values[] = {"open", "resolved", NULL};
static const char *const kind_values[] = {"plan_lagging", "activity_drop", "report_missing", "report_mismatch",
					  "leads_unprocessed", "task_overdue", "task_unchecked", "one_on_one_overdue",
					  "idp_needed", "idp_item_overdue", NULL};
static const char *const severity_values[] = {"info", "warning", "critical", NULL};

/* In the order of store_alert_list_shape's filters. */
static const struct field_spec alert_filters[] = {
	{.name = "status", .type = FT_ENUM, .flags = F_MULTI, .values = status_values},
	{.name = "kind", .type = FT_ENUM, .flags = F_MULTI, .values = kind_values},
	{.name = "severity", .type = FT_ENUM, .flags = F_MULTI, .values = severity_values},
	{.name = "team_id", .type = FT_UUID},
	{.name = "manager_id", .type = FT_UUID},
};

void api_alert_list(struct request *req)
{
	api_list_composed(req, alert_filters, sizeof(alert_filters) / sizeof(alert_filters[0]),
			  &store_alert_list_shape);
}

void api_alert_get(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (id)
		api_get_reply(req, store_alert_get, id);
}

void api_alert_ack(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (!id || !api_require_visible(req, store_alert_get, id) || !api_require_role(req, ROLE_HEAD) ||
	    !api_body_valid(req, NULL, 0, VALIDATE_CREATE))
		return;
	struct store_doc doc = {0};
	enum db_status st = store_alert_ack(req->db, &req->who, id, &doc);
	api_reply_result(req, st, 200, &doc);
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_alerts_schemas[] = {
	API_SCHEMA("GET /v1/alerts", alert_filters, VALIDATE_FILTER),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
