/* The route table is the source of truth, and what describes or tests the API follows it exactly: openapi.yaml
 * (every route's operationId under its path and method, and no other operation), the permission matrix (a row per
 * route) and the isolation table (a row per route that names an object). Also the README's configuration table
 * against core/config.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "salesctl/api/app.h"
#include "salesctl/core/config.h"
#include "salesctl/domain/scopes.h"
#include "suites.h"

START_TEST(every_route_is_in_openapi)
{
	char *spec = test_slurp("openapi.yaml");
	for (size_t i = 0; i < app_routes_count; i++) {
		const struct route *r = &app_routes[i];
		char path_line[256], op_line[160];
		snprintf(path_line, sizeof(path_line), "\n  %s:\n", r->pattern);
		snprintf(op_line, sizeof(op_line), "operationId: %s\n", r->operation_id);
		char *p = strstr(spec, path_line);
		ck_assert_msg(p != NULL, "path %s missing from openapi.yaml", r->pattern);
		char *op = strstr(spec, op_line);
		ck_assert_msg(op != NULL, "operationId %s missing from openapi.yaml", r->operation_id);
		/* The operation sits under its path: no other path begins between them. */
		char *next_path = strstr(p + strlen(path_line), "\n  /");
		ck_assert_msg(op > p && (!next_path || op < next_path), "%s is not under %s", r->operation_id, r->pattern);
		char method_line[64];
		snprintf(method_line, sizeof(method_line), "\n    %s:\n", http_method_name(r->method));
		for (char *m = method_line; *m; m++)
			if (*m >= 'A' && *m <= 'Z')
				*m = (char)(*m - 'A' + 'a');
		char *mp = strstr(p, method_line);
		ck_assert_msg(mp && mp < op && (!next_path || mp < next_path), "%s %s missing from openapi.yaml",
			      http_method_name(r->method), r->pattern);
		/* A user route states the one token scope it needs, as the route table does; every GET needs read. */
		if (r->auth == AUTH_USER) {
			char security[96];
			snprintf(security, sizeof(security), "security: [{bearer: ['%s']}]", scope_name((enum scope)r->scope));
			char *sec = strstr(op, security), *next_op = strstr(op + 1, "operationId: ");
			ck_assert_msg(sec && (!next_op || sec < next_op), "%s: openapi.yaml does not say %s", r->operation_id,
				      security);
			ck_assert_msg(r->method != HTTP_GET || r->scope == SCOPE_READ, "%s reads but needs %s",
				      r->operation_id, scope_name((enum scope)r->scope));
		}
	}
	free(spec);
}
END_TEST

START_TEST(every_openapi_operation_is_a_route)
{
	char *spec = test_slurp("openapi.yaml");
	int n = 0;
	for (char *p = strstr(spec, "operationId: "); p; p = strstr(p + 1, "operationId: ")) {
		char id[96];
		ck_assert_int_eq(sscanf(p, "operationId: %95s", id), 1);
		bool found = false;
		for (size_t i = 0; i < app_routes_count && !found; i++)
			found = strcmp(app_routes[i].operation_id, id) == 0;
		ck_assert_msg(found, "operationId %s has no route", id);
		n++;
	}
	ck_assert_int_eq(n, (int)app_routes_count);
	free(spec);
}
END_TEST

/* Which handlers run in a transaction is the route table's to say, and every authenticated POST says it. */
START_TEST(every_authenticated_post_names_its_transaction)
{
	int posts = 0, single = 0;
	for (size_t i = 0; i < app_routes_count; i++) {
		const struct route *r = &app_routes[i];
		if (r->method == HTTP_POST && r->auth != AUTH_PUBLIC) {
			ck_assert_msg(r->tx != TX_NONE, "%s %s runs in no transaction", http_method_name(r->method), r->pattern);
			posts++;
			single += r->tx == TX_FOR_KEY;
		} else {
			ck_assert_msg(r->tx == TX_NONE, "%s %s: only an authenticated POST runs in a transaction",
				      http_method_name(r->method), r->pattern);
		}
	}
	ck_assert_int_gt(posts, 20);
	ck_assert_int_eq(single, 3);   /* a call log, a batch of them, a batch of CRM events */
}
END_TEST

START_TEST(operation_ids_are_unique)
{
	for (size_t i = 0; i < app_routes_count; i++)
		for (size_t k = 0; k < i; k++)
			ck_assert_str_ne(app_routes[i].operation_id, app_routes[k].operation_id);
}
END_TEST

/* The README's configuration table names exactly the options of core/config.c, each with its default. */
START_TEST(readme_documents_every_option)
{
	char *readme = test_slurp("README.md");
	size_t options = 0;
	const char *env, *def;
	for (; config_option(options, &env, &def); options++) {
		char row[160];
		snprintf(row, sizeof(row), "\n| `%s`", env);
		char *at = strstr(readme, row);
		ck_assert_msg(at != NULL, "%s has no row in README.md's configuration table", env);
		char cell[96];
		snprintf(cell, sizeof(cell), *def ? "| `%s` |" : "| (none) |", def);
		char *end = strchr(at + 1, '\n');
		char *found = strstr(at, cell);
		ck_assert_msg(found && (!end || found < end), "README.md gives %s another default than %s", env,
			      *def ? def : "(none)");
	}
	size_t rows = 0;
	for (char *p = strstr(readme, "\n| `SALESCTL_"); p; p = strstr(p + 1, "\n| `SALESCTL_"))
		rows++;
	ck_assert_msg(rows == options, "README.md has %zu SALESCTL_ rows, core/config.c %zu options", rows, options);
	free(readme);
}
END_TEST

/* Replaces every {placeholder} of a test table's path by "x" and drops the query string, so that the router says
 * which route the row addresses. */
static void concrete_path(const char *template, char *out, size_t cap)
{
	size_t n = 0;
	for (const char *p = template; *p && *p != '?' && n + 2 < cap; p++) {
		if (*p == '{') {
			out[n++] = 'x';
			p = strchr(p, '}');
			ck_assert_msg(p != NULL, "unclosed placeholder in %s", template);
		} else {
			out[n++] = *p;
		}
	}
	out[n] = '\0';
}

/* Marks in seen[] the route of every row of a tab-separated test table (method, path, ...); every row must address
 * a route. Returns the number of rows. */
static size_t table_routes(const char *file, bool seen[])
{
	char *text = test_slurp(file);
	size_t rows = 0;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#')
			continue;
		char method[16], path[512];
		ck_assert_msg(sscanf(line, "%15[^\t]\t%511[^\t]", method, path) == 2, "%s: bad row %s", file, line);
		char concrete[512];
		concrete_path(path, concrete, sizeof(concrete));
		struct route_match m;
		enum router_result found =
			router_match(app_routes, app_routes_count, http_method_parse(method), concrete, &m);
		ck_assert_msg(found == ROUTER_FOUND, "%s: %s %s is no route", file, method, path);
		seen[m.route - app_routes] = true;
		rows++;
	}
	free(text);
	return rows;
}

/* The permission matrix (tests/api/permissions.tsv) has a row for every route of the route table. */
START_TEST(permission_matrix_covers_every_route)
{
	bool seen[256] = {false};
	ck_assert_uint_le(app_routes_count, 256);
	table_routes("tests/api/permissions.tsv", seen);
	for (size_t i = 0; i < app_routes_count; i++)
		ck_assert_msg(seen[i], "tests/api/permissions.tsv has no row for %s %s",
			      http_method_name(app_routes[i].method), app_routes[i].pattern);
}
END_TEST

/* The isolation table (tests/api/isolation.tsv) has a row for every route that names an object in its path, and
 * only for those. */
START_TEST(isolation_table_covers_every_object_route)
{
	bool seen[256] = {false};
	table_routes("tests/api/isolation.tsv", seen);
	for (size_t i = 0; i < app_routes_count; i++) {
		bool names_object = strstr(app_routes[i].pattern, "{id}") != NULL;
		ck_assert_msg(seen[i] == names_object, "tests/api/isolation.tsv %s %s %s",
			      names_object ? "has no row for" : "has a row for a route without an object,",
			      http_method_name(app_routes[i].method), app_routes[i].pattern);
	}
}
END_TEST

Suite *routes_suite(void)
{
	Suite *s = suite_create("routes");
	TCase *t = tcase_create("routes");
	tcase_add_test(t, every_route_is_in_openapi);
	tcase_add_test(t, every_openapi_operation_is_a_route);
	tcase_add_test(t, operation_ids_are_unique);
	tcase_add_test(t, every_authenticated_post_names_its_transaction);
	tcase_add_test(t, readme_documents_every_option);
	tcase_add_test(t, permission_matrix_covers_every_route);
	tcase_add_test(t, isolation_table_covers_every_object_route);
	suite_add_tcase(s, t);
	return s;
}
