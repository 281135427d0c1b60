/* One-on-ones. Holding is one statement: the tasks for agreements, their "created" events and the held
 * one-on-one are written together or not at all. */
#include "salesctl/store/one_on_ones.h"
#include "salesctl/store/list_sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Used by GET /v1/one-on-ones/{id}. */
static const struct reach_stmt ooo_get = {
	"ooo_get",
	"SELECT one_on_one_json(o)::text, o.version FROM one_on_ones o WHERE o.org_id = $O AND o.id = $A AND "
	"$R",
	{&store_one_on_one_list_shape.reach}};

/* Used by PATCH, hold and cancel to choose the answer (404, 403, 409): (scheduled, viewer is the manager). A
 * check, not a lock: each of those writes requires status = 'scheduled' again in its own statement. */
static const struct reach_stmt ooo_access = {
	"ooo_access",
	"SELECT o.status = 'scheduled', o.manager_id = $V FROM one_on_ones o WHERE o.org_id = $O AND o.id = "
	"$A AND $R",
	{&store_one_on_one_list_shape.reach}};

const struct reach_stmt *const store_one_on_ones_reach_stmts[] = {&ooo_get, &ooo_access, NULL};

const struct db_stmt store_one_on_ones_stmts[] = {
	/* Used by POST /v1/one-on-ones. */
	{"ooo_create",
	 "INSERT INTO one_on_ones AS o (org_id, id, manager_id, head_id, scheduled_at, kind, agenda)"
	 " SELECT $1, $2, (b->>'manager_id')::uuid, $3, (b->>'scheduled_at')::timestamptz,"
	 "        coalesce(b->>'kind', 'regular'), b->>'agenda'"
	 " FROM (SELECT $4::jsonb AS b) s RETURNING one_on_one_json(o)::text, o.version"},
	/* Used by PATCH /v1/one-on-ones/{id} (scheduled ones only). */
	{"ooo_patch",
	 "WITH target AS (SELECT version FROM one_on_ones WHERE org_id = $1 AND id = $2 AND status = 'scheduled'"
	 "                 FOR UPDATE),"
	 " body AS (SELECT $3::jsonb AS b),"
	 " upd AS (UPDATE one_on_ones o SET"
	 "   scheduled_at = coalesce((b->>'scheduled_at')::timestamptz, o.scheduled_at),"
	 "   kind = coalesce(b->>'kind', o.kind),"
	 "   agenda = CASE WHEN b ? 'agenda' THEN b->>'agenda' ELSE o.agenda END,"
	 "   version = o.version + 1, updated_at = now()"
	 "  FROM target, body WHERE o.org_id = $1 AND o.id = $2"
	 "   AND ($4::int[] IS NULL OR target.version = ANY ($4::int[]))"
	 "  RETURNING one_on_one_json(o)::text AS j, o.version)"
	 " SELECT EXISTS (SELECT 1 FROM target), (SELECT j FROM upd), (SELECT version FROM upd)"},
	/* Used by POST /v1/one-on-ones/{id}/hold. $5: create tasks for the agreements. */
	{"ooo_hold",
	 "WITH o AS (SELECT * FROM one_on_ones WHERE org_id = $1 AND id = $2 AND status = 'scheduled' FOR UPDATE),"
	 " body AS (SELECT $4::jsonb AS b),"
	 " ag AS (SELECT x.ord, x.a, CASE WHEN $5::boolean THEN gen_random_uuid() END AS task_id"
	 "          FROM body, jsonb_array_elements(coalesce(body.b->'agreements', '[]')) WITH ORDINALITY AS x(a, ord)),"
	 " t AS (INSERT INTO tasks (org_id, id, title, description, assignee_id, author_id, due_at, control_at)"
	 "   SELECT $1, ag.task_id, left(ag.a->>'text', 200), ag.a->>'text', o.manager_id, $3,"
	 "          (ag.a->>'due_at')::timestamptz, (ag.a->>'due_at')::timestamptz"
	 "     FROM ag, o WHERE ag.task_id IS NOT NULL RETURNING org_id, id, author_id, status),"
	 " e AS (INSERT INTO task_events (org_id, id, task_id, actor_id, kind, to_status)"
	 "   SELECT org_id, gen_random_uuid(), id, author_id, 'created', status FROM t),"
	 " upd AS (UPDATE one_on_ones x SET status = 'held', held_at = now(), notes = body.b->>'notes',"
	 "   mood = (body.b->>'mood')::int,"
	 "   agreements = coalesce((SELECT jsonb_agg(jsonb_build_object("
	 "       'text', ag.a->>'text', 'due_at', to_jsonb((ag.a->>'due_at')::timestamptz), 'task_id', ag.task_id)"
	 "       ORDER BY ag.ord) FROM ag), '[]'),"
	 "   version = x.version + 1, updated_at = now()"
	 "  FROM o, body WHERE x.org_id = $1 AND x.id = o.id RETURNING x.*)"
	 " SELECT one_on_one_json(upd)::text, upd.version, (SELECT count(*) FROM t) FROM upd"},
	/* Used by GET /v1/one-on-ones/{id} for a scheduled one: the agenda's items from the store (see the header). */
	{"ooo_agenda",
	 "WITH x AS (SELECT o.manager_id, o.scheduled_at, u.timezone FROM one_on_ones o"
	 "             JOIN users u ON u.org_id = o.org_id AND u.id = o.manager_id WHERE o.org_id = $1 AND o.id = $2),"
	 " last AS (SELECT p.held_at, p.agreements FROM one_on_ones p, x"
	 "           WHERE p.org_id = $1 AND p.manager_id = x.manager_id AND p.status = 'held'"
	 "           ORDER BY p.held_at DESC LIMIT 1),"
	 " agreed AS (SELECT (ag->>'task_id')::uuid AS task_id, ag->>'text' AS text"
	 "             FROM last, jsonb_array_elements(last.agreements) AS ag WHERE ag->>'task_id' IS NOT NULL),"
	 " items AS ("
	 "   SELECT 1 AS ord, a.opened_at AS at, json_build_object('kind', 'alert', 'subject_type', 'alert',"
	 "          'subject_id', a.id, 'alert', alert_json(a), 'at', a.opened_at) AS item"
	 "     FROM alerts a, x WHERE a.org_id = $1 AND a.manager_id = x.manager_id AND a.status = 'open'"
	 "   UNION ALL"
	 "   SELECT 2, t.due_at, json_build_object('kind', 'overdue_task', 'subject_type', 'task', 'subject_id', t.id,"
	 "          'title', t.title, 'at', t.due_at)"
	 "     FROM tasks t, x WHERE t.org_id = $1 AND t.assignee_id = x.manager_id"
	 "      AND t.status IN ('new', 'in_progress') AND t.due_at < now()"
	 "      AND t.id NOT IN (SELECT task_id FROM agreed)"
	 "   UNION ALL"
	 "   SELECT 3, i.due_on, json_build_object('kind', 'idp_item', 'subject_type', 'idp_item', 'subject_id', i.id,"
	 "          'title', i.goal, 'at', i.due_on)"
	 "     FROM idp_items i JOIN development_plans d ON d.org_id = i.org_id AND d.id = i.plan_id, x"
	 "    WHERE i.org_id = $1 AND d.manager_id = x.manager_id AND d.status = 'active' AND i.status = 'open'"
	 "      AND i.due_on <= (x.scheduled_at AT TIME ZONE x.timezone)::date + 7"
	 "   UNION ALL"
	 "   SELECT 4, s.submitted_at, json_build_object('kind', 'help_request', 'subject_type', 'standup',"
	 "          'subject_id', s.id, 'title', s.help_needed, 'at', s.date)"
	 "     FROM standups s, x WHERE s.org_id = $1 AND s.manager_id = x.manager_id AND coalesce(s.help_needed, '') <> ''"
	 "      AND s.date >= coalesce((SELECT (held_at AT TIME ZONE x.timezone)::date FROM last),"
	 "                             (x.scheduled_at AT TIME ZONE x.timezone)::date - 30)"
	 "   UNION ALL"
	 "   SELECT 5, t.due_at, json_build_object('kind', 'agreement', 'subject_type', 'task', 'subject_id', t.id,"
	 "          'title', agreed.text, 'at', t.due_at)"
	 "     FROM agreed JOIN tasks t ON t.org_id = $1 AND t.id = agreed.task_id"
	 "    WHERE t.status IN ('new', 'in_progress'))"
	 " SELECT x.manager_id, coalesce(json_agg(items.item ORDER BY items.ord, items.at)"
	 "                               FILTER (WHERE items.item IS NOT NULL), '[]')::text,"
	 "        coalesce((SELECT v.version FROM plan_versions v WHERE v.org_id = $1), 0),"
	 "        (now() AT TIME ZONE o.timezone)::date::text, (now() AT TIME ZONE o.timezone)::time >= o.report_deadline,"
	 "        floor(extract(epoch FROM now()) / 900)::bigint"
	 "   FROM x JOIN orgs o ON o.org_id = $1 LEFT JOIN items ON true"
	 "  GROUP BY x.manager_id, o.timezone, o.report_deadline"},
	/* Used by POST /v1/one-on-ones/{id}/cancel. */
	{"ooo_cancel",
	 "UPDATE one_on_ones o SET status = 'cancelled', version = o.version + 1, updated_at = now()"
	 " WHERE o.org_id = $1 AND o.id = $2 AND o.status = 'scheduled'"
	 " RETURNING one_on_one_json(o)::text, o.version"},
	{NULL, NULL},
};

enum db_status store_one_on_one_create(struct db_conn *c, const struct principal *actor, const char *id,
				       const char *body, struct store_doc *out)
{
	const char *params[] = {actor->org_id, id, actor->user_id, body};
	return store_doc_query(c, "ooo_create", 4, params, out);
}

enum db_status store_one_on_one_get(struct db_conn *c, const struct principal *viewer, const char *id,
				    struct store_doc *out)
{
	return store_reach_doc(c, &ooo_get, viewer, 1, &id, out);
}

enum db_status store_one_on_one_access(struct db_conn *c, const struct principal *viewer, const char *id,
				       struct one_on_one_access *out)
{
	enum db_status st;
	memset(out, 0, sizeof(*out));
	PGresult *r = store_reach_exec(c, &ooo_access, viewer, 1, &id, &st);
	if (!r)
		return st;
	if (PQntuples(r) == 1) {
		out->found = true;
		out->scheduled = db_bool(r, 0, 0);
		out->is_manager = db_bool(r, 0, 1);
	}
	PQclear(r);
	return DB_OK;
}

enum db_status store_one_on_one_patch(struct db_conn *c, const struct principal *actor, const char *id,
				      const char *body, const char *if_match, struct store_doc *out)
{
	const char *params[] = {actor->org_id, id, body, if_match};
	return store_doc_update(c, "ooo_patch", 4, params, out);
}

enum db_status store_one_on_one_hold(struct db_conn *c, const struct principal *actor, const char *id,
				     const char *body, bool create_tasks, struct store_doc *out)
{
	const char *params[] = {actor->org_id, id, actor->user_id, body, create_tasks ? "true" : "false"};
	return store_doc_query(c, "ooo_hold", 5, params, out);
}

enum db_status store_one_on_one_agenda(struct db_conn *c, const char *org_id, const char *id,
				       struct one_on_one_agenda *out)
{
	const char *params[] = {org_id, id};
	enum db_status st;
	memset(out, 0, sizeof(*out));
	PGresult *r = db_exec(c, "ooo_agenda", 2, params, &st);
	if (!r)
		return st;
	if (PQntuples(r) == 1) {
		snprintf(out->manager_id, sizeof(out->manager_id), "%s", PQgetvalue(r, 0, 0));
		out->items = strdup(PQgetvalue(r, 0, 1));
		if (!out->items)
			st = DB_ERROR;
		out->plan_version = atoll(PQgetvalue(r, 0, 2));
		snprintf(out->as_of_date, sizeof(out->as_of_date), "%s", PQgetvalue(r, 0, 3));
		out->deadline_passed = db_bool(r, 0, 4);
		out->quarter_hour = atoll(PQgetvalue(r, 0, 5));
	}
	PQclear(r);
	return st;
}

enum db_status store_one_on_one_cancel(struct db_conn *c, const struct principal *actor, const char *id,
				       struct store_doc *out)
{
	const char *params[] = {actor->org_id, id};
	return store_doc_query(c, "ooo_cancel", 2, params, out);
}

/* GET /v1/one-on-ones. A head sees those they hold and their members', a manager their own. Latest first. */
static const struct list_filter one_on_one_list_filters[] = {
	{"manager_id", "o.manager_id = $$::uuid", false, true},
	{"head_id", "o.head_id = $$::uuid", false, true},
	{"status", "o.status = ANY ($$::text[])", true, false},
	{"from", "o.scheduled_at >= $$::timestamptz", false, false},
	{"to", "o.scheduled_at < $$::timestamptz", false, false},
};

static const struct list_sort one_on_one_list_sorts[] = {
	{"scheduled_at", "o.scheduled_at", "timestamptz"},
};

const struct list_shape store_one_on_one_list_shape = {
	.table = "one_on_ones",
	.alias = "o",
	.json = "one_on_one_json(o)::text",
	.reach = {.head = "(o.head_id = $V OR o.manager_id = $V OR o.manager_id = ANY (" REACH_MEMBERS "))",
	          .manager = "(o.head_id = $V OR o.manager_id = $V)"},
	.search = NULL,
	.filters = one_on_one_list_filters,
	.nfilters = sizeof(one_on_one_list_filters) / sizeof(one_on_one_list_filters[0]),
	.sorts = one_on_one_list_sorts,
	.nsorts = sizeof(one_on_one_list_sorts) / sizeof(one_on_one_list_sorts[0]),
};
