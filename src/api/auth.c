/*
 * Authentication. A user token names its organisation, so the lookup is one indexed statement inside that tenant;
 * any failure (malformed, unknown, revoked, dismissed user) is the same 401 so that nothing is learnt from it. A
 * valid token's principal is then kept for SALESCTL_AUTH_CACHE_MS (auth/principal_cache.h): most requests make no
 * query for it. Failures are never kept, so a stream of made-up tokens cannot push the real ones out.
 */
#include "salesctl/api/auth.h"
#include "salesctl/api/handler.h"
#include "salesctl/auth/principal_cache.h"
#include "salesctl/auth/token.h"
#include "salesctl/domain/scopes.h"
#include "salesctl/store/tokens.h"

#include <string.h>
#include <time.h>

static bool problem_unauthorized(struct request *req, enum problem p, const char *detail)
{
	reply_problem(req, p, detail);
	return false;
}

static bool unauthorized(struct request *req, const char *detail)
{
	return problem_unauthorized(req, PROBLEM_UNAUTHORIZED, detail);
}

bool api_require_scope(struct request *req, unsigned needed)
{
	if (scope_allows(req->who.scopes, (enum scope)needed))
		return true;
	reply_problemf(req, PROBLEM_INSUFFICIENT_SCOPE, "this token's scopes do not include %s",
		       scope_name((enum scope)needed));
	return false;
}

bool api_authenticate(struct request *req, enum route_auth kind)
{
	struct app *app = req->app;
	const char *token = token_from_authorization(request_header(req, "Authorization"));
	memset(&req->who, 0, sizeof(req->who));
	if (kind == AUTH_PUBLIC)
		return true;
	if (!token)
		return unauthorized(req, "send Authorization: Bearer <token>");
	if (kind == AUTH_ADMIN) {
		if (!token_matches_secret(token, app->cfg.admin_token))
			return unauthorized(req, "this operation needs the platform admin token");
		req->who.admin = true;
		return true;
	}
	if (token_org(token, req->who.org_id) < 0)
		return unauthorized(req, "the token is not valid");
	char hash[TOKEN_HASH_HEX];
	token_hash(token, hash);
	/* Before the database: a client over its rate costs no query. */
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double retry = 0;
	if (!rate_limiter_take(app->limiter, hash, (double)now.tv_sec + (double)now.tv_nsec / 1e9, &retry)) {
		req->reply.retry_after = (int)retry + 1;
		reply_problem(req, PROBLEM_RATE_LIMITED, "this token sends requests faster than allowed; retry later");
		return false;
	}
	int64_t now_ms = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
	uint64_t generation = 0;
	if (app->principals && principal_cache_get(app->principals, hash, now_ms, &req->who, &generation))
		return true;
	struct db_conn *db = api_db(req);
	if (!db) {
		api_reply_db_error(req, DB_UNAVAILABLE);
		return false;
	}
	enum token_state state = TOKEN_UNKNOWN;
	enum db_status st = store_token_principal(db, hash, app->cfg.session_ttl_s, &req->who, &state);
	if (st == DB_OK && state == TOKEN_VALID && app->principals)
		principal_cache_put(app->principals, hash, &req->who, now_ms, generation);
	if (st != DB_OK || state != TOKEN_VALID) {
		bool session = req->who.session;
		memset(&req->who, 0, sizeof(req->who));
		if (st != DB_OK)
			api_reply_db_error(req, st);
		else if (state == TOKEN_WAS_REVOKED && session)
			problem_unauthorized(req, PROBLEM_SESSION_ENDED, "the session was signed out; sign in again");
		else if (state == TOKEN_WAS_REVOKED)
			problem_unauthorized(req, PROBLEM_TOKEN_REVOKED, "the token was revoked");
		else if (state == TOKEN_HAS_EXPIRED && session)
			problem_unauthorized(req, PROBLEM_SESSION_EXPIRED, "the session has expired; sign in again");
		else if (state == TOKEN_HAS_EXPIRED)
			problem_unauthorized(req, PROBLEM_TOKEN_EXPIRED, "the token has expired");
		else
			unauthorized(req, "the token is not valid");
		return false;
	}
	return true;
}
