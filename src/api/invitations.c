/*
 * Invitations. An owner invites anyone in the organisation, a head the managers of the teams they head; the invite
 * token is in the reply only, lives 72 hours and works once. Accepting sets the password (at least 10 characters)
 * and answers like a sign-in. Another invitation for the same user does not cancel earlier ones: each still works
 * once until it expires.
 */
#include "salesctl/api/invitations.h"
#include "salesctl/api/app.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/schemas.h"
#include "salesctl/api/sessions.h"
#include "salesctl/auth/password.h"
#include "salesctl/auth/token.h"
#include "salesctl/core/buf.h"
#include "salesctl/domain/formats.h"
#include "salesctl/store/sessions.h"
#include "salesctl/store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct field_spec accept_specs[] = {
	{.name = "invite_token", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 200},
	{.name = "password", .type = FT_STRING, .flags = F_REQUIRED, .min = PASSWORD_MIN_CHARS, .max = PASSWORD_MAX_BYTES},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum db_status api_invitation_create(struct request *req)
{
	const char *user_id = api_path_id(req, 0);
	if (!user_id)
		return DB_ABORTED;
	enum db_status st = api_require_visible(req, store_user_get, user_id);
	if (st != DB_OK)
		return st;
	if (req->who.role == ROLE_MANAGER || strcmp(user_id, req->who.user_id) == 0) {
		reply_problem(req, PROBLEM_FORBIDDEN, "an owner or the member's head invites a member");
		return DB_ABORTED;
	}
	if (!api_body_valid(req, NULL, 0, VALIDATE_CREATE))
		return DB_ABORTED;
	char id[37], token[TOKEN_LEN + 1], hash[TOKEN_HASH_HEX], expires_at[40];
	api_new_id(id);
	if (token_generate(req->who.org_id, token, hash) < 0) {
		reply_problem(req, PROBLEM_INTERNAL, "no randomness available");
		return DB_ABORTED;
	}
	st = store_invitation_create(req->db, &req->who, id, user_id, hash, expires_at);
	if (st != DB_OK)
		return st;
	struct buf b = BUF_INIT;
	buf_printf(&b, "{\"invite_token\":\"%s\",\"expires_at\":", token);
	buf_json_string(&b, expires_at);
	buf_puts(&b, "}");
	reply_json(req, 201, buf_steal(&b));
	return DB_OK;
}

struct accept_tx {
	struct request *req;
	const char *org_id;
	const char *token_hash;
	const char *password_hash;
	char user_id[37];
	enum invitation_state state;
};

static enum db_status accept_tx_body(struct db_conn *c, void *arg)
{
	struct accept_tx *a = arg;
	enum db_status st = store_invitation_take(c, a->org_id, a->token_hash, &a->state, a->user_id);
	if (st != DB_OK || a->state != INVITATION_OK)
		return st;
	return store_password_set(c, a->org_id, a->user_id, a->password_hash);
}

enum db_status api_invitation_accept(struct request *req)
{
	if (!api_body_valid(req, accept_specs, COUNT(accept_specs), VALIDATE_CREATE))
		return DB_ABORTED;
	const char *token = json_string_value(json_object_get(req->json, "invite_token"));
	const char *password = json_string_value(json_object_get(req->json, "password"));
	if (utf8_length(password) < PASSWORD_MIN_CHARS) {
		reply_invalid_field(req, "password", "must be at least 10 characters");
		return DB_ABORTED;
	}
	char org_id[37], token_hash_hex[TOKEN_HASH_HEX], password_hash_text[PASSWORD_HASH_MAX];
	if (token_org(token, org_id) < 0) {
		reply_problem(req, PROBLEM_NOT_FOUND, "no such invitation");
		return DB_ABORTED;
	}
	token_hash(token, token_hash_hex);
	struct app *app = req->app;
	if (!gate_enter(app->kdf_gate, APP_KDF_WAIT_MS)) {
		reply_problem(req, PROBLEM_DB_UNAVAILABLE, "too many sign-ins at once; retry shortly");
		return DB_ABORTED;
	}
	int hashed = password_hash(password, password_hash_text);
	gate_leave(app->kdf_gate);
	if (hashed < 0) {
		reply_problem(req, PROBLEM_INTERNAL, "cannot hash the password");
		return DB_ABORTED;
	}
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	struct accept_tx a = {.req = req, .org_id = org_id, .token_hash = token_hash_hex,
			      .password_hash = password_hash_text};
	enum db_status st = db_tx_run(db, accept_tx_body, &a);
	if (st != DB_OK)
		return st;
	if (a.state == INVITATION_OK)
		return api_session_start(req, org_id, a.user_id);
	if (a.state == INVITATION_UNKNOWN)
		reply_problem(req, PROBLEM_NOT_FOUND, "no such invitation");
	else if (a.state == INVITATION_USED)
		reply_problem(req, PROBLEM_INVITATION_USED, "this invitation was used; ask for a new one");
	else
		reply_problem(req, PROBLEM_INVITATION_EXPIRED, "this invitation has expired; ask for a new one");
	return DB_ABORTED;
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_invitations_schemas[] = {
	API_SCHEMA("POST /v1/invitations/accept", accept_specs, VALIDATE_CREATE),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
