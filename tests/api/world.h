/* The people and organisations every API test uses, created once over the API before the suites run:
 * organisation A with an owner, two teams (head1: m1, m2; head2: m3), and organisation B with an owner, a team and a
 * manager, so that every role, reach and tenant boundary has someone on each side of it. */
#ifndef SALESCTL_TESTS_API_WORLD_H
#define SALESCTL_TESTS_API_WORLD_H

#include <check.h>

#include "client.h"

struct member {
	char id[37];
	char token[128];
};

struct world {
	char org_a[37], org_b[37];
	struct member owner_a, head1, head2, m1, m2, m3;
	struct member owner_b, head_b, m_b;
	char team1[37], team2[37], team_b[37];
};

extern struct world W;

/* Builds W; returns -1 (after printing why) when the server does not cooperate. */
int world_build(void);

/* Creates an organisation and returns its owner (token and id) and org id. */
int world_org(const char *name, char org_id[37], struct member *owner);
/* Creates a user in the owner's organisation and a token for them. */
int world_user(const struct member *owner, const char *name, const char *email, const char *role,
	       const char *team_id, struct member *out);
/* Creates a team headed by head_id in the owner's organisation; out gets its id. */
int world_team(const struct member *owner, const char *name, const char *head_id, char out[37]);
/* Sets a user's hired_on: capacity (SPEC §6.2) counts a manager's workdays from it, and a user created today has none
 * in the past months the tests replay. */
int world_hired_on(const struct member *owner, const struct member *user, const char *date);

#define expect_status(r, code) \
	ck_assert_msg((r)->status == (code), "expected %d, got %ld: %s", (code), (r)->status, (r)->body)

/* Every API suite, one per tests/api/NAME_test.c. */
Suite *http_suite(void);
Suite *orgs_suite(void);
Suite *users_suite(void);
Suite *teams_suite(void);
Suite *tokens_suite(void);
Suite *tasks_suite(void);
Suite *lists_suite(void);
Suite *language_suite(void);
Suite *csv_suite(void);
Suite *call_logs_suite(void);
Suite *crm_events_suite(void);
Suite *events_suite(void);
Suite *standups_suite(void);
Suite *compensation_suite(void);
Suite *periods_suite(void);
Suite *competencies_suite(void);
Suite *conveyor_api_suite(void);
Suite *daily_reports_suite(void);
Suite *one_on_ones_suite(void);
Suite *development_plans_suite(void);
Suite *isolation_suite(void);
Suite *kpi_api_suite(void);
Suite *alerts_suite(void);
Suite *webhooks_suite(void);
Suite *concurrency_suite(void);
Suite *idempotency_suite(void);
Suite *permissions_suite(void);
Suite *hostile_suite(void);
Suite *raw_http_suite(void);
Suite *hygiene_suite(void);
Suite *cors_suite(void);
Suite *sessions_suite(void);
Suite *absences_suite(void);
Suite *caching_suite(void);
Suite *sqlstate_suite(void);
Suite *outage_suite(void);

#endif
