/* Personal capacity (see the header). A month has at most 31 days, so each question is a walk over them. */
#include "salesctl/domain/capacity.h"

#include <string.h>

bool capacity_available(const struct calendar_month *cm, struct civil_date hired, const struct civil_date *dismissed,
			const struct capacity_absence *absences, size_t n, struct civil_date day)
{
	if (day.year != cm->year || day.month != cm->month || day.day < 1 || day.day > cm->ndays ||
	    !cm->workday[day.day - 1])
		return false;
	if (civil_date_cmp(day, hired) < 0 || (dismissed && civil_date_cmp(day, *dismissed) > 0))
		return false;
	for (size_t i = 0; i < n; i++)
		if (absences[i].takes_capacity && civil_date_cmp(day, absences[i].from) >= 0 &&
		    civil_date_cmp(day, absences[i].to) <= 0)
			return false;
	return true;
}

void capacity_month(const struct calendar_month *cm, struct civil_date hired, const struct civil_date *dismissed,
		    const struct capacity_absence *absences, size_t n, struct civil_date as_of, bool deadline_passed,
		    struct capacity *out)
{
	memset(out, 0, sizeof(*out));
	struct civil_date first = {cm->year, cm->month, 1};
	bool before = civil_date_cmp(as_of, first) < 0;
	bool after = !before && (as_of.year != cm->year || as_of.month != cm->month);
	for (int d = 1; d <= cm->ndays; d++) {
		struct civil_date day = {cm->year, cm->month, d};
		if (!capacity_available(cm, hired, dismissed, absences, n, day))
			continue;
		out->workdays++;
		/* Elapsed: before as_of, and as_of itself once its report deadline has passed (SPEC §3). */
		if (after || (!before && (d < as_of.day || (d == as_of.day && deadline_passed))))
			out->elapsed++;
	}
}
