/* Calendar overrides: a date is a workday by its weekday (Monday-Friday) unless calendar_days says otherwise; the
 * rule itself is is_workday() in SQL and domain/calendar.c in C, both tested against the same cases. */
#include "salesctl/store/calendar.h"

#include <stdlib.h>
#include <string.h>

const struct db_stmt store_calendar_stmts[] = {
	/* Used by PUT /v1/calendar/{date}. */
	{"calendar_put",
	 "INSERT INTO calendar_days AS c (org_id, date, is_workday, note)"
	 " SELECT $1, $2, (b->>'is_workday')::boolean, b->>'note' FROM (SELECT $3::jsonb AS b) s"
	 " ON CONFLICT (org_id, date) DO UPDATE SET is_workday = EXCLUDED.is_workday, note = EXCLUDED.note"
	 " RETURNING json_build_object('date', c.date, 'is_workday', c.is_workday, 'note', c.note)::text"},
	/* Used by DELETE /v1/calendar/{date}. */
	{"calendar_delete", "DELETE FROM calendar_days WHERE org_id = $1 AND date = $2 RETURNING 1"},
	/* Used by GET /v1/calendar. */
	{"calendar_range",
	 "SELECT coalesce(json_agg(json_build_object('date', d::date, 'is_workday', is_workday($1, d::date),"
	 "                                          'note', c.note) ORDER BY d), '[]')::text"
	 " FROM generate_series($2::date, $3::date, interval '1 day') AS d"
	 " LEFT JOIN calendar_days c ON c.org_id = $1 AND c.date = d::date"},
	/* Used by plan status: the overrides of one month. */
	{"calendar_month",
	 "SELECT date::text, is_workday FROM calendar_days"
	 " WHERE org_id = $1 AND date >= $2::date AND date < $2::date + interval '1 month'"},
	{NULL, NULL},
};

enum db_status store_calendar_put(struct db_conn *c, const char *org_id, const char *date, const char *body,
				  struct store_doc *out)
{
	const char *params[] = {org_id, date, body};
	return store_doc_query(c, "calendar_put", 3, params, out);
}

enum db_status store_calendar_delete(struct db_conn *c, const char *org_id, const char *date, bool *found)
{
	const char *params[] = {org_id, date};
	enum db_status st;
	PGresult *r = db_exec(c, "calendar_delete", 2, params, &st);
	if (!r)
		return st;
	*found = PQntuples(r) == 1;
	PQclear(r);
	return DB_OK;
}

enum db_status store_calendar_range(struct db_conn *c, const char *org_id, const char *from, const char *to,
				    char **json)
{
	const char *params[] = {org_id, from, to};
	return store_text_query(c, "calendar_range", 3, params, json);
}

enum db_status store_calendar_month(struct db_conn *c, const char *org_id, const char *month_start,
				    struct calendar_override **out, size_t *n)
{
	const char *params[] = {org_id, month_start};
	enum db_status st;
	*n = 0;
	PGresult *r = db_exec_array(c, "calendar_month", 2, params, sizeof(**out), (void **)out, &st);
	if (!r)
		return st;
	int rows = PQntuples(r);
	for (int i = 0; i < rows; i++) {
		if (civil_date_parse(PQgetvalue(r, i, 0), &(*out)[*n].date) == 0) {
			(*out)[*n].is_workday = db_bool(r, i, 1);
			(*n)++;
		}
	}
	PQclear(r);
	return DB_OK;
}
