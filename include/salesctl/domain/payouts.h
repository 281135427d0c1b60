/*
 * Payout arithmetic (SPEC §6.4), pure: a compensation scheme applied to one manager's period. All amounts are in
 * minor units of the organisation's currency.
 *
 * Commission is marginal, like tax brackets: the commission metric's value is cut at the accelerators' thresholds
 * (from_attainment × target) and each slice is paid at its own rate — below the first threshold at the base rate.
 * Marginal rather than "the whole amount at the reached tier's rate" so that one more sale never lowers the pay and a
 * threshold is not a cliff worth gaming. Without a target there are no thresholds: the whole value at the base rate.
 *
 * Rounding: the commission is summed over the slices exactly (long double) and rounded once to whole minor units,
 * halves away from zero — the way payroll rounds kopecks — so that the result does not depend on how the tiers cut
 * the value; base and bonuses are whole minor units already.
 */
#ifndef SALESCTL_DOMAIN_PAYOUTS_H
#define SALESCTL_DOMAIN_PAYOUTS_H

#include <stdbool.h>
#include <stddef.h>

#define PAYOUT_MAX_TIERS 8

struct payout_tier {
	double from_attainment;   /* > 0, ascending */
	double rate;              /* per unit of the metric: 0.05 of revenue, or minor units per deal */
};

struct comp_scheme {
	long long base_minor;
	double rate;              /* below the first tier */
	struct payout_tier tiers[PAYOUT_MAX_TIERS];
	size_t ntiers;
	long long plan_bonus_minor;        /* paid at attainment >= 1 */
	long long discipline_bonus_minor;  /* paid when the period had no discipline alert */
};

struct payout {
	long long base_minor, commission_minor, plan_bonus_minor, discipline_bonus_minor, bonuses_minor, total_minor;
	bool has_attainment;
	double attainment;        /* value / target, when there is a target */
};

/* The payout for a period in which the commission metric reached value against target (<= 0: none); clean says the
 * period had no report_missing, report_mismatch or task_overdue alert. */
void payout_compute(const struct comp_scheme *s, double target, double value, bool clean, struct payout *out);

/* The payout at the forecast of value after elapsed of workdays (value × workdays / elapsed); false, out untouched,
 * when no workday has elapsed: there is no pace to project from. */
bool payout_project(const struct comp_scheme *s, double target, double value, int workdays, int elapsed, bool clean,
		    struct payout *out);

/* The three-times check: the totals at attainment 0.5, 1.0 and 1.2 of target (a clean period), and whether a plan
 * achiever earns at least three times what a half-achiever earns. */
struct payout_check {
	long long at_half, at_plan, at_120;
	bool plan_pays_three_times;
};
void payout_check(const struct comp_scheme *s, double target, struct payout_check *out);

/* Whether a scheme is well formed: rates >= 0, tiers ascending from above 0, amounts >= 0. */
bool comp_scheme_valid(const struct comp_scheme *s);

#endif
