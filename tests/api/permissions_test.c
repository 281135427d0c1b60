/* The permission matrix: tests/api/permissions.tsv names, for every route, the status each kind of caller gets on
 * objects of manager m1. This suite creates those objects, then calls every route as every principal and reports
 * each cell whose status differs from the table. Bodies in the table are invalid but harmless, so an authorised
 * caller shows as 422 and nothing changes; routes that delete use a fresh object per call. Like every reply of the
 * suite, these are validated against openapi.yaml at the end of the run (tests/api/contract.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "world.h"

#include "objects.h"

#define MATRIX_FILE "tests/api/permissions.tsv"
#define PRINCIPALS 14

static const char *principal_token(int k)
{
	const struct member *m[] = {&W.m1, &W.m2, &W.m3, &W.head1, &W.head2, &W.owner_a, &W.owner_b};
	switch (k) {
	case 0: return NULL;
	case 1: return "sct_not-a-real-token";
	case 2: return objects.revoked_token;
	case 10: case 11: case 12: case 13: return objects.scoped_token[k - 10];
	default: return m[k - 3]->token;
	}
}

START_TEST(every_route_for_every_principal)
{
	static const char *names[PRINCIPALS] = {"none", "bad", "revoked", "m1", "m2", "m3", "head1", "head2",
						"owner_a", "owner_b", "owner_a read", "owner_a call_logs:write",
						"owner_a crm_events:write", "owner_a reports:write"};
	objects_build("2026-11-09");
	FILE *f = fopen(MATRIX_FILE, "r");
	ck_assert_msg(f != NULL, "cannot open %s (run from the repository root)", MATRIX_FILE);
	char line[1024];
	int rows = 0, checks = 0, mismatches = 0;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		char *save = NULL;
		char *method = strtok_r(line, "\t", &save);
		char *path = strtok_r(NULL, "\t", &save);
		char *body = strtok_r(NULL, "\t", &save);
		ck_assert_msg(method && path && body, "matrix row %d is short", rows + 1);
		int expected[PRINCIPALS];
		for (int k = 0; k < PRINCIPALS; k++) {
			char *cell = strtok_r(NULL, "\t", &save);
			ck_assert_msg(cell != NULL, "matrix row %s %s lacks a status for %s", method, path, names[k]);
			expected[k] = atoi(cell);
		}
		rows++;
		for (int k = 0; k < PRINCIPALS; k++) {
			char url[512];
			ck_assert_msg(objects_expand(path, url, sizeof(url)) == 0, "matrix path %s names an unknown object", path);
			struct resp *r = http_call(method, url, principal_token(k), strcmp(body, "-") == 0 ? NULL : body, NULL);
			checks++;
			/* Where owner_a's full token gets through, a scoped token of theirs refused is refused for its scope. */
			bool wrong_code = k >= 10 && expected[k] == 403 && expected[8] != 403 &&
					  strcmp(resp_code(r), "insufficient_scope") != 0;
			if (r->status != expected[k] || wrong_code) {
				mismatches++;
				fprintf(stderr, "permission matrix: %s %s as %s: expected %d, got %ld: %.200s\n", method, path,
					names[k], expected[k], r->status, r->body);
			}
			resp_free(r);
		}
	}
	fclose(f);
	printf("permission matrix: %d rows, %d checks, %d mismatches\n", rows, checks, mismatches);
	ck_assert_int_eq(mismatches, 0);
}
END_TEST

Suite *permissions_suite(void)
{
	Suite *s = suite_create("permissions");
	TCase *t = tcase_create("matrix");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, every_route_for_every_principal);
	suite_add_tcase(s, t);
	return s;
}
