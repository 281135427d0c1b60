/* The counting gate: slots are shared out, a full gate makes the next holder wait and then give up, a freed slot
 * lets a waiter in, and waiters are let in in the order they came; tickets wait in the same line without blocking,
 * and are refused when late, when the line is full or when the gate is closed. */
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

/* A ticket's wake records the state it was woken in, and how many times. */
struct woken_ticket {
	struct gate_ticket t;
	int wakes;
	enum gate_ticket_state seen;
};

static void note_wake(void *arg)
{
	struct woken_ticket *w = arg;
	w->wakes++;
	w->seen = w->t.state;
}

/* A ticket on a full gate waits in line without blocking its caller, behind a blocking waiter that came first, and
 * is woken once, holding the slot, when the waiter ahead of it has had its turn. */
START_TEST(a_ticket_waits_its_turn_without_blocking)
{
	struct gate *g = gate_new(1);
	ck_assert(gate_enter(g, 10));
	pthread_t t;
	pthread_create(&t, NULL, enter_hold_leave, g);
	until_waiting(g, 1);
	struct woken_ticket w = {0};
	ck_assert_int_eq(gate_enter_or_queue(g, &w.t, 5000, note_wake, &w), GATE_TICKET_QUEUED);
	ck_assert_int_eq(gate_waiters(g), 2);
	gate_leave(g);
	void *waiter_in = NULL;
	pthread_join(t, &waiter_in);
	ck_assert(waiter_in != NULL);
	ck_assert_int_eq(w.wakes, 1);
	ck_assert_int_eq(w.seen, GATE_TICKET_GRANTED);
	ck_assert_int_eq(gate_waiters(g), 0);
	struct woken_ticket other = {0};
	ck_assert_int_eq(gate_enter_or_queue(g, &other.t, 5000, note_wake, &other), GATE_TICKET_QUEUED);
	gate_leave(g);
	ck_assert_int_eq(other.seen, GATE_TICKET_GRANTED);
	gate_leave(g);
	struct woken_ticket free_slot = {0};
	ck_assert_int_eq(gate_enter_or_queue(g, &free_slot.t, 5000, note_wake, &free_slot), GATE_TICKET_GRANTED);
	ck_assert_int_eq(free_slot.wakes, 0);
	gate_leave(g);
	gate_free(g);
}
END_TEST

/* A ticket whose deadline has passed is refused when a slot is freed, and the slot goes on to the next in line. */
START_TEST(a_late_ticket_is_refused_and_the_slot_goes_on)
{
	struct gate *g = gate_new(1);
	ck_assert(gate_enter(g, 10));
	struct woken_ticket late = {0}, on_time = {0};
	ck_assert_int_eq(gate_enter_or_queue(g, &late.t, 0, note_wake, &late), GATE_TICKET_QUEUED);
	ck_assert_int_eq(gate_enter_or_queue(g, &on_time.t, 5000, note_wake, &on_time), GATE_TICKET_QUEUED);
	usleep(2 * 1000);
	gate_leave(g);
	ck_assert_int_eq(late.wakes, 1);
	ck_assert_int_eq(late.seen, GATE_TICKET_REFUSED);
	ck_assert_int_eq(on_time.wakes, 1);
	ck_assert_int_eq(on_time.seen, GATE_TICKET_GRANTED);
	gate_leave(g);
	ck_assert(gate_enter(g, 10));
	gate_leave(g);
	gate_free(g);
}
END_TEST

/* Closing refuses the tickets in line and every later one; the holders keep their slots and leave as usual. */
START_TEST(a_closed_gate_refuses_tickets)
{
	struct gate *g = gate_new(1);
	ck_assert(gate_enter(g, 10));
	struct woken_ticket a = {0}, b = {0}, later = {0};
	ck_assert_int_eq(gate_enter_or_queue(g, &a.t, 5000, note_wake, &a), GATE_TICKET_QUEUED);
	ck_assert_int_eq(gate_enter_or_queue(g, &b.t, 5000, note_wake, &b), GATE_TICKET_QUEUED);
	gate_close(g);
	ck_assert_int_eq(a.wakes + b.wakes, 2);
	ck_assert_int_eq(a.seen, GATE_TICKET_REFUSED);
	ck_assert_int_eq(b.seen, GATE_TICKET_REFUSED);
	ck_assert_int_eq(gate_waiters(g), 0);
	ck_assert_int_eq(gate_enter_or_queue(g, &later.t, 5000, note_wake, &later), GATE_TICKET_REFUSED);
	ck_assert_int_eq(later.wakes, 0);
	gate_leave(g);
	ck_assert(gate_enter(g, 10));
	gate_leave(g);
	gate_free(g);
}
END_TEST

/* A ticket's owner withdraws it before freeing it: one in line leaves the line (never woken, the slot goes to the
 * next); one that was handed a slot says so, and the slot is left. */
START_TEST(a_withdrawn_ticket_is_never_woken)
{
	struct gate *g = gate_new(1);
	ck_assert(gate_enter(g, 10));
	struct woken_ticket gone = {0}, next = {0};
	ck_assert_int_eq(gate_enter_or_queue(g, &gone.t, 5000, note_wake, &gone), GATE_TICKET_QUEUED);
	ck_assert_int_eq(gate_enter_or_queue(g, &next.t, 5000, note_wake, &next), GATE_TICKET_QUEUED);
	ck_assert(!gate_withdraw(g, &gone.t));
	ck_assert_int_eq(gate_waiters(g), 1);
	gate_leave(g);
	ck_assert_int_eq(gone.wakes, 0);
	ck_assert_int_eq(next.seen, GATE_TICKET_GRANTED);
	ck_assert(gate_withdraw(g, &next.t));
	gate_leave(g);
	ck_assert(gate_enter(g, 10));
	gate_leave(g);
	gate_free(g);
}
END_TEST

/* The line is bounded: a ticket beyond GATE_MAX_QUEUED is refused at once. */
START_TEST(a_full_line_refuses_tickets)
{
	struct gate *g = gate_new(1);
	ck_assert(gate_enter(g, 10));
	static struct woken_ticket line[GATE_MAX_QUEUED + 1];
	for (int i = 0; i < GATE_MAX_QUEUED; i++)
		ck_assert_int_eq(gate_enter_or_queue(g, &line[i].t, 5000, note_wake, &line[i]), GATE_TICKET_QUEUED);
	ck_assert_int_eq(gate_enter_or_queue(g, &line[GATE_MAX_QUEUED].t, 5000, note_wake, &line[GATE_MAX_QUEUED]),
			 GATE_TICKET_REFUSED);
	gate_close(g);
	for (int i = 0; i < GATE_MAX_QUEUED; i++)
		ck_assert_int_eq(line[i].seen, GATE_TICKET_REFUSED);
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
	tcase_add_test(t, a_ticket_waits_its_turn_without_blocking);
	tcase_add_test(t, a_late_ticket_is_refused_and_the_slot_goes_on);
	tcase_add_test(t, a_closed_gate_refuses_tickets);
	tcase_add_test(t, a_full_line_refuses_tickets);
	tcase_add_test(t, a_withdrawn_ticket_is_never_woken);
	suite_add_tcase(s, t);
	return s;
}
