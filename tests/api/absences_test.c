/* Absences and dismissal dates (SPEC §6.2): who records and removes them, what the overlap filter selects, and how
 * dismissed_on turns into a dismissal. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "world.h"

static struct resp *absence(const struct member *by, const char *manager_id, const char *from, const char *to,
			    const char *kind)
{
	char body[256];
	snprintf(body, sizeof(body), "{\"manager_id\":\"%s\",\"from\":\"%s\",\"to\":\"%s\",\"kind\":\"%s\",\"note\":\"Отпуск\"}",
		 manager_id, from, to, kind);
	return http_post("/v1/absences", by->token, body);
}

static size_t listed(const char *query, const struct member *who)
{
	struct resp *r = http_get(query, who->token);
	expect_status(r, 200);
	size_t n = json_array_size(json_object_get(r->json, "items"));
	resp_free(r);
	return n;
}

START_TEST(record_list_and_remove)
{
	struct resp *r = absence(&W.head2, W.m3.id, "2027-02-01", "2027-02-05", "vacation");
	expect_status(r, 201);
	char id[37], path[128];
	snprintf(id, sizeof(id), "%s", resp_str(r, "id"));
	ck_assert_str_eq(resp_str(r, "from"), "2027-02-01");
	ck_assert_str_eq(resp_str(r, "to"), "2027-02-05");
	ck_assert_str_eq(resp_str(r, "kind"), "vacation");
	ck_assert_str_eq(resp_str(r, "created_by"), W.head2.id);
	ck_assert_str_ne(r->location, "");
	resp_free(r);
	/* A manager records none (not even their own); a head only for their members; another organisation's manager
	 * is an unknown reference. */
	r = absence(&W.m3, W.m3.id, "2027-02-08", "2027-02-08", "sick");
	expect_status(r, 403);
	resp_free(r);
	r = absence(&W.head1, W.m3.id, "2027-02-08", "2027-02-08", "sick");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "manager_id"));
	resp_free(r);
	r = absence(&W.owner_a, W.m_b.id, "2027-02-08", "2027-02-08", "sick");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "manager_id"));
	resp_free(r);
	r = absence(&W.owner_a, W.m3.id, "2027-02-08", "2027-02-01", "holiday");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "kind"));
	resp_free(r);
	r = absence(&W.owner_a, W.m3.id, "2027-02-08", "2027-02-01", "field");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "to"));
	resp_free(r);

	/* The overlap filter: 1-5 February is selected by any range that touches it. */
	char q[256];
	snprintf(q, sizeof(q), "/v1/absences?manager_id=%s&from=2027-02-05&to=2027-02-20", W.m3.id);
	ck_assert_uint_eq(listed(q, &W.head2), 1);
	snprintf(q, sizeof(q), "/v1/absences?manager_id=%s&from=2027-01-20&to=2027-02-01", W.m3.id);
	ck_assert_uint_eq(listed(q, &W.head2), 1);
	snprintf(q, sizeof(q), "/v1/absences?manager_id=%s&from=2027-02-06", W.m3.id);
	ck_assert_uint_eq(listed(q, &W.head2), 0);
	/* Read within reach: the manager sees theirs, another team's head and manager see nothing. */
	snprintf(q, sizeof(q), "/v1/absences?manager_id=%s", W.m3.id);
	ck_assert_uint_eq(listed(q, &W.m3), 1);
	ck_assert_uint_eq(listed(q, &W.m1), 0);
	ck_assert_uint_eq(listed(q, &W.head1), 0);
	ck_assert_uint_eq(listed(q, &W.owner_b), 0);

	snprintf(path, sizeof(path), "/v1/absences/%s", id);
	r = http_call("DELETE", path, W.m3.token, NULL, NULL);
	expect_status(r, 403);
	resp_free(r);
	r = http_call("DELETE", path, W.head1.token, NULL, NULL);
	expect_status(r, 404);
	resp_free(r);
	r = http_call("DELETE", path, W.head2.token, NULL, NULL);
	expect_status(r, 204);
	resp_free(r);
	r = http_call("DELETE", path, W.head2.token, NULL, NULL);
	expect_status(r, 404);
	resp_free(r);
}
END_TEST

START_TEST(dismissal_dates)
{
	struct member o, a, b, c;
	char org[37], path[128];
	ck_assert_int_eq(world_org("dismissco", org, &o), 0);
	ck_assert_int_eq(world_user(&o, "A", "a@dismissco.test", "manager", NULL, &a), 0);
	ck_assert_int_eq(world_user(&o, "B", "b@dismissco.test", "manager", NULL, &b), 0);
	ck_assert_int_eq(world_user(&o, "C", "c@dismissco.test", "manager", NULL, &c), 0);
	/* A last day ahead: still active, and working. */
	snprintf(path, sizeof(path), "/v1/users/%s", a.id);
	struct resp *r = http_patch(path, o.token, "{\"dismissed_on\":\"2099-12-31\"}");
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "status"), "active");
	ck_assert_str_eq(resp_str(r, "dismissed_on"), "2099-12-31");
	resp_free(r);
	r = http_get("/v1/me", a.token);
	expect_status(r, 200);
	resp_free(r);
	/* A last day behind: dismissed at once, and the token stops working. */
	snprintf(path, sizeof(path), "/v1/users/%s", b.id);
	r = http_patch(path, o.token, "{\"dismissed_on\":\"2026-11-30\"}");
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "status"), "dismissed");
	resp_free(r);
	r = http_get("/v1/me", b.token);
	expect_status(r, 401);
	resp_free(r);
	/* Dismissed without a date: today is the last day. */
	snprintf(path, sizeof(path), "/v1/users/%s", c.id);
	r = http_patch(path, o.token, "{\"status\":\"dismissed\"}");
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "status"), "dismissed");
	ck_assert(json_is_string(json_object_get(r->json, "dismissed_on")));
	resp_free(r);
	/* When the last day is behind the scheduler's as_of, the pass dismisses. */
	snprintf(path, sizeof(path), "/v1/users/%s", a.id);
	r = http_patch(path, o.token, "{\"dismissed_on\":\"2099-06-30\"}");
	expect_status(r, 200);
	resp_free(r);
	r = http_post("/v1/admin/scheduler/run", o.token, "{\"as_of\":\"2099-07-01T12:00:00Z\"}");
	expect_status(r, 200);
	resp_free(r);
	r = http_get(path, o.token);
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "status"), "dismissed");
	resp_free(r);
}
END_TEST

static json_t *subject(json_t *list, const char *id)
{
	size_t i;
	json_t *s;
	json_array_foreach(list, i, s)
		if (strcmp(json_string_value(json_object_get(s, "id")), id) == 0)
			return s;
	return NULL;
}

static int open_alerts_of(const struct member *o, const char *kind, const char *subject_id)
{
	char q[160];
	snprintf(q, sizeof(q), "/v1/alerts?status=open&kind=%s&limit=200", kind);
	struct resp *r = http_get(q, o->token);
	expect_status(r, 200);
	int n = 0;
	size_t i;
	json_t *alert;
	json_array_foreach(json_object_get(r->json, "items"), i, alert)
		n += strcmp(json_string_value(json_object_get(alert, "subject_id")), subject_id) == 0;
	resp_free(r);
	return n;
}

/* Capacity in plan status and plan_lagging, 17 March 2026 at 15:00 Moscow (before the report deadline), nobody
 * having done anything: A worked all month and lags; B was hired on the 16th and C was on vacation 2-13 March, so
 * each has one elapsed workday of their own, too few to judge. */
START_TEST(capacity_in_plan_status_and_plan_lagging)
{
	struct member o, h, a, b, c;
	char org[37], team[37], body[256];
	ck_assert_int_eq(world_org("capacityco", org, &o), 0);
	ck_assert_int_eq(world_user(&o, "H", "h@capacityco.test", "head", NULL, &h), 0);
	ck_assert_int_eq(world_team(&o, "T", h.id, team), 0);
	struct resp *r;
	struct member *people[] = {&a, &b, &c};
	const char *hired[] = {"2026-03-01", "2026-03-16", "2025-06-02"};
	for (int i = 0; i < 3; i++) {
		char email[64];
		snprintf(email, sizeof(email), "%c@capacityco.test", 'a' + i);
		ck_assert_int_eq(world_user(&o, "M", email, "manager", team, people[i]), 0);
		ck_assert_int_eq(world_hired_on(&o, people[i], hired[i]), 0);
		snprintf(body, sizeof(body), "{\"subject_type\":\"manager\",\"subject_id\":\"%s\",\"targets\":{\"deals_won\":22,\"calls_effective\":66}}",
			 people[i]->id);
		r = http_call("PUT", "/v1/plans/2026-03", o.token, body, NULL);
		expect_status(r, 201);
		resp_free(r);
	}
	r = absence(&h, c.id, "2026-03-02", "2026-03-13", "vacation");
	expect_status(r, 201);
	resp_free(r);
	r = absence(&h, a.id, "2026-03-17", "2026-03-17", "field");  /* a field day takes no capacity */
	expect_status(r, 201);
	resp_free(r);

	r = http_get("/v1/plan-status?period=2026-03&as_of=2026-03-17T12:00:00Z", o.token);
	expect_status(r, 200);
	json_t *managers = json_object_get(r->json, "managers");
	const int total[] = {22, 12, 12}, elapsed[] = {11, 1, 1};
	const char *state[] = {"lagging", "lagging", "lagging"};
	for (int i = 0; i < 3; i++) {
		json_t *s = subject(managers, people[i]->id);
		ck_assert_ptr_nonnull(s);
		json_t *w = json_object_get(s, "workdays");
		ck_assert_int_eq(json_expect_integer(w, "total"), total[i]);
		ck_assert_int_eq(json_expect_integer(w, "elapsed"), elapsed[i]);
		ck_assert_int_eq(json_expect_integer(w, "remaining"), total[i] - elapsed[i]);
		json_t *d = json_object_get(json_object_get(s, "metrics"), "deals_won");
		/* Expected on their own pace: 22·e_m/W_m. */
		ck_assert(fabs(json_expect_number(d, "expected_to_date") - 22.0 * elapsed[i] / total[i]) < 1e-6);
		ck_assert(fabs(json_expect_number(d, "required_daily") - 22.0 / (total[i] - elapsed[i])) < 1e-6);
		ck_assert_str_eq(json_string_value(json_object_get(d, "status")), state[i]);
	}
	resp_free(r);

	r = http_post("/v1/admin/scheduler/run", o.token, "{\"as_of\":\"2026-03-17T12:00:00Z\"}");
	expect_status(r, 200);
	resp_free(r);
	r = http_get("/v1/alerts?status=open&kind=plan_lagging&limit=200", o.token);
	expect_status(r, 200);
	size_t i;
	json_t *alert;
	int for_a = 0, for_others = 0;
	json_array_foreach(json_object_get(r->json, "items"), i, alert) {
		const char *who = json_string_value(json_object_get(alert, "subject_id"));
		for_a += strcmp(who, a.id) == 0;
		for_others += strcmp(who, b.id) == 0 || strcmp(who, c.id) == 0;
	}
	resp_free(r);
	ck_assert_int_eq(for_a, 2);   /* deals_won and calls_effective */
	ck_assert_int_eq(for_others, 0);
	/* report_missing only for days in capacity whose deadline has passed: A 2-6, 9-13 and 16; B and C the 16th. */
	r = http_get("/v1/alerts?status=open&kind=report_missing&limit=200", o.token);
	expect_status(r, 200);
	int missing[3] = {0, 0, 0};
	json_array_foreach(json_object_get(r->json, "items"), i, alert)
		for (int k = 0; k < 3; k++)
			missing[k] += strcmp(json_string_value(json_object_get(alert, "subject_id")), people[k]->id) == 0;
	resp_free(r);
	ck_assert_int_eq(missing[0], 11);
	ck_assert_int_eq(missing[1], 1);
	ck_assert_int_eq(missing[2], 1);
	/* activity_drop: A's last three available days (12, 13, 16) had no calls against 66/22 a day; B has one
	 * available day since being hired, too few to judge; C's last three reach back over the vacation to 26 and 27
	 * February, so C is judged (and made no calls either). */
	r = http_get("/v1/alerts?status=open&kind=activity_drop&limit=200", o.token);
	expect_status(r, 200);
	int drops[3] = {0, 0, 0};
	json_array_foreach(json_object_get(r->json, "items"), i, alert)
		for (int k = 0; k < 3; k++)
			drops[k] += strcmp(json_string_value(json_object_get(alert, "subject_id")), people[k]->id) == 0;
	ck_assert_int_eq(drops[0], 1);
	ck_assert_int_eq(drops[1], 0);
	ck_assert_int_eq(drops[2], 1);
	json_array_foreach(json_object_get(r->json, "items"), i, alert)
		if (strcmp(json_string_value(json_object_get(alert, "subject_id")), a.id) == 0)
			ck_assert(fabs(json_expect_number(alert, "expected") - 9) < 1e-6);
	resp_free(r);
	/* Two workdays later each has three of their own: now they are judged too. */
	r = http_post("/v1/admin/scheduler/run", o.token, "{\"as_of\":\"2026-03-19T18:00:00Z\"}");
	expect_status(r, 200);
	resp_free(r);
	r = http_get("/v1/alerts?status=open&kind=plan_lagging&limit=200", o.token);
	expect_status(r, 200);
	for_others = 0;
	json_array_foreach(json_object_get(r->json, "items"), i, alert) {
		const char *who = json_string_value(json_object_get(alert, "subject_id"));
		for_others += strcmp(who, b.id) == 0 || strcmp(who, c.id) == 0;
	}
	resp_free(r);
	ck_assert_int_eq(for_others, 4);
	r = http_get("/v1/alerts?status=open&kind=activity_drop&limit=200", o.token);
	expect_status(r, 200);
	int later_drops = 0;
	json_array_foreach(json_object_get(r->json, "items"), i, alert)
		later_drops += strcmp(json_string_value(json_object_get(alert, "subject_id")), b.id) == 0 ||
			 strcmp(json_string_value(json_object_get(alert, "subject_id")), c.id) == 0;
	resp_free(r);
	ck_assert_int_eq(later_drops, 2);   /* B now has three days of their own */
	/* one_on_one_overdue: C (hired long ago, never met) is overdue once back, but not while away. */
	ck_assert_int_eq(open_alerts_of(&o, "one_on_one_overdue", c.id), 1);
	r = http_post("/v1/admin/scheduler/run", o.token, "{\"as_of\":\"2026-03-10T18:00:00Z\"}");
	expect_status(r, 200);
	resp_free(r);
	ck_assert_int_eq(open_alerts_of(&o, "one_on_one_overdue", c.id), 0);
}
END_TEST

Suite *absences_suite(void)
{
	Suite *s = suite_create("absences");
	TCase *t = tcase_create("absences");
	tcase_set_timeout(t, 30);
	tcase_add_test(t, record_list_and_remove);
	tcase_add_test(t, dismissal_dates);
	tcase_add_test(t, capacity_in_plan_status_and_plan_lagging);
	suite_add_tcase(s, t);
	return s;
}
