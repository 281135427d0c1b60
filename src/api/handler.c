/* Shared handler steps. The database error mapping follows SPEC §2: unique violation 409, a reference to nothing
 * 422 on the field, connection loss and timeouts 503 with Retry-After, anything else 500; no PostgreSQL text ever
 * reaches the client. */
#include "salesctl/api/handler.h"
#include "salesctl/auth/principal_cache.h"
#include "salesctl/auth/token.h"
#include "salesctl/core/doc_cache.h"
#include "salesctl/core/log.h"
#include "salesctl/domain/formats.h"
#include "salesctl/http/conditional.h"
#include "salesctl/http/gzip.h"
#include "salesctl/store/kpi.h"
#include "salesctl/store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

struct db_conn *api_db(struct request *req)
{
	struct app *app = req->app;
	if (req->db)
		return req->db;
	req->db = db_pool_acquire(app->pool, app->acquire_timeout_ms);
	return req->db;
}

void api_db_release(struct request *req)
{
	struct app *app = req->app;
	if (req->db) {
		db_pool_release(app->pool, req->db);
		req->db = NULL;
	}
}

bool api_body_valid(struct request *req, const struct field_spec *specs, size_t n, enum validate_mode mode)
{
	struct field_errors errs = {0};
	bool ok = json_validate(req->json, specs, n, mode, NULL, &errs);
	if (!ok)
		reply_invalid(req, &errs);
	field_errors_free(&errs);
	return ok;
}

char *api_body_text(const struct request *req)
{
	return json_dumps(req->json, JSON_COMPACT | JSON_ENCODE_ANY);
}

const char *api_path_id(struct request *req, int i)
{
	const char *id = req->match.params[i];
	if (i >= req->match.nparams || !format_is_uuid(id)) {
		reply_problem(req, PROBLEM_NOT_FOUND, NULL);
		return NULL;
	}
	/* Canonical form, so that an upper-case id and its lower-case twin are the same resource. */
	for (char *p = req->match.params[i]; *p; p++)
		if (*p >= 'A' && *p <= 'F')
			*p = (char)(*p - 'A' + 'a');
	return id;
}

const char *api_path_date(struct request *req, int i)
{
	const char *date = req->match.params[i];
	if (i < req->match.nparams && format_is_date(date))
		return date;
	reply_invalid_field(req, "date", "must be a date that exists, as YYYY-MM-DD");
	return NULL;
}

void api_set_digest_etag(struct request *req, const char *what)
{
	char hash[TOKEN_HASH_HEX];
	token_hash(what, hash);
	snprintf(req->reply.etag, sizeof(req->reply.etag), "\"%.32s\"", hash);
}

void api_new_id(char out[37])
{
	uuid_t u;
	uuid_generate_random(u);
	uuid_unparse_lower(u, out);
}

enum db_status api_reply_doc(struct request *req, int status, struct store_doc *doc)
{
	if (!doc->json) {
		reply_problem(req, PROBLEM_NOT_FOUND, NULL);
		return DB_ABORTED;
	}
	/* reply_json resets the reply: keep a Location set by the caller. */
	char location[sizeof(req->reply.location)];
	memcpy(location, req->reply.location, sizeof(location));
	reply_json(req, status, doc->json);
	memcpy(req->reply.location, location, sizeof(location));
	doc->json = NULL;
	if (doc->version > 0)
		snprintf(req->reply.etag, sizeof(req->reply.etag), "\"%d\"", doc->version);
	return DB_OK;
}

void api_principals_changed(struct request *req)
{
	struct app *app = req->app;
	if (app->principals)
		principal_cache_clear(app->principals);
}

enum db_status api_reply_result(struct request *req, enum db_status st, int status, struct store_doc *doc)
{
	if (st == DB_OK && doc->found && !doc->json) {
		reply_problem(req, PROBLEM_PRECONDITION_FAILED, "If-Match does not match the current ETag");
		st = DB_ABORTED;
	} else if (st == DB_OK) {
		st = api_reply_doc(req, status, doc);
	}
	store_doc_free(doc);
	return st;
}

enum db_status api_create_reply(struct request *req, store_create_fn create, const char *collection)
{
	char id[37];
	api_new_id(id);
	char *body = api_body_text(req);
	struct store_doc doc = {0};
	enum db_status st = body ? create(req->db, &req->who, id, body, &doc) : DB_ERROR;
	free(body);
	if (st == DB_OK && doc.json)
		snprintf(req->reply.location, sizeof(req->reply.location), "%s/%s", collection, id);
	return api_reply_result(req, st, 201, &doc);
}

enum db_status api_get_reply(struct request *req, store_get_fn get, const char *id)
{
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	struct store_doc doc = {0};
	enum db_status st = get(db, &req->who, id, &doc);
	return api_reply_result(req, st, 200, &doc);
}

enum db_status api_require_visible(struct request *req, store_get_fn get, const char *id)
{
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	struct store_doc doc = {0};
	enum db_status st = get(db, &req->who, id, &doc);
	if (st == DB_OK && !doc.json) {
		reply_problem(req, PROBLEM_NOT_FOUND, NULL);
		st = DB_ABORTED;
	}
	store_doc_free(&doc);
	return st;
}

enum db_status api_patch_reply(struct request *req, store_patch_fn patch, const char *id)
{
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	char if_match[128];
	char *body = api_body_text(req);
	struct store_doc doc = {0};
	enum db_status st = body ? patch(db, &req->who, id, body, api_if_match(req, if_match, sizeof(if_match)), &doc)
				 : DB_ERROR;
	free(body);
	return api_reply_result(req, st, 200, &doc);
}

const char *api_if_match(const struct request *req, char *buf, size_t size)
{
	const char *h = request_header(req, "If-Match");
	return h ? if_match_versions(h, buf, size) : NULL;
}

/* Constraint names that mean "this field refers to nothing" or "this field breaks a rule". */
static const struct {
	const char *constraint;
	const char *field;
	const char *message;
} constraint_fields[] = {
	{"users_team_fk", "team_id", "no such team in this organisation"},
	{"teams_head_fk", "head_id", "no such user in this organisation"},
	{"api_tokens_user_fk", "user_id", "no such user in this organisation"},
	{"tasks_assignee_fk", "assignee_id", "no such user in this organisation"},
	{"tasks_control_after_due", "control_at", "must not be before due_at"},
	{"daily_reports_manager_fk", "manager_id", "no such user in this organisation"},
	{"development_plans_period", "ends_on", "must not be before starts_on"},
	{"one_on_ones_manager_fk", "manager_id", "no such user in this organisation"},
	{"orgs_thresholds_order", "critical_threshold", "must not be greater than lag_threshold"},
	{"orgs_workday_hours", "workday_start", "must be before report_deadline"},
	{"assessments_competency_fk", "competency_id", "no such competency in this organisation"},
	{"idp_items_competency_fk", "competency_id", "no such competency in this organisation"},
};

/* Unique constraints with a problem of their own. */
static const struct {
	const char *constraint;
	enum problem problem;
	const char *detail;
} unique_problems[] = {
	{"users_email_key", PROBLEM_EMAIL_TAKEN, "another user of this organisation has this email"},
	{"daily_reports_one_per_day", PROBLEM_REPORT_EXISTS, "this manager already has a report for this date"},
	{"competencies_name_key", PROBLEM_CONFLICT, "a competency of this name exists"},
};

void api_reply_db_error(struct request *req, enum db_status st)
{
	const char *cons = req->db ? db_last_constraint(req->db) : "";
	switch (st) {
	case DB_OK:
		return;
	case DB_UNIQUE:
		for (size_t i = 0; i < sizeof(unique_problems) / sizeof(unique_problems[0]); i++) {
			if (strcmp(cons, unique_problems[i].constraint) == 0) {
				reply_problem(req, unique_problems[i].problem, unique_problems[i].detail);
				return;
			}
		}
		reply_problem(req, PROBLEM_CONFLICT, "the resource already exists");
		return;
	case DB_FOREIGN_KEY:
	case DB_CHECK:
		for (size_t i = 0; i < sizeof(constraint_fields) / sizeof(constraint_fields[0]); i++) {
			if (strcmp(cons, constraint_fields[i].constraint) == 0) {
				reply_invalid_field(req, constraint_fields[i].field, constraint_fields[i].message);
				return;
			}
		}
		log_event(LOG_ERROR, "api.constraint", "unmapped constraint \"%s\" (sqlstate %s)", cons,
			  req->db ? db_last_sqlstate(req->db) : "");
		reply_problem(req, PROBLEM_VALIDATION, "the request breaks a data rule");
		return;
	case DB_RETRY:
	case DB_UNAVAILABLE:
		reply_problem(req, PROBLEM_DB_UNAVAILABLE, "the database is unavailable; retry shortly");
		return;
	case DB_TIMEOUT:
		reply_problem(req, PROBLEM_DB_TIMEOUT, "the database did not answer in time; retry shortly");
		return;
	case DB_ERROR:
	default:
		reply_problem(req, PROBLEM_INTERNAL, NULL);
		return;
	}
}

enum db_status api_acting_for(struct request *req, json_t *obj, const char *field)
{
	json_t *m = json_object_get(obj, field);
	if (!m) {
		json_object_set_new(obj, field, json_string(req->who.user_id));
		return DB_OK;
	}
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	bool ok = false;
	enum db_status st = store_user_reachable(db, &req->who, json_string_value(m), &ok);
	if (st == DB_OK && !ok) {
		reply_invalid_field(req, field, "must be a user you manage");
		st = DB_ABORTED;
	}
	return st;
}

enum db_status api_other_reachable(struct request *req, const char *field)
{
	const char *user = json_string_value(json_object_get(req->json, field));
	if (!user) {
		reply_invalid_field(req, field, "must be another user you manage");
		return DB_ABORTED;
	}
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	bool ok = false;
	enum db_status st = store_user_reachable(db, &req->who, user, &ok);
	if (st == DB_OK && (!ok || strcmp(user, req->who.user_id) == 0)) {
		reply_invalid_field(req, field, "must be another user you manage");
		st = DB_ABORTED;
	}
	return st;
}

enum db_status api_require_team(struct request *req, const char *team_id)
{
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	bool visible = false;
	enum db_status st = store_kpi_subject_visible(db, &req->who, "team", team_id, &visible);
	if (st == DB_OK && !visible) {
		reply_problem(req, PROBLEM_NOT_FOUND, "no such team within your reach");
		st = DB_ABORTED;
	}
	return st;
}

bool api_require_role(struct request *req, enum role need)
{
	if (role_at_least(req->who.role, need))
		return true;
	reply_problemf(req, PROBLEM_FORBIDDEN, "this action needs the %s role", role_name(need));
	return false;
}

/* How long a request waits for another that is computing the same document, before computing it too. */
#define PLAN_CACHE_WAIT_MS 10000

/* Before waiting for another request's document: its connection goes back to the pool meanwhile (a burst of
 * requests for one missing document would otherwise hold every connection while one computes it), unless it is in a
 * transaction. compute takes one again with api_db. */
static void release_while_waiting(void *arg)
{
	struct request *req = arg;
	if (req->db && !db_conn_in_transaction(req->db))
		api_db_release(req);
}

enum db_status api_plan_cached(struct request *req, bool use_cache, const char *key, long long version,
			       api_compute_fn compute, void *arg, char **out)
{
	struct doc_cache *cache = use_cache ? ((struct app *)req->app)->plan_cache : NULL;
	size_t len = 0;
	bool claimed = false;
	*out = cache ? doc_cache_get_or_claim(cache, key, &len, PLAN_CACHE_WAIT_MS, &claimed, release_while_waiting, req)
		     : NULL;
	if (*out)
		return DB_OK;
	enum db_status st = compute(req, arg, out);
	if (st != DB_OK && claimed)
		doc_cache_abandon(cache, key);
	else if (st == DB_OK && cache)
		doc_cache_put(cache, key, req->who.org_id, version, *out, strlen(*out));
	return st;
}

/* The packed deflated form of doc kept in the cache under key "|deflated" (new), computed and stored when missing.
 * The form is checked against doc (its length and CRC-32): two requests that computed key's document at once may
 * have stored different documents (a minute's overdue count), and a reply must never splice another's text. */
static char *deflated_doc(struct doc_cache *cache, const char *org_id, const char *key, long long version,
			  const char *doc, size_t doc_len, size_t *len)
{
	char deflated_key[512];
	if (snprintf(deflated_key, sizeof(deflated_key), "%s|deflated", key) >= (int)sizeof(deflated_key))
		return NULL;
	char *packed = doc_cache_find(cache, deflated_key, len);
	struct gzip_part part;
	if (packed && gzip_part_unpack(packed, *len, &part) == 0 && part.text_len == doc_len &&
	    part.crc == gzip_crc32(doc, doc_len))
		return packed;
	free(packed);
	if (gzip_part_deflate(doc, doc_len, GZIP_LEVEL_ONCE, &part) != 0)
		return NULL;
	packed = gzip_part_pack(&part, len);
	gzip_part_free(&part);
	if (packed)
		doc_cache_put(cache, deflated_key, org_id, version, packed, *len);
	return packed;
}

/* For a client that accepts gzip: doc's deflated form (kept in the cache beside it) attached to the reply, whose body
 * holds doc from byte at on. */
static void attach_cached_deflated(struct request *req, const char *key, long long version, const char *doc,
				   size_t doc_len, size_t at)
{
	struct doc_cache *cache = ((struct app *)req->app)->plan_cache;
	if (!key || !cache || req->reply.status != 200 || doc_len < GZIP_MIN_BYTES ||
	    !accepts_gzip(request_header(req, "Accept-Encoding")))
		return;
	size_t len = 0;
	char *packed = deflated_doc(cache, req->who.org_id, key, version, doc, doc_len, &len);
	if (packed)
		reply_attach_deflated(req, packed, len, at);
}

void api_reply_cached_json(struct request *req, const char *key, long long version, const char *head, const char *doc,
			   const char *foot)
{
	size_t head_len = strlen(head), doc_len = strlen(doc), foot_len = strlen(foot);
	struct buf b = BUF_INIT;
	buf_expect(&b, head_len + doc_len + foot_len + 1);
	buf_append(&b, head, head_len);
	buf_append(&b, doc, doc_len);
	buf_append(&b, foot, foot_len);
	reply_json(req, 200, buf_steal(&b));
	attach_cached_deflated(req, key, version, doc, doc_len, head_len);
}

void api_reply_cached_in_place(struct request *req, const char *key, long long version, char *block, size_t doc_at,
			       const char *head)
{
	size_t head_len = strlen(head);
	if (head_len > doc_at) {
		api_reply_cached_json(req, key, version, head, block + doc_at, "");
		free(block);
		return;
	}
	memcpy(block, head, head_len);
	memset(block + head_len, ' ', doc_at - head_len);
	reply_json(req, 200, block);
	attach_cached_deflated(req, key, version, block + doc_at, strlen(block + doc_at), doc_at);
}
