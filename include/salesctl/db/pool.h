/*
 * PostgreSQL access: a fixed pool of libpq connections shared by the HTTP threads, each connection owned by one
 * thread between acquire and release. Every statement the service runs is prepared on every connection when it
 * connects (and again after a reconnect). Errors are reduced to a small status the API layer maps to HTTP.
 */
#ifndef SALESCTL_DB_POOL_H
#define SALESCTL_DB_POOL_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "salesctl/db/status.h"

/* A named statement; stores keep theirs in a static table ending with {NULL, NULL}. */
struct db_stmt {
	const char *name;
	const char *sql;
};

/* The status of a SQLSTATE (db/status.h). */
enum db_status db_status_from_sqlstate(const char *sqlstate);

struct db_pool;
struct db_conn;

struct db_pool_options {
	const char *conninfo;                     /* URL or key=value string */
	int size;
	int statement_timeout_ms;
	const struct db_stmt *const *statements;  /* NULL-terminated list of tables; borrowed for the pool's life */
	const char *application_name;
};

/* New pool; connects lazily, so it succeeds while the database is down. NULL only when out of memory. */
struct db_pool *db_pool_new(const struct db_pool_options *opt);
void db_pool_free(struct db_pool *pool);

/* Waits up to timeout_ms for a free connection and makes sure it is connected and prepared.
 * NULL when none is free in time or the database cannot be reached: answer 503. */
struct db_conn *db_pool_acquire(struct db_pool *pool, int timeout_ms);
/* Gives the connection back; a connection left inside a transaction is rolled back first. */
void db_pool_release(struct db_pool *pool, struct db_conn *c);
/* Whether the connection is inside a transaction (or a failed one), which releasing it would roll back. */
bool db_conn_in_transaction(const struct db_conn *c);

/* The SQLSTATEs /metrics counts one by one (the rest are counted together). 08006 stands for every connection
 * lost under libpq, which reports no SQLSTATE of its own for that. */
#define DB_COUNTED_SQLSTATES 9
extern const char *const db_counted_sqlstates[DB_COUNTED_SQLSTATES];

/* Pool figures for /metrics. */
struct db_pool_stats {
	int size, in_use, connected;
	unsigned long long acquires, acquire_timeouts, reconnects, retries, connect_failures;
	unsigned long long errors[DB_COUNTED_SQLSTATES + 1];   /* failed statements by SQLSTATE; the last: others */
};
void db_pool_stats(struct db_pool *pool, struct db_pool_stats *out);

/* A stand-alone connection (scheduler, migrations, CLI commands), with the same session settings.
 * statements may be NULL. */
struct db_conn *db_conn_open(const struct db_pool_options *opt);
void db_conn_close(struct db_conn *c);

/* How many times a statement or transaction is tried when PostgreSQL answers 40001 or 40P01. */
#define DB_MAX_ATTEMPTS 3

/*
 * Runs a prepared statement with text parameters (NULL = SQL NULL). Returns the result (new: PQclear it) when
 * *st is DB_OK, otherwise NULL. The last error's constraint name is kept for db_last_constraint.
 * Outside a transaction, a connection found broken is re-established and the statement sent once more, and a
 * deadlock or serialization failure is retried (DB_MAX_ATTEMPTS in all).
 */
PGresult *db_exec(struct db_conn *c, const char *stmt, int nparams, const char *const *params, enum db_status *st);
/*
 * db_exec for a statement composed at run time from the program's own fragments (store/list_sql.c), never from
 * values: it is prepared on the connection the first time that text is seen there, under a name derived from the
 * text, and reused afterwards, so every shape of a list gets a plan of its own. At most DB_COMPOSED_MAX shapes per
 * connection; beyond that a shape is parsed each time.
 */
#define DB_COMPOSED_MAX 256
PGresult *db_exec_sql(struct db_conn *c, const char *sql, int nparams, const char *const *params, enum db_status *st);
/* db_exec, and a zeroed array of elem_size elements, one per row plus one, in *out (new: free() it) for the caller
 * to fill from the rows. NULL with *out NULL on failure (DB_ERROR when out of memory). */
PGresult *db_exec_array(struct db_conn *c, const char *stmt, int nparams, const char *const *params, size_t elem_size,
			void **out, enum db_status *st);
/* A boolean column of a result, as libpq's text format writes it ("t" or "f"). */
bool db_bool(const PGresult *r, int row, int col);
/* Runs plain SQL without parameters (BEGIN, COMMIT, migrations). */
enum db_status db_exec_simple(struct db_conn *c, const char *sql);
/* Constraint named by the last failed statement, or "" (borrowed, valid until the next statement). */
const char *db_last_constraint(const struct db_conn *c);
/* SQLSTATE of the last failed statement, or "". */
const char *db_last_sqlstate(const struct db_conn *c);

/*
 * Runs fn inside BEGIN/COMMIT. fn returns DB_OK to commit; anything else rolls back and is returned.
 * A serialization failure or deadlock (DB_RETRY), or a connection lost before COMMIT, reruns the whole transaction,
 * DB_MAX_ATTEMPTS in all; fn must therefore be safe to run again (reset what it produced at its start).
 */
typedef enum db_status (*db_tx_fn)(struct db_conn *c, void *arg);
enum db_status db_tx_run(struct db_conn *c, db_tx_fn fn, void *arg);

/* The libpq connection, for the migration runner and tests. Borrowed. */
PGconn *db_conn_pg(struct db_conn *c);

#endif
