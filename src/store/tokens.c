/* API tokens. Only hashes are stored or sent to PostgreSQL; the lookup is scoped to the organisation the token
 * names, then the stored hash is compared again in constant time. */
#include "salesctl/store/tokens.h"
#include "salesctl/store/list_sql.h"
#include "salesctl/auth/token.h"
#include "salesctl/domain/scopes.h"

#include <stdio.h>
#include <string.h>

static const struct reach holder_reach = REACH_PERSON("user_id");
static const struct reach own_token = {.head = "target.user_id = $V", .manager = "target.user_id = $V"};

/* Used by DELETE /v1/tokens/{id}: (visible, revoked). */
static const struct reach_stmt token_revoke = {
	"token_revoke",
	"WITH target AS (SELECT id, user_id FROM api_tokens"
	"   WHERE org_id = $O AND id = $A AND revoked_at IS NULL AND $R FOR UPDATE),"
	" upd AS (UPDATE api_tokens t SET revoked_at = now() FROM target"
	"   WHERE t.org_id = $O AND t.id = target.id AND $S RETURNING t.id)"
	" SELECT EXISTS (SELECT 1 FROM target), EXISTS (SELECT 1 FROM upd)",
	{&holder_reach, &own_token}};

const struct reach_stmt *const store_tokens_reach_stmts[] = {&token_revoke, NULL};

const struct db_stmt store_tokens_stmts[] = {
	/* Used by POST /v1/users/{id}/tokens. */
	{"token_create",
	 "INSERT INTO api_tokens AS t (org_id, id, user_id, token_hash, name, scopes, expires_at)"
	 " SELECT $1, $2, $3, $4, b->>'name', CASE WHEN b ? 'scopes' THEN ARRAY(SELECT jsonb_array_elements_text(b->'scopes')) ELSE '{*}' END,"
	 "        (b->>'expires_at')::timestamptz"
	 " FROM (SELECT $5::jsonb AS b) s WHERE (b->>'expires_at') IS NULL OR (b->>'expires_at')::timestamptz > now()"
	 " RETURNING token_json(t)::text"},
	/* Used by every authenticated request; served by api_tokens_hash_key. A revoked or expired token is found too, so
	 * that the answer can say which (401 token_revoked, session_expired, ...). A session in use has its idle expiry
	 * moved on to $3 seconds from now, at most once a minute (so that at most one request a minute writes). */
	{"token_principal",
	 "WITH t AS (SELECT u.id AS user_id, u.role, t.token_hash, t.id, t.kind, t.scopes, t.revoked_at, t.expires_at,"
	 "                  t.idle_expires_at"
	 "             FROM api_tokens t JOIN users u ON u.org_id = t.org_id AND u.id = t.user_id"
	 "            WHERE t.org_id = $1 AND t.token_hash = $2 AND u.status = 'active'),"
	 " slide AS (UPDATE api_tokens a SET idle_expires_at = least(t.expires_at, now() + make_interval(secs => $3::int))"
	 "             FROM t WHERE a.org_id = $1 AND a.id = t.id AND t.kind = 'session' AND t.revoked_at IS NULL"
	 "              AND t.expires_at > now() AND t.idle_expires_at > now()"
	 "              AND t.idle_expires_at < now() + make_interval(secs => $3::int) - interval '1 minute' RETURNING 1)"
	 " SELECT t.user_id, t.role, t.token_hash, t.id, array_to_string(t.scopes, ','),"
	 "        CASE WHEN t.revoked_at IS NOT NULL THEN 'revoked'"
	 "             WHEN t.expires_at <= now() OR t.idle_expires_at <= now() THEN 'expired' ELSE 'ok' END,"
	 "        t.kind = 'session', (SELECT count(*) FROM slide)"
	 " FROM t"},
	{NULL, NULL},
};

enum db_status store_token_create(struct db_conn *c, const char *org_id, const char *id, const char *user_id,
				  const char *token_hash, const char *body, struct store_doc *out)
{
	const char *params[] = {org_id, id, user_id, token_hash, body};
	return store_doc_query(c, "token_create", 5, params, out);
}

/* GET /v1/users/{id}/tokens: a user's live issued tokens (not sessions), newest first by api_tokens_user_idx. */
static const struct list_sort token_list_sorts[] = {
	{"created_at", "tok.created_at", "timestamptz"},
};

const struct list_shape store_token_list_shape = {
	.table = "api_tokens",
	.alias = "tok",
	.json = "token_json(tok)::text",
	.reach = REACH_PERSON("tok.user_id"),
	.parent = "(tok.user_id = $$::uuid AND tok.revoked_at IS NULL AND tok.kind = 'token')",
	.sorts = token_list_sorts,
	.nsorts = 1,
};

enum db_status store_token_revoke(struct db_conn *c, const struct principal *viewer, const char *id,
				  enum token_revoke_result *result)
{
	enum db_status st;
	PGresult *r = store_reach_exec(c, &token_revoke, viewer, 1, &id, &st);
	if (!r)
		return st;
	bool visible = db_bool(r, 0, 0);
	bool revoked = db_bool(r, 0, 1);
	*result = revoked ? TOKEN_REVOKED : visible ? TOKEN_FORBIDDEN : TOKEN_NOT_FOUND;
	PQclear(r);
	return DB_OK;
}

enum db_status store_token_principal(struct db_conn *c, const char *hash, int session_ttl_s, struct principal *who,
				     enum token_state *state)
{
	char ttl[16];
	snprintf(ttl, sizeof(ttl), "%d", session_ttl_s);
	const char *params[] = {who->org_id, hash, ttl};
	enum db_status st;
	*state = TOKEN_UNKNOWN;
	PGresult *r = db_exec(c, "token_principal", 3, params, &st);
	if (!r)
		return st;
	if (PQntuples(r) == 1 && token_hash_equal(PQgetvalue(r, 0, 2), hash)) {
		snprintf(who->user_id, sizeof(who->user_id), "%s", PQgetvalue(r, 0, 0));
		who->role = role_parse(PQgetvalue(r, 0, 1));
		snprintf(who->token_id, sizeof(who->token_id), "%s", PQgetvalue(r, 0, 3));
		who->scopes = scope_set_parse(PQgetvalue(r, 0, 4));
		who->session = db_bool(r, 0, 6);
		const char *s = PQgetvalue(r, 0, 5);
		*state = who->role == ROLE_NONE	      ? TOKEN_UNKNOWN
			 : strcmp(s, "revoked") == 0 ? TOKEN_WAS_REVOKED
			 : strcmp(s, "expired") == 0 ? TOKEN_HAS_EXPIRED
						     : TOKEN_VALID;
	}
	PQclear(r);
	return DB_OK;
}
