/* Composes a list's statement for one request shape (see store/list_sql.h). Pure string work: no I/O. */
#include "salesctl/store/list_sql.h"
#include "salesctl/core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Adds a parameter owned by out; its number ($n), or -1 when out of memory. */
static int param_owned(struct list_sql *out, char *value)
{
	if (!value)
		return -1;
	out->owned[out->nowned++] = value;
	out->params[out->nparams++] = value;
	return out->nparams;
}

static int param_borrowed(struct list_sql *out, const char *value)
{
	out->params[out->nparams++] = value;
	return out->nparams;
}

/* "a,b" as the text[] literal {"a","b"}; empty pieces are skipped. New string. */
static char *array_literal(const char *csv)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "{");
	bool first = true;
	for (const char *p = csv; *p;) {
		size_t n = strcspn(p, ",");
		if (n) {
			if (!first)
				buf_puts(&b, ",");
			first = false;
			buf_puts(&b, "\"");
			for (size_t i = 0; i < n; i++) {
				if (p[i] == '"' || p[i] == '\\')
					buf_puts(&b, "\\");
				buf_append(&b, p + i, 1);
			}
			buf_puts(&b, "\"");
		}
		p += n;
		if (*p == ',')
			p++;
	}
	if (buf_puts(&b, "}") < 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

/* The search text as an ILIKE pattern matching it anywhere, its own % _ and \ taken literally. New string. */
static char *contains_pattern(const char *q)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "%");
	for (const char *p = q; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			buf_puts(&b, "\\");
		buf_append(&b, p, 1);
	}
	if (buf_puts(&b, "%") < 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

/* Appends fragment with its placeholders numbered: $$ own, $O organisation, $V viewer. */
static void append_fragment(struct buf *b, const char *frag, int own, int org, int viewer)
{
	for (const char *p = frag; *p; p++) {
		if (p[0] == '$' && (p[1] == '$' || p[1] == 'O' || p[1] == 'V')) {
			buf_printf(b, "$%d", p[1] == '$' ? own : p[1] == 'O' ? org : viewer);
			p++;
		} else {
			buf_append(b, p, 1);
		}
	}
}

/* One composition: the parameters are numbered once, so the count and the page share them. */
struct compose {
	const struct list_shape *shape;
	const struct list_params *p;
	struct list_sql *out;
	const char *reach;
	int org, viewer, search, parent;
	int filter[LIST_SQL_MAX_FILTERS];
};

/* The reach condition of the viewer's role, or NULL: an owner sees the organisation, and a filter that pins a
 * viewer_in_reach column to the viewer selects only rows in reach. */
static const char *reach_of(const struct list_shape *shape, const struct list_params *p)
{
	if (p->role == ROLE_OWNER)
		return NULL;
	for (size_t i = 0; i < shape->nfilters && i < LIST_SQL_MAX_FILTERS; i++)
		if (shape->filters[i].viewer_in_reach && p->values[i] && p->viewer_id && strcmp(p->values[i], p->viewer_id) == 0)
			return NULL;
	return p->role == ROLE_HEAD ? shape->reach.head : shape->reach.manager;
}

static int compose_params(struct compose *c)
{
	const struct list_shape *shape = c->shape;
	const struct list_params *p = c->p;
	c->org = param_borrowed(c->out, p->org_id);
	c->reach = reach_of(shape, p);
	/* A reach that names no viewer ("false") takes no parameter: one that is never used has no type to prepare. */
	if (c->reach && strstr(c->reach, "$V"))
		c->viewer = param_borrowed(c->out, p->viewer_id);
	for (size_t i = 0; i < shape->nfilters && i < LIST_SQL_MAX_FILTERS; i++) {
		if (!p->values[i])
			continue;
		c->filter[i] = shape->filters[i].multi ? param_owned(c->out, array_literal(p->values[i]))
						       : param_borrowed(c->out, p->values[i]);
		if (c->filter[i] < 0)
			return -1;
	}
	if (shape->parent && (c->parent = param_borrowed(c->out, p->parent_id)) < 0)
		return -1;
	if (p->q && shape->search && (c->search = param_owned(c->out, contains_pattern(p->q))) < 0)
		return -1;
	return 0;
}

/* FROM and WHERE of the selected rows, the cursor aside. */
static void append_selection(struct buf *b, const struct compose *c)
{
	const struct list_shape *shape = c->shape;
	buf_printf(b, " FROM %s %s WHERE %s.org_id = $%d", shape->table, shape->alias, shape->alias, c->org);
	if (c->parent > 0) {
		buf_puts(b, " AND ");
		append_fragment(b, shape->parent, c->parent, c->org, c->viewer);
	}
	if (c->reach) {
		buf_puts(b, " AND ");
		append_fragment(b, c->reach, 0, c->org, c->viewer);
	}
	for (size_t i = 0; i < shape->nfilters && i < LIST_SQL_MAX_FILTERS; i++) {
		if (c->filter[i] > 0) {
			buf_puts(b, " AND ");
			append_fragment(b, shape->filters[i].cond, c->filter[i], c->org, c->viewer);
		}
	}
	if (c->search > 0) {
		buf_puts(b, " AND ");
		append_fragment(b, shape->search, c->search, c->org, c->viewer);
	}
}

/* FROM and WHERE of a page: the selection, the rows after the cursor, the order and the limit + 1; the SELECT it ends
 * was opened by "SELECT * FROM (" and names the id i and the sort key sk. The rows are taken twice: first at most a
 * constant (the largest page a request may ask for; the export's larger batches, also the program's own number,
 * bound themselves), then limit + 1 of those. PostgreSQL prices a LIMIT whose count is a parameter as a tenth of the
 * rows selected, so a prepared list's generic plan looked dearer than a custom one for 21 rows and every execution
 * was planned anew (W3: bind 0.25 ms, execution 0.15 ms); bounded by the constant, the generic plan is the cheaper and
 * is kept (pgbench of W3's statement: 7.8-7.9 k → 14.9-15.3 k a second). The outer order is the inner one, which the
 * plan keeps without sorting again. */
static int append_page_rows(struct buf *b, struct compose *c, const struct list_sort *sort)
{
	const struct list_params *p = c->p;
	const char *dir = p->ascending ? "ASC" : "DESC", *a = c->shape->alias;
	append_selection(b, c);
	if (p->after_key && p->after_id) {
		int key = param_borrowed(c->out, p->after_key), id = param_borrowed(c->out, p->after_id);
		buf_printf(b, " AND (%s, %s.id) %s ($%d::%s, $%d::uuid)", sort->key, a, p->ascending ? ">" : "<", key,
			   sort->type, id);
	}
	char limit[16];
	snprintf(limit, sizeof(limit), "%d", p->limit + 1);
	int lim = param_owned(c->out, strdup(limit));
	if (lim < 0)
		return -1;
	buf_printf(b, " ORDER BY %s %s, %s.id %s LIMIT %d) capped ORDER BY capped.sk %s, capped.i %s LIMIT $%d",
		   sort->key, dir, a, dir, (p->limit > LIST_SQL_MAX_LIMIT ? p->limit : LIST_SQL_MAX_LIMIT) + 1, dir, dir, lim);
	return 0;
}

static const struct list_sort *sort_of(const struct compose *c)
{
	return &c->shape->sorts[c->p->sort < c->shape->nsorts ? c->p->sort : 0];
}

/* The page rendered: at most limit + 1 rows after the cursor, chosen by (key, id), then each read back by its
 * primary key for its JSON; columns j, k, i and sk (the key itself, for the final order). */
static int append_page(struct buf *b, struct compose *c)
{
	const struct list_shape *shape = c->shape;
	const struct list_sort *sort = sort_of(c);
	const char *a = shape->alias;
	/* The JSON as a subquery per page row: a join here was planned for the 10 % of the table a generic plan
	 * assumes of LIMIT $n, as a hash join over every row of the organisation. */
	buf_printf(b, "SELECT (SELECT %s FROM %s %s WHERE %s.org_id = $%d AND %s.id = p.i) AS j, p.k, p.i, p.sk"
		      " FROM (SELECT * FROM (SELECT %s.id AS i, (%s)::text AS k, %s AS sk",
		   shape->json, shape->table, a, a, c->org, a, a, sort->key, sort->key);
	if (append_page_rows(b, c, sort) < 0)
		return -1;
	buf_puts(b, ") p");
	return 0;
}

/* The page of a shape rendered in C: its columns, key, id and sort key, limit + 1 rows after the cursor. */
static int append_column_page(struct buf *b, struct compose *c)
{
	const struct list_sort *sort = sort_of(c);
	buf_printf(b, "SELECT * FROM (SELECT %s, (%s)::text AS k, %s.id AS i, %s AS sk", c->shape->columns, sort->key,
		   c->shape->alias, sort->key);
	return append_page_rows(b, c, sort);
}

static int compose_columns(struct buf *b, struct compose *c)
{
	const char *dir = c->p->ascending ? "ASC" : "DESC";
	if (!c->p->total)
		return append_column_page(b, c);
	buf_puts(b, "SELECT r.*, c.total FROM (SELECT count(*) AS total");
	append_selection(b, c);
	buf_puts(b, ") c LEFT JOIN LATERAL (");
	if (append_column_page(b, c) < 0)
		return -1;
	buf_printf(b, ") r ON true ORDER BY r.sk %s, r.i %s", dir, dir);
	return 0;
}

int list_sql_compose(const struct list_shape *shape, const struct list_params *p, struct list_sql *out)
{
	memset(out, 0, sizeof(*out));
	struct compose c = {.shape = shape, .p = p, .out = out};
	struct buf b = BUF_INIT;
	const char *dir = p->ascending ? "ASC" : "DESC";
	if (compose_params(&c) < 0)
		goto fail;
	if (shape->columns) {
		if (compose_columns(&b, &c) < 0)
			goto fail;
	} else if (!p->total) {
		buf_puts(&b, "SELECT r.j, r.k, r.i FROM (");
		if (append_page(&b, &c) < 0)
			goto fail;
		buf_printf(&b, ") r ORDER BY r.sk %s, r.i %s", dir, dir);
	} else {
		/* The count and the page in one statement: the count's single row keeps an empty page's total. */
		buf_puts(&b, "SELECT r.j, r.k, r.i, c.total FROM (SELECT count(*) AS total");
		append_selection(&b, &c);
		buf_puts(&b, ") c LEFT JOIN LATERAL (");
		if (append_page(&b, &c) < 0)
			goto fail;
		buf_printf(&b, ") r ON true ORDER BY r.sk %s, r.i %s", dir, dir);
	}
	out->sql = buf_steal(&b);
	if (!out->sql)
		goto fail;
	return 0;
fail:
	buf_free(&b);
	list_sql_free(out);
	return -1;
}

void list_sql_free(struct list_sql *s)
{
	free(s->sql);
	for (int i = 0; i < s->nowned; i++)
		free(s->owned[i]);
	memset(s, 0, sizeof(*s));
}

int list_sort_parse(const struct list_shape *shape, const char *value, size_t *sort, bool *ascending)
{
	*ascending = value[0] != '-';
	const char *name = value + !*ascending;
	for (size_t i = 0; i < shape->nsorts; i++) {
		if (strcmp(shape->sorts[i].name, name) == 0) {
			*sort = i;
			return 0;
		}
	}
	return -1;
}
