/*
 * Absences. An owner records them for anyone, a head for the members of the teams they head (a manager: 403 on the
 * collection; on one absence, 403 when it is theirs and 404 otherwise). Everyone reads those of the people they
 * reach. A manager_id outside the caller's reach, another organisation's included, is 422 like every reference.
 */
#include "salesctl/api/absences.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/list.h"
#include "salesctl/api/schemas.h"
#include "salesctl/store/absences.h"
#include "salesctl/store/users.h"

#include <string.h>

static const char *const kind_values[] = {"vacation", "sick", "day_off", "training", "field", NULL};

static const struct field_spec absence_specs[] = {
	{.name = "manager_id", .type = FT_UUID, .flags = F_REQUIRED},
	{.name = "from", .type = FT_DATE, .flags = F_REQUIRED},
	{.name = "to", .type = FT_DATE, .flags = F_REQUIRED},
	{.name = "kind", .type = FT_ENUM, .flags = F_REQUIRED, .values = kind_values},
	{.name = "note", .type = FT_STRING, .flags = F_NULLABLE, .min = 0, .max = TEXT_MAX_CHARS},
};

/* In the order of store_absence_list_shape's filters. */
static const struct field_spec absence_filters[] = {
	{.name = "manager_id", .type = FT_UUID},
	{.name = "from", .type = FT_DATE},
	{.name = "to", .type = FT_DATE},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* to before from, or a manager the caller may not record for: 422 on the field. */
static enum db_status absence_references_valid(struct request *req)
{
	const char *from = json_string_value(json_object_get(req->json, "from"));
	const char *to = json_string_value(json_object_get(req->json, "to"));
	const char *manager = json_string_value(json_object_get(req->json, "manager_id"));
	if (strcmp(to, from) < 0) {
		reply_invalid_field(req, "to", "must be on or after from");
		return DB_ABORTED;
	}
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	bool reachable = false;
	enum db_status st = store_user_reachable(db, &req->who, manager, &reachable);
	if (st != DB_OK)
		return st;
	if (!reachable || (req->who.role == ROLE_HEAD && strcmp(manager, req->who.user_id) == 0)) {
		reply_invalid_field(req, "manager_id", "must be a member of a team you head (an owner: anyone)");
		return DB_ABORTED;
	}
	return DB_OK;
}

enum db_status api_absence_create(struct request *req)
{
	if (!api_body_valid(req, absence_specs, COUNT(absence_specs), VALIDATE_CREATE))
		return DB_ABORTED;
	enum db_status st = absence_references_valid(req);
	return st == DB_OK ? api_create_reply(req, store_absence_create, "/v1/absences") : st;
}

enum db_status api_absence_list(struct request *req)
{
	return api_list_composed(req, absence_filters, COUNT(absence_filters), &store_absence_list_shape);
}

enum db_status api_absence_delete(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (!id)
		return DB_ABORTED;
	enum db_status st = api_require_visible(req, store_absence_get, id);
	if (st != DB_OK)
		return st;
	if (req->who.role == ROLE_MANAGER) {
		reply_problem(req, PROBLEM_FORBIDDEN, "an owner or the manager's head removes an absence");
		return DB_ABORTED;
	}
	bool found = false;
	st = store_absence_delete(req->db, &req->who, id, &found);
	if (st != DB_OK)
		return st;
	if (!found) {
		reply_problem(req, PROBLEM_FORBIDDEN, "a head removes the absences of their teams' members, not their own");
		return DB_ABORTED;
	}
	req->reply.status = 204;
	return DB_OK;
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_absences_schemas[] = {
	API_SCHEMA("POST /v1/absences", absence_specs, VALIDATE_CREATE),
	API_SCHEMA("GET /v1/absences", absence_filters, VALIDATE_FILTER),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
