/*
 * CRM events. An event's local_date is fixed when it is stored, from occurred_at in the manager's time zone. A batch
 * is one statement: the events are inserted (ON CONFLICT DO NOTHING on external_id), and those that were new are
 * merged into their leads (lead.* events) and deals (deal.* events) — per lead, the least of the instants and the
 * field of the greatest event key (migration 0022) — so the state never depends on the order events came in and the
 * work is the batch's, not the history's.
 */
#include "salesctl/store/crm_events.h"
#include "salesctl/store/list_sql.h"


/* The batch's new lead events, one row per lead: manager from the latest lead.created or lead.assigned (else the
 * latest event), created_at from the earliest lead.created (else the earliest event). */
#define LEAD_MERGE \
	" lead_merge AS (INSERT INTO leads AS l (org_id, lead_id, manager_id, manager_key, created_at, created_key," \
	"                                       first_contact_at, closed_at)" \
	"   SELECT $O, lead_id, (array_agg(manager_id ORDER BY mk DESC))[1], max(mk)," \
	"          (array_agg(occurred_at ORDER BY ck))[1], min(ck)," \
	"          min(occurred_at) FILTER (WHERE type = 'lead.first_contact')," \
	"          min(occurred_at) FILTER (WHERE type = 'lead.closed')" \
	"     FROM (SELECT ev.*, CASE WHEN type IN ('lead.created', 'lead.assigned') THEN '1' ELSE '0' END || k AS mk," \
	"                  CASE WHEN type = 'lead.created' THEN '0' ELSE '1' END || k AS ck" \
	"             FROM ev WHERE type LIKE 'lead.%') x" \
	"    GROUP BY lead_id" \
	"   ON CONFLICT (org_id, lead_id) DO UPDATE SET" \
	"     manager_id = CASE WHEN EXCLUDED.manager_key > l.manager_key THEN EXCLUDED.manager_id ELSE l.manager_id END," \
	"     manager_key = greatest(l.manager_key, EXCLUDED.manager_key)," \
	"     created_at = CASE WHEN EXCLUDED.created_key < l.created_key THEN EXCLUDED.created_at ELSE l.created_at END," \
	"     created_key = least(l.created_key, EXCLUDED.created_key)," \
	"     first_contact_at = least(l.first_contact_at, EXCLUDED.first_contact_at)," \
	"     closed_at = least(l.closed_at, EXCLUDED.closed_at)," \
	"     updated_at = now()" \
	"   RETURNING 1),"

/* The batch's new deal events, one row per deal: each part from the latest event that names it, created_at as for
 * leads. LEAST and GREATEST skip NULLs; a comparison with a NULL key keeps the stored part. */
#define DEAL_MERGE \
	" deal_merge AS (INSERT INTO deals AS d (org_id, deal_id, lead_id, manager_id, manager_key, created_at," \
	"                                       created_key, stage, stage_entered_at, stage_key, amount_minor, amount_key," \
	"                                       outcome, closed_at, outcome_key)" \
	"   SELECT $O, deal_id, min(lead_id)," \
	"          (array_agg(manager_id ORDER BY k DESC))[1], max(k)," \
	"          (array_agg(occurred_at ORDER BY ck))[1], min(ck)," \
	"          (array_agg(stage ORDER BY k DESC) FILTER (WHERE staged))[1]," \
	"          (array_agg(occurred_at ORDER BY k DESC) FILTER (WHERE staged))[1], max(k) FILTER (WHERE staged)," \
	"          (array_agg(amount_minor ORDER BY k DESC) FILTER (WHERE amount_minor IS NOT NULL))[1]," \
	"          max(k) FILTER (WHERE amount_minor IS NOT NULL)," \
	"          (array_agg(substr(type, 6) ORDER BY k DESC) FILTER (WHERE closing))[1]," \
	"          (array_agg(occurred_at ORDER BY k DESC) FILTER (WHERE closing))[1], max(k) FILTER (WHERE closing)" \
	"     FROM (SELECT ev.*, CASE WHEN type = 'deal.created' THEN '0' ELSE '1' END || k AS ck," \
	"                  stage IS NOT NULL AND type IN ('deal.created', 'deal.stage_changed') AS staged," \
	"                  type IN ('deal.won', 'deal.lost') AS closing" \
	"             FROM ev WHERE type LIKE 'deal.%') x" \
	"    GROUP BY deal_id" \
	"   ON CONFLICT (org_id, deal_id) DO UPDATE SET" \
	"     lead_id = least(d.lead_id, EXCLUDED.lead_id)," \
	"     manager_id = CASE WHEN EXCLUDED.manager_key > d.manager_key THEN EXCLUDED.manager_id ELSE d.manager_id END," \
	"     manager_key = greatest(d.manager_key, EXCLUDED.manager_key)," \
	"     created_at = CASE WHEN EXCLUDED.created_key < d.created_key THEN EXCLUDED.created_at ELSE d.created_at END," \
	"     created_key = least(d.created_key, EXCLUDED.created_key)," \
	"     stage = CASE WHEN EXCLUDED.stage_key > coalesce(d.stage_key, '') THEN EXCLUDED.stage ELSE d.stage END," \
	"     stage_entered_at = CASE WHEN EXCLUDED.stage_key > coalesce(d.stage_key, '') THEN EXCLUDED.stage_entered_at" \
	"                             ELSE d.stage_entered_at END," \
	"     stage_key = greatest(d.stage_key, EXCLUDED.stage_key)," \
	"     amount_minor = CASE WHEN EXCLUDED.amount_key > coalesce(d.amount_key, '') THEN EXCLUDED.amount_minor" \
	"                         ELSE d.amount_minor END," \
	"     amount_key = greatest(d.amount_key, EXCLUDED.amount_key)," \
	"     outcome = CASE WHEN EXCLUDED.outcome_key > coalesce(d.outcome_key, '') THEN EXCLUDED.outcome ELSE d.outcome END," \
	"     closed_at = CASE WHEN EXCLUDED.outcome_key > coalesce(d.outcome_key, '') THEN EXCLUDED.closed_at" \
	"                      ELSE d.closed_at END," \
	"     outcome_key = greatest(d.outcome_key, EXCLUDED.outcome_key)," \
	"     updated_at = now()" \
	"   RETURNING 1)"

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
	"   RETURNING e.id, e.external_id, e.type, e.occurred_at, e.manager_id, e.lead_id, e.deal_id, e.stage,"
	"             e.amount_minor),"
	" ev AS (SELECT ins.*, crm_event_key(ins.occurred_at, ins.external_id) AS k FROM ins),"
	LEAD_MERGE
	DEAL_MERGE
	BATCH_OUTCOMES("crm_events"),
	{&store_batch_manager_reach, &store_batch_earlier_reach}};

const struct reach_stmt *const store_crm_events_reach_stmts[] = {&crm_event_batch, NULL};

enum db_status store_crm_event_batch(struct db_conn *c, const struct principal *actor, const char *items,
				     const char *ids, size_t n, struct batch_result *results)
{
	return store_batch_exec(c, &crm_event_batch, actor, items, ids, n, results);
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
