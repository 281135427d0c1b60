/*
 * List statements composed per request shape. A list is described once (struct list_shape: its table, its reach
 * per role, its filters, its search and its sorts, all SQL fragments written in the store); a request picks which
 * filters are present, the sort and whether to count, and list_sql_compose writes the one statement for exactly
 * that shape: no "$n IS NULL OR" catch-alls, no per-row visibility functions, so each shape gets a plan of its own
 * (an index range where there is one) and stays that way under generic plans. Values are always parameters; the
 * text is made only of the fragments, so the set of texts is finite and db_exec_sql prepares each once.
 *
 * Fragments name their parameters with placeholders: "$$" the fragment's own value, "$O" the organisation, "$V" the
 * viewer.
 */
#ifndef SALESCTL_STORE_LIST_SQL_H
#define SALESCTL_STORE_LIST_SQL_H

#include <stdbool.h>
#include <stddef.h>

#include "salesctl/domain/roles.h"
#include "salesctl/store/reach.h"
#include "salesctl/store/render.h"

#define LIST_SQL_MAX_FILTERS 16
#define LIST_SQL_MAX_PARAMS (LIST_SQL_MAX_FILTERS + 8)

struct list_filter {
	const char *name;   /* the query parameter */
	const char *cond;   /* e.g. "t.assignee_id = $$::uuid"; a multi filter "t.status = ANY ($$::text[])" */
	bool multi;         /* the value is comma-separated, passed as one text[] parameter */
	/* Rows whose column is the viewer are always within the viewer's reach (a manager's own tasks, reports, calls):
	 * when the value is the viewer's id, the reach condition is left out. Kept, it is an OR the planner cannot see
	 * through: for "my tasks" it chose to read and sort all of them (31 ms) over an index scan of 21 (2 ms). */
	bool viewer_in_reach;
};

struct list_sort {
	const char *name;   /* the sort parameter without its '-' */
	const char *key;    /* SQL expression, never NULL: ordered by (key, id), the cursor is the last row's key */
	const char *type;   /* the key's SQL type, to read the cursor back */
};

/* The rows of a list are those of one table with columns org_id and id (its primary key); the page is chosen on the
 * sort key and id alone, and only its rows are rendered as JSON (a JSON built for every candidate row before the
 * top-N sort cost most of a search's time). */
struct list_shape {
	const char *table;          /* "tasks" */
	const char *alias;          /* "t": what the fragments call the row; not p, r, i, j, k or sk, which the
				     * composed statement names itself */
	const char *json;           /* the item's JSON as text, e.g. "task_json(t)::text" (when columns is NULL) */
	/* Or the item's columns, made JSON in C by render (store/render.h): the page is then read in one level, its
	 * columns carried through any sort, with no per-row subquery. */
	const char *columns;
	int ncolumns;
	render_row_fn render;
	struct reach reach;         /* what a head and a manager see, with $O and $V (store/reach.h) */
	const char *search;         /* the q condition on $$, an ILIKE pattern; NULL when the list has no q */
	const char *parent;         /* a nested list's condition on its parent's id $$ (a user's tokens); NULL if none */
	const struct list_filter *filters;
	size_t nfilters;
	const struct list_sort *sorts;   /* sorts[0] is the default, newest first */
	size_t nsorts;
};

/* The most items a page may ask for (the API's limit parameter). */
#define LIST_SQL_MAX_LIMIT 200

/* One request's shape and values; every pointer is borrowed. */
struct list_params {
	const char *org_id, *viewer_id;
	enum role role;
	const char *parent_id;                      /* the parent of a nested list */
	const char *values[LIST_SQL_MAX_FILTERS];   /* per shape filter: its raw query value, or NULL */
	const char *q;                              /* search text as typed, or NULL */
	size_t sort;                                /* index into shape->sorts */
	bool ascending;
	const char *after_key, *after_id;           /* cursor, or NULL */
	int limit;                                  /* rows wanted, 1..LIST_SQL_MAX_LIMIT for a request, more for the
						     * export; one more is fetched to tell whether a page follows */
	bool total;                                 /* count every row the filters select (cursor aside) */
};

/*
 * The statement for one request. Its rows are (json, cursor key as text, id[, total]) in page order, at most
 * limit + 1 — with shape->columns, (the columns..., key, id, sort key[, total]); with total, there is always at least
 * one row, and a page with no items is one row whose id is NULL.
 */
struct list_sql {
	char *sql;                                  /* new */
	const char *params[LIST_SQL_MAX_PARAMS];    /* borrowed from list_params or owned (below) */
	int nparams;
	char *owned[LIST_SQL_MAX_PARAMS];           /* parameters built here: arrays, the pattern, the limit */
	int nowned;
};

/* Fills out; 0, or -1 when out of memory (out is then empty). */
int list_sql_compose(const struct list_shape *shape, const struct list_params *p, struct list_sql *out);
void list_sql_free(struct list_sql *s);

/* A sort parameter ("due_at", "-due_at") against shape: its index and direction; -1 when the shape has no such sort. */
int list_sort_parse(const struct list_shape *shape, const char *value, size_t *sort, bool *ascending);

#endif
