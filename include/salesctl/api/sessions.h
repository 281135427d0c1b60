/* Signing in and out, and changing one's password (SPEC §6.1). */
#ifndef SALESCTL_API_SESSIONS_H
#define SALESCTL_API_SESSIONS_H

#include "salesctl/http/request.h"

enum db_status api_session_create(struct request *req);   /* POST /v1/sessions (public) */
enum db_status api_session_delete(struct request *req);   /* DELETE /v1/sessions/current */
enum db_status api_password_change(struct request *req);  /* PUT /v1/me/password */

/* Shared with invitations: mints a session for a user and replies 201 {token, expires_at, user}; returns the
 * outcome (api/handler.h). */
enum db_status api_session_start(struct request *req, const char *org_id, const char *user_id);

#endif
