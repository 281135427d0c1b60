/*
 * The CRM event feed. The CRM (with a token of the crm_events:write scope) posts what happened to leads and deals,
 * up to 1,000 events at a time, each idempotent on its external_id; late and out-of-order events are expected, and
 * the leads and deals derived from them depend only on which events arrived (store/crm_events.c). A manager posts
 * their own events, a head those of their teams' members, an owner anyone's, as for call logs.
 */
#include "salesctl/api/batch.h"
#include "salesctl/api/crm_events.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/list.h"
#include "salesctl/api/schemas.h"
#include "salesctl/store/crm_events.h"

#include <string.h>

static const char *const type_values[] = {
	"lead.created", "lead.assigned", "lead.first_contact", "lead.closed", "deal.created", "deal.stage_changed",
	"deal.won", "deal.lost", "payment.received", "meeting.held", "proposal.sent", NULL};
static const char *const lead_status_values[] = {"new", "contacted", "closed", NULL};
static const char *const deal_status_values[] = {"open", "won", "lost", NULL};

static const struct field_spec event_specs[] = {
	{.name = "external_id", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = NAME_MAX_CHARS},
	{.name = "type", .type = FT_ENUM, .flags = F_REQUIRED, .values = type_values},
	{.name = "occurred_at", .type = FT_TIMESTAMP, .flags = F_REQUIRED},
	{.name = "manager_id", .type = FT_UUID, .flags = F_REQUIRED},
	{.name = "lead_id", .type = FT_STRING, .flags = F_NULLABLE, .min = 1, .max = NAME_MAX_CHARS},
	{.name = "deal_id", .type = FT_STRING, .flags = F_NULLABLE, .min = 1, .max = NAME_MAX_CHARS},
	{.name = "stage", .type = FT_STRING, .flags = F_NULLABLE, .min = 1, .max = NAME_MAX_CHARS},
	{.name = "amount_minor", .type = FT_INT, .flags = F_NULLABLE, .min = 0, .max = JSON_SAFE_INT_MAX},
	{.name = "reason", .type = FT_STRING, .flags = F_NULLABLE, .min = 0, .max = TEXT_MAX_CHARS},
	{.name = "source", .type = FT_STRING, .flags = F_NULLABLE, .min = 0, .max = NAME_MAX_CHARS},
};

/* In the order of store_lead_list_shape's filters. */
static const struct field_spec lead_filters[] = {
	{.name = "manager_id", .type = FT_UUID},
	{.name = "status", .type = FT_ENUM, .flags = F_MULTI, .values = lead_status_values},
	{.name = "created_from", .type = FT_TIMESTAMP},
	{.name = "created_to", .type = FT_TIMESTAMP},
};

/* In the order of store_deal_list_shape's filters. */
static const struct field_spec deal_filters[] = {
	{.name = "manager_id", .type = FT_UUID},
	{.name = "status", .type = FT_ENUM, .flags = F_MULTI, .values = deal_status_values},
	{.name = "stage", .type = FT_STRING, .min = 1, .max = NAME_MAX_CHARS},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A field the types starting with `types` cannot do without: an error on it when absent or null. */
static void event_needs(const json_t *item, const char *type, const char *types, const char *field,
			struct field_errors *errs)
{
	json_t *v = json_object_get(item, field);
	if (strncmp(type, types, strlen(types)) == 0 && (!v || json_is_null(v)))
		field_errors_add(errs, NULL, field, "is required for this type of event");
}

static void event_check(const json_t *item, struct field_errors *errs)
{
	if (!json_validate(item, event_specs, COUNT(event_specs), VALIDATE_CREATE, NULL, errs))
		return;
	const char *type = json_string_value(json_object_get(item, "type"));
	event_needs(item, type, "lead.", "lead_id", errs);
	event_needs(item, type, "deal.", "deal_id", errs);
	event_needs(item, type, "deal.stage_changed", "stage", errs);
	event_needs(item, type, "payment.received", "amount_minor", errs);
}

enum db_status api_crm_event_batch(struct request *req)
{
	static const struct api_batch events = {
		.check = event_check,
		.store = store_crm_event_batch,
		.not_an_array = "must be an array of events",
		.wrong_size = "must hold 1 to %d events",
		.conflict = "external_id belongs to an event you cannot see",
	};
	return api_batch_run(req, &events);
}

enum db_status api_lead_list(struct request *req)
{
	return api_list_composed(req, lead_filters, COUNT(lead_filters), &store_lead_list_shape);
}

enum db_status api_deal_list(struct request *req)
{
	return api_list_composed(req, deal_filters, COUNT(deal_filters), &store_deal_list_shape);
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_crm_events_schemas[] = {
	API_SCHEMA("GET /v1/leads", lead_filters, VALIDATE_FILTER),
	API_SCHEMA("GET /v1/deals", deal_filters, VALIDATE_FILTER),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
