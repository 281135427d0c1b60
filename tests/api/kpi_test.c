/* Plans, the calendar, KPI rollups through the scheduler pass, KPI series and comparisons, and plan status with
 * the formulas checked on a worked example, a holiday override and managers in different time zones. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <libpq-fe.h>

#include "world.h"

static struct member owner, head, ma, mb, other_head;
static char org[37], team[37];

#define near(a, b) (fabs((a) - (b)) < 1e-6)

static void put(const char *path, const struct member *who, const char *body, int status)
{
	struct resp *r = http_call("PUT", path, who->token, body, NULL);
	expect_status(r, status);
	resp_free(r);
}

static void report(const struct member *m, const char *date, int deals, int leads)
{
	char body[256];
	snprintf(body, sizeof(body),
		 "{\"date\":\"%s\",\"deals_won\":%d,\"revenue_minor\":%d,\"leads_received\":%d,\"leads_processed\":%d}",
		 date, deals, deals * 100000, leads, leads);
	struct resp *r = http_post("/v1/daily-reports", m->token, body);
	expect_status(r, 201);
	resp_free(r);
}

static long run_pass(void)
{
	struct resp *r = http_post("/v1/admin/scheduler/run", owner.token, "{\"as_of\":\"2026-03-10T12:00:00Z\"}");
	expect_status(r, 200);
	long n = (long)json_expect_integer(r->json, "rollups_updated");
	ck_assert(json_is_number(json_object_get(r->json, "duration_ms")));
	resp_free(r);
	return n;
}

/* Organisation "kpico": a head with a team of two managers, one in Moscow and one in Vladivostok (UTC+10). */
static void setup_world(void)
{
	if (org[0])
		return;
	ck_assert_int_eq(world_org("kpico", org, &owner), 0);
	ck_assert_int_eq(world_user(&owner, "Head", "head@kpico.test", "head", NULL, &head), 0);
	ck_assert_int_eq(world_user(&owner, "Other Head", "head2@kpico.test", "head", NULL, &other_head), 0);
	ck_assert_int_eq(world_team(&owner, "Sales", head.id, team), 0);
	ck_assert_int_eq(world_user(&owner, "Moscow", "msk@kpico.test", "manager", team, &ma), 0);
	ck_assert_int_eq(world_user(&owner, "Vladivostok", "vvo@kpico.test", "manager", team, &mb), 0);
	char body[256], path[128];
	snprintf(path, sizeof(path), "/v1/users/%s", mb.id);
	struct resp *r = http_patch(path, owner.token, "{\"timezone\":\"Asia/Vladivostok\"}");
	expect_status(r, 200);
	resp_free(r);
	/* Hired long before March: since capacity counts (SPEC §6.2), a manager created today (hired_on today by
	 * default) has no workday in March 2026, and the worked example below is about people who worked all month. */
	ck_assert_int_eq(world_hired_on(&owner, &ma, "2025-01-13"), 0);
	ck_assert_int_eq(world_hired_on(&owner, &mb, "2025-01-13"), 0);

	/* March 2026: 22 weekdays; the 9th made a holiday leaves W = 21. */
	put("/v1/calendar/2026-03-09", &owner, "{\"is_workday\":false,\"note\":\"Перенос праздника\"}", 200);
	snprintf(body, sizeof(body), "{\"subject_type\":\"manager\",\"subject_id\":\"%s\",\"targets\":{\"deals_won\":42}}",
		 ma.id);
	put("/v1/plans/2026-03", &head, body, 201);
	snprintf(body, sizeof(body), "{\"subject_type\":\"manager\",\"subject_id\":\"%s\",\"targets\":{\"deals_won\":21}}",
		 mb.id);
	put("/v1/plans/2026-03", &head, body, 201);
	snprintf(body, sizeof(body), "{\"subject_type\":\"team\",\"subject_id\":\"%s\",\"targets\":{\"deals_won\":63}}",
		 team);
	put("/v1/plans/2026-03", &head, body, 201);
	const char *days[] = {"2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"};
	for (int i = 0; i < 5; i++) {
		report(&ma, days[i], 1, 4);
		report(&mb, days[i], 1, 2);
	}
	/* A Saturday report each: on the 7th in Vladivostok it is already as_of's date, in Moscow not yet. */
	report(&ma, "2026-03-07", 1, 0);
	report(&mb, "2026-03-07", 1, 0);
	ck_assert_int_eq(run_pass(), 12);
	ck_assert_int_eq(run_pass(), 0); /* nothing changed since */
}

static json_t *find_subject(json_t *arr, const char *id)
{
	size_t i;
	json_t *s;
	json_array_foreach(arr, i, s)
		if (strcmp(json_string_value(json_object_get(s, "id")), id) == 0)
			return s;
	return NULL;
}

START_TEST(plan_status_worked_example)
{
	setup_world();
	/* Friday 6 March 15:00 UTC: 18:00 in Moscow, before the 20:00 deadline, so e = 4 (2-5 March). */
	struct resp *r = http_get("/v1/plan-status?period=2026-03&as_of=2026-03-06T15:00:00Z", owner.token);
	expect_status(r, 200);
	json_t *wd = json_object_get(r->json, "workdays");
	ck_assert_int_eq(json_expect_integer(wd, "total"), 21);
	ck_assert_int_eq(json_expect_integer(wd, "elapsed"), 4);
	ck_assert_int_eq(json_expect_integer(wd, "remaining"), 17);

	json_t *a = json_object_get(json_object_get(find_subject(json_object_get(r->json, "managers"), ma.id), "metrics"),
				    "deals_won");
	ck_assert_ptr_nonnull(a);
	/* Moscow: the 2nd-6th count (5 deals), the 7th does not yet. T = 42, W = 21, e = 4. */
	ck_assert(near(json_expect_number(a, "actual"), 5));
	ck_assert(near(json_expect_number(a, "expected_to_date"), 8));
	ck_assert(near(json_expect_number(a, "forecast"), 26.25));
	ck_assert(near(json_expect_number(a, "forecast_attainment"), 0.625));
	ck_assert(near(json_expect_number(a, "gap"), 37));
	ck_assert(near(json_expect_number(a, "required_daily"), 37.0 / 17));
	ck_assert_str_eq(json_string_value(json_object_get(a, "status")), "lagging");

	/* Vladivostok: as_of is 01:00 on the 7th there, so the 7th counts: 6 deals against 21. */
	json_t *b = json_object_get(json_object_get(find_subject(json_object_get(r->json, "managers"), mb.id), "metrics"),
				    "deals_won");
	ck_assert(near(json_expect_number(b, "actual"), 6));
	ck_assert(near(json_expect_number(b, "forecast_attainment"), 6.0 * 21 / 4 / 21)); /* 1.5 */
	ck_assert_str_eq(json_string_value(json_object_get(b, "status")), "on_track");

	json_t *t = find_subject(json_object_get(r->json, "teams"), team);
	json_t *tm = json_object_get(json_object_get(t, "metrics"), "deals_won");
	ck_assert(near(json_expect_number(tm, "actual"), 11));
	ck_assert(near(json_expect_number(tm, "target"), 63));
	ck_assert(near(json_expect_number(tm, "forecast_attainment"), 11.0 * 21 / 4 / 63)); /* 0.9167: at risk, not lagging */
	ck_assert_str_eq(json_string_value(json_object_get(t, "status")), "at_risk");
	json_t *o = json_object_get(r->json, "org");
	ck_assert_str_eq(json_string_value(json_object_get(o, "id")), org);
	ck_assert(near(json_expect_number(json_object_get(json_object_get(o, "metrics"), "deals_won"), "target"), 63));
	resp_free(r);

	/* After the deadline that Friday counts: e = 5. After the holiday on Monday the 9th: still 5. */
	r = http_get("/v1/plan-status?period=2026-03&as_of=2026-03-06T17:30:00Z", owner.token);
	ck_assert_int_eq(json_expect_integer(json_object_get(r->json, "workdays"), "elapsed"), 5);
	resp_free(r);
	r = http_get("/v1/plan-status?period=2026-03&as_of=2026-03-10T05:00:00Z", owner.token);
	ck_assert_int_eq(json_expect_integer(json_object_get(r->json, "workdays"), "elapsed"), 5);
	resp_free(r);
	/* Before the month starts nothing is elapsed. */
	r = http_get("/v1/plan-status?period=2026-03&as_of=2026-02-27T12:00:00Z", owner.token);
	json_t *m = find_subject(json_object_get(r->json, "managers"), ma.id);
	ck_assert_str_eq(json_string_value(json_object_get(m, "status")), "not_started");
	resp_free(r);
}
END_TEST

START_TEST(plan_status_scope_and_roles)
{
	setup_world();
	struct resp *r = http_get("/v1/plan-status?period=2026-03&as_of=2026-03-06T15:00:00Z", head.token);
	expect_status(r, 200);
	ck_assert(json_is_null(json_object_get(r->json, "org")));
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "managers")), 2);
	resp_free(r);
	r = http_get("/v1/plan-status?period=2026-03", other_head.token);
	expect_status(r, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "managers")), 0);
	resp_free(r);
	char q[160];
	snprintf(q, sizeof(q), "/v1/plan-status?period=2026-03&team_id=%s", team);
	r = http_get(q, other_head.token);
	expect_status(r, 404);
	resp_free(r);
	r = http_get("/v1/plan-status?period=2026-03", ma.token);
	expect_status(r, 403);
	resp_free(r);
	r = http_get("/v1/plan-status?period=2026-13&as_of=yesterday", owner.token);
	expect_status(r, 422);
	resp_free(r);
	r = http_get("/v1/plan-status?period=2026-03", W.owner_a.token);
	expect_status(r, 200);
	ck_assert_ptr_null(strstr(r->body, ma.id)); /* another organisation sees none of it */
	resp_free(r);
}
END_TEST

/* The mobile app's "you need N calls a day": a manager reads their own subject, the same numbers the head sees. */
START_TEST(a_manager_reads_their_own_plan_status)
{
	setup_world();
	char q[256];
	snprintf(q, sizeof(q), "/v1/plan-status?period=2026-03&as_of=2026-03-06T15:00:00Z&manager_id=%s", ma.id);
	struct resp *own = http_get(q, ma.token);
	expect_status(own, 200);
	ck_assert(json_is_null(json_object_get(own->json, "org")));
	ck_assert_uint_eq(json_array_size(json_object_get(own->json, "teams")), 0);
	json_t *managers = json_object_get(own->json, "managers");
	ck_assert_uint_eq(json_array_size(managers), 1);
	json_t *mine = json_array_get(managers, 0);
	ck_assert_str_eq(json_string_value(json_object_get(mine, "id")), ma.id);
	ck_assert_ptr_nonnull(json_object_get(json_object_get(mine, "metrics"), "deals_won"));
	struct resp *heads = http_get("/v1/plan-status?period=2026-03&as_of=2026-03-06T15:00:00Z", head.token);
	expect_status(heads, 200);
	ck_assert(json_equal(mine, find_subject(json_object_get(heads->json, "managers"), ma.id)));
	ck_assert(json_equal(json_object_get(own->json, "workdays"), json_object_get(heads->json, "workdays")));
	resp_free(heads);
	resp_free(own);
	/* The head may ask for one member too. */
	struct resp *r = http_get(q, head.token);
	expect_status(r, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "managers")), 1);
	resp_free(r);
	/* Another manager's, the team's, or everyone's: not a manager's to read. */
	snprintf(q, sizeof(q), "/v1/plan-status?period=2026-03&manager_id=%s", mb.id);
	r = http_get(q, ma.token);
	expect_status(r, 404);
	resp_free(r);
	snprintf(q, sizeof(q), "/v1/plan-status?period=2026-03&manager_id=%s&team_id=%s", ma.id, team);
	r = http_get(q, ma.token);
	expect_status(r, 403);
	resp_free(r);
	r = http_get("/v1/plan-status?period=2026-03", ma.token);
	expect_status(r, 403);
	ck_assert_ptr_nonnull(strstr(resp_str(r, "detail"), "manager_id"));
	resp_free(r);
	/* Their own comparison: one row, their own. */
	r = http_get("/v1/kpi/compare?period=2026-03&vs=2026-02", ma.token);
	expect_status(r, 200);
	json_t *items = json_object_get(r->json, "items");
	ck_assert_uint_eq(json_array_size(items), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 0), "subject_type")), "manager");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 0), "subject_id")), ma.id);
	resp_free(r);
}
END_TEST

START_TEST(kpi_series_and_compare)
{
	setup_world();
	char q[256];
	snprintf(q, sizeof(q), "/v1/kpi?subject_type=manager&subject_id=%s&from=2026-03-01&to=2026-03-08", ma.id);
	struct resp *r = http_get(q, ma.token);
	expect_status(r, 200);
	json_t *items = json_object_get(r->json, "items");
	ck_assert_uint_eq(json_array_size(items), 8);
	json_t *mon = json_object_get(json_array_get(items, 1), "metrics");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 1), "start")), "2026-03-02");
	ck_assert_int_eq(json_expect_integer(mon, "deals_won"), 1);
	ck_assert(near(json_expect_number(mon, "conversion"), 0.25));
	ck_assert(near(json_expect_number(mon, "avg_deal_minor"), 100000));
	ck_assert(json_is_null(json_object_get(mon, "effective_share"))); /* no calls: zero denominator */
	ck_assert(json_is_null(json_object_get(json_object_get(json_array_get(items, 0), "metrics"), "conversion")));
	resp_free(r);

	snprintf(q, sizeof(q), "/v1/kpi?subject_type=team&subject_id=%s&from=2026-03-01&to=2026-03-31&granularity=week",
		 team);
	r = http_get(q, head.token);
	expect_status(r, 200);
	items = json_object_get(r->json, "items");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 0), "end")), "2026-03-01");
	json_t *week = json_object_get(json_array_get(items, 1), "metrics");
	ck_assert_int_eq(json_expect_integer(week, "deals_won"), 12);
	ck_assert_int_eq(json_expect_integer(week, "leads_received"), 30);
	resp_free(r);

	r = http_get("/v1/kpi?subject_type=org&from=2026-03-01&to=2026-03-31&granularity=month", owner.token);
	expect_status(r, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 1);
	ck_assert_int_eq(json_expect_integer(
				 json_object_get(json_array_get(json_object_get(r->json, "items"), 0), "metrics"), "deals_won"),
			 12);
	resp_free(r);
	r = http_get("/v1/kpi?subject_type=org&from=2026-03-01&to=2026-03-31", head.token);
	expect_status(r, 403);
	resp_free(r);
	snprintf(q, sizeof(q), "/v1/kpi?subject_type=manager&subject_id=%s&from=2026-03-01&to=2026-03-08", mb.id);
	r = http_get(q, ma.token);
	expect_status(r, 404);
	resp_free(r);
	r = http_get(q, W.owner_a.token);
	expect_status(r, 404);
	resp_free(r);
	r = http_get("/v1/kpi?subject_type=team&from=2026-03-08&to=2026-03-01&granularity=year", owner.token);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "granularity"));
	resp_free(r);

	r = http_get("/v1/kpi/compare?period=2026-03&vs=2026-02", head.token);
	expect_status(r, 200);
	items = json_object_get(r->json, "items");
	ck_assert_uint_eq(json_array_size(items), 3);   /* the head's team, then its two managers */
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 0), "subject_type")), "team");
	json_t *d = json_object_get(json_object_get(json_array_get(items, 0), "metrics"), "deals_won");
	ck_assert(json_is_null(json_object_get(d, "growth")));
	ck_assert(near(json_expect_number(d, "vs_value"), 0));
	resp_free(r);
	r = http_get("/v1/kpi/compare?period=2026-02&vs=2026-03", owner.token);
	d = json_object_get(json_object_get(json_array_get(json_object_get(r->json, "items"), 0), "metrics"), "deals_won");
	ck_assert(near(json_expect_number(d, "growth"), -1));
	resp_free(r);
}
END_TEST

START_TEST(plans_and_calendar_rules)
{
	setup_world();
	char body[256];
	snprintf(body, sizeof(body), "{\"subject_type\":\"manager\",\"subject_id\":\"%s\",\"targets\":{\"deals_won\":50}}",
		 ma.id);
	put("/v1/plans/2026-03", &head, body, 200); /* replaced */
	put("/v1/plans/2026-03", &ma, body, 403);
	put("/v1/plans/2026-03", &other_head, body, 422);
	put("/v1/plans/2026-13", &head, body, 422);
	struct resp *r = http_call("PUT", "/v1/plans/2026-03", head.token,
				   "{\"subject_type\":\"region\",\"targets\":{\"happiness\":1,\"deals_won\":1.5}}", NULL);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "subject_type"));
	ck_assert(resp_has_error_field(r, "subject_id"));
	ck_assert(resp_has_error_field(r, "targets.happiness"));
	ck_assert(resp_has_error_field(r, "targets.deals_won"));
	resp_free(r);
	r = http_get("/v1/plans?period=2026-03", ma.token);
	expect_status(r, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 2); /* own plan and own team's */
	resp_free(r);
	snprintf(body, sizeof(body), "{\"subject_type\":\"manager\",\"subject_id\":\"%s\",\"targets\":{\"deals_won\":42}}",
		 ma.id);
	put("/v1/plans/2026-03", &head, body, 200);

	put("/v1/calendar/2026-03-10", &head, "{\"is_workday\":false}", 403);
	put("/v1/calendar/2026-02-30", &owner, "{\"is_workday\":false}", 422);
	put("/v1/calendar/2026-03-14", &owner, "{\"is_workday\":true,\"note\":\"Рабочая суббота\"}", 200);
	r = http_get("/v1/calendar?from=2026-03-08&to=2026-03-14", ma.token);
	expect_status(r, 200);
	json_t *items = json_object_get(r->json, "items");
	ck_assert_uint_eq(json_array_size(items), 7);
	ck_assert(json_is_false(json_object_get(json_array_get(items, 0), "is_workday"))); /* Sunday */
	ck_assert(json_is_false(json_object_get(json_array_get(items, 1), "is_workday"))); /* the holiday */
	ck_assert(json_is_true(json_object_get(json_array_get(items, 2), "is_workday")));
	ck_assert(json_is_true(json_object_get(json_array_get(items, 6), "is_workday"))); /* the working Saturday */
	resp_free(r);
	r = http_call("DELETE", "/v1/calendar/2026-03-14", owner.token, NULL, NULL);
	expect_status(r, 204);
	resp_free(r);
	r = http_call("DELETE", "/v1/calendar/2026-03-14", owner.token, NULL, NULL);
	expect_status(r, 404);
	resp_free(r);
	r = http_get("/v1/calendar?from=2026-01-01&to=2027-06-01", owner.token);
	expect_status(r, 422);
	resp_free(r);
}
END_TEST

/* Random calls, reports and reviews for several managers and days, then: the incremental rollups equal a full
 * rebuild (salesctld rollup --rebuild), compared through the organisation's daily KPI series. */
START_TEST(incremental_equals_rebuild)
{
	setup_world();
	srand(20261128);
	for (int round = 0; round < 3; round++) {
		char body[200000];
		size_t used = (size_t)snprintf(body, sizeof(body), "{\"items\":[");
		for (int i = 0; i < 300; i++) {
			const struct member *m = rand() % 2 ? &ma : &mb;
			used += (size_t)snprintf(body + used, sizeof(body) - used,
						 "%s{\"manager_id\":\"%s\",\"direction\":\"%s\",\"started_at\":\"2026-03-%02dT%02d:%02d:00Z\","
						 "\"duration_s\":%d}",
						 i ? "," : "", m->id, rand() % 3 ? "outbound" : "inbound", 10 + rand() % 10,
						 rand() % 24, rand() % 60, rand() % 200);
		}
		snprintf(body + used, sizeof(body) - used, "]}");
		struct resp *r = http_post("/v1/call-logs/batch", owner.token, body);
		expect_status(r, 200);
		resp_free(r);
		if (round == 1) {
			struct resp *s = http_post("/v1/admin/scheduler/run", owner.token, "{}");
			expect_status(s, 200);
			resp_free(s);
		}
	}
	report(&ma, "2026-03-12", 2, 3);
	report(&mb, "2026-03-13", 1, 1);
	run_pass();
	const char *q = "/v1/kpi?subject_type=org&from=2026-03-01&to=2026-03-31";
	struct resp *before = http_get(q, owner.token);
	expect_status(before, 200);
	const char *rebuild = getenv("SALESCTL_TEST_REBUILD");
	ck_assert_msg(rebuild != NULL, "SALESCTL_TEST_REBUILD is not set");
	ck_assert_int_eq(system(rebuild), 0);
	struct resp *after = http_get(q, owner.token);
	expect_status(after, 200);
	ck_assert(json_equal(json_object_get(before->json, "items"), json_object_get(after->json, "items")));
	json_t *day = json_object_get(json_array_get(json_object_get(after->json, "items"), 11), "metrics");
	ck_assert_int_gt(json_expect_integer(day, "calls_total"), 0);
	resp_free(before);
	resp_free(after);
}
END_TEST

/* The body of a plan-status reply after its as_of, which is the one part that changes on every request. */
static char *after_as_of(const struct resp *r)
{
	const char *p = strstr(r->body, "\"workdays\"");
	ck_assert_ptr_nonnull(p);
	return strdup(p);
}

static long cache_lookups(const char *result)
{
	char series[96];
	snprintf(series, sizeof(series), "salesctl_plan_cache_lookups_total{result=\"%s\"}", result);
	return api_metric(api_base_url(), series);
}

/* Plan status at the current time is kept between requests and recomputed as soon as anything behind it changes
 * (plan_versions, bumped by triggers in the writing transaction). */
START_TEST(plan_status_now_is_reused_until_its_data_changes)
{
	setup_world();
	time_t moscow = time(NULL) + 3 * 3600;
	struct tm tm;
	gmtime_r(&moscow, &tm);
	char period[8], path[96], body[256];
	strftime(period, sizeof(period), "%Y-%m", &tm);
	snprintf(path, sizeof(path), "/v1/plan-status?period=%s", period);

	struct resp *r = http_get(path, owner.token);
	expect_status(r, 200);
	char *first = after_as_of(r);
	resp_free(r);
	long hits = cache_lookups("hit"), misses = cache_lookups("miss");
	r = http_get(path, owner.token);
	expect_status(r, 200);
	char *second = after_as_of(r);
	resp_free(r);
	ck_assert_str_eq(first, second);
	ck_assert_int_eq(cache_lookups("hit"), hits + 1);
	ck_assert_int_eq(cache_lookups("miss"), misses);

	/* Another viewer has an answer of its own. */
	r = http_get(path, head.token);
	expect_status(r, 200);
	ck_assert(json_is_null(json_object_get(r->json, "org")));
	resp_free(r);
	ck_assert_int_eq(cache_lookups("miss"), misses + 1);

	/* A new plan is in the very next answer. */
	snprintf(body, sizeof(body), "{\"subject_type\":\"manager\",\"subject_id\":\"%s\",\"targets\":{\"deals_won\":17}}",
		 ma.id);
	char plan_path[32];
	snprintf(plan_path, sizeof(plan_path), "/v1/plans/%s", period);
	put(plan_path, &head, body, 201);
	r = http_get(path, owner.token);
	expect_status(r, 200);
	json_t *m = find_subject(json_object_get(r->json, "managers"), ma.id);
	ck_assert_ptr_nonnull(m);
	ck_assert(near(json_expect_number(json_object_get(json_object_get(m, "metrics"), "deals_won"), "target"), 17));
	resp_free(r);

	/* So is a manager who joins the team. */
	struct member joined;
	ck_assert_int_eq(world_user(&owner, "Joined", "joined@kpico.test", "manager", team, &joined), 0);
	r = http_get(path, owner.token);
	expect_status(r, 200);
	ck_assert_ptr_nonnull(find_subject(json_object_get(r->json, "managers"), joined.id));
	resp_free(r);
	free(first);
	free(second);
}
END_TEST

/* Well more than the pool's four connections (tests/lib.sh), so that more than four are in flight at once though
 * two may come in on one HTTP thread, which serves them in turn. */
#define WAITERS 12

struct plan_status_call {
	const char *path;
	pthread_t thread;
	struct resp *reply;
};

static void *plan_status_call_main(void *arg)
{
	struct plan_status_call *c = arg;
	c->reply = http_get(c->path, owner.token);
	return NULL;
}

/* Opens every connection of the pool: one opened while the test holds its lock would wait for it to prepare its
 * statements (docs/RELIABILITY.md) and be counted against the waiters. */
static void open_the_whole_pool(const char *path)
{
	static struct plan_status_call calls[WAITERS];
	for (int round = 0; round < 20; round++) {
		long open = api_metric(api_base_url(), "salesctl_db_pool_connections{state=\"idle_connected\"}");
		if (open >= api_metric(api_base_url(), "salesctl_db_pool_connections{state=\"size\"}"))
			return;
		for (int i = 0; i < WAITERS; i++) {
			calls[i] = (struct plan_status_call){.path = path};
			pthread_create(&calls[i].thread, NULL, plan_status_call_main, &calls[i]);
		}
		for (int i = 0; i < WAITERS; i++) {
			pthread_join(calls[i].thread, NULL);
			resp_free(calls[i].reply);
		}
	}
	ck_abort_msg("the pool's connections did not all open");
}

/* Requests for a plan status that another request is computing wait for its answer without their database
 * connection. Here the computing one is held up for 3 s by a lock on the tables it reads, and twelve ask at once: had
 * each waiter kept its connection, the four of the pool would be taken and the last ones, finding none within 2 s,
 * would be answered 503 (a burst of dashboards after a write took the whole pool so). */
START_TEST(requests_waiting_for_a_plan_status_hold_no_connection)
{
	setup_world();
	time_t moscow = time(NULL) + 3 * 3600;
	struct tm tm;
	gmtime_r(&moscow, &tm);
	char period[8], path[96], body[256], plan_path[32];
	strftime(period, sizeof(period), "%Y-%m", &tm);
	snprintf(path, sizeof(path), "/v1/plan-status?period=%s", period);
	snprintf(plan_path, sizeof(plan_path), "/v1/plans/%s", period);
	snprintf(body, sizeof(body), "{\"subject_type\":\"manager\",\"subject_id\":\"%s\",\"targets\":{\"deals_won\":9}}",
		 ma.id);
	struct resp *plan = http_call("PUT", plan_path, head.token, body, NULL);   /* a new version: computed again */
	ck_assert_msg(plan->status == 200 || plan->status == 201, "%ld: %s", plan->status, plan->body);
	resp_free(plan);
	resp_free(http_get("/v1/me", owner.token));   /* the token is cached: the waiters need no lookup */
	open_the_whole_pool("/v1/users");

	PGconn *lock = PQconnectdb(getenv("SALESCTL_TEST_DATABASE_URL"));
	ck_assert_int_eq(PQstatus(lock), CONNECTION_OK);
	PQclear(PQexec(lock, "BEGIN"));
	PGresult *r = PQexec(lock, "LOCK TABLE plans, kpi_daily, daily_reports IN ACCESS EXCLUSIVE MODE");
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK, "%s", PQerrorMessage(lock));
	PQclear(r);
	static struct plan_status_call calls[WAITERS];
	for (int i = 0; i < WAITERS; i++) {
		calls[i] = (struct plan_status_call){.path = path};
		pthread_create(&calls[i].thread, NULL, plan_status_call_main, &calls[i]);
	}
	sleep(3);
	PQclear(PQexec(lock, "COMMIT"));
	PQfinish(lock);
	for (int i = 0; i < WAITERS; i++) {
		pthread_join(calls[i].thread, NULL);
		expect_status(calls[i].reply, 200);
		resp_free(calls[i].reply);
	}
}
END_TEST

/* The sum of team KPIs over the members' days, as of which team each member is in now. Decided (docs/API.md, "Teams
 * and history"): a manager who moves takes their history along; the new head sees the person's whole record, and a
 * closed month is kept by its snapshot, not by reassigning days. */
static double team_deals(const struct member *o, const char *team_id)
{
	char q[256];
	snprintf(q, sizeof(q), "/v1/kpi?subject_type=team&subject_id=%s&from=2026-03-01&to=2026-03-31&granularity=month",
		 team_id);
	struct resp *r = http_get(q, o->token);
	expect_status(r, 200);
	double v = json_expect_number(json_object_get(json_array_get(json_object_get(r->json, "items"), 0), "metrics"),
				      "deals_won");
	resp_free(r);
	return v;
}

START_TEST(team_figures_follow_current_membership)
{
	struct member o, ha, hb, m;
	char org_id[37], team_a[37], team_b[37], body[256], path[128];
	ck_assert_int_eq(world_org("moveco", org_id, &o), 0);
	ck_assert_int_eq(world_user(&o, "Head A", "ha@moveco.test", "head", NULL, &ha), 0);
	ck_assert_int_eq(world_user(&o, "Head B", "hb@moveco.test", "head", NULL, &hb), 0);
	ck_assert_int_eq(world_team(&o, "Team 0", ha.id, team_a), 0);
	ck_assert_int_eq(world_team(&o, "Team 1", hb.id, team_b), 0);
	ck_assert_int_eq(world_user(&o, "Mover", "mover@moveco.test", "manager", team_a, &m), 0);
	ck_assert_int_eq(world_hired_on(&o, &m, "2026-03-01"), 0);
	snprintf(path, sizeof(path), "/v1/users/%s", m.id);
	report(&m, "2026-03-02", 3, 0);
	struct resp *r = http_post("/v1/admin/scheduler/run", o.token, "{\"as_of\":\"2026-03-10T12:00:00Z\"}");
	expect_status(r, 200);
	resp_free(r);
	ck_assert(near(team_deals(&o, team_a), 3));
	ck_assert(near(team_deals(&o, team_b), 0));

	snprintf(body, sizeof(body), "{\"team_id\":\"%s\"}", team_b);
	r = http_patch(path, o.token, body);
	expect_status(r, 200);
	resp_free(r);
	ck_assert(near(team_deals(&o, team_a), 0));
	ck_assert(near(team_deals(&o, team_b), 3));
	/* Plan status agrees: the mover's deals count for team B, and team B's head now reaches them. */
	r = http_get("/v1/plan-status?period=2026-03&as_of=2026-03-10T12:00:00Z", hb.token);
	expect_status(r, 200);
	json_t *tb = find_subject(json_object_get(r->json, "teams"), team_b);
	ck_assert_ptr_nonnull(tb);
	ck_assert_ptr_nonnull(find_subject(json_object_get(r->json, "managers"), m.id));
	resp_free(r);
	snprintf(path, sizeof(path), "/v1/users/%s", m.id);
	r = http_get(path, ha.token);
	expect_status(r, 404);   /* no longer head A's */
	resp_free(r);
}
END_TEST

static json_t *compare_row(json_t *items, const char *type, const char *id)
{
	size_t i;
	json_t *row;
	json_array_foreach(items, i, row)
		if (strcmp(json_string_value(json_object_get(row, "subject_type")), type) == 0 &&
		    strcmp(json_string_value(json_object_get(row, "subject_id")), id) == 0)
			return row;
	return NULL;
}

/* On the 10th, this month is compared with the same number of elapsed workdays of the last one, for the manager,
 * their team and the organisation: the numbers a head of sales would work out by hand. */
START_TEST(compare_like_for_like_on_the_tenth)
{
	struct member o, h, m;
	char org_id[37], team_id[37], body[256];
	ck_assert_int_eq(world_org("likeco", org_id, &o), 0);
	ck_assert_int_eq(world_user(&o, "Head", "head@likeco.test", "head", NULL, &h), 0);
	ck_assert_int_eq(world_team(&o, "Team", h.id, team_id), 0);
	ck_assert_int_eq(world_user(&o, "Manager", "m@likeco.test", "manager", team_id, &m), 0);
	ck_assert_int_eq(world_hired_on(&o, &m, "2026-01-01"), 0);
	/* February: one deal every workday (2-27). March: two a workday, 2-10. */
	for (int d = 2; d <= 27; d++) {
		if ((d - 2) % 7 >= 5) /* 2 February 2026 is a Monday */
			continue;
		snprintf(body, sizeof(body), "2026-02-%02d", d);
		report(&m, body, 1, 0);
	}
	const int march[] = {2, 3, 4, 5, 6, 9, 10};
	for (size_t i = 0; i < 7; i++) {
		snprintf(body, sizeof(body), "2026-03-%02d", march[i]);
		report(&m, body, 2, 0);
	}
	struct resp *r = http_post("/v1/admin/scheduler/run", o.token, "{\"as_of\":\"2026-03-10T06:00:00Z\"}");
	expect_status(r, 200);
	resp_free(r);
	/* 10 March 09:00 in Moscow, before the report deadline: e = 6 (2-6 and 9 March); February's 6th workday is the 9th.
	 * value = 7 days x 2 = 14 (the 10th's report counts: the window runs to the as_of date); vs_value = 6 x 1 = 6. */
	r = http_get("/v1/kpi/compare?period=2026-03&vs=2026-02&as_of=2026-03-10T09:00:00%2B03:00", o.token);
	expect_status(r, 200);
	ck_assert_int_eq(json_expect_integer(r->json, "elapsed_workdays"), 6);
	ck_assert(json_is_false(json_object_get(r->json, "complete")));
	json_t *items = json_object_get(r->json, "items");
	ck_assert_uint_eq(json_array_size(items), 3);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 0), "subject_type")), "org");
	const char *ids[] = {org_id, team_id, m.id}, *types[] = {"org", "team", "manager"};
	for (int i = 0; i < 3; i++) {
		json_t *row = compare_row(items, types[i], ids[i]);
		ck_assert_msg(row != NULL, "no %s row", types[i]);
		json_t *w = json_object_get(row, "window"), *vw = json_object_get(row, "vs_window");
		ck_assert_str_eq(json_string_value(json_object_get(w, "from")), "2026-03-01");
		ck_assert_str_eq(json_string_value(json_object_get(w, "to")), "2026-03-10");
		ck_assert_str_eq(json_string_value(json_object_get(vw, "from")), "2026-02-01");
		ck_assert_str_eq(json_string_value(json_object_get(vw, "to")), "2026-02-09");
		json_t *d = json_object_get(json_object_get(row, "metrics"), "deals_won");
		ck_assert(near(json_expect_number(d, "value"), 14));
		ck_assert(near(json_expect_number(d, "vs_value"), 6));
		ck_assert(near(json_expect_number(d, "growth"), 8.0 / 6.0));
	}
	resp_free(r);
	/* Once March is over, whole months: 14 against 20 (February's 20 workdays). */
	r = http_get("/v1/kpi/compare?period=2026-03&vs=2026-02&as_of=2026-04-02T09:00:00Z", o.token);
	expect_status(r, 200);
	ck_assert(json_is_true(json_object_get(r->json, "complete")));
	json_t *d = json_object_get(json_object_get(compare_row(json_object_get(r->json, "items"), "manager", m.id),
						    "metrics"), "deals_won");
	ck_assert(near(json_expect_number(d, "vs_value"), 20));
	ck_assert(near(json_expect_number(d, "growth"), (14.0 - 20.0) / 20.0));
	resp_free(r);
	/* On the 1st (a Sunday) nothing has elapsed: the other window is empty and growth is null. */
	r = http_get("/v1/kpi/compare?period=2026-03&vs=2026-02&as_of=2026-03-01T12:00:00Z", h.token);
	expect_status(r, 200);
	ck_assert_int_eq(json_expect_integer(r->json, "elapsed_workdays"), 0);
	json_t *row = compare_row(json_object_get(r->json, "items"), "team", team_id);
	ck_assert(json_is_null(json_object_get(json_object_get(row, "vs_window"), "to")));
	d = json_object_get(json_object_get(row, "metrics"), "deals_won");
	ck_assert(near(json_expect_number(d, "vs_value"), 0));
	ck_assert(json_is_null(json_object_get(d, "growth")));
	ck_assert_ptr_null(compare_row(json_object_get(r->json, "items"), "org", org_id)); /* the head sees no org row */
	resp_free(r);
}
END_TEST

/* Runs one statement with parameters $1 and $2 against the test database (to put the clock back for history). */
static void sql_at(const char *text, const char *a, const char *b)
{
	PGconn *db = PQconnectdb(getenv("SALESCTL_TEST_DATABASE_URL"));
	ck_assert_msg(PQstatus(db) == CONNECTION_OK, "%s", PQerrorMessage(db));
	const char *params[] = {a, b};
	PGresult *res = PQexecParams(db, text, 2, NULL, params, NULL, NULL, 0);
	ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK, "%s: %s", text, PQerrorMessage(db));
	PQclear(res);
	PQfinish(db);
}

static char *new_task(const struct member *by, const struct member *to, const char *due, char id[37])
{
	char body[256];
	snprintf(body, sizeof(body), "{\"title\":\"Дисциплина\",\"assignee_id\":\"%s\",\"due_at\":\"%s\"}", to->id, due);
	struct resp *r = http_post("/v1/tasks", by->token, body);
	expect_status(r, 201);
	snprintf(id, 37, "%s", resp_str(r, "id"));
	resp_free(r);
	return id;
}

static void move(const char *task, const struct member *by, const char *body)
{
	char path[128];
	snprintf(path, sizeof(path), "/v1/tasks/%s/transitions", task);
	struct resp *r = http_post(path, by->token, body);
	expect_status(r, 200);
	resp_free(r);
}

/* Discipline on plan-status subjects (SPEC §6.2), 10 March 2026 at 21:00 Moscow: 7 elapsed workdays (2-6, 9, 10); reports
 * for the 2nd-5th, three of them on time; two tasks due so far, one done by its due time; one return in March.
 * History is put back in time in PostgreSQL, since the API records the present. */
/* A KPI series is kept between requests like plan status and recomputed once anything behind it changes: here an
 * evening report, which until migration 0035 bumped the version only through the next pass's rollup. */
START_TEST(kpi_series_is_reused_until_its_data_changes)
{
	struct member o, m;
	char org_id[37];
	ck_assert_int_eq(world_org("seriesco", org_id, &o), 0);
	ck_assert_int_eq(world_user(&o, "Manager", "m@seriesco.test", "manager", NULL, &m), 0);
	ck_assert_int_eq(world_hired_on(&o, &m, "2025-01-13"), 0);
	char path[192];
	snprintf(path, sizeof(path), "/v1/kpi?subject_type=manager&subject_id=%s&from=2026-03-02&to=2026-03-02", m.id);
	struct resp *r = http_get(path, m.token);
	expect_status(r, 200);
	json_t *day = json_object_get(json_array_get(json_object_get(r->json, "items"), 0), "metrics");
	ck_assert(near(json_expect_number(day, "reports_on_time_pct"), 0));
	char *first = strdup(r->body);
	resp_free(r);
	long hits = cache_lookups("hit"), misses = cache_lookups("miss");
	r = http_get(path, o.token);
	expect_status(r, 200);
	ck_assert_str_eq(r->body, first);
	resp_free(r);
	ck_assert_int_eq(cache_lookups("hit"), hits + 1);
	ck_assert_int_eq(cache_lookups("miss"), misses);

	/* The report of the 2nd, in time: the very next series counts it. */
	report(&m, "2026-03-02", 0, 0);
	sql_at("UPDATE daily_reports SET late = false WHERE org_id = $1 AND manager_id = $2", org_id, m.id);
	r = http_get(path, m.token);
	expect_status(r, 200);
	day = json_object_get(json_array_get(json_object_get(r->json, "items"), 0), "metrics");
	ck_assert(near(json_expect_number(day, "reports_on_time_pct"), 100));
	resp_free(r);
	free(first);
}
END_TEST

START_TEST(discipline_in_plan_status)
{
	struct member o, h, m;
	char org_id[37], team_id[37];
	ck_assert_int_eq(world_org("disciplineco", org_id, &o), 0);
	ck_assert_int_eq(world_user(&o, "Head", "head@disciplineco.test", "head", NULL, &h), 0);
	ck_assert_int_eq(world_team(&o, "Team", h.id, team_id), 0);
	ck_assert_int_eq(world_user(&o, "Manager", "m@disciplineco.test", "manager", team_id, &m), 0);
	ck_assert_int_eq(world_hired_on(&o, &m, "2025-01-13"), 0);
	const char *days[] = {"2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"};
	for (int i = 0; i < 4; i++)
		report(&m, days[i], 0, 0);
	/* Written today, every one of them is late; three were in fact in time. */
	sql_at("UPDATE daily_reports SET late = false WHERE org_id = $1 AND manager_id = $2 AND date < '2026-03-05'", org_id,
	       m.id);
	char t1[37], t2[37], t3[37], t4[37];
	new_task(&h, &m, "2026-03-05T15:00:00Z", t1);   /* done the day before: on time */
	new_task(&h, &m, "2026-03-06T15:00:00Z", t2);   /* done only after a return, today: late */
	new_task(&h, &m, "2026-03-20T15:00:00Z", t3);   /* due after as_of: not counted */
	new_task(&h, &m, "2026-03-07T15:00:00Z", t4);   /* cancelled: not counted */
	move(t1, &m, "{\"to\":\"in_progress\"}");
	move(t1, &m, "{\"to\":\"done\"}");
	sql_at("UPDATE task_events SET at = '2026-03-04T10:00:00Z' WHERE org_id = $1 AND task_id = $2", org_id, t1);
	move(t2, &m, "{\"to\":\"in_progress\"}");
	move(t2, &m, "{\"to\":\"done\"}");
	move(t2, &h, "{\"to\":\"returned\",\"comment\":\"Переделать\"}");
	sql_at("UPDATE task_events SET at = '2026-03-09T10:00:00Z' WHERE org_id = $1 AND task_id = $2", org_id, t2);
	move(t2, &m, "{\"to\":\"done\"}");
	move(t4, &h, "{\"to\":\"cancelled\"}");
	(void)t3;
	struct resp *r = http_get("/v1/plan-status?period=2026-03&as_of=2026-03-10T18:00:00Z", o.token);
	expect_status(r, 200);
	json_t *subjects[] = {find_subject(json_object_get(r->json, "managers"), m.id),
			      find_subject(json_object_get(r->json, "teams"), team_id), json_object_get(r->json, "org")};
	for (int i = 0; i < 3; i++) {
		ck_assert_ptr_nonnull(subjects[i]);
		json_t *d = json_object_get(subjects[i], "discipline");
		ck_assert(near(json_expect_number(d, "reports_on_time_pct"), 300.0 / 7.0));
		ck_assert(near(json_expect_number(d, "tasks_on_time_pct"), 50));
		ck_assert_int_eq(json_expect_integer(d, "tasks_returned"), 1);
	}
	resp_free(r);
	/* The same figures in the KPI series of the manager, the team and the organisation, one bucket for the 1st-10th. */
	char path[256];
	const char *series[][2] = {{"manager", m.id}, {"team", team_id}, {"org", NULL}};
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "/v1/kpi?subject_type=%s%s%s&from=2026-03-01&to=2026-03-10&granularity=month",
			 series[i][0], series[i][1] ? "&subject_id=" : "", series[i][1] ? series[i][1] : "");
		struct resp *k = http_get(path, o.token);
		expect_status(k, 200);
		json_t *metrics = json_object_get(json_array_get(json_object_get(k->json, "items"), 0), "metrics");
		ck_assert(near(json_expect_number(metrics, "reports_on_time_pct"), 300.0 / 7.0));
		ck_assert(near(json_expect_number(metrics, "tasks_on_time_pct"), 50));
		ck_assert_int_eq(json_expect_integer(metrics, "tasks_returned"), 1);
		resp_free(k);
	}
	/* By day: the 5th had a late report and a task done in time; the 6th no report and a late task; the 9th (the
	 * return) no task due; Sunday the 1st nothing to count. */
	snprintf(path, sizeof(path), "/v1/kpi?subject_type=manager&subject_id=%s&from=2026-03-01&to=2026-03-10", m.id);
	struct resp *k = http_get(path, o.token);
	expect_status(k, 200);
	json_t *items = json_object_get(k->json, "items");
	ck_assert_int_eq(json_array_size(items), 10);
	json_t *d1 = json_object_get(json_array_get(items, 0), "metrics"), *d5 = json_object_get(json_array_get(items, 4), "metrics");
	json_t *d6 = json_object_get(json_array_get(items, 5), "metrics"), *d9 = json_object_get(json_array_get(items, 8), "metrics");
	ck_assert(json_is_null(json_object_get(d1, "reports_on_time_pct")));
	ck_assert(json_is_null(json_object_get(d1, "tasks_on_time_pct")));
	ck_assert(near(json_expect_number(d5, "reports_on_time_pct"), 0));
	ck_assert(near(json_expect_number(d5, "tasks_on_time_pct"), 100));
	ck_assert(near(json_expect_number(d6, "tasks_on_time_pct"), 0));
	ck_assert(near(json_expect_number(d9, "reports_on_time_pct"), 0));
	ck_assert(json_is_null(json_object_get(d9, "tasks_on_time_pct")));
	ck_assert_int_eq(json_expect_integer(d9, "tasks_returned"), 1);
	ck_assert_int_eq(json_expect_integer(d5, "tasks_returned"), 0);
	resp_free(k);
	/* A vacation on the 10th takes that day out of capacity in both: 3 of 6. */
	char body[160];
	snprintf(body, sizeof(body), "{\"manager_id\":\"%s\",\"from\":\"2026-03-10\",\"to\":\"2026-03-10\",\"kind\":\"vacation\"}",
		 m.id);
	k = http_post("/v1/absences", o.token, body);
	expect_status(k, 201);
	resp_free(k);
	snprintf(path, sizeof(path), "/v1/kpi?subject_type=team&subject_id=%s&from=2026-03-01&to=2026-03-10&granularity=month",
		 team_id);
	k = http_get(path, o.token);
	expect_status(k, 200);
	ck_assert(near(json_expect_number(json_object_get(json_array_get(json_object_get(k->json, "items"), 0), "metrics"),
					  "reports_on_time_pct"),
		       50));
	resp_free(k);
	k = http_get("/v1/plan-status?period=2026-03&as_of=2026-03-10T18:00:00Z", o.token);
	expect_status(k, 200);
	ck_assert(near(json_expect_number(json_object_get(find_subject(json_object_get(k->json, "managers"), m.id), "discipline"),
					  "reports_on_time_pct"),
		       50));
	resp_free(k);
	/* Before anything was due: nothing to count, null. */
	r = http_get("/v1/plan-status?period=2026-03&as_of=2026-03-01T12:00:00Z", o.token);
	expect_status(r, 200);
	json_t *d = json_object_get(find_subject(json_object_get(r->json, "managers"), m.id), "discipline");
	ck_assert(json_is_null(json_object_get(d, "reports_on_time_pct")));
	ck_assert(json_is_null(json_object_get(d, "tasks_on_time_pct")));
	resp_free(r);
}
END_TEST

Suite *kpi_api_suite(void)
{
	Suite *s = suite_create("kpi_api");
	TCase *t = tcase_create("kpi");
	tcase_set_timeout(t, 60);
	/* Unchecked: runs once in the runner's process, so every test sees the same organisation. */
	tcase_add_unchecked_fixture(t, setup_world, NULL);
	tcase_add_test(t, plan_status_worked_example);
	tcase_add_test(t, plan_status_scope_and_roles);
	tcase_add_test(t, a_manager_reads_their_own_plan_status);
	tcase_add_test(t, kpi_series_and_compare);
	tcase_add_test(t, kpi_series_is_reused_until_its_data_changes);
	tcase_add_test(t, compare_like_for_like_on_the_tenth);
	tcase_add_test(t, discipline_in_plan_status);
	tcase_add_test(t, plans_and_calendar_rules);
	tcase_add_test(t, incremental_equals_rebuild);
	tcase_add_test(t, team_figures_follow_current_membership);
	/* Last: it adds a manager to the organisation. */
	tcase_add_test(t, plan_status_now_is_reused_until_its_data_changes);
	tcase_add_test(t, requests_waiting_for_a_plan_status_hold_no_connection);
	suite_add_tcase(s, t);
	return s;
}
