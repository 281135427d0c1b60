/* Export (SPEC §6.1): `Accept: text/csv` on call logs, evening reports, alerts, plan status and KPI series gives
 * RFC 4180 CSV in UTF-8 with a byte-order mark and a header row; lists export every row their filters select,
 * across the export's internal batches of 1,000. The CSV is read back with a parser of the RFC's grammar. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "world.h"

static struct member owner, head, m;
static char org[37], team[37];

#define NCALLS 1050

static const char *const csv_accept[] = {"Accept: text/csv", NULL};
static const char *const csv_russian[] = {"Accept: text/csv", "Accept-Language: ru", NULL};

static void setup_world(void)
{
	if (org[0])
		return;
	ck_assert_int_eq(world_org("csvco", org, &owner), 0);
	ck_assert_int_eq(world_user(&owner, "Head", "head@csvco.test", "head", NULL, &head), 0);
	ck_assert_int_eq(world_team(&owner, "Отдел продаж", head.id, team), 0);
	ck_assert_int_eq(world_user(&owner, "Менеджер", "m@csvco.test", "manager", team, &m), 0);
	ck_assert_int_eq(world_hired_on(&owner, &m, "2025-01-13"), 0);
	/* 1,050 calls in three batches; two carry notes a CSV must quote or defuse. */
	for (int b = 0; b < 3; b++) {
		json_t *items = json_array();
		for (int i = 0; i < NCALLS / 3; i++) {
			int n = b * (NCALLS / 3) + i;
			char started[32], ext[16];
			snprintf(started, sizeof(started), "2026-03-%02dT%02d:%02d:00Z", 2 + n % 20, 8 + n % 10, n % 60);
			snprintf(ext, sizeof(ext), "csv-%d", n);
			const char *notes = n == 7 ? "Иван, \"VIP\"\nперезвонить" : n == 8 ? "=HYPERLINK(\"x\")" : NULL;
			json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:i, s:s, s:s?}", "manager_id", m.id, "direction",
							       n % 3 ? "outbound" : "inbound", "started_at", started,
							       "duration_s", n % 400, "external_id", ext, "notes", notes));
		}
		json_t *doc = json_pack("{s:o}", "items", items);
		char *body = json_dumps(doc, JSON_COMPACT);
		struct resp *r = http_post("/v1/call-logs/batch", m.token, body);
		expect_status(r, 200);
		resp_free(r);
		free(body);
		json_decref(doc);
	}
	char body[256];
	snprintf(body, sizeof(body), "{\"subject_type\":\"manager\",\"subject_id\":\"%s\",\"targets\":{\"calls_total\":2000,\"deals_won\":10}}",
		 m.id);
	struct resp *r = http_call("PUT", "/v1/plans/2026-03", head.token, body, NULL);
	expect_status(r, 201);
	resp_free(r);
	r = http_post("/v1/admin/scheduler/run", owner.token, "{\"as_of\":\"2026-03-20T12:00:00Z\"}");
	expect_status(r, 200);
	resp_free(r);
}

/* The records of an RFC 4180 document (after its byte-order mark), each a JSON array of its fields. */
static json_t *csv_parse(const char *text)
{
	ck_assert_msg(strncmp(text, "\xEF\xBB\xBF", 3) == 0, "no byte-order mark");
	json_t *records = json_array(), *record = json_array();
	char *field = malloc(strlen(text) + 1);
	size_t len = 0;
	const char *p = text + 3;
	while (*p) {
		if (*p == '"') {
			for (p++;; p++) {
				ck_assert_msg(*p, "unterminated quoted field");
				if (*p == '"' && p[1] == '"') {
					field[len++] = '"';
					p++;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					field[len++] = *p;
				}
			}
		}
		while (*p && *p != ',' && *p != '\r') {
			ck_assert_msg(*p != '"' && *p != '\n', "stray quote or bare newline");
			field[len++] = *p++;
		}
		field[len] = '\0';
		json_array_append_new(record, json_string(field));
		len = 0;
		if (*p == ',') {
			p++;
			continue;
		}
		ck_assert_msg(p[0] == '\r' && p[1] == '\n', "a record must end with CRLF");
		p += 2;
		json_array_append_new(records, record);
		record = json_array();
	}
	json_decref(record);
	free(field);
	return records;
}

static json_t *export(const char *path, const char *const *headers, const struct member *who)
{
	struct resp *r = http_call("GET", path, who->token, NULL, headers);
	expect_status(r, 200);
	ck_assert_str_eq(r->content_type, "text/csv; charset=utf-8; header=present");
	json_t *records = csv_parse(r->body);
	resp_free(r);
	return records;
}

static int column(const json_t *header, const char *name)
{
	for (size_t i = 0; i < json_array_size(header); i++)
		if (strcmp(json_string_value(json_array_get(header, i)), name) == 0)
			return (int)i;
	ck_abort_msg("no column %s", name);
	return -1;
}

static const char *cell(const json_t *records, size_t row, int col)
{
	return json_string_value(json_array_get(json_array_get(records, row), (size_t)col));
}

START_TEST(a_whole_list_across_batches)
{
	json_t *rows = export("/v1/call-logs", csv_accept, &head);
	ck_assert_uint_eq(json_array_size(rows), NCALLS + 1);
	json_t *header = json_array_get(rows, 0);
	int notes = column(header, "notes"), ext = column(header, "external_id"), dur = column(header, "duration_s");
	/* Every call once, and a field with a comma, quotes and a newline read back as written. */
	char *seen = calloc(NCALLS, 1);
	bool quoted = false, defused = false;
	for (size_t i = 1; i < json_array_size(rows); i++) {
		ck_assert_uint_eq(json_array_size(json_array_get(rows, i)), json_array_size(header));
		int n = atoi(cell(rows, i, ext) + 4);
		ck_assert(n >= 0 && n < NCALLS && !seen[n]);
		seen[n] = 1;
		ck_assert_int_eq(atoi(cell(rows, i, dur)), n % 400);
		quoted |= strcmp(cell(rows, i, notes), "Иван, \"VIP\"\nперезвонить") == 0;
		defused |= strcmp(cell(rows, i, notes), "'=HYPERLINK(\"x\")") == 0;
	}
	free(seen);
	ck_assert(quoted);
	ck_assert(defused);
	json_decref(rows);
	/* Filters and sorts apply; the count agrees with the JSON list's total. */
	rows = export("/v1/call-logs?direction=inbound&sort=duration_s", csv_accept, &head);
	struct resp *r = http_get("/v1/call-logs?direction=inbound&include_total=true&limit=1", head.token);
	expect_status(r, 200);
	ck_assert_uint_eq(json_array_size(rows) - 1, (size_t)json_expect_integer(r->json, "total"));
	resp_free(r);
	dur = column(json_array_get(rows, 0), "duration_s");
	for (size_t i = 2; i < json_array_size(rows); i++)
		ck_assert_int_le(atoi(cell(rows, i - 1, dur)), atoi(cell(rows, i, dur)));
	json_decref(rows);
	/* Another organisation sees none of it. */
	rows = export("/v1/call-logs", csv_accept, &W.owner_b);
	for (size_t i = 1; i < json_array_size(rows); i++)
		ck_assert_ptr_null(strstr(cell(rows, i, 0), "csv-"));
	json_decref(rows);
}
END_TEST

START_TEST(reports_alerts_plan_status_and_kpis)
{
	/* Alerts in the language asked for. */
	json_t *rows = export("/v1/alerts?status=open", csv_russian, &head);
	ck_assert_uint_gt(json_array_size(rows), 1);
	int message = column(json_array_get(rows, 0), "message");
	ck_assert_ptr_nonnull(strstr(cell(rows, 1, message), "\xD0"));   /* Cyrillic */
	json_decref(rows);
	/* Plan status: a row per subject and metric (the manager's two targets; the team and organisation without). */
	rows = export("/v1/plan-status?period=2026-03&as_of=2026-03-20T12:00:00Z", csv_accept, &owner);
	json_t *header = json_array_get(rows, 0);
	int type = column(header, "subject_type"), metric = column(header, "metric"), status = column(header, "status");
	size_t manager_rows = 0;
	for (size_t i = 1; i < json_array_size(rows); i++) {
		if (strcmp(cell(rows, i, type), "manager") == 0) {
			manager_rows++;
			ck_assert(strcmp(cell(rows, i, metric), "calls_total") == 0 || strcmp(cell(rows, i, metric), "deals_won") == 0);
			ck_assert_str_eq(cell(rows, i, status), "lagging");
		}
	}
	ck_assert_uint_eq(manager_rows, 2);
	json_decref(rows);
	/* KPI series: a row per bucket, calls counted as the rollups have them. */
	char path[256];
	snprintf(path, sizeof(path), "/v1/kpi?subject_type=manager&subject_id=%s&from=2026-03-01&to=2026-03-31&granularity=week",
		 m.id);
	rows = export(path, csv_accept, &head);
	ck_assert_uint_eq(json_array_size(rows), 1 + 6);   /* ISO weeks touching March 2026 */
	int calls = column(json_array_get(rows, 0), "calls_total");
	long sum = 0;
	for (size_t i = 1; i < json_array_size(rows); i++)
		sum += atol(cell(rows, i, calls));
	ck_assert_int_eq(sum, NCALLS);
	json_decref(rows);
	/* Evening reports: the header even when nothing is selected. */
	rows = export("/v1/daily-reports?date_from=2030-01-01", csv_accept, &head);
	ck_assert_uint_eq(json_array_size(rows), 1);
	ck_assert_str_eq(cell(rows, 0, 0), "id");
	json_decref(rows);
}
END_TEST

START_TEST(negotiation_and_tags)
{
	/* JSON unless CSV is preferred. */
	const char *const prefers_json[] = {"Accept: application/json, text/csv;q=0.5", NULL};
	const char *const anything[] = {"Accept: */*", NULL};
	const char *const *jsonish[] = {prefers_json, anything, NULL};
	for (int i = 0; i < 3; i++) {
		struct resp *r = http_call("GET", "/v1/alerts", head.token, NULL, jsonish[i]);
		expect_status(r, 200);
		ck_assert_ptr_nonnull(r->json);
		resp_free(r);
	}
	/* A CSV answer is another representation: its ETag differs from the JSON's, and If-None-Match works on each. */
	const char *path = "/v1/plan-status?period=2026-03&as_of=2026-03-20T12:00:00Z";
	struct resp *j = http_call("GET", path, owner.token, NULL, NULL);
	struct resp *c = http_call("GET", path, owner.token, NULL, csv_accept);
	expect_status(j, 200);
	expect_status(c, 200);
	ck_assert(j->etag[0] && c->etag[0] && strcmp(j->etag, c->etag) != 0);
	char inm[96];
	snprintf(inm, sizeof(inm), "If-None-Match: %s", c->etag);
	const char *const again[] = {"Accept: text/csv", inm, NULL};
	struct resp *r = http_call("GET", path, owner.token, NULL, again);
	expect_status(r, 304);
	resp_free(r);
	resp_free(j);
	resp_free(c);
	/* A bad filter is still a problem document, before any CSV. */
	r = http_call("GET", "/v1/call-logs?direction=sideways", head.token, NULL, csv_accept);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "direction"));
	resp_free(r);
}
END_TEST

Suite *csv_suite(void)
{
	Suite *s = suite_create("csv");
	TCase *t = tcase_create("csv");
	tcase_set_timeout(t, 60);
	tcase_add_unchecked_fixture(t, setup_world, NULL);
	tcase_add_test(t, a_whole_list_across_batches);
	tcase_add_test(t, reports_alerts_plan_status_and_kpis);
	tcase_add_test(t, negotiation_and_tags);
	suite_add_tcase(s, t);
	return s;
}
