/*
 * CRM events. An event's local_date is fixed when it is stored, from occurred_at in the manager's time zone. A batch
 * is one statement: the events are inserted (ON CONFLICT DO NOTHING on external_id), and those that were new are
 * merged into their leads and deals by crm_merge (migration 0027) — per lead, the least of the instants and the field
 * of the greatest event key (migration 0022) — so the state never depends on the order events came in and the work
 * is the batch's, not the history's.
 */
#include "salesctl/store/crm_events.h"
#include "salesctl/store/list_sql.h"

/* Used by POST /v1/crm-events/batch: (input position, status, id). $A the items, $B the new ids in input order.
 * Earlier items win duplicates. */
static const struct reach_stmt crm_event_batch = {
	"crm_event_batch",
	BATCH_INPUT
	" resolved AS (SELECT i.ord, i.b, i.id, u.id AS manager_id, u.timezone, (u.id IS NOT NULL AND $R) AS allowed"
	"                FROM input i LEFT JOIN users u ON u.org_id = $O AND u.id = (i.b->>'manager_id')::uuid),"
	" ins AS (INSERT INTO crm_events AS e (org_id, id, external_id, type, occurred_at, manager_id, lead_id, deal_id,"
	"                                      stage, amount_minor, reason, source, local_date)"
	"   SELECT $O, id, b->>'external_id', b->>'type', (b->>'occurred_at')::timestamptz, manager_id, b->>'lead_id',"
	"          b->>'deal_id', b->>'stage', (b->>'amount_minor')::bigint, b->>'reason', b->>'source',"
	"          ((b->>'occurred_at')::timestamptz AT TIME ZONE timezone)::date"
	"     FROM resolved WHERE allowed ORDER BY ord"
	"   ON CONFLICT (org_id, external_id) DO NOTHING"
	"   RETURNING e.*),"
	/* Referenced by the outcome below, or a SELECT in WITH would not run. */
	" merged AS (SELECT crm_merge($O, array_agg(ROW(ins.*)::crm_events)) FROM ins)"
	BATCH_OUTCOMES("crm_events", " CROSS JOIN merged"),
	{&store_batch_manager_reach, &store_batch_earlier_reach}};

const struct reach_stmt *const store_crm_events_reach_stmts[] = {&crm_event_batch, NULL};

enum db_status store_crm_event_batch(struct db_conn *c, const struct principal *actor, const char *body,
				 const char *rejected, size_t n, size_t nvalid, struct batch_result *results)
{
	return store_batch_exec(c, &crm_event_batch, actor, body, rejected, n, nvalid, results);
}

/* GET /v1/leads. A head sees their own and their members' leads, a manager their own. Newest first by
 * leads_list_idx, a manager's by leads_manager_idx. */
static const struct list_filter lead_list_filters[] = {
	{"manager_id", "l.manager_id = $$::uuid", false, true},
	{"status", "l.status = ANY ($$::text[])", true, false},
	{"created_from", "l.created_at >= $$::timestamptz", false, false},
	{"created_to", "l.created_at < $$::timestamptz", false, false},
};

static const struct list_sort lead_list_sorts[] = {
	{"created_at", "l.created_at", "timestamptz"},
};

const struct list_shape store_lead_list_shape = {
	.table = "leads",
	.alias = "l",
	.json = "lead_json(l)::text",
	.reach = REACH_PERSON("l.manager_id"),
	.search = NULL,
	.filters = lead_list_filters,
	.nfilters = sizeof(lead_list_filters) / sizeof(lead_list_filters[0]),
	.sorts = lead_list_sorts,
	.nsorts = sizeof(lead_list_sorts) / sizeof(lead_list_sorts[0]),
};

/* GET /v1/deals, as leads; by stage_entered_at for "what has been in its stage longest". */
static const struct list_filter deal_list_filters[] = {
	{"manager_id", "d.manager_id = $$::uuid", false, true},
	{"status", "d.status = ANY ($$::text[])", true, false},
	{"stage", "d.stage = $$", false, false},
};

static const struct list_sort deal_list_sorts[] = {
	{"created_at", "d.created_at", "timestamptz"},
	{"stage_entered_at", "coalesce(d.stage_entered_at, d.created_at)", "timestamptz"},
};

const struct list_shape store_deal_list_shape = {
	.table = "deals",
	.alias = "d",
	.json = "deal_json(d)::text",
	.reach = REACH_PERSON("d.manager_id"),
	.search = NULL,
	.filters = deal_list_filters,
	.nfilters = sizeof(deal_list_filters) / sizeof(deal_list_filters[0]),
	.sorts = deal_list_sorts,
	.nsorts = sizeof(deal_list_sorts) / sizeof(deal_list_sorts[0]),
};
