/* The validation tables (include/salesctl/api/schemas.h) follow the route table exactly: a table per route that takes
 * a body, none for a route that does not exist. And the rules every table keeps: fields a client may not set are
 * refused by name (mass assignment), an empty PATCH is refused, an unknown query parameter is refused, field names
 * are unique, and strings are bounded. */
#include <string.h>

#include "salesctl/api/app.h"
#include "salesctl/api/schemas.h"
#include "suites.h"

/* Server-owned fields that no request body may carry. */
static const char *const server_fields[] = {"org_id", "id", "created_at", "updated_at", "version", "token_hash"};

static bool has_error(const struct field_errors *errs, const char *field)
{
	for (size_t i = 0; i < errs->count; i++)
		if (strcmp(errs->items[i].field, field) == 0)
			return true;
	return false;
}

START_TEST(every_table_is_listed_once_and_well_formed)
{
	size_t tables = 0;
	for (const struct api_schema *const *set = api_schema_sets; *set; set++) {
		for (const struct api_schema *s = *set; s->operation; s++, tables++) {
			ck_assert_msg(s->nfields > 0, "%s has no fields", s->operation);
			for (size_t i = 0; i < s->nfields; i++) {
				const struct field_spec *f = &s->fields[i];
				ck_assert_msg(f->name != NULL, "%s: field %zu has no name", s->operation, i);
				for (size_t j = i + 1; j < s->nfields; j++)
					ck_assert_msg(strcmp(f->name, s->fields[j].name) != 0, "%s: %s twice", s->operation,
						      f->name);
				if (f->type == FT_STRING)
					ck_assert_msg(f->max > 0, "%s: string %s has no length limit", s->operation, f->name);
			}
		}
	}
	ck_assert_uint_gt(tables, 0);
}
END_TEST

/* Routes that take a body but have no table of their own, and why. */
static const char *const bodies_without_a_table[] = {
	"POST /v1/call-logs/batch",         /* {items: [...]}: each item is checked with POST /v1/call-logs's table */
	"POST /v1/crm-events/batch",        /* {items: [...]}: each item is checked with event_specs (api/crm_events.c) */
	"POST /v1/competencies",            /* levels, an array of five, is checked apart from competency_specs */
	/* these take no member at all: an empty table refuses any */
	"POST /v1/one-on-ones/{id}/cancel",
	"POST /v1/users/{id}/invitations",
	"POST /v1/alerts/{id}/ack",
	"POST /v1/periods/{period}/close",
};

static const struct route *route_of(const char *operation)
{
	for (size_t i = 0; i < app_routes_count; i++) {
		char name[160];
		snprintf(name, sizeof(name), "%s %s", http_method_name(app_routes[i].method), app_routes[i].pattern);
		if (strcmp(name, operation) == 0)
			return &app_routes[i];
	}
	return NULL;
}

static const struct api_schema *table_of(const char *operation)
{
	const struct api_schema *found = NULL;
	for (const struct api_schema *const *set = api_schema_sets; *set; set++)
		for (const struct api_schema *s = *set; s->operation; s++)
			if (strcmp(s->operation, operation) == 0) {
				ck_assert_msg(found == NULL, "%s has two tables", operation);
				found = s;
			}
	return found;
}

/* The tables and the route table agree exactly: every table belongs to a route, in the mode its method implies,
 * and every route that takes a body has a table or is one of bodies_without_a_table. */
START_TEST(tables_match_the_route_table)
{
	for (const struct api_schema *const *set = api_schema_sets; *set; set++) {
		for (const struct api_schema *s = *set; s->operation; s++) {
			const struct route *r = route_of(s->operation);
			ck_assert_msg(r != NULL, "table %s names no route", s->operation);
			enum validate_mode want = r->method == HTTP_GET     ? VALIDATE_FILTER
						  : r->method == HTTP_PATCH ? VALIDATE_PATCH
									    : VALIDATE_CREATE;
			ck_assert_msg(s->mode == want, "table %s has the wrong mode for its method", s->operation);
		}
	}
	size_t exempt = sizeof(bodies_without_a_table) / sizeof(bodies_without_a_table[0]);
	for (size_t i = 0; i < exempt; i++) {
		ck_assert_msg(route_of(bodies_without_a_table[i]) != NULL, "%s is no route", bodies_without_a_table[i]);
		ck_assert_msg(table_of(bodies_without_a_table[i]) == NULL, "%s has a table now: drop it from the list",
			      bodies_without_a_table[i]);
	}
	for (size_t i = 0; i < app_routes_count; i++) {
		const struct route *r = &app_routes[i];
		if (!(r->method & (HTTP_POST | HTTP_PUT | HTTP_PATCH)))
			continue;
		char name[160];
		snprintf(name, sizeof(name), "%s %s", http_method_name(r->method), r->pattern);
		bool is_exempt = false;
		for (size_t k = 0; k < exempt; k++)
			is_exempt = is_exempt || strcmp(bodies_without_a_table[k], name) == 0;
		ck_assert_msg(is_exempt || table_of(name) != NULL, "%s takes a body but exports no validation table", name);
	}
}
END_TEST

START_TEST(server_owned_fields_are_refused_by_name)
{
	for (const struct api_schema *const *set = api_schema_sets; *set; set++) {
		for (const struct api_schema *s = *set; s->operation; s++) {
			json_t *body = json_object();
			for (size_t i = 0; i < sizeof(server_fields) / sizeof(server_fields[0]); i++)
				json_object_set_new(body, server_fields[i], json_string("x"));
			struct field_errors errs = {0};
			ck_assert_msg(!json_validate(body, s->fields, s->nfields, s->mode, NULL, &errs), "%s accepted %s",
				      s->operation, "server-owned fields");
			for (size_t i = 0; i < sizeof(server_fields) / sizeof(server_fields[0]); i++)
				ck_assert_msg(has_error(&errs, server_fields[i]), "%s: %s not refused", s->operation,
					      server_fields[i]);
			field_errors_free(&errs);
			json_decref(body);
		}
	}
}
END_TEST

START_TEST(an_empty_patch_is_refused)
{
	size_t patches = 0, patch_routes = 0;
	for (size_t i = 0; i < app_routes_count; i++)
		patch_routes += app_routes[i].method == HTTP_PATCH;
	for (const struct api_schema *const *set = api_schema_sets; *set; set++) {
		for (const struct api_schema *s = *set; s->operation; s++) {
			if (s->mode != VALIDATE_PATCH)
				continue;
			json_t *body = json_object();
			struct field_errors errs = {0};
			ck_assert_msg(!json_validate(body, s->fields, s->nfields, s->mode, NULL, &errs), "%s accepted {}",
				      s->operation);
			field_errors_free(&errs);
			json_decref(body);
			patches++;
		}
	}
	ck_assert_uint_eq(patches, patch_routes);
}
END_TEST

Suite *schemas_suite(void)
{
	Suite *s = suite_create("schemas");
	TCase *t = tcase_create("schemas");
	tcase_add_test(t, every_table_is_listed_once_and_well_formed);
	tcase_add_test(t, tables_match_the_route_table);
	tcase_add_test(t, server_owned_fields_are_refused_by_name);
	tcase_add_test(t, an_empty_patch_is_refused);
	suite_add_tcase(s, t);
	return s;
}
