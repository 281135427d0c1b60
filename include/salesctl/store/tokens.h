/* SQL for API tokens: issue, list (no secrets), revoke, and the lookup behind every authenticated request. */
#ifndef SALESCTL_STORE_TOKENS_H
#define SALESCTL_STORE_TOKENS_H

#include "salesctl/domain/roles.h"
#include "salesctl/store/doc.h"

extern const struct db_stmt store_tokens_stmts[];
/* The statements limited to the viewer's reach (store/reach.h), NULL-terminated, for the plan test. */
extern const struct reach_stmt *const store_tokens_reach_stmts[];

/* body: the validated POST body ({name, scopes, expires_at}, each optional). */
enum db_status store_token_create(struct db_conn *c, const char *org_id, const char *id, const char *user_id,
				  const char *token_hash, const char *body, struct store_doc *out);
/* A user's tokens, nested under the user (store/list_sql.h). */
extern const struct list_shape store_token_list_shape;

enum token_revoke_result { TOKEN_REVOKED, TOKEN_NOT_FOUND, TOKEN_FORBIDDEN };
/* Revokes token id if the viewer may: its own token, or any token as owner. A token of a user the viewer does not
 * reach is TOKEN_NOT_FOUND; one they reach but may not revoke is TOKEN_FORBIDDEN. */
enum db_status store_token_revoke(struct db_conn *c, const struct principal *viewer, const char *id,
				  enum token_revoke_result *result);

enum token_state { TOKEN_UNKNOWN, TOKEN_VALID, TOKEN_WAS_REVOKED, TOKEN_HAS_EXPIRED };
/*
 * Resolves a token of an active user (org_id of who must already be set from the token; hash is its hex SHA-256).
 * When found, fills who (user id, role, token id, scopes, whether it is a session) and says whether it is valid,
 * revoked or expired. A session in use is kept alive for session_ttl_s more seconds.
 */
enum db_status store_token_principal(struct db_conn *c, const char *hash, int session_ttl_s, struct principal *who,
				     enum token_state *state);

#endif
