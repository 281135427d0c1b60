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

#endif
