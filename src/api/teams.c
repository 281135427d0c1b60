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
static bool team_head_valid(struct request *req)
{
	json_t *head = json_object_get(req->json, "head_id");
	if (!head || json_is_null(head))
		return true;
	struct db_conn *db = api_db(req);
	if (!db)
		return false;
	bool allowed = false;
	enum db_status st = store_team_head_allowed(db, req->who.org_id, json_string_value(head), &allowed);
	if (st != DB_OK) {
		api_reply_db_error(req, st);
		return false;
	}
	if (!allowed)
		reply_invalid_field(req, "head_id", "must be an active user with the role head or owner");
	return allowed;
}

void api_team_create(struct request *req)
{
	if (api_body_valid(req, team_specs, COUNT(team_specs), VALIDATE_CREATE) && team_head_valid(req))
		api_create_reply(req, store_team_create, "/v1/teams");
}

void api_team_list(struct request *req)
{
	api_list_composed(req, team_filters, COUNT(team_filters), &store_team_list_shape);
}

void api_team_get(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (id)
		api_get_reply(req, store_team_get, id);
}

void api_team_patch(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (id && api_require_visible(req, store_team_get, id) && api_require_role(req, ROLE_OWNER) &&
	    api_body_valid(req, team_specs, COUNT(team_specs), VALIDATE_PATCH) && team_head_valid(req)) {
		api_patch_reply(req, store_team_patch, id);
		if (req->reply.status == 200)
			api_principals_changed(req);
	}
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_teams_schemas[] = {
	API_SCHEMA("POST /v1/teams", team_specs, VALIDATE_CREATE),
	API_SCHEMA("PATCH /v1/teams/{id}", team_specs, VALIDATE_PATCH),
	API_SCHEMA("GET /v1/teams", team_filters, VALIDATE_FILTER),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
