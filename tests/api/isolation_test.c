/* Tenant isolation: every route that names an object (tests/api/isolation.tsv, which a unit test holds to the route
 * table exactly) answers 404 not_found to another organisation's owner, with a body that would succeed for the
 * object's own owner, and changes nothing: every object reads the same to its owner before and after. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "objects.h"
#include "world.h"

#define ISOLATION_FILE "tests/api/isolation.tsv"
#define MAX_ROWS 64

struct row {
	char method[16];
	char path[512];   /* expanded */
	char *body;       /* NULL: none */
	char *before;     /* for GET rows: the body organisation A's owner read before */
};

static bool changes_by_itself(const char *path)
{
	/* Deliveries are retried by the webhook worker on its own schedule. */
	size_t n = strlen(path);
	return n > 11 && strcmp(path + n - 11, "/deliveries") == 0;
}

static char *owner_reads(const char *path)
{
	struct resp *r = http_get(path, W.owner_a.token);
	expect_status(r, 200);
	char *body = strdup(r->body);
	resp_free(r);
	return body;
}

START_TEST(another_organisation_gets_404_on_every_object_route)
{
	objects_build("2026-11-06");
	FILE *f = fopen(ISOLATION_FILE, "r");
	ck_assert_msg(f != NULL, "cannot open %s (run from the repository root)", ISOLATION_FILE);
	static struct row rows[MAX_ROWS];
	size_t n = 0;
	char line[2048];
	/* Every placeholder is expanded before anything is read, so that the fresh objects are in the "before". */
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		ck_assert_uint_lt(n, MAX_ROWS);
		char *save = NULL, *method = strtok_r(line, "\t", &save), *path = strtok_r(NULL, "\t", &save),
		     *body = strtok_r(NULL, "\t", &save);
		ck_assert_msg(method && path && body, "%s: row %zu is short", ISOLATION_FILE, n + 1);
		struct row *r = &rows[n++];
		snprintf(r->method, sizeof(r->method), "%s", method);
		ck_assert_msg(objects_expand(path, r->path, sizeof(r->path)) == 0, "unknown placeholder in %s", path);
		r->body = strcmp(body, "-") == 0 ? NULL : strdup(body);
	}
	fclose(f);
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].method, "GET") == 0 && !changes_by_itself(rows[i].path))
			rows[i].before = owner_reads(rows[i].path);
	char *webhooks_before = owner_reads("/v1/webhooks?limit=200");

	for (size_t i = 0; i < n; i++) {
		struct resp *r = http_call(rows[i].method, rows[i].path, W.owner_b.token, rows[i].body, NULL);
		ck_assert_msg(r->status == 404 && strcmp(resp_code(r), "not_found") == 0,
			      "%s %s answered %ld %s to another organisation", rows[i].method, rows[i].path, r->status,
			      r->body);
		resp_free(r);
	}

	size_t compared = 0;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].before) {
			char *after = owner_reads(rows[i].path);
			ck_assert_msg(strcmp(rows[i].before, after) == 0, "GET %s changed:\nbefore %s\nafter  %s",
				      rows[i].path, rows[i].before, after);
			compared++;
			free(after);
			free(rows[i].before);
		}
		free(rows[i].body);
	}
	char *webhooks_after = owner_reads("/v1/webhooks?limit=200");
	ck_assert_str_eq(webhooks_before, webhooks_after);
	free(webhooks_before);
	free(webhooks_after);
	printf("isolation: %zu object routes answered 404 to another organisation; %zu objects read unchanged\n", n,
	       compared + 1);
}
END_TEST

Suite *isolation_suite(void)
{
	Suite *s = suite_create("isolation");
	TCase *t = tcase_create("isolation");
	tcase_set_timeout(t, 30);
	tcase_add_test(t, another_organisation_gets_404_on_every_object_route);
	suite_add_tcase(s, t);
	return s;
}
