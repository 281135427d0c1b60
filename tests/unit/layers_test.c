/*
 * The layers of docs/ARCHITECTURE.md, checked on the sources: libpq is spoken only in store/ and db/ (api/, sched/,
 * http/ and domain/ receive plain C structs or ready JSON, never a PGresult), and domain/ does no I/O.
 */
#include <check.h>
#include <ctype.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

/* The first libpq name in text ("PGresult", "PQntuples", "libpq-fe.h"), or NULL. */
static const char *libpq_name(const char *text)
{
	for (const char *p = text; *p; p++) {
		if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
			continue;
		if (strncmp(p, "PGresult", 8) == 0 || strncmp(p, "PGconn", 6) == 0 || strncmp(p, "libpq-fe.h", 10) == 0 ||
		    (p[0] == 'P' && p[1] == 'Q' && islower((unsigned char)p[2])))
			return p;
	}
	return NULL;
}

START_TEST(libpq_stays_in_store_and_db)
{
	static const char *const layers[] = {"src/api/*.c", "src/sched/*.c", "src/http/*.c", "src/domain/*.c",
					     "include/salesctl/api/*.h", "include/salesctl/sched/*.h",
					     "include/salesctl/http/*.h", "include/salesctl/domain/*.h"};
	int files = 0;
	for (size_t l = 0; l < sizeof(layers) / sizeof(layers[0]); l++) {
		glob_t g;
		ck_assert_int_eq(glob(layers[l], 0, NULL, &g), 0);
		for (size_t i = 0; i < g.gl_pathc; i++, files++) {
			char *text = test_slurp(g.gl_pathv[i]);
			const char *hit = libpq_name(text);
			ck_assert_msg(!hit, "%s names libpq (%.20s): hand it a struct or JSON from store/", g.gl_pathv[i], hit);
			free(text);
		}
		globfree(&g);
	}
	ck_assert_int_gt(files, 50);
}
END_TEST

START_TEST(the_scan_finds_libpq_names)
{
	ck_assert_ptr_nonnull(libpq_name("static long f(PGresult *r)"));
	ck_assert_ptr_nonnull(libpq_name("n = PQntuples(r);"));
	ck_assert_ptr_nonnull(libpq_name("#include <libpq-fe.h>"));
	ck_assert_ptr_null(libpq_name("struct store_page page; MY_PQx; PQ"));
}
END_TEST

Suite *layers_suite(void)
{
	Suite *s = suite_create("layers");
	TCase *t = tcase_create("layers");
	tcase_add_test(t, libpq_stays_in_store_and_db);
	tcase_add_test(t, the_scan_finds_libpq_names);
	suite_add_tcase(s, t);
	return s;
}
