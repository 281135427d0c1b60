/*
 * The configuration table. Every option the daemon reads from the environment is a row here, so loading,
 * bounds checking and --help cannot drift apart.
 */
#include "salesctl/core/config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum opt_type { OPT_STRING, OPT_INT, OPT_LOG };

struct option_row {
	const char *env;
	const char *alt_env;   /* accepted when env is unset, e.g. DATABASE_URL */
	enum opt_type type;
	const char *def;
	long min, max;         /* OPT_INT bounds */
	size_t offset;
	size_t size;           /* OPT_STRING capacity */
	const char *doc;
};

#define ROW_INT(field) offsetof(struct config, field), 0

static const struct option_row options[] = {
	{"SALESCTL_DATABASE_URL", "DATABASE_URL", OPT_STRING, "postgresql:///salesctl", 0, 0,
	 offsetof(struct config, database_url), sizeof(((struct config *)0)->database_url),
	 "PostgreSQL connection URL or conninfo string"},
	{"SALESCTL_LISTEN", NULL, OPT_STRING, "127.0.0.1:8080", 0, 0,
	 offsetof(struct config, listen), sizeof(((struct config *)0)->listen),
	 "address:port to serve HTTP on (port 0 picks a free port)"},
	{"SALESCTL_THREADS", NULL, OPT_INT, "8", 0, 256, ROW_INT(threads),
	 "HTTP worker threads (libmicrohttpd thread pool with epoll); 0: a thread per connection, for comparison"},
	{"SALESCTL_DB_POOL", NULL, OPT_INT, "8", 1, 256, ROW_INT(db_pool),
	 "PostgreSQL connections shared by the HTTP threads"},
	{"SALESCTL_SCHEDULER_INTERVAL", NULL, OPT_INT, "60", 1, 86400, ROW_INT(scheduler_interval),
	 "seconds between scheduler passes"},
	{"SALESCTL_ADMIN_TOKEN", NULL, OPT_STRING, "", 0, 0,
	 offsetof(struct config, admin_token), sizeof(((struct config *)0)->admin_token),
	 "platform admin token for POST /v1/orgs (unset: organisations cannot be created over HTTP)"},
	{"SALESCTL_SECRET_KEY", NULL, OPT_STRING, "", 0, 0,
	 offsetof(struct config, secret_key), sizeof(((struct config *)0)->secret_key),
	 "64 hex digits: the AES-256 key that seals webhook secrets in the database (unset: no webhooks)"},
	{"SALESCTL_CORS_ORIGINS", NULL, OPT_STRING, "", 0, 0,
	 offsetof(struct config, cors_origins), sizeof(((struct config *)0)->cors_origins),
	 "comma-separated origins (scheme://host[:port]) whose browser pages may call the API; unset: none"},
	{"SALESCTL_WEBHOOK_ALLOW_PRIVATE", NULL, OPT_STRING, "", 0, 0,
	 offsetof(struct config, webhook_allow_private), sizeof(((struct config *)0)->webhook_allow_private),
	 "non-public addresses webhooks may reach: a comma-separated list of IP addresses, or * for any (a private "
	 "deployment); unset: only public addresses (no loopback, private, link-local, metadata)"},
	{"SALESCTL_MAX_BODY", NULL, OPT_INT, "1048576", 1024, 64L * 1024 * 1024, ROW_INT(max_body),
	 "largest request body in bytes (larger: 413)"},
	{"SALESCTL_STATEMENT_TIMEOUT_MS", NULL, OPT_INT, "5000", 100, 600000, ROW_INT(statement_timeout_ms),
	 "PostgreSQL statement_timeout for request queries"},
	{"SALESCTL_SHUTDOWN_TIMEOUT", NULL, OPT_INT, "10", 1, 600, ROW_INT(shutdown_timeout_s),
	 "seconds SIGTERM waits for in-flight requests"},
	{"SALESCTL_WEBHOOK_BACKOFF", NULL, OPT_INT, "30", 1, 3600, ROW_INT(webhook_backoff_s),
	 "seconds before the first retry of a failed webhook delivery (doubling, at most 1 h, for 24 h)"},
	{"SALESCTL_RATE_LIMIT", NULL, OPT_INT, "50", 0, 1000000, ROW_INT(rate_limit),
	 "requests a second allowed per token (0: no limit); over it, 429 with Retry-After"},
	{"SALESCTL_RATE_BURST", NULL, OPT_INT, "100", 1, 1000000, ROW_INT(rate_burst),
	 "requests a token may send at once before the rate applies"},
	{"SALESCTL_BULK_CONCURRENCY", NULL, OPT_INT, "2", 1, 256, ROW_INT(bulk_concurrency),
	 "bulk requests (POST /v1/call-logs/batch) handled at once; more wait their turn up to 10 s, then 503"},
	{"SALESCTL_SESSION_TTL", NULL, OPT_INT, "43200", 60, 2592000, ROW_INT(session_ttl_s),
	 "seconds a signed-in session lives unused (sliding); 30 days after sign-in it ends regardless"},
	{"SALESCTL_AUTH_CACHE_MS", NULL, OPT_INT, "1000", 0, 60000, ROW_INT(auth_cache_ms),
	 "milliseconds a token's principal is reused without a query (0: a query every request); revocations, "
	 "dismissals and role or team changes clear it on every instance at once (LISTEN/NOTIFY)"},
	{"SALESCTL_LOG", NULL, OPT_LOG, "json", 0, 0, ROW_INT(log), "log format: json or text"},
};

static int option_set(struct config *cfg, const struct option_row *o, const char *value, FILE *err)
{
	char *field = (char *)cfg + o->offset;
	switch (o->type) {
	case OPT_STRING:
		if (strlen(value) >= o->size) {
			fprintf(err, "%s: value longer than %zu bytes\n", o->env, o->size - 1);
			return -1;
		}
		memcpy(field, value, strlen(value) + 1);
		return 0;
	case OPT_INT: {
		char *end;
		errno = 0;
		long v = strtol(value, &end, 10);
		if (errno || end == value || *end || v < o->min || v > o->max) {
			fprintf(err, "%s: expected an integer from %ld to %ld, got \"%s\"\n", o->env, o->min, o->max, value);
			return -1;
		}
		if (o->offset == offsetof(struct config, max_body))
			cfg->max_body = v;
		else
			*(int *)(void *)field = (int)v;
		return 0;
	}
	case OPT_LOG:
		if (strcmp(value, "json") == 0)
			cfg->log = LOG_JSON;
		else if (strcmp(value, "text") == 0)
			cfg->log = LOG_TEXT;
		else {
			fprintf(err, "%s: expected json or text, got \"%s\"\n", o->env, value);
			return -1;
		}
		return 0;
	}
	return -1;
}

int config_load(struct config *cfg, FILE *err)
{
	int rc = 0;
	memset(cfg, 0, sizeof(*cfg));
	for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
		const struct option_row *o = &options[i];
		const char *v = getenv(o->env);
		if ((!v || !*v) && o->alt_env)
			v = getenv(o->alt_env);
		if (!v || !*v)
			v = o->def;
		if (option_set(cfg, o, v, err) < 0)
			rc = -1;
	}
	if (rc == 0 && cfg->threads > 0 && cfg->threads < cfg->db_pool)
		fprintf(err, "warning: SALESCTL_THREADS (%d) < SALESCTL_DB_POOL (%d): some connections stay idle\n",
			cfg->threads, cfg->db_pool);
	return rc;
}

bool config_option(size_t i, const char **env, const char **def)
{
	if (i >= sizeof(options) / sizeof(options[0]))
		return false;
	*env = options[i].env;
	*def = options[i].def;
	return true;
}

void config_print_help(FILE *out)
{
	fprintf(out, "Configuration (environment variables):\n");
	for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
		const struct option_row *o = &options[i];
		fprintf(out, "  %-30s %s%s%s\n      default: %s\n", o->env, o->doc, o->alt_env ? "; also read from " : "",
			o->alt_env ? o->alt_env : "", *o->def ? o->def : "(none)");
	}
}
