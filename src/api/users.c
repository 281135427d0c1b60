/*
 * Users. Owners create and change users; heads read their teams' members; managers read themselves. A user outside
 * the caller's reach is 404; one within reach that the caller may not change is 403.
 */
#include "salesctl/api/schemas.h"
#include "salesctl/api/users.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/list.h"
#include "salesctl/store/users.h"

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
	{.name = "status", .type = FT_ENUM, .flags = F_MULTI, .values = status_values},
	{.name = "hired_on", .type = FT_DATE},
	{.name = "dismissed_on", .type = FT_DATE, .flags = F_NULLABLE},
};

/* In the order of store_user_list_shape's filters. */
static const struct field_spec user_filters[] = {
	{.name = "role", .type = FT_ENUM, .flags = F_MULTI, .values = role_values},
	{.name = "team_id", .type = FT_UUID},
	{.name = "status", .type = FT_ENUM, .flags = F_MULTI, .values = status_values},
	{.name = "sales_role", .type = FT_ENUM, .flags = F_MULTI, .values = sales_role_values},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum db_status api_user_create(struct request *req)
{
	if (!api_body_valid(req, user_specs, COUNT(user_specs), VALIDATE_CREATE))
		return DB_ABORTED;
	return api_create_reply(req, store_user_create, "/v1/users");
}

enum db_status api_user_list(struct request *req)
{
	return api_list_composed(req, user_filters, COUNT(user_filters), &store_user_list_shape);
}

enum db_status api_user_get(struct request *req)
{
	const char *id = api_path_id(req, 0);
	return id ? api_get_reply(req, store_user_get, id) : DB_ABORTED;
}

enum db_status api_me_get(struct request *req)
{
	return api_get_reply(req, store_user_get, req->who.user_id);
}

/* An owner demoting or dismissing themselves could leave the organisation without an owner: 422. */
static bool self_change_allowed(struct request *req, const char *id)
{
	if (strcmp(id, req->who.user_id) != 0)
		return true;
	struct field_errors errs = {0};
	if (json_object_get(req->json, "role"))
		field_errors_add(&errs, NULL, "role", "you cannot change your own role");
	if (json_object_get(req->json, "status"))
		field_errors_add(&errs, NULL, "status", "you cannot change your own status");
	bool ok = errs.count == 0;
	if (!ok)
		reply_invalid(req, &errs);
	field_errors_free(&errs);
	return ok;
}

enum db_status api_user_patch(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (!id)
		return DB_ABORTED;
	enum db_status st = api_require_visible(req, store_user_get, id);
	if (st != DB_OK)
		return st;
	if (!api_require_role(req, ROLE_OWNER) || !api_body_valid(req, user_specs, COUNT(user_specs), VALIDATE_PATCH) ||
	    !self_change_allowed(req, id))
		return DB_ABORTED;
	st = api_patch_reply(req, store_user_patch, id);
	if (st == DB_OK)
		api_principals_changed(req);
	return st;
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_users_schemas[] = {
	API_SCHEMA("POST /v1/users", user_specs, VALIDATE_CREATE),
	API_SCHEMA("PATCH /v1/users/{id}", user_specs, VALIDATE_PATCH),
	API_SCHEMA("GET /v1/users", user_filters, VALIDATE_FILTER),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
