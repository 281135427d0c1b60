/* POST /v1/orgs (platform admin) and GET/PATCH /v1/org. */
#include <stdio.h>
#include <string.h>

#include "world.h"

START_TEST(create_org_returns_org_owner_and_working_token)
{
	struct resp *r = http_post("/v1/orgs", api_admin_token(),
				   "{\"name\":\"ООО Ромашка\",\"timezone\":\"Asia/Novosibirsk\",\"currency\":\"EUR\","
				   "\"owner\":{\"name\":\"Анна Петровна\",\"email\":\"anna@romashka.test\"}}");
	expect_status(r, 201);
	json_t *org = json_object_get(r->json, "org"), *owner = json_object_get(r->json, "owner");
	ck_assert_str_eq(json_string_value(json_object_get(org, "name")), "ООО Ромашка");
	ck_assert_str_eq(json_string_value(json_object_get(org, "timezone")), "Asia/Novosibirsk");
	ck_assert_str_eq(json_string_value(json_object_get(org, "currency")), "EUR");
	ck_assert_str_eq(json_string_value(json_object_get(org, "report_deadline")), "20:00");
	ck_assert_int_eq(json_expect_integer(org, "effective_call_seconds"), 30);
	ck_assert_str_eq(json_string_value(json_object_get(owner, "role")), "owner");
	ck_assert_str_eq(json_string_value(json_object_get(owner, "timezone")), "Asia/Novosibirsk");
	const char *token = resp_str(r, "token");
	ck_assert_int_ge(strlen(token), 43); /* >= 32 bytes of entropy in base64url */
	struct resp *me = http_get("/v1/me", token);
	expect_status(me, 200);
	ck_assert_str_eq(resp_str(me, "name"), "Анна Петровна");
	ck_assert_str_eq(resp_str(me, "id"), json_string_value(json_object_get(owner, "id")));
	resp_free(me);
	resp_free(r);
}
END_TEST

START_TEST(create_org_needs_admin_token)
{
	const char *body = "{\"name\":\"X\",\"owner\":{\"name\":\"X\",\"email\":\"x@x.test\"}}";
	struct resp *r = http_post("/v1/orgs", NULL, body);
	expect_status(r, 401);
	ck_assert_str_eq(resp_code(r), "unauthorized");
	ck_assert_ptr_nonnull(strstr(r->www_authenticate, "Bearer"));
	resp_free(r);
	r = http_post("/v1/orgs", "not-the-admin-token", body);
	expect_status(r, 401);
	resp_free(r);
	r = http_post("/v1/orgs", W.owner_a.token, body);
	expect_status(r, 401);
	resp_free(r);
}
END_TEST

START_TEST(create_org_lists_every_bad_field)
{
	struct resp *r = http_post("/v1/orgs", api_admin_token(),
				   "{\"name\":\"\",\"timezone\":\"Mars/Olympus\",\"currency\":\"rub\",\"color\":\"red\","
				   "\"owner\":{\"email\":\"not-an-email\",\"age\":3}}");
	expect_status(r, 422);
	ck_assert_str_eq(resp_code(r), "validation_failed");
	const char *fields[] = {"name", "timezone", "currency", "color", "owner.name", "owner.email", "owner.age"};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		ck_assert_msg(resp_has_error_field(r, fields[i]), "no error for %s in %s", fields[i], r->body);
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "errors")), 7);
	resp_free(r);
}
END_TEST

START_TEST(every_role_reads_own_org_only)
{
	const struct member *who[] = {&W.owner_a, &W.head1, &W.m1};
	for (size_t i = 0; i < 3; i++) {
		struct resp *r = http_get("/v1/org", who[i]->token);
		expect_status(r, 200);
		ck_assert_str_eq(resp_str(r, "id"), W.org_a);
		ck_assert(r->etag[0] == '"');
		resp_free(r);
	}
	struct resp *r = http_get("/v1/org", W.owner_b.token);
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "id"), W.org_b);
	resp_free(r);
}
END_TEST

START_TEST(org_needs_a_valid_token)
{
	struct resp *r = http_get("/v1/org", NULL);
	expect_status(r, 401);
	resp_free(r);
	r = http_get("/v1/org", "sct_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	expect_status(r, 401);
	resp_free(r);
	/* A well-formed token of organisation A with its secret part changed. */
	char forged[128];
	snprintf(forged, sizeof(forged), "%s", W.owner_a.token);
	size_t n = strlen(forged);
	forged[n - 2] = forged[n - 2] == 'A' ? 'B' : 'A';
	r = http_get("/v1/org", forged);
	expect_status(r, 401);
	resp_free(r);
}
END_TEST

START_TEST(owner_patches_settings_with_if_match)
{
	struct member owner;
	char org[37];
	ck_assert_int_eq(world_org("patchco", org, &owner), 0);
	struct resp *g = http_get("/v1/org", owner.token);
	expect_status(g, 200);
	char etag[96], stale[80];
	snprintf(etag, sizeof(etag), "If-Match: %s", g->etag);
	snprintf(stale, sizeof(stale), "If-Match: \"999\"");
	resp_free(g);

	const char *h_stale[] = {stale, NULL};
	struct resp *r = http_call("PATCH", "/v1/org", owner.token, "{\"report_deadline\":\"19:30\"}", h_stale);
	expect_status(r, 412);
	ck_assert_str_eq(resp_code(r), "precondition_failed");
	resp_free(r);

	const char *h_ok[] = {etag, NULL};
	r = http_call("PATCH", "/v1/org", owner.token,
		      "{\"report_deadline\":\"19:30\",\"lag_threshold\":0.85,\"critical_threshold\":0.6,"
		      "\"name\":\"Патч и Ко\",\"one_on_one_interval_days\":7}",
		      h_ok);
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "report_deadline"), "19:30");
	ck_assert_str_eq(resp_str(r, "name"), "Патч и Ко");
	ck_assert(json_expect_number(r->json, "lag_threshold") == 0.85);
	ck_assert_str_ne(r->etag, etag + 10);
	resp_free(r);

	/* The old ETag no longer matches. */
	r = http_call("PATCH", "/v1/org", owner.token, "{\"currency\":\"USD\"}", h_ok);
	expect_status(r, 412);
	resp_free(r);
}
END_TEST

START_TEST(org_patch_validation)
{
	struct resp *r = http_patch("/v1/org", W.owner_a.token,
				    "{\"report_deadline\":\"24:00\",\"effective_call_seconds\":-1,\"lag_threshold\":2,"
				    "\"min_elapsed_workdays\":\"3\",\"id\":\"x\"}");
	expect_status(r, 422);
	const char *fields[] = {"report_deadline", "effective_call_seconds", "lag_threshold", "min_elapsed_workdays", "id"};
	for (size_t i = 0; i < 5; i++)
		ck_assert_msg(resp_has_error_field(r, fields[i]), "no error for %s in %s", fields[i], r->body);
	resp_free(r);
	r = http_patch("/v1/org", W.owner_a.token, "{}");
	expect_status(r, 422);
	resp_free(r);
	/* critical above lag breaks a rule that involves the stored value too. */
	r = http_patch("/v1/org", W.owner_a.token, "{\"critical_threshold\":0.95}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "critical_threshold"));
	resp_free(r);
}
END_TEST

START_TEST(name_length_counts_characters)
{
	char body[2048] = "{\"name\":\"";
	for (int i = 0; i < 200; i++)
		strcat(body, "Ж");
	strcat(body, "\"}");
	struct resp *r = http_patch("/v1/org", W.owner_b.token, body);
	expect_status(r, 200);
	resp_free(r);
	body[strlen(body) - 2] = '\0';
	strcat(body, "Ж\"}");
	r = http_patch("/v1/org", W.owner_b.token, body);
	expect_status(r, 422);
	resp_free(r);
}
END_TEST

START_TEST(only_owner_patches_org)
{
	struct resp *r = http_patch("/v1/org", W.head1.token, "{\"name\":\"Hijack\"}");
	expect_status(r, 403);
	ck_assert_str_eq(resp_code(r), "forbidden");
	resp_free(r);
	r = http_patch("/v1/org", W.m1.token, "{\"name\":\"Hijack\"}");
	expect_status(r, 403);
	resp_free(r);
}
END_TEST

Suite *orgs_suite(void)
{
	Suite *s = suite_create("orgs");
	TCase *t = tcase_create("orgs");
	tcase_set_timeout(t, 30);
	tcase_add_test(t, create_org_returns_org_owner_and_working_token);
	tcase_add_test(t, create_org_needs_admin_token);
	tcase_add_test(t, create_org_lists_every_bad_field);
	tcase_add_test(t, every_role_reads_own_org_only);
	tcase_add_test(t, org_needs_a_valid_token);
	tcase_add_test(t, owner_patches_settings_with_if_match);
	tcase_add_test(t, org_patch_validation);
	tcase_add_test(t, name_length_counts_characters);
	tcase_add_test(t, only_owner_patches_org);
	suite_add_tcase(s, t);
	return s;
}
