/* src/domain/lang.c: which language an Accept-Language asks for, and Russian plural forms. */
#include <string.h>

#include "salesctl/domain/lang.h"
#include "suites.h"

START_TEST(accept_language_picks_the_best_supported)
{
	ck_assert_int_eq(lang_negotiate(NULL), LANG_EN);
	ck_assert_int_eq(lang_negotiate(""), LANG_EN);
	ck_assert_int_eq(lang_negotiate("ru"), LANG_RU);
	ck_assert_int_eq(lang_negotiate("RU-ru"), LANG_RU);
	ck_assert_int_eq(lang_negotiate("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7"), LANG_RU);   /* a Russian Chrome */
	ck_assert_int_eq(lang_negotiate("en-US,en;q=0.9,ru;q=0.8"), LANG_EN);
	ck_assert_int_eq(lang_negotiate("de-DE, ru;q=0.5"), LANG_RU);    /* German is not spoken: the next best */
	ck_assert_int_eq(lang_negotiate("de, fr"), LANG_EN);
	ck_assert_int_eq(lang_negotiate("ru;q=0"), LANG_EN);            /* q=0: not acceptable */
	ck_assert_int_eq(lang_negotiate("*;q=0.1, ru;q=0.2"), LANG_RU);
	ck_assert_int_eq(lang_negotiate("en, ru"), LANG_EN);             /* equal q: the first */
	ck_assert_int_eq(lang_negotiate("rus, ruby"), LANG_EN);          /* not the ru range */
	ck_assert_int_eq(lang_negotiate("ru;q=abc"), LANG_EN);
	ck_assert_str_eq(lang_tag(LANG_RU), "ru");
	ck_assert_str_eq(lang_tag(LANG_EN), "en");
}
END_TEST

START_TEST(russian_plurals)
{
	const long long one[] = {1, 21, 101, 1001}, few[] = {2, 3, 4, 22, 104}, many[] = {0, 5, 11, 12, 14, 19, 25, 111, 1000};
	for (size_t i = 0; i < sizeof(one) / sizeof(one[0]); i++)
		ck_assert_str_eq(ru_plural(one[i], "поле", "поля", "полей"), "поле");
	for (size_t i = 0; i < sizeof(few) / sizeof(few[0]); i++)
		ck_assert_str_eq(ru_plural(few[i], "поле", "поля", "полей"), "поля");
	for (size_t i = 0; i < sizeof(many) / sizeof(many[0]); i++)
		ck_assert_str_eq(ru_plural(many[i], "поле", "поля", "полей"), "полей");
}
END_TEST

Suite *lang_suite(void)
{
	Suite *s = suite_create("lang");
	TCase *t = tcase_create("lang");
	tcase_add_test(t, accept_language_picks_the_best_supported);
	tcase_add_test(t, russian_plurals);
	suite_add_tcase(s, t);
	return s;
}
