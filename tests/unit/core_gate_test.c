/* The counting gate: slots are shared out, a full gate makes the next holder wait and then give up, a freed slot
 * lets a waiter in, and waiters are let in in the order they came. */
#include <pthread.h>
#include <unistd.h>

#include "salesctl/core/gate.h"
#include "suites.h"

START_TEST(full_gate_times_out_until_a_slot_is_freed)
{
	struct gate *g = gate_new(2);
	ck_assert(gate_enter(g, 10));
	ck_assert(gate_enter(g, 10));
	ck_assert(!gate_enter(g, 50));
	gate_leave(g);
	ck_assert(gate_enter(g, 10));
	gate_leave(g);
	gate_leave(g);
	gate_free(g);
}
END_TEST

static void *leave_soon(void *arg)
{
	usleep(50 * 1000);
	gate_leave(arg);
	return NULL;
}

START_TEST(a_waiter_gets_the_slot_that_is_freed)
{
	struct gate *g = gate_new(1);
	ck_assert(gate_enter(g, 10));
	pthread_t t;
	pthread_create(&t, NULL, leave_soon, g);
	ck_assert(gate_enter(g, 5000));
	pthread_join(t, NULL);
	gate_leave(g);
	gate_free(g);
}
END_TEST

/* Waits until n callers wait at g (the threads below are queued then, whatever the machine's load). */
static void until_waiting(struct gate *g, int n)
{
	for (int i = 0; i < 5000 && gate_waiters(g) < n; i++)
		usleep(1000);
	ck_assert_int_eq(gate_waiters(g), n);
}

struct queued {
	struct gate *g;
	int order;
	int *admitted;   /* the orders, as they got in */
	int *count;
	pthread_mutex_t *lock;
};

static void *enter_and_note(void *arg)
{
	struct queued *q = arg;
	if (gate_enter(q->g, 10000)) {
		pthread_mutex_lock(q->lock);
		q->admitted[(*q->count)++] = q->order;
		pthread_mutex_unlock(q->lock);
		gate_leave(q->g);
	}
	return NULL;
}

/* Five threads queue one after another on a full gate; each gets in only after those queued before it, and one that
 * comes while a slot is being handed over does not jump the queue. */
START_TEST(waiters_are_let_in_in_the_order_they_came)
{
	struct gate *g = gate_new(1);
	ck_assert(gate_enter(g, 10));
	pthread_t t[5];
	struct queued q[5];
	int admitted[5], count = 0;
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	for (int i = 0; i < 5; i++) {
		q[i] = (struct queued){g, i, admitted, &count, &lock};
		pthread_create(&t[i], NULL, enter_and_note, &q[i]);
		until_waiting(g, i + 1);
	}
	gate_leave(g);
	for (int i = 0; i < 5; i++)
		pthread_join(t[i], NULL);
	ck_assert_int_eq(count, 5);
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(admitted[i], i);
	/* Everyone left: the slot is free again. */
	ck_assert(gate_enter(g, 10));
	gate_leave(g);
	gate_free(g);
}
END_TEST

static void *enter_hold_leave(void *arg)
{
	struct gate *g = arg;
	bool in = gate_enter(g, 5000);
	usleep(20 * 1000);
	if (in)
		gate_leave(g);
	return (void *)(long)in;
}

/* A slot freed while someone waits is theirs: a caller arriving at that moment does not take it first. */
START_TEST(a_freed_slot_goes_to_the_waiter_not_a_newcomer)
{
	struct gate *g = gate_new(1);
	ck_assert(gate_enter(g, 10));
	pthread_t t;
	pthread_create(&t, NULL, enter_hold_leave, g);
	until_waiting(g, 1);
	gate_leave(g);
	ck_assert(!gate_enter(g, 1));
	void *waiter_in = NULL;
	pthread_join(t, &waiter_in);
	ck_assert(waiter_in != NULL);
	gate_free(g);
}
END_TEST

/* A waiter that gives up leaves the queue: the next freed slot goes to the one behind it. */
START_TEST(a_waiter_that_gives_up_leaves_the_queue)
{
	struct gate *g = gate_new(1);
	ck_assert(gate_enter(g, 10));
	ck_assert(!gate_enter(g, 30));
	pthread_t t;
	pthread_create(&t, NULL, leave_soon, g);
	ck_assert(gate_enter(g, 5000));
	pthread_join(t, NULL);
	gate_leave(g);
	ck_assert(gate_enter(g, 10));
	gate_leave(g);
	gate_free(g);
}
END_TEST

Suite *gate_suite(void)
{
	Suite *s = suite_create("gate");
	TCase *t = tcase_create("gate");
	tcase_add_test(t, full_gate_times_out_until_a_slot_is_freed);
	tcase_add_test(t, a_waiter_gets_the_slot_that_is_freed);
	tcase_add_test(t, waiters_are_let_in_in_the_order_they_came);
	tcase_add_test(t, a_waiter_that_gives_up_leaves_the_queue);
	tcase_add_test(t, a_freed_slot_goes_to_the_waiter_not_a_newcomer);
	suite_add_tcase(s, t);
	return s;
}
