/*
 * libmicrohttpd plumbing: request state lifecycle, incremental body reading with a size cap, response queueing and
 * the access log. Threading: MHD_USE_INTERNAL_POLLING_THREAD + MHD_USE_EPOLL with a thread pool of `threads`;
 * handlers block on PostgreSQL, so the pool is sized to at least the database pool (docs/ARCHITECTURE.md).
 */
#include "salesctl/http/server.h"
#include "salesctl/http/hygiene.h"
#include "salesctl/http/conditional.h"
#include "salesctl/http/gzip.h"
#include "salesctl/core/block_pool.h"
#include "salesctl/core/log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <netdb.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>


struct server {
	struct server_options opt;
	char *listen;
	struct MHD_Daemon *daemon;
	unsigned short port;
	atomic_int in_flight;
	bool quiesced;
};

struct server *server_new(const struct server_options *opt)
{
	struct server *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->opt = *opt;
	s->listen = strdup(opt->listen);
	if (!s->listen) {
		free(s);
		return NULL;
	}
	s->opt.listen = s->listen;
	return s;
}

void server_free(struct server *s)
{
	if (!s)
		return;
	if (s->daemon)
		MHD_stop_daemon(s->daemon);
	free(s->listen);
	free(s);
}

int server_in_flight(const struct server *s)
{
	return atomic_load(&((struct server *)s)->in_flight);
}

unsigned short server_port(const struct server *s)
{
	return s->port;
}

/*
 * A request id for a request that brought none. It must be unique, not unguessable: a per-thread random prefix (read
 * once from OpenSSL's generator) and a per-thread counter, in the shape of a version-4 UUID. libuuid's random
 * generator, which names stored objects, makes several system calls per id (getrandom, getpid, getuid, getppid and
 * a reseeding of random()); on /healthz that was a tenth of the server's time (perf, docs/PERFORMANCE.md).
 */
static void request_id_new(char out[37])
{
	static _Thread_local uint64_t prefix, counter;
	static _Thread_local bool seeded;
	if (!seeded) {
		if (RAND_bytes((unsigned char *)&prefix, sizeof(prefix)) != 1)
			prefix = (uint64_t)pthread_self() ^ (uint64_t)time(NULL);
		seeded = true;
	}
	uint64_t n = ++counter;
	snprintf(out, 37, "%08x-%04x-4%03x-%04x-%012llx", (unsigned)(prefix >> 32), (unsigned)(prefix >> 16) & 0xffffu,
		 (unsigned)(prefix >> 4) & 0xfffu, 0x8000u | ((unsigned)(n >> 48) & 0x3fffu),
		 (unsigned long long)(n & 0xffffffffffffULL));
}

static bool request_id_acceptable(const char *id)
{
	size_t n = strlen(id);
	if (n == 0 || n > 64)
		return false;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_' || *p == '.' || *p == ':'))
			return false;
	return true;
}

static struct request *request_new(struct server *s, struct MHD_Connection *c, const char *url, const char *method)
{
	struct request *req = calloc(1, sizeof(*req));
	if (!req)
		return NULL;
	clock_gettime(CLOCK_MONOTONIC, &req->started);
	req->conn = c;
	req->path = url;
	req->method_name = method;
	req->method = http_method_parse(method);
	req->app = s->opt.app;
	req->body_expected = -1;
	req->can_park = s->opt.threads > 0;
	const char *rid = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Request-Id");
	if (rid && request_id_acceptable(rid)) {
		snprintf(req->request_id, sizeof(req->request_id), "%s", rid);
	} else {
		request_id_new(req->request_id);
	}
	return req;
}

static void add_header(struct MHD_Response *r, const char *name, const char *value)
{
	if (MHD_add_response_header(r, name, value) != MHD_YES)
		log_event(LOG_WARN, "http.header", "could not add %s", name);
}

/* CORS headers of a reply (http/cors.h), for an allowed Origin (Vary: Origin is request_send's). */
static void add_cors_headers(const struct server *s, struct request *req, struct MHD_Response *r)
{
	const struct cors_origins *cors = s->opt.cors;
	if (!cors || cors->n == 0)
		return;
	const char *origin = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Origin");
	if (!cors_origin_allowed(cors, origin))
		return;
	add_header(r, "Access-Control-Allow-Origin", origin);
	if (req->reply.preflight) {
		add_header(r, "Access-Control-Allow-Methods", req->reply.allow);
		add_header(r, "Access-Control-Allow-Headers", CORS_ALLOWED_HEADERS);
		add_header(r, "Access-Control-Max-Age", CORS_MAX_AGE_S);
	} else {
		add_header(r, "Access-Control-Expose-Headers", CORS_EXPOSED_HEADERS);
	}
}

/* Replaces the body by its gzip form: spliced around the deflated text the handler attached (reply_attach_deflated),
 * or compressed whole. False leaves it as it was (out of memory). */
static bool body_gzip(struct reply *rep)
{
	struct gzip_part part;
	size_t len = 0;
	unsigned char *out = NULL;
	if (rep->deflated && gzip_part_unpack(rep->deflated, rep->deflated_len, &part) == 0 &&
	    rep->deflated_at + part.text_len <= rep->body_len) {
		size_t foot = rep->deflated_at + part.text_len;
		out = gzip_splice(rep->body, rep->deflated_at, &part, rep->body + foot, rep->body_len - foot, &len);
	} else {
		out = gzip_whole(rep->body, rep->body_len, GZIP_LEVEL_PER_REPLY, &len);
	}
	if (!out)
		return false;
	block_release(rep->body);
	rep->body = (char *)out;
	rep->body_len = len;
	return true;
}

/* A GET whose If-None-Match names the reply's tag is answered 304 without a body; a body of GZIP_MIN_BYTES or more
 * goes gzip-compressed to a client that accepts it (SPEC §6.1). */
static void reply_negotiate(struct request *req, bool *gzipped)
{
	struct reply *rep = &req->reply;
	*gzipped = false;
	if (req->method == HTTP_GET && rep->status == 200 && rep->etag[0] &&
	    if_none_match_hits(MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "If-None-Match"), rep->etag)) {
		block_release(rep->body);
		rep->body = NULL;
		rep->body_len = 0;
		rep->status = 304;
		rep->content_type = NULL;
		return;
	}
	if (rep->body && rep->body_len >= GZIP_MIN_BYTES &&
	    accepts_gzip(MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Accept-Encoding")))
		*gzipped = body_gzip(rep);
}

/* A streamed body as libmicrohttpd pulls it: pieces from the producer, copied out as far as each call allows. */
struct stream_state {
	struct reply_stream *stream;
	struct buf piece;
	size_t sent;       /* of piece */
	bool last;         /* the producer said there is no more */
};

static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	(void)pos;
	struct stream_state *st = cls;
	while (st->sent == st->piece.len) {
		if (st->last)
			return MHD_CONTENT_READER_END_OF_STREAM;
		st->piece.len = 0;
		st->sent = 0;
		int more = st->stream->next(st->stream->ctx, &st->piece);
		if (more < 0 || st->piece.failed)
			return MHD_CONTENT_READER_END_WITH_ERROR;
		st->last = more == 0;
	}
	size_t n = st->piece.len - st->sent;
	if (n > max)
		n = max;
	memcpy(out, st->piece.data + st->sent, n);
	st->sent += n;
	return (ssize_t)n;
}

static void stream_done(void *cls)
{
	struct stream_state *st = cls;
	if (st->stream->release)
		st->stream->release(st->stream->ctx);
	free(st->stream);
	buf_free(&st->piece);
	free(st);
}

/* The response of a streamed reply, which takes the stream over (NULL when out of memory: the stream is freed). */
static struct MHD_Response *stream_response(struct reply *rep)
{
	struct stream_state *st = calloc(1, sizeof(*st));
	struct reply_stream *stream = rep->stream;
	rep->stream = NULL;
	if (!st) {
		stream->release(stream->ctx);
		free(stream);
		return NULL;
	}
	st->stream = stream;
	struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, stream_read, st, stream_done);
	if (!r)
		stream_done(st);
	return r;
}

static enum MHD_Result request_send(const struct server *s, struct request *req)
{
	struct reply *rep = &req->reply;
	if (rep->status == 0)
		reply_problem(req, PROBLEM_INTERNAL, "no reply");
	bool gzipped = false;
	if (!rep->stream)
		reply_negotiate(req, &gzipped);
	struct MHD_Response *r;
	if (rep->stream) {
		r = stream_response(rep);
	} else if (rep->body) {
		r = MHD_create_response_from_buffer_with_free_callback(rep->body_len, rep->body, block_release);
		if (r)
			rep->body = NULL;  /* libmicrohttpd lets go of it with the response */
	} else {
		r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	}
	if (!r)
		return MHD_NO;
	if (rep->content_type)
		add_header(r, "Content-Type", rep->content_type);
	if (gzipped)
		add_header(r, "Content-Encoding", "gzip");
	add_header(r, "Vary", s->opt.cors && s->opt.cors->n ? "Origin, Accept-Encoding, Accept-Language"
							     : "Accept-Encoding, Accept-Language");
	if (rep->content_language)
		add_header(r, "Content-Language", rep->content_language);
	add_header(r, "X-Request-Id", req->request_id);
	add_header(r, "Cache-Control", "no-store");
	if (rep->etag[0])
		add_header(r, "ETag", rep->etag);
	if (rep->location[0])
		add_header(r, "Location", rep->location);
	if (rep->allow[0])
		add_header(r, "Allow", rep->allow);
	if (rep->disposition[0])
		add_header(r, "Content-Disposition", rep->disposition);
	add_header(r, "X-Content-Type-Options", "nosniff");
	if (rep->csp) {
		add_header(r, "Content-Security-Policy", rep->csp);
		add_header(r, "Referrer-Policy", "no-referrer");
	}
	if (rep->www_authenticate)
		add_header(r, "WWW-Authenticate", "Bearer realm=\"salesctl\"");
	if (rep->replayed)
		add_header(r, "Idempotent-Replayed", "true");
	if (rep->retry_after > 0) {
		char v[16];
		snprintf(v, sizeof(v), "%d", rep->retry_after);
		add_header(r, "Retry-After", v);
	}
	add_cors_headers(s, req, r);
	enum MHD_Result ok = MHD_queue_response(req->conn, (unsigned int)rep->status, r);
	MHD_destroy_response(r);
	return ok;
}

/* A lane parks the request (WAITING), the server suspends the connection (SUSPENDED); request_unpark (WOKEN)
 * resumes it, or, when it came before the suspension, the server resumes it right after suspending. libmicrohttpd
 * then calls on_access again, which sends the reply the lane set. */

void request_park(struct request *req)
{
	atomic_store(&req->park_state, PARK_WAITING);
}

void request_unpark(struct request *req)
{
	if (atomic_exchange(&req->park_state, PARK_WOKEN) == PARK_SUSPENDED)
		MHD_resume_connection(req->conn);
}

static enum MHD_Result park(struct MHD_Connection *c, struct request *req)
{
	MHD_suspend_connection(c);
	int expected = PARK_WAITING;
	if (!atomic_compare_exchange_strong(&req->park_state, &expected, PARK_SUSPENDED))
		MHD_resume_connection(c);
	return MHD_YES;
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				 const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	(void)version;
	struct server *s = cls;
	struct request *req = *con_cls;
	if (!req || *con_cls == hygiene_too_many_parameters) {
		bool too_many_parameters = req != NULL;
		req = request_new(s, c, url, method);
		if (!req)
			return MHD_NO;
		*con_cls = req;
		atomic_fetch_add(&s->in_flight, 1);
		enum problem why;
		const char *reason, *header;
		if (too_many_parameters) {
			reply_problemf(req, PROBLEM_TOO_MANY_PARAMETERS, "at most %d query parameters are taken",
				       HYGIENE_MAX_QUERY_PARAMS);
			return request_send(s, req);
		}
		if (!hygiene_check(c, url, &why, &reason, &header)) {
			if (header)
				reply_problemf(req, why, reason, header);
			else
				reply_problem(req, why, reason);
			return request_send(s, req);
		}
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (cl) {
			char *end;
			errno = 0;
			long long n = strtoll(cl, &end, 10);
			req->body_expected = (errno || *end || n < 0) ? -1 : (long)n;
			if (errno || *end || n < 0 || n > s->opt.max_body)
				req->body_too_large = true;
			/* Answered now, the 413 would close the connection with the body unread, and a client still
			 * sending it (a browser, libcurl without Expect) would get a reset instead of the reply. Up to
			 * four times the limit the body is read and dropped first, as a chunked one is; beyond, at once. */
			if (errno || *end || n < 0 || n > 4 * s->opt.max_body) {
				reply_problemf(req, PROBLEM_BODY_TOO_LARGE, "the body limit is %ld bytes", s->opt.max_body);
				return request_send(s, req);
			}
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		/* Count, keep nothing beyond the cap, answer at the end (chunked uploads, and bodies of a Content-Length
		 * over the cap but within four times it). */
		if (!req->body_too_large && !req->reply.status) {
			if ((long)(req->body.len + *upload_data_size) > s->opt.max_body) {
				req->body_too_large = true;
				buf_free(&req->body);
			} else {
				if (req->body.cap == 0 && req->body_expected > 0)
					buf_expect(&req->body, (size_t)req->body_expected);
				buf_append(&req->body, upload_data, *upload_data_size);
			}
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (atomic_load(&req->park_state) == PARK_WOKEN) {
		/* Back from a lane with the reply it set; none when the client had gone. */
		atomic_store(&req->park_state, PARK_NONE);
		if (!req->reply.status)
			return MHD_NO;
	} else if (req->reply.status) {
		return MHD_YES;  /* already answered on the first call (413) */
	} else if (req->body_too_large) {
		reply_problemf(req, PROBLEM_BODY_TOO_LARGE, "the body limit is %ld bytes", s->opt.max_body);
	} else if (req->body.failed) {
		reply_problem(req, PROBLEM_INTERNAL, "out of memory");
	} else {
		s->opt.dispatch(req);
	}
	/* A parked request's reply is the lane's to write now: only the park state may be read. */
	if (atomic_load(&req->park_state) != PARK_NONE)
		return park(c, req);
	if (s->opt.release)
		s->opt.release(req);
	return request_send(s, req);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)c;
	(void)toe;
	struct server *s = cls;
	struct request *req = *con_cls;
	*con_cls = NULL;
	if (!req || (const void *)req == hygiene_too_many_parameters)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double seconds = (double)(now.tv_sec - req->started.tv_sec) + (double)(now.tv_nsec - req->started.tv_nsec) / 1e9;
	const struct route *route = req->match.route;
	struct log_request lr = {
		.request_id = req->request_id,
		.method = req->method_name,
		.route = route ? route->pattern : "unmatched",
		.path = req->path,
		.status = req->reply.status,
		.duration_ms = seconds * 1000.0,
		.org_id = req->who.org_id[0] ? req->who.org_id : NULL,
		.code = req->reply.code,
	};
	log_request_done(&lr);
	if (s->opt.metrics)
		metrics_record(s->opt.metrics, route, req->reply.status, seconds);
	if (s->opt.release)
		s->opt.release(req);
	if (req->json)
		json_decref(req->json);
	buf_free(&req->body);
	reply_reset(&req->reply);
	free(req);
	atomic_fetch_sub(&s->in_flight, 1);
}

static void mhd_logger(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	log_event(LOG_WARN, "http.mhd", "%s", msg);
}

static int listen_address(const char *listen, struct sockaddr_storage *ss, bool *ipv6)
{
	char host[128];
	const char *colon = strrchr(listen, ':');
	if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof(host))
		return -1;
	size_t hl = (size_t)(colon - listen);
	const char *h = listen;
	if (listen[0] == '[' && listen[hl - 1] == ']') {
		h++;
		hl -= 2;
	}
	memcpy(host, h, hl);
	host[hl] = '\0';
	struct addrinfo hints = {.ai_flags = AI_NUMERICSERV, .ai_socktype = SOCK_STREAM}, *res = NULL;
	if (getaddrinfo(host, colon + 1, &hints, &res) != 0 || !res)
		return -1;
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*ipv6 = res->ai_family == AF_INET6;
	freeaddrinfo(res);
	return 0;
}

int server_start(struct server *s)
{
	struct sockaddr_storage ss;
	bool ipv6 = false;
	if (listen_address(s->opt.listen, &ss, &ipv6) < 0) {
		log_event(LOG_ERROR, "http.listen", "cannot parse SALESCTL_LISTEN \"%s\" (expected host:port)",
			  s->opt.listen);
		return -1;
	}
	/* threads == 0 selects a thread per connection (with poll), kept to measure against the pool (see
	 * docs/PERFORMANCE.md); the pool of epoll loops is what salesctld runs by default. */
	bool per_connection = s->opt.threads == 0;
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG |
			     (per_connection ? MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL
					     : MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME);
	if (ipv6)
		flags |= MHD_USE_IPv6;
	struct MHD_OptionItem pool[] = {
		{per_connection ? MHD_OPTION_END : MHD_OPTION_THREAD_POOL_SIZE, (intptr_t)s->opt.threads, NULL},
		{MHD_OPTION_END, 0, NULL},
	};
	s->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_access, s,
				     MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, NULL,
				     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
				     MHD_OPTION_ARRAY, pool,
				     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)s->opt.connection_timeout_s,
				     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32 * 1024,
				     MHD_OPTION_CONNECTION_LIMIT, (unsigned int)4096,
				     MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned int)1024,
				     MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
				     MHD_OPTION_UNESCAPE_CALLBACK, hygiene_unescape, NULL,
				     MHD_OPTION_URI_LOG_CALLBACK, hygiene_uri_seen, NULL,
				     MHD_OPTION_END);
	if (!s->daemon) {
		log_event(LOG_ERROR, "http.listen", "cannot listen on %s", s->opt.listen);
		return -1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : 0;
	return 0;
}

void server_drain(struct server *s, int timeout_ms)
{
	if (!s->daemon)
		return;
	if (!s->quiesced) {
		MHD_socket fd = MHD_quiesce_daemon(s->daemon);
		if (fd != MHD_INVALID_SOCKET)
			close(fd);
		s->quiesced = true;
	}
	for (int waited_ms = 0; atomic_load(&s->in_flight) > 0 && waited_ms < timeout_ms; waited_ms += 20)
		usleep(20 * 1000);
}

void server_stop(struct server *s)
{
	if (!s->daemon)
		return;
	if (atomic_load(&s->in_flight) > 0)
		log_event(LOG_WARN, "http.shutdown", "%d requests still in flight at shutdown", atomic_load(&s->in_flight));
	MHD_stop_daemon(s->daemon);
	s->daemon = NULL;
}
