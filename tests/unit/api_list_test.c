/* List cursors: round trip, tamper evidence, binding to one route and one key. */
#include <string.h>

#include "salesctl/api/list.h"
#include "suites.h"

static const unsigned char key[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
				      17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
#define AT "2026-11-28 09:48:03.376071+00"
#define ID "07456e7e-10ab-4a5b-ad45-f0306cec887c"

START_TEST(round_trip)
{
	char c[CURSOR_TEXT_MAX + 1], at[CURSOR_KEY_MAX], id[37];
	ck_assert_int_eq(cursor_encode(key, "/v1/users", AT, ID, c, sizeof(c)), 0);
	ck_assert_int_eq(cursor_decode(key, "/v1/users", c, at, id), 0);
	ck_assert_str_eq(at, AT);
	ck_assert_str_eq(id, ID);
}
END_TEST

START_TEST(every_changed_character_is_refused)
{
	char c[CURSOR_TEXT_MAX + 1], at[CURSOR_KEY_MAX], id[37];
	ck_assert_int_eq(cursor_encode(key, "/v1/users", AT, ID, c, sizeof(c)), 0);
	size_t n = strlen(c);
	for (size_t i = 0; i < n; i++) {
		char t[CURSOR_TEXT_MAX + 1];
		memcpy(t, c, n + 1);
		t[i] = t[i] == 'A' ? 'B' : 'A';
		ck_assert_msg(cursor_decode(key, "/v1/users", t, at, id) < 0, "accepted change at %zu", i);
	}
	ck_assert_int_lt(cursor_decode(key, "/v1/users", "", at, id), 0);
	ck_assert_int_lt(cursor_decode(key, "/v1/users", "!!!", at, id), 0);
}
END_TEST

START_TEST(bound_to_route_and_key)
{
	char c[CURSOR_TEXT_MAX + 1], at[CURSOR_KEY_MAX], id[37];
	unsigned char other[32] = {0};
	ck_assert_int_eq(cursor_encode(key, "/v1/users", AT, ID, c, sizeof(c)), 0);
	ck_assert_int_lt(cursor_decode(key, "/v1/teams", c, at, id), 0);
	ck_assert_int_lt(cursor_decode(other, "/v1/users", c, at, id), 0);
}
END_TEST

Suite *cursor_suite(void)
{
	Suite *s = suite_create("cursor");
	TCase *t = tcase_create("cursor");
	tcase_add_test(t, round_trip);
	tcase_add_test(t, every_changed_character_is_refused);
	tcase_add_test(t, bound_to_route_and_key);
	suite_add_tcase(s, t);
	return s;
}
