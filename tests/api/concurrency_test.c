/* Two salesctld instances on one database are asked for scheduler passes at the same time while calls arrive. The
 * route waits for the pass lock, so the passes take turns: this checks that the lock is shared across instances and
 * that no request fails waiting for it; no alert is duplicated and the rollups equal a full rebuild. Passes that
 * really run side by side (without the lock) are tests/db/pass_overlap_test.c. tests/run.sh starts the second
 * instance (SALESCTL_TEST_URL2). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "world.h"

static struct member owner, mgr;

struct runner {
	pthread_t thread;
	const char *base;
	int passes, failures;
};

static void *run_passes(void *arg)
{
	struct runner *r = arg;
	for (int i = 0; i < 15; i++) {
		char body[128];
		snprintf(body, sizeof(body), "{\"as_of\":\"2026-03-06T18:%02d:00Z\"}", i);
		struct resp *x = http_call_at(r->base, "POST", "/v1/admin/scheduler/run", owner.token, body, NULL);
		if (x->status == 200)
			r->passes++;
		else
			r->failures++;
		resp_free(x);
	}
	return NULL;
}

static void *log_calls(void *arg)
{
	(void)arg;
	for (int b = 0; b < 5; b++) {
		char body[16384];
		size_t used = (size_t)snprintf(body, sizeof(body), "{\"items\":[");
		for (int i = 0; i < 40; i++)
			used += (size_t)snprintf(body + used, sizeof(body) - used,
						 "%s{\"manager_id\":\"%s\",\"direction\":\"outbound\","
						 "\"started_at\":\"2026-03-0%dT%02d:%02d:00Z\",\"duration_s\":%d}",
						 i ? "," : "", mgr.id, 2 + (b + i) % 5, 5 + i % 10, b * 10 + i % 10, 20 + i);
		snprintf(body + used, sizeof(body) - used, "]}");
		struct resp *x = http_post("/v1/call-logs/batch", owner.token, body);
		resp_free(x);
	}
	return NULL;
}

START_TEST(two_instances_concurrent_passes)
{
	const char *url2 = getenv("SALESCTL_TEST_URL2");
	ck_assert_msg(url2 != NULL, "SALESCTL_TEST_URL2 is not set");
	char org[37];
	ck_assert_int_eq(world_org("twinco", org, &owner), 0);
	ck_assert_int_eq(world_user(&owner, "Manager", "m@twinco.test", "manager", NULL, &mgr), 0);
	ck_assert_int_eq(world_hired_on(&owner, &mgr, "2026-03-01"), 0);
	char body[256], path[128];
	snprintf(body, sizeof(body), "{\"subject_type\":\"manager\",\"subject_id\":\"%s\",\"targets\":{\"calls_effective\":2000}}",
		 mgr.id);
	struct resp *r = http_call("PUT", "/v1/plans/2026-03", owner.token, body, NULL);
	expect_status(r, 201);
	resp_free(r);

	struct runner a = {.base = api_base_url()}, b = {.base = url2};
	pthread_t writer;
	pthread_create(&writer, NULL, log_calls, NULL);
	pthread_create(&a.thread, NULL, run_passes, &a);
	pthread_create(&b.thread, NULL, run_passes, &b);
	pthread_join(writer, NULL);
	pthread_join(a.thread, NULL);
	pthread_join(b.thread, NULL);
	ck_assert_int_eq(a.failures + b.failures, 0);
	printf("two instances: %d + %d passes, taking turns at the pass lock\n", a.passes, b.passes);
	/* A last pass sees every call. */
	r = http_post("/v1/admin/scheduler/run", owner.token, "{\"as_of\":\"2026-03-06T19:00:00Z\"}");
	expect_status(r, 200);
	resp_free(r);

	/* No two open alerts share a key. */
	r = http_get("/v1/alerts?status=open&limit=200", owner.token);
	expect_status(r, 200);
	json_t *items = json_object_get(r->json, "items");
	ck_assert_uint_gt(json_array_size(items), 0);
	for (size_t i = 0; i < json_array_size(items); i++) {
		for (size_t k = 0; k < i; k++) {
			json_t *x = json_array_get(items, i), *y = json_array_get(items, k);
			bool same = json_equal(json_object_get(x, "kind"), json_object_get(y, "kind")) &&
				    json_equal(json_object_get(x, "subject_id"), json_object_get(y, "subject_id")) &&
				    json_equal(json_object_get(x, "period"), json_object_get(y, "period")) &&
				    json_equal(json_object_get(x, "date"), json_object_get(y, "date")) &&
				    json_equal(json_object_get(x, "metric"), json_object_get(y, "metric"));
			ck_assert_msg(!same, "duplicate open alert %s", json_string_value(json_object_get(x, "kind")));
		}
	}
	resp_free(r);

	/* The rollups the two instances wrote equal a rebuild from the sources. */
	snprintf(path, sizeof(path), "/v1/kpi?subject_type=manager&subject_id=%s&from=2026-03-01&to=2026-03-08", mgr.id);
	struct resp *before = http_get(path, owner.token);
	ck_assert_int_eq(system(getenv("SALESCTL_TEST_REBUILD")), 0);
	struct resp *after = http_get(path, owner.token);
	ck_assert(json_equal(json_object_get(before->json, "items"), json_object_get(after->json, "items")));
	long total = 0;
	json_t *day;
	size_t i;
	json_array_foreach(json_object_get(after->json, "items"), i, day)
		total += (long)json_expect_integer(json_object_get(day, "metrics"), "calls_total");
	ck_assert_int_eq(total, 200);
	resp_free(before);
	resp_free(after);
}
END_TEST

Suite *concurrency_suite(void)
{
	Suite *s = suite_create("concurrency");
	TCase *t = tcase_create("two_instances");
	tcase_set_timeout(t, 120);
	tcase_add_test(t, two_instances_concurrent_passes);
	suite_add_tcase(s, t);
	return s;
}
