/*
 * One HTTP exchange as handlers see it: the request (method, matched route and path parameters, headers, query,
 * parsed body, caller) and the reply they fill in. Created on libmicrohttpd's first callback for a request and freed
 * in its completion callback, whatever the outcome.
 */
#ifndef SALESCTL_HTTP_REQUEST_H
#define SALESCTL_HTTP_REQUEST_H

#include <jansson.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <time.h>

#include "salesctl/core/buf.h"
#include "salesctl/domain/roles.h"
#include "salesctl/http/problem.h"
#include "salesctl/http/router.h"

struct MHD_Connection;
struct db_conn;

/* A body produced piece by piece after the handler returns (CSV exports of whole lists): next appends the next piece
 * to out and returns 1, or 0 when there is no more (out may hold a last piece), or -1 on failure (the status is
 * sent by then: the connection is closed mid-body, which the client sees as a truncated transfer). release frees
 * ctx, once, whatever happened. */
struct reply_stream {
	int (*next)(void *ctx, struct buf *out);
	void (*release)(void *ctx);
	void *ctx;
};

struct reply {
	int status;               /* 0 until a handler answers */
	char *body;               /* owned; NULL for no body */
	size_t body_len;
	const char *content_type; /* static string */
	const char *code;         /* problem code, for the log; static */
	const char *content_language; /* "en" or "ru" when the reply holds text in one of them; static */
	char etag[48];            /* full header value with quotes, or "" */
	char location[192];
	char allow[80];
	int retry_after;          /* seconds; 0: no header */
	bool www_authenticate;
	bool replayed;            /* an idempotent replay of a stored response */
	bool preflight;           /* a CORS preflight: allow lists the route's methods */
	struct reply_stream *stream;  /* owned; instead of body: a streamed body of unknown length, never compressed */
	char disposition[96];     /* Content-Disposition, or "" */
	const char *csp;          /* Content-Security-Policy of a page, or NULL; static */
	char *deflated;           /* owned; a packed gzip_part (http/gzip.h) of the body's text from deflated_at on */
	size_t deflated_len;
	size_t deflated_at;
};

/* Where a parked request is (http/server.c). */
enum request_park_state { PARK_NONE, PARK_WAITING, PARK_SUSPENDED, PARK_WOKEN };

struct request {
	struct MHD_Connection *conn;
	const char *method_name;  /* borrowed from libmicrohttpd, valid for the request */
	const char *path;         /* borrowed likewise, without the query string */
	enum http_method method;
	struct buf body;
	bool body_too_large;
	long body_expected;       /* Content-Length, -1 when absent */
	char request_id[72];
	struct timespec started;
	struct route_match match;
	struct principal who;
	json_t *json;             /* parsed body (owned), NULL when there is none */
	struct db_conn *db;       /* owned while held; released by the dispatcher */
	void *app;                /* the application context given to the server */
	struct reply reply;
	bool can_park;            /* lane_submit is available (a thread pool; not a thread per connection) */
	atomic_int park_state;    /* enum request_park_state; http/server.c's */
	int lane_state;           /* http/lane.c's, under the lane's lock */
	struct timespec lane_deadline;
	struct request *lane_next;
};

/* Header or query value, borrowed from libmicrohttpd for the request's life; NULL when absent. */
const char *request_header(const struct request *req, const char *name);
const char *request_query(const struct request *req, const char *name);
/* Calls fn for every query parameter; stops and returns false when fn does. */
bool request_query_each(const struct request *req, bool (*fn)(void *ctx, const char *key, const char *value),
			void *ctx);

/* The language the request's Accept-Language asks for (domain/lang.h). */
enum lang request_lang(const struct request *req);
/* Sets a JSON reply; steals body (malloc'd) . */
void reply_json(struct request *req, int status, char *body);
/* Attaches to the reply a packed gzip_part (http/gzip.h: the deflated form of the body's bytes from at on, taken
 * over) that a client accepting gzip gets spliced instead of the whole body compressed again. Any later change of the
 * body drops it. */
void reply_attach_deflated(struct request *req, char *packed, size_t len, size_t at);
/* Sets a plain reply with a static or owned body; copies body. */
void reply_text(struct request *req, int status, const char *content_type, const char *body);
/* Sets a problem reply in the request's language; detail (English, may be NULL) is translated by http/i18n.c, and
 * so is reply_problemf's format before it is filled. */
void reply_problem(struct request *req, enum problem p, const char *detail);
void reply_problemf(struct request *req, enum problem p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Sets a 422 listing every error in errs. */
void reply_invalid(struct request *req, const struct field_errors *errs);
/* A 422 for a single field. */
void reply_invalid_field(struct request *req, const char *field, const char *message);
/* Sets a streamed reply; takes stream (malloc'd; its release is called in every case). */
void reply_stream(struct request *req, int status, const char *content_type, struct reply_stream *stream);
/* A parked request (http/lane.h) has no reply when dispatch returns: the server suspends its connection and its
 * thread goes on serving its other connections. request_park marks it so before anyone else can see it;
 * request_unpark, from any thread and exactly once, has the server send the reply set meanwhile (none: the
 * connection is closed). */
void request_park(struct request *req);
void request_unpark(struct request *req);
/* Whether the client has closed or reset the connection (a half-closed client counts as gone); false for a request
 * on no connection. */
bool request_peer_gone(const struct request *req);
/* Clears whatever reply was set (used before a transaction is retried). */
void reply_reset(struct reply *r);

#endif
