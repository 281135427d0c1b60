/*
 * Sign-in, sign-out and password change. A wrong email and a wrong password are the same 401 invalid_credentials in
 * the same time (an email with no password to check still costs one Argon2id verification); five failures for an
 * email within 15 minutes make every sign-in with it 429 too_many_attempts, the right password included, until the
 * 15 minutes are over. Hashing waits for a slot of the KDF gate, so that at most a few 12 MiB hashes run at once.
 * These handlers run outside the POST transaction runner: a failed attempt must be recorded although the reply is an
 * error, and sign-in has no caller an Idempotency-Key could belong to.
 */
#include "salesctl/api/sessions.h"
#include "salesctl/api/app.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/schemas.h"
#include "salesctl/auth/password.h"
#include "salesctl/auth/token.h"
#include "salesctl/core/buf.h"
#include "salesctl/domain/formats.h"
#include "salesctl/store/sessions.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct field_spec sign_in_specs[] = {
	{.name = "email", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 254},
	{.name = "password", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = PASSWORD_MAX_BYTES},
	{.name = "org_id", .type = FT_UUID},
};

static const struct field_spec password_specs[] = {
	{.name = "current_password", .type = FT_STRING, .min = 1, .max = PASSWORD_MAX_BYTES},
	{.name = "new_password", .type = FT_STRING, .flags = F_REQUIRED, .min = PASSWORD_MIN_CHARS,
	 .max = PASSWORD_MAX_BYTES},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The throttle's key: the SHA-256 of the lower-cased email, so that no email is stored for a failure. */
static void email_key(const char *email, char out[TOKEN_HASH_HEX])
{
	char lower[256];
	size_t i = 0;
	for (; email[i] && i + 1 < sizeof(lower); i++)
		lower[i] = (char)tolower((unsigned char)email[i]);
	lower[i] = '\0';
	token_hash(lower, out);
}

/* 429 (DB_ABORTED) while the email is throttled; *failures says how many are counted (0: nothing to clear after a
 * success). */
static enum db_status throttle_check(struct request *req, struct db_conn *db, const char *key, int *failures)
{
	int seconds_left = 0;
	enum db_status st = store_sign_in_throttle(db, key, failures, &seconds_left);
	if (st != DB_OK || *failures < SIGN_IN_MAX_FAILURES)
		return st;
	req->reply.retry_after = seconds_left > 0 ? seconds_left : 1;
	reply_problem(req, PROBLEM_TOO_MANY_ATTEMPTS, "too many failed sign-ins for this email; retry later");
	return DB_ABORTED;
}

/* Tens of milliseconds of hashing, after a wait for the gate: the request's connection goes back to the pool first, or
 * a burst of sign-ins would hold every connection while other requests wait for one. The caller takes one again with
 * api_db when it needs it. */
static bool kdf_enter(struct request *req)
{
	struct app *app = req->app;
	api_db_release(req);
	if (gate_enter(app->kdf_gate, APP_KDF_WAIT_MS))
		return true;
	reply_problem(req, PROBLEM_DB_UNAVAILABLE, "too many sign-ins at once; retry shortly");
	return false;
}

enum db_status api_session_start(struct request *req, const char *org_id, const char *user_id)
{
	struct app *app = req->app;
	char id[37], token[TOKEN_LEN + 1], hash[TOKEN_HASH_HEX];
	api_new_id(id);
	if (token_generate(org_id, token, hash) < 0) {
		reply_problem(req, PROBLEM_INTERNAL, "no randomness available");
		return DB_ABORTED;
	}
	char *json = NULL;
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	enum db_status st = store_session_create(db, org_id, user_id, id, hash, app->cfg.session_ttl_s, &json);
	if (st != DB_OK || !json) {
		free(json);
		return st == DB_OK ? DB_ERROR : st;
	}
	struct buf b = BUF_INIT;
	buf_printf(&b, "{\"token\":\"%s\",", token);
	buf_puts(&b, json + 1);
	free(json);
	reply_json(req, 201, buf_steal(&b));
	return DB_OK;
}

enum db_status api_session_create(struct request *req)
{
	if (!api_body_valid(req, sign_in_specs, COUNT(sign_in_specs), VALIDATE_CREATE))
		return DB_ABORTED;
	const char *email = json_string_value(json_object_get(req->json, "email"));
	const char *password = json_string_value(json_object_get(req->json, "password"));
	const char *org_id = json_string_value(json_object_get(req->json, "org_id"));
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	char key[TOKEN_HASH_HEX];
	int failures = 0;
	email_key(email, key);
	enum db_status st = throttle_check(req, db, key, &failures);
	if (st != DB_OK)
		return st;
	struct sign_in_candidate candidates[SIGN_IN_CANDIDATES];
	int n = 0, matched = -1, matches = 0;
	st = store_sign_in_candidates(db, email, org_id, candidates, &n);
	if (st != DB_OK)
		return st;
	if (!kdf_enter(req))
		return DB_ABORTED;
	if (n == 0)
		password_verify_nothing(password);
	for (int i = 0; i < n; i++)
		if (password_verify(candidates[i].password_hash, password)) {
			matched = i;
			matches++;
		}
	gate_leave(((struct app *)req->app)->kdf_gate);
	if (!(db = api_db(req)))
		return DB_UNAVAILABLE;
	if (matches == 0) {
		st = store_sign_in_failed(db, key);
		if (st != DB_OK)
			return st;
		reply_problem(req, PROBLEM_INVALID_CREDENTIALS, "wrong email or password");
		return DB_ABORTED;
	}
	if (matches > 1) {
		reply_invalid_field(req, "org_id", "this email and password open several organisations: name one");
		return DB_ABORTED;
	}
	st = failures ? store_sign_in_succeeded(db, key) : DB_OK;
	if (st != DB_OK)
		return st;
	return api_session_start(req, candidates[matched].org_id, candidates[matched].user_id);
}

enum db_status api_session_delete(struct request *req)
{
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	bool ended = false;
	enum db_status st = store_session_end(db, &req->who, &ended);
	if (st != DB_OK)
		return st;
	if (!ended) {
		reply_problem(req, PROBLEM_NOT_FOUND, "this token is not a session: revoke it with DELETE /v1/tokens/{id}");
		return DB_ABORTED;
	}
	req->reply.status = 204;
	api_principals_changed(req);
	return DB_OK;
}

enum db_status api_password_change(struct request *req)
{
	if (!api_body_valid(req, password_specs, COUNT(password_specs), VALIDATE_CREATE))
		return DB_ABORTED;
	const char *current = json_string_value(json_object_get(req->json, "current_password"));
	const char *next = json_string_value(json_object_get(req->json, "new_password"));
	if (utf8_length(next) < PASSWORD_MIN_CHARS) {
		reply_invalid_field(req, "new_password", "must be at least 10 characters");
		return DB_ABORTED;
	}
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	char stored[128] = "", email[256] = "", key[TOKEN_HASH_HEX];
	bool found = false;
	enum db_status st = store_password_get(db, &req->who, stored, email, &found);
	if (st != DB_OK)
		return st;
	/* A user without a password (an owner made with the organisation) sets a first one with their token alone. */
	if (found != (current != NULL)) {
		reply_invalid_field(req, "current_password", found ? "is required to change a password"
								    : "must be left out: there is no password yet");
		return DB_ABORTED;
	}
	int failures = 0;
	email_key(email, key);
	st = throttle_check(req, db, key, &failures);
	if (st != DB_OK)
		return st;
	if (!kdf_enter(req))
		return DB_ABORTED;
	bool ok = !found || password_verify(stored, current);
	char hash[PASSWORD_HASH_MAX];
	int hashed = ok ? password_hash(next, hash) : 0;
	gate_leave(((struct app *)req->app)->kdf_gate);
	if (!(db = api_db(req)))
		return DB_UNAVAILABLE;
	if (!ok) {
		st = store_sign_in_failed(db, key);
		if (st != DB_OK)
			return st;
		reply_problem(req, PROBLEM_WRONG_PASSWORD, "current_password is not this user's password");
		return DB_ABORTED;
	}
	if (hashed < 0) {
		reply_problem(req, PROBLEM_INTERNAL, "cannot hash the password");
		return DB_ABORTED;
	}
	st = store_password_change(db, &req->who, hash);
	if (st != DB_OK)
		return st;
	req->reply.status = 204;
	api_principals_changed(req);   /* the user's other sessions end with the old password */
	return DB_OK;
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_sessions_schemas[] = {
	API_SCHEMA("POST /v1/sessions", sign_in_specs, VALIDATE_CREATE),
	API_SCHEMA("PUT /v1/me/password", password_specs, VALIDATE_CREATE),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
