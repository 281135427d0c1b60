/* SQL for organisations: creation with the first owner and token, settings read and update. */
#ifndef SALESCTL_STORE_ORGS_H
#define SALESCTL_STORE_ORGS_H

#include "salesctl/store/doc.h"

extern const struct db_stmt store_orgs_stmts[];

/*
 * Creates the organisation, its owner and the owner's first token in one statement. body is the validated
 * POST /v1/orgs body. On DB_OK, org->json and owner->json are set (new).
 */
enum db_status store_org_create(struct db_conn *c, const char *org_id, const char *owner_id, const char *token_id,
				const char *token_hash, const char *body, struct store_doc *org, struct store_doc *owner);
enum db_status store_org_get(struct db_conn *c, const char *org_id, struct store_doc *out);
/* if_match: PostgreSQL int[] text ("{3}") or NULL for no condition. */
enum db_status store_org_patch(struct db_conn *c, const char *org_id, const char *body, const char *if_match,
			       struct store_doc *out);

#endif
