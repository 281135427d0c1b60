/* Statements limited to the viewer's reach: their text composed per role (see store/reach.h). */
#include "salesctl/store/reach.h"
#include "salesctl/core/buf.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *reach_for(const struct reach *r, enum role role)
{
	if (!r || role == ROLE_OWNER)
		return NULL;
	return role == ROLE_HEAD ? r->head : r->manager;
}

static int append_template(struct buf *b, const char *tmpl, const struct reach_stmt *s, enum role role,
			   struct reach_sql *out, int depth)
{
	for (const char *p = tmpl; *p; p++) {
		if (p[0] != '$') {
			buf_append(b, p, 1);
			continue;
		}
		char name = p[1];
		p++;
		if (name == 'R' || name == 'S' || name == 'T') {
			if (depth > 0)
				return -1;   /* a reach fragment names no reach */
			const char *cond = reach_for(s->reach[name - 'R'], role);
			if (!cond)
				buf_puts(b, "true");
			else if (append_template(b, cond, s, role, out, depth + 1) < 0)
				return -1;
			continue;
		}
		if (name != 'O' && name != 'V' && (name < 'A' || name > 'H'))
			return -1;
		int n = 0;
		while (n < out->nparams && out->names[n] != name)
			n++;
		if (n == out->nparams) {
			if (n == REACH_STMT_MAX_PARAMS)
				return -1;
			out->names[out->nparams++] = name;
		}
		buf_printf(b, "$%d", n + 1);
	}
	return 0;
}

int reach_sql_compose(const struct reach_stmt *s, enum role role, struct reach_sql *out)
{
	memset(out, 0, sizeof(*out));
	struct buf b = BUF_INIT;
	if (append_template(&b, s->sql, s, role, out, 0) < 0 || !(out->sql = buf_steal(&b))) {
		buf_free(&b);
		return -1;
	}
	return 0;
}

void reach_sql_free(struct reach_sql *q)
{
	free(q->sql);
	q->sql = NULL;
}

/* Each statement's text for each role, composed on first use and kept for the life of the process: it is the same
 * for every request, and composing it for each one was 4 % of a KPI request's CPU. The table is bounded by the
 * program's statements; slots are published with a release store, so lookups take no lock. */
struct reach_composed {
	const struct reach_stmt *stmt;
	enum role role;
	struct reach_sql q;
};

#define REACH_COMPOSED_SLOTS 512

static _Atomic(struct reach_composed *) composed[REACH_COMPOSED_SLOTS];
static pthread_mutex_t composing = PTHREAD_MUTEX_INITIALIZER;

/* The slot holding (s, role), or the free slot where it belongs; NULL when the table is full. */
static _Atomic(struct reach_composed *) *composed_slot(const struct reach_stmt *s, enum role role)
{
	size_t slot = (((uintptr_t)s >> 4) * 3 + (size_t)role) % REACH_COMPOSED_SLOTS;
	for (size_t probe = 0; probe < REACH_COMPOSED_SLOTS; probe++, slot = (slot + 1) % REACH_COMPOSED_SLOTS) {
		struct reach_composed *e = atomic_load_explicit(&composed[slot], memory_order_acquire);
		if (!e || (e->stmt == s && e->role == role))
			return &composed[slot];
	}
	return NULL;
}

static const struct reach_sql *reach_sql_for(const struct reach_stmt *s, enum role role)
{
	_Atomic(struct reach_composed *) *slot = composed_slot(s, role);
	struct reach_composed *e = slot ? atomic_load_explicit(slot, memory_order_acquire) : NULL;
	if (e)
		return &e->q;
	pthread_mutex_lock(&composing);
	slot = composed_slot(s, role);
	e = slot ? atomic_load_explicit(slot, memory_order_acquire) : NULL;
	if (slot && !e && (e = calloc(1, sizeof(*e)))) {
		e->stmt = s;
		e->role = role;
		if (reach_sql_compose(s, role, &e->q) == 0) {
			atomic_store_explicit(slot, e, memory_order_release);
		} else {
			free(e);
			e = NULL;
		}
	}
	pthread_mutex_unlock(&composing);
	return e ? &e->q : NULL;
}

PGresult *store_reach_exec(struct db_conn *c, const struct reach_stmt *s, const struct principal *viewer, int nargs,
			   const char *const *args, enum db_status *st)
{
	const struct reach_sql *q = reach_sql_for(s, viewer->role);
	if (!q) {
		*st = DB_ERROR;
		return NULL;
	}
	const char *params[REACH_STMT_MAX_PARAMS];
	for (int i = 0; i < q->nparams; i++) {
		char name = q->names[i];
		int arg = name - 'A';
		if (name == 'O')
			params[i] = viewer->org_id;
		else if (name == 'V')
			params[i] = viewer->user_id;
		else if (arg < nargs)
			params[i] = args[arg];
		else {
			*st = DB_ERROR;
			return NULL;
		}
	}
	return db_exec_sql(c, q->sql, q->nparams, params, st);
}

enum db_status store_reach_doc(struct db_conn *c, const struct reach_stmt *s, const struct principal *viewer,
			       int nargs, const char *const *args, struct store_doc *out)
{
	enum db_status st;
	PGresult *r = store_reach_exec(c, s, viewer, nargs, args, &st);
	return store_doc_result(r, st, out);
}

enum db_status store_reach_text(struct db_conn *c, const struct reach_stmt *s, const struct principal *viewer,
				int nargs, const char *const *args, char **text)
{
	enum db_status st;
	PGresult *r = store_reach_exec(c, s, viewer, nargs, args, &st);
	return store_text_result(r, st, text);
}
