/* Hostile and slow clients: 500 idle connections and 50 slowloris connections (a header byte every 100 ms) held open
 * while a normal client makes requests for two seconds; its p99 must stay within 1 s. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "world.h"

#define IDLE 500
#define SLOW 50
#define MAX_REQUESTS 20000
#define MEASURE_SECONDS 2.0

struct slowloris {
	int fds[SLOW];
	atomic_bool stop;
	int bytes_sent;
};

static void *trickle(void *arg)
{
	struct slowloris *s = arg;
	static const char header[] = "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	size_t at = 0;
	while (!atomic_load(&s->stop)) {
		for (int i = 0; i < SLOW; i++)
			if (send(s->fds[i], header + at, 1, MSG_NOSIGNAL) == 1)
				s->bytes_sent++;
		at = (at + 1) % (sizeof(header) - 1);
		usleep(100 * 1000);
	}
	return NULL;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

START_TEST(idle_and_slowloris_connections_do_not_starve_others)
{
	int idle[IDLE];
	for (int i = 0; i < IDLE; i++) {
		idle[i] = api_raw_connect();
		ck_assert_msg(idle[i] >= 0, "idle connection %d could not connect", i);
	}
	struct slowloris s = {.stop = false};
	for (int i = 0; i < SLOW; i++) {
		s.fds[i] = api_raw_connect();
		ck_assert_msg(s.fds[i] >= 0, "slow connection %d could not connect", i);
		static const char start[] = "GET /v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\n";
		ck_assert_int_eq(send(s.fds[i], start, sizeof(start) - 1, MSG_NOSIGNAL), (ssize_t)(sizeof(start) - 1));
	}
	pthread_t t;
	pthread_create(&t, NULL, trickle, &s);

	static double seconds[MAX_REQUESTS];
	int ok = 0, n = 0;
	for (double start = now_s(); n < MAX_REQUESTS && now_s() - start < MEASURE_SECONDS; n++) {
		double t0 = now_s();
		struct resp *r = http_get("/v1/me", W.m1.token);
		seconds[n] = now_s() - t0;
		ok += r->status == 200;
		resp_free(r);
	}
	atomic_store(&s.stop, true);
	pthread_join(t, NULL);
	ck_assert_int_ge(n, 100);
	qsort(seconds, (size_t)n, sizeof(seconds[0]), by_value);
	double p50 = seconds[n / 2], p99 = seconds[(n * 99 + 99) / 100 - 1];
	printf("hostile clients: %d idle + %d slowloris connections (%d bytes trickled); %d of %d requests 200, "
	       "p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
	       IDLE, SLOW, s.bytes_sent, ok, n, p50 * 1e3, p99 * 1e3, seconds[n - 1] * 1e3);
	for (int i = 0; i < IDLE; i++)
		close(idle[i]);
	for (int i = 0; i < SLOW; i++)
		close(s.fds[i]);
	ck_assert_int_eq(ok, n);
	ck_assert_msg(p99 <= 1.0, "p99 %.3f s over 1 s", p99);
}
END_TEST

Suite *hostile_suite(void)
{
	Suite *s = suite_create("hostile");
	TCase *t = tcase_create("hostile");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, idle_and_slowloris_connections_do_not_starve_others);
	suite_add_tcase(s, t);
	return s;
}
