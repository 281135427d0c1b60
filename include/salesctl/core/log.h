/* Structured logging: one line per event on stderr, JSON or text (SALESCTL_LOG). Thread-safe. */
#ifndef SALESCTL_CORE_LOG_H
#define SALESCTL_CORE_LOG_H

#include "salesctl/core/config.h"

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_init(enum log_format format);

/* One line for an event: "event" names it (e.g. "db.reconnect"), the message is free text. */
void log_event(enum log_level level, const char *event, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

struct log_request {
	const char *request_id;
	const char *method;
	const char *route;     /* the route pattern, not the raw path: ids stay out of aggregations */
	const char *path;
	int status;
	double duration_ms;
	const char *org_id;    /* NULL when unauthenticated */
	const char *code;      /* problem code for 4xx/5xx, else NULL */
};

/* The access-log line for one finished request: buffered while log_buffer_start is in force, unless it is a 5xx. */
void log_request_done(const struct log_request *r);

/* Buffers access lines and starts the thread that writes them every 100 ms (call with the signals the main thread
 * waits for already blocked); -1 when the thread cannot start (lines are then written at once). log_buffer_stop
 * writes what waits and stops it. */
int log_buffer_start(void);
void log_buffer_stop(void);

#endif
