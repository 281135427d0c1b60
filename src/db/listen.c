/* The LISTEN thread (see db/listen.h): poll() on the connection's socket with a short timeout, so that a stop request
 * is seen promptly, and libpq's notification queue drained after each read. */
#include "salesctl/db/listen.h"
#include "salesctl/core/log.h"

#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct db_listener {
	pthread_t thread;
	atomic_bool stop;
	char *conninfo;
	char channel[64];
	db_listen_fn fn;
	void *ctx;
};

/* A connection listening on the channel, or NULL. */
static PGconn *listen_connect(struct db_listener *l)
{
	const char *keys[] = {"dbname", "connect_timeout", "application_name", NULL};
	const char *vals[] = {l->conninfo, "3", "salesctld-listen", NULL};
	PGconn *pg = PQconnectdbParams(keys, vals, 1);
	if (!pg || PQstatus(pg) != CONNECTION_OK) {
		PQfinish(pg);
		return NULL;
	}
	char sql[96];
	snprintf(sql, sizeof(sql), "LISTEN %s", l->channel);
	PGresult *r = PQexec(pg, sql);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	if (!ok) {
		PQfinish(pg);
		return NULL;
	}
	return pg;
}

/* Waits on the connection until it breaks or a stop is asked; reports every notification. */
static void listen_serve(struct db_listener *l, PGconn *pg)
{
	while (!atomic_load(&l->stop)) {
		struct pollfd p = {.fd = PQsocket(pg), .events = POLLIN};
		int n = poll(&p, 1, 500);
		if (n < 0 || (n > 0 && !PQconsumeInput(pg)) || PQstatus(pg) != CONNECTION_OK)
			return;
		PGnotify *note;
		while ((note = PQnotifies(pg)) != NULL) {
			l->fn(l->ctx, DB_LISTEN_NOTICE, note->extra);
			PQfreemem(note);
		}
	}
}

static void *listen_main(void *arg)
{
	struct db_listener *l = arg;
	bool was_up = true;   /* so that a first failure is reported as DOWN too */
	while (!atomic_load(&l->stop)) {
		PGconn *pg = listen_connect(l);
		if (pg) {
			l->fn(l->ctx, DB_LISTEN_UP, NULL);
			was_up = true;
			listen_serve(l, pg);
			PQfinish(pg);
		}
		if (atomic_load(&l->stop))
			break;
		if (was_up) {
			l->fn(l->ctx, DB_LISTEN_DOWN, NULL);
			log_event(LOG_WARN, "db.listen", "not listening on %s; retrying every second", l->channel);
			was_up = false;
		}
		for (int i = 0; i < 10 && !atomic_load(&l->stop); i++)
			usleep(100 * 1000);
	}
	return NULL;
}

struct db_listener *db_listener_start(const char *conninfo, const char *channel, db_listen_fn fn, void *ctx)
{
	struct db_listener *l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	l->conninfo = strdup(conninfo);
	snprintf(l->channel, sizeof(l->channel), "%s", channel);
	l->fn = fn;
	l->ctx = ctx;
	atomic_init(&l->stop, false);
	if (!l->conninfo || pthread_create(&l->thread, NULL, listen_main, l) != 0) {
		free(l->conninfo);
		free(l);
		return NULL;
	}
	return l;
}

void db_listener_stop(struct db_listener *l)
{
	if (!l)
		return;
	atomic_store(&l->stop, true);
	pthread_join(l->thread, NULL);
	free(l->conninfo);
	free(l);
}
