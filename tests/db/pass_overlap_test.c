/*
 * Two scheduler passes truly side by side. The pass lock normally serialises passes, which would hide an upsert
 * that is not idempotent under concurrency; here it is switched off (sched_pass_lock_disable_for_tests) and two
 * threads, each with its own connection, start a pass on the same organisation at the same instant, round after
 * round, with calls and evening reports written in between through the product's own store functions (so the
 * triggers mark the same dirty keys a request would). After every round: no key left dirty, rollups equal to a
 * rebuild from the sources, and no two open alerts with one key. SALESCTL_TEST_PASS_ROUNDS sets the rounds (200).
 * Beside it, the marks' own contract: writes of one key do not wait for each other, a pass leaves an open write's
 * mark, and a key marked many times is recomputed once.
 */
#include <check.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uuid/uuid.h>

#include "salesctl/sched/pass.h"
#include "salesctl/store/call_logs.h"
#include "salesctl/store/daily_reports.h"
#include "salesctl/store/instance.h"
#include "salesctl/store/plans.h"
#include "salesctl/store/rollups.h"
#include "suites.h"

#define MANAGERS 4

static const char rollup_digest_sql[] =
	"SELECT md5(coalesce(string_agg(concat_ws(',', manager_id, date, calls_total, calls_outbound, calls_inbound, "
	"calls_effective, talk_time_s, chat_sessions, meetings, proposals_sent, leads_received, leads_processed, "
	"deals_won, payments_count, revenue_minor, quality_score_sum, quality_score_count), ';' "
	"ORDER BY manager_id, date), '')) FROM kpi_daily WHERE org_id = $1";

static void new_id(char out[37])
{
	uuid_t u;
	uuid_generate_random(u);
	uuid_unparse_lower(u, out);
}

static PGresult *sql(PGconn *db, const char *text, int n, const char *const *params)
{
	PGresult *r = PQexecParams(db, text, n, NULL, params, NULL, NULL, 0);
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK, "%s: %s", text,
		      PQerrorMessage(db));
	return r;
}

static char *sql_text(PGconn *db, const char *text, const char *org)
{
	const char *params[] = {org};
	PGresult *r = sql(db, text, 1, params);
	char *v = strdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	return v;
}

static long sql_long(PGconn *db, const char *text, const char *org)
{
	char *v = sql_text(db, text, org);
	long n = atol(v);
	free(v);
	return n;
}

/* An organisation with its owner and n managers in two time zones, hired on 2026-03-01. */
static void create_org(PGconn *db, struct principal *owner, char managers[][37], int n, const char *name)
{
	char email[64];
	new_id(owner->org_id);
	new_id(owner->user_id);
	snprintf(email, sizeof(email), "owner@%s.test", name);
	const char *org_params[] = {owner->org_id, name}, *owner_params[] = {owner->org_id, owner->user_id, email};
	PQclear(sql(db, "INSERT INTO orgs (org_id, name) VALUES ($1, $2)", 2, org_params));
	PQclear(sql(db,
		    "INSERT INTO users (org_id, id, name, email, role, timezone, hired_on)"
		    " VALUES ($1, $2, 'Owner', $3, 'owner', 'Europe/Moscow', '2026-01-01')",
		    3, owner_params));
	for (int m = 0; m < n; m++) {
		new_id(managers[m]);
		snprintf(email, sizeof(email), "m%d@%s.test", m, name);
		const char *params[] = {owner->org_id, managers[m], email, m % 2 ? "Europe/Moscow" : "Asia/Vladivostok"};
		PQclear(sql(db,
			    "INSERT INTO users (org_id, id, name, email, role, timezone, hired_on)"
			    " VALUES ($1, $2, 'Менеджер', $3, 'manager', $4, '2026-03-01')",
			    4, params));
	}
}

struct side {
	pthread_t thread;
	struct db_conn *conn;
	const char *org;
	char as_of[32];
	pthread_barrier_t *start;
	struct timespec began, ended;
	enum db_status status;
	struct sched_pass_result result;
};

static void *pass_side(void *arg)
{
	struct side *s = arg;
	pthread_barrier_wait(s->start);
	clock_gettime(CLOCK_MONOTONIC, &s->began);
	s->status = sched_pass_run(s->conn, s->org, s->as_of, false, &s->result);
	clock_gettime(CLOCK_MONOTONIC, &s->ended);
	return NULL;
}

static bool before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* Calls and a report for one round, as the API would store them: a batch of calls on random workdays of March 2026
 * (the same few keys again and again), and on every other round an evening report that may leave leads unprocessed
 * or disagree with the calls. */
static void write_round(struct db_conn *c, const struct principal *owner, char managers[][37], int round,
			unsigned *seed, bool reported[][32])
{
	char items[8192];
	size_t used = (size_t)snprintf(items, sizeof(items), "{\"items\":[");
	int n = 1 + (int)(rand_r(seed) % 8);
	for (int i = 0; i < n; i++) {
		int day = 2 + (int)(rand_r(seed) % 19);
		used += (size_t)snprintf(items + used, sizeof(items) - used,
					 "%s{\"manager_id\":\"%s\",\"direction\":\"%s\",\"started_at\":"
					 "\"2026-03-%02dT%02d:%02d:00Z\",\"duration_s\":%u}",
					 i ? "," : "", managers[rand_r(seed) % MANAGERS], rand_r(seed) % 2 ? "inbound" : "outbound",
					 day, 6 + (int)(rand_r(seed) % 10), (int)(rand_r(seed) % 60), rand_r(seed) % 120);
	}
	snprintf(items + used, sizeof(items) - used, "]}");
	struct batch_result results[8];
	ck_assert_int_eq(store_call_batch(c, owner, items, "{}", (size_t)n, (size_t)n, results), DB_OK);
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(results[i].status, BATCH_CREATED);
	if (round % 2)
		return;
	int m = (int)(rand_r(seed) % MANAGERS), day = 2 + (int)(rand_r(seed) % 19);
	if (reported[m][day])
		return;
	reported[m][day] = true;
	char body[512], id[37];
	unsigned received = rand_r(seed) % 5;
	snprintf(body, sizeof(body),
		 "{\"manager_id\":\"%s\",\"date\":\"2026-03-%02d\",\"calls_outbound\":%u,\"leads_received\":%u,"
		 "\"leads_processed\":%u,\"deals_won\":%u}",
		 managers[m], day, rand_r(seed) % 6, received, received ? rand_r(seed) % (received + 1) : 0,
		 rand_r(seed) % 2);
	new_id(id);
	struct store_doc doc = {0};
	ck_assert_int_eq(store_report_create(c, owner, id, body, &doc), DB_OK);
	ck_assert_ptr_nonnull(doc.json);
	store_doc_free(&doc);
}

START_TEST(overlapping_passes_agree_with_a_rebuild)
{
	const char *url = getenv("SALESCTL_TEST_DATABASE_URL");
	int rounds = getenv("SALESCTL_TEST_PASS_ROUNDS") ? atoi(getenv("SALESCTL_TEST_PASS_ROUNDS")) : 200;
	PGconn *db = PQconnectdb(url);
	ck_assert_msg(PQstatus(db) == CONNECTION_OK, "%s", PQerrorMessage(db));
	struct db_pool_options opt = {.conninfo = url, .size = 3, .statement_timeout_ms = 30000,
				      .statements = store_all_statements, .application_name = "salesctld-pass-test"};
	struct db_pool *pool = db_pool_new(&opt);
	struct db_conn *writer = db_pool_acquire(pool, 5000), *conn_a = db_pool_acquire(pool, 5000),
		       *conn_b = db_pool_acquire(pool, 5000);
	ck_assert_msg(writer && conn_a && conn_b, "no database connection");

	struct principal owner = {.role = ROLE_OWNER};
	char managers[MANAGERS][37];
	create_org(db, &owner, managers, MANAGERS, "overlap");
	for (int m = 0; m < MANAGERS; m++) {
		char targets[96];
		snprintf(targets, sizeof(targets), "{\"calls_effective\":%d,\"deals_won\":10}", 300 + 100 * m);
		struct store_doc doc = {0};
		bool created = false;
		ck_assert_int_eq(store_plan_put(writer, owner.org_id, "2026-03-01", "manager", managers[m], targets, &doc,
						&created),
				 DB_OK);
		store_doc_free(&doc);
	}

	sched_pass_lock_disable_for_tests(true);
	unsigned seed = (unsigned)time(NULL);
	bool reported[MANAGERS][32] = {{false}};
	int overlapped = 0;
	long rollups = 0, opened = 0, resolved = 0;
	for (int round = 0; round < rounds; round++) {
		write_round(writer, &owner, managers, round, &seed, reported);
		pthread_barrier_t start;
		pthread_barrier_init(&start, NULL, 2);
		struct side a = {.conn = conn_a, .org = owner.org_id, .start = &start},
			    b = {.conn = conn_b, .org = owner.org_id, .start = &start};
		/* As of 18:00 UTC on a day that moves through the month, so alerts open and resolve as it goes. */
		snprintf(a.as_of, sizeof(a.as_of), "2026-03-%02dT18:00:00Z", 3 + round * 27 / rounds);
		snprintf(b.as_of, sizeof(b.as_of), "%s", a.as_of);
		pthread_create(&a.thread, NULL, pass_side, &a);
		pthread_create(&b.thread, NULL, pass_side, &b);
		pthread_join(a.thread, NULL);
		pthread_join(b.thread, NULL);
		pthread_barrier_destroy(&start);
		ck_assert_msg(a.status == DB_OK && b.status == DB_OK, "round %d: passes ended %d and %d", round, a.status,
			      b.status);
		overlapped += before(&a.began, &b.ended) && before(&b.began, &a.ended);
		rollups += a.result.rollups_updated + b.result.rollups_updated;
		opened += a.result.alerts_opened + b.result.alerts_opened;
		resolved += a.result.alerts_resolved + b.result.alerts_resolved;

		ck_assert_int_eq(sql_long(db, "SELECT count(*) FROM rollup_dirty WHERE org_id = $1", owner.org_id), 0);
		ck_assert_int_eq(sql_long(db,
					  "SELECT count(*) FROM (SELECT 1 FROM alerts WHERE org_id = $1 AND status = 'open'"
					  " GROUP BY dedup_key HAVING count(*) > 1) d",
					  owner.org_id),
				 0);
		char *incremental = sql_text(db, rollup_digest_sql, owner.org_id);
		long rebuilt = 0;
		ck_assert_int_eq(store_rollup_rebuild(writer, owner.org_id, &rebuilt), DB_OK);
		char *rebuild = sql_text(db, rollup_digest_sql, owner.org_id);
		ck_assert_msg(strcmp(incremental, rebuild) == 0, "round %d: rollups differ from a rebuild", round);
		free(incremental);
		free(rebuild);
	}
	sched_pass_lock_disable_for_tests(false);
	long open_alerts = sql_long(db, "SELECT count(*) FROM alerts WHERE org_id = $1 AND status = 'open'", owner.org_id);
	printf("overlapping passes: %d rounds, %d with the two passes overlapping in time; %ld rollup rows recomputed, "
	       "%ld alerts opened and %ld resolved by the passes (%ld open at the end); 0 duplicates, rollups equal a "
	       "rebuild every round\n",
	       rounds, overlapped, rollups, opened, resolved, open_alerts);
	ck_assert_int_ge(overlapped, rounds * 9 / 10);
	ck_assert_int_gt(opened, 0);
	ck_assert_int_gt(resolved, 0);
	db_pool_release(pool, writer);
	db_pool_release(pool, conn_a);
	db_pool_release(pool, conn_b);
	db_pool_free(pool);
	PQfinish(db);
}
END_TEST

/* A pool of one connection for the product's own pass and store functions; the caller releases and frees both. */
static struct db_conn *pass_connection(const char *url, struct db_pool **pool)
{
	struct db_pool_options opt = {.conninfo = url, .size = 1, .statement_timeout_ms = 30000,
				      .statements = store_all_statements, .application_name = "salesctld-marks-test"};
	*pool = db_pool_new(&opt);
	struct db_conn *c = *pool ? db_pool_acquire(*pool, 5000) : NULL;
	ck_assert_msg(c != NULL, "no database connection");
	return c;
}

/* Writes of one manager-day do not wait for each other's commit (migration 0036: marks are appended, not upserted),
 * and a pass run while a write is open rolls up what has committed and leaves the open write's mark for the next
 * pass. */
START_TEST(marks_do_not_make_writes_wait)
{
	const char *url = getenv("SALESCTL_TEST_DATABASE_URL");
	PGconn *open_write = PQconnectdb(url), *other = PQconnectdb(url);
	ck_assert_msg(PQstatus(open_write) == CONNECTION_OK && PQstatus(other) == CONNECTION_OK, "%s",
		      PQerrorMessage(open_write));
	struct db_pool *pool;
	struct db_conn *pass = pass_connection(url, &pool);
	struct principal owner = {.role = ROLE_OWNER};
	char managers[1][37];
	create_org(other, &owner, managers, 1, "marks");
	const char *params[] = {owner.org_id, managers[0]};
	static const char insert_call[] =
		"INSERT INTO call_logs (org_id, id, manager_id, direction, started_at, duration_s, local_date)"
		" VALUES ($1, gen_random_uuid(), $2, 'outbound', '2026-03-10T07:00:00Z', 60, '2026-03-10')";
	static const char calls_rolled_up[] =
		"SELECT coalesce(sum(calls_total), 0) FROM kpi_daily WHERE org_id = $1";
	static const char marks[] = "SELECT count(*) FROM rollup_dirty WHERE org_id = $1";

	PQclear(sql(open_write, "BEGIN", 0, NULL));
	PQclear(sql(open_write, insert_call, 2, params));
	/* The same manager-day from another session while the first write is open: before 0036 it waited on the mark's
	 * row lock until the first committed, here past the lock timeout. */
	PQclear(sql(other, "SET lock_timeout = '2s'", 0, NULL));
	PQclear(sql(other, insert_call, 2, params));
	struct sched_pass_result result;
	ck_assert_int_eq(sched_pass_run(pass, owner.org_id, "2026-03-10T18:00:00Z", false, &result), DB_OK);
	ck_assert_int_eq(sql_long(other, calls_rolled_up, owner.org_id), 1);
	PQclear(sql(open_write, "COMMIT", 0, NULL));
	ck_assert_int_eq(sql_long(other, marks, owner.org_id), 1);
	ck_assert_int_eq(sched_pass_run(pass, owner.org_id, "2026-03-10T18:00:00Z", false, &result), DB_OK);
	ck_assert_int_eq(sql_long(other, calls_rolled_up, owner.org_id), 2);
	ck_assert_int_eq(sql_long(other, marks, owner.org_id), 0);
	db_pool_release(pool, pass);
	db_pool_free(pool);
	PQfinish(open_write);
	PQfinish(other);
}
END_TEST

/* A key written by many statements since the last pass (a mark each) is taken with all its marks and recomputed
 * once: a batch of two keys takes both keys of six marks, five of them one key's. */
START_TEST(a_key_marked_many_times_is_recomputed_once)
{
	const char *url = getenv("SALESCTL_TEST_DATABASE_URL");
	PGconn *db = PQconnectdb(url);
	ck_assert_msg(PQstatus(db) == CONNECTION_OK, "%s", PQerrorMessage(db));
	struct db_pool *pool;
	struct db_conn *pass = pass_connection(url, &pool);
	struct principal owner = {.role = ROLE_OWNER};
	char managers[1][37];
	create_org(db, &owner, managers, 1, "many-marks");
	const char *params[] = {owner.org_id, managers[0]};
	for (int i = 0; i < 6; i++)
		PQclear(sql(db,
			    i < 5 ? "INSERT INTO call_logs (org_id, id, manager_id, direction, started_at, duration_s, local_date)"
				    " VALUES ($1, gen_random_uuid(), $2, 'outbound', '2026-03-11T07:00:00Z', 60, '2026-03-11')"
				  : "INSERT INTO call_logs (org_id, id, manager_id, direction, started_at, duration_s, local_date)"
				    " VALUES ($1, gen_random_uuid(), $2, 'inbound', '2026-03-12T07:00:00Z', 60, '2026-03-12')",
			    2, params));
	ck_assert_int_eq(sql_long(db, "SELECT count(*) FROM rollup_dirty WHERE org_id = $1", owner.org_id), 6);
	long keys = 0, updated = 0;
	ck_assert_int_eq(store_rollup_dirty_batch(pass, owner.org_id, 2, &keys, &updated), DB_OK);
	ck_assert_int_eq(keys, 2);
	ck_assert_int_eq(updated, 2);
	ck_assert_int_eq(sql_long(db, "SELECT count(*) FROM rollup_dirty WHERE org_id = $1", owner.org_id), 0);
	ck_assert_int_eq(sql_long(db, "SELECT sum(calls_total) FROM kpi_daily WHERE org_id = $1", owner.org_id), 6);
	db_pool_release(pool, pass);
	db_pool_free(pool);
	PQfinish(db);
}
END_TEST

Suite *pass_overlap_suite(void)
{
	Suite *s = suite_create("pass_overlap");
	TCase *t = tcase_create("pass_overlap");
	tcase_set_timeout(t, 300);
	tcase_add_test(t, overlapping_passes_agree_with_a_rebuild);
	tcase_add_test(t, marks_do_not_make_writes_wait);
	tcase_add_test(t, a_key_marked_many_times_is_recomputed_once);
	suite_add_tcase(s, t);
	return s;
}
