/* The byte buffer and its JSON string escaping. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "salesctl/core/buf.h"
#include "suites.h"

START_TEST(grows_and_steals)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i);
	ck_assert(!b.failed);
	ck_assert_uint_eq(strlen(b.data), b.len);
	char *s = buf_steal(&b);
	ck_assert(strncmp(s, "0,1,2,", 6) == 0);
	ck_assert_ptr_null(b.data);
	free(s);
	s = buf_steal(&b);
	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

START_TEST(json_string_escapes_round_trip)
{
	const char *raw = "кавычка \" слэш \\ перевод\nстроки \t таб \x01 ctl";
	struct buf b = BUF_INIT;
	buf_puts(&b, "[");
	buf_json_string(&b, raw);
	buf_puts(&b, "]");
	json_t *v = json_loads(b.data, 0, NULL);
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(json_string_value(json_array_get(v, 0)), raw);
	json_decref(v);
	buf_free(&b);
}
END_TEST

Suite *buf_suite(void)
{
	Suite *s = suite_create("buf");
	TCase *t = tcase_create("buf");
	tcase_add_test(t, grows_and_steals);
	tcase_add_test(t, json_string_escapes_round_trip);
	suite_add_tcase(s, t);
	return s;
}
