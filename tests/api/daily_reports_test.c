/* Evening reports: one per day, live reconciliation against call logs, edits until accepted, reviews, missing. */
#include <stdio.h>
#include <string.h>

#include "world.h"

static char path[256];

static const char *report_path(const char *id, const char *suffix)
{
	snprintf(path, sizeof(path), "/v1/daily-reports/%s%s", id, suffix);
	return path;
}

static void submit(const struct member *who, const char *date, int outbound, char id[37])
{
	char body[256];
	snprintf(body, sizeof(body), "{\"date\":\"%s\",\"calls_outbound\":%d,\"leads_received\":3,\"leads_processed\":3}",
		 date, outbound);
	struct resp *r = http_post("/v1/daily-reports", who->token, body);
	expect_status(r, 201);
	snprintf(id, 37, "%s", resp_str(r, "id"));
	resp_free(r);
}

static const char *reconciliation(const char *id, const struct member *who, char out[16], long *logged)
{
	struct resp *r = http_get(report_path(id, ""), who->token);
	expect_status(r, 200);
	json_t *rec = json_object_get(r->json, "reconciliation");
	snprintf(out, 16, "%s", json_string_value(json_object_get(rec, "status")));
	*logged = (long)json_expect_integer(rec, "calls_logged");
	resp_free(r);
	return out;
}

static void log_call_at(const struct member *m, const char *started_at)
{
	char body[256];
	snprintf(body, sizeof(body), "{\"direction\":\"outbound\",\"started_at\":\"%s\",\"duration_s\":30}", started_at);
	struct resp *r = http_post("/v1/call-logs", m->token, body);
	expect_status(r, 201);
	resp_free(r);
}

START_TEST(submit_with_defaults_and_one_per_day)
{
	struct resp *r = http_post("/v1/daily-reports", W.m1.token,
				   "{\"date\":\"2026-11-10\",\"calls_outbound\":12,\"done_today\":\"Обзвон базы, 2 встречи\"}");
	expect_status(r, 201);
	ck_assert_str_eq(resp_str(r, "manager_id"), W.m1.id);
	ck_assert_int_eq(json_expect_integer(r->json, "meetings"), 0);
	ck_assert(json_is_true(json_object_get(r->json, "late"))); /* submitted long after that day's 20:00 */
	ck_assert(json_is_null(json_object_get(r->json, "review")));
	ck_assert_str_eq(resp_str(r, "done_today"), "Обзвон базы, 2 встречи");
	resp_free(r);
	r = http_post("/v1/daily-reports", W.m1.token, "{\"date\":\"2026-11-10\"}");
	expect_status(r, 409);
	ck_assert_str_eq(resp_code(r), "report_exists");
	resp_free(r);
	r = http_post("/v1/daily-reports", W.m1.token, "{\"date\":\"2999-01-01\"}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "date"));
	resp_free(r);
}
END_TEST

START_TEST(validation_and_reach)
{
	struct resp *r = http_post("/v1/daily-reports", W.m1.token,
				   "{\"date\":\"2026-13-01\",\"calls_outbound\":-1,\"revenue_minor\":1.5,\"meetings\":\"2\","
				   "\"late\":true}");
	expect_status(r, 422);
	const char *fields[] = {"date", "calls_outbound", "revenue_minor", "meetings", "late"};
	for (size_t i = 0; i < 5; i++)
		ck_assert_msg(resp_has_error_field(r, fields[i]), "no error for %s: %s", fields[i], r->body);
	resp_free(r);
	char body[256];
	snprintf(body, sizeof(body), "{\"manager_id\":\"%s\",\"date\":\"2026-11-11\"}", W.m2.id);
	r = http_post("/v1/daily-reports", W.m1.token, body);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "manager_id"));
	resp_free(r);
	r = http_post("/v1/daily-reports", W.head1.token, body);
	expect_status(r, 201); /* a head may submit for their manager */
	const char *id = resp_str(r, "id");
	const struct member *blind[] = {&W.m1, &W.head2, &W.owner_b};
	for (size_t i = 0; i < 3; i++) {
		struct resp *g = http_get(report_path(id, ""), blind[i]->token);
		expect_status(g, 404);
		resp_free(g);
	}
	resp_free(r);
}
END_TEST

START_TEST(reconciliation_follows_the_call_logs)
{
	struct member u;
	ck_assert_int_eq(world_user(&W.owner_a, "Reconciled", "reconciled@alpha.test", "manager", W.team2, &u), 0);
	char id[37], st[16];
	long logged;
	submit(&u, "2026-11-12", 5, id);
	ck_assert_str_eq(reconciliation(id, &u, st, &logged), "mismatch"); /* 5 reported, none logged */
	for (int i = 0; i < 4; i++) {
		char at[40];
		snprintf(at, sizeof(at), "2026-11-12T0%d:00:00Z", i + 6);
		log_call_at(&u, at);
	}
	ck_assert_str_eq(reconciliation(id, &u, st, &logged), "match"); /* |5 - 4| <= 2 */
	ck_assert_int_eq(logged, 4);
	/* 22:00 UTC on the 12th is the 13th in Moscow: it does not count for the 12th. */
	log_call_at(&u, "2026-11-12T22:00:00Z");
	ck_assert_str_eq(reconciliation(id, &u, st, &logged), "match");
	ck_assert_int_eq(logged, 4);
	for (int i = 0; i < 4; i++) {
		char at[40];
		snprintf(at, sizeof(at), "2026-11-12T1%d:00:00Z", i);
		log_call_at(&u, at);
	}
	ck_assert_str_eq(reconciliation(id, &u, st, &logged), "mismatch"); /* 5 vs 8 */

	char id2[37];
	submit(&u, "2026-11-14", 1, id2);
	ck_assert_str_eq(reconciliation(id2, &u, st, &logged), "no_logs");

	struct resp *r = http_get("/v1/daily-reports?reconciliation=mismatch&date_from=2026-11-12&date_to=2026-11-12",
				  u.token);
	expect_status(r, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 1);
	resp_free(r);
	r = http_get("/v1/daily-reports?reconciliation=no_logs", u.token);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 1);
	resp_free(r);
}
END_TEST

START_TEST(edit_review_and_lock)
{
	char id[37];
	submit(&W.m2, "2026-11-16", 30, id);
	struct resp *r = http_patch(report_path(id, ""), W.head1.token, "{\"calls_outbound\":3}");
	expect_status(r, 403);
	resp_free(r);
	r = http_patch(report_path(id, ""), W.m2.token, "{\"date\":\"2026-11-17\"}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "date"));
	resp_free(r);
	r = http_post(report_path(id, "/review"), W.m2.token, "{\"verdict\":\"accepted\",\"score\":5}");
	expect_status(r, 403);
	resp_free(r);
	r = http_post(report_path(id, "/review"), W.head2.token, "{\"verdict\":\"accepted\",\"score\":5}");
	expect_status(r, 404);
	resp_free(r);
	r = http_post(report_path(id, "/review"), W.head1.token, "{\"verdict\":\"maybe\",\"score\":6}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "verdict"));
	ck_assert(resp_has_error_field(r, "score"));
	resp_free(r);

	r = http_post(report_path(id, "/review"), W.head1.token,
		      "{\"verdict\":\"needs_fix\",\"score\":2,\"comment\":\"В телефонии нет 30 звонков\"}");
	expect_status(r, 200);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r->json, "review"), "verdict")), "needs_fix");
	resp_free(r);
	r = http_get("/v1/daily-reports?reviewed=true&date_from=2026-11-16&date_to=2026-11-16", W.m2.token);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 1);
	resp_free(r);

	r = http_patch(report_path(id, ""), W.m2.token, "{\"calls_outbound\":3}");
	expect_status(r, 200);
	ck_assert(json_is_null(json_object_get(r->json, "review"))); /* back in the review queue */
	ck_assert_int_eq(json_expect_integer(r->json, "calls_outbound"), 3);
	resp_free(r);

	r = http_post(report_path(id, "/review"), W.owner_a.token, "{\"verdict\":\"accepted\",\"score\":4}");
	expect_status(r, 200);
	resp_free(r);
	r = http_patch(report_path(id, ""), W.m2.token, "{\"calls_outbound\":4}");
	expect_status(r, 409);
	ck_assert_str_eq(resp_code(r), "report_locked");
	resp_free(r);
	r = http_post(report_path(id, "/review"), W.head1.token, "{\"verdict\":\"needs_fix\",\"score\":1}");
	expect_status(r, 409);
	resp_free(r);
	r = http_patch(report_path(id, ""), W.owner_b.token, "{\"calls_outbound\":4}");
	expect_status(r, 404);
	resp_free(r);
}
END_TEST

START_TEST(missing_reports_on_workdays)
{
	struct member u1, u2;
	ck_assert_int_eq(world_user(&W.owner_a, "Early Bird", "early@alpha.test", "manager", W.team2, &u1), 0);
	ck_assert_int_eq(world_user(&W.owner_a, "Late Bird", "latebird@alpha.test", "manager", W.team2, &u2), 0);
	const char *hire = "{\"hired_on\":\"2025-01-01\"}";
	char p[128];
	snprintf(p, sizeof(p), "/v1/users/%s", u1.id);
	struct resp *r = http_patch(p, W.owner_a.token, hire);
	expect_status(r, 200);
	resp_free(r);
	snprintf(p, sizeof(p), "/v1/users/%s", u2.id);
	r = http_patch(p, W.owner_a.token, hire);
	resp_free(r);
	char id[37];
	submit(&u1, "2026-11-27", 10, id);

	r = http_get("/v1/daily-reports/missing?date=2026-11-27", W.head2.token);
	expect_status(r, 200);
	ck_assert(json_is_true(json_object_get(r->json, "is_workday")));
	bool u1_missing = false, u2_missing = false;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(r->json, "items"), i, it) {
		const char *m = json_string_value(json_object_get(it, "manager_id"));
		u1_missing = u1_missing || strcmp(m, u1.id) == 0;
		u2_missing = u2_missing || strcmp(m, u2.id) == 0;
		ck_assert_str_ne(m, W.m1.id); /* not in head2's teams */
	}
	ck_assert(!u1_missing);
	ck_assert(u2_missing);
	resp_free(r);

	r = http_get("/v1/daily-reports/missing?date=2026-11-21", W.head2.token); /* a Saturday */
	expect_status(r, 200);
	ck_assert(json_is_false(json_object_get(r->json, "is_workday")));
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 0);
	resp_free(r);
	r = http_get("/v1/daily-reports/missing?date=2026-11-27", W.m3.token);
	expect_status(r, 403);
	resp_free(r);
	r = http_get("/v1/daily-reports/missing", W.head2.token);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "date"));
	resp_free(r);
}
END_TEST

Suite *daily_reports_suite(void)
{
	Suite *s = suite_create("daily_reports");
	TCase *t = tcase_create("daily_reports");
	tcase_set_timeout(t, 30);
	tcase_add_test(t, submit_with_defaults_and_one_per_day);
	tcase_add_test(t, validation_and_reach);
	tcase_add_test(t, reconciliation_follows_the_call_logs);
	tcase_add_test(t, edit_review_and_lock);
	tcase_add_test(t, missing_reports_on_workdays);
	suite_add_tcase(s, t);
	return s;
}
