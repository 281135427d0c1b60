/*
 * Personal capacity (SPEC §6.2): the workdays a manager is available in a month — the organisation's workdays within
 * [hired_on, dismissed_on], less absences of the kinds vacation, sick, day_off and training (a field day is
 * available) — and how many of them have elapsed at as_of, by the same rule as the calendar's e. Pure.
 */
#ifndef SALESCTL_DOMAIN_CAPACITY_H
#define SALESCTL_DOMAIN_CAPACITY_H

#include <stdbool.h>
#include <stddef.h>

#include "salesctl/domain/calendar.h"

struct capacity_absence {
	struct civil_date from, to;   /* inclusive */
	bool takes_capacity;          /* false for a field day */
};

struct capacity {
	int workdays;   /* W_m */
	int elapsed;    /* e_m */
};

/* dismissed may be NULL (still working). Absences of other managers must not be passed. */
void capacity_month(const struct calendar_month *cm, struct civil_date hired, const struct civil_date *dismissed,
		    const struct capacity_absence *absences, size_t n, struct civil_date as_of, bool deadline_passed,
		    struct capacity *out);
/* Whether the manager is available on day (a workday of cm in capacity). */
bool capacity_available(const struct calendar_month *cm, struct civil_date hired, const struct civil_date *dismissed,
			const struct capacity_absence *absences, size_t n, struct civil_date day);

#endif
