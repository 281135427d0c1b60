/* SQL for the CRM event feed (SPEC §6.3): batches stored once each by external_id, the leads and deals merged from
 * them in the same statement (migration 0022 says how), and their lists within reach. */
#ifndef SALESCTL_STORE_CRM_EVENTS_H
#define SALESCTL_STORE_CRM_EVENTS_H

#include "salesctl/domain/roles.h"
#include "salesctl/store/batch.h"
#include "salesctl/store/doc.h"

extern const struct reach_stmt *const store_crm_events_reach_stmts[];

/* Stores items (a JSON array of n validated events) with the ids in ids (a PostgreSQL array literal of n UUIDs, in
 * the same order), and merges them into their leads and deals, in one statement; fills results[0..n) in input
 * order. */
enum db_status store_crm_event_batch(struct db_conn *c, const struct principal *actor, const char *body,
				 const char *rejected, size_t n, size_t nvalid, struct batch_result *results);

/* GET /v1/leads, composed per request (store/list_sql.h). Filters, in this order: manager_id, status (several),
 * created_from, created_to; sorts: created_at (the default, newest first). */
struct list_shape;
extern const struct list_shape store_lead_list_shape;
/* GET /v1/deals. Filters, in this order: manager_id, status (several), stage; sorts: created_at (the default),
 * stage_entered_at. */
extern const struct list_shape store_deal_list_shape;

#endif
