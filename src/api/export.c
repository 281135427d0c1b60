/* CSV exports (SPEC §6.1). A list is exported whole, every page its filters select, streamed in batches of
 * EXPORT_BATCH rows: each batch is one composed page statement after the previous batch's last row, on a pool
 * connection taken for that statement only, so neither memory nor a connection is held for the length of the export.
 * The first batch runs before the reply, so that a failure there is still an ordinary problem document. */
#include "salesctl/api/export.h"
#include "salesctl/api/handler.h"
#include "salesctl/http/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT_BATCH 1000

struct list_export {
	struct db_pool *pool;
	int timeout_ms;
	const struct list_shape *shape;
	const char *const *columns;
	list_item_fn each;
	enum lang lang;
	struct list_params p;
	char *owned[LIST_SQL_MAX_FILTERS + 3];   /* the copies p points into */
	size_t nowned;
	char after_key[CURSOR_KEY_MAX], after_id[37];
	struct buf first;   /* the header and the first batch, rendered before the reply */
	bool done;
};

static void export_free(void *ctx)
{
	struct list_export *e = ctx;
	for (size_t i = 0; i < e->nowned; i++)
		free(e->owned[i]);
	buf_free(&e->first);
	free(e);
}

/* A copy kept by e (the request's strings are gone when later batches run); NULL stays NULL. */
static const char *keep(struct list_export *e, const char *s, bool *ok)
{
	if (!s)
		return NULL;
	char *copy = strdup(s);
	if (!copy)
		*ok = false;
	else
		e->owned[e->nowned++] = copy;
	return copy;
}

/* One batch as CSV rows into out, on connection c. */
static enum db_status export_batch(struct list_export *e, struct db_conn *c, struct buf *out)
{
	struct store_page page;
	enum db_status st = store_list_page(c, e->shape, &e->p, &page);
	if (st != DB_OK)
		return st;
	json_t *rows = api_items_parse(page.items);
	if (!rows) {
		store_page_free(&page);
		return DB_ERROR;
	}
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		if (e->each)
			e->each(e->lang, row);
		csv_json_row(out, row, e->columns);
	}
	json_decref(rows);
	snprintf(e->after_key, sizeof(e->after_key), "%s", page.next_key);
	snprintf(e->after_id, sizeof(e->after_id), "%s", page.next_id);
	e->p.after_key = e->after_key;
	e->p.after_id = e->after_id;
	e->done = !page.more;
	store_page_free(&page);
	return out->failed ? DB_ERROR : DB_OK;
}

static int export_next(void *ctx, struct buf *out)
{
	struct list_export *e = ctx;
	if (e->first.data) {
		buf_append(out, e->first.data, e->first.len);
		buf_free(&e->first);
		return e->done ? 0 : 1;
	}
	if (e->done)
		return 0;
	struct db_conn *c = db_pool_acquire(e->pool, e->timeout_ms);
	if (!c)
		return -1;
	enum db_status st = export_batch(e, c, out);
	db_pool_release(e->pool, c);
	if (st != DB_OK)
		return -1;
	return e->done ? 0 : 1;
}

enum db_status api_list_export(struct request *req, const struct field_spec *filters, size_t n,
			       const struct list_shape *shape, const char *const *columns, const char *filename,
			       list_item_fn each)
{
	struct app *app = req->app;
	struct list_query q;
	if (!api_list_query_parse(req, filters, n, shape, &q))
		return DB_ABORTED;
	struct list_export *e = calloc(1, sizeof(*e));
	struct reply_stream *stream = malloc(sizeof(*stream));
	bool ok = e && stream;
	if (ok) {
		e->pool = app->pool;
		e->timeout_ms = app->acquire_timeout_ms;
		e->shape = shape;
		e->columns = columns;
		e->each = each;
		e->lang = request_lang(req);
		e->p = q.p;
		e->p.org_id = keep(e, q.p.org_id, &ok);
		e->p.viewer_id = keep(e, q.p.viewer_id, &ok);
		for (size_t i = 0; i < n; i++)
			e->p.values[i] = keep(e, q.p.values[i], &ok);
		e->p.q = keep(e, q.p.q, &ok);
		e->p.after_key = q.p.after_key ? strcpy(e->after_key, q.p.after_key) : NULL;
		e->p.after_id = q.p.after_id ? strcpy(e->after_id, q.p.after_id) : NULL;
		e->p.total = false;
		e->p.limit = EXPORT_BATCH;
	}
	if (!ok) {
		if (e)
			export_free(e);
		free(stream);
		return DB_ERROR;
	}
	struct db_conn *db = api_db(req);
	enum db_status st = DB_UNAVAILABLE;
	csv_header(&e->first, columns);
	if (!db || (st = export_batch(e, db, &e->first)) != DB_OK) {
		export_free(e);
		free(stream);
		return st;
	}
	*stream = (struct reply_stream){.next = export_next, .release = export_free, .ctx = e};
	reply_stream(req, 200, CSV_CONTENT_TYPE, stream);
	snprintf(req->reply.disposition, sizeof(req->reply.disposition), "attachment; filename=\"%s\"", filename);
	req->reply.content_language = lang_tag(e->lang);
	return DB_OK;
}

char *api_csv_rows(const json_t *rows, const char *const *columns)
{
	struct buf b = BUF_INIT;
	csv_header(&b, columns);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
		csv_json_row(&b, row, columns);
	return buf_steal(&b);
}

enum db_status api_reply_csv(struct request *req, char *csv, const char *filename)
{
	if (!csv)
		return DB_ERROR;
	char etag[sizeof(req->reply.etag)];
	snprintf(etag, sizeof(etag), "%s", req->reply.etag);
	reply_json(req, 200, csv);   /* takes csv; only its media type is JSON's, and it is set right below */
	req->reply.content_type = CSV_CONTENT_TYPE;
	/* The CSV is another representation of the same figures: its tag must differ from the JSON's. */
	size_t n = strlen(etag);
	if (n > 2 && etag[n - 1] == '"')
		snprintf(req->reply.etag, sizeof(req->reply.etag), "%.*s-csv\"", (int)(n - 1), etag);
	snprintf(req->reply.disposition, sizeof(req->reply.disposition), "attachment; filename=\"%s\"", filename);
	return DB_OK;
}
