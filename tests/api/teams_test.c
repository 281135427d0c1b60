/* /v1/teams and /v1/teams/{id}: creation, reach by role, isolation, updates. */
#include <stdio.h>
#include <string.h>

#include "world.h"

static char path[256];

static const char *team_path(const char *id)
{
	snprintf(path, sizeof(path), "/v1/teams/%s", id);
	return path;
}

START_TEST(owner_creates_team)
{
	char body[256];
	snprintf(body, sizeof(body), "{\"name\":\"Отдел «Север»\",\"head_id\":\"%s\"}", W.head2.id);
	struct resp *r = http_post("/v1/teams", W.owner_a.token, body);
	expect_status(r, 201);
	ck_assert_str_eq(resp_str(r, "name"), "Отдел «Север»");
	ck_assert_str_eq(resp_str(r, "head_id"), W.head2.id);
	ck_assert_str_eq(r->location, team_path(resp_str(r, "id")));
	ck_assert_str_eq(r->etag, "\"1\"");
	resp_free(r);
	r = http_post("/v1/teams", W.owner_a.token, "{\"name\":\"Без руководителя\"}");
	expect_status(r, 201);
	ck_assert(json_is_null(json_object_get(r->json, "head_id")));
	resp_free(r);
}
END_TEST

START_TEST(head_must_be_a_head_of_this_org)
{
	char body[256];
	snprintf(body, sizeof(body), "{\"name\":\"T\",\"head_id\":\"%s\"}", W.m1.id);
	struct resp *r = http_post("/v1/teams", W.owner_a.token, body);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "head_id"));
	resp_free(r);
	snprintf(body, sizeof(body), "{\"name\":\"T\",\"head_id\":\"%s\"}", W.head_b.id);
	r = http_post("/v1/teams", W.owner_a.token, body);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "head_id"));
	resp_free(r);
	r = http_post("/v1/teams", W.owner_a.token, "{\"name\":\"\",\"head_id\":5,\"x\":1}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "name"));
	ck_assert(resp_has_error_field(r, "head_id"));
	ck_assert(resp_has_error_field(r, "x"));
	resp_free(r);
}
END_TEST

START_TEST(only_owner_creates_teams)
{
	struct resp *r = http_post("/v1/teams", W.head1.token, "{\"name\":\"Mine\"}");
	expect_status(r, 403);
	resp_free(r);
	r = http_post("/v1/teams", W.m1.token, "{\"name\":\"Mine\"}");
	expect_status(r, 403);
	resp_free(r);
}
END_TEST

static void expect_get(const struct member *who, const char *id, int status)
{
	struct resp *r = http_get(team_path(id), who->token);
	expect_status(r, status);
	resp_free(r);
}

START_TEST(reach_by_role_and_org)
{
	expect_get(&W.owner_a, W.team2, 200);
	expect_get(&W.head1, W.team1, 200);
	expect_get(&W.head1, W.team2, 404);
	expect_get(&W.m1, W.team1, 200);
	expect_get(&W.m1, W.team2, 404);
	expect_get(&W.owner_b, W.team1, 404);
	expect_get(&W.owner_a, W.team_b, 404);
}
END_TEST

START_TEST(list_by_role)
{
	struct resp *r = http_get("/v1/teams", W.m3.token);
	expect_status(r, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(r->json, "items"), 0), "id")),
			 W.team2);
	resp_free(r);
	char q[128];
	snprintf(q, sizeof(q), "/v1/teams?head_id=%s", W.head1.id);
	r = http_get(q, W.owner_a.token);
	expect_status(r, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 1);
	resp_free(r);
	r = http_get("/v1/teams", W.owner_b.token);
	expect_status(r, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 1);
	resp_free(r);
}
END_TEST

START_TEST(patch_rules)
{
	struct resp *r = http_patch(team_path(W.team1), W.head1.token, "{\"name\":\"x\"}");
	expect_status(r, 403);
	resp_free(r);
	r = http_patch(team_path(W.team2), W.head1.token, "{\"name\":\"x\"}");
	expect_status(r, 404);
	resp_free(r);
	r = http_patch(team_path(W.team1), W.owner_b.token, "{\"name\":\"x\"}");
	expect_status(r, 404);
	resp_free(r);
	const char *stale[] = {"If-Match: \"7\"", NULL};
	r = http_call("PATCH", team_path(W.team_b), W.owner_b.token, "{\"name\":\"x\"}", stale);
	expect_status(r, 412);
	resp_free(r);
	r = http_patch(team_path(W.team_b), W.owner_b.token, "{\"name\":\"Команда Б\",\"head_id\":null}");
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "name"), "Команда Б");
	ck_assert(json_is_null(json_object_get(r->json, "head_id")));
	resp_free(r);
	char body[128];
	snprintf(body, sizeof(body), "{\"head_id\":\"%s\"}", W.head_b.id);
	r = http_patch(team_path(W.team_b), W.owner_b.token, body);
	expect_status(r, 200);
	resp_free(r);
}
END_TEST

Suite *teams_suite(void)
{
	Suite *s = suite_create("teams");
	TCase *t = tcase_create("teams");
	tcase_set_timeout(t, 30);
	tcase_add_test(t, owner_creates_team);
	tcase_add_test(t, head_must_be_a_head_of_this_org);
	tcase_add_test(t, only_owner_creates_teams);
	tcase_add_test(t, reach_by_role_and_org);
	tcase_add_test(t, list_by_role);
	tcase_add_test(t, patch_rules);
	suite_add_tcase(s, t);
	return s;
}
