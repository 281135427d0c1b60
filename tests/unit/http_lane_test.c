/* The bulk lane with requests on no connection: they are worked on in the order they came, never more at once than
 * the lane has threads; one that waited too long is expired instead; a full line or a closed lane refuses without
 * parking; a closing lane expires its line without waiting for its busy threads; a withdrawn request is never
 * touched again; each worked-on request is unparked once. */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "salesctl/http/lane.h"
#include "suites.h"

#define N 8

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static struct request *order[N * 2];
static int nrun, nexpired, running, most_running;
static bool hold;   /* run waits while set: keeps the lane's threads busy */

static void reset(void)
{
	memset(order, 0, sizeof(order));
	nrun = nexpired = running = most_running = 0;
	hold = false;
}

static void note_run(struct request *req)
{
	pthread_mutex_lock(&lock);
	order[nrun++] = req;
	if (++running > most_running)
		most_running = running;
	pthread_cond_broadcast(&changed);
	while (hold)
		pthread_cond_wait(&changed, &lock);
	pthread_mutex_unlock(&lock);
	usleep(2000);
	pthread_mutex_lock(&lock);
	running--;
	pthread_mutex_unlock(&lock);
	req->reply.status = 200;
}

static void note_expired(struct request *req)
{
	pthread_mutex_lock(&lock);
	nexpired++;
	pthread_mutex_unlock(&lock);
	req->reply.status = 503;
}

static void set_hold(bool on)
{
	pthread_mutex_lock(&lock);
	hold = on;
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
}

static void until_run(int n)
{
	pthread_mutex_lock(&lock);
	while (nrun < n)
		pthread_cond_wait(&changed, &lock);
	pthread_mutex_unlock(&lock);
}

/* Waits until every request is unparked (the lane's last step for it). */
static void until_unparked(struct request *reqs, int n)
{
	for (int i = 0; i < n; i++)
		for (int k = 0; k < 5000 && atomic_load(&reqs[i].park_state) != PARK_WOKEN; k++)
			usleep(1000);
}

static struct lane *lane_of(int threads, int max_queued, int wait_ms)
{
	reset();
	struct lane_options opt = {.threads = threads, .max_queued = max_queued, .wait_ms = wait_ms,
				   .run = note_run, .expire = note_expired};
	struct lane *l = lane_new(&opt);
	ck_assert_ptr_nonnull(l);
	return l;
}

/* A lane of one thread held busy by reqs[0], with reqs[1] and reqs[2] in its line. */
static struct lane *one_held_two_in_line(struct request reqs[3])
{
	struct lane *l = lane_of(1, 8, 10000);
	memset(reqs, 0, 3 * sizeof(*reqs));
	set_hold(true);
	for (int i = 0; i < 3; i++)
		ck_assert(lane_submit(l, &reqs[i]));
	until_run(1);
	return l;
}

START_TEST(requests_are_worked_on_in_order_two_at_a_time)
{
	struct lane *l = lane_of(2, 64, 10000);
	static struct request reqs[N];
	memset(reqs, 0, sizeof(reqs));
	set_hold(true);
	for (int i = 0; i < N; i++)
		ck_assert(lane_submit(l, &reqs[i]));
	until_run(2);
	set_hold(false);
	until_unparked(reqs, N);
	ck_assert_int_eq(nrun, N);
	ck_assert_int_eq(most_running, 2);
	/* The two first were taken together; from then on each in turn. */
	for (int i = 2; i < N; i++)
		ck_assert_ptr_eq(order[i], &reqs[i]);
	for (int i = 0; i < N; i++) {
		ck_assert_int_eq(reqs[i].reply.status, 200);
		lane_withdraw(l, &reqs[i]);
	}
	lane_free(l);
}
END_TEST

START_TEST(a_request_that_waited_too_long_is_expired)
{
	struct lane *l = lane_of(1, 64, 0);
	static struct request req;
	memset(&req, 0, sizeof(req));
	usleep(1000);
	ck_assert(lane_submit(l, &req));
	until_unparked(&req, 1);
	ck_assert_int_eq(nrun, 0);
	ck_assert_int_eq(nexpired, 1);
	ck_assert_int_eq(req.reply.status, 503);
	lane_free(l);
}
END_TEST

START_TEST(a_full_line_and_a_closed_lane_refuse_without_parking)
{
	struct lane *l = lane_of(1, 2, 10000);
	static struct request reqs[4];
	memset(reqs, 0, sizeof(reqs));
	set_hold(true);
	ck_assert(lane_submit(l, &reqs[0]));
	until_run(1);
	ck_assert(lane_submit(l, &reqs[1]));
	ck_assert(lane_submit(l, &reqs[2]));
	ck_assert(!lane_submit(l, &reqs[3]));
	ck_assert_int_eq(atomic_load(&reqs[3].park_state), PARK_NONE);
	lane_close(l);
	set_hold(false);
	until_unparked(reqs, 3);
	ck_assert_int_eq(nrun, 1);
	ck_assert_int_eq(nexpired, 2);
	ck_assert(!lane_submit(l, &reqs[3]));
	lane_free(l);
}
END_TEST

START_TEST(closing_answers_the_line_while_the_threads_are_busy)
{
	/* At shutdown a batch may hold both lane threads for as long as the database keeps it; the batches in line
	 * must not wait for it: they are expired by lane_close itself, so their clients can retry elsewhere at once. */
	static struct request reqs[3];
	struct lane *l = one_held_two_in_line(reqs);
	lane_close(l);
	until_unparked(&reqs[1], 2);
	ck_assert_int_eq(atomic_load(&reqs[1].park_state), PARK_WOKEN);
	ck_assert_int_eq(atomic_load(&reqs[2].park_state), PARK_WOKEN);
	ck_assert_int_eq(nexpired, 2);
	ck_assert_int_eq(atomic_load(&reqs[0].park_state), PARK_WAITING);   /* still being worked on */
	set_hold(false);
	lane_drain(l);
	ck_assert_int_eq(nrun, 1);
	ck_assert_int_eq(atomic_load(&reqs[0].park_state), PARK_WOKEN);
	lane_free(l);
}
END_TEST

START_TEST(a_withdrawn_request_is_never_worked_on)
{
	static struct request reqs[3];
	struct lane *l = one_held_two_in_line(reqs);
	lane_withdraw(l, &reqs[1]);
	set_hold(false);
	until_unparked(&reqs[2], 1);
	ck_assert_int_eq(nrun, 2);
	ck_assert_ptr_eq(order[1], &reqs[2]);
	ck_assert_int_eq(reqs[1].reply.status, 0);
	ck_assert_int_eq(atomic_load(&reqs[1].park_state), PARK_WAITING);   /* parked, never unparked */
	lane_free(l);
}
END_TEST

Suite *lane_suite(void)
{
	Suite *s = suite_create("lane");
	TCase *t = tcase_create("lane");
	tcase_add_test(t, requests_are_worked_on_in_order_two_at_a_time);
	tcase_add_test(t, a_request_that_waited_too_long_is_expired);
	tcase_add_test(t, a_full_line_and_a_closed_lane_refuse_without_parking);
	tcase_add_test(t, closing_answers_the_line_while_the_threads_are_busy);
	tcase_add_test(t, a_withdrawn_request_is_never_worked_on);
	suite_add_tcase(s, t);
	return s;
}
