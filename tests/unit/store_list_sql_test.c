/* src/store/list_sql.c: the statement of every request shape of a list. Checked on the task list's shape, every
 * sort in both directions, with and without filters, search, cursor and total, for each role: every placeholder is
 * numbered, every parameter used is given, values only ever travel as parameters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "salesctl/store/list_sql.h"
#include "salesctl/store/daily_reports.h"
#include "salesctl/store/tasks.h"
#include "suites.h"

#define ORG "0b7c8a4e-5f2d-4c1e-9a7b-3d6e8f901234"
#define VIEWER "1c8d9b5f-6a3e-4d2f-8b8c-4e7f9a012345"

/* The highest $n the text refers to. */
static int highest_param(const char *sql)
{
	int top = 0;
	for (const char *p = strchr(sql, '$'); p; p = strchr(p + 1, '$')) {
		int n = atoi(p + 1);
		ck_assert_msg(n > 0, "unnumbered placeholder at: %.40s", p);
		if (n > top)
			top = n;
	}
	return top;
}

static void check_shape(const struct list_params *p)
{
	struct list_sql s;
	ck_assert_int_eq(list_sql_compose(&store_task_list_shape, p, &s), 0);
	ck_assert_int_eq(highest_param(s.sql), s.nparams);
	for (int i = 0; i < s.nparams; i++)
		ck_assert_ptr_nonnull(s.params[i]);
	/* No value in the text: the search text and the filter values are only parameters. */
	ck_assert_ptr_null(strstr(s.sql, "Иван"));
	ck_assert_ptr_null(strstr(s.sql, "in_progress\""));
	/* Owners get no reach condition and so no viewer parameter. */
	bool has_viewer = false;
	for (int i = 0; i < s.nparams; i++)
		has_viewer |= s.params[i] == p->viewer_id;
	ck_assert(has_viewer == (p->role != ROLE_OWNER));
	const char *head = p->total ? "SELECT r.*, c.total FROM (SELECT count(*)" : "SELECT * FROM (SELECT t.id, t.title,";
	ck_assert(strncmp(s.sql, head, strlen(head)) == 0);
	list_sql_free(&s);
}

START_TEST(every_shape_numbers_its_parameters)
{
	const enum role roles[] = {ROLE_OWNER, ROLE_HEAD, ROLE_MANAGER};
	for (size_t r = 0; r < 3; r++) {
		for (size_t sort = 0; sort < store_task_list_shape.nsorts; sort++) {
			for (int bits = 0; bits < 16; bits++) {
				struct list_params p = {.org_id = ORG, .viewer_id = VIEWER, .role = roles[r], .sort = sort,
							.ascending = bits & 1, .limit = 20, .total = bits & 2};
				if (bits & 4) {
					p.values[0] = "2d9eac60-7b4f-4e3a-9c9d-5f8a0b123456";
					p.values[2] = "new,in_progress";
					p.values[8] = "2027-01-01T00:00:00Z";
				}
				if (bits & 8) {
					p.q = "Иван";
					p.after_key = "2026-12-01 10:00:00+00";
					p.after_id = "3e0fbd71-8c5a-4f4b-8d0e-6a9b1c234567";
				}
				check_shape(&p);
			}
		}
	}
}
END_TEST

START_TEST(values_become_arrays_and_patterns)
{
	struct list_params p = {.org_id = ORG, .viewer_id = VIEWER, .role = ROLE_OWNER, .limit = 5,
				.q = "100%_a\\b"};
	p.values[2] = "new,in_progress,";
	p.values[3] = "a\"b";
	struct list_sql s;
	ck_assert_int_eq(list_sql_compose(&store_task_list_shape, &p, &s), 0);
	/* $1 org, $2 status, $3 priority, $4 the pattern, $5 limit + 1. */
	ck_assert_int_eq(s.nparams, 5);
	ck_assert_str_eq(s.params[1], "{\"new\",\"in_progress\"}");
	ck_assert_str_eq(s.params[2], "{\"a\\\"b\"}");
	ck_assert_str_eq(s.params[3], "%100\\%\\_a\\\\b%");
	ck_assert_str_eq(s.params[4], "6");
	ck_assert_ptr_nonnull(strstr(s.sql, "t.status = ANY ($2::text[])"));
	ck_assert_ptr_nonnull(strstr(s.sql, "t.title ILIKE $4"));
	/* The rows are bounded by a constant first, so the generic plan is priced for a page and kept. */
	ck_assert_ptr_nonnull(strstr(s.sql, "ORDER BY t.created_at DESC, t.id DESC LIMIT 201) capped"
					    " ORDER BY capped.sk DESC, capped.i DESC LIMIT $5"));
	/* Tasks are rendered in C from their columns, read in one level with no per-row subquery. */
	ck_assert_ptr_nonnull(strstr(s.sql, "SELECT t.id, t.title, t.description"));
	ck_assert_ptr_null(strstr(s.sql, "task_json"));
	list_sql_free(&s);
	/* A list rendered by SQL: JSON only for the page's rows, read back by primary key. */
	struct list_params r = {.org_id = ORG, .viewer_id = VIEWER, .role = ROLE_OWNER, .limit = 5};
	ck_assert_int_eq(list_sql_compose(&store_report_list_shape, &r, &s), 0);
	ck_assert_ptr_nonnull(
		strstr(s.sql, "(SELECT daily_report_json(r)::text FROM daily_reports r WHERE r.org_id = $1 AND r.id = p.i)"));
	list_sql_free(&s);
	/* The count and the page share their parameters. */
	p.total = true;
	ck_assert_int_eq(list_sql_compose(&store_task_list_shape, &p, &s), 0);
	ck_assert_int_eq(s.nparams, 5);
	list_sql_free(&s);
}
END_TEST

/* A manager's "my tasks" (assignee_id = themselves) needs no reach condition: every such row is theirs. Another
 * assignee keeps it, so the filter cannot widen what anyone sees. */
START_TEST(a_filter_on_the_viewer_replaces_the_reach)
{
	struct list_params p = {.org_id = ORG, .viewer_id = VIEWER, .role = ROLE_MANAGER, .limit = 20};
	p.values[0] = VIEWER;
	struct list_sql s;
	ck_assert_int_eq(list_sql_compose(&store_task_list_shape, &p, &s), 0);
	ck_assert_ptr_null(strstr(s.sql, "author_id = $"));
	ck_assert_int_eq(s.nparams, 3);   /* organisation, assignee, limit */
	list_sql_free(&s);
	p.values[0] = "2d9eac60-7b4f-4e3a-9c9d-5f8a0b123456";
	ck_assert_int_eq(list_sql_compose(&store_task_list_shape, &p, &s), 0);
	ck_assert_ptr_nonnull(strstr(s.sql, "(t.author_id = $2 OR t.assignee_id = $2)"));
	list_sql_free(&s);
	/* A head's own tasks the same; a filter that does not name a person (status) never does. */
	p.role = ROLE_HEAD;
	p.values[0] = NULL;
	p.values[1] = VIEWER;
	ck_assert_int_eq(list_sql_compose(&store_task_list_shape, &p, &s), 0);
	ck_assert_ptr_null(strstr(s.sql, "ARRAY(SELECT"));
	list_sql_free(&s);
	p.values[1] = NULL;
	p.values[2] = VIEWER;
	ck_assert_int_eq(list_sql_compose(&store_task_list_shape, &p, &s), 0);
	ck_assert_ptr_nonnull(strstr(s.sql, "ARRAY(SELECT"));
	list_sql_free(&s);
}
END_TEST

START_TEST(sorts_parse_by_name_and_direction)
{
	size_t sort;
	bool asc;
	ck_assert_int_eq(list_sort_parse(&store_task_list_shape, "due_at", &sort, &asc), 0);
	ck_assert_str_eq(store_task_list_shape.sorts[sort].name, "due_at");
	ck_assert(asc);
	ck_assert_int_eq(list_sort_parse(&store_task_list_shape, "-priority", &sort, &asc), 0);
	ck_assert_str_eq(store_task_list_shape.sorts[sort].name, "priority");
	ck_assert(!asc);
	ck_assert_int_lt(list_sort_parse(&store_task_list_shape, "title", &sort, &asc), 0);
	ck_assert_int_lt(list_sort_parse(&store_task_list_shape, "--due_at", &sort, &asc), 0);
	ck_assert_int_lt(list_sort_parse(&store_task_list_shape, "", &sort, &asc), 0);
}
END_TEST

Suite *list_sql_suite(void)
{
	Suite *s = suite_create("list_sql");
	TCase *t = tcase_create("list_sql");
	tcase_add_test(t, every_shape_numbers_its_parameters);
	tcase_add_test(t, values_become_arrays_and_patterns);
	tcase_add_test(t, sorts_parse_by_name_and_direction);
	tcase_add_test(t, a_filter_on_the_viewer_replaces_the_reach);
	suite_add_tcase(s, t);
	return s;
}
