/*
 * The ids the database makes for rows created in bulk (uuid_time_ordered(), migration 0037): leads and deals made
 * later sort later, carry the time they were made in their first 48 bits and are still valid version-7 UUIDs.
 */
#include <check.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

#include "suites.h"

#define ROWS 5

static PGresult *exec_ok(PGconn *db, const char *sql, int n, const char *const *params)
{
	PGresult *r = PQexecParams(db, sql, n, NULL, params, NULL, NULL, 0);
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK, "%s: %s", sql,
		      PQerrorMessage(db));
	return r;
}

/* Inserts ROWS rows into table one statement each, a few milliseconds apart, then reads their ids in the order
 * they were made (the keys k0 … k4) and checks them. */
static void check_made_later_sorts_later(PGconn *db, const char *insert_sql, const char *select_sql)
{
	uuid_t u;
	char org[37], key[16];
	uuid_generate_random(u);
	uuid_unparse_lower(u, org);
	for (int i = 0; i < ROWS; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		const char *params[] = {org, key};
		PQclear(exec_ok(db, insert_sql, 2, params));
		PQclear(exec_ok(db, "SELECT pg_sleep(0.003)", 0, NULL));
	}
	const char *params[] = {org};
	PGresult *r = exec_ok(db, select_sql, 1, params);
	ck_assert_int_eq(PQntuples(r), ROWS);
	for (int i = 0; i < ROWS; i++) {
		const char *id = PQgetvalue(r, i, 0);
		ck_assert_int_eq(id[14], '7');
		ck_assert_msg(strchr("89ab", id[19]) != NULL, "variant of %s", id);
		ck_assert_msg(strcmp(PQgetvalue(r, i, 1), "t") == 0, "%s does not carry the time it was made", id);
		if (i > 0)
			ck_assert_msg(strcmp(PQgetvalue(r, i - 1, 0), id) < 0, "%s made before %s sorts after it",
				      PQgetvalue(r, i - 1, 0), id);
	}
	PQclear(r);
}

/* The first 48 bits read as milliseconds since 1970 are within a minute of the database's clock. */
#define CARRIES_ITS_TIME \
	"abs(('x' || substr(replace(id::text, '-', ''), 1, 12))::bit(48)::bigint" \
	" - (extract(epoch FROM clock_timestamp()) * 1000)::bigint) < 60000"

START_TEST(leads_and_deals_made_later_sort_later)
{
	PGconn *db = PQconnectdb(getenv("SALESCTL_TEST_DATABASE_URL"));
	ck_assert_int_eq(PQstatus(db), CONNECTION_OK);
	check_made_later_sorts_later(db,
		"INSERT INTO leads (org_id, lead_id, manager_id, manager_key, created_at, created_key)"
		" VALUES ($1, $2, gen_random_uuid(), '1', now(), '0')",
		"SELECT id, " CARRIES_ITS_TIME " FROM leads WHERE org_id = $1 ORDER BY lead_id");
	check_made_later_sorts_later(db,
		"INSERT INTO deals (org_id, deal_id, manager_id, manager_key, created_at, created_key)"
		" VALUES ($1, $2, gen_random_uuid(), '1', now(), '0')",
		"SELECT id, " CARRIES_ITS_TIME " FROM deals WHERE org_id = $1 ORDER BY deal_id");
	PQfinish(db);
}
END_TEST

Suite *time_ordered_ids_suite(void)
{
	Suite *s = suite_create("time_ordered_ids");
	TCase *t = tcase_create("core");
	tcase_add_test(t, leads_and_deals_made_later_sort_later);
	suite_add_tcase(s, t);
	return s;
}
