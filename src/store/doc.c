/* Shared result handling for the store files: single documents, conditional updates and list pages. */
#include "salesctl/store/doc.h"
#include "salesctl/core/buf.h"
#include "salesctl/store/list_sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void store_doc_free(struct store_doc *d)
{
	free(d->json);
	d->json = NULL;
}

enum db_status store_doc_take(PGresult *r, int col, struct store_doc *out)
{
	memset(out, 0, sizeof(*out));
	if (PQntuples(r) == 0 || PQgetisnull(r, 0, col))
		return DB_OK;
	out->found = true;
	out->json = strdup(PQgetvalue(r, 0, col));
	if (!out->json)
		return DB_ERROR;
	if (PQnfields(r) > col + 1 && !PQgetisnull(r, 0, col + 1))
		out->version = atoi(PQgetvalue(r, 0, col + 1));
	return DB_OK;
}

enum db_status store_doc_render(PGresult *r, enum db_status st, render_row_fn render, int version_col,
				struct store_doc *out)
{
	memset(out, 0, sizeof(*out));
	if (!r)
		return st;
	if (PQntuples(r) > 0) {
		struct buf b = BUF_INIT;
		render(r, 0, &b);
		out->found = true;
		out->json = buf_steal(&b);
		if (!out->json)
			st = DB_ERROR;
		if (version_col >= 0 && !PQgetisnull(r, 0, version_col))
			out->version = atoi(PQgetvalue(r, 0, version_col));
	}
	PQclear(r);
	return st;
}

void store_page_free(struct store_page *p)
{
	free(p->items);
	p->items = NULL;
}

enum db_status store_list_page(struct db_conn *c, const struct list_shape *shape, const struct list_params *p,
			       struct store_page *out)
{
	memset(out, 0, sizeof(*out));
	out->total = -1;
	struct list_sql q;
	if (list_sql_compose(shape, p, &q) < 0)
		return DB_ERROR;
	enum db_status st;
	PGresult *r = db_exec_sql(c, q.sql, q.nparams, q.params, &st);
	list_sql_free(&q);
	if (!r)
		return st;
	struct page_layout layout = {shape->columns ? shape->ncolumns : 1, shape->columns ? shape->render : NULL};
	return store_page_take(r, p->limit, p->total, &layout, out);
}

enum db_status store_page_take(PGresult *r, int limit, bool total, const struct page_layout *layout,
			       struct store_page *out)
{
	int key = layout->ncolumns, id = layout->ncolumns + 1;
	memset(out, 0, sizeof(*out));
	out->total = -1;
	int rows = PQntuples(r), shown = 0;
	struct buf b = BUF_INIT;
	buf_puts(&b, "");
	int last = -1;
	for (int i = 0; i < rows; i++) {
		if (PQgetisnull(r, i, id))
			continue;   /* the empty page's row of a counted list */
		if (shown == limit) {
			out->more = true;
			break;
		}
		if (shown++)
			buf_append(&b, ",", 1);
		if (layout->render)
			layout->render(r, i, &b);
		else
			buf_append(&b, PQgetvalue(r, i, 0), (size_t)PQgetlength(r, i, 0));
		last = i;
	}
	/* The cursor is the last shown row's. */
	if (last >= 0) {
		snprintf(out->next_key, sizeof(out->next_key), "%s", PQgetvalue(r, last, key));
		snprintf(out->next_id, sizeof(out->next_id), "%s", PQgetvalue(r, last, id));
	}
	if (total && rows > 0)
		out->total = atoll(PQgetvalue(r, 0, PQnfields(r) - 1));
	PQclear(r);
	out->items = buf_steal(&b);
	return out->items ? DB_OK : DB_ERROR;
}

enum db_status store_doc_update(struct db_conn *c, const char *stmt, int nparams, const char *const *params,
				struct store_doc *out)
{
	enum db_status st;
	memset(out, 0, sizeof(*out));
	PGresult *r = db_exec(c, stmt, nparams, params, &st);
	if (!r)
		return st;
	if (PQntuples(r) == 1 && db_bool(r, 0, 0)) {
		st = store_doc_take(r, 1, out);
		out->found = true;
	}
	PQclear(r);
	return st;
}

enum db_status store_exec(struct db_conn *c, const char *stmt, int nparams, const char *const *params)
{
	enum db_status st;
	PGresult *r = db_exec(c, stmt, nparams, params, &st);
	if (r)
		PQclear(r);
	return st;
}

enum db_status store_count_query(struct db_conn *c, const char *stmt, int nparams, const char *const *params,
				 long *count)
{
	enum db_status st;
	*count = 0;
	PGresult *r = db_exec(c, stmt, nparams, params, &st);
	if (!r)
		return st;
	*count = atol(PQgetvalue(r, 0, 0));
	PQclear(r);
	return DB_OK;
}

enum db_status store_doc_result(PGresult *r, enum db_status st, struct store_doc *out)
{
	memset(out, 0, sizeof(*out));
	if (!r)
		return st;
	st = store_doc_take(r, 0, out);
	PQclear(r);
	return st;
}

enum db_status store_text_result(PGresult *r, enum db_status st, char **text)
{
	*text = NULL;
	if (!r)
		return st;
	*text = strdup(PQntuples(r) ? PQgetvalue(r, 0, 0) : "");
	PQclear(r);
	return *text ? DB_OK : DB_ERROR;
}

enum db_status store_doc_query(struct db_conn *c, const char *stmt, int nparams, const char *const *params,
			       struct store_doc *out)
{
	enum db_status st;
	PGresult *r = db_exec(c, stmt, nparams, params, &st);
	return store_doc_result(r, st, out);
}

enum db_status store_text_query(struct db_conn *c, const char *stmt, int nparams, const char *const *params,
				char **text)
{
	enum db_status st;
	PGresult *r = db_exec(c, stmt, nparams, params, &st);
	return store_text_result(r, st, text);
}
