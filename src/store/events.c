/*
 * The event feed. Only events of transactions older than every transaction still running are read
 * (pg_snapshot_xmin), in (txid, seq) order, so a position the reader has passed can never gain an event: see
 * migration 0026. One range of the primary key per page.
 */
#include "salesctl/store/events.h"

#include <stdio.h>

#define EVENT_PAGE \
	"SELECT json_build_object('id', e.id, 'event', e.event, 'created_at', e.created_at, 'data', e.data)::text," \
	"       e.txid::text || '.' || e.seq, e.id FROM events e WHERE e.org_id = $1"
#define EVENT_SETTLED " AND e.txid < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY e.txid, e.seq LIMIT $2"

const struct db_stmt store_events_stmts[] = {
	{"event_page_first", EVENT_PAGE EVENT_SETTLED},
	{"event_page_after", EVENT_PAGE " AND (e.txid, e.seq) > ($3::xid8, $4::bigint)" EVENT_SETTLED},
	{NULL, NULL},
};

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
