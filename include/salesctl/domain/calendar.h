/* The working-day calendar of one month (pure): Monday-Friday are workdays unless an override says otherwise
 * (national holidays, transferred workdays). */
#ifndef SALESCTL_DOMAIN_CALENDAR_H
#define SALESCTL_DOMAIN_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>

struct civil_date {
	int year, month, day;
};

struct calendar_override {
	struct civil_date date;
	bool is_workday;
};

struct calendar_month {
	int year, month;
	int ndays;
	bool workday[31];   /* workday[d - 1] for day d */
};

int days_in_month(int year, int month);
/* ISO weekday, 1 = Monday ... 7 = Sunday. */
int iso_weekday(struct civil_date d);
/* Parses YYYY-MM-DD (or the first 10 characters of a longer string); -1 when malformed. */
int civil_date_parse(const char *s, struct civil_date *out);
/* Negative, zero or positive as a is before, equal to or after b. */
int civil_date_cmp(struct civil_date a, struct civil_date b);

/* Builds the month from the overrides (those of other months are ignored). */
void calendar_month_init(struct calendar_month *cm, int year, int month, const struct calendar_override *overrides,
			 size_t n);
/* W: the workdays of the month. */
int calendar_workdays(const struct calendar_month *cm);
/*
 * e: workdays strictly before as_of, plus as_of itself when it is a workday whose report deadline has passed
 * (SPEC §3). Before the month: 0; after it: W.
 */
int calendar_elapsed(const struct calendar_month *cm, struct civil_date as_of, bool deadline_passed);
/* The day of the month's n-th workday (n from 1); false when the month has fewer than n. */
bool calendar_nth_workday(const struct calendar_month *cm, int n, struct civil_date *out);

#endif
