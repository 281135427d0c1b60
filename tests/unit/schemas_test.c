/* Rules every operation's validation table keeps (include/salesctl/api/schemas.h): fields a client may not set are
 * refused by name (mass assignment), an empty PATCH is refused, an unknown query parameter is refused, field names
 * are unique, and strings are bounded. */
#include <string.h>

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
	ck_assert_uint_ge(tables, 40);
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
	int patches = 0;
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
	ck_assert_int_ge(patches, 7);
}
END_TEST

Suite *schemas_suite(void)
{
	Suite *s = suite_create("schemas");
	TCase *t = tcase_create("schemas");
	tcase_add_test(t, every_table_is_listed_once_and_well_formed);
	tcase_add_test(t, server_owned_fields_are_refused_by_name);
	tcase_add_test(t, an_empty_patch_is_refused);
	suite_add_tcase(s, t);
	return s;
}
