/*
 * Competencies and assessments. Everyone in the organisation reads the catalogue; owners and heads add to it and
 * assess the managers they reach, which the API checks. The matrix is one statement: per active manager of the team
 * and competency of the catalogue, the two latest assessments (assessments_manager_idx).
 */
#include "salesctl/store/competencies.h"
#include "salesctl/store/list_sql.h"

static const struct reach everyone = {.head = "true", .manager = "true"};

/* Used by GET /v1/competencies/{id}. */
static const struct reach_stmt competency_get = {
	"competency_get",
	"SELECT competency_json(c)::text FROM competencies c WHERE c.org_id = $O AND c.id = $A AND $R",
	{&everyone}};

const struct reach_stmt *const store_competencies_reach_stmts[] = {&competency_get, NULL};

const struct db_stmt store_competencies_stmts[] = {
	/* Used by POST /v1/competencies. */
	{"competency_create",
	 "INSERT INTO competencies AS c (org_id, id, name, description, levels)"
	 " SELECT $1, $2, b->>'name', b->>'description', b->'levels' FROM (SELECT $3::jsonb AS b) s"
	 " RETURNING competency_json(c)::text"},
	/* Used by POST /v1/assessments. */
	{"assessment_create",
	 "INSERT INTO assessments AS a (org_id, id, manager_id, competency_id, level, note, assessed_on, assessor_id)"
	 " SELECT $1, $2, (b->>'manager_id')::uuid, (b->>'competency_id')::uuid, (b->>'level')::int, b->>'note',"
	 "        coalesce((b->>'assessed_on')::date, current_date), $3"
	 "   FROM (SELECT $4::jsonb AS b) s"
	 " RETURNING assessment_json(a)::text"},
	/* Used by GET /v1/assessments/matrix: $1 org, $2 team. */
	{"assessment_matrix",
	 "WITH m AS (SELECT u.id, u.name FROM users u"
	 "            WHERE u.org_id = $1 AND u.team_id = $2 AND u.role = 'manager' AND u.status = 'active'),"
	 " c AS (SELECT id, name FROM competencies WHERE org_id = $1)"
	 " SELECT json_build_object("
	 "   'team_id', $2::uuid,"
	 "   'competencies', coalesce((SELECT json_agg(json_build_object('id', c.id, 'name', c.name) ORDER BY c.name)"
	 "                               FROM c), '[]'),"
	 "   'managers', coalesce((SELECT json_agg(json_build_object('manager_id', m.id, 'name', m.name, 'levels',"
	 "       (SELECT coalesce(json_object_agg(c.id, json_build_object('level', x.levels[1], 'previous', x.levels[2],"
	 "                                                                 'assessed_on', x.days[1]))"
	 "                          FILTER (WHERE x.levels IS NOT NULL), '{}')"
	 "          FROM c CROSS JOIN LATERAL (SELECT array_agg(a.level) AS levels, array_agg(a.assessed_on) AS days"
	 "                                       FROM (SELECT level, assessed_on FROM assessments a"
	 "                                              WHERE a.org_id = $1 AND a.manager_id = m.id AND a.competency_id = c.id"
	 "                                              ORDER BY a.assessed_on DESC, a.created_at DESC LIMIT 2) a) x))"
	 "     ORDER BY m.name, m.id) FROM m), '[]'))::text"},
	{NULL, NULL},
};

enum db_status store_competency_create(struct db_conn *c, const struct principal *actor, const char *id,
				       const char *body, struct store_doc *out)
{
	const char *params[] = {actor->org_id, id, body};
	return store_doc_query(c, "competency_create", 3, params, out);
}

enum db_status store_competency_get(struct db_conn *c, const struct principal *viewer, const char *id,
				    struct store_doc *out)
{
	return store_reach_doc(c, &competency_get, viewer, 1, &id, out);
}

enum db_status store_assessment_create(struct db_conn *c, const struct principal *actor, const char *id,
				       const char *body, struct store_doc *out)
{
	const char *params[] = {actor->org_id, id, actor->user_id, body};
	return store_doc_query(c, "assessment_create", 4, params, out);
}

enum db_status store_assessment_matrix(struct db_conn *c, const char *org_id, const char *team_id, char **json)
{
	const char *params[] = {org_id, team_id};
	return store_text_query(c, "assessment_matrix", 2, params, json);
}

/* GET /v1/competencies: everyone in the organisation, by name. */
static const struct list_sort competency_list_sorts[] = {
	{"name", "c.name", "text"},
};

const struct list_shape store_competency_list_shape = {
	.table = "competencies",
	.alias = "c",
	.json = "competency_json(c)::text",
	.reach = {.head = "true", .manager = "true"},
	.search = NULL,
	.filters = NULL,
	.nfilters = 0,
	.sorts = competency_list_sorts,
	.nsorts = sizeof(competency_list_sorts) / sizeof(competency_list_sorts[0]),
};
