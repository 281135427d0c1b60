/* The task status machine, checked for every status × transition × relation of the caller against the rules of
 * SPEC §3 written out here independently of the implementation's tables. */
#include <string.h>

#include "salesctl/domain/task_status.h"
#include "suites.h"

/* The allowed moves, as the spec words them. */
static bool spec_move(enum task_status from, enum task_transition t)
{
	switch (t) {
	case TT_IN_PROGRESS: return from == TASK_NEW;
	case TT_DONE: return from == TASK_IN_PROGRESS;
	case TT_ACCEPTED: return from == TASK_DONE;
	case TT_CANCELLED: return from == TASK_NEW || from == TASK_IN_PROGRESS;
	case TT_RETURNED: return from == TASK_DONE;
	default: return false;
	}
}

/* "Assignee may start/complete; author or the assignee's head may accept, return, cancel." */
static bool spec_may_ask(enum task_transition t, unsigned rel)
{
	if (t == TT_IN_PROGRESS || t == TT_DONE)
		return rel & TASK_REL_ASSIGNEE;
	return rel & (TASK_REL_AUTHOR | TASK_REL_HEAD);
}

START_TEST(every_status_transition_and_relation)
{
	int checked = 0;
	for (int s = 0; s < TASK_STATUS__COUNT; s++) {
		for (int t = 0; t < TT__COUNT; t++) {
			for (unsigned rel = 0; rel < 8; rel++) {
				enum task_verdict want = !spec_may_ask((enum task_transition)t, rel) ? TASK_FORBIDDEN
							 : spec_move((enum task_status)s, (enum task_transition)t)
								 ? TASK_ALLOWED
								 : TASK_INVALID_TRANSITION;
				enum task_verdict got =
					task_transition_allowed((enum task_status)s, (enum task_transition)t, rel);
				ck_assert_msg(got == want, "%s --%s--> relations %u: got %d, want %d",
					      task_status_name((enum task_status)s),
					      task_transition_name((enum task_transition)t), rel, got, want);
				checked++;
			}
		}
	}
	ck_assert_int_eq(checked, 5 * 5 * 8);
}
END_TEST

START_TEST(targets_and_comments)
{
	ck_assert_int_eq(task_transition_target(TT_RETURNED), TASK_IN_PROGRESS);
	ck_assert_int_eq(task_transition_target(TT_ACCEPTED), TASK_ACCEPTED);
	ck_assert_int_eq(task_transition_target(TT_CANCELLED), TASK_CANCELLED);
	ck_assert(task_transition_needs_comment(TT_RETURNED));
	ck_assert(!task_transition_needs_comment(TT_CANCELLED));
	ck_assert(task_status_editable(TASK_DONE));
	ck_assert(!task_status_editable(TASK_ACCEPTED));
	ck_assert(!task_status_editable(TASK_CANCELLED));
}
END_TEST

START_TEST(names_round_trip)
{
	for (int s = 0; s < TASK_STATUS__COUNT; s++)
		ck_assert_int_eq(task_status_parse(task_status_name((enum task_status)s)), s);
	for (int t = 0; t < TT__COUNT; t++)
		ck_assert_int_eq(task_transition_parse(task_transition_name((enum task_transition)t)), t);
	ck_assert_int_eq(task_status_parse("closed"), -1);
	ck_assert_int_eq(task_transition_parse("new"), -1);
	ck_assert_int_eq(task_transition_parse(NULL), -1);
}
END_TEST

Suite *task_status_suite(void)
{
	Suite *s = suite_create("task_status");
	TCase *t = tcase_create("machine");
	tcase_add_test(t, every_status_transition_and_relation);
	tcase_add_test(t, targets_and_comments);
	tcase_add_test(t, names_round_trip);
	suite_add_tcase(s, t);
	return s;
}
