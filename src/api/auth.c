/*
 * Authentication. A user token names its organisation, so the lookup is one indexed statement inside that tenant;
 * any failure (malformed, unknown, revoked, dismissed user) is the same 401 so that nothing is learnt from it.
 */
#include "salesctl/api/auth.h"
#include "salesctl/api/handler.h"
#include "salesctl/auth/token.h"
#include "salesctl/store/tokens.h"

#include <string.h>
#include <time.h>

static bool unauthorized(struct request *req, const char *detail)
{
	reply_problem(req, PROBLEM_UNAUTHORIZED, detail);
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
	struct db_conn *db = api_db(req);
	if (!db)
		return false;
	bool found = false;
	enum db_status st = store_token_principal(db, hash, &req->who, &found);
	if (st != DB_OK) {
		req->who.org_id[0] = '\0';
		api_reply_db_error(req, st);
		return false;
	}
	if (!found) {
		req->who.org_id[0] = '\0';
		return unauthorized(req, "the token is not valid");
	}
	return true;
}
