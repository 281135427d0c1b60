/* Router: literal and parameter segments, 404 vs 405, the Allow header. */
#include <string.h>

#include "salesctl/http/router.h"
#include "suites.h"

static enum db_status h_dummy(struct request *req)
{
	(void)req;
	return DB_OK;
}

static const struct route table[] = {
	{HTTP_GET, "/v1/users", h_dummy, AUTH_USER, ROLE_MANAGER, "listUsers", false, 0, TX_NONE},
	{HTTP_POST, "/v1/users", h_dummy, AUTH_USER, ROLE_OWNER, "createUser", false, 0, TX_ALWAYS},
	{HTTP_GET, "/v1/users/{id}", h_dummy, AUTH_USER, ROLE_MANAGER, "getUser", false, 0, TX_NONE},
	{HTTP_PATCH, "/v1/users/{id}", h_dummy, AUTH_USER, ROLE_MANAGER, "updateUser", false, 0, TX_NONE},
	{HTTP_POST, "/v1/users/{id}/tokens", h_dummy, AUTH_USER, ROLE_MANAGER, "createToken", false, 0, TX_ALWAYS},
	{HTTP_GET, "/v1/a/{x}/b/{y}", h_dummy, AUTH_USER, ROLE_MANAGER, "twoParams", false, 0, TX_NONE},
};
#define N (sizeof(table) / sizeof(table[0]))

START_TEST(matches_literal_route)
{
	struct route_match m;
	ck_assert_int_eq(router_match(table, N, HTTP_GET, "/v1/users", &m), ROUTER_FOUND);
	ck_assert_ptr_eq(m.route, &table[0]);
	ck_assert_int_eq(m.nparams, 0);
	ck_assert_int_eq(router_match(table, N, HTTP_POST, "/v1/users", &m), ROUTER_FOUND);
	ck_assert_ptr_eq(m.route, &table[1]);
}
END_TEST

START_TEST(extracts_parameters)
{
	struct route_match m;
	ck_assert_int_eq(router_match(table, N, HTTP_PATCH, "/v1/users/abc-123", &m), ROUTER_FOUND);
	ck_assert_ptr_eq(m.route, &table[3]);
	ck_assert_int_eq(m.nparams, 1);
	ck_assert_str_eq(m.params[0], "abc-123");
	ck_assert_int_eq(router_match(table, N, HTTP_GET, "/v1/a/1/b/22", &m), ROUTER_FOUND);
	ck_assert_int_eq(m.nparams, 2);
	ck_assert_str_eq(m.params[0], "1");
	ck_assert_str_eq(m.params[1], "22");
	ck_assert_int_eq(router_match(table, N, HTTP_POST, "/v1/users/u1/tokens", &m), ROUTER_FOUND);
	ck_assert_str_eq(m.params[0], "u1");
}
END_TEST

START_TEST(unknown_paths_are_not_found)
{
	struct route_match m;
	const char *paths[] = {"/", "", "/v1", "/v1/users/", "/v1/users//tokens", "/v1/userss", "/v1/users/x/y",
			       "/v1/a/1/b", "v1/users", "/V1/users"};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		ck_assert_msg(router_match(table, N, HTTP_GET, paths[i], &m) == ROUTER_NOT_FOUND, "%s", paths[i]);
}
END_TEST

START_TEST(overlong_parameter_is_not_found)
{
	char path[200] = "/v1/users/";
	memset(path + strlen(path), 'x', ROUTE_PARAM_MAX);
	struct route_match m;
	ck_assert_int_eq(router_match(table, N, HTTP_GET, path, &m), ROUTER_NOT_FOUND);
}
END_TEST

START_TEST(wrong_method_lists_allowed)
{
	struct route_match m;
	char allow[80];
	ck_assert_int_eq(router_match(table, N, HTTP_DELETE, "/v1/users/x", &m), ROUTER_METHOD_NOT_ALLOWED);
	router_allow_header(m.allowed, allow, sizeof(allow));
	ck_assert_str_eq(allow, "GET, PATCH, HEAD");
	ck_assert_int_eq(router_match(table, N, 0, "/v1/users/x/tokens", &m), ROUTER_METHOD_NOT_ALLOWED);
	router_allow_header(m.allowed, allow, sizeof(allow));
	ck_assert_str_eq(allow, "POST");
}
END_TEST

START_TEST(method_names)
{
	ck_assert_int_eq(http_method_parse("GET"), HTTP_GET);
	ck_assert_int_eq(http_method_parse("HEAD"), HTTP_GET);
	ck_assert_int_eq(http_method_parse("PATCH"), HTTP_PATCH);
	ck_assert_int_eq(http_method_parse("OPTIONS"), HTTP_OPTIONS);
	ck_assert_int_eq(http_method_parse("TRACE"), 0);
	ck_assert_int_eq(http_method_parse("get"), 0);
	ck_assert_str_eq(http_method_name(HTTP_DELETE), "DELETE");
}
END_TEST

Suite *router_suite(void)
{
	Suite *s = suite_create("router");
	TCase *t = tcase_create("match");
	tcase_add_test(t, matches_literal_route);
	tcase_add_test(t, extracts_parameters);
	tcase_add_test(t, unknown_paths_are_not_found);
	tcase_add_test(t, overlong_parameter_is_not_found);
	tcase_add_test(t, wrong_method_lists_allowed);
	tcase_add_test(t, method_names);
	suite_add_tcase(s, t);
	return s;
}
