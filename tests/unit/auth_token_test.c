/* Tokens: format, entropy carrier, organisation extraction, hashing, constant-time comparisons, base64url. */
#include <stdlib.h>
#include <string.h>

#include "salesctl/auth/secretbox.h"
#include "salesctl/auth/signature.h"
#include "salesctl/auth/token.h"
#include "suites.h"

#define ORG "5a1e5c71-0000-4000-8000-000000000001"

START_TEST(generated_tokens_carry_org_and_differ)
{
	char a[TOKEN_LEN + 1], b[TOKEN_LEN + 1], ha[TOKEN_HASH_HEX], hb[TOKEN_HASH_HEX], org[37];
	ck_assert_int_eq(token_generate(ORG, a, ha), 0);
	ck_assert_int_eq(token_generate(ORG, b, hb), 0);
	ck_assert_uint_eq(strlen(a), TOKEN_LEN);
	ck_assert(strncmp(a, "sct_", 4) == 0);
	ck_assert_str_ne(a, b);
	ck_assert_str_ne(ha, hb);
	ck_assert_int_eq(token_org(a, org), 0);
	ck_assert_str_eq(org, ORG);
	char h[TOKEN_HASH_HEX];
	token_hash(a, h);
	ck_assert_str_eq(h, ha);
}
END_TEST

START_TEST(malformed_tokens_are_refused)
{
	char org[37];
	ck_assert_int_lt(token_org("", org), 0);
	ck_assert_int_lt(token_org("sct_short", org), 0);
	ck_assert_int_lt(token_org("xyz_Wh5ccQAAQACAAAAAAAAAAd12IO_dGFicr0w9FqOgAOpS8zYUGeNExA7ufLwfOjsO", org), 0);
	ck_assert_int_lt(token_org("sct_Wh5ccQAAQACAAAAAAAAAAd12IO_dGFicr0w9FqOgAOpS8zYUGeNExA7ufLwfOjs!", org), 0);
	ck_assert_int_lt(token_org("sct_Wh5ccQAAQACAAAAAAAAAAd12IO+dGFicr0w9FqOgAOpS8zYUGeNExA7ufLwfOjsO", org), 0);
}
END_TEST

START_TEST(sha256_known_answer)
{
	char h[TOKEN_HASH_HEX];
	token_hash("abc", h);
	ck_assert_str_eq(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
END_TEST

START_TEST(comparisons)
{
	ck_assert(token_matches_secret("s3cret", "s3cret"));
	ck_assert(!token_matches_secret("s3cret", "s3cre"));
	ck_assert(!token_matches_secret("", ""));
	ck_assert(!token_matches_secret("x", NULL));
	char a[TOKEN_HASH_HEX], b[TOKEN_HASH_HEX];
	token_hash("a", a);
	token_hash("b", b);
	ck_assert(token_hash_equal(a, a));
	ck_assert(!token_hash_equal(a, b));
	ck_assert(!token_hash_equal(a, "short"));
}
END_TEST

START_TEST(authorization_header)
{
	ck_assert_str_eq(token_from_authorization("Bearer abc"), "abc");
	ck_assert_str_eq(token_from_authorization("bearer   abc"), "abc");
	ck_assert_ptr_null(token_from_authorization("Basic abc"));
	ck_assert_ptr_null(token_from_authorization("Bearer "));
	ck_assert_ptr_null(token_from_authorization(NULL));
}
END_TEST

START_TEST(base64url_round_trip)
{
	unsigned char in[64], out[64];
	for (int i = 0; i < 64; i++)
		in[i] = (unsigned char)(i * 37 + 250);
	for (size_t n = 0; n <= 64; n++) {
		char enc[100];
		base64url_encode(in, n, enc);
		ck_assert_ptr_null(strchr(enc, '='));
		ck_assert_ptr_null(strchr(enc, '+'));
		ck_assert_ptr_null(strchr(enc, '/'));
		ck_assert_int_eq(base64url_decode(enc, out, sizeof(out)), (long)n);
		ck_assert(memcmp(in, out, n) == 0);
	}
	ck_assert_int_lt(base64url_decode("a", out, sizeof(out)), 0);
	ck_assert_int_lt(base64url_decode("ab=c", out, sizeof(out)), 0);
}
END_TEST

START_TEST(webhook_hmac_known_answer)
{
	/* RFC 4231 test case 2. */
	char sig[SIGNATURE_HEX];
	const char *data = "what do ya want for nothing?";
	ck_assert_int_eq(webhook_signature("Jefe", data, strlen(data), sig), 0);
	ck_assert_str_eq(sig, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	char a[SIGNATURE_HEX], b[SIGNATURE_HEX];
	ck_assert_int_eq(webhook_secret_generate(a), 0);
	ck_assert_int_eq(webhook_secret_generate(b), 0);
	ck_assert_uint_eq(strlen(a), 64);
	ck_assert_str_ne(a, b);
}
END_TEST

START_TEST(secretbox_round_trip)
{
	unsigned char key[SECRETBOX_KEY_LEN], other[SECRETBOX_KEY_LEN];
	ck_assert_int_eq(secretbox_key_parse("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", key), 0);
	ck_assert_int_eq(secretbox_key_parse("0001", other), -1);
	memcpy(other, key, sizeof(other));
	other[0] ^= 1;
	char *a = secretbox_seal(key, "секрет-webhook");
	char *b = secretbox_seal(key, "секрет-webhook");
	ck_assert_ptr_nonnull(a);
	ck_assert_str_ne(a, b); /* a fresh nonce each time */
	ck_assert_ptr_null(strstr(a, "webhook"));
	char *plain = secretbox_open(key, a);
	ck_assert_str_eq(plain, "секрет-webhook");
	free(plain);
	ck_assert_ptr_null(secretbox_open(other, a));
	a[10] = a[10] == 'A' ? 'B' : 'A';
	ck_assert_ptr_null(secretbox_open(key, a));
	ck_assert_ptr_null(secretbox_open(key, "short"));
	free(a);
	free(b);
}
END_TEST

Suite *token_suite(void)
{
	Suite *s = suite_create("token");
	TCase *t = tcase_create("token");
	tcase_add_test(t, generated_tokens_carry_org_and_differ);
	tcase_add_test(t, malformed_tokens_are_refused);
	tcase_add_test(t, sha256_known_answer);
	tcase_add_test(t, comparisons);
	tcase_add_test(t, authorization_header);
	tcase_add_test(t, base64url_round_trip);
	tcase_add_test(t, webhook_hmac_known_answer);
	tcase_add_test(t, secretbox_round_trip);
	suite_add_tcase(s, t);
	return s;
}
