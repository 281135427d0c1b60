/* src/auth/password.c: Argon2id hashes that verify, salts that differ, and what does not verify. */
#include <string.h>

#include "salesctl/auth/password.h"
#include "suites.h"

START_TEST(hash_and_verify)
{
	char a[PASSWORD_HASH_MAX], b[PASSWORD_HASH_MAX];
	ck_assert_int_eq(password_hash("пароль-руководителя", a), 0);
	ck_assert_int_eq(password_hash("пароль-руководителя", b), 0);
	ck_assert_str_ne(a, b); /* a fresh salt each time */
	ck_assert_ptr_nonnull(strstr(a, "$argon2id$v=19$m=12288,t=3,p=1$"));
	ck_assert(password_verify(a, "пароль-руководителя"));
	ck_assert(password_verify(b, "пароль-руководителя"));
	ck_assert(!password_verify(a, "пароль-руководителя "));
	ck_assert(!password_verify(a, ""));
	ck_assert(!password_verify("not a hash", "пароль-руководителя"));
	ck_assert(!password_verify("", ""));
	password_verify_nothing("anything");
}
END_TEST

Suite *password_suite(void)
{
	Suite *s = suite_create("password");
	TCase *t = tcase_create("password");
	tcase_add_test(t, hash_and_verify);
	suite_add_tcase(s, t);
	return s;
}
