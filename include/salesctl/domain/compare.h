/*
 * Like-for-like comparison windows (SPEC §6.2): on the 10th, this month so far is compared with the same number of
 * elapsed workdays of the other month, not with all of it. Pure: the calendars come in, dates come out.
 */
#ifndef SALESCTL_DOMAIN_COMPARE_H
#define SALESCTL_DOMAIN_COMPARE_H

#include <stdbool.h>

#include "salesctl/domain/calendar.h"

struct compare_windows {
	int elapsed;                        /* e: the period's workdays elapsed at as_of (calendar_elapsed) */
	bool complete;                      /* as_of is past the period: both months whole */
	bool empty;                         /* as_of is before the period: nothing to count yet */
	struct civil_date from, to;         /* the period's first day .. the as_of date (or its last day) */
	bool vs_empty;                      /* e = 0: the other window holds no day */
	struct civil_date vs_from, vs_to;   /* the other period's first day .. its e-th workday (or its last day) */
};

/* The windows for comparing period (cm) at as_of with vs (vs_cm). */
void compare_windows(const struct calendar_month *cm, const struct calendar_month *vs_cm, struct civil_date as_of,
		     bool deadline_passed, struct compare_windows *out);

#endif
