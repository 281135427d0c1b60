/*
 * Users. Owners create and change users; heads read their teams' members; managers read themselves. A user outside
 * the caller's reach is 404; one within reach that the caller may not change is 403.
 */
#include "salesctl/api/users.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/list.h"
#include "salesctl/store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_values[] = {"owner", "head", "manager", NULL};
static const char *const sales_role_values[] = {"scout", "hunter", "farmer", NULL};
static const char *const status_values[] = {"active", "dismissed", NULL};

static const struct field_spec user_specs[] = {
	{.name = "name", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = NAME_MAX_CHARS},
	{.name = "email", .type = FT_EMAIL, .flags = F_REQUIRED},
	{.name = "role", .type = FT_ENUM, .flags = F_REQUIRED, .values = role_values},
	{.name = "team_id", .type = FT_UUID, .flags = F_NULLABLE},
	{.name = "sales_role", .type = FT_ENUM, .flags = F_NULLABLE, .values = sales_role_values},
	{.name = "timezone", .type = FT_TIMEZONE},
	{.name = "status", .type = FT_ENUM, .values = status_values},
	{.name = "hired_on", .type = FT_DATE},
};

static const struct field_spec user_filters[STORE_USER_FILTERS] = {
	{.name = "role", .type = FT_ENUM, .values = role_values},
	{.name = "team_id", .type = FT_UUID},
	{.name = "status", .type = FT_ENUM, .values = status_values},
	{.name = "sales_role", .type = FT_ENUM, .values = sales_role_values},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

void api_user_create(struct request *req)
{
	if (!api_body_valid(req, user_specs, COUNT(user_specs), VALIDATE_CREATE))
		return;
	char id[37];
	api_new_id(id);
	char *body = api_body_text(req);
	struct store_doc doc = {0};
	enum db_status st = body ? store_user_create(req->db, req->who.org_id, id, body, &doc) : DB_ERROR;
	free(body);
	if (st != DB_OK) {
		api_reply_db_error(req, st);
		return;
	}
	api_reply_doc(req, 201, &doc);
	snprintf(req->reply.location, sizeof(req->reply.location), "/v1/users/%s", id);
}

void api_user_list(struct request *req)
{
	struct list_request lr;
	if (!api_list_parse(req, user_filters, COUNT(user_filters), &lr))
		return;
	struct db_conn *db = api_db(req);
	if (!db)
		return;
	struct store_list_query q;
	api_list_query(req, &lr, &q);
	enum db_status st;
	PGresult *r = store_user_list(db, &q, lr.filters, &st);
	if (!r)
		api_reply_db_error(req, st);
	else
		api_list_reply(req, r, &lr);
}

static void user_reply(struct request *req, const char *id)
{
	struct db_conn *db = api_db(req);
	if (!db)
		return;
	struct store_doc doc = {0};
	enum db_status st = store_user_get(db, &req->who, id, &doc);
	api_reply_result(req, st, 200, &doc);
}

void api_user_get(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (id)
		user_reply(req, id);
}

void api_me_get(struct request *req)
{
	user_reply(req, req->who.user_id);
}

void api_user_patch(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (!id)
		return;
	struct db_conn *db = api_db(req);
	if (!db)
		return;
	struct store_doc doc = {0};
	enum db_status st = store_user_get(db, &req->who, id, &doc);
	if (st != DB_OK || !doc.json) {
		if (st != DB_OK)
			api_reply_db_error(req, st);
		else
			reply_problem(req, PROBLEM_NOT_FOUND, NULL);
		store_doc_free(&doc);
		return;
	}
	store_doc_free(&doc);
	if (!api_require_role(req, ROLE_OWNER))
		return;
	if (!api_body_valid(req, user_specs, COUNT(user_specs), VALIDATE_PATCH))
		return;
	if (strcmp(id, req->who.user_id) == 0 &&
	    (json_object_get(req->json, "role") || json_object_get(req->json, "status"))) {
		/* An owner demoting or dismissing themselves could leave the organisation without an owner. */
		struct field_errors errs = {0};
		if (json_object_get(req->json, "role"))
			field_errors_add(&errs, NULL, "role", "you cannot change your own role");
		if (json_object_get(req->json, "status"))
			field_errors_add(&errs, NULL, "status", "you cannot change your own status");
		reply_invalid(req, &errs);
		field_errors_free(&errs);
		return;
	}
	char if_match[128];
	char *body = api_body_text(req);
	st = body ? store_user_patch(db, req->who.org_id, id, body, api_if_match(req, if_match, sizeof(if_match)), &doc)
		  : DB_ERROR;
	free(body);
	api_reply_result(req, st, 200, &doc);
}
