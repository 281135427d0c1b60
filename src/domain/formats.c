/* Format checks used by request validation. Everything here is pure except the time zone table, which is set
 * once at start-up from PostgreSQL's pg_timezone_names so that what we accept is exactly what the database can use. */
#include "salesctl/domain/formats.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

size_t utf8_length(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			n++;
	return n;
}

bool format_is_uuid(const char *s)
{
	if (strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!isxdigit((unsigned char)s[i])) {
			return false;
		}
	}
	return true;
}

static bool digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static int num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

static bool date_prefix_ok(const char *s)
{
	if (!digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2))
		return false;
	int y = num(s, 4), m = num(s + 5, 2), d = num(s + 8, 2);
	return y >= 1900 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

bool format_is_date(const char *s)
{
	return strlen(s) == 10 && date_prefix_ok(s);
}

bool format_is_period(const char *s)
{
	if (strlen(s) != 7 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2))
		return false;
	int y = num(s, 4), m = num(s + 5, 2);
	return y >= 1900 && m >= 1 && m <= 12;
}

bool format_is_time_hm(const char *s)
{
	return strlen(s) == 5 && digits(s, 2) && s[2] == ':' && digits(s + 3, 2) && num(s, 2) < 24 && num(s + 3, 2) < 60;
}

bool format_is_email(const char *s)
{
	size_t len = strlen(s);
	const char *at = strchr(s, '@');
	if (len > 254 || !at || at == s || strchr(at + 1, '@'))
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			return false;
	const char *dot = strrchr(at + 1, '.');
	return dot && dot > at + 1 && dot[1] != '\0';
}

bool format_is_currency(const char *s)
{
	return strlen(s) == 3 && isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]) &&
	       isupper((unsigned char)s[2]) && (unsigned char)s[0] < 0x80;
}

/* RFC 3339 date-time that PostgreSQL's timestamptz holds and renders back as RFC 3339: seconds up to 60 (a leap
 * second), at most 9 fraction digits (PostgreSQL keeps 6 and rounds), an offset within PostgreSQL's ±15:59, and an
 * instant whose UTC year is 1900-9999 (9999-12-31T23:59:59-12:00 is year 10000 in UTC, which PostgreSQL stores but
 * then prints without a four-digit year). */
bool format_is_timestamp(const char *s)
{
	size_t len = strlen(s);
	if (len < 20 || !date_prefix_ok(s) || (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2) || s[13] != ':' ||
	    !digits(s + 14, 2) || s[16] != ':' || !digits(s + 17, 2))
		return false;
	if (num(s + 11, 2) > 23 || num(s + 14, 2) > 59 || num(s + 17, 2) > 60)
		return false;
	const char *p = s + 19;
	if (*p == '.') {
		const char *fraction = ++p;
		while (isdigit((unsigned char)*p))
			p++;
		if (p == fraction || p - fraction > 9)
			return false;
	}
	int offset_minutes = 0;
	if (*p == 'Z' || *p == 'z') {
		if (p[1] != '\0')
			return false;
	} else if ((*p == '+' || *p == '-') && strlen(p) == 6 && digits(p + 1, 2) && p[3] == ':' && digits(p + 4, 2) &&
		   num(p + 1, 2) <= 15 && num(p + 4, 2) < 60) {
		offset_minutes = (*p == '-' ? -1 : 1) * (num(p + 1, 2) * 60 + num(p + 4, 2));
	} else {
		return false;
	}
	/* The UTC instant may leave 1900-9999 only on the first or the last day of that range. */
	int local_minutes = num(s + 11, 2) * 60 + num(s + 14, 2), utc_minutes = local_minutes - offset_minutes;
	if (strncmp(s, "9999-12-31", 10) == 0 && utc_minutes >= 24 * 60)
		return false;
	if (strncmp(s, "1900-01-01", 10) == 0 && utc_minutes < 0)
		return false;
	return true;
}

static char **tz_names;
static size_t tz_count;

static int tz_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void tz_clear(void)
{
	for (size_t i = 0; i < tz_count; i++)
		free(tz_names[i]);
	free(tz_names);
	tz_names = NULL;
	tz_count = 0;
}

int tz_set_known(const char *const *names, size_t n)
{
	tz_clear();
	tz_names = calloc(n ? n : 1, sizeof(char *));
	if (!tz_names)
		return -1;
	for (size_t i = 0; i < n; i++) {
		tz_names[i] = strdup(names[i]);
		if (!tz_names[i]) {
			tz_count = i;
			tz_clear();
			return -1;
		}
	}
	tz_count = n;
	qsort(tz_names, tz_count, sizeof(char *), tz_cmp);
	return 0;
}

bool tz_is_known(const char *name)
{
	return tz_count && bsearch(&name, tz_names, tz_count, sizeof(char *), tz_cmp) != NULL;
}
