/* Lists a UI needs (SPEC §6.1) on GET /v1/tasks: every sort in both directions walked page by page through its cursor,
 * multi-value enum filters, `q` (Cyrillic, case-insensitive, wildcards taken literally) and `include_total`, for an
 * owner, a head and a manager, in an organisation of their own. */
#include <stdio.h>
#include <string.h>

#include "world.h"

static struct member owner, head, m1, m2, outsider;
static char org[37];

#define NTASKS 9

/* Titles, due dates, priorities and the status each task is moved to; m1 gets the even ones, m2 the odd ones. */
static const struct {
	const char *title, *due, *priority, *status;
} tasks[NTASKS] = {
	{"Позвонить Иванову", "2027-03-05T09:00:00Z", "high", "new"},
	{"ИВАНОВ: выставить счёт", "2027-03-01T09:00:00Z", "low", "in_progress"},
	{"Счёт для Петрова", "2027-03-05T09:00:00Z", "critical", "done"},
	{"100% предоплата", "2027-02-20T09:00:00Z", "normal", "accepted"},
	{"snake_case отчёт", "2027-03-10T09:00:00Z", "normal", "cancelled"},
	{"Встреча в офисе", "2027-03-05T09:00:00Z", "high", "new"},
	{"Коммерческое предложение", "2027-04-01T09:00:00Z", "critical", "in_progress"},
	{"Разбор звонка", "2027-03-02T09:00:00Z", "low", "new"},
	{"Обучение продукту", "2027-03-03T09:00:00Z", "normal", "done"},
};
static char ids[NTASKS][37];

static void move(const struct member *who, const char *id, const char *to)
{
	char path[128], body[64];
	snprintf(path, sizeof(path), "/v1/tasks/%s/transitions", id);
	snprintf(body, sizeof(body), "{\"to\":\"%s\"}", to);
	struct resp *r = http_post(path, who->token, body);
	expect_status(r, 200);
	resp_free(r);
}

static void setup_world(void)
{
	if (org[0])
		return;
	char team[37], other_org[37];
	ck_assert_int_eq(world_org("listsco", org, &owner), 0);
	ck_assert_int_eq(world_user(&owner, "Head", "head@listsco.test", "head", NULL, &head), 0);
	ck_assert_int_eq(world_team(&owner, "Sales", head.id, team), 0);
	ck_assert_int_eq(world_user(&owner, "Анна", "anna@listsco.test", "manager", team, &m1), 0);
	ck_assert_int_eq(world_user(&owner, "Борис", "boris@listsco.test", "manager", team, &m2), 0);
	ck_assert_int_eq(world_org("listsco-other", other_org, &outsider), 0);
	for (int i = 0; i < NTASKS; i++) {
		const struct member *to = i % 2 ? &m2 : &m1;
		char body[512];
		snprintf(body, sizeof(body), "{\"title\":\"%s\",\"assignee_id\":\"%s\",\"due_at\":\"%s\",\"priority\":\"%s\"}",
			 tasks[i].title, to->id, tasks[i].due, tasks[i].priority);
		struct resp *r = http_post("/v1/tasks", head.token, body);
		expect_status(r, 201);
		snprintf(ids[i], 37, "%s", resp_str(r, "id"));
		resp_free(r);
		const char *s = tasks[i].status;
		if (strcmp(s, "cancelled") == 0) {
			move(&head, ids[i], "cancelled");
			continue;
		}
		if (strcmp(s, "new") != 0)
			move(to, ids[i], "in_progress");
		if (strcmp(s, "done") == 0 || strcmp(s, "accepted") == 0)
			move(to, ids[i], "done");
		if (strcmp(s, "accepted") == 0)
			move(&head, ids[i], "accepted");
	}
	/* Another organisation's task matching the searches below: never seen. */
	struct member other_m;
	ck_assert_int_eq(world_user(&outsider, "Иванов", "ivanov@other.test", "manager", NULL, &other_m), 0);
	char body[256];
	snprintf(body, sizeof(body), "{\"title\":\"Иванову перезвонить\",\"assignee_id\":\"%s\",\"due_at\":\"2027-03-01T09:00:00Z\"}",
		 other_m.id);
	struct resp *r = http_post("/v1/tasks", outsider.token, body);
	expect_status(r, 201);
	resp_free(r);
}

/* value percent-encoded for a query string. */
static void escape(const char *value, char *out, size_t size)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)value; *p && n + 4 < size; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_')
			out[n++] = (char)*p;
		else
			n += (size_t)snprintf(out + n, size - n, "%%%02X", *p);
	}
	out[n] = '\0';
}

static int rank(const char *const *order, const char *value)
{
	for (int i = 0; order[i]; i++)
		if (strcmp(order[i], value) == 0)
			return i;
	ck_abort_msg("unknown value %s", value);
	return -1;
}

/* -1, 0, 1 as a before b by the sort field (timestamps come in one format, UTC, so they compare as text). */
static int compare_by(const char *field, const json_t *a, const json_t *b)
{
	static const char *const priorities[] = {"low", "normal", "high", "critical", NULL};
	static const char *const statuses[] = {"new", "in_progress", "done", "accepted", "cancelled", NULL};
	const char *x = json_string_value(json_object_get(a, field)), *y = json_string_value(json_object_get(b, field));
	ck_assert_msg(x && y, "no %s", field);
	int c;
	if (strcmp(field, "priority") == 0)
		c = rank(priorities, x) - rank(priorities, y);
	else if (strcmp(field, "status") == 0)
		c = rank(statuses, x) - rank(statuses, y);
	else
		c = strcmp(x, y);
	if (c == 0)
		c = strcmp(json_string_value(json_object_get(a, "id")), json_string_value(json_object_get(b, "id")));
	return (c > 0) - (c < 0);
}

/* Every item of list (a path such as /v1/tasks) the query selects, walking pages of `limit`; checks that each page's
 * total (asked for) stays the same and that the walk saw exactly that many. */
static json_t *walk_list(const struct member *who, const char *list, const char *query, int limit)
{
	json_t *all = json_array();
	char path[1024], cursor[800] = "";
	long long total = -1;
	for (int pages = 0; pages < 40; pages++) {
		snprintf(path, sizeof(path), "%s?limit=%d&include_total=true%s%s%s", list, limit, query,
			 cursor[0] ? "&cursor=" : "", cursor);
		struct resp *r = http_get(path, who->token);
		expect_status(r, 200);
		long long t = (long long)json_expect_integer(r->json, "total");
		ck_assert(total < 0 || t == total);
		total = t;
		json_array_extend(all, json_object_get(r->json, "items"));
		json_t *next = json_object_get(r->json, "next_cursor");
		if (json_is_null(next)) {
			ck_assert_int_eq((long long)json_array_size(all), total);
			resp_free(r);
			return all;
		}
		escape(json_string_value(next), cursor, sizeof(cursor));
		resp_free(r);
	}
	ck_abort_msg("more than 40 pages for %s%s", list, query);
	return NULL;
}

/* How many items walk_list finds. */
static size_t walk_count(const struct member *who, const char *list, const char *query)
{
	json_t *all = walk_list(who, list, query, 4);
	size_t n = json_array_size(all);
	json_decref(all);
	return n;
}

static json_t *walk(const struct member *who, const char *query)
{
	return walk_list(who, "/v1/tasks", query, 2);
}

START_TEST(every_sort_walks_every_page_in_order)
{
	static const char *const fields[] = {"created_at", "due_at", "control_at", "priority", "status"};
	const struct member *who[] = {&owner, &head, &m1};
	const size_t expected[] = {NTASKS, NTASKS, (NTASKS + 1) / 2};
	for (size_t w = 0; w < 3; w++) {
		for (size_t f = 0; f < 5; f++) {
			for (int desc = 0; desc < 2; desc++) {
				char query[64];
				snprintf(query, sizeof(query), "&sort=%s%s", desc ? "-" : "", fields[f]);
				json_t *all = walk(who[w], query);
				ck_assert_msg(json_array_size(all) == expected[w], "%s as %zu: %zu items", query, w,
					      json_array_size(all));
				for (size_t i = 1; i < json_array_size(all); i++) {
					int c = compare_by(fields[f], json_array_get(all, i - 1), json_array_get(all, i));
					ck_assert_msg(c == (desc ? 1 : -1), "%s as %zu: items %zu and %zu out of order", query, w,
						      i - 1, i);
				}
				json_decref(all);
			}
		}
	}
	/* Without a sort: newest first, as always. */
	json_t *all = walk(&owner, "");
	for (size_t i = 1; i < json_array_size(all); i++)
		ck_assert_int_eq(compare_by("created_at", json_array_get(all, i - 1), json_array_get(all, i)), 1);
	json_decref(all);
}
END_TEST

static long long total_of(const struct member *who, const char *query)
{
	char path[512];
	snprintf(path, sizeof(path), "/v1/tasks?include_total=true&limit=1%s", query);
	struct resp *r = http_get(path, who->token);
	expect_status(r, 200);
	long long t = (long long)json_expect_integer(r->json, "total");
	ck_assert_uint_le(json_array_size(json_object_get(r->json, "items")), 1);
	resp_free(r);
	return t;
}

START_TEST(several_values_and_totals)
{
	ck_assert_int_eq(total_of(&owner, "&status=new,in_progress"), 5);
	ck_assert_int_eq(total_of(&owner, "&status=done,accepted,cancelled"), 4);
	ck_assert_int_eq(total_of(&owner, "&priority=high,critical"), 4);
	ck_assert_int_eq(total_of(&owner, "&priority=critical&status=new,in_progress"), 1);
	ck_assert_int_eq(total_of(&m2, "&status=new,in_progress"), 3);
	char q[128];
	snprintf(q, sizeof(q), "&assignee_id=%s&status=new", m1.id);
	ck_assert_int_eq(total_of(&head, q), 1);
	/* Nothing selected: an empty page that still says how many. */
	struct resp *r = http_get("/v1/tasks?status=accepted&priority=critical&include_total=true", owner.token);
	expect_status(r, 200);
	ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 0);
	ck_assert_int_eq(json_expect_integer(r->json, "total"), 0);
	ck_assert(json_is_null(json_object_get(r->json, "next_cursor")));
	resp_free(r);
	/* Without include_total there is no total. */
	r = http_get("/v1/tasks?status=new", owner.token);
	expect_status(r, 200);
	ck_assert_ptr_null(json_object_get(r->json, "total"));
	resp_free(r);
	/* Every bad parameter is listed. */
	r = http_get("/v1/tasks?status=new,bogus&priority=high,&include_total=maybe&sort=-title&q=", owner.token);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "status"));
	ck_assert(resp_has_error_field(r, "priority"));
	ck_assert(resp_has_error_field(r, "include_total"));
	ck_assert(resp_has_error_field(r, "sort"));
	ck_assert(resp_has_error_field(r, "q"));
	resp_free(r);
}
END_TEST

static long long search(const struct member *who, const char *text)
{
	char q[256];
	strcpy(q, "&q=");
	escape(text, q + 3, sizeof(q) - 3);
	return total_of(who, q);
}

START_TEST(search_is_case_insensitive_cyrillic_and_literal)
{
	ck_assert_int_eq(search(&owner, "иванов"), 2);
	ck_assert_int_eq(search(&owner, "ИВАН"), 2);
	ck_assert_int_eq(search(&owner, "Иванову"), 1);
	ck_assert_int_eq(search(&owner, "счёт"), 2);
	ck_assert_int_eq(search(&owner, "СЧЁТ ДЛЯ"), 1);
	ck_assert_int_eq(search(&owner, "%"), 1);     /* "100% предоплата", not everything */
	ck_assert_int_eq(search(&owner, "_"), 1);     /* "snake_case отчёт", not every title */
	ck_assert_int_eq(search(&owner, "\\"), 0);
	ck_assert_int_eq(search(&owner, "нет такого"), 0);
	ck_assert_int_eq(search(&m1, "иванов"), 1);   /* m2's is out of m1's reach */
	ck_assert_int_eq(search(&outsider, "иванов"), 1);   /* their own only */
	/* A search walks its pages under a sort like any list. */
	char query[128];
	strcpy(query, "&sort=due_at&q=");
	escape("о", query + strlen(query), sizeof(query) - strlen(query));
	json_t *all = walk(&owner, query);
	ck_assert_uint_ge(json_array_size(all), 5);
	for (size_t i = 1; i < json_array_size(all); i++)
		ck_assert_int_eq(compare_by("due_at", json_array_get(all, i - 1), json_array_get(all, i)), -1);
	json_decref(all);
}
END_TEST

/* A's lower-case form for sorting as PostgreSQL's lower() does under a UTF-8 locale, for the ASCII and Russian
 * letters the test's names use. */
static void lower_name(const char *in, char *out, size_t size)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)in; *p && n + 3 < size; p++) {
		if (*p >= 'A' && *p <= 'Z') {
			out[n++] = (char)(*p + 32);
		} else if (p[0] == 0xD0 && p[1] >= 0x90 && p[1] <= 0x9F) {         /* А-П → а-п */
			out[n++] = (char)0xD0;
			out[n++] = (char)(*++p + 0x20);
		} else if (p[0] == 0xD0 && p[1] >= 0xA0 && p[1] <= 0xAF) {         /* Р-Я → р-я */
			out[n++] = (char)0xD1;
			out[n++] = (char)(*++p - 0x20);
		} else {
			out[n++] = (char)*p;
		}
	}
	out[n] = '\0';
}

enum key_kind { KEY_TEXT, KEY_LOWER, KEY_INT, KEY_RANK };

/* -1, 0, 1 as a before b by field (ranked by ranks for KEY_RANK), then by id. */
static int compare_key(const json_t *a, const json_t *b, const char *field, enum key_kind kind,
		       const char *const *ranks)
{
	const json_t *x = json_object_get(a, field), *y = json_object_get(b, field);
	ck_assert_msg(x && y, "no %s", field);
	int c;
	if (kind == KEY_INT) {
		c = (json_integer_value(x) > json_integer_value(y)) - (json_integer_value(x) < json_integer_value(y));
	} else if (kind == KEY_RANK) {
		c = rank(ranks, json_string_value(x)) - rank(ranks, json_string_value(y));
	} else if (kind == KEY_LOWER) {
		char lx[256], ly[256];
		lower_name(json_string_value(x), lx, sizeof(lx));
		lower_name(json_string_value(y), ly, sizeof(ly));
		c = strcmp(lx, ly);
	} else {
		c = strcmp(json_string_value(x), json_string_value(y));
	}
	if (c == 0)
		c = strcmp(json_string_value(json_object_get(a, "id")), json_string_value(json_object_get(b, "id")));
	return (c > 0) - (c < 0);
}

START_TEST(the_other_lists_sort_filter_and_count)
{
	/* Reports on three days, calls of several lengths, alerts from a pass. */
	const struct member *ms[] = {&m1, &m2};
	const char *dates[] = {"2026-11-03", "2026-11-05", "2026-11-04"};
	char body[512];
	for (int m = 0; m < 2; m++) {
		for (int d = 0; d < 3; d++) {
			snprintf(body, sizeof(body), "{\"date\":\"%s\",\"calls_outbound\":%d}", dates[d], 10 + d);
			struct resp *r = http_post("/v1/daily-reports", ms[m]->token, body);
			expect_status(r, 201);
			resp_free(r);
		}
		for (int c = 0; c < 5; c++) {
			snprintf(body, sizeof(body),
				 "{\"direction\":\"%s\",\"started_at\":\"2026-11-0%dT1%d:00:00Z\",\"duration_s\":%d,"
				 "\"outcome\":\"%s\"}",
				 c % 2 ? "inbound" : "outbound", 2 + c % 3, c, (c * 37) % 100, c % 2 ? "talked" : "no_answer");
			struct resp *r = http_post("/v1/call-logs", ms[m]->token, body);
			expect_status(r, 201);
			resp_free(r);
		}
	}
	for (int i = 0; i < 4; i++) {
		snprintf(body, sizeof(body), "{\"manager_id\":\"%s\",\"scheduled_at\":\"2027-0%d-1%dT10:00:00Z\"}",
			 ms[i % 2]->id, 1 + i % 3, i);
		struct resp *r = http_post("/v1/one-on-ones", head.token, body);
		expect_status(r, 201);
		resp_free(r);
		snprintf(body, sizeof(body), "{\"manager_id\":\"%s\",\"from\":\"2027-0%d-01\",\"to\":\"2027-0%d-03\",\"kind\":\"%s\"}",
			 ms[i % 2]->id, 5 + i, 5 + i, i % 2 ? "vacation" : "field");
		r = http_post("/v1/absences", owner.token, body);
		expect_status(r, 201);
		resp_free(r);
	}
	struct resp *r = http_post("/v1/admin/scheduler/run", owner.token, "{\"as_of\":\"2027-03-20T12:00:00Z\"}");
	expect_status(r, 200);
	resp_free(r);

	static const char *const severities[] = {"info", "warning", "critical", NULL};
	static const struct {
		const char *list, *sort, *field;
		enum key_kind kind;
		const char *const *ranks;
	} cases[] = {
		{"/v1/users", "name", "name", KEY_LOWER, NULL},
		{"/v1/users", "created_at", "created_at", KEY_TEXT, NULL},
		{"/v1/daily-reports", "date", "date", KEY_TEXT, NULL},
		{"/v1/call-logs", "started_at", "started_at", KEY_TEXT, NULL},
		{"/v1/call-logs", "duration_s", "duration_s", KEY_INT, NULL},
		{"/v1/alerts", "opened_at", "opened_at", KEY_TEXT, NULL},
		{"/v1/alerts", "severity", "severity", KEY_RANK, severities},
		{"/v1/teams", "name", "name", KEY_LOWER, NULL},
		{"/v1/one-on-ones", "scheduled_at", "scheduled_at", KEY_TEXT, NULL},
		{"/v1/absences", "created_at", "created_at", KEY_TEXT, NULL},
	};
	const struct member *who[] = {&owner, &head, &m2};
	for (size_t w = 0; w < 3; w++) {
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			for (int desc = 0; desc < 2; desc++) {
				char query[64];
				snprintf(query, sizeof(query), "&sort=%s%s", desc ? "-" : "", cases[i].sort);
				json_t *all = walk_list(who[w], cases[i].list, query, 3);
				ck_assert_msg(json_array_size(all) > 0, "%s%s as %zu: empty", cases[i].list, query, w);
				for (size_t k = 1; k < json_array_size(all); k++) {
					int c = compare_key(json_array_get(all, k - 1), json_array_get(all, k), cases[i].field,
							    cases[i].kind, cases[i].ranks);
					ck_assert_msg(c == (desc ? 1 : -1), "%s%s as %zu: items %zu and %zu out of order",
						      cases[i].list, query, w, k - 1, k);
				}
				json_decref(all);
			}
		}
	}
	/* A manager sees their own reports and calls only; several values of an enum; q on names and emails. */
	ck_assert_int_eq(walk_count(&m2, "/v1/call-logs", "&direction=inbound,outbound&outcome=talked,no_answer"), 5);
	ck_assert_int_eq(walk_count(&head, "/v1/call-logs", "&outcome=talked"), 4);
	ck_assert_int_eq(walk_count(&head, "/v1/daily-reports", "&reconciliation=match,mismatch,no_logs"), 6);
	ck_assert_int_eq(walk_count(&owner, "/v1/users", "&role=manager,head"), 3);
	char q[64];
	strcpy(q, "&q=");
	escape("БОР", q + 3, sizeof(q) - 3);
	json_t *all = walk_list(&owner, "/v1/users", q, 4);
	ck_assert_int_eq(json_array_size(all), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(all, 0), "id")), m2.id);
	json_decref(all);
	ck_assert_int_eq(walk_count(&head, "/v1/users", "&q=anna%40listsco"), 1);
	ck_assert_int_eq(walk_count(&m1, "/v1/users", "&q=boris"), 0);   /* out of a manager's reach */
	ck_assert_int_eq(walk_count(&m2, "/v1/one-on-ones", "&status=scheduled,held"), 2);   /* the 2nd and the 4th */
	ck_assert_int_eq(walk_count(&m1, "/v1/absences", ""), 2);
	ck_assert_int_eq(walk_count(&owner, "/v1/teams", "&q=SAL"), 1);
	ck_assert_int_gt(walk_count(&owner, "/v1/alerts", "&severity=info,warning,critical&status=open,resolved"), 0);
	/* Lists without a search refuse q; every bad value is named. */
	r = http_get("/v1/call-logs?q=x&direction=up,down&sort=-name", owner.token);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "q"));
	ck_assert(resp_has_error_field(r, "direction"));
	ck_assert(resp_has_error_field(r, "sort"));
	resp_free(r);
}
END_TEST

START_TEST(a_cursor_is_bound_to_its_sort)
{
	struct resp *r = http_get("/v1/tasks?sort=due_at&limit=1", owner.token);
	expect_status(r, 200);
	char cursor[800], path[1024];
	escape(json_string_value(json_object_get(r->json, "next_cursor")), cursor, sizeof(cursor));
	resp_free(r);
	const char *others[] = {"&sort=-due_at", "&sort=created_at", ""};
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "/v1/tasks?limit=1&cursor=%s%s", cursor, others[i]);
		r = http_get(path, owner.token);
		expect_status(r, 400);
		ck_assert_str_eq(resp_code(r), "invalid_cursor");
		resp_free(r);
	}
	snprintf(path, sizeof(path), "/v1/tasks?limit=1&cursor=%s&sort=due_at", cursor);
	r = http_get(path, owner.token);
	expect_status(r, 200);
	resp_free(r);
}
END_TEST

Suite *lists_suite(void)
{
	Suite *s = suite_create("lists");
	TCase *t = tcase_create("lists");
	tcase_set_timeout(t, 60);
	tcase_add_unchecked_fixture(t, setup_world, NULL);
	tcase_add_test(t, every_sort_walks_every_page_in_order);
	tcase_add_test(t, several_values_and_totals);
	tcase_add_test(t, search_is_case_insensitive_cyrillic_and_literal);
	tcase_add_test(t, a_cursor_is_bound_to_its_sort);
	tcase_add_test(t, the_other_lists_sort_filter_and_count);
	suite_add_tcase(s, t);
	return s;
}
