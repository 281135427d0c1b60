/*
 * KPI rollups. Writes append (org, manager, local date) marks by trigger in their own transaction (migrations 0005,
 * 0036); a pass takes a batch of marked keys with all their marks (FOR UPDATE SKIP LOCKED), recomputes each key with
 * kpi_rollup_compute() and upserts it. Work is proportional to what changed; the rebuild recomputes everything with
 * the same function, so the two must agree.
 *
 * Why taking and recomputing are two statements: a mark is visible only once the write that appended it has
 * committed, so a statement after the take (under READ COMMITTED, a later snapshot) sees every write whose mark was
 * taken. Taking a mark also counts it as a late change when its month is closed (migration 0036).
 */
#include "salesctl/store/rollups.h"
#include "salesctl/store/doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "salesctl" pass lock; the migration lock uses another key. */
#define PASS_LOCK_KEY "7021780330389812333"

#define KPI_COLUMNS \
	"calls_total, calls_outbound, calls_inbound, calls_effective, talk_time_s, chat_sessions, meetings," \
	" proposals_sent, leads_received, leads_processed, deals_won, payments_count, revenue_minor," \
	" quality_score_sum, quality_score_count"
#define KPI_UPDATE \
	" ON CONFLICT (org_id, manager_id, date) DO UPDATE SET calls_total = EXCLUDED.calls_total," \
	" calls_outbound = EXCLUDED.calls_outbound, calls_inbound = EXCLUDED.calls_inbound," \
	" calls_effective = EXCLUDED.calls_effective, talk_time_s = EXCLUDED.talk_time_s," \
	" chat_sessions = EXCLUDED.chat_sessions, meetings = EXCLUDED.meetings," \
	" proposals_sent = EXCLUDED.proposals_sent, leads_received = EXCLUDED.leads_received," \
	" leads_processed = EXCLUDED.leads_processed, deals_won = EXCLUDED.deals_won," \
	" payments_count = EXCLUDED.payments_count, revenue_minor = EXCLUDED.revenue_minor," \
	" quality_score_sum = EXCLUDED.quality_score_sum, quality_score_count = EXCLUDED.quality_score_count," \
	" updated_at = now()"

/* A mark taken while its month is closed is a write the close's snapshot does not hold. */
#define ROLLUP_COUNT_LATE(marks) \
	" late AS (UPDATE period_closes p SET late_changes = p.late_changes + m.n" \
	"   FROM (SELECT org_id, date_trunc('month', date)::date AS period, count(*) AS n FROM " marks " GROUP BY 1, 2) m" \
	"   WHERE p.org_id = m.org_id AND p.period = m.period AND p.closed_at IS NOT NULL)"

const struct db_stmt store_rollups_stmts[] = {
	{"rollup_try_lock", "SELECT pg_try_advisory_xact_lock(" PASS_LOCK_KEY ")"},
	{"rollup_lock", "SELECT pg_advisory_xact_lock(" PASS_LOCK_KEY ")"},
	/* Used by every scheduler pass: take up to $2 marked keys with all their marks (deleted, and locked until
	 * commit): (keys, their org ids, manager ids, dates). All of a key's marks at once, so that a key written many
	 * times since the last pass (a mark per write statement) is recomputed once. */
	{"rollup_take_batch",
	 "WITH picked AS (SELECT DISTINCT org_id, manager_id, date FROM rollup_dirty"
	 "                  WHERE $1::uuid IS NULL OR org_id = $1 LIMIT $2),"
	 " taken AS (DELETE FROM rollup_dirty d"
	 "   WHERE d.ctid IN (SELECT m.ctid FROM rollup_dirty m"
	 "                     JOIN picked p ON p.org_id = m.org_id AND p.manager_id = m.manager_id AND p.date = m.date"
	 "                    FOR UPDATE OF m SKIP LOCKED)"
	 "   RETURNING d.org_id, d.manager_id, d.date),"
	 ROLLUP_COUNT_LATE("taken") ","
	 " keys AS (SELECT DISTINCT org_id, manager_id, date FROM taken)"
	 " SELECT count(*), coalesce(array_agg(org_id), '{}'), coalesce(array_agg(manager_id), '{}'),"
	 "        coalesce(array_agg(date), '{}') FROM keys"},
	/* ...then recompute them in a later statement, whose snapshot sees every write whose mark the batch took. */
	{"rollup_recompute_keys",
	 "WITH up AS (INSERT INTO kpi_daily (org_id, manager_id, date, " KPI_COLUMNS ")"
	 "   SELECT t.org_id, t.manager_id, t.date, k.* FROM unnest($1::uuid[], $2::uuid[], $3::date[]) t(org_id, manager_id, date)"
	 "   JOIN users u ON u.org_id = t.org_id AND u.id = t.manager_id,"
	 "   LATERAL kpi_rollup_compute(t.org_id, t.manager_id, t.date) k" KPI_UPDATE " RETURNING 1)"
	 " SELECT count(*) FROM up"},
	/* Used by salesctld rollup --rebuild and the tests that compare it with the incremental result. */
	{"rollup_rebuild",
	 "WITH keys AS (SELECT org_id, manager_id, local_date AS date FROM call_logs WHERE $1::uuid IS NULL OR org_id = $1"
	 "              UNION SELECT org_id, manager_id, date FROM daily_reports WHERE $1::uuid IS NULL OR org_id = $1"
	 "              UNION SELECT org_id, manager_id, local_date FROM crm_events WHERE $1::uuid IS NULL OR org_id = $1),"
	 " gone AS (DELETE FROM kpi_daily k WHERE ($1::uuid IS NULL OR k.org_id = $1)"
	 "   AND NOT EXISTS (SELECT 1 FROM keys WHERE keys.org_id = k.org_id AND keys.manager_id = k.manager_id"
	 "                   AND keys.date = k.date)),"
	 " clean AS (DELETE FROM rollup_dirty WHERE $1::uuid IS NULL OR org_id = $1 RETURNING org_id, date),"
	 ROLLUP_COUNT_LATE("clean") ","
	 " up AS (INSERT INTO kpi_daily (org_id, manager_id, date, " KPI_COLUMNS ")"
	 "   SELECT keys.org_id, keys.manager_id, keys.date, k.* FROM keys,"
	 "   LATERAL kpi_rollup_compute(keys.org_id, keys.manager_id, keys.date) k" KPI_UPDATE " RETURNING 1)"
	 " SELECT count(*) FROM up"},
	{NULL, NULL},
};

enum db_status store_rollup_lock(struct db_conn *c, bool wait, bool *locked)
{
	enum db_status st;
	*locked = false;
	PGresult *r = db_exec(c, wait ? "rollup_lock" : "rollup_try_lock", 0, NULL, &st);
	if (!r)
		return st;
	*locked = wait || db_bool(r, 0, 0);
	PQclear(r);
	return DB_OK;
}

enum db_status store_rollup_dirty_batch(struct db_conn *c, const char *org_id, int limit, long *keys, long *updated)
{
	char lim[16];
	snprintf(lim, sizeof(lim), "%d", limit);
	const char *params[] = {org_id, lim};
	enum db_status st;
	*keys = 0;
	*updated = 0;
	PGresult *taken = db_exec(c, "rollup_take_batch", 2, params, &st);
	if (!taken)
		return st;
	*keys = atol(PQgetvalue(taken, 0, 0));
	if (*keys > 0) {
		const char *arrays[] = {PQgetvalue(taken, 0, 1), PQgetvalue(taken, 0, 2), PQgetvalue(taken, 0, 3)};
		st = store_count_query(c, "rollup_recompute_keys", 3, arrays, updated);
	}
	PQclear(taken);
	return st;
}

enum db_status store_rollup_rebuild(struct db_conn *c, const char *org_id, long *updated)
{
	const char *params[] = {org_id};
	return store_count_query(c, "rollup_rebuild", 1, params, updated);
}
