/* Invitations: an owner or a head lets a member set their password once (SPEC §6.1). */
#ifndef SALESCTL_API_INVITATIONS_H
#define SALESCTL_API_INVITATIONS_H

#include "salesctl/http/request.h"

enum db_status api_invitation_create(struct request *req);  /* POST /v1/users/{id}/invitations */
enum db_status api_invitation_accept(struct request *req);  /* POST /v1/invitations/accept (public) */

#endif
