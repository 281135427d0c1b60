/*
 * Mixed load (tests/load/run.sh; `make test-load` runs 200,000 requests, `make test` a short form): LOAD_CLIENTS
 * keep-alive clients (default 64) across three organisations send LOAD_REQUESTS requests, 70 % reads and 30 % writes,
 * each as a user allowed to do it. Every reply must be 2xx: no 5xx, no 401/403, nothing else. The daemon's resident
 * memory (LOAD_PID) is read when request 50,000 (or a quarter of the run) is answered and again at the end; it may grow
 * by at most 10 %.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../api/world.h"

#define ORGS 3
#define MANAGERS_PER_ORG 4

struct org {
	char id[37];
	struct member owner, head, managers[MANAGERS_PER_ORG];
	char team[37];
};

struct client {
	pthread_t thread;
	const struct org *org;
	const struct member *me;
	char task[37];
	unsigned long by_class[6];   /* 1xx..5xx by first digit; [0]: no reply */
	unsigned long unauthorised, checked;
};

static struct org orgs[ORGS];
static atomic_long next_request, answered;
static long total_requests = 200000, rss_mark_at;
static atomic_long rss_at_mark;
static const char *base;
static int daemon_pid;

static long rss_kib(void)
{
	char path[64], line[256];
	snprintf(path, sizeof(path), "/proc/%d/status", daemon_pid);
	FILE *f = fopen(path, "r");
	long kib = -1;
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "VmRSS:", 6) == 0)
			kib = atol(line + 6);
	if (f)
		fclose(f);
	return kib;
}

static void today(char *out, size_t size, int days_back)
{
	time_t t = time(NULL) - (time_t)days_back * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, size, "%Y-%m-%d", &tm);
}

/* Request k of a client: reads for k % 10 in 0..6, writes for 7..9. */
static struct resp *send_request(struct http_session *s, struct client *c, long k)
{
	char path[256], body[512], from[16], to[16], stamp[32];
	const char *tok = c->me->token;
	switch (k % 10) {
	case 0:
		return http_session_call(s, "GET", "/v1/me", tok, NULL, NULL);
	case 1:
		snprintf(path, sizeof(path), "/v1/tasks/%s", c->task);
		return http_session_call(s, "GET", path, tok, NULL, NULL);
	case 2:
		snprintf(path, sizeof(path), "/v1/tasks?assignee_id=%s&limit=20", c->me->id);
		return http_session_call(s, "GET", path, tok, NULL, NULL);
	case 3:
		return http_session_call(s, "GET", "/v1/call-logs?limit=20", tok, NULL, NULL);
	case 4:
		today(from, sizeof(from), 6);
		today(to, sizeof(to), 0);
		snprintf(path, sizeof(path), "/v1/kpi?subject_type=manager&subject_id=%s&from=%s&to=%s", c->me->id, from, to);
		return http_session_call(s, "GET", path, tok, NULL, NULL);
	case 5:
		snprintf(path, sizeof(path), "/v1/teams/%s", c->org->team);
		return http_session_call(s, "GET", path, c->org->head.token, NULL, NULL);
	case 6:
		snprintf(path, sizeof(path), "/v1/users/%s", c->me->id);
		return http_session_call(s, "GET", path, c->org->owner.token, NULL, NULL);
	case 7:
	case 8: {
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
		snprintf(body, sizeof(body), "{\"direction\":\"outbound\",\"started_at\":\"%s\",\"duration_s\":%ld}", stamp,
			 k % 600);
		return http_session_call(s, "POST", "/v1/call-logs", tok, body, NULL);
	}
	default:
		snprintf(body, sizeof(body), "{\"title\":\"load %ld\",\"assignee_id\":\"%s\",\"due_at\":\"2030-01-01T10:00:00Z\"}",
			 k, c->me->id);
		return http_session_call(s, "POST", "/v1/tasks", c->org->head.token, body, NULL);
	}
}

static void *client_main(void *arg)
{
	struct client *c = arg;
	struct http_session *s = http_session_new(base);
	for (;;) {
		long k = atomic_fetch_add(&next_request, 1);
		if (k >= total_requests)
			break;
		struct resp *r = send_request(s, c, k);
		int cls = r->status >= 100 && r->status < 600 ? (int)(r->status / 100) : 0;
		c->by_class[cls]++;
		if (r->status == 401 || r->status == 403)
			c->unauthorised++;
		if (cls != 2 && c->by_class[cls] <= 3)
			fprintf(stderr, "load: request %ld answered %ld: %s\n", k, r->status, r->body);
		resp_free(r);
		if (atomic_fetch_add(&answered, 1) + 1 == rss_mark_at)
			atomic_store(&rss_at_mark, rss_kib());
	}
	http_session_free(s);
	return NULL;
}

static int build_org(int i)
{
	char name[64], email[96];
	struct org *o = &orgs[i];
	snprintf(name, sizeof(name), "load-%d-%ld", i, (long)time(NULL));
	if (world_org(name, o->id, &o->owner) < 0)
		return -1;
	snprintf(email, sizeof(email), "head@%s.test", name);
	if (world_user(&o->owner, "Head", email, "head", NULL, &o->head) < 0)
		return -1;
	char body[128];
	snprintf(body, sizeof(body), "{\"name\":\"Load team\",\"head_id\":\"%s\"}", o->head.id);
	struct resp *r = http_post("/v1/teams", o->owner.token, body);
	snprintf(o->team, sizeof(o->team), "%s", resp_str(r, "id"));
	int ok = r->status == 201;
	resp_free(r);
	for (int m = 0; ok && m < MANAGERS_PER_ORG; m++) {
		snprintf(email, sizeof(email), "m%d@%s.test", m, name);
		ok = world_user(&o->owner, "Manager", email, "manager", o->team, &o->managers[m]) == 0;
	}
	return ok ? 0 : -1;
}

int main(void)
{
	base = getenv("SALESCTL_TEST_URL");
	daemon_pid = getenv("LOAD_PID") ? atoi(getenv("LOAD_PID")) : 0;
	if (!base || daemon_pid <= 0) {
		fprintf(stderr, "load: SALESCTL_TEST_URL and LOAD_PID are required (tests/load/run.sh sets them)\n");
		return 2;
	}
	if (getenv("LOAD_REQUESTS"))
		total_requests = atol(getenv("LOAD_REQUESTS"));
	int nclients = getenv("LOAD_CLIENTS") ? atoi(getenv("LOAD_CLIENTS")) : 64;
	if (total_requests < 1000 || nclients < 1 || nclients > 256) {
		fprintf(stderr, "load: LOAD_REQUESTS must be at least 1000 and LOAD_CLIENTS 1..256\n");
		return 2;
	}
	rss_mark_at = total_requests >= 200000 ? 50000 : total_requests / 4;
	for (int i = 0; i < ORGS; i++)
		if (build_org(i) < 0)
			return 2;
	struct client *clients = calloc((size_t)nclients, sizeof(*clients));
	for (int i = 0; i < nclients; i++) {
		struct client *c = &clients[i];
		c->org = &orgs[i % ORGS];
		c->me = &c->org->managers[(i / ORGS) % MANAGERS_PER_ORG];
		char body[256];
		snprintf(body, sizeof(body), "{\"title\":\"load\",\"assignee_id\":\"%s\",\"due_at\":\"2030-01-01T10:00:00Z\"}",
			 c->me->id);
		struct resp *r = http_post("/v1/tasks", c->org->head.token, body);
		if (r->status != 201) {
			fprintf(stderr, "load: cannot create a task: %ld %s\n", r->status, r->body);
			return 2;
		}
		snprintf(c->task, sizeof(c->task), "%s", resp_str(r, "id"));
		resp_free(r);
	}

	long rss_start = rss_kib();
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < nclients; i++)
		pthread_create(&clients[i].thread, NULL, client_main, &clients[i]);
	for (int i = 0; i < nclients; i++)
		pthread_join(clients[i].thread, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long rss_end = rss_kib();
	double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

	unsigned long cls[6] = {0}, unauthorised = 0;
	for (int i = 0; i < nclients; i++) {
		for (int k = 0; k < 6; k++)
			cls[k] += clients[i].by_class[k];
		unauthorised += clients[i].unauthorised;
	}
	long mark = atomic_load(&rss_at_mark);
	double growth = mark > 0 ? 100.0 * (double)(rss_end - mark) / (double)mark : 0;
	printf("load: %ld requests (70 %% reads, 30 %% writes) from %d clients over %d organisations in %.1f s "
	       "(%.0f/s): %lu 2xx, %lu 4xx (%lu 401/403), %lu 5xx, %lu without a reply\n",
	       total_requests, nclients, ORGS, seconds, (double)total_requests / seconds, cls[2], cls[4], unauthorised,
	       cls[5], cls[0]);
	printf("load: salesctld RSS %ld KiB before, %ld KiB at request %ld, %ld KiB at the end: %+.1f %% (limit +10 %%)\n",
	       rss_start, mark, rss_mark_at, rss_end, growth);
	/* Under AddressSanitizer freed memory sits in its quarantine (up to 256 MiB), so RSS says nothing there. */
	bool check_rss = !getenv("LOAD_SKIP_RSS");
	if (!check_rss)
		printf("load: RSS growth not checked (LOAD_SKIP_RSS: a sanitizer build)\n");
	int failed = cls[2] != (unsigned long)total_requests || (check_rss && (mark <= 0 || growth > 10.0));
	printf("load: %s\n", failed ? "FAILED" : "passed");
	free(clients);
	return failed;
}
