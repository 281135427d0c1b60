/*
 * Compensation schemes. Everyone in the organisation reads them (a manager can count their own pay); only owners
 * write them, which the API checks. A manager's scheme is the one of their sales_role, else the one of their role,
 * the latest changed if several.
 */
#include "salesctl/store/compensation.h"
#include "salesctl/store/list_sql.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEME_TERMS "s.id, s.commission_metric, s.base_minor, s.commission_rate, s.accelerators::text," \
	" s.plan_bonus_minor, s.discipline_bonus_minor"

static const struct reach everyone = {.head = "true", .manager = "true"};

/* Used by GET /v1/compensation-schemes/{id}. */
static const struct reach_stmt scheme_get = {
	"scheme_get",
	"SELECT compensation_scheme_json(cs)::text, cs.version FROM compensation_schemes cs"
	" WHERE cs.org_id = $O AND cs.id = $A AND $R",
	{&everyone}};

static const struct reach manager_reach = REACH_PERSON("u.id");

/* Used by GET /v1/payouts: $A the period's first day. */
static const struct reach_stmt payout_subjects = {
	"payout_subjects",
	"SELECT u.id, s.id IS NOT NULL, " SCHEME_TERMS ","
	"       (SELECT count(*) FROM alerts a WHERE a.org_id = $O AND a.manager_id = u.id"
	"          AND a.kind IN ('report_missing', 'report_mismatch', 'task_overdue')"
	"          AND a.opened_at >= ($A::date::timestamp AT TIME ZONE u.timezone)"
	"          AND a.opened_at < (($A::date + interval '1 month')::timestamp AT TIME ZONE u.timezone))"
	"  FROM users u"
	"  LEFT JOIN LATERAL (SELECT * FROM compensation_schemes cs WHERE cs.org_id = $O"
	"                       AND (cs.applies_sales_role = u.sales_role OR cs.applies_role = u.role)"
	"                     ORDER BY cs.applies_sales_role IS NOT NULL DESC, cs.updated_at DESC LIMIT 1) s ON true"
	" WHERE u.org_id = $O AND u.role = 'manager' AND u.status = 'active' AND $R"
	" ORDER BY u.id",
	{&manager_reach}};

const struct reach_stmt *const store_compensation_reach_stmts[] = {&scheme_get, &payout_subjects, NULL};

const struct db_stmt store_compensation_stmts[] = {
	/* Used by PUT /v1/compensation-schemes/{id}. */
	{"scheme_put",
	 "WITH b AS (SELECT $3::jsonb AS b)"
	 " INSERT INTO compensation_schemes AS s (org_id, id, name, applies_role, applies_sales_role, base_minor,"
	 "                                        commission_metric, commission_rate, accelerators, plan_bonus_minor,"
	 "                                        discipline_bonus_minor)"
	 " SELECT $1, $2, b->>'name', b->'applies_to'->>'role', b->'applies_to'->>'sales_role', (b->>'base_minor')::bigint,"
	 "        b->'commission'->>'metric', (b->'commission'->>'rate')::float8, coalesce(b->'accelerators', '[]'),"
	 "        coalesce((b->>'plan_bonus_minor')::bigint, 0), coalesce((b->>'discipline_bonus_minor')::bigint, 0)"
	 "   FROM b"
	 " ON CONFLICT (org_id, id) DO UPDATE SET name = EXCLUDED.name, applies_role = EXCLUDED.applies_role,"
	 "   applies_sales_role = EXCLUDED.applies_sales_role, base_minor = EXCLUDED.base_minor,"
	 "   commission_metric = EXCLUDED.commission_metric, commission_rate = EXCLUDED.commission_rate,"
	 "   accelerators = EXCLUDED.accelerators, plan_bonus_minor = EXCLUDED.plan_bonus_minor,"
	 "   discipline_bonus_minor = EXCLUDED.discipline_bonus_minor, version = s.version + 1, updated_at = now()"
	 " RETURNING compensation_scheme_json(s)::text, s.version, (xmax = 0)"},
	/* Used by GET /v1/compensation-schemes/{id}/check. */
	{"scheme_terms", "SELECT " SCHEME_TERMS " FROM compensation_schemes s WHERE s.org_id = $1 AND s.id = $2"},
	{NULL, NULL},
};

/* Reads the terms in columns col.. (as SCHEME_TERMS lists them) of row i. */
static void terms_read(PGresult *r, int i, int col, struct scheme_terms *t)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->id, sizeof(t->id), "%s", PQgetvalue(r, i, col));
	snprintf(t->metric, sizeof(t->metric), "%s", PQgetvalue(r, i, col + 1));
	t->scheme.base_minor = atoll(PQgetvalue(r, i, col + 2));
	t->scheme.rate = atof(PQgetvalue(r, i, col + 3));
	json_t *tiers = json_loads(PQgetvalue(r, i, col + 4), 0, NULL);
	size_t k;
	json_t *tier;
	json_array_foreach(tiers, k, tier) {
		if (k >= PAYOUT_MAX_TIERS)
			break;
		t->scheme.tiers[k].from_attainment = json_number_value(json_object_get(tier, "from_attainment"));
		t->scheme.tiers[k].rate = json_number_value(json_object_get(tier, "rate"));
		t->scheme.ntiers = k + 1;
	}
	json_decref(tiers);
	t->scheme.plan_bonus_minor = atoll(PQgetvalue(r, i, col + 5));
	t->scheme.discipline_bonus_minor = atoll(PQgetvalue(r, i, col + 6));
}

enum db_status store_scheme_put(struct db_conn *c, const char *org_id, const char *id, const char *body,
				struct store_doc *out, bool *created)
{
	const char *params[] = {org_id, id, body};
	enum db_status st;
	memset(out, 0, sizeof(*out));
	*created = false;
	PGresult *r = db_exec(c, "scheme_put", 3, params, &st);
	if (!r)
		return st;
	if (PQntuples(r) == 1) {
		*created = db_bool(r, 0, 2);
		st = store_doc_take(r, 0, out);
	}
	PQclear(r);
	return st;
}

enum db_status store_scheme_get(struct db_conn *c, const struct principal *viewer, const char *id,
				struct store_doc *out)
{
	return store_reach_doc(c, &scheme_get, viewer, 1, &id, out);
}

enum db_status store_scheme_terms(struct db_conn *c, const char *org_id, const char *id, struct scheme_terms *out,
				  bool *found)
{
	const char *params[] = {org_id, id};
	enum db_status st;
	*found = false;
	PGresult *r = db_exec(c, "scheme_terms", 2, params, &st);
	if (!r)
		return st;
	if (PQntuples(r) == 1) {
		terms_read(r, 0, 0, out);
		*found = true;
	}
	PQclear(r);
	return DB_OK;
}

enum db_status store_payout_subjects(struct db_conn *c, const struct principal *viewer, const char *period_start,
				     struct payout_subject **out, size_t *n)
{
	enum db_status st;
	*n = 0;
	*out = NULL;
	PGresult *r = store_reach_exec(c, &payout_subjects, viewer, 1, &period_start, &st);
	if (!r)
		return st;
	int rows = PQntuples(r);
	*out = calloc((size_t)rows + 1, sizeof(**out));
	if (!*out) {
		PQclear(r);
		return DB_ERROR;
	}
	for (int i = 0; i < rows; i++) {
		struct payout_subject *p = &(*out)[i];
		snprintf(p->manager_id, sizeof(p->manager_id), "%s", PQgetvalue(r, i, 0));
		p->has_scheme = db_bool(r, i, 1);
		if (p->has_scheme)
			terms_read(r, i, 2, &p->terms);
		p->discipline_alerts = atol(PQgetvalue(r, i, 9));
	}
	*n = (size_t)rows;
	PQclear(r);
	return DB_OK;
}

/* GET /v1/compensation-schemes: everyone in the organisation. */
static const struct list_sort scheme_list_sorts[] = {
	{"updated_at", "cs.updated_at", "timestamptz"},
};

const struct list_shape store_scheme_list_shape = {
	.table = "compensation_schemes",
	.alias = "cs",
	.json = "compensation_scheme_json(cs)::text",
	.reach = {.head = "true", .manager = "true"},
	.search = NULL,
	.filters = NULL,
	.nfilters = 0,
	.sorts = scheme_list_sorts,
	.nsorts = sizeof(scheme_list_sorts) / sizeof(scheme_list_sorts[0]),
};
