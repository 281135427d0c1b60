/*
 * Tokens. A user issues, lists and revokes their own tokens; an owner those of anyone in the organisation. A
 * head reaches their members (so gets 403, not 404, for their tokens). The secret is in the POST reply only.
 */
#include "salesctl/api/tokens.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/list.h"
#include "salesctl/auth/token.h"
#include "salesctl/api/schemas.h"
#include "salesctl/core/buf.h"
#include "salesctl/domain/scopes.h"
#include "salesctl/store/tokens.h"
#include "salesctl/store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct field_spec token_specs[] = {
	{.name = "name", .type = FT_STRING, .min = 1, .max = NAME_MAX_CHARS},
	{.name = "expires_at", .type = FT_TIMESTAMP, .flags = F_NULLABLE},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The body: name, expires_at, and scopes (a non-empty array of distinct scope names), each optional. */
static bool token_body_valid(struct request *req)
{
	struct field_errors errs = {0};
	json_t *copy = json_deep_copy(req->json);
	if (!copy) {
		reply_problem(req, PROBLEM_INTERNAL, "out of memory");
		return false;
	}
	json_object_del(copy, "scopes"); /* an array: checked below */
	json_validate(copy, token_specs, COUNT(token_specs), VALIDATE_CREATE, NULL, &errs);
	json_decref(copy);
	json_t *scopes = json_object_get(req->json, "scopes");
	if (scopes && (!json_is_array(scopes) || json_array_size(scopes) == 0)) {
		field_errors_add(&errs, NULL, "scopes", "must be a non-empty array of scope names");
	} else {
		size_t i;
		json_t *s;
		unsigned seen = 0;
		json_array_foreach(scopes, i, s) {
			unsigned one = json_is_string(s) ? scope_parse(json_string_value(s)) : 0;
			if (!one || (seen & one)) {
				char field[32];
				snprintf(field, sizeof(field), "scopes[%zu]", i);
				field_errors_add(&errs, NULL, field,
						 "must be one of *, read, call_logs:write, crm_events:write, reports:write, once");
			}
			seen |= one;
		}
	}
	bool ok = errs.count == 0;
	if (!ok)
		reply_invalid(req, &errs);
	field_errors_free(&errs);
	return ok;
}

/* DB_OK when the caller may manage user_id's tokens; otherwise 404 when out of reach, 403 when reached but not
 * theirs (DB_ABORTED), or the failure. */
static enum db_status token_owner_allowed(struct request *req, const char *user_id)
{
	enum db_status st = api_require_visible(req, store_user_get, user_id);
	if (st != DB_OK)
		return st;
	if (req->who.role != ROLE_OWNER && strcmp(user_id, req->who.user_id) != 0) {
		reply_problem(req, PROBLEM_FORBIDDEN, "only the user or an owner manages a user's tokens");
		return DB_ABORTED;
	}
	return DB_OK;
}

enum db_status api_token_create(struct request *req)
{
	const char *user_id = api_path_id(req, 0);
	if (!user_id)
		return DB_ABORTED;
	enum db_status st = token_owner_allowed(req, user_id);
	if (st != DB_OK)
		return st;
	if (!token_body_valid(req))
		return DB_ABORTED;
	char id[37], token[TOKEN_LEN + 1], hash[TOKEN_HASH_HEX];
	api_new_id(id);
	if (token_generate(req->who.org_id, token, hash) < 0) {
		reply_problem(req, PROBLEM_INTERNAL, "no randomness available");
		return DB_ABORTED;
	}
	struct store_doc doc = {0};
	char *body = api_body_text(req);
	st = body ? store_token_create(req->db, req->who.org_id, id, user_id, hash, body, &doc) : DB_ERROR;
	free(body);
	if (st == DB_OK && !doc.json) {
		reply_invalid_field(req, "expires_at", "must be in the future");
		st = DB_ABORTED;
	}
	if (st != DB_OK) {
		store_doc_free(&doc);
		return st;
	}
	/* The stored representation plus the secret, which exists only in this reply. */
	struct buf b = BUF_INIT;
	buf_append(&b, doc.json, strlen(doc.json) - 1);
	buf_printf(&b, ",\"token\":\"%s\"}", token);
	store_doc_free(&doc);
	reply_json(req, 201, buf_steal(&b));
	return DB_OK;
}

enum db_status api_token_list(struct request *req)
{
	const char *user_id = api_path_id(req, 0);
	if (!user_id)
		return DB_ABORTED;
	enum db_status st = token_owner_allowed(req, user_id);
	return st == DB_OK ? api_list_nested(req, &store_token_list_shape, user_id) : st;
}

enum db_status api_token_revoke(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (!id)
		return DB_ABORTED;
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	enum token_revoke_result result;
	enum db_status st = store_token_revoke(db, &req->who, id, &result);
	if (st != DB_OK)
		return st;
	if (result == TOKEN_NOT_FOUND) {
		reply_problem(req, PROBLEM_NOT_FOUND, NULL);
		return DB_ABORTED;
	}
	if (result == TOKEN_FORBIDDEN) {
		reply_problem(req, PROBLEM_FORBIDDEN, "only the token's user or an owner may revoke it");
		return DB_ABORTED;
	}
	req->reply.status = 204;
	api_principals_changed(req);
	return DB_OK;
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_tokens_schemas[] = {
	API_SCHEMA("POST /v1/users/{id}/tokens", token_specs, VALIDATE_CREATE),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
