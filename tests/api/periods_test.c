/*
 * Month close: only an owner closes, only a month that has ended; the close holds plan status, the payouts and the
 * KPIs as they were; a call that comes late is stored, counted and shown beside the snapshot without changing it;
 * a reopen needs a reason and makes the month read live again; each viewer reads only their reach of the snapshot;
 * another organisation sees nothing of it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "world.h"

#define SCHEME "5c4e3e00-0000-4000-8000-0000000000c1"

static struct resp *post_call(const struct member *who, const char *started_at)
{
	char body[256];
	snprintf(body, sizeof(body), "{\"direction\":\"outbound\",\"started_at\":\"%s\",\"duration_s\":120}", started_at);
	return http_post("/v1/call-logs", who->token, body);
}

static json_t *subject_of(json_t *list, const char *key, const char *id)
{
	size_t i;
	json_t *it;
	json_array_foreach(list, i, it)
		if (strcmp(json_string_value(json_object_get(it, key)), id) == 0)
			return it;
	return NULL;
}

static long long calls_actual(json_t *plan_status, const char *manager_id)
{
	json_t *m = subject_of(json_object_get(plan_status, "managers"), "id", manager_id);
	ck_assert_msg(m != NULL, "no manager %s", manager_id);
	return json_integer_value(json_object_get(json_object_get(json_object_get(m, "metrics"), "calls_total"), "actual"));
}

static bool has_string(json_t *array, const char *s)
{
	size_t i;
	json_t *it;
	json_array_foreach(array, i, it)
		if (strcmp(json_string_value(it), s) == 0)
			return true;
	return false;
}

START_TEST(a_closed_month_keeps_its_numbers)
{
	struct member o, h, m1, m2;
	char org[37], team[37], path[256], body[512], prev[8], this_month[8], day[40], hired[11];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(this_month, sizeof(this_month), "%Y-%m", &tm);
	tm.tm_mday = 1;
	tm.tm_mon -= 1;
	timegm(&tm);
	strftime(prev, sizeof(prev), "%Y-%m", &tm);
	snprintf(day, sizeof(day), "%s-10T09:00:00Z", prev);
	snprintf(hired, sizeof(hired), "%s-01", prev);

	ck_assert_int_eq(world_org("closeco", org, &o), 0);
	struct resp *r = http_patch("/v1/org", o.token, "{\"timezone\":\"UTC\"}");
	expect_status(r, 200);
	resp_free(r);
	ck_assert_int_eq(world_user(&o, "Head", "head@closeco.test", "head", NULL, &h), 0);
	ck_assert_int_eq(world_team(&o, "T", h.id, team), 0);
	ck_assert_int_eq(world_user(&o, "M1", "m1@closeco.test", "manager", team, &m1), 0);
	ck_assert_int_eq(world_user(&o, "M2", "m2@closeco.test", "manager", team, &m2), 0);
	ck_assert_int_eq(world_hired_on(&o, &m1, hired), 0);
	ck_assert_int_eq(world_hired_on(&o, &m2, hired), 0);
	snprintf(path, sizeof(path), "/v1/compensation-schemes/%s", SCHEME);
	r = http_call("PUT", path, o.token,
		      "{\"name\":\"Все\",\"applies_to\":{\"role\":\"manager\"},\"base_minor\":1000000,"
		      "\"commission\":{\"metric\":\"calls_total\",\"rate\":100}}",
		      NULL);
	expect_status(r, 201);
	resp_free(r);
	snprintf(body, sizeof(body), "{\"subject_type\":\"manager\",\"subject_id\":\"%s\",\"targets\":{\"calls_total\":10}}",
		 m1.id);
	snprintf(path, sizeof(path), "/v1/plans/%s", prev);
	r = http_call("PUT", path, o.token, body, NULL);
	expect_status(r, 201);
	resp_free(r);
	for (int i = 0; i < 3; i++) {
		r = post_call(&m1, day);
		expect_status(r, 201);
		resp_free(r);
	}

	/* Who may close, and when: an owner, a month that has ended; a bad month is named. */
	snprintf(path, sizeof(path), "/v1/periods/%s/close", this_month);
	r = http_post(path, o.token, "{}");
	expect_status(r, 409);
	resp_free(r);
	snprintf(path, sizeof(path), "/v1/periods/%s/close", prev);
	r = http_post(path, h.token, "{}");
	expect_status(r, 403);
	resp_free(r);
	r = http_post("/v1/periods/2026-13/close", o.token, "{}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "period"));
	resp_free(r);
	r = http_post(path, o.token, "{\"force\":true}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "force"));
	resp_free(r);
	/* No scheduler pass ran: the close rolls up the three calls itself. */
	r = http_post(path, o.token, "{}");
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "status"), "closed");
	ck_assert_int_eq(json_expect_integer(r->json, "late_changes"), 0);
	json_t *k = subject_of(json_object_get(r->json, "kpis"), "subject_id", m1.id);
	ck_assert_ptr_nonnull(k);
	ck_assert_int_eq(json_expect_integer(json_object_get(k, "closed"), "calls_total"), 3);
	ck_assert_uint_eq(json_array_size(json_object_get(k, "changed")), 0);
	resp_free(r);
	r = http_post(path, o.token, "{}");
	expect_status(r, 409);
	resp_free(r);

	/* Plan status and payouts of the closed month answer the snapshot. */
	snprintf(path, sizeof(path), "/v1/plan-status?period=%s", prev);
	r = http_get(path, o.token);
	expect_status(r, 200);
	ck_assert(json_is_string(json_object_get(r->json, "closed_at")));
	ck_assert_int_eq(calls_actual(r->json, m1.id), 3);
	ck_assert(json_is_object(json_object_get(r->json, "org")));
	resp_free(r);

	/* A late call: stored, counted, not in the snapshot. A late plan change counts too. */
	r = post_call(&m1, day);
	expect_status(r, 201);
	resp_free(r);
	r = http_post("/v1/admin/scheduler/run", o.token, "{}");
	expect_status(r, 200);
	resp_free(r);
	snprintf(body, sizeof(body), "{\"subject_type\":\"manager\",\"subject_id\":\"%s\",\"targets\":{\"calls_total\":12}}",
		 m1.id);
	snprintf(path, sizeof(path), "/v1/plans/%s", prev);
	r = http_call("PUT", path, o.token, body, NULL);
	expect_status(r, 200);
	resp_free(r);
	snprintf(path, sizeof(path), "/v1/plan-status?period=%s", prev);
	r = http_get(path, o.token);
	expect_status(r, 200);
	ck_assert_int_eq(calls_actual(r->json, m1.id), 3);
	ck_assert_int_eq(json_expect_integer(r->json, "late_changes"), 2);
	resp_free(r);
	snprintf(path, sizeof(path), "/v1/payouts?period=%s", prev);
	r = http_get(path, o.token);
	expect_status(r, 200);
	ck_assert(json_is_string(json_object_get(r->json, "closed_at")));
	json_t *pay = subject_of(json_object_get(r->json, "items"), "manager_id", m1.id);
	ck_assert_ptr_nonnull(pay);
	ck_assert_int_eq(json_expect_integer(pay, "commission_minor"), 300);   /* 3 calls at 100, not 4 */
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 2);
	resp_free(r);
	r = http_get(path, m2.token);
	expect_status(r, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 1);
	ck_assert_ptr_nonnull(subject_of(json_object_get(r->json, "items"), "manager_id", m2.id));
	resp_free(r);
	snprintf(path, sizeof(path), "/v1/periods/%s", prev);
	r = http_get(path, o.token);
	expect_status(r, 200);
	ck_assert_int_eq(json_expect_integer(r->json, "late_changes"), 2);
	k = subject_of(json_object_get(r->json, "kpis"), "subject_id", m1.id);
	ck_assert_int_eq(json_expect_integer(json_object_get(k, "closed"), "calls_total"), 3);
	ck_assert_int_eq(json_expect_integer(json_object_get(k, "now"), "calls_total"), 4);
	ck_assert(has_string(json_object_get(k, "changed"), "calls_total"));
	ck_assert_ptr_nonnull(subject_of(json_object_get(r->json, "kpis"), "subject_id", org));
	resp_free(r);

	/* Each viewer reads their reach of the snapshot. */
	/* A manager: their own row and their team's (as GET /v1/kpi lets them read it), not a colleague's. */
	r = http_get(path, m2.token);
	expect_status(r, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "kpis")), 2);
	ck_assert_ptr_nonnull(subject_of(json_object_get(r->json, "kpis"), "subject_id", m2.id));
	ck_assert_ptr_nonnull(subject_of(json_object_get(r->json, "kpis"), "subject_id", team));
	resp_free(r);
	snprintf(path, sizeof(path), "/v1/plan-status?period=%s&team_id=%s", prev, team);
	r = http_get(path, h.token);
	expect_status(r, 200);
	ck_assert(json_is_null(json_object_get(r->json, "org")));
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "teams")), 1);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "managers")), 2);
	resp_free(r);
	snprintf(path, sizeof(path), "/v1/plan-status?period=%s&manager_id=%s", prev, m2.id);
	r = http_get(path, m2.token);
	expect_status(r, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "managers")), 1);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "teams")), 0);
	resp_free(r);
	snprintf(path, sizeof(path), "/v1/plan-status?period=%s&manager_id=%s", prev, m1.id);
	r = http_get(path, m2.token);
	expect_status(r, 404);
	resp_free(r);

	/* Another organisation: its own month, open, nothing of this one. */
	snprintf(path, sizeof(path), "/v1/periods/%s", prev);
	r = http_get(path, W.owner_b.token);
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "status"), "open");
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "kpis")), 0);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "history")), 0);
	resp_free(r);
	snprintf(path, sizeof(path), "/v1/periods/%s/reopen", prev);
	r = http_post(path, W.owner_b.token, "{\"reason\":\"чужой\"}");
	expect_status(r, 409);
	resp_free(r);

	/* Reopen: owners only, with a reason; then the month reads live. */
	r = http_post(path, h.token, "{\"reason\":\"ошибка\"}");
	expect_status(r, 403);
	resp_free(r);
	r = http_post(path, o.token, "{\"reason\":\"\"}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "reason"));
	resp_free(r);
	r = http_post(path, o.token, "{\"reason\":\"Звонки пришли из АТС с опозданием\"}");
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "status"), "open");
	json_t *history = json_object_get(r->json, "history");
	ck_assert_uint_eq(json_array_size(history), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(history, 1), "action")), "reopen");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(history, 1), "reason")),
			 "Звонки пришли из АТС с опозданием");
	ck_assert_int_eq(json_expect_integer(json_array_get(history, 1), "late_changes"), 2);
	resp_free(r);
	r = http_post(path, o.token, "{\"reason\":\"ещё раз\"}");
	expect_status(r, 409);
	resp_free(r);
	snprintf(path, sizeof(path), "/v1/plan-status?period=%s", prev);
	r = http_get(path, o.token);
	expect_status(r, 200);
	ck_assert(json_object_get(r->json, "closed_at") == NULL);
	ck_assert_int_eq(calls_actual(r->json, m1.id), 4);
	resp_free(r);
	/* Closed again, the snapshot holds the late call and the count starts over. */
	snprintf(path, sizeof(path), "/v1/periods/%s/close", prev);
	r = http_post(path, o.token, "{}");
	expect_status(r, 200);
	ck_assert_int_eq(json_expect_integer(r->json, "late_changes"), 0);
	k = subject_of(json_object_get(r->json, "kpis"), "subject_id", m1.id);
	ck_assert_int_eq(json_expect_integer(json_object_get(k, "closed"), "calls_total"), 4);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "history")), 3);
	resp_free(r);
}
END_TEST

Suite *periods_suite(void)
{
	Suite *s = suite_create("periods");
	TCase *t = tcase_create("periods");
	tcase_set_timeout(t, 30);
	tcase_add_test(t, a_closed_month_keeps_its_numbers);
	suite_add_tcase(s, t);
	return s;
}
