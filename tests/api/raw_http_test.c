/* Raw HTTP at the socket: request smuggling shapes (two Content-Lengths, Transfer-Encoding with Content-Length),
 * obs-fold, huge headers, truncated bodies, then seeded random mutations of valid requests. No reply may be a 5xx
 * (505 for an unknown HTTP version excepted), the server must answer afterwards, and every connection it left
 * waiting for the rest of a request must be closed by its connection timeout: none may stay open for good.
 * SALESCTL_TEST_RAW_CASES sets the number of mutations (default 1,000), SALESCTL_TEST_RAW_SEED the seed. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "world.h"

enum outcome { REPLIED, CLOSED, WAITING, NO_CONNECT };

#define MAX_WAITING 900

struct tally {
	int replies, closes, server_errors, by_class[6];
	int waiting[MAX_WAITING], nwaiting;
};

/* Sends data and closes the sending side. A status line or a close within 300 ms ends the exchange; otherwise the
 * server is waiting for the rest of a request it cannot know is cut short, and *fd stays open for the final check. */
static enum outcome exchange(const char *data, size_t len, int *status, int *fd_out)
{
	*status = 0;
	*fd_out = -1;
	int fd = api_raw_connect();
	if (fd < 0)
		return NO_CONNECT;
	for (size_t sent = 0; sent < len;) {
		ssize_t n = send(fd, data + sent, len - sent, MSG_NOSIGNAL);
		if (n <= 0)
			break; /* the server may close early (e.g. 431); what it replied is read below */
		sent += (size_t)n;
	}
	shutdown(fd, SHUT_WR);
	char head[16] = {0};
	size_t got = 0;
	while (got < 12) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (poll(&p, 1, 300) <= 0) {
			*fd_out = fd;
			return WAITING;
		}
		ssize_t n = recv(fd, head + got, 12 - got, 0);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got >= 12 && strncmp(head, "HTTP/1.", 7) == 0) {
		*status = atoi(head + 9);
		return REPLIED;
	}
	return CLOSED;
}

static void record(struct tally *t, const char *what, const char *data, size_t len)
{
	int status, fd;
	enum outcome o = exchange(data, len, &status, &fd);
	ck_assert_msg(o != NO_CONNECT, "cannot connect for %s: is the server down?", what);
	t->replies += o == REPLIED;
	t->closes += o == CLOSED;
	if (o == WAITING) {
		if (t->nwaiting < MAX_WAITING)
			t->waiting[t->nwaiting++] = fd;
		else
			close(fd);
	}
	if (status >= 100 && status < 600)
		t->by_class[status / 100]++;
	/* 505 is the right answer to an HTTP version the server does not speak. */
	if (status >= 500 && status != 505) {
		t->server_errors++;
		fprintf(stderr, "raw HTTP: %s got %d: ", what, status);
		for (size_t i = 0; i < len && i < 400; i++)
			fprintf(stderr, data[i] >= 32 && data[i] < 127 ? "%c" : "\\x%02x", (unsigned char)data[i]);
		fputc('\n', stderr);
	}
}

/* The connections left waiting must all be closed by the server's connection timeout (30 s): returns how many
 * are still open after 45 s. */
static int still_open_after_timeout(struct tally *t)
{
	double deadline = (double)time(NULL) + 45;
	int open = t->nwaiting;
	while (open > 0 && (double)time(NULL) < deadline) {
		for (int i = 0; i < t->nwaiting; i++) {
			if (t->waiting[i] < 0)
				continue;
			char buf[4096];
			ssize_t n = recv(t->waiting[i], buf, sizeof(buf), MSG_DONTWAIT);
			if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
				close(t->waiting[i]);
				t->waiting[i] = -1;
				open--;
			}
		}
		if (open > 0)
			usleep(200 * 1000);
	}
	for (int i = 0; i < t->nwaiting; i++)
		if (t->waiting[i] >= 0)
			close(t->waiting[i]);
	return open;
}

static void record_str(struct tally *t, const char *what, const char *data)
{
	record(t, what, data, strlen(data));
}

/* A small deterministic generator so that a failing seed can be replayed. */
static unsigned long long rng_state;

static unsigned rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state >> 32);
}

static size_t mutate(char *buf, size_t len, size_t cap)
{
	static const char *const inserts[] = {"\r\n", "\r\n\r\n", " ", "\t", ":", "\n", "\r", "\0", "%00", "%",
					      "Content-Length: 5\r\n", "Transfer-Encoding: chunked\r\n",
					      "\r\n folded", "0\r\n\r\n", "ffffffffffffffff\r\n", "{", "\"", "\\u0000",
					      "Authorization: Bearer x\r\n", "Idempotency-Key: \r\n", "If-Match: *\r\n"};
	int steps = 1 + (int)(rng() % 4);
	for (int s = 0; s < steps && len > 0; s++) {
		size_t at = rng() % len;
		switch (rng() % 5) {
		case 0: /* flip a byte */
			buf[at] = (char)(rng() & 0xff);
			break;
		case 1: { /* insert a fragment */
			const char *ins = inserts[rng() % (sizeof(inserts) / sizeof(inserts[0]))];
			size_t n = strlen(ins) ? strlen(ins) : 1;
			if (len + n >= cap)
				break;
			memmove(buf + at + n, buf + at, len - at);
			memcpy(buf + at, ins, n);
			len += n;
			break;
		}
		case 2: /* cut the rest */
			len = at;
			break;
		case 3: { /* repeat a stretch */
			size_t n = rng() % 64;
			if (at + n > len || len + n >= cap)
				break;
			memmove(buf + at + n, buf + at, len - at);
			len += n;
			break;
		}
		default: /* delete a stretch */
			{
				size_t n = rng() % 16;
				if (at + n > len)
					n = len - at;
				memmove(buf + at, buf + at + n, len - at - n);
				len -= n;
			}
			break;
		}
	}
	return len;
}

/* Oversized request lines and headers get the statuses that name them, never a 5xx or a silent close. */
START_TEST(oversized_url_is_414_and_oversized_headers_431)
{
	size_t big = 64 * 1024;
	char *req = malloc(big + 256);
	ck_assert_ptr_nonnull(req);
	int n = sprintf(req, "GET /v1/tasks?q=");
	memset(req + n, 'a', big);
	strcpy(req + n + big, " HTTP/1.1\r\nHost: x\r\n\r\n");
	int status, fd;
	ck_assert_int_eq(exchange(req, strlen(req), &status, &fd), REPLIED);
	ck_assert_int_eq(status, 414);
	n = sprintf(req, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Filler: ");
	memset(req + n, 'b', big);
	strcpy(req + n + big, "\r\n\r\n");
	ck_assert_int_eq(exchange(req, strlen(req), &status, &fd), REPLIED);
	ck_assert_int_eq(status, 431);
	free(req);
}
END_TEST

/* A body over the limit but within four times it is read and dropped before the 413, so that a client still sending
 * it gets the reply rather than a reset; one declared larger is refused on its headers, before any of it is read. */
START_TEST(a_body_over_the_limit_is_read_before_the_413_unless_far_over)
{
	int fd = api_raw_connect();
	ck_assert_int_ge(fd, 0);
	const size_t len = 2000000;
	char head[256];
	int n = snprintf(head, sizeof(head), "POST /v1/teams HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
					     "Content-Length: %zu\r\n\r\n", len);
	ck_assert_int_eq(send(fd, head, (size_t)n, MSG_NOSIGNAL), n);
	struct pollfd p = {.fd = fd, .events = POLLIN};
	ck_assert_msg(poll(&p, 1, 300) == 0, "the server answered before the body came");
	char *body = malloc(len);
	ck_assert_ptr_nonnull(body);
	memset(body, ' ', len);
	for (size_t sent = 0; sent < len;) {
		ssize_t k = send(fd, body + sent, len - sent, MSG_NOSIGNAL);
		ck_assert_msg(k > 0, "the connection was closed after %zu of %zu bytes", sent, len);
		sent += (size_t)k;
	}
	free(body);
	char reply[16] = {0};
	size_t got = 0;
	while (got < 12 && poll(&p, 1, 5000) > 0) {
		ssize_t k = recv(fd, reply + got, 12 - got, 0);
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	ck_assert_msg(strncmp(reply, "HTTP/1.1 413", 12) == 0, "reply: %s", reply);

	const char *far = "POST /v1/teams HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
			  "Content-Length: 104857600\r\n\r\n{";
	int status;
	ck_assert_int_eq(exchange(far, strlen(far), &status, &fd), REPLIED);
	ck_assert_int_eq(status, 413);
}
END_TEST

START_TEST(raw_http_never_hangs_or_fails)
{
	struct tally t = {0};
	char req[8192];
	record_str(&t, "two Content-Lengths",
		   "POST /v1/teams HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 40\r\n"
		   "Content-Type: application/json\r\n\r\n{}");
	record_str(&t, "Transfer-Encoding with Content-Length",
		   "POST /v1/teams HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n"
		   "Content-Type: application/json\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
	record_str(&t, "obs-fold", "GET /v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer\r\n abc\r\n\r\n");
	record_str(&t, "truncated body",
		   "POST /v1/teams HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nContent-Type: application/json\r\n\r\n{\"na");
	record_str(&t, "truncated chunk",
		   "POST /v1/teams HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
		   "ff\r\n{\"name\"");
	record_str(&t, "negative Content-Length", "POST /v1/teams HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n");
	record_str(&t, "huge Content-Length",
		   "POST /v1/teams HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n{}");
	record_str(&t, "bare LF", "GET /v1/me HTTP/1.1\nHost: x\n\n");
	record_str(&t, "HTTP/0.9", "GET /v1/me\r\n\r\n");
	record_str(&t, "unknown version", "GET /v1/me HTTP/7.3\r\nHost: x\r\n\r\n");
	record_str(&t, "pipelined pair", "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
	int n = snprintf(req, sizeof(req), "GET /v1/me HTTP/1.1\r\nHost: x\r\nX-Big: ");
	memset(req + n, 'a', sizeof(req) - (size_t)n - 5);
	memcpy(req + sizeof(req) - 5, "\r\n\r\n", 4);
	record(&t, "8 KiB header", req, sizeof(req) - 1);
	char *huge = malloc(256 * 1024);
	n = snprintf(huge, 256 * 1024, "GET /v1/me HTTP/1.1\r\nHost: x\r\n");
	for (size_t at = (size_t)n; at + 32 < 256 * 1024; at += 31)
		memcpy(huge + at, "X-Header-Line: aaaaaaaaaaaaaa\r\n", 31);
	record(&t, "256 KiB of header lines", huge, 256 * 1024 - 40);
	free(huge);
	int fixed = t.replies + t.closes + t.nwaiting;

	const char *env = getenv("SALESCTL_TEST_RAW_CASES");
	int cases = env ? atoi(env) : 1000;
	const char *s = getenv("SALESCTL_TEST_RAW_SEED");
	unsigned long long seed = s ? strtoull(s, NULL, 10) : (unsigned long long)time(NULL);
	rng_state = seed | 1;
	char bases[3][1024];
	snprintf(bases[0], sizeof(bases[0]), "GET /v1/tasks?limit=5&status=open HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n\r\n",
		 W.m1.token);
	snprintf(bases[1], sizeof(bases[1]),
		 "POST /v1/call-logs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\n"
		 "Idempotency-Key: raw-%llu\r\nContent-Length: 75\r\n\r\n"
		 "{\"direction\":\"outbound\",\"started_at\":\"2026-11-10T08:00:00Z\",\"duration_s\":1}",
		 W.m3.token, seed);
	snprintf(bases[2], sizeof(bases[2]),
		 "PATCH /v1/teams/%s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nIf-Match: \"1\"\r\n"
		 "Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n4\r\n{\"na\r\n0\r\n\r\n",
		 W.team2, W.head2.token);
	for (int i = 0; i < cases; i++) {
		const char *base = bases[rng() % 3];
		size_t len = strlen(base);
		memcpy(req, base, len);
		len = mutate(req, len, sizeof(req));
		char what[64];
		snprintf(what, sizeof(what), "mutation %d of seed %llu", i, seed);
		record(&t, what, req, len);
	}

	struct resp *r = http_get("/healthz", NULL);
	expect_status(r, 200);
	resp_free(r);
	int waited = t.nwaiting, hung = still_open_after_timeout(&t);
	printf("raw HTTP: %d fixed shapes + %d mutations (seed %llu): %d replied (%d 2xx, %d 4xx, %d 5xx), %d closed "
	       "without a reply, %d left waiting for the rest of a request (%d still open after 45 s)\n",
	       fixed, cases, seed, t.replies, t.by_class[2], t.by_class[4], t.by_class[5], t.closes, waited, hung);
	ck_assert_int_eq(hung, 0);
	ck_assert_int_eq(t.server_errors, 0);
}
END_TEST

Suite *raw_http_suite(void)
{
	Suite *s = suite_create("raw_http");
	TCase *t = tcase_create("raw_http");
	tcase_set_timeout(t, 600);
	tcase_add_test(t, oversized_url_is_414_and_oversized_headers_431);
	tcase_add_test(t, a_body_over_the_limit_is_read_before_the_413_unless_far_over);
	tcase_add_test(t, raw_http_never_hangs_or_fails);
	suite_add_tcase(s, t);
	return s;
}
