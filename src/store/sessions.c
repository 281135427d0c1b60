/*
 * Signing in and out, passwords, invitations and the sign-in throttle. The throttle counts failures per hashed email in
 * a 15-minute window that starts at the first failure; a success clears it. Sessions are rows of api_tokens with
 * kind 'session', so a session authenticates exactly like an issued token (store/tokens.c).
 */
#include "salesctl/store/sessions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct db_stmt store_sessions_stmts[] = {
	/* Used by POST /v1/sessions and PUT /v1/me/password. */
	{"sign_in_throttle",
	 "SELECT failures, ceil(extract(epoch FROM since + interval '15 minutes' - now()))::int FROM sign_in_throttle"
	 " WHERE email_hash = $1 AND since > now() - interval '15 minutes'"},
	{"sign_in_failed",
	 "INSERT INTO sign_in_throttle AS s (email_hash, failures, since) VALUES ($1, 1, now())"
	 " ON CONFLICT (email_hash) DO UPDATE SET"
	 "   failures = CASE WHEN s.since <= now() - interval '15 minutes' THEN 1 ELSE s.failures + 1 END,"
	 "   since = CASE WHEN s.since <= now() - interval '15 minutes' THEN now() ELSE s.since END"},
	{"sign_in_succeeded", "DELETE FROM sign_in_throttle WHERE email_hash = $1"},
	/* Used by POST /v1/sessions; served by users_sign_in_idx, the one lookup across organisations. */
	{"sign_in_candidates",
	 "SELECT u.org_id, u.id, c.password_hash FROM users u"
	 " JOIN user_credentials c ON c.org_id = u.org_id AND c.user_id = u.id"
	 " WHERE lower(u.email) = lower($1) AND u.status = 'active' AND ($2::uuid IS NULL OR u.org_id = $2)"
	 " ORDER BY u.org_id LIMIT 8"},
	/* Used by POST /v1/sessions and POST /v1/invitations/accept. */
	{"session_create",
	 "WITH s AS (INSERT INTO api_tokens (org_id, id, user_id, token_hash, kind, scopes, expires_at, idle_expires_at)"
	 "   VALUES ($1, $3, $2, $4, 'session', '{*}', now() + interval '30 days', now() + make_interval(secs => $5::int))"
	 "   RETURNING idle_expires_at)"
	 " SELECT json_build_object('expires_at', s.idle_expires_at, 'user', user_json(u))::text"
	 " FROM s, users u WHERE u.org_id = $1 AND u.id = $2"},
	/* Used by DELETE /v1/sessions/current. */
	{"session_end",
	 "UPDATE api_tokens SET revoked_at = now()"
	 " WHERE org_id = $1 AND id = $2 AND kind = 'session' AND revoked_at IS NULL RETURNING 1"},
	/* Used by PUT /v1/me/password. */
	{"password_get",
	 "SELECT c.password_hash, lower(u.email) FROM users u"
	 " LEFT JOIN user_credentials c ON c.org_id = u.org_id AND c.user_id = u.id WHERE u.org_id = $1 AND u.id = $2"},
	{"password_change",
	 "WITH c AS (INSERT INTO user_credentials (org_id, user_id, password_hash) VALUES ($1, $2, $3)"
	 "             ON CONFLICT (org_id, user_id) DO UPDATE SET password_hash = EXCLUDED.password_hash, changed_at = now()"
	 "             RETURNING 1)"
	 " UPDATE api_tokens SET revoked_at = now() WHERE org_id = $1 AND user_id = $2 AND kind = 'session'"
	 "   AND revoked_at IS NULL AND id <> $4 AND EXISTS (SELECT 1 FROM c)"},
	/* Used by POST /v1/invitations/accept. */
	{"password_set",
	 "INSERT INTO user_credentials (org_id, user_id, password_hash) VALUES ($1, $2, $3)"
	 " ON CONFLICT (org_id, user_id) DO UPDATE SET password_hash = EXCLUDED.password_hash, changed_at = now()"},
	/* Used by POST /v1/users/{id}/invitations. */
	{"invitation_create",
	 "INSERT INTO invitations (org_id, id, user_id, token_hash, created_by, expires_at)"
	 " VALUES ($1, $2, $3, $4, $5, now() + interval '72 hours') RETURNING expires_at::text"},
	/* Used by POST /v1/invitations/accept, inside its transaction: the row stays locked until the password is set. */
	{"invitation_take",
	 "WITH i AS (SELECT id, user_id, used_at, expires_at FROM invitations"
	 "            WHERE org_id = $1 AND token_hash = $2 FOR UPDATE),"
	 " used AS (UPDATE invitations v SET used_at = now() FROM i"
	 "           WHERE v.org_id = $1 AND v.id = i.id AND i.used_at IS NULL AND i.expires_at > now() RETURNING 1)"
	 " SELECT i.user_id, CASE WHEN i.used_at IS NOT NULL THEN 'used' WHEN i.expires_at <= now() THEN 'expired'"
	 "                       ELSE 'ok' END, (SELECT count(*) FROM used)"
	 " FROM i"},
	{NULL, NULL},
};

enum db_status store_sign_in_throttle(struct db_conn *c, const char *email_hash, int *failures, int *seconds_left)
{
	const char *params[] = {email_hash};
	enum db_status st;
	*failures = *seconds_left = 0;
	PGresult *r = db_exec(c, "sign_in_throttle", 1, params, &st);
	if (!r)
		return st;
	if (PQntuples(r) == 1) {
		*failures = atoi(PQgetvalue(r, 0, 0));
		*seconds_left = atoi(PQgetvalue(r, 0, 1));
	}
	PQclear(r);
	return DB_OK;
}

enum db_status store_sign_in_failed(struct db_conn *c, const char *email_hash)
{
	const char *params[] = {email_hash};
	return store_exec(c, "sign_in_failed", 1, params);
}

enum db_status store_sign_in_succeeded(struct db_conn *c, const char *email_hash)
{
	const char *params[] = {email_hash};
	return store_exec(c, "sign_in_succeeded", 1, params);
}

enum db_status store_sign_in_candidates(struct db_conn *c, const char *email, const char *org_id,
					struct sign_in_candidate out[SIGN_IN_CANDIDATES], int *n)
{
	const char *params[] = {email, org_id};
	enum db_status st;
	*n = 0;
	PGresult *r = db_exec(c, "sign_in_candidates", 2, params, &st);
	if (!r)
		return st;
	for (int i = 0; i < PQntuples(r) && i < SIGN_IN_CANDIDATES; i++, (*n)++) {
		snprintf(out[i].org_id, sizeof(out[i].org_id), "%s", PQgetvalue(r, i, 0));
		snprintf(out[i].user_id, sizeof(out[i].user_id), "%s", PQgetvalue(r, i, 1));
		snprintf(out[i].password_hash, sizeof(out[i].password_hash), "%s", PQgetvalue(r, i, 2));
	}
	PQclear(r);
	return DB_OK;
}

enum db_status store_session_create(struct db_conn *c, const char *org_id, const char *user_id, const char *id,
				    const char *token_hash, int ttl_s, char **json)
{
	char ttl[16];
	snprintf(ttl, sizeof(ttl), "%d", ttl_s);
	const char *params[] = {org_id, user_id, id, token_hash, ttl};
	return store_text_query(c, "session_create", 5, params, json);
}

enum db_status store_session_end(struct db_conn *c, const struct principal *who, bool *ended)
{
	const char *params[] = {who->org_id, who->token_id};
	enum db_status st;
	*ended = false;
	PGresult *r = db_exec(c, "session_end", 2, params, &st);
	if (!r)
		return st;
	*ended = PQntuples(r) == 1;
	PQclear(r);
	return DB_OK;
}

enum db_status store_password_get(struct db_conn *c, const struct principal *who, char hash[128], char email[256],
				  bool *found)
{
	const char *params[] = {who->org_id, who->user_id};
	enum db_status st;
	*found = false;
	PGresult *r = db_exec(c, "password_get", 2, params, &st);
	if (!r)
		return st;
	if (PQntuples(r) == 1) {
		*found = !PQgetisnull(r, 0, 0);
		snprintf(hash, 128, "%s", PQgetvalue(r, 0, 0));
		snprintf(email, 256, "%s", PQgetvalue(r, 0, 1));
	}
	PQclear(r);
	return DB_OK;
}

enum db_status store_password_change(struct db_conn *c, const struct principal *who, const char *password_hash)
{
	const char *params[] = {who->org_id, who->user_id, password_hash, who->token_id};
	return store_exec(c, "password_change", 4, params);
}

enum db_status store_invitation_create(struct db_conn *c, const struct principal *actor, const char *id,
				       const char *user_id, const char *token_hash, char expires_at[40])
{
	const char *params[] = {actor->org_id, id, user_id, token_hash, actor->user_id};
	enum db_status st;
	PGresult *r = db_exec(c, "invitation_create", 5, params, &st);
	if (!r)
		return st;
	snprintf(expires_at, 40, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return DB_OK;
}

enum db_status store_invitation_take(struct db_conn *c, const char *org_id, const char *token_hash,
				     enum invitation_state *state, char user_id[37])
{
	const char *params[] = {org_id, token_hash};
	enum db_status st;
	*state = INVITATION_UNKNOWN;
	PGresult *r = db_exec(c, "invitation_take", 2, params, &st);
	if (!r)
		return st;
	if (PQntuples(r) == 1) {
		snprintf(user_id, 37, "%s", PQgetvalue(r, 0, 0));
		const char *s = PQgetvalue(r, 0, 1);
		*state = strcmp(s, "used") == 0 ? INVITATION_USED : strcmp(s, "expired") == 0 ? INVITATION_EXPIRED
											  : INVITATION_OK;
	}
	PQclear(r);
	return DB_OK;
}

enum db_status store_password_set(struct db_conn *c, const char *org_id, const char *user_id, const char *password_hash)
{
	const char *params[] = {org_id, user_id, password_hash};
	return store_exec(c, "password_set", 3, params);
}
