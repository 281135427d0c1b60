/* Like-for-like comparison windows (see the header). */
#include "salesctl/domain/compare.h"

#include <string.h>

void compare_windows(const struct calendar_month *cm, const struct calendar_month *vs_cm, struct civil_date as_of,
		     bool deadline_passed, struct compare_windows *out)
{
	memset(out, 0, sizeof(*out));
	struct civil_date first = {cm->year, cm->month, 1}, last = {cm->year, cm->month, cm->ndays};
	struct civil_date vs_last = {vs_cm->year, vs_cm->month, vs_cm->ndays};
	out->from = first;
	out->vs_from = (struct civil_date){vs_cm->year, vs_cm->month, 1};
	out->elapsed = calendar_elapsed(cm, as_of, deadline_passed);
	out->empty = civil_date_cmp(as_of, first) < 0;
	out->complete = civil_date_cmp(as_of, last) > 0;
	out->to = out->complete ? last : as_of;
	if (out->complete) {
		out->vs_to = vs_last;
	} else if (out->elapsed == 0) {
		out->vs_empty = true;
	} else if (!calendar_nth_workday(vs_cm, out->elapsed, &out->vs_to)) {
		out->vs_to = vs_last;   /* the other month has fewer workdays: all of it */
	}
}
