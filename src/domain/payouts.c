/* Payout arithmetic: marginal commission tiers, bonuses, projection and the three-times check (see the header). */
#include "salesctl/domain/payouts.h"

#include <math.h>
#include <string.h>

/* The commission of value, slice by slice, rounded once. */
static long long commission_of(const struct comp_scheme *s, double target, double value)
{
	if (value <= 0)
		return 0;
	long double sum = 0, from = 0;
	double rate = s->rate;
	for (size_t i = 0; target > 0 && i < s->ntiers; i++) {
		long double to = (long double)s->tiers[i].from_attainment * target;
		if (value <= to)
			break;
		sum += (to - from) * rate;
		from = to;
		rate = s->tiers[i].rate;
	}
	sum += ((long double)value - from) * rate;
	return llroundl(sum);
}

void payout_compute(const struct comp_scheme *s, double target, double value, bool clean, struct payout *out)
{
	memset(out, 0, sizeof(*out));
	out->has_attainment = target > 0;
	out->attainment = target > 0 ? value / target : 0;
	out->base_minor = s->base_minor;
	out->commission_minor = commission_of(s, target, value);
	out->plan_bonus_minor = out->has_attainment && out->attainment >= 1 ? s->plan_bonus_minor : 0;
	out->discipline_bonus_minor = clean ? s->discipline_bonus_minor : 0;
	out->bonuses_minor = out->plan_bonus_minor + out->discipline_bonus_minor;
	out->total_minor = out->base_minor + out->commission_minor + out->bonuses_minor;
}

bool payout_project(const struct comp_scheme *s, double target, double value, int workdays, int elapsed, bool clean,
		    struct payout *out)
{
	if (elapsed <= 0 || workdays <= 0)
		return false;
	payout_compute(s, target, value * workdays / elapsed, clean, out);
	return true;
}

void payout_check(const struct comp_scheme *s, double target, struct payout_check *out)
{
	struct payout p;
	payout_compute(s, target, 0.5 * target, true, &p);
	out->at_half = p.total_minor;
	payout_compute(s, target, target, true, &p);
	out->at_plan = p.total_minor;
	payout_compute(s, target, 1.2 * target, true, &p);
	out->at_120 = p.total_minor;
	out->plan_pays_three_times = out->at_plan >= 3 * out->at_half;
}

bool comp_scheme_valid(const struct comp_scheme *s)
{
	if (s->base_minor < 0 || s->plan_bonus_minor < 0 || s->discipline_bonus_minor < 0 || !(s->rate >= 0) ||
	    s->ntiers > PAYOUT_MAX_TIERS)
		return false;
	for (size_t i = 0; i < s->ntiers; i++)
		if (!(s->tiers[i].rate >= 0) || !(s->tiers[i].from_attainment > 0) || !isfinite(s->tiers[i].from_attainment) ||
		    (i > 0 && !(s->tiers[i].from_attainment > s->tiers[i - 1].from_attainment)))
			return false;
	return true;
}
