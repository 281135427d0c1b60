/* List parameters, cursors and page rendering, shared by every collection route. */
#include "salesctl/api/list.h"
#include "salesctl/auth/signature.h"
#include "salesctl/auth/token.h"
#include "salesctl/core/buf.h"
#include "salesctl/domain/formats.h"
#include "salesctl/store/list_sql.h"

#include <errno.h>
#include <math.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CURSOR_MAC_LEN 16

/* -1 when OpenSSL fails (out of memory). */
static int cursor_mac(const unsigned char key[32], const char *scope, const char *payload, unsigned char *mac)
{
	unsigned char full[32];
	struct buf b = BUF_INIT;
	buf_puts(&b, scope);
	buf_append(&b, "\n", 1);
	buf_puts(&b, payload);
	int rc = b.failed ? -1 : hmac_sha256(key, 32, b.data, b.len, full);
	buf_free(&b);
	if (rc == 0)
		memcpy(mac, full, CURSOR_MAC_LEN);
	return rc;
}

int cursor_encode(const unsigned char key[32], const char *scope, const char *at, const char *id, char *out,
		  size_t size)
{
	unsigned char raw[CURSOR_MAC_LEN + CURSOR_PAYLOAD_MAX];
	char payload[CURSOR_PAYLOAD_MAX];
	int n = snprintf(payload, sizeof(payload), "%s|%s", at, id);
	if (n < 0 || (size_t)n >= sizeof(payload) || (size_t)(CURSOR_MAC_LEN + n) * 4 / 3 + 4 >= size)
		return -1;
	if (cursor_mac(key, scope, payload, raw) != 0)
		return -1;
	memcpy(raw + CURSOR_MAC_LEN, payload, (size_t)n);
	base64url_encode(raw, CURSOR_MAC_LEN + (size_t)n, out);
	return 0;
}

int cursor_decode(const unsigned char key[32], const char *scope, const char *cursor, char at[CURSOR_KEY_MAX],
		  char id[37])
{
	unsigned char raw[CURSOR_MAC_LEN + CURSOR_PAYLOAD_MAX], mac[CURSOR_MAC_LEN];
	if (strlen(cursor) > CURSOR_TEXT_MAX)
		return -1;
	long n = base64url_decode(cursor, raw, sizeof(raw) - 1);
	if (n <= CURSOR_MAC_LEN)
		return -1;
	char payload[CURSOR_PAYLOAD_MAX + 1];
	memcpy(payload, raw + CURSOR_MAC_LEN, (size_t)n - CURSOR_MAC_LEN);
	payload[n - CURSOR_MAC_LEN] = '\0';
	if (cursor_mac(key, scope, payload, mac) != 0 || CRYPTO_memcmp(mac, raw, CURSOR_MAC_LEN) != 0)
		return -1;
	char *bar = strrchr(payload, '|');
	if (!bar || (size_t)(bar - payload) >= CURSOR_KEY_MAX || !format_is_uuid(bar + 1))
		return -1;
	memcpy(at, payload, (size_t)(bar - payload));
	at[bar - payload] = '\0';
	snprintf(id, 37, "%s", bar + 1);
	return 0;
}

static const struct field_spec paging_specs[] = {
	{.name = "limit", .type = FT_INT, .min = 1, .max = LIST_SQL_MAX_LIMIT},
	{.name = "cursor", .type = FT_STRING, .min = 1, .max = CURSOR_TEXT_MAX},
};

struct query_collect {
	json_t *obj;
	const struct field_spec *filters;
	size_t n;
};

static enum field_type query_type(const struct field_spec *filters, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(filters[i].name, key) == 0)
			return filters[i].type;
	return FT_STRING;
}

void api_query_add(json_t *obj, const struct field_spec *filters, size_t n, const char *key, const char *value)
{
	json_t *v = NULL;
	enum field_type t = query_type(filters, n, key);
	if (t == FT_INT) {
		char *end;
		errno = 0;
		long long i = strtoll(value, &end, 10);
		if (!errno && *value && !*end)
			v = json_integer(i);
	} else if (t == FT_NUMBER) {
		char *end;
		errno = 0;
		double d = strtod(value, &end);
		if (!errno && *value && !*end && isfinite(d))
			v = json_real(d);
	} else if (t == FT_BOOL) {
		if (strcmp(value, "true") == 0 || strcmp(value, "false") == 0)
			v = json_boolean(strcmp(value, "true") == 0);
	}
	if (!v)
		v = json_string(value);
	/* A repeated parameter keeps its first value; the duplicate is an error of its own. */
	if (json_object_get(obj, key)) {
		json_decref(v);
		char dup[128];
		snprintf(dup, sizeof(dup), "%s (repeated)", key);
		json_object_set_new(obj, dup, json_string(value));
		return;
	}
	json_object_set_new(obj, key, v ? v : json_null());
}

static bool query_collect_one(void *ctx, const char *key, const char *value)
{
	struct query_collect *q = ctx;
	api_query_add(q->obj, q->filters, q->n, key, value);
	return true;
}

bool api_query_valid(struct request *req, const struct field_spec *specs, size_t n)
{
	struct query_collect q = {json_object(), specs, n};
	if (!q.obj) {
		reply_problem(req, PROBLEM_INTERNAL, "out of memory");
		return false;
	}
	request_query_each(req, query_collect_one, &q);
	struct field_errors errs = {0};
	bool ok = json_validate(q.obj, specs, n, VALIDATE_FILTER, NULL, &errs);
	if (!ok)
		reply_invalid(req, &errs);
	field_errors_free(&errs);
	json_decref(q.obj);
	return ok;
}

bool api_list_parse(struct request *req, const struct field_spec *filters, size_t n, struct list_request *out)
{
	struct app *app = req->app;
	struct field_spec specs[LIST_MAX_FILTERS + 2];
	memset(out, 0, sizeof(*out));
	out->limit = 50;
	if (n > LIST_MAX_FILTERS)
		n = LIST_MAX_FILTERS;
	memcpy(specs, paging_specs, sizeof(paging_specs));
	if (n)
		memcpy(specs + 2, filters, n * sizeof(*filters));
	if (!api_query_valid(req, specs, n + 2))
		return false;
	const char *limit = request_query(req, "limit");
	if (limit)
		out->limit = atoi(limit);
	for (size_t i = 0; i < n; i++)
		out->filters[i] = request_query(req, filters[i].name);
	const char *cursor = request_query(req, "cursor");
	if (cursor && cursor_decode(app->cursor_key, req->match.route->pattern, cursor, out->after_at, out->after_id) < 0) {
		reply_problem(req, PROBLEM_BAD_CURSOR, "the cursor is not one this list issued");
		return false;
	}
	return true;
}

/* The cursor's scope: the route, and the sort when one is asked for, so a cursor is never read under another order. */
static void composed_scope(const struct request *req, const char *sort, char *out, size_t size)
{
	snprintf(out, size, "%s%s%s", req->match.route->pattern, sort ? "|" : "", sort ? sort : "");
}

#define LIST_MAX_SORTS 8

json_t *api_items_parse(const char *items)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "[");
	buf_puts(&b, items);
	buf_puts(&b, "]");
	json_t *arr = b.data ? json_loads(b.data, 0, NULL) : NULL;
	buf_free(&b);
	return arr;
}

char *api_items_each(enum lang lang, const char *items, list_item_fn each)
{
	json_t *arr = api_items_parse(items);
	if (!arr)
		return NULL;
	size_t i;
	json_t *item;
	json_array_foreach(arr, i, item)
		each(lang, item);
	char *out = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	if (!out)
		return NULL;
	/* Without the brackets, as the page holds its items. */
	size_t len = strlen(out);
	memmove(out, out + 1, len - 2);
	out[len - 2] = '\0';
	return out;
}

enum db_status api_list_composed(struct request *req, const struct field_spec *filters, size_t n,
				 const struct list_shape *shape)
{
	return api_list_composed_each(req, filters, n, shape, NULL);
}

bool api_list_query_parse(struct request *req, const struct field_spec *filters, size_t n,
			  const struct list_shape *shape, struct list_query *q)
{
	struct app *app = req->app;
	struct field_spec specs[LIST_MAX_FILTERS + 5];
	if (n > LIST_MAX_FILTERS || n != shape->nfilters || shape->nsorts > LIST_MAX_SORTS) {
		reply_problem(req, PROBLEM_INTERNAL, "list filters and their statement disagree");
		return false;
	}
	/* Every sort of the shape, ascending and descending ("-"). */
	char descending[LIST_MAX_SORTS][48];
	const char *sort_values[2 * LIST_MAX_SORTS + 1];
	for (size_t i = 0; i < shape->nsorts; i++) {
		snprintf(descending[i], sizeof(descending[i]), "-%s", shape->sorts[i].name);
		sort_values[2 * i] = shape->sorts[i].name;
		sort_values[2 * i + 1] = descending[i];
	}
	sort_values[2 * shape->nsorts] = NULL;
	size_t k = 0;
	memcpy(specs, paging_specs, sizeof(paging_specs));
	k += sizeof(paging_specs) / sizeof(paging_specs[0]);
	if (n)   /* a nested list has no filters, and filters is NULL then */
		memcpy(specs + k, filters, n * sizeof(*filters));
	k += n;
	specs[k++] = (struct field_spec){.name = "sort", .type = FT_ENUM, .values = sort_values};
	specs[k++] = (struct field_spec){.name = "include_total", .type = FT_BOOL};
	if (shape->search)
		specs[k++] = (struct field_spec){.name = "q", .type = FT_STRING, .min = 1, .max = 100};
	if (!api_query_valid(req, specs, k))
		return false;

	memset(q, 0, sizeof(*q));
	struct list_params *p = &q->p;
	p->org_id = req->who.org_id;
	p->viewer_id = req->who.user_id;
	p->role = req->who.role;
	p->limit = 50;
	const char *limit = request_query(req, "limit"), *sort = request_query(req, "sort");
	const char *total = request_query(req, "include_total");
	if (limit)
		p->limit = atoi(limit);
	for (size_t i = 0; i < n; i++)
		p->values[i] = request_query(req, filters[i].name);
	p->q = shape->search ? request_query(req, "q") : NULL;
	p->total = total && strcmp(total, "true") == 0;
	if (sort && list_sort_parse(shape, sort, &p->sort, &p->ascending) < 0) {
		reply_problem(req, PROBLEM_INTERNAL, "a documented sort has no statement");
		return false;
	}
	composed_scope(req, sort, q->scope, sizeof(q->scope));
	const char *cursor = request_query(req, "cursor");
	if (cursor) {
		if (cursor_decode(app->cursor_key, q->scope, cursor, q->at, q->id) < 0) {
			reply_problem(req, PROBLEM_BAD_CURSOR, "the cursor is not one this list issued with this sort");
			return false;
		}
		p->after_key = q->at;
		p->after_id = q->id;
	}
	return true;
}

void api_page_reply(struct request *req, const char *scope, struct store_page *page)
{
	struct app *app = req->app;
	struct buf b = BUF_INIT;
	buf_puts(&b, "{\"items\":[");
	buf_puts(&b, page->items);
	buf_puts(&b, "],\"next_cursor\":");
	char next[CURSOR_TEXT_MAX + 1];
	if (page->more && cursor_encode(app->cursor_key, scope, page->next_key, page->next_id, next, sizeof(next)) != 0) {
		/* Never a page that looks like the last one. */
		buf_free(&b);
		store_page_free(page);
		reply_problem(req, PROBLEM_INTERNAL, "the next page's cursor could not be made");
		return;
	}
	if (page->more)
		buf_json_string(&b, next);
	else
		buf_puts(&b, "null");
	if (page->total >= 0)
		buf_printf(&b, ",\"total\":%lld", page->total);
	buf_puts(&b, "}");
	store_page_free(page);
	reply_json(req, 200, buf_steal(&b));
}

enum db_status api_list_page(struct request *req, const struct list_shape *shape, struct list_query *q,
			     list_item_fn each)
{
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	struct store_page page;
	enum db_status st = store_list_page(db, shape, &q->p, &page);
	if (st != DB_OK)
		return st;
	if (each) {
		char *items = api_items_each(request_lang(req), page.items, each);
		if (!items) {
			store_page_free(&page);
			return DB_ERROR;
		}
		free(page.items);
		page.items = items;
	}
	api_page_reply(req, q->scope, &page);
	return DB_OK;
}

enum db_status api_list_composed_each(struct request *req, const struct field_spec *filters, size_t n,
				      const struct list_shape *shape, list_item_fn each)
{
	struct list_query q;
	if (!api_list_query_parse(req, filters, n, shape, &q))
		return DB_ABORTED;
	return api_list_page(req, shape, &q, each);
}

enum db_status api_list_nested(struct request *req, const struct list_shape *shape, const char *parent_id)
{
	struct list_query q;
	if (!api_list_query_parse(req, NULL, 0, shape, &q))
		return DB_ABORTED;
	q.p.parent_id = parent_id;
	return api_list_page(req, shape, &q, NULL);
}

