/* Tasks. Every change writes its task_events row in the same statement, so the history cannot miss a change. */
#include "salesctl/store/tasks.h"

#include <stdlib.h>
#include <string.h>

const struct db_stmt store_tasks_stmts[] = {
	/* Used by POST /v1/tasks (inside the POST transaction). control_at defaults to due_at. */
	{"task_create",
	 "WITH body AS (SELECT $4::jsonb AS b),"
	 " t AS (INSERT INTO tasks AS t (org_id, id, title, description, assignee_id, author_id, priority, due_at,"
	 "                              control_at, client_ref)"
	 "   SELECT $1, $2, b->>'title', b->>'description', (b->>'assignee_id')::uuid, $3,"
	 "          coalesce(b->>'priority', 'normal'), (b->>'due_at')::timestamptz,"
	 "          coalesce((b->>'control_at')::timestamptz, (b->>'due_at')::timestamptz), b->>'client_ref'"
	 "   FROM body RETURNING t.*),"
	 " e AS (INSERT INTO task_events (org_id, id, task_id, actor_id, kind, to_status)"
	 "   SELECT org_id, gen_random_uuid(), id, author_id, 'created', status FROM t)"
	 " SELECT task_json(t)::text, t.version FROM t"},
	/* Used by POST /v1/tasks and PATCH /v1/tasks/{id} to check assignee_id. */
	{"task_assignable",
	 "SELECT EXISTS (SELECT 1 FROM users WHERE org_id = $1 AND id = $4 AND status = 'active'"
	 " AND in_reach($1, $2, $3, id))"},
	/* Used by GET /v1/tasks/{id} and the visibility checks. */
	{"task_get",
	 "SELECT task_json(t)::text, t.version FROM tasks t"
	 " WHERE t.org_id = $1 AND t.id = $2 AND task_visible(t, $3, $4)"},
	/* Used by transitions and PATCH: the status and the viewer's relations, row locked. */
	{"task_lock",
	 "SELECT t.status, t.assignee_id = $3, t.author_id = $3,"
	 "       EXISTS (SELECT 1 FROM users m JOIN teams tm ON tm.org_id = m.org_id AND tm.id = m.team_id"
	 "               WHERE m.org_id = $1 AND m.id = t.assignee_id AND tm.head_id = $3)"
	 " FROM tasks t WHERE t.org_id = $1 AND t.id = $2 AND task_visible(t, $3, $4) FOR UPDATE OF t"},
	/* Used by POST /v1/tasks/{id}/transitions. $4 new status, $5 transition, $6 expected status, $7 comment. */
	{"task_transition",
	 "WITH upd AS (UPDATE tasks t SET status = $4, version = t.version + 1, updated_at = now(),"
	 "   completed_at = CASE WHEN $4 = 'done' THEN now() WHEN $5 = 'returned' THEN NULL ELSE t.completed_at END,"
	 "   accepted_at = CASE WHEN $4 = 'accepted' THEN now() ELSE t.accepted_at END"
	 "  WHERE t.org_id = $1 AND t.id = $2 AND t.status = $6 RETURNING t.*),"
	 " e AS (INSERT INTO task_events (org_id, id, task_id, actor_id, kind, from_status, to_status, transition, comment)"
	 "   SELECT org_id, gen_random_uuid(), id, $3, 'transition', $6, $4, $5, $7 FROM upd)"
	 " SELECT task_json(upd)::text, upd.version FROM upd"},
	/* Used by PATCH /v1/tasks/{id}. A control date that followed the due date keeps following it. */
	{"task_patch",
	 "WITH target AS (SELECT * FROM tasks WHERE org_id = $1 AND id = $2 FOR UPDATE),"
	 " body AS (SELECT $3::jsonb AS b),"
	 " upd AS (UPDATE tasks t SET"
	 "   title = coalesce(b->>'title', t.title),"
	 "   description = CASE WHEN b ? 'description' THEN b->>'description' ELSE t.description END,"
	 "   assignee_id = coalesce((b->>'assignee_id')::uuid, t.assignee_id),"
	 "   priority = coalesce(b->>'priority', t.priority),"
	 "   due_at = coalesce((b->>'due_at')::timestamptz, t.due_at),"
	 "   control_at = CASE WHEN b ? 'control_at' THEN (b->>'control_at')::timestamptz"
	 "                     WHEN t.control_at = t.due_at THEN coalesce((b->>'due_at')::timestamptz, t.due_at)"
	 "                     ELSE t.control_at END,"
	 "   client_ref = CASE WHEN b ? 'client_ref' THEN b->>'client_ref' ELSE t.client_ref END,"
	 "   version = t.version + 1, updated_at = now()"
	 "  FROM target, body WHERE t.org_id = $1 AND t.id = $2"
	 "   AND ($4::int[] IS NULL OR target.version = ANY ($4::int[]))"
	 "   AND target.status NOT IN ('accepted', 'cancelled')"
	 "  RETURNING t.*),"
	 " e AS (INSERT INTO task_events (org_id, id, task_id, actor_id, kind, changes)"
	 "   SELECT upd.org_id, gen_random_uuid(), upd.id, $5, 'updated',"
	 "          (SELECT jsonb_object_agg(k, jsonb_build_object('from', to_jsonb(target) -> k, 'to', to_jsonb(upd) -> k))"
	 "             FROM jsonb_object_keys(body.b) k)"
	 "   FROM upd, target, body)"
	 " SELECT EXISTS (SELECT 1 FROM target), (SELECT task_json(upd)::text FROM upd), (SELECT version FROM upd)"},
	/* Used by GET /v1/tasks; served by tasks_list_idx, tasks_assignee_idx or tasks_author_idx. */
	{"task_list",
	 "SELECT task_json(t)::text, t.created_at::text, t.id FROM tasks t"
	 " WHERE t.org_id = $1 AND task_visible(t, $2, $3)"
	 "   AND ($4::uuid IS NULL OR t.assignee_id = $4) AND ($5::uuid IS NULL OR t.author_id = $5)"
	 "   AND ($6::text IS NULL OR t.status = $6)"
	 "   AND ($7::boolean IS NULL OR (t.due_at < now() AND t.status NOT IN ('done', 'accepted', 'cancelled')) = $7)"
	 "   AND ($8::timestamptz IS NULL OR t.due_at >= $8) AND ($9::timestamptz IS NULL OR t.due_at <= $9)"
	 "   AND ($10::timestamptz IS NULL OR t.control_at >= $10) AND ($11::timestamptz IS NULL OR t.control_at <= $11)"
	 "   AND ($12::timestamptz IS NULL OR (t.created_at, t.id) < ($12::timestamptz, $13::uuid))"
	 " ORDER BY t.created_at DESC, t.id DESC LIMIT $14"},
	/* Used by GET /v1/tasks/{id}/events. */
	{"task_events",
	 "SELECT coalesce(json_agg(task_event_json(e) ORDER BY e.at, e.id), '[]')::text"
	 " FROM tasks t JOIN task_events e ON e.org_id = t.org_id AND e.task_id = t.id"
	 " WHERE t.org_id = $1 AND t.id = $2 AND task_visible(t, $3, $4)"},
	{NULL, NULL},
};

enum db_status store_task_create(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				 struct store_doc *out)
{
	const char *params[] = {actor->org_id, id, actor->user_id, body};
	return store_doc_query(c, "task_create", 4, params, out);
}

enum db_status store_task_assignable(struct db_conn *c, const struct principal *actor, const char *user_id,
				     bool *ok)
{
	const char *params[] = {actor->org_id, actor->user_id, role_name(actor->role), user_id};
	enum db_status st;
	PGresult *r = db_exec(c, "task_assignable", 4, params, &st);
	if (!r)
		return st;
	*ok = db_bool(r, 0, 0);
	PQclear(r);
	return DB_OK;
}

enum db_status store_task_get(struct db_conn *c, const struct principal *viewer, const char *id,
			      struct store_doc *out)
{
	const char *params[] = {viewer->org_id, id, viewer->user_id, role_name(viewer->role)};
	return store_doc_query(c, "task_get", 4, params, out);
}

enum db_status store_task_lock(struct db_conn *c, const struct principal *viewer, const char *id,
			       struct task_state *out)
{
	const char *params[] = {viewer->org_id, id, viewer->user_id, role_name(viewer->role)};
	enum db_status st;
	memset(out, 0, sizeof(*out));
	PGresult *r = db_exec(c, "task_lock", 4, params, &st);
	if (!r)
		return st;
	if (PQntuples(r) == 1) {
		int s = task_status_parse(PQgetvalue(r, 0, 0));
		out->found = s >= 0;
		out->status = s >= 0 ? (enum task_status)s : TASK_NEW;
		if (db_bool(r, 0, 1))
			out->relations |= TASK_REL_ASSIGNEE;
		if (db_bool(r, 0, 2))
			out->relations |= TASK_REL_AUTHOR;
		if (db_bool(r, 0, 3))
			out->relations |= TASK_REL_HEAD;
	}
	PQclear(r);
	return DB_OK;
}

enum db_status store_task_transition(struct db_conn *c, const struct principal *actor, const char *id,
				     enum task_status from, enum task_transition t, const char *comment,
				     struct store_doc *out)
{
	const char *params[] = {actor->org_id,
				id,
				actor->user_id,
				task_status_name(task_transition_target(t)),
				task_transition_name(t),
				task_status_name(from),
				comment};
	return store_doc_query(c, "task_transition", 7, params, out);
}

enum db_status store_task_patch(struct db_conn *c, const struct principal *actor, const char *id, const char *body,
				const char *if_match, struct store_doc *out)
{
	const char *params[] = {actor->org_id, id, body, if_match, actor->user_id};
	return store_doc_update(c, "task_patch", 5, params, out);
}

PGresult *store_task_list(struct db_conn *c, const struct store_list_query *q, const char *const *filters,
			  enum db_status *st)
{
	return store_list_exec(c, "task_list", q, filters, STORE_TASK_FILTERS, st);
}

enum db_status store_task_events(struct db_conn *c, const struct principal *viewer, const char *id, char **json)
{
	const char *params[] = {viewer->org_id, id, viewer->user_id, role_name(viewer->role)};
	return store_text_query(c, "task_events", 4, params, json);
}
