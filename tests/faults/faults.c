/*
 * Database faults under a write load (tests/faults/run.sh; `make test-faults`, and a short form in `make test`).
 *
 * FAULTS_WRITERS clients post call logs, tasks and evening reports with Idempotency-Keys, spread over every salesctld
 * instance, for FAULTS_SECONDS, while PostgreSQL is restarted with -m fast, every salesctld backend is killed with
 * pg_terminate_backend (scheduler connections included), and PostgreSQL is restarted with -m immediate. A client
 * retries a write with the same key until it is acknowledged (2xx), as a well-behaved client does after a 503.
 *
 * Afterwards, straight from the database: every acknowledged id is stored, and there is exactly one row per key
 * (no duplicate from a retry, nothing stored that was never acknowledged). No reply may be a 500, every 503 carries
 * Retry-After, and after each fault the replies are all 2xx again within 5 s of PostgreSQL accepting connections.
 * The scheduler passes the instances ran meanwhile left rollups equal to a full rebuild and no duplicate alert.
 *
 * Environment: SALESCTL_TEST_URLS (space-separated base URLs), SALESCTL_TEST_ADMIN_TOKEN, FAULTS_DATABASE_URL,
 * FAULTS_PG_RESTART (a command; " fast" or " immediate" is appended), FAULTS_REBUILD (salesctld rollup --rebuild),
 * FAULTS_SECONDS (default 60), FAULTS_WRITERS (default 8), FAULTS_MIN_PASSES (default 0).
 */
#include <libpq-fe.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../api/world.h"

#define MAX_INSTANCES 4
#define RECOVERY_LIMIT_S 5.0

enum kind { CALL, TASK, REPORT, NKINDS };
static const char *const kind_name[NKINDS] = {"call logs", "tasks", "evening reports"};
static const char *const kind_table[NKINDS] = {"call_logs", "tasks", "daily_reports"};
/* The column each kind stores its Idempotency-Key in, so that duplicates are countable. */
static const char *const kind_key_column[NKINDS] = {"notes", "title", "done_today"};

struct reply_event {
	double start, end;
	int status;
};

struct ack {
	enum kind kind;
	char id[37];
};

struct writer {
	int index;
	struct member who;
	const char *owner_token;   /* tasks are delegated by the owner to the writer */
	const char *base;
	pthread_t thread;
	struct reply_event *events;
	size_t nevents, cap_events;
	struct ack *acks;
	size_t nacks, cap_acks;
	unsigned long replayed, status_500, other_5xx, no_retry_after, transport_errors, in_flight, unexpected;
};

static struct timespec t0;
static atomic_bool stop_writing;
static double seconds_total = 60;

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9;
}

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	*cap = *cap ? *cap * 2 : 1024;
	void *q = realloc(p, *cap * size);
	if (!q) {
		fprintf(stderr, "faults: out of memory\n");
		exit(2);
	}
	return q;
}

static void record(struct writer *w, double start, double end, int status)
{
	w->events = grow(w->events, &w->cap_events, w->nevents + 1, sizeof(*w->events));
	w->events[w->nevents++] = (struct reply_event){start, end, status};
}

static void body_for(const struct writer *w, enum kind k, unsigned long seq, const char *key, char *out, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;
	char stamp[32], date[16];
	if (k == CALL) {
		gmtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
		snprintf(out, size, "{\"direction\":\"outbound\",\"started_at\":\"%s\",\"duration_s\":%lu,\"notes\":\"%s\"}",
			 stamp, 20 + seq % 200, key);
	} else if (k == TASK) {
		snprintf(out, size, "{\"title\":\"%s\",\"assignee_id\":\"%s\",\"due_at\":\"2030-01-01T12:00:00Z\"}", key,
			 w->who.id);
	} else {
		/* One report per manager and date: each report of a writer goes one day further back. */
		time_t day = now - (time_t)(seq / NKINDS + 1) * 86400;
		gmtime_r(&day, &tm);
		strftime(date, sizeof(date), "%Y-%m-%d", &tm);
		snprintf(out, size, "{\"date\":\"%s\",\"calls_outbound\":%lu,\"done_today\":\"%s\"}", date, seq % 50, key);
	}
}

/* Posts one write until it is acknowledged, with the same Idempotency-Key every time. */
static void write_one(struct writer *w, enum kind k, unsigned long seq)
{
	static const char *const paths[NKINDS] = {"/v1/call-logs", "/v1/tasks", "/v1/daily-reports"};
	char key[64], body[512], key_header[96];
	snprintf(key, sizeof(key), "fault-%d-%lu", w->index, seq);
	body_for(w, k, seq, key, body, sizeof(body));
	snprintf(key_header, sizeof(key_header), "Idempotency-Key: %s", key);
	const char *headers[] = {key_header, NULL};
	double give_up = seconds_total + 60;
	while (now_s() < give_up) {
		double start = now_s();
		struct resp *r = http_call_at(w->base, "POST", paths[k], k == TASK ? w->owner_token : w->who.token, body,
					      headers);
		double end = now_s();
		int status = (int)r->status;
		record(w, start, end, status);
		if (status >= 200 && status < 300) {
			const char *id = resp_str(r, "id");
			w->acks = grow(w->acks, &w->cap_acks, w->nacks + 1, sizeof(*w->acks));
			w->acks[w->nacks].kind = k;
			snprintf(w->acks[w->nacks].id, sizeof(w->acks[w->nacks].id), "%s", id);
			w->nacks++;
			w->replayed += strcmp(r->replayed, "true") == 0;
			resp_free(r);
			return;
		}
		if (status == 503 && !r->retry_after[0])
			w->no_retry_after++;
		if (status == 500)
			w->status_500++;
		else if (status > 500 && status != 503)
			w->other_5xx++;
		else if (status < 0)
			w->transport_errors++;
		else if (status == 409 && strcmp(resp_code(r), "idempotency_in_flight") == 0)
			w->in_flight++;
		else if (status != 503) {
			w->unexpected++;
			fprintf(stderr, "faults: POST %s answered %d: %s\n", paths[k], status, r->body);
			resp_free(r);
			return;
		}
		resp_free(r);
		usleep(100 * 1000);
	}
	w->unexpected++;
	fprintf(stderr, "faults: %s was never acknowledged\n", key);
}

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	for (unsigned long seq = 0; !atomic_load(&stop_writing); seq++)
		write_one(w, (enum kind)(seq % NKINDS), seq);
	return NULL;
}

struct fault {
	const char *what;
	double at, start, up;
};

static PGconn *db_connect(void);

static void run_fault(struct fault *f)
{
	f->start = now_s();
	if (strncmp(f->what, "restart", 7) == 0) {
		char cmd[1024];
		snprintf(cmd, sizeof(cmd), "%s %s", getenv("FAULTS_PG_RESTART"), strchr(f->what, ' ') + 1);
		if (system(cmd) != 0) {
			fprintf(stderr, "faults: %s failed\n", cmd);
			exit(2);
		}
	} else {
		PGconn *db = db_connect();
		PGresult *r = PQexec(db, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
					 "WHERE application_name LIKE 'salesctld%'");
		if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			fprintf(stderr, "faults: pg_terminate_backend: %s", PQerrorMessage(db));
			exit(2);
		}
		printf("faults: %6.2f s  pg_terminate_backend killed %s salesctld backends\n", f->start, PQgetvalue(r, 0, 0));
		PQclear(r);
		PQfinish(db);
	}
	f->up = now_s();
	printf("faults: %6.2f s  %s: PostgreSQL accepting connections again at %.2f s\n", f->start, f->what, f->up);
}

/* A fresh connection for the checks; the one from before a restart is gone. */
static PGconn *db_connect(void)
{
	PGconn *db = PQconnectdb(getenv("FAULTS_DATABASE_URL"));
	if (PQstatus(db) != CONNECTION_OK) {
		fprintf(stderr, "faults: cannot connect: %s", PQerrorMessage(db));
		exit(2);
	}
	return db;
}

static long query_long(PGconn *db, const char *sql, int n, const char *const *params)
{
	PGresult *r = PQexecParams(db, sql, n, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		fprintf(stderr, "faults: %s: %s", sql, PQerrorMessage(db));
		exit(2);
	}
	long v = atol(PQgetvalue(r, 0, 0));
	PQclear(r);
	return v;
}

static char *query_text(PGconn *db, const char *sql)
{
	PGresult *r = PQexec(db, sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		fprintf(stderr, "faults: %s: %s", sql, PQerrorMessage(db));
		exit(2);
	}
	char *v = strdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	return v;
}

static const char rollup_digest_sql[] =
	"SELECT md5(coalesce(string_agg(concat_ws(',', org_id, manager_id, date, calls_total, calls_outbound, "
	"calls_inbound, calls_effective, talk_time_s, chat_sessions, meetings, proposals_sent, leads_received, "
	"leads_processed, deals_won, payments_count, revenue_minor, quality_score_sum, quality_score_count), ';' "
	"ORDER BY org_id, manager_id, date), '')) FROM kpi_daily";

/* Scheduler passes an instance has run with an outcome ("done", "skipped", "failed"), from its /metrics. */
static long passes_with(const char *base, const char *outcome)
{
	char series[96];
	snprintf(series, sizeof(series), "salesctl_scheduler_passes_total{outcome=\"%s\"} ", outcome);
	struct resp *r = http_call_at(base, "GET", "/metrics", NULL, NULL, NULL);
	const char *p = r->status == 200 ? strstr(r->body, series) : NULL;
	long n = p ? atol(p + strlen(series)) : 0;
	resp_free(r);
	return n;
}

int main(void)
{
	const char *urls = getenv("SALESCTL_TEST_URLS");
	if (!urls || !getenv("FAULTS_DATABASE_URL") || !getenv("FAULTS_PG_RESTART") || !getenv("FAULTS_REBUILD")) {
		fprintf(stderr, "faults: SALESCTL_TEST_URLS, FAULTS_DATABASE_URL, FAULTS_PG_RESTART and FAULTS_REBUILD "
				"are required (tests/faults/run.sh sets them)\n");
		return 2;
	}
	char *url_list = strdup(urls), *save = NULL;
	const char *bases[MAX_INSTANCES];
	int ninstances = 0;
	for (char *u = strtok_r(url_list, " ", &save); u && ninstances < MAX_INSTANCES; u = strtok_r(NULL, " ", &save))
		bases[ninstances++] = u;
	if (getenv("FAULTS_SECONDS"))
		seconds_total = atof(getenv("FAULTS_SECONDS"));
	int nwriters = getenv("FAULTS_WRITERS") ? atoi(getenv("FAULTS_WRITERS")) : 8;
	long min_passes = getenv("FAULTS_MIN_PASSES") ? atol(getenv("FAULTS_MIN_PASSES")) : 0;
	if (nwriters < 1 || nwriters > 64 || seconds_total < 10) {
		fprintf(stderr, "faults: FAULTS_WRITERS must be 1..64 and FAULTS_SECONDS at least 10\n");
		return 2;
	}
	setenv("SALESCTL_TEST_URL", bases[0], 1);

	char org_id[37], org_name[64], email[96], name[64];
	struct member owner;
	snprintf(org_name, sizeof(org_name), "faults-%ld", (long)getpid());
	if (world_org(org_name, org_id, &owner) < 0)
		return 2;
	struct writer *writers = calloc((size_t)nwriters, sizeof(*writers));
	for (int i = 0; i < nwriters; i++) {
		writers[i].index = i;
		writers[i].base = bases[i % ninstances];
		writers[i].owner_token = owner.token;
		snprintf(name, sizeof(name), "Writer %d", i);
		snprintf(email, sizeof(email), "writer%d@%s.test", i, org_name);
		if (world_user(&owner, name, email, "manager", NULL, &writers[i].who) < 0)
			return 2;
	}
	static const char *const outcomes[] = {"done", "skipped", "failed"};
	long passes[3] = {0};
	for (int i = 0; i < ninstances; i++)
		for (int o = 0; o < 3; o++)
			passes[o] -= passes_with(bases[i], outcomes[o]);

	struct fault faults[] = {
		{"restart fast", 0.2 * seconds_total, 0, 0},
		{"pg_terminate_backend", 0.45 * seconds_total, 0, 0},
		{"restart immediate", 0.7 * seconds_total, 0, 0},
	};
	size_t nfaults = sizeof(faults) / sizeof(faults[0]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	printf("faults: %d writers on %d instances for %.0f s\n", nwriters, ninstances, seconds_total);
	for (int i = 0; i < nwriters; i++)
		pthread_create(&writers[i].thread, NULL, writer_main, &writers[i]);
	for (size_t f = 0; f < nfaults; f++) {
		while (now_s() < faults[f].at)
			usleep(20 * 1000);
		run_fault(&faults[f]);
	}
	while (now_s() < seconds_total)
		usleep(50 * 1000);
	atomic_store(&stop_writing, true);
	for (int i = 0; i < nwriters; i++)
		pthread_join(writers[i].thread, NULL);
	PGconn *db = db_connect();

	int failed = 0;
	unsigned long requests = 0, ok = 0, s503 = 0, s500 = 0, other5xx = 0, no_ra = 0, transport = 0, inflight = 0,
		      unexpected = 0, replayed = 0;
	unsigned long acked[NKINDS] = {0};
	for (int i = 0; i < nwriters; i++) {
		struct writer *w = &writers[i];
		requests += w->nevents;
		for (size_t e = 0; e < w->nevents; e++) {
			ok += w->events[e].status >= 200 && w->events[e].status < 300;
			s503 += w->events[e].status == 503;
		}
		s500 += w->status_500;
		other5xx += w->other_5xx;
		no_ra += w->no_retry_after;
		transport += w->transport_errors;
		inflight += w->in_flight;
		unexpected += w->unexpected;
		replayed += w->replayed;
		for (size_t a = 0; a < w->nacks; a++)
			acked[w->acks[a].kind]++;
	}
	printf("faults: %lu requests: %lu 2xx, %lu 503, %lu 500, %lu other 5xx, %lu 503 without Retry-After, "
	       "%lu transport errors, %lu 409 in flight, %lu unexpected; %lu acknowledged as replays\n",
	       requests, ok, s503, s500, other5xx, no_ra, transport, inflight, unexpected, replayed);
	failed |= s500 || other5xx || no_ra || transport || unexpected;

	/* Recovery: the last non-2xx reply to a request sent after PostgreSQL came back and answered before the next
	 * fault began (a request still in flight when the next fault strikes belongs to that fault). */
	for (size_t f = 0; f < nfaults; f++) {
		double until = f + 1 < nfaults ? faults[f + 1].start : seconds_total;
		double last_bad = faults[f].up;
		unsigned long bad = 0;
		for (int i = 0; i < nwriters; i++) {
			for (size_t e = 0; e < writers[i].nevents; e++) {
				const struct reply_event *ev = &writers[i].events[e];
				if (ev->start < faults[f].up || ev->end >= until || (ev->status >= 200 && ev->status < 300))
					continue;
				bad++;
				if (ev->end > last_bad)
					last_bad = ev->end;
			}
		}
		double recovery = last_bad - faults[f].up;
		printf("faults: after %-20s all replies 2xx within %.2f s of PostgreSQL accepting connections "
		       "(%lu non-2xx after it was back)\n", faults[f].what, recovery, bad);
		failed |= recovery > RECOVERY_LIMIT_S;
	}

	/* Every acknowledged id is stored; one row per key; no row that was not acknowledged. */
	for (int k = 0; k < NKINDS; k++) {
		size_t len = 2 + acked[k] * 37, off = 0;
		char *ids = malloc(len + 1);
		ids[off++] = '{';
		for (int i = 0; i < nwriters; i++)
			for (size_t a = 0; a < writers[i].nacks; a++)
				if (writers[i].acks[a].kind == (enum kind)k)
					off += (size_t)sprintf(ids + off, "%s%s", ids[off - 1] == '{' ? "" : ",",
							       writers[i].acks[a].id);
		ids[off++] = '}';
		ids[off] = '\0';
		char sql_found[256], sql_rows[256], sql_dups[256];
		snprintf(sql_found, sizeof(sql_found), "SELECT count(*) FROM %s WHERE org_id = $1 AND id = ANY($2::uuid[])",
			 kind_table[k]);
		snprintf(sql_rows, sizeof(sql_rows), "SELECT count(*) FROM %s WHERE org_id = $1", kind_table[k]);
		snprintf(sql_dups, sizeof(sql_dups), "SELECT count(*) - count(DISTINCT %s) FROM %s WHERE org_id = $1",
			 kind_key_column[k], kind_table[k]);
		const char *params[] = {org_id, ids};
		long found = query_long(db, sql_found, 2, params);
		long rows = query_long(db, sql_rows, 1, params);
		long dups = query_long(db, sql_dups, 1, params);
		long missing = (long)acked[k] - found, unacknowledged = rows - (long)acked[k];
		printf("faults: %-15s acknowledged %lu, missing %ld, duplicate keys %ld, stored without acknowledgement %ld\n",
		       kind_name[k], acked[k], missing, dups, unacknowledged);
		failed |= missing != 0 || dups != 0 || unacknowledged != 0 || acked[k] == 0;
		free(ids);
	}

	/* The scheduler passes that ran through the faults: rollups equal a rebuild, no duplicate open alert. */
	for (int i = 0; i < ninstances; i++)
		for (int o = 0; o < 3; o++)
			passes[o] += passes_with(bases[i], outcomes[o]);
	for (int i = 0; i < 300 && query_long(db, "SELECT count(*) FROM rollup_dirty", 0, NULL) > 0; i++)
		usleep(100 * 1000);
	long dirty = query_long(db, "SELECT count(*) FROM rollup_dirty", 0, NULL);
	char *before = query_text(db, rollup_digest_sql);
	long rollup_rows = query_long(db, "SELECT count(*) FROM kpi_daily", 0, NULL);
	if (system(getenv("FAULTS_REBUILD")) != 0) {
		fprintf(stderr, "faults: %s failed\n", getenv("FAULTS_REBUILD"));
		return 2;
	}
	char *after = query_text(db, rollup_digest_sql);
	long dup_alerts = query_long(db, "SELECT count(*) FROM (SELECT 1 FROM alerts WHERE status = 'open' "
					 "GROUP BY org_id, dedup_key HAVING count(*) > 1) d", 0, NULL);
	bool rollups_equal = strcmp(before, after) == 0;
	printf("faults: scheduler passes on %d instances: %ld done, %ld skipped (another instance held the pass), "
	       "%ld failed (database gone); %ld rollup rows %s a full rebuild (%ld still marked dirty); "
	       "%ld duplicate open alerts\n", ninstances, passes[0], passes[1], passes[2], rollup_rows,
	       rollups_equal ? "equal" : "DIFFER FROM", dirty, dup_alerts);
	failed |= !rollups_equal || dirty != 0 || dup_alerts != 0 || passes[0] < min_passes;

	for (int i = 0; i < ninstances; i++) {
		struct resp *r = http_call_at(bases[i], "GET", "/readyz", NULL, NULL, NULL);
		if (r->status != 200) {
			printf("faults: instance %s not ready afterwards (%ld)\n", bases[i], r->status);
			failed = 1;
		}
		resp_free(r);
	}
	free(before);
	free(after);
	PQfinish(db);
	for (int i = 0; i < nwriters; i++) {
		free(writers[i].events);
		free(writers[i].acks);
	}
	free(writers);
	free(url_list);
	printf("faults: %s\n", failed ? "FAILED" : "passed");
	return failed;
}
