/*
 * What the store hands to the API: resources already rendered as JSON by PostgreSQL (the *_json SQL functions of
 * the migrations), with their version for the ETag, and pages of them for lists.
 */
#ifndef SALESCTL_STORE_DOC_H
#define SALESCTL_STORE_DOC_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "salesctl/db/pool.h"
#include "salesctl/store/render.h"

/* An id, for lists of them handed up. */
struct store_id {
	char id[37];
};

struct store_doc {
	char *json;      /* new: store_doc_free releases it; NULL when no row */
	int version;
	bool found;      /* for conditional updates: the row exists (json NULL then means If-Match failed) */
};

void store_doc_free(struct store_doc *d);
/* Copies column col (JSON) and col + 1 (version), when present, of row 0. Returns DB_OK or DB_ERROR (OOM). */
enum db_status store_doc_take(PGresult *r, int col, struct store_doc *out);

/* One page of a composed list (store/list_sql.h), ready for the API to wrap. */
struct store_page {
	char *items;          /* new: the items' JSON objects joined by commas ("" for none) */
	bool more;            /* another page follows; its cursor is (next_key, next_id) */
	char next_key[448];   /* a sort key as text: a timestamp, a number or a name */
	char next_id[37];
	long long total;      /* when asked for, -1 otherwise */
};
void store_page_free(struct store_page *p);
/* What a page's rows hold: the item in columns 0..ncolumns-1 (JSON text when render is NULL, else columns render
 * writes as JSON), then the cursor key and the id; the total, when counted, last. */
struct page_layout {
	int ncolumns;
	render_row_fn render;
};
/* Reads a page of at most limit + 1 rows laid out as layout says into out; consumes r. */
enum db_status store_page_take(PGresult *r, int limit, bool total, const struct page_layout *layout,
			       struct store_page *out);
/* Composes and runs the list statement of shape for p into out (store_page_free it). */
struct list_shape;
struct list_params;
enum db_status store_list_page(struct db_conn *c, const struct list_shape *shape, const struct list_params *p,
			       struct store_page *out);

/* Runs a statement whose first row is (json[, version]) into out (out->json NULL when no row). */
/* Runs a statement whose rows, if any, are not needed. */
enum db_status store_exec(struct db_conn *c, const char *stmt, int nparams, const char *const *params);
enum db_status store_doc_query(struct db_conn *c, const char *stmt, int nparams, const char *const *params,
			       struct store_doc *out);
/* Runs a statement whose single value is text (typically a JSON array); *text is new (free()), "" with no row. */
enum db_status store_text_query(struct db_conn *c, const char *stmt, int nparams, const char *const *params,
				char **text);

/* Runs a statement whose single value is a count (bigint). */
enum db_status store_count_query(struct db_conn *c, const char *stmt, int nparams, const char *const *params,
				 long *count);

/* Row 0 of r (consumed) rendered by render into out (out->json NULL when no row); its columns, as render reads them,
 * come first, and column version_col holds the version (-1: none). */
enum db_status store_doc_render(PGresult *r, enum db_status st, render_row_fn render, int version_col,
				struct store_doc *out);

/* The same two readings of a result r already run (consumed), or of its failure st when r is NULL. */
enum db_status store_doc_result(PGresult *r, enum db_status st, struct store_doc *out);
enum db_status store_text_result(PGresult *r, enum db_status st, char **text);

/* Runs a conditional update statement whose single row is (found boolean, json, version). */
enum db_status store_doc_update(struct db_conn *c, const char *stmt, int nparams, const char *const *params,
				struct store_doc *out);

#endif
