/*
 * The CRM event feed: batches validated item by item, idempotent on external_id, within the caller's reach; leads and
 * deals derived from the events whatever order and however often they arrive, checked against a reference that
 * replays the same events in time order; the lists' reach and tenant isolation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "world.h"

/* The CRM tests' own organisations, so that their events change no other suite's reconciliation: C with two teams
 * (head1: m1, m2; head2: m3) and X, another organisation with one manager. */
static struct {
	char org[37], team1[37], team2[37];
	struct member owner, head1, head2, m1, m2, m3;
} C;
static struct {
	char org[37];
	struct member owner, m;
} X;

static void crm_world_build(void)
{
	ck_assert_int_eq(world_org("crmco", C.org, &C.owner), 0);
	ck_assert_int_eq(world_user(&C.owner, "Head One", "head1@crmco.test", "head", NULL, &C.head1), 0);
	ck_assert_int_eq(world_user(&C.owner, "Head Two", "head2@crmco.test", "head", NULL, &C.head2), 0);
	ck_assert_int_eq(world_team(&C.owner, "One", C.head1.id, C.team1), 0);
	ck_assert_int_eq(world_team(&C.owner, "Two", C.head2.id, C.team2), 0);
	ck_assert_int_eq(world_user(&C.owner, "M One", "m1@crmco.test", "manager", C.team1, &C.m1), 0);
	ck_assert_int_eq(world_user(&C.owner, "M Two", "m2@crmco.test", "manager", C.team1, &C.m2), 0);
	ck_assert_int_eq(world_user(&C.owner, "M Three", "m3@crmco.test", "manager", C.team2, &C.m3), 0);
	ck_assert_int_eq(world_org("crmother", X.org, &X.owner), 0);
	ck_assert_int_eq(world_user(&X.owner, "Other", "m@crmother.test", "manager", NULL, &X.m), 0);
}

/* The status of item i of a batch answer. */
static const char *item_status(const struct resp *r, size_t i)
{
	return json_string_value(json_object_get(json_array_get(json_object_get(r->json, "items"), i), "status"));
}

/* Whether item i's problem names field. */
static bool item_error_names(const struct resp *r, size_t i, const char *field)
{
	json_t *err = json_object_get(json_array_get(json_object_get(r->json, "items"), i), "error");
	size_t k;
	json_t *e;
	json_array_foreach(json_object_get(err, "errors"), k, e)
		if (strcmp(json_string_value(json_object_get(e, "field")), field) == 0)
			return true;
	return false;
}

/* Every item of a list (all pages of limit 200 joined) as a new array. */
static json_t *list_all(const char *path, const struct member *who)
{
	json_t *all = json_array();
	char url[1024];
	snprintf(url, sizeof(url), "%s%slimit=200", path, strchr(path, '?') ? "&" : "?");
	for (;;) {
		struct resp *r = http_get(url, who->token);
		expect_status(r, 200);
		json_array_extend(all, json_object_get(r->json, "items"));
		const char *next = json_string_value(json_object_get(r->json, "next_cursor"));
		if (!next) {
			resp_free(r);
			return all;
		}
		snprintf(url, sizeof(url), "%s%slimit=200&cursor=%s", path, strchr(path, '?') ? "&" : "?", next);
		resp_free(r);
	}
}

static json_t *find_by(json_t *items, const char *key, const char *value)
{
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
		if (strcmp(json_string_value(json_object_get(it, key)), value) == 0)
			return it;
	return NULL;
}

START_TEST(batch_checks_each_item_and_derives_leads_and_deals)
{
	struct member u;
	ck_assert_int_eq(world_user(&C.owner, "CRM Manager", "crm1@alpha.test", "manager", C.team1, &u), 0);
	char body[4096];
	snprintf(body, sizeof(body),
		 "{\"items\":["
		 "{\"external_id\":\"v-1\",\"type\":\"lead.created\",\"occurred_at\":\"2026-11-10T06:00:00Z\","
		 "\"manager_id\":\"%s\",\"lead_id\":\"V-L1\",\"source\":\"site\"},"
		 "{\"external_id\":\"v-2\",\"type\":\"lead.first_contact\",\"occurred_at\":\"2026-11-10T06:09:00Z\","
		 "\"manager_id\":\"%s\",\"lead_id\":\"V-L1\"},"
		 "{\"external_id\":\"v-3\",\"type\":\"lead.created\",\"occurred_at\":\"2026-11-10T06:00:00Z\","
		 "\"manager_id\":\"%s\"},"
		 "{\"external_id\":\"v-4\",\"type\":\"deal.stage_changed\",\"occurred_at\":\"2026-11-10T07:00:00Z\","
		 "\"manager_id\":\"%s\",\"deal_id\":\"V-D1\"},"
		 "{\"external_id\":\"v-5\",\"type\":\"deal.created\",\"occurred_at\":\"2026-11-10T07:00:00Z\","
		 "\"manager_id\":\"%s\",\"deal_id\":\"V-D1\",\"lead_id\":\"V-L1\",\"stage\":\"qualification\","
		 "\"amount_minor\":1500000},"
		 "{\"external_id\":\"v-6\",\"type\":\"lead.lost\",\"occurred_at\":\"yesterday\",\"manager_id\":\"nobody\","
		 "\"amount_minor\":-1,\"extra\":1},"
		 "{\"external_id\":\"v-7\",\"type\":\"payment.received\",\"occurred_at\":\"2026-11-10T08:00:00Z\","
		 "\"manager_id\":\"%s\",\"deal_id\":\"V-D1\"},"
		 "{\"external_id\":\"v-1\",\"type\":\"lead.closed\",\"occurred_at\":\"2026-11-10T09:00:00Z\","
		 "\"manager_id\":\"%s\",\"lead_id\":\"V-L1\"}"
		 "]}",
		 u.id, u.id, u.id, u.id, u.id, u.id, u.id);
	struct resp *r = http_post("/v1/crm-events/batch", C.owner.token, body);
	expect_status(r, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 8);
	ck_assert_str_eq(item_status(r, 0), "created");
	ck_assert_str_eq(item_status(r, 1), "created");
	ck_assert_str_eq(item_status(r, 2), "error");
	ck_assert(item_error_names(r, 2, "lead_id"));
	ck_assert_str_eq(item_status(r, 3), "error");
	ck_assert(item_error_names(r, 3, "stage"));
	ck_assert_str_eq(item_status(r, 4), "created");
	ck_assert_str_eq(item_status(r, 5), "error");
	/* Every bad field of the item is listed. */
	const char *bad[] = {"type", "occurred_at", "manager_id", "amount_minor", "extra"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(item_error_names(r, 5, bad[i]), "no error on %s: %s", bad[i], r->body);
	ck_assert_str_eq(item_status(r, 6), "error");
	ck_assert(item_error_names(r, 6, "amount_minor"));
	/* An external_id repeated later in the batch is the first one's: the close is not stored. */
	ck_assert_str_eq(item_status(r, 7), "existing");
	json_t *items = json_object_get(r->json, "items");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 7), "id")),
			 json_string_value(json_object_get(json_array_get(items, 0), "id")));
	resp_free(r);

	char path[256];
	snprintf(path, sizeof(path), "/v1/leads?manager_id=%s", u.id);
	json_t *leads = list_all(path, &C.owner);
	ck_assert_uint_eq(json_array_size(leads), 1);
	json_t *lead = json_array_get(leads, 0);
	ck_assert_str_eq(json_string_value(json_object_get(lead, "lead_id")), "V-L1");
	ck_assert_str_eq(json_string_value(json_object_get(lead, "status")), "contacted");
	ck_assert_str_eq(json_string_value(json_object_get(lead, "created_at")), "2026-11-10T06:00:00+00:00");
	ck_assert_str_eq(json_string_value(json_object_get(lead, "first_contact_at")), "2026-11-10T06:09:00+00:00");
	ck_assert(json_is_null(json_object_get(lead, "closed_at")));
	json_decref(leads);
	snprintf(path, sizeof(path), "/v1/deals?manager_id=%s&status=open", u.id);
	json_t *deals = list_all(path, &C.head1);
	ck_assert_uint_eq(json_array_size(deals), 1);
	json_t *deal = json_array_get(deals, 0);
	ck_assert_str_eq(json_string_value(json_object_get(deal, "stage")), "qualification");
	ck_assert_str_eq(json_string_value(json_object_get(deal, "lead_id")), "V-L1");
	ck_assert_int_eq(json_expect_integer(deal, "amount_minor"), 1500000);
	json_decref(deals);

	/* The same batch again changes nothing: the stored items are existing, the bad ones still errors. */
	r = http_post("/v1/crm-events/batch", C.owner.token, body);
	expect_status(r, 200);
	ck_assert_str_eq(item_status(r, 0), "existing");
	ck_assert_str_eq(item_status(r, 4), "existing");
	ck_assert_str_eq(item_status(r, 5), "error");
	resp_free(r);
	snprintf(path, sizeof(path), "/v1/leads?manager_id=%s&status=closed", u.id);
	leads = list_all(path, &C.owner);
	ck_assert_uint_eq(json_array_size(leads), 0);
	json_decref(leads);
}
END_TEST

START_TEST(batch_limits)
{
	size_t cap = 1001 * 160 + 64;
	char *body = malloc(cap);
	size_t used = (size_t)snprintf(body, cap, "{\"items\":[");
	for (int i = 0; i < 1001; i++)
		used += (size_t)snprintf(body + used, cap - used,
					 "%s{\"external_id\":\"lim-%d\",\"type\":\"meeting.held\","
					 "\"occurred_at\":\"2026-11-10T06:00:00Z\",\"manager_id\":\"%s\"}",
					 i ? "," : "", i, C.m1.id);
	snprintf(body + used, cap - used, "]}");
	struct resp *r = http_post("/v1/crm-events/batch", C.owner.token, body);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "items"));
	resp_free(r);
	free(body);
	r = http_post("/v1/crm-events/batch", C.owner.token, "{\"items\":[],\"extra\":1}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "items"));
	ck_assert(resp_has_error_field(r, "extra"));
	resp_free(r);
}
END_TEST

START_TEST(reach_and_isolation)
{
	char body[2048];
	/* A manager posts their own events, not a colleague's. */
	snprintf(body, sizeof(body),
		 "{\"items\":[{\"external_id\":\"r-1\",\"type\":\"lead.created\",\"occurred_at\":\"2026-11-11T06:00:00Z\","
		 "\"manager_id\":\"%s\",\"lead_id\":\"R-L1\"},"
		 "{\"external_id\":\"r-2\",\"type\":\"lead.created\",\"occurred_at\":\"2026-11-11T06:00:00Z\","
		 "\"manager_id\":\"%s\",\"lead_id\":\"R-L2\"}]}",
		 C.m1.id, C.m2.id);
	struct resp *r = http_post("/v1/crm-events/batch", C.m1.token, body);
	expect_status(r, 200);
	ck_assert_str_eq(item_status(r, 0), "created");
	ck_assert_str_eq(item_status(r, 1), "error");
	ck_assert(item_error_names(r, 1, "manager_id"));
	resp_free(r);
	/* Another organisation's owner names A's manager: no such user there. Reusing A's external_id is theirs to
	 * use: ids are per organisation. */
	snprintf(body, sizeof(body),
		 "{\"items\":[{\"external_id\":\"r-1\",\"type\":\"lead.created\",\"occurred_at\":\"2026-11-11T06:00:00Z\","
		 "\"manager_id\":\"%s\",\"lead_id\":\"R-L1\"},"
		 "{\"external_id\":\"r-1\",\"type\":\"lead.created\",\"occurred_at\":\"2026-11-11T06:00:00Z\","
		 "\"manager_id\":\"%s\",\"lead_id\":\"R-B1\"}]}",
		 C.m1.id, X.m.id);
	r = http_post("/v1/crm-events/batch", X.owner.token, body);
	expect_status(r, 200);
	ck_assert_str_eq(item_status(r, 0), "error");
	ck_assert_str_eq(item_status(r, 1), "created");
	resp_free(r);
	/* A's external_id again, by a manager who does not reach its event: a conflict, not the event. */
	snprintf(body, sizeof(body),
		 "{\"items\":[{\"external_id\":\"r-1\",\"type\":\"lead.created\",\"occurred_at\":\"2026-11-11T06:00:00Z\","
		 "\"manager_id\":\"%s\",\"lead_id\":\"R-L3\"}]}",
		 C.m3.id);
	r = http_post("/v1/crm-events/batch", C.m3.token, body);
	expect_status(r, 200);
	ck_assert_str_eq(item_status(r, 0), "error");
	ck_assert_str_eq(json_string_value(json_object_get(
				 json_object_get(json_array_get(json_object_get(r->json, "items"), 0), "error"), "code")),
			 "conflict");
	resp_free(r);

	/* Lists: m1's lead is seen by m1, head1 and owner A, not by m2, head2 or B's owner. */
	const struct member *sees[] = {&C.m1, &C.head1, &C.owner};
	const struct member *blind[] = {&C.m2, &C.head2, &C.m3, &X.owner};
	for (size_t i = 0; i < 3; i++) {
		json_t *all = list_all("/v1/leads", sees[i]);
		ck_assert_ptr_nonnull(find_by(all, "lead_id", "R-L1"));
		json_decref(all);
	}
	for (size_t i = 0; i < 4; i++) {
		json_t *all = list_all("/v1/leads", blind[i]);
		ck_assert_ptr_null(find_by(all, "lead_id", "R-L1"));
		json_decref(all);
	}
	json_t *b = list_all("/v1/leads", &X.owner);
	ck_assert_ptr_nonnull(find_by(b, "lead_id", "R-B1"));
	json_decref(b);
	r = http_get("/v1/leads?status=lost&created_from=yesterday", C.owner.token);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "status"));
	ck_assert(resp_has_error_field(r, "created_from"));
	resp_free(r);
}
END_TEST

/* The reconciliation entry of field in a report answer. */
static json_t *recon_field(const struct resp *r, const char *field)
{
	return json_object_get(json_object_get(json_object_get(r->json, "reconciliation"), "fields"), field);
}

static void expect_recon(const struct resp *r, const char *field, json_int_t reported, json_int_t recorded,
			 const char *status)
{
	json_t *f = recon_field(r, field);
	ck_assert_msg(f != NULL, "no reconciliation of %s: %s", field, r->body);
	ck_assert_int_eq(json_expect_integer(f, "reported"), reported);
	ck_assert_int_eq(json_expect_integer(f, "recorded"), recorded);
	ck_assert_str_eq(json_string_value(json_object_get(f, "status")), status);
}

START_TEST(reports_are_reconciled_field_by_field)
{
	struct member u;
	ck_assert_int_eq(world_user(&C.owner, "Сверка", "recon@crmco.test", "manager", C.team1, &u), 0);
	char body[4096];
	size_t used = (size_t)snprintf(body, sizeof(body), "{\"items\":[");
	/* 12 Nov in Moscow: 3 new leads, 2 first contacts, a meeting, 2 payments of 250,000.00; one lead of the 13th. */
	const char *kinds[] = {"lead.created", "lead.created", "lead.created", "lead.first_contact", "lead.first_contact",
			       "meeting.held", "payment.received", "payment.received"};
	for (int i = 0; i < 8; i++)
		used += (size_t)snprintf(body + used, sizeof(body) - used,
					 "{\"external_id\":\"rec-%d\",\"type\":\"%s\",\"occurred_at\":\"2026-11-12T0%d:00:00Z\","
					 "\"manager_id\":\"%s\",\"lead_id\":\"REC-%d\",\"amount_minor\":25000000},",
					 i, kinds[i], i + 1, u.id, i % 3);
	snprintf(body + used, sizeof(body) - used,
		 "{\"external_id\":\"rec-9\",\"type\":\"lead.created\",\"occurred_at\":\"2026-11-12T21:30:00Z\","
		 "\"manager_id\":\"%s\",\"lead_id\":\"REC-9\"}]}",
		 u.id);
	struct resp *r = http_post("/v1/crm-events/batch", C.owner.token, body);
	expect_status(r, 200);
	for (size_t i = 0; i < 9; i++)
		ck_assert_str_eq(item_status(r, i), "created");
	resp_free(r);
	/* The report claims 10 leads (3 recorded: a mismatch), 2 processed, 1 meeting, 2 payments and 500,000.00. */
	r = http_post("/v1/daily-reports", u.token,
		      "{\"date\":\"2026-11-12\",\"leads_received\":10,\"leads_processed\":2,\"meetings\":1,"
		      "\"payments_count\":2,\"revenue_minor\":50000000}");
	expect_status(r, 201);
	expect_recon(r, "calls", 0, 0, "match");
	expect_recon(r, "leads_received", 10, 3, "mismatch");
	expect_recon(r, "leads_processed", 2, 2, "match");
	expect_recon(r, "meetings", 1, 1, "match");
	expect_recon(r, "proposals_sent", 0, 0, "match");
	expect_recon(r, "deals_won", 0, 0, "match");
	expect_recon(r, "payments_count", 2, 2, "match");
	expect_recon(r, "revenue_minor", 50000000, 50000000, "match");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r->json, "reconciliation"), "status")),
			 "mismatch");
	char path[128];
	snprintf(path, sizeof(path), "/v1/daily-reports/%s", resp_str(r, "id"));
	resp_free(r);
	/* Leads posted after the report change its reconciliation at once. */
	used = (size_t)snprintf(body, sizeof(body), "{\"items\":[");
	for (int i = 0; i < 7; i++)
		used += (size_t)snprintf(body + used, sizeof(body) - used,
					 "%s{\"external_id\":\"rec-late-%d\",\"type\":\"lead.created\","
					 "\"occurred_at\":\"2026-11-12T15:00:00Z\",\"manager_id\":\"%s\",\"lead_id\":\"REC-L%d\"}",
					 i ? "," : "", i, u.id, i);
	snprintf(body + used, sizeof(body) - used, "]}");
	r = http_post("/v1/crm-events/batch", C.owner.token, body);
	expect_status(r, 200);
	resp_free(r);
	r = http_get(path, u.token);
	expect_status(r, 200);
	expect_recon(r, "leads_received", 10, 10, "match");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r->json, "reconciliation"), "status")),
			 "no_logs");
	resp_free(r);

	/* An organisation without a CRM feed reconciles calls only. */
	struct member w;
	ck_assert_int_eq(world_user(&W.owner_a, "Без CRM", "nocrm@alpha.test", "manager", W.team1, &w), 0);
	r = http_post("/v1/daily-reports", w.token, "{\"date\":\"2026-11-12\",\"leads_received\":10}");
	expect_status(r, 201);
	json_t *fields = json_object_get(json_object_get(r->json, "reconciliation"), "fields");
	ck_assert_uint_eq(json_object_size(fields), 1);
	expect_recon(r, "calls", 0, 0, "match");
	resp_free(r);
}
END_TEST

/* metric of the manager's plan status (as_of 20 Nov) as seen by the owner of C. */
static json_t *plan_metric(struct resp **keep, const struct member *m, const char *metric)
{
	char path[256];
	snprintf(path, sizeof(path), "/v1/plan-status?period=2026-11&manager_id=%s&as_of=2026-11-20T12:00:00Z", m->id);
	*keep = http_get(path, C.owner.token);
	expect_status(*keep, 200);
	json_t *mgr = json_array_get(json_object_get((*keep)->json, "managers"), 0);
	return json_object_get(json_object_get(mgr, "metrics"), metric);
}

static void pass_at_20_nov(void)
{
	struct resp *r = http_post("/v1/admin/scheduler/run", C.owner.token, "{\"as_of\":\"2026-11-20T12:00:00Z\"}");
	expect_status(r, 200);
	resp_free(r);
}

START_TEST(a_metric_switched_to_the_crm_changes_its_figures_and_nothing_else)
{
	struct member v;
	ck_assert_int_eq(world_user(&C.owner, "Источник", "source@crmco.test", "manager", C.team1, &v), 0);
	ck_assert_int_eq(world_hired_on(&C.owner, &v, "2025-01-13"), 0);
	char body[2048];
	snprintf(body, sizeof(body),
		 "{\"subject_type\":\"manager\",\"subject_id\":\"%s\",\"targets\":{\"leads_received\":40,\"meetings\":10}}",
		 v.id);
	struct resp *r = http_call("PUT", "/v1/plans/2026-11", C.owner.token, body, NULL);
	expect_status(r, 201);
	resp_free(r);
	r = http_post("/v1/daily-reports", v.token, "{\"date\":\"2026-11-16\",\"leads_received\":2,\"meetings\":3}");
	expect_status(r, 201);
	resp_free(r);
	size_t used = (size_t)snprintf(body, sizeof(body), "{\"items\":[");
	for (int i = 0; i < 6; i++)
		used += (size_t)snprintf(body + used, sizeof(body) - used,
					 "%s{\"external_id\":\"src-%d\",\"type\":\"%s\",\"occurred_at\":\"2026-11-16T%02d:00:00Z\","
					 "\"manager_id\":\"%s\",\"lead_id\":\"SRC-%d\"}",
					 i ? "," : "", i, i < 5 ? "lead.created" : "meeting.held", i + 6, v.id, i);
	snprintf(body + used, sizeof(body) - used, "]}");
	r = http_post("/v1/crm-events/batch", C.owner.token, body);
	expect_status(r, 200);
	for (size_t i = 0; i < 6; i++)
		ck_assert_str_eq(item_status(r, i), "created");
	resp_free(r);
	pass_at_20_nov();

	struct resp *keep;
	json_t *m = plan_metric(&keep, &v, "leads_received");
	ck_assert_int_eq(json_expect_integer(m, "actual"), 2);
	ck_assert_str_eq(json_string_value(json_object_get(m, "source")), "report");
	resp_free(keep);

	r = http_patch("/v1/org", C.owner.token, "{\"metric_sources\":{\"leads_received\":\"crm\"}}");
	expect_status(r, 200);
	json_t *sources = json_object_get(r->json, "metric_sources");
	ck_assert_str_eq(json_string_value(json_object_get(sources, "leads_received")), "crm");
	ck_assert_str_eq(json_string_value(json_object_get(sources, "meetings")), "report");
	ck_assert_uint_eq(json_object_size(sources), 7);
	resp_free(r);
	pass_at_20_nov();
	m = plan_metric(&keep, &v, "leads_received");
	ck_assert_int_eq(json_expect_integer(m, "actual"), 5);
	ck_assert_str_eq(json_string_value(json_object_get(m, "source")), "crm");
	resp_free(keep);
	m = plan_metric(&keep, &v, "meetings");
	ck_assert_int_eq(json_expect_integer(m, "actual"), 3);   /* still the report's */
	ck_assert_str_eq(json_string_value(json_object_get(m, "source")), "report");
	resp_free(keep);
	char path[256];
	snprintf(path, sizeof(path), "/v1/kpi?subject_type=manager&subject_id=%s&from=2026-11-16&to=2026-11-16", v.id);
	r = http_get(path, C.owner.token);
	expect_status(r, 200);
	json_t *day = json_object_get(json_array_get(json_object_get(r->json, "items"), 0), "metrics");
	ck_assert_int_eq(json_expect_integer(day, "leads_received"), 5);
	ck_assert_int_eq(json_expect_integer(day, "meetings"), 3);
	resp_free(r);

	/* Back to the report. */
	r = http_patch("/v1/org", C.owner.token, "{\"metric_sources\":{\"leads_received\":null}}");
	expect_status(r, 200);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r->json, "metric_sources"), "leads_received")),
			 "report");
	resp_free(r);
	pass_at_20_nov();
	m = plan_metric(&keep, &v, "leads_received");
	ck_assert_int_eq(json_expect_integer(m, "actual"), 2);
	resp_free(keep);

	/* Every bad source is named; nothing changes. */
	r = http_patch("/v1/org", C.owner.token, "{\"metric_sources\":{\"leads\":\"crm\",\"meetings\":\"phone\"}}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "metric_sources.leads"));
	ck_assert(resp_has_error_field(r, "metric_sources.meetings"));
	resp_free(r);
	r = http_patch("/v1/org", C.head1.token, "{\"metric_sources\":{\"meetings\":\"crm\"}}");
	expect_status(r, 403);
	resp_free(r);
	r = http_get("/v1/org", C.owner.token);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r->json, "metric_sources"), "meetings")),
			 "report");
	resp_free(r);
}
END_TEST

START_TEST(funnel_kpis_from_leads_and_deals)
{
	struct member f;
	ck_assert_int_eq(world_user(&C.owner, "Воронка", "funnel@crmco.test", "manager", C.team2, &f), 0);
	/* 17 Nov in Moscow (deadline 20:00 = 17:00Z): F1 answered in 5 min, F2 in 20, F3 only at 21:00 (after the
	 * deadline), F4 never. D1 won after 7 days and D2 lost on the 17th; D3 stays open. */
	struct {
		const char *type, *at, *lead, *deal;
	} ev[] = {
		{"lead.created", "2026-11-17T06:00:00Z", "F1", NULL}, {"lead.first_contact", "2026-11-17T06:05:00Z", "F1", NULL},
		{"lead.created", "2026-11-17T07:00:00Z", "F2", NULL}, {"lead.first_contact", "2026-11-17T07:20:00Z", "F2", NULL},
		{"lead.created", "2026-11-17T08:00:00Z", "F3", NULL}, {"lead.first_contact", "2026-11-17T18:00:00Z", "F3", NULL},
		{"lead.created", "2026-11-17T09:00:00Z", "F4", NULL},
		{"deal.created", "2026-11-10T08:00:00Z", NULL, "FD1"}, {"deal.won", "2026-11-17T08:00:00Z", NULL, "FD1"},
		{"deal.created", "2026-11-12T08:00:00Z", NULL, "FD2"}, {"deal.lost", "2026-11-17T10:00:00Z", NULL, "FD2"},
		{"deal.created", "2026-11-15T08:00:00Z", NULL, "FD3"},
	};
	char body[8192];
	size_t used = (size_t)snprintf(body, sizeof(body), "{\"items\":[");
	for (size_t i = 0; i < sizeof(ev) / sizeof(ev[0]); i++)
		used += (size_t)snprintf(body + used, sizeof(body) - used,
					 "%s{\"external_id\":\"fun-%zu\",\"type\":\"%s\",\"occurred_at\":\"%s\","
					 "\"manager_id\":\"%s\",\"%s\":\"%s\"}",
					 i ? "," : "", i, ev[i].type, ev[i].at, f.id, ev[i].lead ? "lead_id" : "deal_id",
					 ev[i].lead ? ev[i].lead : ev[i].deal);
	snprintf(body + used, sizeof(body) - used, "]}");
	struct resp *r = http_post("/v1/crm-events/batch", C.owner.token, body);
	expect_status(r, 200);
	for (size_t i = 0; i < sizeof(ev) / sizeof(ev[0]); i++)
		ck_assert_str_eq(item_status(r, i), "created");
	resp_free(r);

	char path[256];
	snprintf(path, sizeof(path), "/v1/kpi?subject_type=manager&subject_id=%s&from=2026-11-16&to=2026-11-17", f.id);
	r = http_get(path, C.head2.token);
	expect_status(r, 200);
	json_t *items = json_object_get(r->json, "items");
	ck_assert_uint_eq(json_array_size(items), 2);
	json_t *d16 = json_object_get(json_array_get(items, 0), "metrics");
	json_t *d17 = json_object_get(json_array_get(items, 1), "metrics");
	ck_assert(json_is_null(json_object_get(d16, "lead_response_median_s")));
	ck_assert_int_eq(json_expect_integer(d16, "leads_open_eod"), 0);
	ck_assert_int_eq(json_expect_integer(d16, "deals_in_work"), 3);
	ck_assert(json_is_null(json_object_get(d16, "win_rate")));
	ck_assert(json_is_null(json_object_get(d16, "cycle_days_avg")));
	ck_assert_double_eq_tol(json_expect_number(d17, "lead_response_median_s"), 1200, 1e-9);
	ck_assert_int_eq(json_expect_integer(d17, "leads_open_eod"), 2);
	ck_assert_int_eq(json_expect_integer(d17, "deals_in_work"), 1);
	ck_assert_double_eq_tol(json_expect_number(d17, "win_rate"), 0.5, 1e-9);
	ck_assert_double_eq_tol(json_expect_number(d17, "cycle_days_avg"), 7, 1e-9);
	resp_free(r);
	/* The team's figures are its members'. */
	snprintf(path, sizeof(path), "/v1/kpi?subject_type=team&subject_id=%s&from=2026-11-17&to=2026-11-17", C.team2);
	r = http_get(path, C.owner.token);
	expect_status(r, 200);
	d17 = json_object_get(json_array_get(json_object_get(r->json, "items"), 0), "metrics");
	ck_assert_int_eq(json_expect_integer(d17, "leads_open_eod"), 2);
	resp_free(r);
}
END_TEST

/* Posts one event of C's manager m, which must be created. */
static void post_event(const char *ext, const char *type, const char *at, const struct member *m, const char *extra)
{
	char body[1024];
	snprintf(body, sizeof(body),
		 "{\"items\":[{\"external_id\":\"%s\",\"type\":\"%s\",\"occurred_at\":\"%s\",\"manager_id\":\"%s\"%s}]}",
		 ext, type, at, m->id, extra);
	struct resp *r = http_post("/v1/crm-events/batch", C.owner.token, body);
	expect_status(r, 200);
	ck_assert_msg(strcmp(item_status(r, 0), "created") == 0, "%s", r->body);
	resp_free(r);
}

static void pass_at(const char *as_of)
{
	char body[128];
	snprintf(body, sizeof(body), "{\"as_of\":\"%s\"}", as_of);
	struct resp *r = http_post("/v1/admin/scheduler/run", C.owner.token, body);
	expect_status(r, 200);
	resp_free(r);
}

/* The open alerts of kind about manager m, as a new array. */
static json_t *open_alerts(const char *kind, const struct member *m)
{
	char path[256];
	snprintf(path, sizeof(path), "/v1/alerts?status=open&kind=%s&manager_id=%s", kind, m->id);
	return list_all(path, &C.owner);
}

static size_t open_count(const char *kind, const struct member *m)
{
	json_t *all = open_alerts(kind, m);
	size_t n = json_array_size(all);
	json_decref(all);
	return n;
}

START_TEST(lead_sla_counts_working_minutes_in_the_managers_time_zone)
{
	struct member s;
	ck_assert_int_eq(world_user(&C.owner, "Владивосток", "sla@crmco.test", "manager", C.team2, &s), 0);
	char path[128];
	snprintf(path, sizeof(path), "/v1/users/%s", s.id);
	struct resp *r = http_patch(path, C.owner.token, "{\"timezone\":\"Asia/Vladivostok\"}");
	expect_status(r, 200);
	resp_free(r);
	/* Wednesday 18 Nov, 19:50 in Vladivostok (UTC+10): 10 working minutes are left before 20:00, the other 5 run on
	 * Thursday from 09:00, so the SLA of 15 minutes ends at 09:05 there, 23:05Z. */
	post_event("sla-a1", "lead.created", "2026-11-18T09:50:00Z", &s, ",\"lead_id\":\"SLA-A\"");
	pass_at("2026-11-18T09:58:00Z");
	ck_assert_uint_eq(open_count("lead_sla", &s), 0);
	pass_at("2026-11-18T10:10:00Z");   /* 20 minutes on the clock, 10 of them working */
	ck_assert_uint_eq(open_count("lead_sla", &s), 0);
	/* The day's deadline (20:00) has passed with the lead untouched: left for tomorrow. */
	json_t *left = open_alerts("leads_left_for_tomorrow", &s);
	ck_assert_uint_eq(json_array_size(left), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(left, 0), "date")), "2026-11-18");
	ck_assert_int_eq(json_expect_integer(json_array_get(left, 0), "actual"), 1);
	json_decref(left);
	pass_at("2026-11-18T23:04:00Z");
	ck_assert_uint_eq(open_count("lead_sla", &s), 0);
	pass_at("2026-11-18T23:05:00Z");
	json_t *sla = open_alerts("lead_sla", &s);
	ck_assert_uint_eq(json_array_size(sla), 1);
	json_t *a = json_array_get(sla, 0);
	ck_assert_str_eq(json_string_value(json_object_get(a, "subject_type")), "lead");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(a, "details"), "lead_id")), "SLA-A");
	ck_assert_str_eq(json_string_value(json_object_get(a, "opened_at")), "2026-11-18T23:05:00+00:00");
	ck_assert_int_eq(json_expect_integer(a, "expected"), 15);
	char id[37];
	snprintf(id, sizeof(id), "%s", json_string_value(json_object_get(a, "id")));
	json_decref(sla);
	/* The first contact clears both. */
	post_event("sla-a2", "lead.first_contact", "2026-11-18T23:20:00Z", &s, ",\"lead_id\":\"SLA-A\"");
	pass_at("2026-11-18T23:21:00Z");
	ck_assert_uint_eq(open_count("lead_sla", &s), 0);
	ck_assert_uint_eq(open_count("leads_left_for_tomorrow", &s), 0);
	snprintf(path, sizeof(path), "/v1/alerts/%s", id);
	r = http_get(path, C.owner.token);
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "status"), "resolved");
	ck_assert_str_eq(resp_str(r, "resolved_at"), "2026-11-18T23:21:00+00:00");
	resp_free(r);

	/* Friday 20 Nov, 19:55 there: 5 minutes on Friday, none at the weekend, 10 on Monday: due Monday 09:10. */
	post_event("sla-b1", "lead.created", "2026-11-20T09:55:00Z", &s, ",\"lead_id\":\"SLA-B\"");
	pass_at("2026-11-22T12:00:00Z");
	ck_assert_uint_eq(open_count("lead_sla", &s), 0);
	pass_at("2026-11-22T23:09:00Z");
	ck_assert_uint_eq(open_count("lead_sla", &s), 0);
	pass_at("2026-11-22T23:10:00Z");
	sla = open_alerts("lead_sla", &s);
	ck_assert_uint_eq(json_array_size(sla), 1);
	a = json_array_get(sla, 0);
	ck_assert(json_is_null(json_object_get(a, "actual")));
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(a, "details"), "lead_created_at")),
			 "2026-11-20T09:55:00+00:00");
	json_decref(sla);
	/* A breached lead is not walked over the calendar again: a longer SLA set now leaves its alert open (the breach
	 * happened under the rule then in force), where evaluating it anew would find 600 working minutes not yet gone. */
	r = http_patch("/v1/org", C.owner.token, "{\"lead_sla_minutes\":600}");
	expect_status(r, 200);
	resp_free(r);
	pass_at("2026-11-22T23:20:00Z");
	ck_assert_uint_eq(open_count("lead_sla", &s), 1);
	r = http_patch("/v1/org", C.owner.token, "{\"lead_sla_minutes\":15}");
	expect_status(r, 200);
	resp_free(r);
	/* Closed without a contact (a duplicate, say): no longer waiting. */
	post_event("sla-b2", "lead.closed", "2026-11-22T23:30:00Z", &s, ",\"lead_id\":\"SLA-B\"");
	pass_at("2026-11-22T23:31:00Z");
	ck_assert_uint_eq(open_count("lead_sla", &s), 0);
}
END_TEST

START_TEST(a_deal_stuck_in_its_stage_past_its_limit)
{
	struct member g;
	ck_assert_int_eq(world_user(&C.owner, "Застой", "stuck@crmco.test", "manager", C.team2, &g), 0);
	struct resp *r = http_patch("/v1/org", C.owner.token, "{\"stage_max_days_by_stage\":{\"proposal\":10}}");
	expect_status(r, 200);
	ck_assert_int_eq(json_expect_integer(json_object_get(r->json, "stage_max_days_by_stage"), "proposal"), 10);
	ck_assert_int_eq(json_expect_integer(r->json, "stage_max_days"), 7);
	resp_free(r);
	post_event("stk-1", "deal.created", "2026-11-02T08:00:00Z", &g, ",\"deal_id\":\"STK\",\"stage\":\"proposal\"");
	pass_at("2026-11-10T09:00:00Z");   /* 8 days: within proposal's 10 */
	ck_assert_uint_eq(open_count("deal_stuck", &g), 0);
	pass_at("2026-11-12T08:00:00Z");
	json_t *stuck = open_alerts("deal_stuck", &g);
	ck_assert_uint_eq(json_array_size(stuck), 1);
	json_t *a = json_array_get(stuck, 0);
	ck_assert_str_eq(json_string_value(json_object_get(a, "subject_type")), "deal");
	ck_assert_int_eq(json_expect_integer(a, "expected"), 10);
	ck_assert_int_eq(json_expect_integer(a, "actual"), 10);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(a, "details"), "stage")), "proposal");
	json_decref(stuck);
	/* Russian text from the figures. */
	char path[256];
	snprintf(path, sizeof(path), "/v1/alerts?status=open&kind=deal_stuck&manager_id=%s", g.id);
	r = http_call("GET", path, C.owner.token, NULL, (const char *const[]){"Accept-Language: ru", NULL});
	expect_status(r, 200);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(r->json, "items"), 0), "message")),
			 "Сделка STK на этапе «proposal» уже 10 дней");
	resp_free(r);
	/* Moving on clears it; the new stage has the organisation's 7 days. */
	post_event("stk-2", "deal.stage_changed", "2026-11-12T10:00:00Z", &g, ",\"deal_id\":\"STK\",\"stage\":\"contract\"");
	pass_at("2026-11-12T11:00:00Z");
	ck_assert_uint_eq(open_count("deal_stuck", &g), 0);
	pass_at("2026-11-19T10:00:00Z");
	ck_assert_uint_eq(open_count("deal_stuck", &g), 1);
	post_event("stk-3", "deal.won", "2026-11-19T11:00:00Z", &g, ",\"deal_id\":\"STK\"");
	pass_at("2026-11-19T12:00:00Z");
	ck_assert_uint_eq(open_count("deal_stuck", &g), 0);
	/* Bad limits are named. */
	r = http_patch("/v1/org", C.owner.token,
		       "{\"stage_max_days\":0,\"stage_max_days_by_stage\":{\"\":3,\"x\":400},\"workday_start\":\"21:00\"}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "stage_max_days"));
	ck_assert(resp_has_error_field(r, "stage_max_days_by_stage."));
	ck_assert(resp_has_error_field(r, "stage_max_days_by_stage.x"));
	resp_free(r);
	r = http_patch("/v1/org", C.owner.token, "{\"workday_start\":\"21:00\"}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "workday_start"));
	resp_free(r);
}
END_TEST

/*
 * Order does not matter: the same events, shuffled, split into batches and partly sent twice, give the state a
 * straightforward replay in time order gives. Times fall on few minutes, so that ties (broken by external_id) occur.
 */
#define OOO_LEADS 6
#define OOO_DEALS 5
#define OOO_EVENTS 80
#define OOO_RUNS 4

struct ooo_event {
	int index;            /* external_id "ooo-<run>-<index>": the tie-break order */
	const char *type;
	int minute;
	int manager;          /* 0 or 1 */
	int lead, deal;       /* -1: none */
	int stage;            /* -1: none */
	long long amount;     /* -1: none */
};

static unsigned ooo_next(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 8) & 0xffffff;
}

static int ooo_events(struct ooo_event *ev, unsigned seed)
{
	static const char *const lead_types[] = {"lead.created", "lead.created", "lead.assigned", "lead.first_contact",
						 "lead.first_contact", "lead.closed", "meeting.held"};
	static const char *const deal_types[] = {"deal.created", "deal.stage_changed", "deal.stage_changed",
						 "deal.won", "deal.lost", "payment.received", "proposal.sent"};
	int n = 0;
	for (; n < OOO_EVENTS; n++) {
		struct ooo_event *e = &ev[n];
		bool lead = ooo_next(&seed) % 2;
		e->index = n;
		e->minute = (int)(ooo_next(&seed) % 12);
		e->manager = (int)(ooo_next(&seed) % 2);
		e->lead = lead ? (int)(ooo_next(&seed) % OOO_LEADS) : -1;
		e->deal = lead ? -1 : (int)(ooo_next(&seed) % OOO_DEALS);
		e->type = lead ? lead_types[ooo_next(&seed) % 7] : deal_types[ooo_next(&seed) % 7];
		e->stage = strcmp(e->type, "deal.stage_changed") == 0 || (strcmp(e->type, "deal.created") == 0 &&
									    ooo_next(&seed) % 2)
				   ? (int)(ooo_next(&seed) % 4)
				   : -1;
		e->amount = strcmp(e->type, "payment.received") == 0 || ooo_next(&seed) % 3 == 0
				    ? (long long)(ooo_next(&seed) % 1000) * 100
				    : -1;
		if (e->deal >= 0 && ooo_next(&seed) % 3 == 0)   /* a deal names a lead now and then */
			e->lead = (int)(ooo_next(&seed) % OOO_LEADS);
	}
	return n;
}

static int ooo_cmp_time(const void *a, const void *b)
{
	const struct ooo_event *x = a, *y = b;
	char ex[32], ey[32];
	if (x->minute != y->minute)
		return x->minute - y->minute;
	snprintf(ex, sizeof(ex), "%04d", x->index);
	snprintf(ey, sizeof(ey), "%04d", y->index);
	return strcmp(ex, ey);
}

struct ooo_lead {
	bool seen, created_by_created, manager_by_assignment;
	int created, first_contact, closed, manager;
};

struct ooo_deal {
	bool seen, created_by_created;
	int created, stage, stage_at, closed, manager, lead;
	const char *outcome;
	long long amount;
};

/* The reference: every event in time order, each changing the state as a reader of the spec would. */
static void ooo_replay(const struct ooo_event *sorted, int n, struct ooo_lead *leads, struct ooo_deal *deals)
{
	for (int i = 0; i < OOO_LEADS; i++)
		leads[i] = (struct ooo_lead){.created = -1, .first_contact = -1, .closed = -1, .manager = -1};
	for (int i = 0; i < OOO_DEALS; i++)
		deals[i] = (struct ooo_deal){.created = -1, .stage = -1, .stage_at = -1, .closed = -1, .manager = -1,
					     .lead = -1, .amount = -1};
	for (int i = 0; i < n; i++) {
		const struct ooo_event *e = &sorted[i];
		if (strncmp(e->type, "lead.", 5) == 0) {
			struct ooo_lead *l = &leads[e->lead];
			bool created = strcmp(e->type, "lead.created") == 0;
			if (!l->seen || (created && !l->created_by_created))
				l->created = e->minute;
			l->created_by_created = l->created_by_created || created;
			l->seen = true;
			if (strcmp(e->type, "lead.first_contact") == 0 && l->first_contact < 0)
				l->first_contact = e->minute;
			if (strcmp(e->type, "lead.closed") == 0 && l->closed < 0)
				l->closed = e->minute;
			if (created || strcmp(e->type, "lead.assigned") == 0) {
				l->manager = e->manager;
				l->manager_by_assignment = true;
			} else if (!l->manager_by_assignment) {
				l->manager = e->manager;
			}
		} else if (strncmp(e->type, "deal.", 5) == 0) {
			struct ooo_deal *d = &deals[e->deal];
			bool created = strcmp(e->type, "deal.created") == 0;
			if (!d->seen || (created && !d->created_by_created))
				d->created = e->minute;
			d->created_by_created = d->created_by_created || created;
			d->seen = true;
			d->manager = e->manager;
			if (e->stage >= 0) {
				d->stage = e->stage;
				d->stage_at = e->minute;
			}
			if (e->amount >= 0)
				d->amount = e->amount;
			if (strcmp(e->type, "deal.won") == 0 || strcmp(e->type, "deal.lost") == 0) {
				d->outcome = e->type + 5;
				d->closed = e->minute;
			}
			/* Of the leads a deal names, the least id (they are "ooo-<run>-L<n>", so the least n). */
			if (e->lead >= 0 && (d->lead < 0 || e->lead < d->lead))
				d->lead = e->lead;
		}
	}
}

/* Appends event e of run as a batch item. */
static size_t ooo_item(char *out, size_t cap, const struct ooo_event *e, int run, const struct member *const m[2])
{
	char extra[160] = "";
	size_t k = 0;
	if (e->lead >= 0)
		k += (size_t)snprintf(extra + k, sizeof(extra) - k, ",\"lead_id\":\"ooo-%d-L%d\"", run, e->lead);
	if (e->deal >= 0)
		k += (size_t)snprintf(extra + k, sizeof(extra) - k, ",\"deal_id\":\"ooo-%d-D%d\"", run, e->deal);
	if (e->stage >= 0)
		k += (size_t)snprintf(extra + k, sizeof(extra) - k, ",\"stage\":\"stage-%d\"", e->stage);
	if (e->amount >= 0)
		snprintf(extra + k, sizeof(extra) - k, ",\"amount_minor\":%lld", e->amount);
	return (size_t)snprintf(out, cap,
				"{\"external_id\":\"ooo-%d-%04d\",\"type\":\"%s\",\"occurred_at\":\"2026-11-10T06:%02d:00Z\","
				"\"manager_id\":\"%s\"%s}",
				run, e->index, e->type, e->minute, m[e->manager]->id, extra);
}

/* Posts the events of run shuffled, in batches of 1 to 8, a quarter of them twice. */
static void ooo_send(const struct ooo_event *ev, int n, int run, const struct member *const m[2])
{
	unsigned seed = 7919u * (unsigned)(run + 1);
	int order[2 * OOO_EVENTS], total = n;
	for (int i = 0; i < n; i++)
		order[i] = i;
	for (int i = n - 1; i > 0; i--) {
		int j = (int)(ooo_next(&seed) % (unsigned)(i + 1)), t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (int i = 0; i < n; i++)
		if (ooo_next(&seed) % 4 == 0)
			order[total++] = order[ooo_next(&seed) % (unsigned)n];
	for (int at = 0; at < total;) {
		int size = 1 + (int)(ooo_next(&seed) % 8);
		char body[8 * 512 + 32];
		size_t used = (size_t)snprintf(body, sizeof(body), "{\"items\":[");
		int count = 0;
		for (; count < size && at < total; count++, at++) {
			if (count)
				body[used++] = ',';
			used += ooo_item(body + used, sizeof(body) - used, &ev[order[at]], run, m);
		}
		snprintf(body + used, sizeof(body) - used, "]}");
		struct resp *r = http_post("/v1/crm-events/batch", C.owner.token, body);
		expect_status(r, 200);
		for (int i = 0; i < count; i++) {
			const char *st = item_status(r, (size_t)i);
			ck_assert_msg(strcmp(st, "created") == 0 || strcmp(st, "existing") == 0, "item %d: %s", i, r->body);
		}
		resp_free(r);
	}
}

/* The instant minute of 06:mm on the test day as the API renders it, or JSON null for -1. */
static void ooo_expect_time(const json_t *item, const char *key, int minute)
{
	json_t *v = json_object_get(item, key);
	if (minute < 0) {
		ck_assert_msg(json_is_null(v), "%s should be null", key);
		return;
	}
	char want[40];
	snprintf(want, sizeof(want), "2026-11-10T06:%02d:00+00:00", minute);
	ck_assert_msg(json_is_string(v) && strcmp(json_string_value(v), want) == 0, "%s: %s, want %s", key,
		      json_string_value(v), want);
}

START_TEST(out_of_order_and_repeated_events_give_the_in_order_state)
{
	struct member a, b;
	ck_assert_int_eq(world_user(&C.owner, "Порядок А", "ooo-a@alpha.test", "manager", C.team1, &a), 0);
	ck_assert_int_eq(world_user(&C.owner, "Порядок Б", "ooo-b@alpha.test", "manager", C.team1, &b), 0);
	const struct member *const m[2] = {&a, &b};
	struct ooo_event ev[OOO_EVENTS], sorted[OOO_EVENTS];
	int n = ooo_events(ev, 20261201u);
	memcpy(sorted, ev, sizeof(ev));
	qsort(sorted, (size_t)n, sizeof(sorted[0]), ooo_cmp_time);
	struct ooo_lead leads[OOO_LEADS];
	struct ooo_deal deals[OOO_DEALS];
	ooo_replay(sorted, n, leads, deals);
	int expected_leads = 0, expected_deals = 0;
	for (int i = 0; i < OOO_LEADS; i++)
		expected_leads += leads[i].seen;
	for (int i = 0; i < OOO_DEALS; i++)
		expected_deals += deals[i].seen;
	ck_assert_int_gt(expected_leads, 3);
	ck_assert_int_gt(expected_deals, 3);

	for (int run = 0; run < OOO_RUNS; run++)
		ooo_send(ev, n, run, m);

	json_t *got_leads = json_array(), *got_deals = json_array();
	for (int k = 0; k < 2; k++) {
		char path[128];
		snprintf(path, sizeof(path), "/v1/leads?manager_id=%s", m[k]->id);
		json_t *part = list_all(path, &C.head1);
		json_array_extend(got_leads, part);
		json_decref(part);
		snprintf(path, sizeof(path), "/v1/deals?manager_id=%s", m[k]->id);
		part = list_all(path, &C.head1);
		json_array_extend(got_deals, part);
		json_decref(part);
	}
	ck_assert_uint_eq(json_array_size(got_leads), (size_t)(expected_leads * OOO_RUNS));
	ck_assert_uint_eq(json_array_size(got_deals), (size_t)(expected_deals * OOO_RUNS));
	for (int run = 0; run < OOO_RUNS; run++) {
		for (int i = 0; i < OOO_LEADS; i++) {
			if (!leads[i].seen)
				continue;
			char id[48];
			snprintf(id, sizeof(id), "ooo-%d-L%d", run, i);
			json_t *l = find_by(got_leads, "lead_id", id);
			ck_assert_msg(l != NULL, "lead %s missing", id);
			ooo_expect_time(l, "created_at", leads[i].created);
			ooo_expect_time(l, "first_contact_at", leads[i].first_contact);
			ooo_expect_time(l, "closed_at", leads[i].closed);
			ck_assert_str_eq(json_string_value(json_object_get(l, "manager_id")), m[leads[i].manager]->id);
			const char *status = leads[i].closed >= 0 ? "closed" : leads[i].first_contact >= 0 ? "contacted" : "new";
			ck_assert_str_eq(json_string_value(json_object_get(l, "status")), status);
		}
		for (int i = 0; i < OOO_DEALS; i++) {
			if (!deals[i].seen)
				continue;
			char id[48], stage[16], lead[48];
			snprintf(id, sizeof(id), "ooo-%d-D%d", run, i);
			json_t *d = find_by(got_deals, "deal_id", id);
			ck_assert_msg(d != NULL, "deal %s missing", id);
			ooo_expect_time(d, "created_at", deals[i].created);
			ooo_expect_time(d, "stage_entered_at", deals[i].stage_at);
			ooo_expect_time(d, "closed_at", deals[i].closed);
			ck_assert_str_eq(json_string_value(json_object_get(d, "manager_id")), m[deals[i].manager]->id);
			ck_assert_str_eq(json_string_value(json_object_get(d, "status")),
					 deals[i].outcome ? deals[i].outcome : "open");
			snprintf(stage, sizeof(stage), "stage-%d", deals[i].stage);
			if (deals[i].stage < 0)
				ck_assert(json_is_null(json_object_get(d, "stage")));
			else
				ck_assert_str_eq(json_string_value(json_object_get(d, "stage")), stage);
			if (deals[i].amount < 0)
				ck_assert(json_is_null(json_object_get(d, "amount_minor")));
			else
				ck_assert_int_eq(json_expect_integer(d, "amount_minor"), deals[i].amount);
			snprintf(lead, sizeof(lead), "ooo-%d-L%d", run, deals[i].lead);
			if (deals[i].lead < 0)
				ck_assert(json_is_null(json_object_get(d, "lead_id")));
			else
				ck_assert_str_eq(json_string_value(json_object_get(d, "lead_id")), lead);
		}
	}
	json_decref(got_leads);
	json_decref(got_deals);
}
END_TEST

Suite *crm_events_suite(void)
{
	Suite *s = suite_create("crm_events");
	TCase *t = tcase_create("crm_events");
	tcase_set_timeout(t, 60);
	tcase_add_unchecked_fixture(t, crm_world_build, NULL);
	tcase_add_test(t, batch_checks_each_item_and_derives_leads_and_deals);
	tcase_add_test(t, batch_limits);
	tcase_add_test(t, reach_and_isolation);
	tcase_add_test(t, reports_are_reconciled_field_by_field);
	tcase_add_test(t, a_metric_switched_to_the_crm_changes_its_figures_and_nothing_else);
	tcase_add_test(t, funnel_kpis_from_leads_and_deals);
	tcase_add_test(t, lead_sla_counts_working_minutes_in_the_managers_time_zone);
	tcase_add_test(t, a_deal_stuck_in_its_stage_past_its_limit);
	tcase_add_test(t, out_of_order_and_repeated_events_give_the_in_order_state);
	suite_add_tcase(s, t);
	return s;
}
