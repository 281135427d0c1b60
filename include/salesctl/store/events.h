/* SQL for the event feed (GET /v1/events): an organisation's events in commit-safe order (migration 0026). */
#ifndef SALESCTL_STORE_EVENTS_H
#define SALESCTL_STORE_EVENTS_H

#include "salesctl/store/doc.h"

extern const struct db_stmt store_events_stmts[];

/* Up to limit events of org_id after the position (txid, seq) — both NULL for the first — that no running
 * transaction can still add to: out's items are {id, event, created_at, data}, its next_key "txid.seq" and next_id
 * the last item's (empty with no item); more when another page is ready. */
enum db_status store_event_page(struct db_conn *c, const char *org_id, const char *after_txid, const char *after_seq,
				int limit, struct store_page *out);
/* Whether events of org_id after the position were deleted for age: a client at it has missed events. */
enum db_status store_event_cursor_expired(struct db_conn *c, const char *org_id, const char *after_txid,
					  const char *after_seq, bool *expired);
/* Inside a transaction: deletes a batch of org_id's events older than the retention at as_of ("now" for now);
 * *deleted is how many. */
enum db_status store_event_prune(struct db_conn *c, const char *org_id, const char *as_of, long *deleted);

#endif
