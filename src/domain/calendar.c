/* Working-day arithmetic on civil dates; no time zones here (callers convert as_of to the organisation's date). */
#include "salesctl/domain/calendar.h"

#include <ctype.h>
#include <string.h>

int days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : days[month - 1];
}

int iso_weekday(struct civil_date d)
{
	/* Sakamoto's method: 0 = Sunday. */
	static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
	int y = d.year - (d.month < 3);
	int w = (y + y / 4 - y / 100 + y / 400 + t[d.month - 1] + d.day) % 7;
	return w == 0 ? 7 : w;
}

int civil_date_parse(const char *s, struct civil_date *out)
{
	if (!s || strlen(s) < 10)
		return -1;
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return -1;
	out->year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	out->month = (s[5] - '0') * 10 + (s[6] - '0');
	out->day = (s[8] - '0') * 10 + (s[9] - '0');
	if (out->month < 1 || out->month > 12 || out->day < 1 || out->day > days_in_month(out->year, out->month))
		return -1;
	return 0;
}

int civil_date_cmp(struct civil_date a, struct civil_date b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	return a.day == b.day ? 0 : a.day < b.day ? -1 : 1;
}

void calendar_month_init(struct calendar_month *cm, int year, int month, const struct calendar_override *overrides,
			 size_t n)
{
	memset(cm, 0, sizeof(*cm));
	cm->year = year;
	cm->month = month;
	cm->ndays = days_in_month(year, month);
	for (int d = 1; d <= cm->ndays; d++)
		cm->workday[d - 1] = iso_weekday((struct civil_date){year, month, d}) < 6;
	for (size_t i = 0; i < n; i++)
		if (overrides[i].date.year == year && overrides[i].date.month == month)
			cm->workday[overrides[i].date.day - 1] = overrides[i].is_workday;
}

int calendar_workdays(const struct calendar_month *cm)
{
	int w = 0;
	for (int d = 0; d < cm->ndays; d++)
		w += cm->workday[d];
	return w;
}

int calendar_elapsed(const struct calendar_month *cm, struct civil_date as_of, bool deadline_passed)
{
	struct civil_date first = {cm->year, cm->month, 1}, last = {cm->year, cm->month, cm->ndays};
	if (civil_date_cmp(as_of, first) < 0)
		return 0;
	if (civil_date_cmp(as_of, last) > 0)
		return calendar_workdays(cm);
	int e = 0;
	for (int d = 1; d < as_of.day; d++)
		e += cm->workday[d - 1];
	if (cm->workday[as_of.day - 1] && deadline_passed)
		e++;
	return e;
}

bool calendar_nth_workday(const struct calendar_month *cm, int n, struct civil_date *out)
{
	for (int d = 1; d <= cm->ndays && n > 0; d++) {
		if (cm->workday[d - 1] && --n == 0) {
			*out = (struct civil_date){cm->year, cm->month, d};
			return true;
		}
	}
	return false;
}
