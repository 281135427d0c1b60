/*
 * Competencies. Heads and owners keep the organisation's catalogue (each competency with what levels 1 to 5 look
 * like) and assess the managers they reach; everyone reads the catalogue; the matrix shows a team's latest levels
 * beside the previous ones, for the head who heads it or an owner.
 */
#include "salesctl/api/competencies.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/list.h"
#include "salesctl/api/schemas.h"
#include "salesctl/domain/formats.h"
#include "salesctl/store/competencies.h"

#include <stdio.h>
#include <stdlib.h>

#define LEVELS 5

static const struct field_spec competency_specs[] = {
	{.name = "name", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = NAME_MAX_CHARS},
	{.name = "description", .type = FT_STRING, .flags = F_NULLABLE, .min = 0, .max = TEXT_MAX_CHARS},
};

static const struct field_spec assessment_specs[] = {
	{.name = "manager_id", .type = FT_UUID, .flags = F_REQUIRED},
	{.name = "competency_id", .type = FT_UUID, .flags = F_REQUIRED},
	{.name = "level", .type = FT_INT, .flags = F_REQUIRED, .min = 1, .max = LEVELS},
	{.name = "note", .type = FT_STRING, .flags = F_NULLABLE, .min = 0, .max = TEXT_MAX_CHARS},
	{.name = "assessed_on", .type = FT_DATE},
};

static const struct field_spec matrix_query[] = {
	{.name = "team_id", .type = FT_UUID, .flags = F_REQUIRED},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The body, with levels: exactly five descriptors of 1 to 2,000 characters. 422 listing every problem. */
static bool competency_body_valid(struct request *req)
{
	struct field_errors errs = {0};
	json_t *copy = json_deep_copy(req->json);
	json_t *levels = json_object_get(req->json, "levels");
	if (copy) {
		json_object_del(copy, "levels"); /* an array: checked below */
		json_validate(copy, competency_specs, COUNT(competency_specs), VALIDATE_CREATE, NULL, &errs);
		json_decref(copy);
	}
	if (!json_is_array(levels) || json_array_size(levels) != LEVELS) {
		field_errors_add(&errs, NULL, "levels", "must be an array of 5 descriptions, level 1 first");
	} else {
		size_t i;
		json_t *l;
		json_array_foreach(levels, i, l) {
			size_t n = json_is_string(l) ? utf8_length(json_string_value(l)) : 0;
			if (n < 1 || n > 2000) {
				char field[32];
				snprintf(field, sizeof(field), "levels[%zu]", i);
				field_errors_add(&errs, NULL, field, "must be %lld to %lld characters long", 1LL, 2000LL);
			}
		}
	}
	bool ok = errs.count == 0;
	if (!ok)
		reply_invalid(req, &errs);
	field_errors_free(&errs);
	return ok;
}

enum db_status api_competency_create(struct request *req)
{
	if (!competency_body_valid(req))
		return DB_ABORTED;
	return api_create_reply(req, store_competency_create, "/v1/competencies");
}

enum db_status api_competency_list(struct request *req)
{
	return api_list_composed(req, NULL, 0, &store_competency_list_shape);
}

enum db_status api_competency_get(struct request *req)
{
	const char *id = api_path_id(req, 0);
	return id ? api_get_reply(req, store_competency_get, id) : DB_ABORTED;
}

enum db_status api_assessment_create(struct request *req)
{
	if (!api_body_valid(req, assessment_specs, COUNT(assessment_specs), VALIDATE_CREATE))
		return DB_ABORTED;
	enum db_status st = api_other_reachable(req, "manager_id");
	return st == DB_OK ? api_create_reply(req, store_assessment_create, "/v1/assessments") : st;
}

enum db_status api_assessment_matrix(struct request *req)
{
	if (!api_query_valid(req, matrix_query, COUNT(matrix_query)))
		return DB_ABORTED;
	const char *team_id = request_query(req, "team_id");
	enum db_status st = api_require_team(req, team_id);
	if (st != DB_OK)
		return st;
	struct db_conn *db = req->db;
	char *json = NULL;
	st = store_assessment_matrix(db, req->who.org_id, team_id, &json);
	if (st != DB_OK)
		return st;
	reply_json(req, 200, json);
	return DB_OK;
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_competencies_schemas[] = {
	API_SCHEMA("POST /v1/assessments", assessment_specs, VALIDATE_CREATE),
	API_SCHEMA("GET /v1/assessments/matrix", matrix_query, VALIDATE_FILTER),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
