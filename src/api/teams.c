/* Teams. Owners create and change them; a head reads the teams they head, a manager their own team. */
#include "salesctl/api/teams.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/list.h"
#include "salesctl/store/teams.h"

#include <stdio.h>
#include <stdlib.h>

static const struct field_spec team_specs[] = {
	{.name = "name", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = NAME_MAX_CHARS},
	{.name = "head_id", .type = FT_UUID, .flags = F_NULLABLE},
};

static const struct field_spec team_filters[STORE_TEAM_FILTERS] = {
	{.name = "head_id", .type = FT_UUID},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A team's head must be an active head or owner of the organisation: 422 on head_id otherwise. */
static bool team_head_valid(struct request *req, struct db_conn *db)
{
	json_t *head = json_object_get(req->json, "head_id");
	if (!head || json_is_null(head))
		return true;
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
	if (!api_body_valid(req, team_specs, COUNT(team_specs), VALIDATE_CREATE) || !team_head_valid(req, req->db))
		return;
	char id[37];
	api_new_id(id);
	char *body = api_body_text(req);
	struct store_doc doc = {0};
	enum db_status st = body ? store_team_create(req->db, req->who.org_id, id, body, &doc) : DB_ERROR;
	free(body);
	if (st != DB_OK) {
		api_reply_db_error(req, st);
		return;
	}
	api_reply_doc(req, 201, &doc);
	snprintf(req->reply.location, sizeof(req->reply.location), "/v1/teams/%s", id);
}

void api_team_list(struct request *req)
{
	struct list_request lr;
	if (!api_list_parse(req, team_filters, COUNT(team_filters), &lr))
		return;
	struct db_conn *db = api_db(req);
	if (!db)
		return;
	struct store_list_query q;
	api_list_query(req, &lr, &q);
	enum db_status st;
	PGresult *r = store_team_list(db, &q, lr.filters, &st);
	if (!r)
		api_reply_db_error(req, st);
	else
		api_list_reply(req, r, &lr);
}

void api_team_get(struct request *req)
{
	const char *id = api_path_id(req, 0);
	struct db_conn *db = id ? api_db(req) : NULL;
	if (!db)
		return;
	struct store_doc doc = {0};
	enum db_status st = store_team_get(db, &req->who, id, &doc);
	api_reply_result(req, st, 200, &doc);
}

void api_team_patch(struct request *req)
{
	const char *id = api_path_id(req, 0);
	struct db_conn *db = id ? api_db(req) : NULL;
	if (!db)
		return;
	struct store_doc doc = {0};
	enum db_status st = store_team_get(db, &req->who, id, &doc);
	bool visible = st == DB_OK && doc.json;
	store_doc_free(&doc);
	if (st != DB_OK) {
		api_reply_db_error(req, st);
		return;
	}
	if (!visible) {
		reply_problem(req, PROBLEM_NOT_FOUND, NULL);
		return;
	}
	if (!api_require_role(req, ROLE_OWNER) ||
	    !api_body_valid(req, team_specs, COUNT(team_specs), VALIDATE_PATCH) || !team_head_valid(req, db))
		return;
	char if_match[128];
	char *body = api_body_text(req);
	st = body ? store_team_patch(db, req->who.org_id, id, body, api_if_match(req, if_match, sizeof(if_match)), &doc)
		  : DB_ERROR;
	free(body);
	api_reply_result(req, st, 200, &doc);
}
