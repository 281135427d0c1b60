/* Absences and dismissal dates (SPEC §6.2): who records and removes them, what the overlap filter selects, and how
 * dismissed_on turns into a dismissal. */
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

Suite *absences_suite(void)
{
	Suite *s = suite_create("absences");
	TCase *t = tcase_create("absences");
	tcase_set_timeout(t, 30);
	tcase_add_test(t, record_list_and_remove);
	tcase_add_test(t, dismissal_dates);
	suite_add_tcase(s, t);
	return s;
}
