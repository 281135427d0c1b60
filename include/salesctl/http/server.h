/*
 * The HTTP server: libmicrohttpd with an internal thread pool, each thread running its own epoll loop. The server
 * collects each request's body (bounded), hands the complete request to the application's dispatch function on the
 * same thread, queues the reply, and logs and counts it when libmicrohttpd reports the request completed.
 */
#ifndef SALESCTL_HTTP_SERVER_H
#define SALESCTL_HTTP_SERVER_H

#include "salesctl/http/cors.h"
#include "salesctl/http/metrics.h"
#include "salesctl/http/request.h"

struct server_options {
	const char *listen;             /* "host:port"; port 0 picks one */
	int threads;
	long max_body;
	int connection_timeout_s;
	void (*dispatch)(struct request *req);   /* fills req->reply; runs on a server thread */
	void (*release)(struct request *req);    /* frees what dispatch kept in req (e.g. a db connection): after a
						    * dispatch that replied, and when the request ends (parked or not) */
	void *app;                      /* stored in every request's app field */
	struct metrics *metrics;        /* borrowed */
	const struct cors_origins *cors; /* borrowed; NULL or empty: no cross-origin access */
};

struct server;

struct server *server_new(const struct server_options *opt);
/* Binds and starts the threads. -1 (logged) when the address cannot be used. */
int server_start(struct server *s) __attribute__((warn_unused_result));
unsigned short server_port(const struct server *s);
/* Stops accepting connections (the first time) and waits up to timeout_ms for in-flight requests to complete. */
void server_drain(struct server *s, int timeout_ms);
/* Stops the threads; drain first, and leave no request parked (http/request.h). */
void server_stop(struct server *s);
void server_free(struct server *s);
/* Requests between their first byte and completion. */
int server_in_flight(const struct server *s);

#endif
