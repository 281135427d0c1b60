/*
 * The connection pool and statement execution.
 *
 * Invariants: a db_conn is either on the free stack (guarded by pool->lock) or owned by exactly one thread;
 * libpq calls happen only while owned, never under the pool lock. A connection is (re)connected lazily on
 * acquire, and every statement of the service is prepared right after connecting, so a restarted PostgreSQL
 * (which forgets prepared statements) costs one reconnect, not errors.
 */
#include "salesctl/db/pool.h"
#include "salesctl/core/hash.h"
#include "salesctl/core/clock.h"
#include "salesctl/core/log.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct db_conn {
	PGconn *pg;
	struct db_pool *pool;      /* NULL for a stand-alone connection */
	const struct db_pool_options *opt;
	struct db_pool_options own_opt;   /* stand-alone connections keep a copy */
	bool prepared;
	bool in_tx;
	/* Composed statements prepared on this connection, by the 64-bit hash of their text (db_exec_sql); a slot is 0
	 * when free. Cleared on every (re)connect, since a new session has none of them. */
	uint64_t composed[DB_COMPOSED_MAX];
	int ncomposed;
	char sqlstate[6];
	char constraint[64];
};

struct db_pool {
	struct db_pool_options opt;
	char *conninfo;
	pthread_mutex_t lock;
	pthread_cond_t freed;
	struct db_conn *conns;
	struct db_conn **free_stack;
	int nfree;
	atomic_ullong acquires, acquire_timeouts, reconnects, retries, connect_failures;
	atomic_ullong errors[DB_COUNTED_SQLSTATES + 1];   /* by db_counted_sqlstates[], then all others */
};

const char *const db_counted_sqlstates[DB_COUNTED_SQLSTATES] = {
	"23505", "23503", "23514", "40001", "40P01", "55P03", "57014", "57P01", "08006",
};

/* libpq reports a connection lost under it without a SQLSTATE; it is counted as 08006 (connection_failure). */
static void count_error(struct db_pool *p, const char *state)
{
	size_t i = 0;
	while (i < DB_COUNTED_SQLSTATES && strcmp(db_counted_sqlstates[i], state[0] ? state : "08006") != 0)
		i++;
	atomic_fetch_add(&p->errors[i], 1);
}

enum db_status db_status_from_sqlstate(const char *s)
{
	if (!s || strlen(s) != 5)
		return DB_UNAVAILABLE;
	if (strcmp(s, "23505") == 0)
		return DB_UNIQUE;
	if (strcmp(s, "23503") == 0)
		return DB_FOREIGN_KEY;
	if (strcmp(s, "23514") == 0 || strcmp(s, "23502") == 0 || strncmp(s, "22", 2) == 0)
		return DB_CHECK;
	if (strcmp(s, "40001") == 0 || strcmp(s, "40P01") == 0)
		return DB_RETRY;
	/* A statement that waited too long: for a query (57014) or for a lock wanted with NOWAIT or lock_timeout. */
	if (strcmp(s, "57014") == 0 || strcmp(s, "55P03") == 0)
		return DB_TIMEOUT;
	if (strncmp(s, "08", 2) == 0 || strncmp(s, "57P0", 4) == 0 || strcmp(s, "53300") == 0 ||
	    strcmp(s, "53000") == 0 || strcmp(s, "25P03") == 0)
		return DB_UNAVAILABLE;
	return DB_ERROR;
}

static int conn_prepare_all(struct db_conn *c)
{
	if (!c->opt->statements)
		return 0;
	for (const struct db_stmt *const *set = c->opt->statements; *set; set++) {
		for (const struct db_stmt *s = *set; s->name; s++) {
			PGresult *r = PQprepare(c->pg, s->name, s->sql, 0, NULL);
			ExecStatusType rs = PQresultStatus(r);
			if (rs != PGRES_COMMAND_OK) {
				const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
				log_event(db_status_from_sqlstate(state) == DB_UNAVAILABLE ? LOG_WARN : LOG_ERROR,
					  "db.prepare", "statement %s: %s", s->name, PQerrorMessage(c->pg));
				PQclear(r);
				return -1;
			}
			PQclear(r);
		}
	}
	return 0;
}

static int conn_connect(struct db_conn *c)
{
	char options[256];
	snprintf(options, sizeof(options),
		 "-c statement_timeout=%d -c idle_in_transaction_session_timeout=60000 "
		 "-c TimeZone=UTC -c DateStyle=ISO -c client_min_messages=warning",
		 c->opt->statement_timeout_ms);
	const char *keys[] = {"dbname", "options", "connect_timeout", "application_name", NULL};
	const char *vals[] = {c->opt->conninfo, options, "3",
			      c->opt->application_name ? c->opt->application_name : "salesctld", NULL};
	if (c->pg)
		PQfinish(c->pg);
	c->pg = PQconnectdbParams(keys, vals, 1);
	c->prepared = false;
	c->in_tx = false;
	memset(c->composed, 0, sizeof(c->composed));
	c->ncomposed = 0;
	if (!c->pg || PQstatus(c->pg) != CONNECTION_OK) {
		log_event(LOG_WARN, "db.connect", "cannot connect: %s",
			  c->pg ? PQerrorMessage(c->pg) : "out of memory");
		if (c->pool)
			atomic_fetch_add(&c->pool->connect_failures, 1);
		return -1;
	}
	if (conn_prepare_all(c) < 0)
		return -1;
	c->prepared = true;
	if (c->pool)
		atomic_fetch_add(&c->pool->reconnects, 1);
	return 0;
}

static bool conn_ready(const struct db_conn *c)
{
	return c->pg && c->prepared && PQstatus(c->pg) == CONNECTION_OK;
}

struct db_pool *db_pool_new(const struct db_pool_options *opt)
{
	struct db_pool *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->opt = *opt;
	p->conninfo = strdup(opt->conninfo);
	p->conns = calloc((size_t)opt->size, sizeof(*p->conns));
	p->free_stack = calloc((size_t)opt->size, sizeof(*p->free_stack));
	if (!p->conninfo || !p->conns || !p->free_stack)
		goto fail;
	p->opt.conninfo = p->conninfo;
	pthread_mutex_init(&p->lock, NULL);
	cond_init_monotonic(&p->freed);
	for (int i = 0; i < opt->size; i++) {
		p->conns[i].pool = p;
		p->conns[i].opt = &p->opt;
		p->free_stack[p->nfree++] = &p->conns[i];
	}
	return p;
fail:
	free(p->conninfo);
	free(p->conns);
	free(p->free_stack);
	free(p);
	return NULL;
}

void db_pool_free(struct db_pool *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->opt.size; i++)
		if (p->conns[i].pg)
			PQfinish(p->conns[i].pg);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->freed);
	free(p->conninfo);
	free(p->conns);
	free(p->free_stack);
	free(p);
}

struct db_conn *db_pool_acquire(struct db_pool *p, int timeout_ms)
{
	struct timespec deadline = monotonic_after_ms(timeout_ms);
	pthread_mutex_lock(&p->lock);
	while (p->nfree == 0) {
		if (pthread_cond_timedwait(&p->freed, &p->lock, &deadline) != 0 && p->nfree == 0) {
			pthread_mutex_unlock(&p->lock);
			atomic_fetch_add(&p->acquire_timeouts, 1);
			return NULL;
		}
	}
	struct db_conn *c = p->free_stack[--p->nfree];
	pthread_mutex_unlock(&p->lock);
	atomic_fetch_add(&p->acquires, 1);
	if (!conn_ready(c) && conn_connect(c) < 0) {
		db_pool_release(p, c);
		return NULL;
	}
	return c;
}

void db_pool_release(struct db_pool *p, struct db_conn *c)
{
	if (!c)
		return;
	if (c->pg && PQstatus(c->pg) == CONNECTION_OK && PQtransactionStatus(c->pg) != PQTRANS_IDLE) {
		PGresult *r = PQexec(c->pg, "ROLLBACK");
		PQclear(r);
	}
	c->in_tx = false;
	pthread_mutex_lock(&p->lock);
	p->free_stack[p->nfree++] = c;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->lock);
}

void db_pool_stats(struct db_pool *p, struct db_pool_stats *out)
{
	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&p->lock);
	out->size = p->opt.size;
	out->in_use = p->opt.size - p->nfree;
	for (int i = 0; i < p->nfree; i++)
		out->connected += conn_ready(p->free_stack[i]);
	pthread_mutex_unlock(&p->lock);
	out->acquires = atomic_load(&p->acquires);
	out->acquire_timeouts = atomic_load(&p->acquire_timeouts);
	out->reconnects = atomic_load(&p->reconnects);
	out->retries = atomic_load(&p->retries);
	out->connect_failures = atomic_load(&p->connect_failures);
	for (int i = 0; i <= DB_COUNTED_SQLSTATES; i++)
		out->errors[i] = atomic_load(&p->errors[i]);
}

bool db_conn_in_transaction(const struct db_conn *c)
{
	return c->pg && PQtransactionStatus(c->pg) != PQTRANS_IDLE && PQtransactionStatus(c->pg) != PQTRANS_UNKNOWN;
}

struct db_conn *db_conn_open(const struct db_pool_options *opt)
{
	struct db_conn *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->own_opt = *opt;
	c->opt = &c->own_opt;
	if (conn_connect(c) < 0) {
		db_conn_close(c);
		return NULL;
	}
	return c;
}

void db_conn_close(struct db_conn *c)
{
	if (!c)
		return;
	if (c->pg)
		PQfinish(c->pg);
	free(c);
}

PGconn *db_conn_pg(struct db_conn *c)
{
	return c->pg;
}

const char *db_last_constraint(const struct db_conn *c)
{
	return c->constraint;
}

const char *db_last_sqlstate(const struct db_conn *c)
{
	return c->sqlstate;
}

/* Classifies a result; on failure records SQLSTATE and constraint, logs, and clears it. */
static enum db_status result_status(struct db_conn *c, PGresult *r, const char *what)
{
	ExecStatusType rs = PQresultStatus(r);
	if (rs == PGRES_TUPLES_OK || rs == PGRES_COMMAND_OK)
		return DB_OK;
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	const char *cons = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
	enum db_status st = (!state && PQstatus(c->pg) == CONNECTION_BAD) ? DB_UNAVAILABLE
									   : db_status_from_sqlstate(state);
	snprintf(c->sqlstate, sizeof(c->sqlstate), "%s", state ? state : "");
	if (c->pool)
		count_error(c->pool, c->sqlstate);
	snprintf(c->constraint, sizeof(c->constraint), "%s", cons ? cons : "");
	log_event(st == DB_ERROR ? LOG_ERROR : LOG_INFO, "db.statement", "%s failed: sqlstate=%s constraint=%s %s", what,
		  c->sqlstate[0] ? c->sqlstate : "-", c->constraint[0] ? c->constraint : "-",
		  st == DB_ERROR || st == DB_UNAVAILABLE ? PQresultErrorMessage(r) : "");
	PQclear(r);
	return st;
}

bool db_bool(const PGresult *r, int row, int col)
{
	return strcmp(PQgetvalue(r, row, col), "t") == 0;
}

/* The name under which sql is prepared on c, preparing it first when needed; "" (the unnamed statement, parsed for
 * this one execution) when c's table is full or preparing failed, which then is reported by the execution itself. */
static void composed_name(struct db_conn *c, const char *sql, char name[24])
{
	uint64_t h = hash_string(sql);
	snprintf(name, 24, "c%016" PRIx64, h);
	unsigned slot = (unsigned)(h % DB_COMPOSED_MAX);
	for (int probe = 0; probe < DB_COMPOSED_MAX; probe++, slot = (slot + 1) % DB_COMPOSED_MAX) {
		if (c->composed[slot] == h)
			return;
		if (c->composed[slot] == 0)
			break;
	}
	if (c->ncomposed >= DB_COMPOSED_MAX * 3 / 4 || c->composed[slot] != 0) {
		name[0] = '\0';
		return;
	}
	PGresult *r = PQprepare(c->pg, name, sql, 0, NULL);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	if (!ok) {
		name[0] = '\0';
		return;
	}
	c->composed[slot] = h;
	c->ncomposed++;
}

/* One statement, named (stmt) or composed (sql), with db_exec's retries. */
static PGresult *exec_retrying(struct db_conn *c, const char *stmt, const char *sql, int nparams,
			       const char *const *params, enum db_status *st)
{
	c->sqlstate[0] = c->constraint[0] = '\0';
	for (int attempt = 0;; attempt++) {
		PGresult *r;
		if (sql) {
			char name[24];
			composed_name(c, sql, name);
			r = name[0] ? PQexecPrepared(c->pg, name, nparams, params, NULL, NULL, 0)
				    : PQexecParams(c->pg, sql, nparams, NULL, params, NULL, NULL, 0);
		} else {
			r = PQexecPrepared(c->pg, stmt, nparams, params, NULL, NULL, 0);
		}
		*st = result_status(c, r, sql ? "composed statement" : stmt);
		if (*st == DB_OK)
			return r;
		/* Outside a transaction a failed statement changed nothing, so sending it again is safe: once after a lost
		 * connection, and up to DB_MAX_ATTEMPTS in all after a deadlock or serialization failure. */
		if (c->in_tx)
			return NULL;
		if (*st == DB_UNAVAILABLE && attempt == 0 && PQstatus(c->pg) == CONNECTION_BAD) {
			if (c->pool)
				atomic_fetch_add(&c->pool->retries, 1);
			if (conn_connect(c) == 0)
				continue;
		} else if (*st == DB_RETRY && attempt + 1 < DB_MAX_ATTEMPTS) {
			if (c->pool)
				atomic_fetch_add(&c->pool->retries, 1);
			continue;
		}
		return NULL;
	}
}

PGresult *db_exec(struct db_conn *c, const char *stmt, int nparams, const char *const *params, enum db_status *st)
{
	return exec_retrying(c, stmt, NULL, nparams, params, st);
}

PGresult *db_exec_sql(struct db_conn *c, const char *sql, int nparams, const char *const *params, enum db_status *st)
{
	return exec_retrying(c, NULL, sql, nparams, params, st);
}

PGresult *db_exec_array(struct db_conn *c, const char *stmt, int nparams, const char *const *params, size_t elem_size,
			void **out, enum db_status *st)
{
	*out = NULL;
	PGresult *r = db_exec(c, stmt, nparams, params, st);
	if (!r)
		return NULL;
	*out = calloc((size_t)PQntuples(r) + 1, elem_size);
	if (!*out) {
		PQclear(r);
		*st = DB_ERROR;
		return NULL;
	}
	return r;
}

enum db_status db_exec_simple(struct db_conn *c, const char *sql)
{
	PGresult *r = PQexec(c->pg, sql);
	enum db_status st = result_status(c, r, "simple query");
	if (st == DB_OK)
		PQclear(r);
	return st;
}

enum db_status db_tx_run(struct db_conn *c, db_tx_fn fn, void *arg)
{
	enum db_status st = DB_ERROR;
	for (int attempt = 0; attempt < DB_MAX_ATTEMPTS; attempt++) {
		if (attempt > 0 && c->pool)
			atomic_fetch_add(&c->pool->retries, 1);
		if (!conn_ready(c) && conn_connect(c) < 0)
			return DB_UNAVAILABLE;
		st = db_exec_simple(c, "BEGIN");
		if (st != DB_OK) {
			if (st == DB_UNAVAILABLE && PQstatus(c->pg) == CONNECTION_BAD)
				continue;
			return st;
		}
		c->in_tx = true;
		st = fn(c, arg);
		bool commit_sent = st == DB_OK;
		if (commit_sent)
			st = db_exec_simple(c, "COMMIT");
		else if (PQstatus(c->pg) == CONNECTION_OK)
			db_exec_simple(c, "ROLLBACK");
		bool lost = PQstatus(c->pg) == CONNECTION_BAD;
		c->in_tx = false;
		if (st == DB_RETRY)
			continue;
		/* A connection lost before COMMIT was sent rolled the work back: safe to run it again. A lost COMMIT is
		 * ambiguous and is reported as unavailable; idempotency keys make the client's retry safe. */
		if (st == DB_UNAVAILABLE && lost && !commit_sent && attempt == 0)
			continue;
		return st;
	}
	return st;
}
