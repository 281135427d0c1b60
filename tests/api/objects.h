/* The objects of manager m1 (organisation A, team 1, head head1) that the table-driven suites (the permission
 * matrix, the isolation table) address by placeholder: {user}, {team}, {task}, {call}, {report}, {ooo}, {idp},
 * {item}, {alert}, {webhook}, {scheme} (owner A's compensation scheme for managers), {competency}, and {fresh_token} / {fresh_webhook} / {fresh_absence}, created anew for every expansion so that each
 * DELETE meets an object that exists. */
#ifndef SALESCTL_TESTS_API_OBJECTS_H
#define SALESCTL_TESTS_API_OBJECTS_H

#include <stddef.h>

struct objects {
	char task[37], call[37], report[37], ooo[37], idp[37], item[37], alert[37], webhook[37], scheme[37], competency[37];
	char revoked_token[128];   /* a token of m1's, revoked */
	char scoped_token[4][128]; /* owner_a's tokens holding only read, call_logs:write, crm_events:write, reports:write */
};

extern struct objects objects;

/* Creates the objects over the API (the calling test fails if the server does not cooperate); m1's evening report is
 * for report_date, which no other test may use. */
void objects_build(const char *report_date);
/* Replaces every {placeholder} of template; returns 0, or -1 for a placeholder it does not know. */
int objects_expand(const char *template, char *out, size_t cap);

#endif
