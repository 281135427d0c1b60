/*
 * The event feed. Only events of transactions older than every transaction still running are read
 * (pg_snapshot_xmin), in (txid, seq) order, so a position the reader has passed can never gain an event: see
 * migration 0026. One range of the primary key per page. Events older than 90 days are deleted by the scheduler
 * pass (migration 0034).
 */
#include "salesctl/store/events.h"

#include <stdio.h>

#define EVENT_PAGE \
	"SELECT json_build_object('id', e.id, 'event', e.event, 'created_at', e.created_at, 'data', e.data)::text," \
	"       e.txid::text || '.' || e.seq, e.id FROM events e WHERE e.org_id = $1"
/* How long the feed keeps an event, and how many a pass deletes at most (docs/API.md). */
#define EVENT_RETENTION_DAYS "90"
#define EVENT_PRUNE_BATCH "10000"

#define EVENT_SETTLED " AND e.txid < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY e.txid, e.seq LIMIT $2"

const struct db_stmt store_events_stmts[] = {
	{"event_page_first", EVENT_PAGE EVENT_SETTLED},
	{"event_page_after", EVENT_PAGE " AND (e.txid, e.seq) > ($3::xid8, $4::bigint)" EVENT_SETTLED},
	/* Used by GET /v1/events with a cursor: whether events after it were deleted for age (migration 0034). */
	{"event_cursor_expired",
	 "SELECT EXISTS (SELECT 1 FROM event_horizons h WHERE h.org_id = $1 AND (h.txid, h.seq) > ($2::xid8, $3::bigint))"},
	/* Used by every scheduler pass: deletes up to EVENT_PRUNE_BATCH of the organisation's events older than the
	 * retention at as_of $2, oldest first, and moves the horizon to the last one deleted; (count). */
	{"event_prune",
	 "WITH gone AS (DELETE FROM events e"
	 "               WHERE e.org_id = $1 AND (e.txid, e.seq) IN"
	 "                     (SELECT o.txid, o.seq FROM events o WHERE o.org_id = $1"
	 "                         AND o.created_at < $2::timestamptz - interval '" EVENT_RETENTION_DAYS " days'"
	 "                       ORDER BY o.created_at LIMIT " EVENT_PRUNE_BATCH ")"
	 "               RETURNING e.txid, e.seq),"
	 " last AS (SELECT txid, seq FROM gone ORDER BY txid DESC, seq DESC LIMIT 1),"
	 /* A data-modifying CTE runs whether or not it is referenced. */
	 " moved AS (INSERT INTO event_horizons AS h (org_id, txid, seq) SELECT $1, txid, seq FROM last"
	 "   ON CONFLICT (org_id) DO UPDATE SET txid = EXCLUDED.txid, seq = EXCLUDED.seq, pruned_at = now()"
	 "   WHERE (h.txid, h.seq) < (EXCLUDED.txid, EXCLUDED.seq))"
	 " SELECT count(*) FROM gone"},
	{NULL, NULL},
};

enum db_status store_event_cursor_expired(struct db_conn *c, const char *org_id, const char *after_txid,
					  const char *after_seq, bool *expired)
{
	const char *params[] = {org_id, after_txid, after_seq};
	enum db_status st;
	*expired = false;
	PGresult *r = db_exec(c, "event_cursor_expired", 3, params, &st);
	if (!r)
		return st;
	*expired = db_bool(r, 0, 0);
	PQclear(r);
	return DB_OK;
}

enum db_status store_event_prune(struct db_conn *c, const char *org_id, const char *as_of, long *deleted)
{
	const char *params[] = {org_id, as_of};
	return store_count_query(c, "event_prune", 2, params, deleted);
}

enum db_status store_event_page(struct db_conn *c, const char *org_id, const char *after_txid, const char *after_seq,
				int limit, struct store_page *out)
{
	char fetch[16];
	snprintf(fetch, sizeof(fetch), "%d", limit + 1);
	const char *params[] = {org_id, fetch, after_txid, after_seq};
	enum db_status st;
	PGresult *r = after_txid ? db_exec(c, "event_page_after", 4, params, &st)
				 : db_exec(c, "event_page_first", 2, params, &st);
	if (!r)
		return st;
	static const struct page_layout layout = {1, NULL};
	return store_page_take(r, limit, false, &layout, out);
}
