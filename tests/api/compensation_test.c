/*
 * Compensation schemes and payouts: owners write schemes and everyone reads them; the three-times check; payouts of
 * the month from plan status's figures, each manager their own, a manager without a scheme at zero. The arithmetic's
 * own cases are the unit tests of domain/payouts.c; here the figures travel through the API.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "world.h"

#define HUNTERS "5c4e3e00-0000-4000-8000-0000000000a1"

static const char *const hunters_body =
	"{\"name\":\"Охотники\",\"applies_to\":{\"sales_role\":\"hunter\"},\"base_minor\":3000000,"
	"\"commission\":{\"metric\":\"revenue_minor\",\"rate\":0.03},"
	"\"accelerators\":[{\"from_attainment\":1.0,\"rate\":0.05},{\"from_attainment\":1.2,\"rate\":0.08}],"
	"\"plan_bonus_minor\":1000000,\"discipline_bonus_minor\":500000}";

static struct resp *put_scheme(const struct member *who, const char *id, const char *body)
{
	char path[96];
	snprintf(path, sizeof(path), "/v1/compensation-schemes/%s", id);
	return http_call("PUT", path, who->token, body, NULL);
}

START_TEST(schemes_and_their_check)
{
	struct member o, h, m;
	char org[37], team[37];
	ck_assert_int_eq(world_org("payco", org, &o), 0);
	ck_assert_int_eq(world_user(&o, "Head", "head@payco.test", "head", NULL, &h), 0);
	ck_assert_int_eq(world_team(&o, "T", h.id, team), 0);
	ck_assert_int_eq(world_user(&o, "M", "m@payco.test", "manager", team, &m), 0);
	struct resp *r = put_scheme(&o, HUNTERS, hunters_body);
	expect_status(r, 201);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r->json, "applies_to"), "sales_role")), "hunter");
	resp_free(r);
	r = put_scheme(&o, HUNTERS, hunters_body);
	expect_status(r, 200);
	resp_free(r);
	r = put_scheme(&h, HUNTERS, hunters_body);
	expect_status(r, 403);
	resp_free(r);
	/* Every bad part named at once. */
	r = put_scheme(&o, HUNTERS,
		       "{\"name\":\"\",\"applies_to\":{\"role\":\"manager\",\"sales_role\":\"scout\"},\"base_minor\":-1,"
		       "\"commission\":{\"metric\":\"smiles\",\"rate\":-1},"
		       "\"accelerators\":[{\"from_attainment\":1.2,\"rate\":0.05},{\"from_attainment\":1.0,\"rate\":0.08}]}");
	expect_status(r, 422);
	const char *bad[] = {"name", "applies_to", "base_minor", "commission.metric", "commission.rate",
			     "accelerators[1].from_attainment"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(resp_has_error_field(r, bad[i]), "no error on %s: %s", bad[i], r->body);
	resp_free(r);
	/* A manager reads the schemes (to count their own pay), not the check. */
	r = http_get("/v1/compensation-schemes", m.token);
	expect_status(r, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 1);
	resp_free(r);
	char path[128];
	snprintf(path, sizeof(path), "/v1/compensation-schemes/%s/check?target=10000000", HUNTERS);
	r = http_get(path, m.token);
	expect_status(r, 403);
	resp_free(r);
	r = http_get(path, h.token);
	expect_status(r, 200);
	json_t *at = json_object_get(r->json, "at_attainment");
	ck_assert_int_eq(json_expect_integer(at, "0.5"), 3650000);
	ck_assert_int_eq(json_expect_integer(at, "1.0"), 4800000);
	ck_assert_int_eq(json_expect_integer(at, "1.2"), 4900000);
	ck_assert(json_is_false(json_object_get(r->json, "plan_pays_three_times")));
	resp_free(r);
	/* Another organisation neither reads nor takes the id. */
	r = http_get(path, W.owner_a.token);
	expect_status(r, 404);
	resp_free(r);
	r = put_scheme(&W.owner_a, HUNTERS, hunters_body);
	expect_status(r, 404);
	resp_free(r);
}
END_TEST

START_TEST(payouts_of_the_month)
{
	struct member o, h, hunter, farmer;
	char org[37], team[37], path[256], body[512], today[11], month[8];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	strftime(month, sizeof(month), "%Y-%m", &tm);
	ck_assert_int_eq(world_org("payoutco", org, &o), 0);
	struct resp *r = http_patch("/v1/org", o.token, "{\"timezone\":\"UTC\"}");
	expect_status(r, 200);
	resp_free(r);
	ck_assert_int_eq(world_user(&o, "Head", "head@payoutco.test", "head", NULL, &h), 0);
	ck_assert_int_eq(world_team(&o, "T", h.id, team), 0);
	ck_assert_int_eq(world_user(&o, "Hunter", "hunter@payoutco.test", "manager", team, &hunter), 0);
	ck_assert_int_eq(world_user(&o, "Farmer", "farmer@payoutco.test", "manager", team, &farmer), 0);
	const struct member *people[] = {&hunter, &farmer};
	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "/v1/users/%s", people[i]->id);
		r = http_patch(path, o.token, i == 0 ? "{\"timezone\":\"UTC\",\"sales_role\":\"hunter\"}"
						    : "{\"timezone\":\"UTC\",\"sales_role\":\"farmer\"}");
		expect_status(r, 200);
		resp_free(r);
	}
	r = put_scheme(&o, "5c4e3e00-0000-4000-8000-0000000000b1", hunters_body);
	expect_status(r, 201);
	resp_free(r);
	snprintf(body, sizeof(body), "{\"subject_type\":\"manager\",\"subject_id\":\"%s\",\"targets\":{\"revenue_minor\":10000000}}",
		 hunter.id);
	snprintf(path, sizeof(path), "/v1/plans/%s", month);
	r = http_call("PUT", path, o.token, body, NULL);
	expect_status(r, 201);
	resp_free(r);
	snprintf(body, sizeof(body), "{\"date\":\"%s\",\"deals_won\":2,\"revenue_minor\":6000000}", today);
	r = http_post("/v1/daily-reports", hunter.token, body);
	expect_status(r, 201);
	resp_free(r);
	r = http_post("/v1/admin/scheduler/run", o.token, "{}");
	expect_status(r, 200);
	resp_free(r);

	r = http_get("/v1/payouts", h.token);
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "period"), month);
	json_t *items = json_object_get(r->json, "items");
	ck_assert_uint_eq(json_array_size(items), 2);
	json_t *mine = NULL, *farmers = NULL;
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it) {
		if (strcmp(json_string_value(json_object_get(it, "manager_id")), hunter.id) == 0)
			mine = it;
		else
			farmers = it;
	}
	ck_assert_ptr_nonnull(mine);
	ck_assert_str_eq(json_string_value(json_object_get(mine, "scheme_id")), "5c4e3e00-0000-4000-8000-0000000000b1");
	ck_assert_int_eq(json_expect_integer(mine, "actual"), 6000000);
	ck_assert_int_eq(json_expect_integer(mine, "target"), 10000000);
	ck_assert_int_eq(json_expect_integer(mine, "base_minor"), 3000000);
	ck_assert_int_eq(json_expect_integer(mine, "commission_minor"), 180000);   /* 3 % below plan */
	json_t *parts = json_object_get(mine, "components");
	ck_assert_int_eq(json_expect_integer(parts, "plan_bonus_minor"), 0);
	ck_assert_int_eq(json_expect_integer(parts, "discipline_alerts"), 0);
	ck_assert_int_eq(json_expect_integer(parts, "discipline_bonus_minor"), 500000);
	ck_assert_int_eq(json_expect_integer(mine, "total_minor"), 3680000);
	json_t *projected = json_object_get(mine, "projected_total_minor");
	ck_assert(json_is_null(projected) || json_integer_value(projected) >= 3680000);
	/* No scheme for farmers: nothing owed, said so. */
	ck_assert(json_is_null(json_object_get(farmers, "scheme_id")));
	ck_assert_int_eq(json_expect_integer(farmers, "total_minor"), 0);
	resp_free(r);
	/* A changed scheme shows at once: answers are kept only while nothing behind them changes. */
	r = put_scheme(&o, "5c4e3e00-0000-4000-8000-0000000000b1",
		       "{\"name\":\"Охотники\",\"applies_to\":{\"sales_role\":\"hunter\"},\"base_minor\":4000000,"
		       "\"commission\":{\"metric\":\"revenue_minor\",\"rate\":0.03}}");
	expect_status(r, 200);
	resp_free(r);
	r = http_get("/v1/payouts", h.token);
	expect_status(r, 200);
	json_array_foreach(json_object_get(r->json, "items"), i, it)
		if (strcmp(json_string_value(json_object_get(it, "manager_id")), hunter.id) == 0)
			ck_assert_int_eq(json_expect_integer(it, "base_minor"), 4000000);
	resp_free(r);
	/* A manager reads their own line only. */
	r = http_get("/v1/payouts", hunter.token);
	expect_status(r, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 1);
	resp_free(r);
	r = http_get("/v1/payouts?period=2026-13&x=1", o.token);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "x"));
	resp_free(r);
}
END_TEST

Suite *compensation_suite(void)
{
	Suite *s = suite_create("compensation");
	TCase *t = tcase_create("compensation");
	tcase_set_timeout(t, 30);
	tcase_add_test(t, schemes_and_their_check);
	tcase_add_test(t, payouts_of_the_month);
	suite_add_tcase(s, t);
	return s;
}
