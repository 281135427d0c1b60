/* Large blocks kept for reuse: a released block comes back to the next request that fits in it, best fit first;
 * small blocks and blocks past the pool's 1 MiB are freed at once. */
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
	ck_assert_uint_eq(block_pool_kept_bytes(), 0);
	block_release(a);
	ck_assert_uint_ge(block_pool_kept_bytes(), 200 * 1024);
	char *b = block_alloc(150 * 1024);
	ck_assert_ptr_eq(b, a);
	ck_assert_uint_eq(block_pool_kept_bytes(), 0);
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
	char *big = block_alloc(512 * 1024), *mid = block_alloc(300 * 1024), *small = block_alloc(140 * 1024);
	block_release(big);
	block_release(mid);
	block_release(small);
	ck_assert_uint_ge(block_pool_kept_bytes(), (512 + 300 + 140) * 1024);
	char *got = block_alloc(200 * 1024);
	ck_assert_ptr_eq(got, mid);
	char *next = block_alloc(130 * 1024);
	ck_assert_ptr_eq(next, small);
	char *last = block_alloc(400 * 1024);
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
	ck_assert_uint_eq(block_pool_kept_bytes(), 0);
	/* Eight blocks of 256 KiB against 1 MiB kept at most: three of them (each is a little larger than asked for). */
	enum { N = 8 };
	char *blocks[N];
	for (int i = 0; i < N; i++)
		blocks[i] = block_alloc(256 * 1024);
	for (int i = 0; i < N; i++)
		block_release(blocks[i]);
	size_t kept = block_pool_kept_bytes();
	ck_assert_uint_le(kept, 1024 * 1024);
	ck_assert_uint_ge(kept, 3 * 256 * 1024);
	for (int i = 0; i < N; i++)
		free(block_alloc(256 * 1024));
	ck_assert_uint_eq(block_pool_kept_bytes(), 0);
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
