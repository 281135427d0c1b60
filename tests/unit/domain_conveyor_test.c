/* src/domain/conveyor.c: medians, each member beside their stage's, the understaffed flag and the weakest stage. */
#include "salesctl/domain/conveyor.h"
#include "suites.h"

static struct maybe some(double v)
{
	return (struct maybe){.null = false, .value = v};
}

static const struct maybe none = {.null = true};

START_TEST(medians_skip_what_is_unknown)
{
	struct maybe odd[] = {some(3), none, some(1), some(2)};
	ck_assert_double_eq(conveyor_median(odd, 4).value, 2);
	struct maybe even[] = {some(4), some(1), some(3), some(2)};
	ck_assert_double_eq(conveyor_median(even, 4).value, 2.5);
	ck_assert(conveyor_median(&none, 1).null);
	ck_assert(conveyor_median(NULL, 0).null);
}
END_TEST

START_TEST(stages_and_the_weakest)
{
	/* Two scouts at 60 % and 80 % of their leads plan, three hunters at 100-120 % of deals, one farmer without a plan. */
	struct conveyor_member m[] = {
		{STAGE_SCOUT, some(30), some(0.6), none}, {STAGE_SCOUT, some(50), some(0.8), none},
		{STAGE_HUNTER, some(0.25), some(1.0), none}, {STAGE_HUNTER, some(0.5), some(1.2), none},
		{STAGE_HUNTER, some(0.4), some(1.1), none},  {STAGE_FARMER, some(900000), none, none},
	};
	struct conveyor_stage_result out[STAGE__COUNT];
	ck_assert_int_eq(conveyor_evaluate(m, 6, out), STAGE_SCOUT);
	ck_assert_int_eq(out[STAGE_SCOUT].members, 2);
	ck_assert_double_eq(out[STAGE_SCOUT].median.value, 40);
	ck_assert_double_eq_tol(out[STAGE_SCOUT].median_attainment.value, 0.7, 1e-12);
	ck_assert(!out[STAGE_SCOUT].understaffed);
	ck_assert_double_eq_tol(m[0].to_median.value, 0.75, 1e-12);
	ck_assert_double_eq_tol(m[1].to_median.value, 1.25, 1e-12);
	ck_assert_double_eq(out[STAGE_HUNTER].median.value, 0.4);
	ck_assert_double_eq_tol(m[2].to_median.value, 0.625, 1e-12);
	ck_assert(out[STAGE_FARMER].understaffed);   /* one person: the stage stops with them */
	ck_assert(out[STAGE_FARMER].median_attainment.null);
	ck_assert_double_eq(m[5].to_median.value, 1);
	/* Without any plan, no stage is ranked. */
	struct conveyor_member unplanned[] = {{STAGE_HUNTER, some(0.3), none, none}};
	ck_assert_int_eq(conveyor_evaluate(unplanned, 1, out), -1);
	ck_assert_int_eq(out[STAGE_SCOUT].members, 0);
	ck_assert(out[STAGE_SCOUT].median.null);
	ck_assert_int_eq(conveyor_stage_parse("hunter"), STAGE_HUNTER);
	ck_assert_int_eq(conveyor_stage_parse("closer"), -1);
	ck_assert_int_eq(conveyor_stage_parse(NULL), -1);
}
END_TEST

Suite *conveyor_suite(void)
{
	Suite *s = suite_create("conveyor");
	TCase *t = tcase_create("conveyor");
	tcase_add_test(t, medians_skip_what_is_unknown);
	tcase_add_test(t, stages_and_the_weakest);
	suite_add_tcase(s, t);
	return s;
}
