/* src/http/hygiene.c: the pure checks behind request hygiene. */
#include <stdio.h>
#include <string.h>

#include "salesctl/http/hygiene.h"
#include "suites.h"

START_TEST(utf8_is_checked_byte_by_byte)
{
	ck_assert(utf8_valid("", 0));
	ck_assert(utf8_valid("plain", 5));
	ck_assert(utf8_valid("Отдел продаж", strlen("Отдел продаж")));
	ck_assert(utf8_valid("\xF0\x9F\x93\x9E", 4));         /* U+1F4DE */
	ck_assert(!utf8_valid("\xFF", 1));
	ck_assert(!utf8_valid("\xC0\xAE", 2));                 /* overlong '.' */
	ck_assert(!utf8_valid("\xE0\x80\xAF", 3));             /* overlong '/' */
	ck_assert(!utf8_valid("\xED\xA0\x80", 3));             /* a surrogate */
	ck_assert(!utf8_valid("\xF4\x90\x80\x80", 4));         /* past U+10FFFF */
	ck_assert(!utf8_valid("\xD0", 1));                     /* cut short */
	ck_assert(!utf8_valid("\xD0\x41", 2));                 /* not a continuation */
	ck_assert(utf8_valid("a\0b", 3));                      /* NUL is UTF-8; has_control_byte refuses it */
}
END_TEST

START_TEST(control_bytes)
{
	ck_assert(!has_control_byte("a b~", 4));
	ck_assert(has_control_byte("a\0b", 3));
	ck_assert(has_control_byte("\x01", 1));
	ck_assert(has_control_byte("a\nb", 3));
	ck_assert(has_control_byte("\x7F", 1));
	ck_assert(!has_control_byte("Ж", strlen("Ж")));
}
END_TEST

START_TEST(media_types_match_exactly)
{
	ck_assert(media_type_is("application/json", "application/json"));
	ck_assert(media_type_is("application/json; charset=utf-8", "application/json"));
	ck_assert(media_type_is(" Application/JSON ;charset=UTF-8", "application/json"));
	ck_assert(!media_type_is("application/jsonx", "application/json"));
	ck_assert(!media_type_is("application/json-seq", "application/json"));
	ck_assert(!media_type_is("application/json-patch+json", "application/json"));
	ck_assert(!media_type_is("application/jso", "application/json"));
	ck_assert(!media_type_is("", "application/json"));
	ck_assert(media_type_is("application/merge-patch+json", "application/merge-patch+json"));
}
END_TEST

START_TEST(a_query_of_too_many_parameters_is_cut_before_parsing)
{
	char uri[1024];
	size_t n = (size_t)snprintf(uri, sizeof(uri), "/v1/tasks?a=1");
	for (int i = 1; i < HYGIENE_MAX_QUERY_PARAMS; i++)
		n += (size_t)snprintf(uri + n, sizeof(uri) - n, "&a=1");
	ck_assert_ptr_null(hygiene_uri_seen(NULL, uri, NULL));
	ck_assert_uint_eq(strlen(uri), n);
	snprintf(uri + n, sizeof(uri) - n, "&a=1");
	ck_assert_ptr_eq(hygiene_uri_seen(NULL, uri, NULL), hygiene_too_many_parameters);
	ck_assert_str_eq(uri, "/v1/tasks?");
	ck_assert_ptr_null(hygiene_uri_seen(NULL, "/v1/tasks", NULL));
}
END_TEST

Suite *hygiene_suite(void)
{
	Suite *s = suite_create("hygiene");
	TCase *t = tcase_create("hygiene");
	tcase_add_test(t, utf8_is_checked_byte_by_byte);
	tcase_add_test(t, control_bytes);
	tcase_add_test(t, media_types_match_exactly);
	tcase_add_test(t, a_query_of_too_many_parameters_is_cut_before_parsing);
	suite_add_tcase(s, t);
	return s;
}
