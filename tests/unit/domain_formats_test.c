/* Format checks: UUIDs, dates, periods, times, emails, currencies, timestamps, UTF-8 length, time zones. */
#include "salesctl/domain/formats.h"
#include "salesctl/domain/roles.h"
#include "suites.h"

START_TEST(uuids)
{
	ck_assert(format_is_uuid("5a1e5c71-0000-4000-8000-000000000001"));
	ck_assert(format_is_uuid("5A1E5C71-0000-4000-8000-00000000000F"));
	ck_assert(!format_is_uuid("5a1e5c71-0000-4000-8000-00000000000"));
	ck_assert(!format_is_uuid("5a1e5c71000040008000000000000001xxxx"));
	ck_assert(!format_is_uuid("5a1e5c71-0000-4000-8000-00000000000g"));
	ck_assert(!format_is_uuid(""));
}
END_TEST

START_TEST(dates_that_exist)
{
	ck_assert(format_is_date("2024-02-29"));
	ck_assert(format_is_date("2000-02-29"));
	ck_assert(!format_is_date("1900-02-29"));
	ck_assert(!format_is_date("2023-02-29"));
	ck_assert(!format_is_date("2023-04-31"));
	ck_assert(!format_is_date("2023-13-01"));
	ck_assert(!format_is_date("2023-00-10"));
	ck_assert(!format_is_date("2023-1-10"));
	ck_assert(!format_is_date("2023-01-10T"));
	ck_assert(format_is_period("2026-11"));
	ck_assert(!format_is_period("2026-13"));
	ck_assert(!format_is_period("2026-1"));
}
END_TEST

START_TEST(times_and_timestamps)
{
	ck_assert(format_is_time_hm("00:00"));
	ck_assert(format_is_time_hm("23:59"));
	ck_assert(!format_is_time_hm("24:00"));
	ck_assert(!format_is_time_hm("9:30"));
	ck_assert(!format_is_time_hm("09:60"));
	ck_assert(format_is_timestamp("2026-11-28T09:00:00Z"));
	ck_assert(format_is_timestamp("2026-11-28T09:00:00.123456+03:00"));
	ck_assert(format_is_timestamp("2026-11-28t09:00:00-05:30"));
	ck_assert(!format_is_timestamp("2026-11-28T09:00:00"));
	ck_assert(!format_is_timestamp("2026-11-28 09:00:00Z"));
	ck_assert(!format_is_timestamp("2026-02-30T09:00:00Z"));
	ck_assert(!format_is_timestamp("2026-11-28T25:00:00Z"));
	ck_assert(!format_is_timestamp("2026-11-28T09:00:00+3:00"));
	ck_assert(!format_is_timestamp("2026-11-28T09:00:00.Z"));
	/* What PostgreSQL can hold and give back as RFC 3339 (issue "Hostile input, round two"). */
	ck_assert(format_is_timestamp("2026-11-28T09:00:00+15:59"));
	ck_assert(format_is_timestamp("2026-11-28T09:00:00-15:59"));
	ck_assert(!format_is_timestamp("2026-11-28T09:00:00+16:00"));
	ck_assert(!format_is_timestamp("2026-11-28T09:00:00-23:59"));
	ck_assert(format_is_timestamp("2026-11-28T09:00:00.123456789Z"));
	ck_assert(!format_is_timestamp("2026-11-28T09:00:00.1234567890Z"));
	ck_assert(format_is_timestamp("9999-12-31T23:59:59Z"));
	ck_assert(format_is_timestamp("9999-12-31T23:59:59+12:00"));
	ck_assert(!format_is_timestamp("9999-12-31T23:59:59-12:00"));
	ck_assert(!format_is_timestamp("9999-12-31T23:00:00-01:00"));
	ck_assert(format_is_timestamp("9999-12-31T22:59:59-01:00"));
	ck_assert(format_is_timestamp("1900-01-01T00:00:00Z"));
	ck_assert(format_is_timestamp("1900-01-01T00:00:00-05:00"));
	ck_assert(!format_is_timestamp("1900-01-01T00:00:00+01:00"));
	ck_assert(format_is_timestamp("1900-01-01T01:00:00+01:00"));
	ck_assert(!format_is_timestamp("1899-12-31T23:00:00Z"));
}
END_TEST

START_TEST(emails_and_currencies)
{
	ck_assert(format_is_email("anna@romashka.ru"));
	ck_assert(format_is_email("a.b+c@sub.example.co"));
	ck_assert(!format_is_email("anna"));
	ck_assert(!format_is_email("@x.ru"));
	ck_assert(!format_is_email("a@b"));
	ck_assert(!format_is_email("a@@b.ru"));
	ck_assert(!format_is_email("a b@c.ru"));
	ck_assert(!format_is_email("a@b."));
	ck_assert(format_is_currency("RUB"));
	ck_assert(!format_is_currency("rub"));
	ck_assert(!format_is_currency("RU"));
	ck_assert(!format_is_currency("RUBL"));
}
END_TEST

START_TEST(utf8_length_counts_code_points)
{
	ck_assert_uint_eq(utf8_length(""), 0);
	ck_assert_uint_eq(utf8_length("abc"), 3);
	ck_assert_uint_eq(utf8_length("Жёлтый"), 6);
	ck_assert_uint_eq(utf8_length("€😀"), 2);
}
END_TEST

START_TEST(time_zone_table)
{
	const char *zones[] = {"UTC", "Europe/Moscow", "Asia/Omsk"};
	ck_assert(!tz_is_known("UTC"));
	ck_assert_int_eq(tz_set_known(zones, 3), 0);
	ck_assert(tz_is_known("Europe/Moscow"));
	ck_assert(tz_is_known("Asia/Omsk"));
	ck_assert(!tz_is_known("Europe/Moscow "));
	ck_assert(!tz_is_known("Mars/Base"));
	tz_clear();
	ck_assert(!tz_is_known("UTC"));
}
END_TEST

START_TEST(roles)
{
	ck_assert_int_eq(role_parse("owner"), ROLE_OWNER);
	ck_assert_int_eq(role_parse("head"), ROLE_HEAD);
	ck_assert_int_eq(role_parse("manager"), ROLE_MANAGER);
	ck_assert_int_eq(role_parse("admin"), ROLE_NONE);
	ck_assert_int_eq(role_parse(NULL), ROLE_NONE);
	ck_assert_str_eq(role_name(ROLE_HEAD), "head");
	ck_assert(role_at_least(ROLE_OWNER, ROLE_HEAD));
	ck_assert(!role_at_least(ROLE_MANAGER, ROLE_HEAD));
	ck_assert(role_at_least(ROLE_MANAGER, ROLE_MANAGER));
}
END_TEST

Suite *formats_suite(void)
{
	Suite *s = suite_create("formats");
	TCase *t = tcase_create("formats");
	tcase_add_test(t, uuids);
	tcase_add_test(t, dates_that_exist);
	tcase_add_test(t, times_and_timestamps);
	tcase_add_test(t, emails_and_currencies);
	tcase_add_test(t, utf8_length_counts_code_points);
	tcase_add_test(t, time_zone_table);
	tcase_add_test(t, roles);
	suite_add_tcase(s, t);
	return s;
}
