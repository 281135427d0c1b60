/* salesctld: the salesctl server. Parses the command line and hands over to src/; see --help. */
#include "salesctl/auth/password.h"
#include "salesctl/auth/token.h"
#include "salesctl/core/config.h"
#include "salesctl/app/daemon.h"
#include "salesctl/core/embedded.h"
#include "salesctl/core/log.h"
#include "salesctl/db/migrate.h"
#include "salesctl/sched/pass.h"
#include "salesctl/store/instance.h"
#include "salesctl/store/list_sql.h"
#include "salesctl/store/reach.h"
#include "salesctl/store/tasks.h"
#include "salesctl/store/rollups.h"

#include <curl/curl.h>
#include <jansson.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Generated from cmd/salesctld/demo.sql. */
extern const struct embedded_file embedded_demo[];

#define DEMO_ORG "5a1e5c71-0000-4000-8000-000000000001"

static void usage(FILE *out)
{
	fprintf(out, "usage: salesctld [--no-migrate]   serve HTTP (applies pending migrations first)\n"
		     "       salesctld migrate          apply pending migrations and exit\n"
		     "       salesctld demo             load the demo organisation (idempotent), print fresh tokens\n"
		     "       salesctld rollup --rebuild recompute every KPI rollup from the call logs and reports\n"
		     "       salesctld sql NAME [ROLE]  print the SQL of one statement, composed for ROLE where it depends on it\n"
		     "       salesctld --help\n\n");
	config_print_help(out);
}

static int cmd_migrate(const struct config *cfg)
{
	struct db_conn *c = daemon_connect(cfg, 30);
	if (!c) {
		log_event(LOG_ERROR, "migrate", "cannot connect to PostgreSQL");
		return 1;
	}
	int n = migrate_apply(c);
	db_conn_close(c);
	if (n < 0)
		return 1;
	printf("migrations applied: %d\n", n);
	return 0;
}

/* One statement of the demo's set-up; 0 or -1 (logged). */
static int demo_exec(struct db_conn *c, const char *sql, int nparams, const char *const *params)
{
	PGresult *r = PQexecParams(db_conn_pg(c), sql, nparams, NULL, params, NULL, NULL, 0);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
	if (ok < 0)
		log_event(LOG_ERROR, "demo", "%s", PQresultErrorMessage(r));
	PQclear(r);
	return ok;
}

/* Issues a fresh token for one demo user under a fixed token id, replacing (and so revoking) the previous run's. */
static int demo_token(struct db_conn *c, const char *user_id, const char *token_id, char token[TOKEN_LEN + 1])
{
	char hash[TOKEN_HASH_HEX];
	if (token_generate(DEMO_ORG, token, hash) < 0)
		return -1;
	const char *params[] = {DEMO_ORG, token_id, user_id, hash};
	return demo_exec(c,
			 "INSERT INTO api_tokens (org_id, id, user_id, token_hash) VALUES ($1, $2, $3, $4)"
			 " ON CONFLICT (org_id, id) DO UPDATE SET token_hash = EXCLUDED.token_hash,"
			 " revoked_at = NULL, created_at = now()",
			 4, params);
}

/* Sets a fresh random password for one demo user (printed once, like the tokens): the owner's page signs in with it. */
static int demo_password(struct db_conn *c, const char *user_id, char password[24])
{
	unsigned char raw[12];
	char hash[PASSWORD_HASH_MAX];
	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return -1;
	base64url_encode(raw, sizeof(raw), password);
	if (password_hash(password, hash) < 0)
		return -1;
	const char *params[] = {DEMO_ORG, user_id, hash};
	return demo_exec(c,
			 "INSERT INTO user_credentials (org_id, user_id, password_hash) VALUES ($1, $2, $3)"
			 " ON CONFLICT (org_id, user_id) DO UPDATE SET password_hash = EXCLUDED.password_hash,"
			 " changed_at = now()",
			 3, params);
}

static int cmd_demo(const struct config *cfg)
{
	struct db_pool_options opt = {
		.conninfo = cfg->database_url,
		.statement_timeout_ms = 600000,
		.statements = store_all_statements,
		.application_name = "salesctld-demo",
	};
	static const struct {
		const char *who, *email, *user_id, *token_id;
	} people[] = {
		{"owner (Ольга Владимировна)", "owner@demo.salesctl.dev", "5a1e5c71-0000-4000-8000-000000000101",
		 "5a1e5c71-0000-4000-8000-000000000901"},
		{"head (Игорь Петров)", "head@demo.salesctl.dev", "5a1e5c71-0000-4000-8000-000000000102",
		 "5a1e5c71-0000-4000-8000-000000000902"},
		{"manager (Анна Смирнова)", NULL, "5a1e5c71-0000-4000-8000-000000000201", "5a1e5c71-0000-4000-8000-000000000903"},
	};
	struct db_conn *c = daemon_connect(cfg, 30);
	if (!c) {
		log_event(LOG_ERROR, "demo", "cannot connect to PostgreSQL");
		return 1;
	}
	int rc = 1;
	char tokens[3][TOKEN_LEN + 1], passwords[2][24];
	if (migrate_apply(c) < 0)
		goto done;
	/* Statements are prepared against the migrated schema: reconnect with them. */
	db_conn_close(c);
	c = db_conn_open(&opt);
	if (!c || db_exec_simple(c, embedded_demo[0].text) != DB_OK)
		goto done;
	for (int i = 0; i < 3; i++)
		if (demo_token(c, people[i].user_id, people[i].token_id, tokens[i]) < 0)
			goto done;
	for (int i = 0; i < 2; i++)
		if (demo_password(c, people[i].user_id, passwords[i]) < 0)
			goto done;
	/* Roll the demo month up now, so that KPIs and plan status show it before the scheduler's first pass. */
	struct sched_pass_result pass;
	if (sched_pass_run(c, DEMO_ORG, NULL, false, &pass) != DB_OK)
		goto done;
	/* This month and the last in the demo organisation's time zone, for the plan-status and month-close examples. */
	PGresult *month = PQexec(db_conn_pg(c), "SELECT to_char(now() AT TIME ZONE 'Europe/Moscow', 'YYYY-MM'),"
						" to_char(now() AT TIME ZONE 'Europe/Moscow' - interval '1 month', 'YYYY-MM')");
	char period[8] = "", last[8] = "";
	if (PQresultStatus(month) == PGRES_TUPLES_OK) {
		snprintf(period, sizeof(period), "%s", PQgetvalue(month, 0, 0));
		snprintf(last, sizeof(last), "%s", PQgetvalue(month, 0, 1));
	}
	PQclear(month);
	printf("\nDemo organisation \"Demo Sales\" is loaded. Tokens (new on every run):\n");
	for (int i = 0; i < 3; i++)
		printf("  %-28s %s\n", people[i].who, tokens[i]);
	printf("\nThe owner's page: http://%s/  Sign in as (passwords new on every run):\n", cfg->listen);
	for (int i = 0; i < 2; i++)
		printf("  %-28s %s  %s\n", people[i].who, people[i].email, passwords[i]);
	printf("\nTry:\n"
	       "  curl -s http://%s/v1/me -H 'Authorization: Bearer %s'\n"
	       "  curl -s 'http://%s/v1/plan-status?period=%s' -H 'Authorization: Bearer %s'\n"
	       "  curl -s 'http://%s/v1/alerts?status=open' -H 'Authorization: Bearer %s'\n"
	       "  curl -s 'http://%s/v1/standups/board?team_id=5a1e5c71-0000-4000-8000-000000000011' -H 'Authorization: Bearer %s'\n"
	       "  curl -s -X POST 'http://%s/v1/periods/%s/close' -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' -d '{}'\n\n",
	       cfg->listen, tokens[0], cfg->listen, period, tokens[0], cfg->listen, tokens[1], cfg->listen, tokens[1],
	       cfg->listen, last, tokens[0]);
	fflush(stdout);
	rc = 0;
done:
	db_conn_close(c);
	return rc;
}

static enum db_status rebuild_tx(struct db_conn *c, void *arg)
{
	return store_rollup_rebuild(c, NULL, arg);
}

static int cmd_rollup_rebuild(const struct config *cfg)
{
	struct db_pool_options opt = {
		.conninfo = cfg->database_url,
		.statement_timeout_ms = 3600 * 1000,
		.statements = store_all_statements,
		.application_name = "salesctld-rollup",
	};
	struct db_conn *c = db_conn_open(&opt);
	if (!c) {
		log_event(LOG_ERROR, "rollup", "cannot connect to PostgreSQL (are migrations applied?)");
		return 1;
	}
	long rows = 0;
	enum db_status st = db_tx_run(c, rebuild_tx, &rows);
	db_conn_close(c);
	if (st != DB_OK)
		return 1;
	printf("rollups rebuilt: %ld rows\n", rows);
	return 0;
}

/* The benchmark compares salesctld with pgbench running exactly the statements salesctld prepares. */
/* Composed list statements have no name of their own; the benchmarks' are named here. task_list: a manager's own
 * tasks, newest first, as the manager lists them ($1 organisation, $2 the manager, $3 limit + 1). */
static int print_composed(const char *name)
{
	if (strcmp(name, "task_list") != 0)
		return -1;
	struct list_params p = {.org_id = "$1", .viewer_id = "$2", .role = ROLE_MANAGER, .limit = 0};
	p.values[0] = p.viewer_id;
	struct list_sql q;
	if (list_sql_compose(&store_task_list_shape, &p, &q) < 0)
		return -1;
	printf("%s\n", q.sql);
	list_sql_free(&q);
	return 0;
}

/* A statement limited to the viewer's reach, composed for role, its parameters printed by name ($O organisation, $V
 * viewer, $A... the statement's own) for the benchmark to fill in. */
static int print_reach(const char *name, const char *role)
{
	enum role r = role_parse(role ? role : "owner");
	for (const struct reach_stmt *const *const *set = store_all_reach_statements; *set; set++)
		for (const struct reach_stmt *const *s = *set; *s; s++) {
			struct reach_sql q;
			if (strcmp((*s)->name, name) != 0 || r == ROLE_NONE || reach_sql_compose(*s, r, &q) < 0)
				continue;
			for (const char *p = q.sql; *p; p++) {
				if (*p == '$' && p[1] >= '1' && p[1] <= '9') {
					char *end;
					long n = strtol(p + 1, &end, 10);
					printf("$%c", q.names[n - 1]);
					p = end - 1;
				} else {
					putchar(*p);
				}
			}
			putchar('\n');
			reach_sql_free(&q);
			return 0;
		}
	return -1;
}

static int cmd_sql(const char *name, const char *role)
{
	for (const struct db_stmt *const *set = store_all_statements; *set; set++)
		for (const struct db_stmt *s = *set; s->name; s++)
			if (strcmp(s->name, name) == 0) {
				printf("%s\n", s->sql);
				return 0;
			}
	if (print_composed(name) == 0 || print_reach(name, role) == 0)
		return 0;
	fprintf(stderr, "salesctld: no statement named %s\n", name);
	return 1;
}

int main(int argc, char **argv)
{
	bool migrate = true;
	const char *command = "serve";
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--no-migrate") == 0) {
			migrate = false;
		} else if (strcmp(argv[i], "migrate") == 0 || strcmp(argv[i], "demo") == 0) {
			command = argv[i];
		} else if (strcmp(argv[i], "sql") == 0 && i + 1 < argc) {
			return cmd_sql(argv[i + 1], i + 2 < argc ? argv[i + 2] : NULL);
		} else if (strcmp(argv[i], "rollup") == 0 && i + 1 < argc && strcmp(argv[i + 1], "--rebuild") == 0) {
			command = "rollup";
			i++;
		} else {
			fprintf(stderr, "salesctld: unknown argument \"%s\"\n\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	struct config cfg;
	if (config_load(&cfg, stderr) < 0)
		return 2;
	log_init(cfg.log);
	/* Hash seeding and libcurl's global state are not thread-safe: set them up before any thread exists. */
	json_object_seed(0);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	int status;
	if (strcmp(command, "migrate") == 0)
		status = cmd_migrate(&cfg);
	else if (strcmp(command, "demo") == 0)
		status = cmd_demo(&cfg);
	else if (strcmp(command, "rollup") == 0)
		status = cmd_rollup_rebuild(&cfg);
	else
		status = daemon_serve(&cfg, migrate);
	curl_global_cleanup();
	return status;
}
