/* RFC 9457 rendering and the error registry. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "salesctl/http/problem.h"
#include "suites.h"

START_TEST(renders_all_members)
{
	char *s = problem_render(PROBLEM_NOT_FOUND, LANG_EN, "no \"such\" thing", NULL);
	json_t *v = json_loads(s, JSON_REJECT_DUPLICATES, NULL);
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(json_string_value(json_object_get(v, "type")), "https://salesctl.dev/problems/not_found");
	ck_assert_str_eq(json_string_value(json_object_get(v, "title")), "Not found");
	ck_assert_int_eq(json_integer_value(json_object_get(v, "status")), 404);
	ck_assert_str_eq(json_string_value(json_object_get(v, "detail")), "no \"such\" thing");
	ck_assert_str_eq(json_string_value(json_object_get(v, "code")), "not_found");
	ck_assert_ptr_null(json_object_get(v, "errors"));
	json_decref(v);
	free(s);
}
END_TEST

START_TEST(renders_every_field_error)
{
	struct field_errors e = {0};
	for (int i = 0; i < 20; i++)
		field_errors_add(&e, i % 2 ? "owner" : NULL, "f", "bad %d", i);
	char *s = problem_render(PROBLEM_VALIDATION, LANG_EN, NULL, &e);
	json_t *v = json_loads(s, 0, NULL);
	json_t *errs = json_object_get(v, "errors");
	ck_assert_uint_eq(json_array_size(errs), 20);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(errs, 1), "field")), "owner.f");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(errs, 2), "message")), "bad 2");
	ck_assert_int_eq(json_integer_value(json_object_get(v, "status")), 422);
	ck_assert_str_eq(json_string_value(json_object_get(v, "detail")), "Validation failed");
	json_decref(v);
	free(s);
	field_errors_free(&e);
}
END_TEST

START_TEST(registry_is_complete_and_unique)
{
	for (int i = 0; i < PROBLEM__COUNT; i++) {
		const struct problem_info *a = problem_info((enum problem)i);
		ck_assert_msg(a->code && a->title && a->status >= 400 && a->status < 600, "problem %d incomplete", i);
		for (int k = 0; k < i; k++)
			ck_assert_str_ne(a->code, problem_info((enum problem)k)->code);
	}
	ck_assert_int_eq(problem_info(PROBLEM_DB_UNAVAILABLE)->status, 503);
	ck_assert_str_eq(problem_info(PROBLEM_MALFORMED_JSON)->code, "malformed_json");
	ck_assert_str_eq(problem_info(PROBLEM_IDEMPOTENCY_KEY_REUSED)->code, "idempotency_key_reused");
	ck_assert_int_eq(problem_info(PROBLEM_IDEMPOTENCY_IN_FLIGHT)->status, 409);
}
END_TEST

Suite *problem_suite(void)
{
	Suite *s = suite_create("problem");
	TCase *t = tcase_create("problem");
	tcase_add_test(t, renders_all_members);
	tcase_add_test(t, renders_every_field_error);
	tcase_add_test(t, registry_is_complete_and_unique);
	suite_add_tcase(s, t);
	return s;
}
