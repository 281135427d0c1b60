/* Large blocks kept for reuse: a released block comes back to the next request that fits in it, best fit first;
 * small blocks and blocks past the pool's few MiB are freed at once. */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "salesctl/core/block_pool.h"
#include "suites.h"

START_TEST(a_large_block_comes_back)
{
	char *a = block_alloc(200 * 1024);
	ck_assert_ptr_nonnull(a);
	memset(a, 'x', 200 * 1024);
	block_release(a);
	char *b = block_alloc(150 * 1024);
	ck_assert_ptr_eq(b, a);
	/* The pool gave it away: the next one is new. */
	char *c = block_alloc(150 * 1024);
	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_ne(c, b);
	free(b);   /* plain malloc memory: free() is always allowed */
	free(c);
}
END_TEST

START_TEST(the_smallest_kept_block_that_fits)
{
	char *big = block_alloc(1024 * 1024), *mid = block_alloc(300 * 1024), *small = block_alloc(140 * 1024);
	block_release(big);
	block_release(mid);
	block_release(small);
	char *got = block_alloc(200 * 1024);
	ck_assert_ptr_eq(got, mid);
	char *next = block_alloc(130 * 1024);
	ck_assert_ptr_eq(next, small);
	char *last = block_alloc(600 * 1024);
	ck_assert_ptr_eq(last, big);
	free(got);
	free(next);
	free(last);
}
END_TEST

START_TEST(small_blocks_and_too_many_are_freed)
{
	char *small = block_alloc(1000);
	block_release(small);
	char *again = block_alloc(1000 * 1000);
	ck_assert_ptr_ne(again, small);
	free(again);
	/* Six blocks of 1 MiB against 4 MiB kept at most: at most four come back. */
	enum { N = 6 };
	char *blocks[N];
	for (int i = 0; i < N; i++)
		blocks[i] = block_alloc(1024 * 1024);
	for (int i = 0; i < N; i++)
		block_release(blocks[i]);
	int reused = 0;
	char *taken[N];
	for (int i = 0; i < N; i++) {
		taken[i] = block_alloc(1024 * 1024);
		for (int k = 0; k < N; k++)
			reused += taken[i] == blocks[k];
	}
	ck_assert_int_ge(reused, 3);
	ck_assert_int_le(reused, 4);
	for (int i = 0; i < N; i++)
		free(taken[i]);
	block_release(NULL);
}
END_TEST

Suite *block_pool_suite(void)
{
	Suite *s = suite_create("block_pool");
	TCase *t = tcase_create("block_pool");
	tcase_add_test(t, a_large_block_comes_back);
	tcase_add_test(t, the_smallest_kept_block_that_fits);
	tcase_add_test(t, small_blocks_and_too_many_are_freed);
	suite_add_tcase(s, t);
	return s;
}
