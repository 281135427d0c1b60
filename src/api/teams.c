/* Teams. Owners create and change them; a head reads the teams they head, a manager their own team. */
#include "salesctl/api/schemas.h"
#include "salesctl/api/teams.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/list.h"
#include "salesctl/store/teams.h"

static const struct field_spec team_specs[] = {
	{.name = "name", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = NAME_MAX_CHARS},
	{.name = "head_id", .type = FT_UUID, .flags = F_NULLABLE},
};

/* In the order of store_team_list_shape's filters. */
static const struct field_spec team_filters[] = {
	{.name = "head_id", .type = FT_UUID},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A team's head must be an active head or owner of the organisation: 422 on head_id otherwise. */
static enum db_status team_head_valid(struct request *req)
{
	json_t *head = json_object_get(req->json, "head_id");
	if (!head || json_is_null(head))
		return DB_OK;
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	bool allowed = false;
	enum db_status st = store_team_head_allowed(db, req->who.org_id, json_string_value(head), &allowed);
	if (st == DB_OK && !allowed) {
		reply_invalid_field(req, "head_id", "must be an active user with the role head or owner");
		st = DB_ABORTED;
	}
	return st;
}

enum db_status api_team_create(struct request *req)
{
	if (!api_body_valid(req, team_specs, COUNT(team_specs), VALIDATE_CREATE))
		return DB_ABORTED;
	enum db_status st = team_head_valid(req);
	return st == DB_OK ? api_create_reply(req, store_team_create, "/v1/teams") : st;
}

enum db_status api_team_list(struct request *req)
{
	return api_list_composed(req, team_filters, COUNT(team_filters), &store_team_list_shape);
}

enum db_status api_team_get(struct request *req)
{
	const char *id = api_path_id(req, 0);
	return id ? api_get_reply(req, store_team_get, id) : DB_ABORTED;
}

enum db_status api_team_patch(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (!id)
		return DB_ABORTED;
	enum db_status st = api_require_visible(req, store_team_get, id);
	if (st != DB_OK)
		return st;
	if (!api_require_role(req, ROLE_OWNER) || !api_body_valid(req, team_specs, COUNT(team_specs), VALIDATE_PATCH))
		return DB_ABORTED;
	st = team_head_valid(req);
	if (st == DB_OK)
		st = api_patch_reply(req, store_team_patch, id);
	if (st == DB_OK)
		api_principals_changed(req);
	return st;
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_teams_schemas[] = {
	API_SCHEMA("POST /v1/teams", team_specs, VALIDATE_CREATE),
	API_SCHEMA("PATCH /v1/teams/{id}", team_specs, VALIDATE_PATCH),
	API_SCHEMA("GET /v1/teams", team_filters, VALIDATE_FILTER),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
