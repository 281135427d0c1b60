/* Tasks. Every change writes its task_events row in the same statement, so the history cannot miss a change. */
#include "salesctl/store/tasks.h"
#include "salesctl/store/list_sql.h"
#include "salesctl/store/render.h"

#include <stdlib.h>
#include <string.h>

/* task_json (migration 0002) in C: the same keys in the same order, from these columns. */
#define TASK_COLUMNS                                                                                                   \
	"t.id, t.title, t.description, t.assignee_id, t.author_id, t.priority, t.due_at, t.control_at, t.client_ref,"  \
	" t.status, t.due_at < now() AND t.status NOT IN ('done', 'accepted', 'cancelled'), t.created_at,"             \
	" t.updated_at, t.completed_at, t.accepted_at"
#define TASK_NCOLUMNS 15

static void task_render(const PGresult *r, int row, struct buf *b)
{
	static const char *const strings[] = {"id", "title", "description", "assignee_id", "author_id", "priority"};
	buf_append(b, "{", 1);
	for (int i = 0; i < 6; i++)
		render_string(b, strings[i], r, row, i, i == 0);
	render_timestamp_field(b, "due_at", r, row, 6);
	render_timestamp_field(b, "control_at", r, row, 7);
	render_string(b, "client_ref", r, row, 8, 0);
	render_string(b, "status", r, row, 9, 0);
	render_bool(b, "overdue", r, row, 10);
	render_timestamp_field(b, "created_at", r, row, 11);
	render_timestamp_field(b, "updated_at", r, row, 12);
	render_timestamp_field(b, "completed_at", r, row, 13);
	render_timestamp_field(b, "accepted_at", r, row, 14);
	buf_append(b, "}", 1);
}

static const struct reach assignee_reach = REACH_PERSON("u.id");

/* Used by POST /v1/tasks and PATCH /v1/tasks/{id} to check assignee_id ($A). */
static const struct reach_stmt task_assignable = {
	"task_assignable",
	"SELECT EXISTS (SELECT 1 FROM users u WHERE u.org_id = $O AND u.id = $A AND u.status = 'active' AND $R)",
	{&assignee_reach}};

/* Used by GET /v1/tasks/{id} and the visibility checks: the task's columns, then its version. Rendered in C like a
 * page: PostgreSQL building the JSON cost a tenth of the statement (pgbench at 32 clients: 29.3-29.9 k against
 * 31.6-34.9 k a second). */
static const struct reach_stmt task_get = {
	"task_get", "SELECT " TASK_COLUMNS ", t.version FROM tasks t WHERE t.org_id = $O AND t.id = $A AND $R",
	{&store_task_list_shape.reach}};

/* Used by transitions and PATCH: the status and the viewer's relations, row locked. */
static const struct reach_stmt task_lock = {
	"task_lock",
	"SELECT t.status, t.assignee_id = $V, t.author_id = $V,"
	" " REACH_HEADS_TEAM_OF("t.assignee_id")
	" FROM tasks t WHERE t.org_id = $O AND t.id = $A AND $R FOR UPDATE OF t",
	{&store_task_list_shape.reach}};

/* Used by GET /v1/tasks/{id}/events. */
static const struct reach_stmt task_events = {
	"task_events",
	"SELECT coalesce(json_agg(task_event_json(e) ORDER BY e.at, e.id), '[]')::text"
	" FROM tasks t JOIN task_events e ON e.org_id = t.org_id AND e.task_id = t.id"
	" WHERE t.org_id = $O AND t.id = $A AND $R",
	{&store_task_list_shape.reach}};

const struct reach_stmt *const store_tasks_reach_stmts[] = {&task_assignable, &task_get, &task_lock, &task_events, NULL};

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
	enum db_status st;
	PGresult *r = store_reach_exec(c, &task_assignable, actor, 1, &user_id, &st);
	if (!r)
		return st;
	*ok = db_bool(r, 0, 0);
	PQclear(r);
	return DB_OK;
}

enum db_status store_task_get(struct db_conn *c, const struct principal *viewer, const char *id,
			      struct store_doc *out)
{
	enum db_status st;
	PGresult *r = store_reach_exec(c, &task_get, viewer, 1, &id, &st);
	return store_doc_render(r, st, task_render, TASK_NCOLUMNS, out);
}

enum db_status store_task_lock(struct db_conn *c, const struct principal *viewer, const char *id,
			       struct task_state *out)
{
	enum db_status st;
	memset(out, 0, sizeof(*out));
	PGresult *r = store_reach_exec(c, &task_lock, viewer, 1, &id, &st);
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

/* GET /v1/tasks. A head sees the tasks they wrote or gave, and those of the members of the teams they head; a
 * manager the tasks they wrote or were given: both as conditions the planner sees whole (task_visible() evaluated a
 * function per row). Newest first by tasks_list_idx, a person's by tasks_assignee_idx or tasks_author_idx, a search
 * by tasks_title_trgm_idx. */
static const struct list_filter task_list_filters[] = {
	{"assignee_id", "t.assignee_id = $$::uuid", false, true},
	{"author_id", "t.author_id = $$::uuid", false, true},
	{"status", "t.status = ANY ($$::text[])", true, false},
	{"priority", "t.priority = ANY ($$::text[])", true, false},
	{"overdue", "(t.due_at < now() AND t.status NOT IN ('done', 'accepted', 'cancelled')) = $$::boolean", false, false},
	{"due_from", "t.due_at >= $$::timestamptz", false, false},
	{"due_to", "t.due_at <= $$::timestamptz", false, false},
	{"control_from", "t.control_at >= $$::timestamptz", false, false},
	{"control_to", "t.control_at <= $$::timestamptz", false, false},
};

static const struct list_sort task_list_sorts[] = {
	{"created_at", "t.created_at", "timestamptz"},
	{"due_at", "t.due_at", "timestamptz"},
	{"control_at", "t.control_at", "timestamptz"},
	{"priority", "array_position(ARRAY['low', 'normal', 'high', 'critical'], t.priority)", "integer"},
	{"status", "array_position(ARRAY['new', 'in_progress', 'done', 'accepted', 'cancelled'], t.status)", "integer"},
};

const struct list_shape store_task_list_shape = {
	.table = "tasks",
	.alias = "t",
	.columns = TASK_COLUMNS,
	.ncolumns = TASK_NCOLUMNS,
	.render = task_render,
	/* The members' ids as one array computed once (an InitPlan), which an index condition can use; an IN (subquery)
	 * became a per-row filter over the whole organisation. */
	.reach = {.head = "(t.author_id = $V OR t.assignee_id = $V OR t.assignee_id = ANY (" REACH_MEMBERS "))",
	          .manager = "(t.author_id = $V OR t.assignee_id = $V)"},
	.search = "t.title ILIKE $$",
	.filters = task_list_filters,
	.nfilters = sizeof(task_list_filters) / sizeof(task_list_filters[0]),
	.sorts = task_list_sorts,
	.nsorts = sizeof(task_list_sorts) / sizeof(task_list_sorts[0]),
};

enum db_status store_task_events(struct db_conn *c, const struct principal *viewer, const char *id, char **json)
{
	return store_reach_text(c, &task_events, viewer, 1, &id, json);
}
