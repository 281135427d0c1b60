/* Pure checks of the text formats the API accepts: ids, dates, times, emails, currencies, time zones, UTF-8. */
#ifndef SALESCTL_DOMAIN_FORMATS_H
#define SALESCTL_DOMAIN_FORMATS_H

#include <stdbool.h>
#include <stddef.h>

/* Characters (code points) in a valid UTF-8 string. */
size_t utf8_length(const char *s);
/* Canonical lowercase 8-4-4-4-12 hex UUID (upper case accepted). */
bool format_is_uuid(const char *s);
/* YYYY-MM-DD naming a day that exists (1900-01-01 .. 9999-12-31). */
bool format_is_date(const char *s);
/* YYYY-MM (month 01-12). */
bool format_is_period(const char *s);
/* HH:MM, 00:00-23:59. */
bool format_is_time_hm(const char *s);
/* A plausible address: local@domain.tld, no spaces or control characters, at most 254 bytes. */
bool format_is_email(const char *s);
/* Three upper-case Latin letters (ISO 4217 alphabetic code form). */
bool format_is_currency(const char *s);
/* RFC 3339 date-time with seconds and an offset ("Z" or ±HH:MM). */
bool format_is_timestamp(const char *s);

/*
 * The IANA time zone names PostgreSQL knows, loaded once at start-up (before any thread) and read-only after.
 * tz_set_known copies the names; tz_is_known is then a binary search.
 */
int tz_set_known(const char *const *names, size_t n);
bool tz_is_known(const char *name);
void tz_clear(void);

#endif
