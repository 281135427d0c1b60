/* The development plan status machine (pure): draft → active → completed | failed; draft | active → cancelled. */
#ifndef SALESCTL_DOMAIN_IDP_STATUS_H
#define SALESCTL_DOMAIN_IDP_STATUS_H

#include <stdbool.h>

enum idp_status { IDP_DRAFT, IDP_ACTIVE, IDP_COMPLETED, IDP_FAILED, IDP_CANCELLED, IDP_STATUS__COUNT };

/* -1 for an unknown name. */
int idp_status_parse(const char *s);
const char *idp_status_name(enum idp_status s);
bool idp_transition_allowed(enum idp_status from, enum idp_status to);
/* Whether the plan can still change (items, progress, fields): draft or active. */
bool idp_status_open(enum idp_status s);

#endif
