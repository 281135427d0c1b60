/* Alerts, as the scheduler raised them. Whoever reaches the manager an alert concerns (or sees its team) reads it;
 * heads and owners acknowledge it. */
#include "salesctl/api/schemas.h"
#include "salesctl/api/alerts.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/list.h"
#include "salesctl/api/export.h"
#include "salesctl/domain/alert_text.h"
#include "salesctl/store/alerts.h"

#include <stdlib.h>

static const char *const status_values[] = {"open", "resolved", NULL};
static const char *const severity_values[] = {"info", "warning", "critical", NULL};

/* In the order of store_alert_list_shape's filters. */
static const struct field_spec alert_filters[] = {
	{.name = "status", .type = FT_ENUM, .flags = F_MULTI, .values = status_values},
	{.name = "kind", .type = FT_ENUM, .flags = F_MULTI, .values = alert_kinds},
	{.name = "severity", .type = FT_ENUM, .flags = F_MULTI, .values = severity_values},
	{.name = "team_id", .type = FT_UUID},
	{.name = "manager_id", .type = FT_UUID},
};

/* The alert's message in the request's language, from its kind and figures (domain/alert_text.c). */
static void alert_localise(enum lang lang, json_t *alert)
{
	char message[512];
	if (alert_message(lang, alert, message, sizeof(message)) == 0)
		json_object_set_new(alert, "message", json_string(message));
}

/* The document's alert localised in place; the document is left as it was when it is not an alert. */
static void alert_doc_localise(struct request *req, struct store_doc *doc)
{
	json_t *alert = doc->json ? json_loads(doc->json, 0, NULL) : NULL;
	if (!alert)
		return;
	alert_localise(request_lang(req), alert);
	char *text = json_dumps(alert, JSON_COMPACT);
	json_decref(alert);
	if (text) {
		free(doc->json);
		doc->json = text;
	}
}

static enum db_status alert_reply(struct request *req, enum db_status st, struct store_doc *doc)
{
	alert_doc_localise(req, doc);
	st = api_reply_result(req, st, 200, doc);
	req->reply.content_language = lang_tag(request_lang(req));
	return st;
}

/* The columns of an alert export (SPEC §6.1); the message in the request's language. */
static const char *const alert_columns[] = {
	"id", "kind", "severity", "status", "subject_type", "subject_id", "manager_id", "team_id", "period", "date",
	"metric", "expected", "actual", "message", "opened_at", "resolved_at", "acknowledged_at", "acknowledged_by", NULL};

enum db_status api_alert_list(struct request *req)
{
	const size_t n = sizeof(alert_filters) / sizeof(alert_filters[0]);
	enum db_status st;
	if (request_wants_csv(req))
		st = api_list_export(req, alert_filters, n, &store_alert_list_shape, alert_columns, "alerts.csv",
				     alert_localise);
	else
		st = api_list_composed_each(req, alert_filters, n, &store_alert_list_shape, alert_localise);
	req->reply.content_language = lang_tag(request_lang(req));
	return st;
}

enum db_status api_alert_get(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (!id)
		return DB_ABORTED;
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	struct store_doc doc = {0};
	enum db_status st = store_alert_get(db, &req->who, id, &doc);
	return alert_reply(req, st, &doc);
}

enum db_status api_alert_ack(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (!id)
		return DB_ABORTED;
	enum db_status st = api_require_visible(req, store_alert_get, id);
	if (st != DB_OK)
		return st;
	if (!api_require_role(req, ROLE_HEAD) || !api_body_valid(req, NULL, 0, VALIDATE_CREATE))
		return DB_ABORTED;
	struct store_doc doc = {0};
	st = store_alert_ack(req->db, &req->who, id, &doc);
	return alert_reply(req, st, &doc);
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_alerts_schemas[] = {
	API_SCHEMA("GET /v1/alerts", alert_filters, VALIDATE_FILTER),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
