/* Accessors for the request and constructors for the reply; everything that turns an outcome into a status,
 * headers and a body passes through here. */
#include "salesctl/http/request.h"
#include "salesctl/http/i18n.h"
#include "salesctl/core/block_pool.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

const char *request_header(const struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

/* A parked request's work would be for nobody once its client has gone (it retries; batches are idempotent). */
bool request_peer_gone(const struct request *req)
{
	if (!req->conn)
		return false;
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (!ci)
		return false;
	char b;
	ssize_t n = recv(ci->connect_fd, &b, 1, MSG_PEEK | MSG_DONTWAIT);
	return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

const char *request_query(const struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

struct query_walk {
	bool (*fn)(void *ctx, const char *key, const char *value);
	void *ctx;
	bool ok;
};

static enum MHD_Result query_visit(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct query_walk *w = cls;
	if (!w->fn(w->ctx, key, value ? value : "")) {
		w->ok = false;
		return MHD_NO;
	}
	return MHD_YES;
}

bool request_query_each(const struct request *req, bool (*fn)(void *ctx, const char *key, const char *value),
			void *ctx)
{
	struct query_walk w = {fn, ctx, true};
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, query_visit, &w);
	return w.ok;
}

static void stream_free(struct reply_stream *s)
{
	if (!s)
		return;
	if (s->release)
		s->release(s->ctx);
	free(s);
}

void reply_reset(struct reply *r)
{
	block_release(r->body);
	free(r->deflated);
	stream_free(r->stream);
	memset(r, 0, sizeof(*r));
}

void reply_stream(struct request *req, int status, const char *content_type, struct reply_stream *stream)
{
	reply_reset(&req->reply);
	req->reply.status = status;
	req->reply.content_type = content_type;
	req->reply.stream = stream;
}

void reply_json(struct request *req, int status, char *body)
{
	reply_reset(&req->reply);
	if (!body) {
		reply_problem(req, PROBLEM_INTERNAL, "out of memory");
		return;
	}
	req->reply.status = status;
	req->reply.body = body;
	req->reply.body_len = strlen(body);
	req->reply.content_type = "application/json; charset=utf-8";
}

void reply_attach_deflated(struct request *req, char *packed, size_t len, size_t at)
{
	free(req->reply.deflated);
	req->reply.deflated = packed;
	req->reply.deflated_len = len;
	req->reply.deflated_at = at;
}

enum lang request_lang(const struct request *req)
{
	return lang_negotiate(request_header(req, "Accept-Language"));
}

void reply_text(struct request *req, int status, const char *content_type, const char *body)
{
	reply_reset(&req->reply);
	req->reply.status = status;
	req->reply.body = strdup(body);
	req->reply.body_len = req->reply.body ? strlen(body) : 0;
	req->reply.content_type = content_type;
}

static void reply_problem_errors(struct request *req, enum problem p, const char *detail,
				 const struct field_errors *errs)
{
	const struct problem_info *pi = problem_info(p);
	/* Keep headers a caller set for this problem (Allow, Retry-After, WWW-Authenticate). */
	struct reply keep = req->reply;
	free(req->reply.body);
	free(req->reply.deflated);
	stream_free(req->reply.stream);
	memset(&req->reply, 0, sizeof(req->reply));
	memcpy(req->reply.allow, keep.allow, sizeof(keep.allow));
	req->reply.retry_after = keep.retry_after;
	req->reply.www_authenticate = keep.www_authenticate;
	req->reply.status = pi->status;
	req->reply.code = pi->code;
	req->reply.content_type = "application/problem+json";
	enum lang lang = request_lang(req);
	req->reply.content_language = lang_tag(lang);
	req->reply.body = problem_render(p, lang, detail, errs);
	req->reply.body_len = req->reply.body ? strlen(req->reply.body) : 0;
	if (pi->status == 503 && !req->reply.retry_after)
		req->reply.retry_after = 1;
	if (pi->status == 401)
		req->reply.www_authenticate = true;
}

void reply_problem(struct request *req, enum problem p, const char *detail)
{
	reply_problem_errors(req, p, detail, NULL);
}

void reply_problemf(struct request *req, enum problem p, const char *fmt, ...)
{
	char detail[512];
	va_list ap;
	va_start(ap, fmt);
	/* The catalogue's formats take the same conversions as their English (tests/unit/http_i18n_test.c). */
	vsnprintf(detail, sizeof(detail), i18n_text(request_lang(req), fmt), ap);
	va_end(ap);
	reply_problem_errors(req, p, detail, NULL);
}

void reply_invalid(struct request *req, const struct field_errors *errs)
{
	char detail[96];
	size_t n = errs->count;
	if (request_lang(req) == LANG_RU)
		snprintf(detail, sizeof(detail), "%zu %s с ошибкой", n, ru_plural((long long)n, "поле", "поля", "полей"));
	else
		snprintf(detail, sizeof(detail), "%zu field%s invalid", n, n == 1 ? " is" : "s are");
	reply_problem_errors(req, PROBLEM_VALIDATION, detail, errs);
}

void reply_invalid_field(struct request *req, const char *field, const char *message)
{
	struct field_errors errs = {0};
	field_errors_add_text(&errs, NULL, field, message);
	reply_invalid(req, &errs);
	field_errors_free(&errs);
}
