/* Server configuration from the environment: one table of options feeds loading, validation and --help. */
#ifndef SALESCTL_CORE_CONFIG_H
#define SALESCTL_CORE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum log_format { LOG_JSON, LOG_TEXT };

struct config {
	char database_url[1024];
	char listen[128];
	char admin_token[256];    /* empty: POST /v1/orgs is refused to everyone */
	char secret_key[128];     /* 64 hex digits sealing webhook secrets; empty: webhooks cannot be created */
	char webhook_allow_private[1024];
	char cors_origins[2048];  /* comma-separated origins browser front ends are served from */ /* "", "*" or addresses webhooks may reach although not public */
	int threads;              /* libmicrohttpd thread pool size */
	int db_pool;              /* PostgreSQL connections */
	int scheduler_interval;   /* seconds */
	long max_body;            /* bytes */
	int statement_timeout_ms;
	int shutdown_timeout_s;   /* how long SIGTERM waits for in-flight requests */
	int webhook_backoff_s;
	int rate_limit;           /* requests a second per token; 0: no limit */
	int rate_burst;           /* requests a token may send at once before the rate applies */
	int bulk_concurrency;     /* bulk requests (call-log batches) handled at once */
	int session_ttl_s;        /* a signed-in session ends after this long unused */
	int auth_cache_ms;        /* how long a token's principal is reused (auth/principal_cache.h); 0: never */
	enum log_format log;
};

/* Fills cfg from the environment. On a bad value writes one line per problem to err and returns -1. */
int config_load(struct config *cfg, FILE *err) __attribute__((warn_unused_result));
/* The i-th option of the table: its environment variable and its default ("" when it has none), borrowed from
 * static storage; false past the last option. For the README check and --help. */
bool config_option(size_t i, const char **env, const char **def);
/* Prints the option table (name, default, meaning) for --help and the README. */
void config_print_help(FILE *out);

#endif
