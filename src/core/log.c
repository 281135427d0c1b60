/*
 * Log lines. Each line is built in memory and written with one write(2) so that lines from different threads
 * never interleave. Client mistakes (4xx) log at info, server faults (5xx) at error, so a search tells them apart.
 */
#include "salesctl/core/log.h"
#include "salesctl/core/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static enum log_format log_format = LOG_JSON;

static const char *const level_names[] = {"debug", "info", "warn", "error"};

void log_init(enum log_format format)
{
	log_format = format;
}

static void log_timestamp(struct buf *b)
{
	struct timespec ts;
	struct tm tm;
	char out[40];
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(out, sizeof(out), "%Y-%m-%dT%H:%M:%S", &tm);
	buf_printf(b, "%s.%03ldZ", out, ts.tv_nsec / 1000000);
}

static void log_write(struct buf *b)
{
	buf_append(b, "\n", 1);
	if (!b->failed) {
		ssize_t off = 0;
		while ((size_t)off < b->len) {
			ssize_t n = write(STDERR_FILENO, b->data + off, b->len - (size_t)off);
			if (n <= 0)
				break;
			off += n;
		}
	}
	buf_free(b);
}

void log_event(enum log_level level, const char *event, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	struct buf b = BUF_INIT;
	if (log_format == LOG_JSON) {
		buf_puts(&b, "{\"ts\":\"");
		log_timestamp(&b);
		buf_printf(&b, "\",\"level\":\"%s\",\"event\":", level_names[level]);
		buf_json_string(&b, event);
		buf_puts(&b, ",\"msg\":");
		buf_json_string(&b, msg);
		buf_puts(&b, "}");
	} else {
		log_timestamp(&b);
		buf_printf(&b, " %-5s %s: %s", level_names[level], event, msg);
	}
	log_write(&b);
}

void log_request_done(const struct log_request *r)
{
	struct buf b = BUF_INIT;
	enum log_level level = r->status >= 500 ? LOG_ERROR : LOG_INFO;
	if (log_format == LOG_JSON) {
		buf_puts(&b, "{\"ts\":\"");
		log_timestamp(&b);
		buf_printf(&b, "\",\"level\":\"%s\",\"event\":\"http.request\",\"request_id\":", level_names[level]);
		buf_json_string(&b, r->request_id);
		buf_puts(&b, ",\"method\":");
		buf_json_string(&b, r->method);
		buf_puts(&b, ",\"route\":");
		buf_json_string(&b, r->route);
		buf_puts(&b, ",\"path\":");
		buf_json_string(&b, r->path);
		buf_printf(&b, ",\"status\":%d,\"duration_ms\":%.3f,\"org_id\":", r->status, r->duration_ms);
		if (r->org_id)
			buf_json_string(&b, r->org_id);
		else
			buf_puts(&b, "null");
		if (r->code) {
			buf_puts(&b, ",\"code\":");
			buf_json_string(&b, r->code);
		}
		buf_puts(&b, "}");
	} else {
		log_timestamp(&b);
		buf_printf(&b, " %-5s %s %s %d %.3fms req=%s org=%s%s%s", level_names[level], r->method, r->path,
			   r->status, r->duration_ms, r->request_id, r->org_id ? r->org_id : "-", r->code ? " code=" : "",
			   r->code ? r->code : "");
	}
	log_write(&b);
}
