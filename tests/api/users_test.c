/* /v1/users, /v1/users/{id} and /v1/me: creation, reach by role, tenant isolation, lists, updates. */
#include <stdio.h>
#include <string.h>

#include "world.h"

static char path[256];

static const char *user_path(const char *id)
{
	snprintf(path, sizeof(path), "/v1/users/%s", id);
	return path;
}

START_TEST(owner_creates_user_with_defaults)
{
	struct resp *r = http_post("/v1/users", W.owner_a.token,
				   "{\"name\":\"Ирина Соколова\",\"email\":\"irina@alpha.test\",\"role\":\"manager\","
				   "\"sales_role\":\"farmer\",\"team_id\":null}");
	expect_status(r, 201);
	ck_assert_str_eq(resp_str(r, "name"), "Ирина Соколова");
	ck_assert_str_eq(resp_str(r, "status"), "active");
	ck_assert_str_eq(resp_str(r, "timezone"), "Europe/Moscow");
	ck_assert_str_eq(resp_str(r, "sales_role"), "farmer");
	ck_assert_int_eq(strlen(resp_str(r, "hired_on")), 10);
	ck_assert_str_eq(r->location, user_path(resp_str(r, "id")));
	resp_free(r);

	r = http_post("/v1/users", W.owner_a.token, "{\"name\":\"Dup\",\"email\":\"IRINA@alpha.test\",\"role\":\"manager\"}");
	expect_status(r, 409);
	ck_assert_str_eq(resp_code(r), "email_taken");
	resp_free(r);
}
END_TEST

START_TEST(create_user_lists_every_bad_field)
{
	struct resp *r = http_post("/v1/users", W.owner_a.token,
				   "{\"email\":\"nope\",\"role\":\"boss\",\"sales_role\":\"closer\",\"team_id\":\"12\","
				   "\"timezone\":\"Moscow\",\"hired_on\":\"2025-02-30\",\"status\":\"gone\",\"salary\":1}");
	expect_status(r, 422);
	const char *fields[] = {"name", "email", "role", "sales_role", "team_id", "timezone", "hired_on", "status", "salary"};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		ck_assert_msg(resp_has_error_field(r, fields[i]), "no error for %s in %s", fields[i], r->body);
	resp_free(r);
}
END_TEST

START_TEST(team_must_exist_in_same_org)
{
	char body[256];
	snprintf(body, sizeof(body), "{\"name\":\"X\",\"email\":\"x1@alpha.test\",\"role\":\"manager\",\"team_id\":\"%s\"}",
		 W.team_b);
	struct resp *r = http_post("/v1/users", W.owner_a.token, body);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "team_id"));
	resp_free(r);
	r = http_post("/v1/users", W.owner_a.token,
		      "{\"name\":\"X\",\"email\":\"x2@alpha.test\",\"role\":\"manager\","
		      "\"team_id\":\"00000000-0000-4000-8000-000000000000\"}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "team_id"));
	resp_free(r);
}
END_TEST

START_TEST(only_owner_creates_users)
{
	const char *body = "{\"name\":\"X\",\"email\":\"x3@alpha.test\",\"role\":\"manager\"}";
	struct resp *r = http_post("/v1/users", W.head1.token, body);
	expect_status(r, 403);
	resp_free(r);
	r = http_post("/v1/users", W.m1.token, body);
	expect_status(r, 403);
	resp_free(r);
	r = http_post("/v1/users", NULL, body);
	expect_status(r, 401);
	resp_free(r);
}
END_TEST

static void expect_get(const struct member *who, const char *id, int status)
{
	struct resp *r = http_get(user_path(id), who->token);
	expect_status(r, status);
	if (status == 200)
		ck_assert_str_eq(resp_str(r, "id"), id);
	resp_free(r);
}

START_TEST(reach_by_role)
{
	expect_get(&W.owner_a, W.m3.id, 200);
	expect_get(&W.owner_a, W.head2.id, 200);
	expect_get(&W.head1, W.m1.id, 200);
	expect_get(&W.head1, W.head1.id, 200);
	expect_get(&W.head1, W.m3.id, 404);
	expect_get(&W.head1, W.owner_a.id, 404);
	expect_get(&W.m1, W.m1.id, 200);
	expect_get(&W.m1, W.m2.id, 404);
	expect_get(&W.m1, W.head1.id, 404);
}
END_TEST

START_TEST(other_org_is_404)
{
	expect_get(&W.owner_b, W.m1.id, 404);
	expect_get(&W.owner_b, W.owner_a.id, 404);
	expect_get(&W.owner_a, W.m_b.id, 404);
	struct resp *r = http_patch(user_path(W.m1.id), W.owner_b.token, "{\"name\":\"x\"}");
	expect_status(r, 404);
	resp_free(r);
	r = http_get("/v1/users/not-a-uuid", W.owner_a.token);
	expect_status(r, 404);
	resp_free(r);
}
END_TEST

START_TEST(me_for_every_role)
{
	const struct member *who[] = {&W.owner_a, &W.head1, &W.m1, &W.owner_b};
	const char *roles[] = {"owner", "head", "manager", "owner"};
	for (size_t i = 0; i < 4; i++) {
		struct resp *r = http_get("/v1/me", who[i]->token);
		expect_status(r, 200);
		ck_assert_str_eq(resp_str(r, "id"), who[i]->id);
		ck_assert_str_eq(resp_str(r, "role"), roles[i]);
		resp_free(r);
	}
}
END_TEST

static size_t list_count(const char *query, const struct member *who)
{
	struct resp *r = http_get(query, who->token);
	expect_status(r, 200);
	ck_assert(json_is_null(json_object_get(r->json, "next_cursor")));
	size_t n = json_array_size(json_object_get(r->json, "items"));
	resp_free(r);
	return n;
}

START_TEST(list_by_role_and_filters)
{
	ck_assert_uint_eq(list_count("/v1/users", &W.m1), 1);
	ck_assert_uint_eq(list_count("/v1/users", &W.head1), 3);
	ck_assert_uint_eq(list_count("/v1/users", &W.head_b), 2);
	char q[256];
	snprintf(q, sizeof(q), "/v1/users?team_id=%s", W.team1);
	ck_assert_uint_eq(list_count(q, &W.owner_a), 2);
	ck_assert_uint_eq(list_count("/v1/users?role=head", &W.owner_a), 2);
	ck_assert_uint_eq(list_count("/v1/users?role=owner", &W.owner_b), 1);
	struct resp *r = http_get("/v1/users?role=king&limit=500&colour=red", W.owner_a.token);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "role"));
	ck_assert(resp_has_error_field(r, "limit"));
	ck_assert(resp_has_error_field(r, "colour"));
	resp_free(r);
}
END_TEST

START_TEST(pagination_walks_each_row_once)
{
	struct member owner;
	char org[37];
	ck_assert_int_eq(world_org("pager", org, &owner), 0);
	for (int i = 0; i < 11; i++) {
		char body[256];
		snprintf(body, sizeof(body), "{\"name\":\"P%d\",\"email\":\"p%d@pager.test\",\"role\":\"manager\"}", i, i);
		struct resp *r = http_post("/v1/users", owner.token, body);
		expect_status(r, 201);
		resp_free(r);
	}
	char seen[16][37];
	int nseen = 0, pages = 0;
	char next[512] = "";
	do {
		char q[700];
		snprintf(q, sizeof(q), "/v1/users?limit=5%s%s", next[0] ? "&cursor=" : "", next);
		struct resp *r = http_get(q, owner.token);
		expect_status(r, 200);
		size_t i;
		json_t *item;
		json_array_foreach(json_object_get(r->json, "items"), i, item) {
			const char *id = json_string_value(json_object_get(item, "id"));
			for (int k = 0; k < nseen; k++)
				ck_assert_str_ne(seen[k], id);
			ck_assert_int_lt(nseen, 16);
			snprintf(seen[nseen++], 37, "%s", id);
		}
		/* A row inserted while walking is newer than the cursor and does not disturb the walk. */
		if (pages == 0) {
			struct resp *c = http_post("/v1/users", owner.token,
						   "{\"name\":\"Late\",\"email\":\"late@pager.test\",\"role\":\"manager\"}");
			expect_status(c, 201);
			resp_free(c);
		}
		json_t *nc = json_object_get(r->json, "next_cursor");
		snprintf(next, sizeof(next), "%s", json_is_string(nc) ? json_string_value(nc) : "");
		resp_free(r);
		pages++;
	} while (next[0] && pages < 10);
	ck_assert_int_eq(nseen, 12); /* 11 managers + the owner */
	ck_assert_int_eq(pages, 3);
}
END_TEST

START_TEST(tampered_cursor_is_400)
{
	struct resp *r = http_get("/v1/users?limit=1", W.owner_a.token);
	expect_status(r, 200);
	char cursor[512];
	snprintf(cursor, sizeof(cursor), "%s", json_string_value(json_object_get(r->json, "next_cursor")));
	resp_free(r);
	size_t n = strlen(cursor);
	cursor[n - 3] = cursor[n - 3] == 'x' ? 'y' : 'x';
	char q[700];
	snprintf(q, sizeof(q), "/v1/users?limit=1&cursor=%s", cursor);
	r = http_get(q, W.owner_a.token);
	expect_status(r, 400);
	ck_assert_str_eq(resp_code(r), "invalid_cursor");
	resp_free(r);
	r = http_get("/v1/users?cursor=garbage", W.owner_a.token);
	expect_status(r, 400);
	resp_free(r);
}
END_TEST

START_TEST(patch_rules)
{
	struct member u;
	ck_assert_int_eq(world_user(&W.owner_a, "Patchee", "patchee@alpha.test", "manager", W.team1, &u), 0);
	struct resp *r = http_patch(user_path(u.id), W.head1.token, "{\"name\":\"x\"}");
	expect_status(r, 403);
	resp_free(r);
	r = http_patch(user_path(W.m3.id), W.head1.token, "{\"name\":\"x\"}");
	expect_status(r, 404);
	resp_free(r);
	r = http_patch(user_path(u.id), u.token, "{\"name\":\"x\"}");
	expect_status(r, 403);
	resp_free(r);

	const char *stale[] = {"If-Match: \"41\"", NULL};
	r = http_call("PATCH", user_path(u.id), W.owner_a.token, "{\"name\":\"x\"}", stale);
	expect_status(r, 412);
	resp_free(r);

	const char *fresh[] = {"If-Match: \"1\"", NULL};
	char body[256];
	snprintf(body, sizeof(body), "{\"name\":\"Переименован\",\"team_id\":\"%s\",\"sales_role\":null}", W.team2);
	r = http_call("PATCH", user_path(u.id), W.owner_a.token, body, fresh);
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "name"), "Переименован");
	ck_assert_str_eq(resp_str(r, "team_id"), W.team2);
	ck_assert_str_eq(r->etag, "\"2\"");
	resp_free(r);

	/* Dismissal shuts the user out at once. */
	r = http_patch(user_path(u.id), W.owner_a.token, "{\"status\":\"dismissed\"}");
	expect_status(r, 200);
	resp_free(r);
	r = http_get("/v1/me", u.token);
	expect_status(r, 401);
	resp_free(r);
}
END_TEST

START_TEST(owner_cannot_demote_self)
{
	struct resp *r = http_patch(user_path(W.owner_a.id), W.owner_a.token, "{\"role\":\"manager\",\"status\":\"dismissed\"}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "role"));
	ck_assert(resp_has_error_field(r, "status"));
	resp_free(r);
}
END_TEST

Suite *users_suite(void)
{
	Suite *s = suite_create("users");
	TCase *t = tcase_create("users");
	tcase_set_timeout(t, 30);
	tcase_add_test(t, owner_creates_user_with_defaults);
	tcase_add_test(t, create_user_lists_every_bad_field);
	tcase_add_test(t, team_must_exist_in_same_org);
	tcase_add_test(t, only_owner_creates_users);
	tcase_add_test(t, reach_by_role);
	tcase_add_test(t, other_org_is_404);
	tcase_add_test(t, me_for_every_role);
	tcase_add_test(t, list_by_role_and_filters);
	tcase_add_test(t, pagination_walks_each_row_once);
	tcase_add_test(t, tampered_cursor_is_400);
	tcase_add_test(t, patch_rules);
	tcase_add_test(t, owner_cannot_demote_self);
	suite_add_tcase(s, t);
	return s;
}
