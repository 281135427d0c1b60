/* Schema migrations: the embedded migrations/NNNN_name.sql files, applied in order, each once, each in its own
 * transaction, under a transaction-scoped advisory lock so that instances starting together apply each once. */
#ifndef SALESCTL_DB_MIGRATE_H
#define SALESCTL_DB_MIGRATE_H

#include "salesctl/db/pool.h"

/* Applies what is pending. Returns the number applied, or -1 (logged). */
int migrate_apply(struct db_conn *c);
/* Whether every embedded migration is applied (for /readyz). */
bool migrate_is_current(struct db_conn *c);

/* Statements used by migrate_is_current on pooled connections. */
extern const struct db_stmt migrate_stmts[];

#endif
