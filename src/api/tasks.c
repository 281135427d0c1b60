/*
 * Tasks: a head (or owner) delegates to someone they reach, with a due date and a control date. The assignee
 * starts and completes; the author or the assignee's head accepts, returns for rework or cancels; the rules are in
 * domain/task_status.c. Edits are for the author and the head, until the task is accepted or cancelled.
 */
#include "salesctl/api/schemas.h"
#include "salesctl/api/tasks.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/list.h"
#include "salesctl/core/buf.h"
#include "salesctl/store/tasks.h"

#include <stdlib.h>

static const char *const priority_values[] = {"low", "normal", "high", "critical", NULL};
static const char *const status_values[] = {"new", "in_progress", "done", "accepted", "cancelled", NULL};
static const char *const transition_values[] = {"in_progress", "done", "accepted", "cancelled", "returned", NULL};

static const struct field_spec task_specs[] = {
	{.name = "title", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = NAME_MAX_CHARS},
	{.name = "description", .type = FT_STRING, .flags = F_NULLABLE, .min = 0, .max = TEXT_MAX_CHARS},
	{.name = "assignee_id", .type = FT_UUID, .flags = F_REQUIRED},
	{.name = "priority", .type = FT_ENUM, .values = priority_values},
	{.name = "due_at", .type = FT_TIMESTAMP, .flags = F_REQUIRED},
	{.name = "control_at", .type = FT_TIMESTAMP},
	{.name = "client_ref", .type = FT_STRING, .flags = F_NULLABLE, .min = 0, .max = NAME_MAX_CHARS},
};

static const struct field_spec transition_specs[] = {
	{.name = "to", .type = FT_ENUM, .flags = F_REQUIRED, .values = transition_values},
	{.name = "comment", .type = FT_STRING, .flags = F_NULLABLE, .min = 0, .max = TEXT_MAX_CHARS},
};

/* In the order of store_task_list_shape's filters. */
static const struct field_spec task_filters[] = {
	{.name = "assignee_id", .type = FT_UUID},
	{.name = "author_id", .type = FT_UUID},
	{.name = "status", .type = FT_ENUM, .flags = F_MULTI, .values = status_values},
	{.name = "priority", .type = FT_ENUM, .flags = F_MULTI, .values = priority_values},
	{.name = "overdue", .type = FT_BOOL},
	{.name = "due_from", .type = FT_TIMESTAMP},
	{.name = "due_to", .type = FT_TIMESTAMP},
	{.name = "control_from", .type = FT_TIMESTAMP},
	{.name = "control_to", .type = FT_TIMESTAMP},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* assignee_id, when given, must be an active user the caller reaches: 422 otherwise. */
static enum db_status assignee_valid(struct request *req)
{
	const char *assignee = json_string_value(json_object_get(req->json, "assignee_id"));
	if (!assignee)
		return DB_OK;
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	bool ok = false;
	enum db_status st = store_task_assignable(db, &req->who, assignee, &ok);
	if (st == DB_OK && !ok) {
		reply_invalid_field(req, "assignee_id", "must be an active user you manage");
		st = DB_ABORTED;
	}
	return st;
}

enum db_status api_task_create(struct request *req)
{
	if (!api_body_valid(req, task_specs, COUNT(task_specs), VALIDATE_CREATE))
		return DB_ABORTED;
	enum db_status st = assignee_valid(req);
	return st == DB_OK ? api_create_reply(req, store_task_create, "/v1/tasks") : st;
}

enum db_status api_task_list(struct request *req)
{
	return api_list_composed(req, task_filters, COUNT(task_filters), &store_task_list_shape);
}

enum db_status api_task_get(struct request *req)
{
	const char *id = api_path_id(req, 0);
	return id ? api_get_reply(req, store_task_get, id) : DB_ABORTED;
}

/* The task as the caller relates to it, locked; replies 404 when it is not visible. */
static enum db_status task_state_for(struct request *req, const char *id, struct task_state *ts)
{
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	enum db_status st = store_task_lock(db, &req->who, id, ts);
	if (st == DB_OK && !ts->found) {
		reply_problem(req, PROBLEM_NOT_FOUND, NULL);
		st = DB_ABORTED;
	}
	return st;
}

enum db_status api_task_patch(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (!id)
		return DB_ABORTED;
	struct task_state ts;
	enum db_status st = task_state_for(req, id, &ts);
	if (st != DB_OK)
		return st;
	if (!(ts.relations & (TASK_REL_AUTHOR | TASK_REL_HEAD))) {
		reply_problem(req, PROBLEM_FORBIDDEN, "only the task's author or the assignee's head edits a task");
		return DB_ABORTED;
	}
	if (!task_status_editable(ts.status)) {
		reply_problemf(req, PROBLEM_TASK_CLOSED, "the task is %s and can no longer be edited",
			       task_status_name(ts.status));
		return DB_ABORTED;
	}
	if (!api_body_valid(req, task_specs, COUNT(task_specs), VALIDATE_PATCH))
		return DB_ABORTED;
	st = assignee_valid(req);
	return st == DB_OK ? api_patch_reply(req, store_task_patch, id) : st;
}

enum db_status api_task_transition(struct request *req)
{
	/* Order: a task out of reach is 404 whatever the body; then the body (422), who (403), the status (409). */
	const char *id = api_path_id(req, 0);
	if (!id)
		return DB_ABORTED;
	struct task_state ts;
	enum db_status st = task_state_for(req, id, &ts);
	if (st != DB_OK)
		return st;
	if (!api_body_valid(req, transition_specs, COUNT(transition_specs), VALIDATE_CREATE))
		return DB_ABORTED;
	enum task_transition t = (enum task_transition)task_transition_parse(
		json_string_value(json_object_get(req->json, "to")));
	const char *comment = json_string_value(json_object_get(req->json, "comment"));
	if (task_transition_needs_comment(t) && (!comment || !*comment)) {
		reply_invalid_field(req, "comment", "is required when a task is returned for rework");
		return DB_ABORTED;
	}
	switch (task_transition_allowed(ts.status, t, ts.relations)) {
	case TASK_FORBIDDEN:
		if (t <= TT_DONE)
			reply_problemf(req, PROBLEM_FORBIDDEN, "%s: only the assignee starts and completes a task",
				       task_transition_name(t));
		else
			reply_problemf(req, PROBLEM_FORBIDDEN,
				       "%s: only the author or the assignee's head accepts, returns or cancels",
				       task_transition_name(t));
		return DB_ABORTED;
	case TASK_INVALID_TRANSITION:
		reply_problemf(req, PROBLEM_INVALID_TRANSITION, "a %s task cannot become %s",
			       task_status_name(ts.status), task_transition_name(t));
		return DB_ABORTED;
	case TASK_ALLOWED:
		break;
	}
	struct store_doc doc = {0};
	st = store_task_transition(req->db, &req->who, id, ts.status, t, comment, &doc);
	return api_reply_result(req, st, 200, &doc);
}

enum db_status api_task_events(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (!id)
		return DB_ABORTED;
	enum db_status st = api_require_visible(req, store_task_get, id);
	char *items = NULL;
	if (st == DB_OK)
		st = store_task_events(req->db, &req->who, id, &items);
	if (st != DB_OK)
		return st;
	struct buf b = BUF_INIT;
	buf_printf(&b, "{\"items\":%s}", items);
	free(items);
	reply_json(req, 200, buf_steal(&b));
	return DB_OK;
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_tasks_schemas[] = {
	API_SCHEMA("POST /v1/tasks", task_specs, VALIDATE_CREATE),
	API_SCHEMA("PATCH /v1/tasks/{id}", task_specs, VALIDATE_PATCH),
	API_SCHEMA("POST /v1/tasks/{id}/transitions", transition_specs, VALIDATE_CREATE),
	API_SCHEMA("GET /v1/tasks", task_filters, VALIDATE_FILTER),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
