/* src/auth/principal_cache.c: hits within the TTL only, nothing while disabled, a clear forgets everyone and keeps an
 * answer fetched before it from being stored after it, and a full table still takes new tokens. */
#include <stdio.h>
#include <string.h>

#include "salesctl/auth/principal_cache.h"
#include "suites.h"

static void hash_of(int n, char out[65])
{
	snprintf(out, 65, "%016x%048d", (unsigned)(n * 2654435761u), n);
}

START_TEST(hits_within_the_ttl)
{
	struct principal_cache *c = principal_cache_new(64, 1000);
	ck_assert_ptr_nonnull(c);
	char h[65];
	hash_of(1, h);
	struct principal who = {.role = ROLE_HEAD}, got;
	uint64_t gen;
	ck_assert(!principal_cache_get(c, h, 0, &got, &gen));   /* disabled until the notices are heard */
	principal_cache_put(c, h, &who, 0, gen);
	ck_assert(!principal_cache_get(c, h, 0, &got, &gen));
	principal_cache_enable(c, true);
	ck_assert(!principal_cache_get(c, h, 0, &got, &gen));
	strcpy(who.user_id, "u1");
	principal_cache_put(c, h, &who, 0, gen);
	ck_assert(principal_cache_get(c, h, 999, &got, &gen));
	ck_assert_str_eq(got.user_id, "u1");
	ck_assert_int_eq(got.role, ROLE_HEAD);
	ck_assert(!principal_cache_get(c, h, 1000, &got, &gen));   /* the TTL is over */
	struct principal_cache_stats st;
	principal_cache_stats(c, &st);
	ck_assert_uint_eq(st.hits, 1);
	principal_cache_free(c);
	ck_assert_ptr_null(principal_cache_new(64, 0));   /* 0 ms: no cache */
}
END_TEST

START_TEST(a_clear_forgets_and_fences)
{
	struct principal_cache *c = principal_cache_new(64, 1000);
	principal_cache_enable(c, true);
	char h[65];
	hash_of(2, h);
	struct principal who = {.role = ROLE_MANAGER}, got;
	uint64_t gen;
	principal_cache_get(c, h, 0, &got, &gen);
	principal_cache_put(c, h, &who, 0, gen);
	principal_cache_clear(c);
	ck_assert(!principal_cache_get(c, h, 1, &got, &gen));
	/* A lookup that missed, then a change: what it fetched from before the change is not kept. */
	uint64_t before = gen;
	principal_cache_clear(c);
	principal_cache_put(c, h, &who, 2, before);
	ck_assert(!principal_cache_get(c, h, 3, &got, &gen));
	principal_cache_put(c, h, &who, 3, gen);
	ck_assert(principal_cache_get(c, h, 4, &got, &gen));
	/* Disabled (the notices are not heard): forgets and refuses. */
	principal_cache_enable(c, false);
	ck_assert(!principal_cache_get(c, h, 5, &got, &gen));
	principal_cache_free(c);
}
END_TEST

START_TEST(a_full_table_takes_new_tokens)
{
	struct principal_cache *c = principal_cache_new(16, 100000);
	principal_cache_enable(c, true);
	struct principal who = {0}, got;
	uint64_t gen;
	char h[65];
	for (int i = 0; i < 200; i++) {
		hash_of(i, h);
		snprintf(who.user_id, sizeof(who.user_id), "u%d", i);
		principal_cache_get(c, h, i, &got, &gen);
		principal_cache_put(c, h, &who, i, gen);
		ck_assert(principal_cache_get(c, h, i, &got, &gen));   /* the newest is always there */
		ck_assert_str_eq(got.user_id, who.user_id);
	}
	principal_cache_free(c);
}
END_TEST

Suite *principal_cache_suite(void)
{
	Suite *s = suite_create("principal_cache");
	TCase *t = tcase_create("principal_cache");
	tcase_add_test(t, hits_within_the_ttl);
	tcase_add_test(t, a_clear_forgets_and_fences);
	tcase_add_test(t, a_full_table_takes_new_tokens);
	suite_add_tcase(s, t);
	return s;
}
