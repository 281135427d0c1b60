/*
 * Log lines. Each line is built in memory and written whole, so that lines from different threads never interleave.
 * Client mistakes (4xx) log at info, server faults (5xx) at error, so a search tells them apart.
 *
 * While serving, the access lines of requests that did not fail are buffered and written by a flusher thread every
 * LOG_FLUSH_MS, or at once when LOG_BUFFER_MAX bytes wait: a write(2) per request cost /healthz a fifth of its rate.
 * Every other line (events, 5xx) is written at once after whatever waits, under the same lock, so the order of the
 * lines holds and a crash loses at most LOG_FLUSH_MS of access lines.
 */
#include "salesctl/core/log.h"
#include "salesctl/core/buf.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define LOG_FLUSH_MS 100
#define LOG_BUFFER_MAX (64 * 1024)

static enum log_format log_format = LOG_JSON;

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t log_wake = PTHREAD_COND_INITIALIZER;
static struct buf log_pending = BUF_INIT;   /* access lines waiting for the flusher */
static bool log_buffering, log_stopping;
static pthread_t log_flusher;

static const char *const level_names[] = {"debug", "info", "warn", "error"};

void log_init(enum log_format format)
{
	log_format = format;
}

/* v in decimal, at least min_digits long (zero-padded): printf's parsing and float formatting were ~5 % of a cheap
 * request's CPU (perf, W2), every request writing an access-log line. */
static void put_uint(struct buf *b, unsigned long long v, int min_digits)
{
	char digits[24];
	int n = 0;
	do {
		digits[sizeof(digits) - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v || n < min_digits);
	buf_append(b, digits + sizeof(digits) - n, (size_t)n);
}

static void log_timestamp(struct buf *b)
{
	/* The date and time to the second, formatted once a second per thread. */
	static _Thread_local time_t formatted_sec = -1;
	static _Thread_local char formatted[24];
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	if (ts.tv_sec != formatted_sec) {
		struct tm tm;
		gmtime_r(&ts.tv_sec, &tm);
		strftime(formatted, sizeof(formatted), "%Y-%m-%dT%H:%M:%S", &tm);
		formatted_sec = ts.tv_sec;
	}
	buf_puts(b, formatted);
	buf_append(b, ".", 1);
	put_uint(b, (unsigned long long)ts.tv_nsec / 1000000, 3);
	buf_append(b, "Z", 1);
}

static void write_all(const char *p, size_t len)
{
	size_t off = 0;
	while (off < len) {
		ssize_t n = write(STDERR_FILENO, p + off, len - off);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
}

/* Called with log_lock held. */
static void pending_flush(void)
{
	if (log_pending.len && !log_pending.failed)
		write_all(log_pending.data, log_pending.len);
	log_pending.len = 0;
	log_pending.failed = false;
}

/* Writes the line in b (consumed), or leaves it for the flusher when buffered and a flusher runs. */
static void log_write(struct buf *b, bool buffered)
{
	buf_append(b, "\n", 1);
	if (b->failed) {
		buf_free(b);
		return;
	}
	pthread_mutex_lock(&log_lock);
	if (buffered && log_buffering) {
		buf_append(&log_pending, b->data, b->len);
		if (log_pending.len >= LOG_BUFFER_MAX)
			pthread_cond_signal(&log_wake);
	} else {
		pending_flush();
		write_all(b->data, b->len);
	}
	pthread_mutex_unlock(&log_lock);
	buf_free(b);
}

static void *flusher_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&log_lock);
	while (!log_stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += LOG_FLUSH_MS * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&log_wake, &log_lock, &until);
		pending_flush();
	}
	pthread_mutex_unlock(&log_lock);
	return NULL;
}

int log_buffer_start(void)
{
	pthread_mutex_lock(&log_lock);
	log_stopping = false;
	int rc = pthread_create(&log_flusher, NULL, flusher_main, NULL);
	log_buffering = rc == 0;
	pthread_mutex_unlock(&log_lock);
	return rc == 0 ? 0 : -1;
}

void log_buffer_stop(void)
{
	pthread_mutex_lock(&log_lock);
	bool running = log_buffering;
	log_buffering = false;
	log_stopping = true;
	pthread_cond_signal(&log_wake);
	pthread_mutex_unlock(&log_lock);
	if (running)
		pthread_join(log_flusher, NULL);
	pthread_mutex_lock(&log_lock);
	pending_flush();
	buf_free(&log_pending);
	pthread_mutex_unlock(&log_lock);
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
	log_write(&b, false);
}

void log_request_done(const struct log_request *r)
{
	struct buf b = BUF_INIT;
	enum log_level level = r->status >= 500 ? LOG_ERROR : LOG_INFO;
	if (log_format == LOG_JSON) {
		buf_puts(&b, "{\"ts\":\"");
		log_timestamp(&b);
		buf_puts(&b, "\",\"level\":\"");
		buf_puts(&b, level_names[level]);
		buf_puts(&b, "\",\"event\":\"http.request\",\"request_id\":");
		buf_json_string(&b, r->request_id);
		buf_puts(&b, ",\"method\":");
		buf_json_string(&b, r->method);
		buf_puts(&b, ",\"route\":");
		buf_json_string(&b, r->route);
		buf_puts(&b, ",\"path\":");
		buf_json_string(&b, r->path);
		unsigned long long us = r->duration_ms > 0 ? (unsigned long long)(r->duration_ms * 1000.0 + 0.5) : 0;
		buf_puts(&b, ",\"status\":");
		put_uint(&b, (unsigned)r->status, 1);
		buf_puts(&b, ",\"duration_ms\":");
		put_uint(&b, us / 1000, 1);
		buf_append(&b, ".", 1);
		put_uint(&b, us % 1000, 3);
		buf_puts(&b, ",\"org_id\":");
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
	log_write(&b, level < LOG_ERROR);
}
