/* The counting gate: slots are shared out, a full gate makes the next holder wait and then give up, a freed slot
 * lets a waiter in. */
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

Suite *gate_suite(void)
{
	Suite *s = suite_create("gate");
	TCase *t = tcase_create("gate");
	tcase_add_test(t, full_gate_times_out_until_a_slot_is_freed);
	tcase_add_test(t, a_waiter_gets_the_slot_that_is_freed);
	suite_add_tcase(s, t);
	return s;
}
