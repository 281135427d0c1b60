/*
 * The migration runner. The schema_migrations table records each applied file by name. The advisory lock is
 * taken inside each migration's transaction (pg_advisory_xact_lock), so it cannot outlive a lost connection.
 */
#include "salesctl/db/migrate.h"
#include "salesctl/core/embedded.h"
#include "salesctl/core/log.h"

#include <stdlib.h>
#include <string.h>

/* Arbitrary constant shared by every salesctld: "salesctl" in ASCII. */
#define MIGRATION_LOCK_KEY "7021780330389812332"

const struct db_stmt migrate_stmts[] = {
	{"migrate_count", "SELECT count(*) FROM schema_migrations"},
	{NULL, NULL},
};

static enum db_status exec_params(struct db_conn *c, const char *sql, const char *param, bool *found)
{
	PGresult *r = PQexecParams(db_conn_pg(c), sql, param ? 1 : 0, NULL, param ? &param : NULL, NULL, NULL, 0);
	ExecStatusType rs = PQresultStatus(r);
	enum db_status st = DB_OK;
	if (rs != PGRES_TUPLES_OK && rs != PGRES_COMMAND_OK) {
		log_event(LOG_ERROR, "db.migrate", "%s", PQresultErrorMessage(r));
		st = db_status_from_sqlstate(PQresultErrorField(r, PG_DIAG_SQLSTATE));
		if (st == DB_OK)
			st = DB_ERROR;
	} else if (found) {
		*found = PQntuples(r) > 0;
	}
	PQclear(r);
	return st;
}

struct migration_arg {
	const struct embedded_file *file;
	bool applied;
};

static enum db_status migration_apply_one(struct db_conn *c, void *arg)
{
	struct migration_arg *m = arg;
	bool done = false;
	enum db_status st;
	m->applied = false;
	st = exec_params(c, "SELECT pg_advisory_xact_lock(" MIGRATION_LOCK_KEY ")", NULL, NULL);
	if (st == DB_OK)
		st = exec_params(c,
				 "CREATE TABLE IF NOT EXISTS schema_migrations ("
				 " name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
				 NULL, NULL);
	if (st == DB_OK)
		st = exec_params(c, "SELECT 1 FROM schema_migrations WHERE name = $1", m->file->name, &done);
	if (st != DB_OK || done)
		return st;
	st = db_exec_simple(c, m->file->text);
	if (st == DB_OK)
		st = exec_params(c, "INSERT INTO schema_migrations (name) VALUES ($1)", m->file->name, NULL);
	m->applied = st == DB_OK;
	return st;
}

int migrate_apply(struct db_conn *c)
{
	int applied = 0;
	for (size_t i = 0; i < embedded_migrations_count; i++) {
		struct migration_arg m = {&embedded_migrations[i], false};
		enum db_status st = db_tx_run(c, migration_apply_one, &m);
		if (st != DB_OK) {
			log_event(LOG_ERROR, "db.migrate", "migration %s failed", m.file->name);
			return -1;
		}
		if (m.applied) {
			log_event(LOG_INFO, "db.migrate", "applied %s", m.file->name);
			applied++;
		}
	}
	return applied;
}

bool migrate_is_current(struct db_conn *c)
{
	enum db_status st;
	PGresult *r = db_exec(c, "migrate_count", 0, NULL, &st);
	if (!r)
		return false;
	bool current = PQntuples(r) == 1 && strtoul(PQgetvalue(r, 0, 0), NULL, 10) == embedded_migrations_count;
	PQclear(r);
	return current;
}
