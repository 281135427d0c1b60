/*
 * Evening reports. `late` is fixed at submission against the organisation's deadline in the manager's time zone;
 * `reconciliation` is computed on every read by report_reconciliation() (migration 0003), so a call logged after
 * the report changes it at once.
 */
#include "salesctl/store/daily_reports.h"
#include "salesctl/store/list_sql.h"

#include <stdlib.h>
#include <string.h>

#define COUNT_COLUMNS \
	"calls_outbound, calls_inbound, chat_sessions, meetings, proposals_sent, leads_received, leads_processed," \
	" deals_won, payments_count, revenue_minor"

/* Used by GET /v1/daily-reports/{id} and the visibility checks. */
static const struct reach_stmt report_get = {
	"report_get",
	"SELECT daily_report_json(r)::text, r.version FROM daily_reports r WHERE r.org_id = $O AND r.id = $A "
	"AND $R",
	{&store_report_list_shape.reach}};

/* Used by PATCH and review: (own, heads the manager's team, accepted). */
static const struct reach_stmt report_access = {
	"report_access",
	"SELECT r.manager_id = $V,"
	" " REACH_HEADS_TEAM_OF("r.manager_id") ","
	"       r.review_verdict IS NOT DISTINCT FROM 'accepted'"
	" FROM daily_reports r WHERE r.org_id = $O AND r.id = $A AND $R",
	{&store_report_list_shape.reach}};

static const struct reach missing_reach = REACH_PERSON("u.id");

/* Used by GET /v1/daily-reports/missing ($A the date): (managers JSON, is_workday). */
static const struct reach_stmt report_missing = {
	"report_missing",
	"SELECT coalesce((SELECT json_agg(json_build_object('manager_id', u.id, 'name', u.name, 'team_id', u.team_id)"
	"                                  ORDER BY u.name, u.id)"
	"                   FROM users u"
	"                  WHERE u.org_id = $O AND u.role = 'manager' AND u.status = 'active' AND u.hired_on <= $A"
	"                    AND is_workday($O, $A) AND $R"
	"                    AND NOT EXISTS (SELECT 1 FROM daily_reports r"
	"                                     WHERE r.org_id = $O AND r.manager_id = u.id AND r.date = $A)),"
	"                '[]')::text, is_workday($O, $A)",
	{&missing_reach}};

const struct reach_stmt *const store_daily_reports_reach_stmts[] = {&report_get, &report_access, &report_missing, NULL};

const struct db_stmt store_daily_reports_stmts[] = {
	/* Used by POST /v1/daily-reports. No row for a date after today in the manager's time zone. */
	{"report_create",
	 "WITH ctx AS (SELECT u.id AS manager_id, u.timezone, o.report_deadline, s.b,"
	 "                    coalesce((s.b->>'date')::date, (now() AT TIME ZONE u.timezone)::date) AS date"
	 "               FROM (SELECT $3::jsonb AS b) s"
	 "               JOIN users u ON u.org_id = $1 AND u.id = (s.b->>'manager_id')::uuid"
	 "               JOIN orgs o ON o.org_id = $1),"
	 " ins AS (INSERT INTO daily_reports AS r (org_id, id, manager_id, date, " COUNT_COLUMNS ","
	 "                                         done_today, plan_tomorrow, help_needed, late)"
	 "   SELECT $1, $2, manager_id, date,"
	 "          coalesce((b->>'calls_outbound')::int, 0), coalesce((b->>'calls_inbound')::int, 0),"
	 "          coalesce((b->>'chat_sessions')::int, 0), coalesce((b->>'meetings')::int, 0),"
	 "          coalesce((b->>'proposals_sent')::int, 0), coalesce((b->>'leads_received')::int, 0),"
	 "          coalesce((b->>'leads_processed')::int, 0), coalesce((b->>'deals_won')::int, 0),"
	 "          coalesce((b->>'payments_count')::int, 0), coalesce((b->>'revenue_minor')::bigint, 0),"
	 "          b->>'done_today', b->>'plan_tomorrow', b->>'help_needed',"
	 "          now() > ((date + report_deadline) AT TIME ZONE timezone)"
	 "     FROM ctx WHERE date <= (now() AT TIME ZONE timezone)::date RETURNING r.*)"
	 " SELECT daily_report_json(ins)::text, ins.version FROM ins"},
	/* Used by PATCH /v1/daily-reports/{id}: an edit after needs_fix sends the report back for review. */
	{"report_patch",
	 "WITH target AS (SELECT version, review_verdict FROM daily_reports WHERE org_id = $1 AND id = $2 FOR UPDATE),"
	 " body AS (SELECT $3::jsonb AS b),"
	 " upd AS (UPDATE daily_reports r SET"
	 "   calls_outbound = coalesce((b->>'calls_outbound')::int, r.calls_outbound),"
	 "   calls_inbound = coalesce((b->>'calls_inbound')::int, r.calls_inbound),"
	 "   chat_sessions = coalesce((b->>'chat_sessions')::int, r.chat_sessions),"
	 "   meetings = coalesce((b->>'meetings')::int, r.meetings),"
	 "   proposals_sent = coalesce((b->>'proposals_sent')::int, r.proposals_sent),"
	 "   leads_received = coalesce((b->>'leads_received')::int, r.leads_received),"
	 "   leads_processed = coalesce((b->>'leads_processed')::int, r.leads_processed),"
	 "   deals_won = coalesce((b->>'deals_won')::int, r.deals_won),"
	 "   payments_count = coalesce((b->>'payments_count')::int, r.payments_count),"
	 "   revenue_minor = coalesce((b->>'revenue_minor')::bigint, r.revenue_minor),"
	 "   done_today = CASE WHEN b ? 'done_today' THEN b->>'done_today' ELSE r.done_today END,"
	 "   plan_tomorrow = CASE WHEN b ? 'plan_tomorrow' THEN b->>'plan_tomorrow' ELSE r.plan_tomorrow END,"
	 "   help_needed = CASE WHEN b ? 'help_needed' THEN b->>'help_needed' ELSE r.help_needed END,"
	 "   reviewer_id = NULL, review_verdict = NULL, review_score = NULL, review_comment = NULL, reviewed_at = NULL,"
	 "   version = r.version + 1, updated_at = now()"
	 "  FROM target, body WHERE r.org_id = $1 AND r.id = $2"
	 "   AND ($4::int[] IS NULL OR target.version = ANY ($4::int[]))"
	 "   AND target.review_verdict IS DISTINCT FROM 'accepted'"
	 "  RETURNING daily_report_json(r)::text AS j, r.version)"
	 " SELECT EXISTS (SELECT 1 FROM target), (SELECT j FROM upd), (SELECT version FROM upd)"},
	/* Used by POST /v1/daily-reports/{id}/review. */
	{"report_review",
	 "UPDATE daily_reports r SET reviewer_id = $3, review_verdict = b->>'verdict', review_score = (b->>'score')::int,"
	 "   review_comment = b->>'comment', reviewed_at = now(), version = r.version + 1, updated_at = now()"
	 "  FROM (SELECT $4::jsonb AS b) s"
	 " WHERE r.org_id = $1 AND r.id = $2 AND r.review_verdict IS DISTINCT FROM 'accepted'"
	 " RETURNING daily_report_json(r)::text, r.version"},
	{NULL, NULL},
};

enum db_status store_report_create(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				   struct store_doc *out)
{
	const char *params[] = {actor->org_id, id, body};
	return store_doc_query(c, "report_create", 3, params, out);
}

enum db_status store_report_get(struct db_conn *c, const struct principal *viewer, const char *id,
				struct store_doc *out)
{
	return store_reach_doc(c, &report_get, viewer, 1, &id, out);
}

enum db_status store_report_access(struct db_conn *c, const struct principal *viewer, const char *id,
				   struct report_access *out)
{
	enum db_status st;
	memset(out, 0, sizeof(*out));
	PGresult *r = store_reach_exec(c, &report_access, viewer, 1, &id, &st);
	if (!r)
		return st;
	if (PQntuples(r) == 1) {
		out->found = true;
		out->own = db_bool(r, 0, 0);
		out->heads_manager = db_bool(r, 0, 1);
		out->locked = db_bool(r, 0, 2);
	}
	PQclear(r);
	return DB_OK;
}

enum db_status store_report_patch(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				  const char *if_match, struct store_doc *out)
{
	const char *params[] = {actor->org_id, id, body, if_match};
	return store_doc_update(c, "report_patch", 4, params, out);
}

enum db_status store_report_review(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				   struct store_doc *out)
{
	const char *params[] = {actor->org_id, id, actor->user_id, body};
	return store_doc_query(c, "report_review", 4, params, out);
}

/* GET /v1/daily-reports. A head sees their own and their members' reports, a manager their own. Newest day first by
 * daily_reports_list_idx, a manager's by daily_reports_one_per_day. */
static const struct list_filter store_report_list_filters[] = {
	{"manager_id", "r.manager_id = $$::uuid", false, true},
	{"team_id", "r.manager_id = ANY (ARRAY(SELECT id FROM users WHERE org_id = $O AND team_id = $$::uuid))", false, false},
	{"date_from", "r.date >= $$::date", false, false},
	{"date_to", "r.date <= $$::date", false, false},
	{"reviewed", "(r.reviewed_at IS NOT NULL) = $$::boolean", false, false},
	{"reconciliation", "report_reconciliation(r)->>'status' = ANY ($$::text[])", true, false},
};

static const struct list_sort store_report_list_sorts[] = {
	{"date", "r.date", "date"},
};

const struct list_shape store_report_list_shape = {
	.table = "daily_reports",
	.alias = "r",
	.json = "daily_report_json(r)::text",
	.reach = REACH_PERSON("r.manager_id"),
	.search = NULL,
	.filters = store_report_list_filters,
	.nfilters = sizeof(store_report_list_filters) / sizeof(store_report_list_filters[0]),
	.sorts = store_report_list_sorts,
	.nsorts = sizeof(store_report_list_sorts) / sizeof(store_report_list_sorts[0]),
};

enum db_status store_report_missing(struct db_conn *c, const struct principal *viewer, const char *date, char **json,
				    bool *workday)
{
	enum db_status st;
	*json = NULL;
	PGresult *r = store_reach_exec(c, &report_missing, viewer, 1, &date, &st);
	if (!r)
		return st;
	*json = strdup(PQgetvalue(r, 0, 0));
	*workday = db_bool(r, 0, 1);
	PQclear(r);
	return *json ? DB_OK : DB_ERROR;
}
