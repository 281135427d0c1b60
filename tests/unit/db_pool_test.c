/* SQLSTATE classes map to the statuses the API turns into HTTP (SPEC §2). */
#include "salesctl/db/pool.h"
#include "suites.h"

START_TEST(sqlstate_classes)
{
	ck_assert_int_eq(db_status_from_sqlstate("23505"), DB_UNIQUE);
	ck_assert_int_eq(db_status_from_sqlstate("23503"), DB_FOREIGN_KEY);
	ck_assert_int_eq(db_status_from_sqlstate("23514"), DB_CHECK);
	ck_assert_int_eq(db_status_from_sqlstate("22P02"), DB_CHECK);
	ck_assert_int_eq(db_status_from_sqlstate("40001"), DB_RETRY);
	ck_assert_int_eq(db_status_from_sqlstate("40P01"), DB_RETRY);
	ck_assert_int_eq(db_status_from_sqlstate("57014"), DB_TIMEOUT);
	ck_assert_int_eq(db_status_from_sqlstate("08006"), DB_UNAVAILABLE);
	ck_assert_int_eq(db_status_from_sqlstate("57P01"), DB_UNAVAILABLE);
	ck_assert_int_eq(db_status_from_sqlstate("53300"), DB_UNAVAILABLE);
	ck_assert_int_eq(db_status_from_sqlstate(NULL), DB_UNAVAILABLE);
	ck_assert_int_eq(db_status_from_sqlstate("42P01"), DB_ERROR);
	ck_assert_int_eq(db_status_from_sqlstate("XX000"), DB_ERROR);
}
END_TEST

Suite *db_status_suite(void)
{
	Suite *s = suite_create("db_status");
	TCase *t = tcase_create("sqlstate");
	tcase_add_test(t, sqlstate_classes);
	suite_add_tcase(s, t);
	return s;
}
