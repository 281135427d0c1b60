/*
 * Webhooks are the owner's: only owners create, list and delete them and read their deliveries; to anyone else a
 * webhook does not exist (404). The secret is generated unless given, and is shown in the creation reply only.
 */
#include "salesctl/api/schemas.h"
#include "salesctl/api/webhooks.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/list.h"
#include "salesctl/auth/secretbox.h"
#include "salesctl/auth/signature.h"
#include "salesctl/core/buf.h"
#include "salesctl/net/egress.h"
#include "salesctl/store/webhooks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const event_values[] = {"alert.opened", "alert.resolved", "report.submitted", "task.overdue",
					   "task.assigned", "task.done", "report.reviewed", "one_on_one.scheduled",
					   "lead.sla_breached", "standup.help_needed", NULL};

static const struct field_spec webhook_specs[] = {
	{.name = "url", .type = FT_STRING, .flags = F_REQUIRED, .min = 8, .max = 2000},
	{.name = "secret", .type = FT_STRING, .min = 16, .max = 200},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool webhook_body_valid(struct request *req)
{
	struct field_errors errs = {0};
	json_t *copy = json_deep_copy(req->json);
	if (!copy) {
		reply_problem(req, PROBLEM_INTERNAL, "out of memory");
		return false;
	}
	json_object_del(copy, "events"); /* an array: checked below */
	json_validate(copy, webhook_specs, COUNT(webhook_specs), VALIDATE_CREATE, NULL, &errs);
	json_decref(copy);
	const char *url = json_string_value(json_object_get(req->json, "url"));
	struct egress_target target;
	const char *why = NULL;
	struct app *app = req->app;
	if (url && (!egress_url_parse(url, &target, &why) || !egress_target_acceptable(&app->egress, &target, &why)))
		field_errors_add_text(&errs, NULL, "url", why);
	json_t *events = json_object_get(req->json, "events");
	if (!json_is_array(events) || json_array_size(events) == 0) {
		field_errors_add(&errs, NULL, "events", "must be a non-empty array of event names");
	} else {
		size_t i;
		json_t *e;
		json_array_foreach(events, i, e) {
			bool known = false;
			for (int k = 0; event_values[k] && json_is_string(e); k++)
				known = known || strcmp(json_string_value(e), event_values[k]) == 0;
			for (size_t j = 0; known && j < i; j++)
				if (json_equal(json_array_get(events, j), e))
					known = false;
			if (!known) {
				char field[32];
				snprintf(field, sizeof(field), "events[%zu]", i);
				field_errors_add(&errs, NULL, field,
						 "must be one of alert.opened, alert.resolved, report.submitted, report.reviewed, "
						 "task.overdue, task.assigned, task.done, one_on_one.scheduled, lead.sla_breached, "
						 "standup.help_needed, once");
			}
		}
	}
	bool ok = errs.count == 0;
	if (!ok)
		reply_invalid(req, &errs);
	field_errors_free(&errs);
	return ok;
}

enum db_status api_webhook_create(struct request *req)
{
	struct app *app = req->app;
	if (!app->has_secret_key) {
		reply_problem(req, PROBLEM_NOT_CONFIGURED,
			      "webhooks need SALESCTL_SECRET_KEY on the server: ask its operator; retrying will not help");
		return DB_ABORTED;
	}
	if (!webhook_body_valid(req))
		return DB_ABORTED;
	char generated[SIGNATURE_HEX];
	const char *secret = json_string_value(json_object_get(req->json, "secret"));
	if (!secret) {
		if (webhook_secret_generate(generated) < 0) {
			reply_problem(req, PROBLEM_INTERNAL, "no randomness available");
			return DB_ABORTED;
		}
		secret = generated;
	}
	/* Only the sealed secret goes to the database; the reply shows the plain one, once. */
	char *plain = strdup(secret);
	char *sealed = secretbox_seal(app->secret_key, secret);
	if (!plain || !sealed) {
		free(plain);
		free(sealed);
		reply_problem(req, PROBLEM_INTERNAL, "cannot seal the secret");
		return DB_ABORTED;
	}
	json_object_set_new(req->json, "secret", json_string(sealed));
	free(sealed);
	char id[37];
	api_new_id(id);
	char *body = api_body_text(req);
	struct store_doc doc = {0};
	enum db_status st = body ? store_webhook_create(req->db, req->who.org_id, id, body, &doc) : DB_ERROR;
	free(body);
	if (st != DB_OK || !doc.json) {
		store_doc_free(&doc);
		free(plain);
		return st == DB_OK ? DB_ERROR : st;
	}
	/* The stored representation plus the secret, which only this reply shows. */
	struct buf b = BUF_INIT;
	buf_append(&b, doc.json, strlen(doc.json) - 1);
	buf_puts(&b, ",\"secret\":");
	buf_json_string(&b, plain);
	buf_puts(&b, "}");
	free(plain);
	store_doc_free(&doc);
	reply_json(req, 201, buf_steal(&b));
	snprintf(req->reply.location, sizeof(req->reply.location), "/v1/webhooks/%s", id);
	return DB_OK;
}

enum db_status api_webhook_list(struct request *req)
{
	return api_list_composed(req, NULL, 0, &store_webhook_list_shape);
}

/* Non-owners see no webhook at all: 404, like another organisation's. */
static const char *owned_webhook(struct request *req)
{
	const char *id = api_path_id(req, 0);
	if (!id)
		return NULL;
	if (req->who.role != ROLE_OWNER) {
		reply_problem(req, PROBLEM_NOT_FOUND, NULL);
		return NULL;
	}
	return id;
}

enum db_status api_webhook_delete(struct request *req)
{
	const char *id = owned_webhook(req);
	if (!id)
		return DB_ABORTED;
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	bool found = false;
	enum db_status st = store_webhook_delete(db, req->who.org_id, id, &found);
	if (st != DB_OK)
		return st;
	if (!found) {
		reply_problem(req, PROBLEM_NOT_FOUND, NULL);
		return DB_ABORTED;
	}
	req->reply.status = 204;
	return DB_OK;
}

enum db_status api_webhook_deliveries(struct request *req)
{
	const char *id = owned_webhook(req);
	struct list_query q;
	if (!id || !api_list_query_parse(req, NULL, 0, &store_webhook_delivery_list_shape, &q))
		return DB_ABORTED;
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	struct store_doc doc = {0};
	enum db_status st = store_webhook_get(db, req->who.org_id, id, &doc);
	bool found = st == DB_OK && doc.json;
	store_doc_free(&doc);
	if (st != DB_OK)
		return st;
	if (!found) {
		reply_problem(req, PROBLEM_NOT_FOUND, NULL);
		return DB_ABORTED;
	}
	q.p.parent_id = id;
	return api_list_page(req, &store_webhook_delivery_list_shape, &q, NULL);
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_webhooks_schemas[] = {
	API_SCHEMA("POST /v1/webhooks", webhook_specs, VALIDATE_CREATE),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
