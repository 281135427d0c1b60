/* The working-day calendar: owners set and remove overrides (holidays, transferred workdays); everyone in the
 * organisation reads it. GET answers every date of the range, overridden or not. */
#include "salesctl/api/schemas.h"
#include "salesctl/api/calendar.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/list.h"
#include "salesctl/core/buf.h"
#include "salesctl/domain/calendar.h"
#include "salesctl/store/calendar.h"

#include <stdlib.h>

#define RANGE_MAX_DAYS 366

static const struct field_spec day_specs[] = {
	{.name = "is_workday", .type = FT_BOOL, .flags = F_REQUIRED},
	{.name = "note", .type = FT_STRING, .flags = F_NULLABLE, .min = 0, .max = NAME_MAX_CHARS},
};

static const struct field_spec range_specs[] = {
	{.name = "from", .type = FT_DATE, .flags = F_REQUIRED},
	{.name = "to", .type = FT_DATE, .flags = F_REQUIRED},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum db_status api_calendar_put(struct request *req)
{
	const char *date = api_path_date(req, 0);
	if (!date || !api_body_valid(req, day_specs, COUNT(day_specs), VALIDATE_CREATE))
		return DB_ABORTED;
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	char *body = api_body_text(req);
	struct store_doc doc = {0};
	enum db_status st = body ? store_calendar_put(db, req->who.org_id, date, body, &doc) : DB_ERROR;
	free(body);
	return api_reply_result(req, st, 200, &doc);
}

enum db_status api_calendar_delete(struct request *req)
{
	const char *date = api_path_date(req, 0);
	if (!date)
		return DB_ABORTED;
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	bool found = false;
	enum db_status st = store_calendar_delete(db, req->who.org_id, date, &found);
	if (st != DB_OK)
		return st;
	if (!found) {
		reply_problem(req, PROBLEM_NOT_FOUND, "no override for this date");
		return DB_ABORTED;
	}
	req->reply.status = 204;
	return DB_OK;
}

/* Days from a to b inclusive (a <= b), counted without time zones. */
static long days_between(struct civil_date a, struct civil_date b)
{
	long n = 0;
	while (civil_date_cmp(a, b) < 0 && n <= RANGE_MAX_DAYS) {
		if (++a.day > days_in_month(a.year, a.month)) {
			a.day = 1;
			if (++a.month > 12) {
				a.month = 1;
				a.year++;
			}
		}
		n++;
	}
	return n + 1;
}

enum db_status api_calendar_list(struct request *req)
{
	if (!api_query_valid(req, range_specs, COUNT(range_specs)))
		return DB_ABORTED;
	const char *from = request_query(req, "from"), *to = request_query(req, "to");
	struct civil_date a, b;
	civil_date_parse(from, &a);
	civil_date_parse(to, &b);
	if (civil_date_cmp(a, b) > 0 || days_between(a, b) > RANGE_MAX_DAYS) {
		reply_invalid_field(req, "to", "must be on or after from, at most 366 days later");
		return DB_ABORTED;
	}
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	char *items = NULL;
	enum db_status st = store_calendar_range(db, req->who.org_id, from, to, &items);
	if (st != DB_OK)
		return st;
	struct buf out = BUF_INIT;
	buf_printf(&out, "{\"items\":%s}", items);
	free(items);
	reply_json(req, 200, buf_steal(&out));
	return DB_OK;
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_calendar_schemas[] = {
	API_SCHEMA("PUT /v1/calendar/{date}", day_specs, VALIDATE_CREATE),
	API_SCHEMA("GET /v1/calendar", range_specs, VALIDATE_FILTER),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
