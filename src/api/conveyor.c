/*
 * The sales conveyor: for heads and owners, the managers of a period by stage (their sales_role), each stage's measure
 * per member beside the stage's median, stages of fewer than two people flagged, and the weakest stage. The figures
 * are plan status's (the rollups, by the organisation's metric sources) and the CRM's deals; the rules are
 * domain/conveyor.c.
 */
#include "salesctl/api/conveyor.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/list.h"
#include "salesctl/api/schemas.h"
#include "salesctl/core/buf.h"
#include "salesctl/domain/conveyor.h"
#include "salesctl/domain/formats.h"
#include "salesctl/domain/plan_status.h"
#include "salesctl/store/conveyor.h"
#include "salesctl/store/kpi.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const struct field_spec conveyor_query[] = {
	{.name = "period", .type = FT_STRING, .min = 7, .max = 7},
	{.name = "team_id", .type = FT_UUID},
};

/* Each stage's measure, and the volume metric its plan is judged on. */
static const char *const stage_measures[STAGE__COUNT] = {"leads_processed", "win_rate", "avg_deal_minor"};
static const enum kpi_metric stage_volume[STAGE__COUNT] = {KPI_LEADS_PROCESSED, KPI_DEALS_WON, KPI_REVENUE_MINOR};

static void maybe_render(struct buf *b, struct maybe m)
{
	if (m.null || !isfinite(m.value))
		buf_puts(b, "null");
	else
		buf_printf(b, "%.10g", m.value);
}

/* A person's place on the conveyor from their figures (subj NULL: no figures). */
static struct conveyor_member member_of(const struct conveyor_person *p, enum conveyor_stage stage,
					const struct plan_subject *subj)
{
	struct conveyor_member m = {.stage = stage, .value = {.null = true}, .attainment = {.null = true}};
	if (!subj)
		return m;
	const double *a = subj->actual;
	if (stage == STAGE_SCOUT)
		m.value = (struct maybe){.null = false, .value = a[KPI_LEADS_PROCESSED]};
	else if (stage == STAGE_HUNTER)
		m.value = p->won + p->lost > 0 ? kpi_ratio((double)p->won, (double)(p->won + p->lost))
					       : kpi_ratio(a[KPI_DEALS_WON], a[KPI_LEADS_PROCESSED]);
	else
		m.value = kpi_ratio(a[KPI_REVENUE_MINOR], a[KPI_DEALS_WON]);
	enum kpi_metric v = stage_volume[stage];
	if (subj->has[v] && subj->target[v] > 0)
		m.attainment = kpi_ratio(a[v], subj->target[v]);
	return m;
}

enum db_status api_conveyor_get(struct request *req)
{
	if (!api_query_valid(req, conveyor_query, sizeof(conveyor_query) / sizeof(conveyor_query[0])))
		return DB_ABORTED;
	const char *period = request_query(req, "period"), *team_id = request_query(req, "team_id");
	if (period && !format_is_period(period)) {
		reply_invalid_field(req, "period", "must be a month as YYYY-MM");
		return DB_ABORTED;
	}
	enum db_status st = team_id ? api_require_team(req, team_id) : DB_OK;
	if (st != DB_OK)
		return st;
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	char start[11] = "";
	if (period)
		snprintf(start, sizeof(start), "%s-01", period);
	struct plan_inputs in;
	st = store_kpi_plan_inputs(db, &req->who, period ? start : NULL, NULL, NULL, team_id, &in);
	if (st != DB_OK)
		return st;
	struct conveyor_person *people = NULL;
	size_t n = 0;
	st = store_conveyor_people(db, &req->who, in.period, team_id, &people, &n);
	struct conveyor_member *members = st == DB_OK ? calloc(n + 1, sizeof(*members)) : NULL;
	if (st == DB_OK && !members)
		st = DB_ERROR;
	struct buf b = BUF_INIT;
	if (st == DB_OK) {
		for (size_t i = 0; i < n; i++) {
			const struct plan_subject *subj = NULL;
			for (size_t k = 0; k < in.set.nmanagers && !subj; k++)
				if (strcmp(in.set.managers[k].id, people[i].manager_id) == 0)
					subj = &in.set.managers[k];
			members[i] = member_of(&people[i], (enum conveyor_stage)conveyor_stage_parse(people[i].sales_role),
					       subj);
		}
		struct conveyor_stage_result stages[STAGE__COUNT];
		int weakest = conveyor_evaluate(members, n, stages);
		buf_printf(&b, "{\"period\":\"%.7s\",\"team_id\":", in.period);
		if (team_id)
			buf_json_string(&b, team_id);
		else
			buf_puts(&b, "null");
		buf_puts(&b, ",\"weakest_stage\":");
		if (weakest >= 0)
			buf_printf(&b, "\"%s\"", conveyor_stage_name((enum conveyor_stage)weakest));
		else
			buf_puts(&b, "null");
		buf_puts(&b, ",\"stages\":[");
		for (int s = 0; s < STAGE__COUNT; s++) {
			buf_printf(&b, "%s{\"stage\":\"%s\",\"measure\":\"%s\",\"volume_metric\":\"%s\",\"members\":%d,"
				       "\"understaffed\":%s,\"median\":",
				   s ? "," : "", conveyor_stage_name((enum conveyor_stage)s), stage_measures[s],
				   kpi_metric_name(stage_volume[s]), stages[s].members, stages[s].understaffed ? "true" : "false");
			maybe_render(&b, stages[s].median);
			buf_puts(&b, ",\"median_attainment\":");
			maybe_render(&b, stages[s].median_attainment);
			buf_puts(&b, ",\"people\":[");
			bool first = true;
			for (size_t i = 0; i < n; i++) {
				if (members[i].stage != (enum conveyor_stage)s)
					continue;
				buf_printf(&b, "%s{\"manager_id\":\"%s\",\"name\":", first ? "" : ",", people[i].manager_id);
				buf_json_string(&b, people[i].name);
				buf_puts(&b, ",\"value\":");
				maybe_render(&b, members[i].value);
				buf_puts(&b, ",\"to_median\":");
				maybe_render(&b, members[i].to_median);
				buf_puts(&b, ",\"attainment\":");
				maybe_render(&b, members[i].attainment);
				buf_puts(&b, "}");
				first = false;
			}
			buf_puts(&b, "]}");
		}
		buf_puts(&b, "]}");
		if (b.failed)
			st = DB_ERROR;
	}
	free(members);
	free(people);
	plan_inputs_free(&in);
	if (st != DB_OK) {
		buf_free(&b);
		return st;
	}
	reply_json(req, 200, buf_steal(&b));
	return DB_OK;
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_conveyor_schemas[] = {
	API_SCHEMA("GET /v1/conveyor", conveyor_query, VALIDATE_FILTER),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
