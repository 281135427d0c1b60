/* The sales conveyor view: each stage's measure per member beside the median, the understaffed flag, the weakest
 * stage, from reports, the CRM's deals and the plans of the month. Everyone here lives in UTC. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "world.h"

static json_t *stage_of(json_t *answer, const char *stage)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(answer, "stages"), i, s)
		if (strcmp(json_string_value(json_object_get(s, "stage")), stage) == 0)
			return s;
	return NULL;
}

static json_t *person_of(json_t *stage, const char *id)
{
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(stage, "people"), i, p)
		if (strcmp(json_string_value(json_object_get(p, "manager_id")), id) == 0)
			return p;
	return NULL;
}

START_TEST(stages_medians_and_the_weakest)
{
	struct member o, h, s1, s2, h1, h2, f1;
	char org[37], team[37], today[11], month[8], body[1024], path[256];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	strftime(month, sizeof(month), "%Y-%m", &tm);
	ck_assert_int_eq(world_org("conveyorco", org, &o), 0);
	struct resp *r = http_patch("/v1/org", o.token, "{\"timezone\":\"UTC\"}");
	expect_status(r, 200);
	resp_free(r);
	ck_assert_int_eq(world_user(&o, "Head", "head@conveyorco.test", "head", NULL, &h), 0);
	ck_assert_int_eq(world_team(&o, "T", h.id, team), 0);
	struct {
		struct member *m;
		const char *name, *role, *report;
		int target_leads, target_deals;
	} people[] = {
		{&s1, "Скаут Один", "scout", "\"leads_processed\":30", 50, 0},
		{&s2, "Скаут Два", "scout", "\"leads_processed\":40", 50, 0},
		{&h1, "Охотник Один", "hunter", "\"leads_processed\":4,\"deals_won\":2", 0, 2},
		{&h2, "Охотник Два", "hunter", "\"leads_processed\":8,\"deals_won\":2", 0, 2},
		{&f1, "Фермер", "farmer", "\"deals_won\":3,\"revenue_minor\":900000", 0, 0},
	};
	for (size_t i = 0; i < 5; i++) {
		char email[64];
		snprintf(email, sizeof(email), "p%zu@conveyorco.test", i);
		ck_assert_int_eq(world_user(&o, people[i].name, email, "manager", team, people[i].m), 0);
		snprintf(path, sizeof(path), "/v1/users/%s", people[i].m->id);
		snprintf(body, sizeof(body), "{\"timezone\":\"UTC\",\"sales_role\":\"%s\"}", people[i].role);
		r = http_patch(path, o.token, body);
		expect_status(r, 200);
		resp_free(r);
		snprintf(body, sizeof(body), "{\"date\":\"%s\",%s}", today, people[i].report);
		r = http_post("/v1/daily-reports", people[i].m->token, body);
		expect_status(r, 201);
		resp_free(r);
		if (people[i].target_leads || people[i].target_deals) {
			snprintf(body, sizeof(body), "{\"subject_type\":\"manager\",\"subject_id\":\"%s\",\"targets\":{\"%s\":%d}}",
				 people[i].m->id, people[i].target_leads ? "leads_processed" : "deals_won",
				 people[i].target_leads ? people[i].target_leads : people[i].target_deals);
			snprintf(path, sizeof(path), "/v1/plans/%s", month);
			r = http_call("PUT", path, o.token, body, NULL);
			expect_status(r, 201);
			resp_free(r);
		}
	}
	/* The first hunter's deals in the CRM: one won, one lost this month. */
	snprintf(body, sizeof(body),
		 "{\"items\":[{\"external_id\":\"cv-1\",\"type\":\"deal.created\",\"occurred_at\":\"%sT01:00:00Z\",\"manager_id\":\"%s\",\"deal_id\":\"CV-1\"},"
		 "{\"external_id\":\"cv-2\",\"type\":\"deal.won\",\"occurred_at\":\"%sT02:00:00Z\",\"manager_id\":\"%s\",\"deal_id\":\"CV-1\"},"
		 "{\"external_id\":\"cv-3\",\"type\":\"deal.created\",\"occurred_at\":\"%sT01:00:00Z\",\"manager_id\":\"%s\",\"deal_id\":\"CV-2\"},"
		 "{\"external_id\":\"cv-4\",\"type\":\"deal.lost\",\"occurred_at\":\"%sT02:00:00Z\",\"manager_id\":\"%s\",\"deal_id\":\"CV-2\"}]}",
		 today, h1.id, today, h1.id, today, h1.id, today, h1.id);
	r = http_post("/v1/crm-events/batch", o.token, body);
	expect_status(r, 200);
	resp_free(r);
	r = http_post("/v1/admin/scheduler/run", o.token, "{}");
	expect_status(r, 200);
	resp_free(r);

	snprintf(path, sizeof(path), "/v1/conveyor?team_id=%s", team);
	r = http_get(path, h.token);
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "period"), month);
	ck_assert_str_eq(resp_str(r, "weakest_stage"), "scout");   /* 0.7 of plan against the hunters' 1.0 */
	json_t *scouts = stage_of(r->json, "scout"), *hunters = stage_of(r->json, "hunter"), *farmers = stage_of(r->json, "farmer");
	ck_assert_int_eq(json_expect_integer(scouts, "members"), 2);
	ck_assert_double_eq_tol(json_expect_number(scouts, "median"), 35, 1e-9);
	ck_assert_double_eq_tol(json_expect_number(scouts, "median_attainment"), 0.7, 1e-9);
	ck_assert_double_eq_tol(json_expect_number(person_of(scouts, s1.id), "to_median"), 30.0 / 35, 1e-9);
	ck_assert_double_eq_tol(json_expect_number(person_of(hunters, h1.id), "value"), 0.5, 1e-9);    /* the CRM's */
	ck_assert_double_eq_tol(json_expect_number(person_of(hunters, h2.id), "value"), 0.25, 1e-9);   /* 2 of 8 */
	ck_assert_double_eq_tol(json_expect_number(hunters, "median"), 0.375, 1e-9);
	ck_assert_double_eq_tol(json_expect_number(hunters, "median_attainment"), 1.0, 1e-9);
	ck_assert(json_is_true(json_object_get(farmers, "understaffed")));
	ck_assert_double_eq_tol(json_expect_number(person_of(farmers, f1.id), "value"), 300000, 1e-9);
	ck_assert(json_is_null(json_object_get(person_of(farmers, f1.id), "attainment")));
	ck_assert(json_is_false(json_object_get(scouts, "understaffed")));
	resp_free(r);
	r = http_get(path, s1.token);
	expect_status(r, 403);
	resp_free(r);
	r = http_get(path, W.owner_a.token);
	expect_status(r, 404);
	resp_free(r);
	r = http_get("/v1/conveyor?period=2026-13&x=1", o.token);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "x"));
	resp_free(r);
}
END_TEST

Suite *conveyor_api_suite(void)
{
	Suite *s = suite_create("conveyor_api");
	TCase *t = tcase_create("conveyor");
	tcase_set_timeout(t, 30);
	tcase_add_test(t, stages_medians_and_the_weakest);
	suite_add_tcase(s, t);
	return s;
}
