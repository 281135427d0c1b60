/* The conveyor's people: active managers with a sales_role in reach, with the deals they closed in the period
 * (deals_manager_idx; a deal closed in the month was created before its end). */
#include "salesctl/store/conveyor.h"
#include "salesctl/store/list_sql.h"

#include <stdio.h>
#include <stdlib.h>

static const struct reach person_reach = REACH_PERSON("u.id");

/* Used by GET /v1/conveyor: $A the period's first day, $B the team or NULL. */
static const struct reach_stmt conveyor_people = {
	"conveyor_people",
	"SELECT u.id, u.name, u.sales_role, coalesce(d.won, 0), coalesce(d.lost, 0)"
	"  FROM users u"
	"  LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE x.status = 'won') AS won,"
	"                            count(*) FILTER (WHERE x.status = 'lost') AS lost"
	"                       FROM deals x"
	"                      WHERE x.org_id = $O AND x.manager_id = u.id"
	"                        AND x.created_at < (($A::date + interval '1 month')::timestamp AT TIME ZONE u.timezone)"
	"                        AND x.closed_at >= ($A::date::timestamp AT TIME ZONE u.timezone)"
	"                        AND x.closed_at < (($A::date + interval '1 month')::timestamp AT TIME ZONE u.timezone)) d"
	"         ON true"
	" WHERE u.org_id = $O AND u.role = 'manager' AND u.status = 'active' AND u.sales_role IS NOT NULL AND $R"
	"   AND ($B::uuid IS NULL OR u.team_id = $B)"
	" ORDER BY u.name, u.id",
	{&person_reach}};

const struct reach_stmt *const store_conveyor_reach_stmts[] = {&conveyor_people, NULL};

enum db_status store_conveyor_people(struct db_conn *c, const struct principal *viewer, const char *period_start,
				     const char *team_id, struct conveyor_person **out, size_t *n)
{
	const char *args[] = {period_start, team_id};
	enum db_status st;
	*n = 0;
	*out = NULL;
	PGresult *r = store_reach_exec(c, &conveyor_people, viewer, 2, args, &st);
	if (!r)
		return st;
	int rows = PQntuples(r);
	*out = calloc((size_t)rows + 1, sizeof(**out));
	if (!*out) {
		PQclear(r);
		return DB_ERROR;
	}
	for (int i = 0; i < rows; i++) {
		struct conveyor_person *p = &(*out)[i];
		snprintf(p->manager_id, sizeof(p->manager_id), "%s", PQgetvalue(r, i, 0));
		snprintf(p->name, sizeof(p->name), "%s", PQgetvalue(r, i, 1));
		snprintf(p->sales_role, sizeof(p->sales_role), "%s", PQgetvalue(r, i, 2));
		p->won = atol(PQgetvalue(r, i, 3));
		p->lost = atol(PQgetvalue(r, i, 4));
	}
	*n = (size_t)rows;
	PQclear(r);
	return DB_OK;
}
