/* The route table and openapi.yaml describe the same API: every route's operationId is in openapi.yaml under its
 * path and method, and every operationId of openapi.yaml is a route. Also the README's configuration table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "salesctl/api/app.h"
#include "suites.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s (run from the repository root)", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)n + 1);
	ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	return s;
}

START_TEST(every_route_is_in_openapi)
{
	char *spec = slurp("openapi.yaml");
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
	}
	free(spec);
}
END_TEST

START_TEST(every_openapi_operation_is_a_route)
{
	char *spec = slurp("openapi.yaml");
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

START_TEST(operation_ids_are_unique)
{
	for (size_t i = 0; i < app_routes_count; i++)
		for (size_t k = 0; k < i; k++)
			ck_assert_str_ne(app_routes[i].operation_id, app_routes[k].operation_id);
}
END_TEST

START_TEST(readme_documents_every_option)
{
	char *readme = slurp("README.md");
	const char *names[] = {"SALESCTL_DATABASE_URL", "SALESCTL_LISTEN", "SALESCTL_THREADS", "SALESCTL_DB_POOL",
			       "SALESCTL_SCHEDULER_INTERVAL", "SALESCTL_ADMIN_TOKEN", "SALESCTL_MAX_BODY", "SALESCTL_LOG",
			       "SALESCTL_STATEMENT_TIMEOUT_MS", "SALESCTL_SHUTDOWN_TIMEOUT", "SALESCTL_WEBHOOK_BACKOFF", "SALESCTL_SECRET_KEY", "SALESCTL_RATE_LIMIT", "SALESCTL_RATE_BURST"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		ck_assert_msg(strstr(readme, names[i]) != NULL, "%s missing from README.md", names[i]);
	free(readme);
}
END_TEST

Suite *routes_suite(void)
{
	Suite *s = suite_create("routes");
	TCase *t = tcase_create("routes");
	tcase_add_test(t, every_route_is_in_openapi);
	tcase_add_test(t, every_openapi_operation_is_a_route);
	tcase_add_test(t, operation_ids_are_unique);
	tcase_add_test(t, readme_documents_every_option);
	suite_add_tcase(s, t);
	return s;
}
