/* PostgreSQL goes away while the server runs: requests answer 503 db_unavailable with Retry-After, the process
 * stays up, and once PostgreSQL is back requests succeed again without a restart. tests/run.sh provides the
 * commands that stop and start the test cluster. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "world.h"

static int run(const char *env)
{
	const char *cmd = getenv(env);
	if (!cmd) {
		fprintf(stderr, "%s is not set\n", env);
		return -1;
	}
	return system(cmd);
}

START_TEST(database_outage_is_503_then_recovers)
{
	ck_assert_int_eq(run("SALESCTL_TEST_PG_STOP"), 0);

	struct resp *r = http_get("/v1/me", W.owner_a.token);
	expect_status(r, 503);
	ck_assert_str_eq(resp_code(r), "db_unavailable");
	ck_assert_str_ne(r->retry_after, "");
	ck_assert_ptr_null(strstr(r->body, "PostgreSQL"));
	ck_assert_ptr_null(strstr(r->body, "connection"));
	resp_free(r);

	r = http_post("/v1/teams", W.owner_a.token, "{\"name\":\"During outage\"}");
	expect_status(r, 503);
	resp_free(r);
	r = http_get("/readyz", NULL);
	expect_status(r, 503);
	resp_free(r);
	r = http_get("/healthz", NULL);
	expect_status(r, 200);
	resp_free(r);

	ck_assert_int_eq(run("SALESCTL_TEST_PG_START"), 0);
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	long status = 0;
	double waited = 0;
	while (waited < 10) {
		r = http_get("/v1/me", W.owner_a.token);
		status = r->status;
		resp_free(r);
		if (status == 200)
			break;
		usleep(100 * 1000);
		clock_gettime(CLOCK_MONOTONIC, &now);
		waited = (double)(now.tv_sec - start.tv_sec) + (double)(now.tv_nsec - start.tv_nsec) / 1e9;
	}
	ck_assert_int_eq(status, 200);
	printf("outage: first 200 %.2f s after PostgreSQL accepted connections\n", waited);
	r = http_post("/v1/teams", W.owner_a.token, "{\"name\":\"After outage\"}");
	expect_status(r, 201);
	resp_free(r);
}
END_TEST

Suite *outage_suite(void)
{
	Suite *s = suite_create("outage");
	TCase *t = tcase_create("outage");
	tcase_set_timeout(t, 120);
	tcase_add_test(t, database_outage_is_503_then_recovers);
	suite_add_tcase(s, t);
	return s;
}
