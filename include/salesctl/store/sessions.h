/* SQL for signing in and out, passwords, invitations and the throttle of failed sign-ins (SPEC §6.1). Passwords reach
 * this layer only as Argon2id encoded strings, tokens only as their SHA-256. */
#ifndef SALESCTL_STORE_SESSIONS_H
#define SALESCTL_STORE_SESSIONS_H

#include "salesctl/domain/roles.h"
#include "salesctl/store/doc.h"

extern const struct db_stmt store_sessions_stmts[];

#define SIGN_IN_MAX_FAILURES 5

/* Failures recorded for a hashed email in the current 15-minute window, and the seconds left in it. */
enum db_status store_sign_in_throttle(struct db_conn *c, const char *email_hash, int *failures, int *seconds_left);
enum db_status store_sign_in_failed(struct db_conn *c, const char *email_hash);
enum db_status store_sign_in_succeeded(struct db_conn *c, const char *email_hash);

/* Who may sign in with email (in org_id only, when not NULL): up to SIGN_IN_CANDIDATES active users with a password. */
#define SIGN_IN_CANDIDATES 8
struct sign_in_candidate {
	char org_id[37];
	char user_id[37];
	char password_hash[128];
};
enum db_status store_sign_in_candidates(struct db_conn *c, const char *email, const char *org_id,
					struct sign_in_candidate out[SIGN_IN_CANDIDATES], int *n);

/* Starts a session (token id, SHA-256 of the token) for a user: *json (new) is {"expires_at", "user"}; the caller adds
 * the token, which only its reply carries. */
enum db_status store_session_create(struct db_conn *c, const char *org_id, const char *user_id, const char *id,
				    const char *token_hash, int ttl_s, char **json);
/* Ends the caller's session; *ended is false when the token is not a live session. */
enum db_status store_session_end(struct db_conn *c, const struct principal *who, bool *ended);

/* The caller's password hash (*found false when they have none) and their lower-cased email, for the throttle. */
enum db_status store_password_get(struct db_conn *c, const struct principal *who, char hash[128], char email[256],
				  bool *found);
/* Sets or replaces the caller's password and ends their other sessions. */
enum db_status store_password_change(struct db_conn *c, const struct principal *who, const char *password_hash);

/* A new invitation (id, SHA-256 of its token) of user_id by the actor; *expires_at (RFC 3339, 40 bytes). */
enum db_status store_invitation_create(struct db_conn *c, const struct principal *actor, const char *id,
				       const char *user_id, const char *token_hash, char expires_at[40]);
enum invitation_state { INVITATION_UNKNOWN, INVITATION_OK, INVITATION_USED, INVITATION_EXPIRED };
/* Inside a transaction: takes the invitation of this token (marks it used when it can be), and says for whom. */
enum db_status store_invitation_take(struct db_conn *c, const char *org_id, const char *token_hash,
				     enum invitation_state *state, char user_id[37]);
/* Sets (or replaces) a user's password. */
enum db_status store_password_set(struct db_conn *c, const char *org_id, const char *user_id, const char *password_hash);

#endif
