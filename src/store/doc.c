/* Shared result handling for the store files: single documents, conditional updates and list pages. */
#include "salesctl/store/doc.h"

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

PGresult *store_list_exec(struct db_conn *c, const char *stmt, const struct store_list_query *q,
			  const char *const *filters, int nfilters, enum db_status *st)
{
	const char *params[24];
	char limit[16];
	if (nfilters > 18) {
		*st = DB_ERROR;
		return NULL;
	}
	snprintf(limit, sizeof(limit), "%d", q->limit + 1);
	int n = 0;
	params[n++] = q->org_id;
	params[n++] = q->viewer_id;
	params[n++] = q->viewer_role;
	for (int i = 0; i < nfilters; i++)
		params[n++] = filters[i];
	params[n++] = q->after_at;
	params[n++] = q->after_id;
	params[n++] = limit;
	return db_exec(c, stmt, n, params, st);
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

enum db_status store_doc_query(struct db_conn *c, const char *stmt, int nparams, const char *const *params,
			       struct store_doc *out)
{
	enum db_status st;
	memset(out, 0, sizeof(*out));
	PGresult *r = db_exec(c, stmt, nparams, params, &st);
	if (!r)
		return st;
	st = store_doc_take(r, 0, out);
	PQclear(r);
	return st;
}

enum db_status store_text_query(struct db_conn *c, const char *stmt, int nparams, const char *const *params,
				char **text)
{
	enum db_status st;
	*text = NULL;
	PGresult *r = db_exec(c, stmt, nparams, params, &st);
	if (!r)
		return st;
	*text = strdup(PQntuples(r) ? PQgetvalue(r, 0, 0) : "");
	PQclear(r);
	return *text ? DB_OK : DB_ERROR;
}
