/* src/domain/payouts.c: marginal tiers at their boundaries, bonuses, projection, rounding and the three-times check. */
#include <math.h>

#include "salesctl/domain/payouts.h"
#include "suites.h"

/* 30,000.00 a month, 3 % of revenue up to plan, 5 % from plan, 8 % from 120 %; 10,000.00 at plan, 5,000.00 without
 * a discipline alert. */
static const struct comp_scheme scheme = {
	.base_minor = 3000000,
	.rate = 0.03,
	.tiers = {{1.0, 0.05}, {1.2, 0.08}},
	.ntiers = 2,
	.plan_bonus_minor = 1000000,
	.discipline_bonus_minor = 500000,
};

#define TARGET 10000000.0   /* 100,000.00 of revenue */

static long long commission_at(double value)
{
	struct payout p;
	payout_compute(&scheme, TARGET, value, true, &p);
	return p.commission_minor;
}

START_TEST(tiers_at_their_boundaries)
{
	ck_assert_int_eq(commission_at(0), 0);
	ck_assert_int_eq(commission_at(9999999), 300000);    /* 299,999.97 kopecks */
	ck_assert_int_eq(commission_at(10000000), 300000);   /* at the threshold: nothing above it yet */
	ck_assert_int_eq(commission_at(10000001), 300000);   /* + 0.05 of a kopeck */
	ck_assert_int_eq(commission_at(12000000), 400000);   /* + 2,000,000 × 5 % */
	ck_assert_int_eq(commission_at(12000001), 400000);
	ck_assert_int_eq(commission_at(13000000), 480000);   /* + 1,000,000 × 8 % */
	/* Marginal: one more sale never lowers the commission. */
	for (double v = 9000000; v <= 14000000; v += 250000)
		ck_assert_int_le(commission_at(v), commission_at(v + 250000));
	struct payout p;
	payout_compute(&scheme, TARGET, 9999999, true, &p);
	ck_assert_int_eq(p.plan_bonus_minor, 0);
	payout_compute(&scheme, TARGET, 10000000, true, &p);
	ck_assert_int_eq(p.plan_bonus_minor, 1000000);   /* attainment >= 1, exactly */
	ck_assert(p.has_attainment);
	ck_assert_double_eq_tol(p.attainment, 1.0, 1e-12);
	ck_assert_int_eq(p.total_minor, 3000000 + 300000 + 1000000 + 500000);
	ck_assert_int_eq(p.bonuses_minor, 1500000);
}
END_TEST

START_TEST(one_discipline_alert_loses_the_discipline_bonus)
{
	struct payout clean, alerted;
	payout_compute(&scheme, TARGET, 11000000, true, &clean);
	payout_compute(&scheme, TARGET, 11000000, false, &alerted);
	ck_assert_int_eq(clean.discipline_bonus_minor, 500000);
	ck_assert_int_eq(alerted.discipline_bonus_minor, 0);
	ck_assert_int_eq(clean.total_minor - alerted.total_minor, 500000);
	ck_assert_int_eq(clean.commission_minor, alerted.commission_minor);
	ck_assert_int_eq(alerted.plan_bonus_minor, 1000000);
}
END_TEST

START_TEST(projection_needs_an_elapsed_workday)
{
	struct payout p = {.total_minor = -1};
	ck_assert(!payout_project(&scheme, TARGET, 5000000, 20, 0, true, &p));
	ck_assert_int_eq(p.total_minor, -1);   /* untouched: nothing to project from */
	/* Half the month, 60,000.00: the pace makes 120,000.00, the plan bonus and the first accelerator. */
	ck_assert(payout_project(&scheme, TARGET, 6000000, 20, 10, true, &p));
	ck_assert_int_eq(p.commission_minor, 400000);
	ck_assert_int_eq(p.plan_bonus_minor, 1000000);
	ck_assert_int_eq(p.total_minor, 3000000 + 400000 + 1500000);
}
END_TEST

START_TEST(rounding_once_to_the_kopeck_halves_away_from_zero)
{
	struct comp_scheme s = {.rate = 0.005};
	struct payout p;
	payout_compute(&s, 0, 100, true, &p);   /* 0.5 of a kopeck */
	ck_assert_int_eq(p.commission_minor, 1);
	payout_compute(&s, 0, 99, true, &p);    /* 0.495 */
	ck_assert_int_eq(p.commission_minor, 0);
	/* Two slices of 0.4 each: once rounded, 0.8 makes a kopeck that per-slice rounding would lose. */
	struct comp_scheme two = {.rate = 0.004, .tiers = {{1.0, 0.004}}, .ntiers = 1};
	payout_compute(&two, 100, 200, true, &p);
	ck_assert_int_eq(p.commission_minor, 1);
	/* Without a target: no tiers, the whole value at the base rate, no plan bonus. */
	payout_compute(&scheme, 0, 20000000, true, &p);
	ck_assert(!p.has_attainment);
	ck_assert_int_eq(p.commission_minor, 600000);
	ck_assert_int_eq(p.plan_bonus_minor, 0);
}
END_TEST

START_TEST(the_three_times_check)
{
	struct payout_check c;
	payout_check(&scheme, TARGET, &c);
	ck_assert_int_eq(c.at_half, 3000000 + 150000 + 500000);
	ck_assert_int_eq(c.at_plan, 3000000 + 300000 + 1000000 + 500000);
	ck_assert_int_eq(c.at_120, 3000000 + 400000 + 1000000 + 500000);
	ck_assert(!c.plan_pays_three_times);   /* a large fixed part flattens it: 4.8 k against 3 × 3.65 k */
	struct comp_scheme lean = {.rate = 0.03, .tiers = {{1.0, 0.05}}, .ntiers = 1, .plan_bonus_minor = 2000000};
	payout_check(&lean, TARGET, &c);
	ck_assert_int_eq(c.at_half, 150000);
	ck_assert_int_eq(c.at_plan, 2300000);
	ck_assert(c.plan_pays_three_times);
}
END_TEST

START_TEST(schemes_that_make_no_sense_are_refused)
{
	ck_assert(comp_scheme_valid(&scheme));
	struct comp_scheme s = scheme;
	s.tiers[1].from_attainment = 0.9;   /* not ascending */
	ck_assert(!comp_scheme_valid(&s));
	s = scheme;
	s.rate = -0.01;
	ck_assert(!comp_scheme_valid(&s));
	s = scheme;
	s.tiers[0].rate = NAN;
	ck_assert(!comp_scheme_valid(&s));
	s = scheme;
	s.tiers[0].from_attainment = 0;
	ck_assert(!comp_scheme_valid(&s));
	s = scheme;
	s.base_minor = -1;
	ck_assert(!comp_scheme_valid(&s));
}
END_TEST

Suite *payouts_suite(void)
{
	Suite *s = suite_create("payouts");
	TCase *t = tcase_create("arithmetic");
	tcase_add_test(t, tiers_at_their_boundaries);
	tcase_add_test(t, one_discipline_alert_loses_the_discipline_bonus);
	tcase_add_test(t, projection_needs_an_elapsed_workday);
	tcase_add_test(t, rounding_once_to_the_kopeck_halves_away_from_zero);
	tcase_add_test(t, the_three_times_check);
	tcase_add_test(t, schemes_that_make_no_sense_are_refused);
	suite_add_tcase(s, t);
	return s;
}
