/* Request counters and latency histograms per route, kept with atomics (no lock on the request path), and their
 * rendering in the Prometheus text format. */
#ifndef SALESCTL_HTTP_METRICS_H
#define SALESCTL_HTTP_METRICS_H

#include <stddef.h>

#include "salesctl/core/buf.h"
#include "salesctl/http/router.h"

struct metrics;

/* routes is borrowed for the metrics' life; an extra slot counts requests that matched no route. */
struct metrics *metrics_new(const struct route *routes, size_t nroutes);
void metrics_free(struct metrics *m);
/* route may be NULL (unmatched). */
void metrics_record(struct metrics *m, const struct route *route, int status, double seconds);
/* Appends the http_* families to out. */
void metrics_render(struct metrics *m, struct buf *out);

#endif
