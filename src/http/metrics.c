/*
 * Per-route counters. Status codes index a fixed array (100..599) so that recording is two relaxed atomic adds;
 * rendering walks the arrays and prints only non-zero series.
 */
#include "salesctl/http/metrics.h"

#include <stdatomic.h>
#include <stdlib.h>

static const double buckets[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
#define NBUCKETS (sizeof(buckets) / sizeof(buckets[0]))

struct route_metrics {
	atomic_ullong by_status[500];
	atomic_ullong hist[NBUCKETS + 1];
	atomic_ullong sum_us;
};

struct metrics {
	const struct route *routes;
	size_t nroutes;
	struct route_metrics *per_route;   /* nroutes + 1 */
};

struct metrics *metrics_new(const struct route *routes, size_t nroutes)
{
	struct metrics *m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->per_route = calloc(nroutes + 1, sizeof(*m->per_route));
	if (!m->per_route) {
		free(m);
		return NULL;
	}
	m->routes = routes;
	m->nroutes = nroutes;
	return m;
}

void metrics_free(struct metrics *m)
{
	if (!m)
		return;
	free(m->per_route);
	free(m);
}

void metrics_record(struct metrics *m, const struct route *route, int status, double seconds)
{
	size_t i = route ? (size_t)(route - m->routes) : m->nroutes;
	if (i > m->nroutes)
		i = m->nroutes;
	struct route_metrics *rm = &m->per_route[i];
	if (status >= 100 && status < 600)
		atomic_fetch_add_explicit(&rm->by_status[status - 100], 1, memory_order_relaxed);
	size_t b = 0;
	while (b < NBUCKETS && seconds > buckets[b])
		b++;
	atomic_fetch_add_explicit(&rm->hist[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&rm->sum_us, (unsigned long long)(seconds * 1e6), memory_order_relaxed);
}

static void route_labels(struct metrics *m, size_t i, struct buf *out)
{
	if (i == m->nroutes)
		buf_puts(out, "method=\"\",route=\"unmatched\"");
	else
		buf_printf(out, "method=\"%s\",route=\"%s\"", http_method_name(m->routes[i].method), m->routes[i].pattern);
}

void metrics_render(struct metrics *m, struct buf *out)
{
	buf_puts(out, "# HELP salesctl_http_requests_total HTTP requests by route and status.\n"
		      "# TYPE salesctl_http_requests_total counter\n");
	for (size_t i = 0; i <= m->nroutes; i++) {
		for (int s = 0; s < 500; s++) {
			unsigned long long n = atomic_load_explicit(&m->per_route[i].by_status[s], memory_order_relaxed);
			if (!n)
				continue;
			buf_puts(out, "salesctl_http_requests_total{");
			route_labels(m, i, out);
			buf_printf(out, ",status=\"%d\"} %llu\n", s + 100, n);
		}
	}
	buf_puts(out, "# HELP salesctl_http_request_duration_seconds Time from first byte to response queued.\n"
		      "# TYPE salesctl_http_request_duration_seconds histogram\n");
	for (size_t i = 0; i <= m->nroutes; i++) {
		struct route_metrics *rm = &m->per_route[i];
		unsigned long long cumulative = 0;
		for (size_t b = 0; b <= NBUCKETS; b++)
			cumulative += atomic_load_explicit(&rm->hist[b], memory_order_relaxed);
		if (!cumulative)
			continue;
		unsigned long long total = cumulative;
		cumulative = 0;
		for (size_t b = 0; b <= NBUCKETS; b++) {
			cumulative += atomic_load_explicit(&rm->hist[b], memory_order_relaxed);
			buf_puts(out, "salesctl_http_request_duration_seconds_bucket{");
			route_labels(m, i, out);
			if (b < NBUCKETS)
				buf_printf(out, ",le=\"%g\"} %llu\n", buckets[b], cumulative);
			else
				buf_printf(out, ",le=\"+Inf\"} %llu\n", cumulative);
		}
		buf_puts(out, "salesctl_http_request_duration_seconds_sum{");
		route_labels(m, i, out);
		buf_printf(out, "} %.6f\n", (double)atomic_load(&rm->sum_us) / 1e6);
		buf_puts(out, "salesctl_http_request_duration_seconds_count{");
		route_labels(m, i, out);
		buf_printf(out, "} %llu\n", total);
	}
}
