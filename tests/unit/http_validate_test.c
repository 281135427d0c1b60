/* Strict JSON decoding and the field-spec validator: every bad field reported, modes, formats, limits. */
#include <string.h>

#include "salesctl/domain/formats.h"
#include "salesctl/http/validate.h"
#include "suites.h"

static const char *const colours[] = {"red", "green", NULL};
static const struct field_spec inner[] = {
	{.name = "email", .type = FT_EMAIL, .flags = F_REQUIRED},
};
static const struct field_spec specs[] = {
	{.name = "name", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 5},
	{.name = "count", .type = FT_INT, .min = 0, .max = 10},
	{.name = "ratio", .type = FT_NUMBER, .fmin = 0, .fmax = 1},
	{.name = "flag", .type = FT_BOOL},
	{.name = "colour", .type = FT_ENUM, .flags = F_NULLABLE, .values = colours},
	{.name = "day", .type = FT_DATE},
	{.name = "at", .type = FT_TIMESTAMP},
	{.name = "ref", .type = FT_UUID, .flags = F_NULLABLE},
	{.name = "tz", .type = FT_TIMEZONE},
	{.name = "cur", .type = FT_CURRENCY},
	{.name = "time", .type = FT_TIME_HM},
	{.name = "owner", .type = FT_OBJECT, .fields = inner, .nfields = 1},
	{.name = "big", .type = FT_INT, .min = -JSON_SAFE_INT_MAX, .max = JSON_SAFE_INT_MAX},
};
#define N (sizeof(specs) / sizeof(specs[0]))

static json_t *parse(const char *s)
{
	enum problem why;
	char detail[128];
	json_t *v = json_parse_strict(s, strlen(s), &why, detail, sizeof(detail));
	ck_assert_msg(v != NULL, "parse failed: %s", detail);
	return v;
}

static bool has(const struct field_errors *e, const char *field)
{
	for (size_t i = 0; i < e->count; i++)
		if (strcmp(e->items[i].field, field) == 0)
			return true;
	return false;
}

static void setup(void)
{
	const char *zones[] = {"Europe/Moscow", "UTC", "Asia/Yekaterinburg"};
	tz_set_known(zones, 3);
}

static void teardown(void)
{
	tz_clear();
}

START_TEST(strict_parse_rejects)
{
	const char *bad[] = {"", "{", "{\"a\":1,\"a\":2}", "{} {}", "{}x", "{\"a\":1,}", "[1,]", "{'a':1}",
			     "{\"a\":\"\\u0000\"}", "{\"a\":99999999999999999999}"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		enum problem why = PROBLEM__COUNT;
		char detail[128];
		json_t *v = json_parse_strict(bad[i], strlen(bad[i]), &why, detail, sizeof(detail));
		ck_assert_msg(v == NULL, "accepted %s", bad[i]);
		ck_assert_int_eq(why, PROBLEM_MALFORMED_JSON);
	}
}
END_TEST

START_TEST(strict_parse_flags_invalid_utf8)
{
	enum problem why = PROBLEM__COUNT;
	char detail[128];
	const char *s = "{\"a\":\"\xc3\x28\"}";
	ck_assert_ptr_null(json_parse_strict(s, strlen(s), &why, detail, sizeof(detail)));
	ck_assert_int_eq(why, PROBLEM_INVALID_UTF8);
}
END_TEST

START_TEST(strict_parse_accepts_valid)
{
	json_t *v = parse("  {\"name\":\"Ёжик\", \"n\": [1, 2.5, null, true]}\n");
	ck_assert(json_is_object(v));
	json_decref(v);
}
END_TEST

START_TEST(valid_object_passes)
{
	struct field_errors e = {0};
	json_t *v = parse("{\"name\":\"Ёжик\",\"count\":10,\"ratio\":0.5,\"flag\":false,\"colour\":null,\"day\":\"2024-02-29\","
			  "\"at\":\"2026-11-28T09:00:00+03:00\",\"ref\":\"5a1e5c71-0000-4000-8000-000000000001\","
			  "\"tz\":\"UTC\",\"cur\":\"RUB\",\"time\":\"23:59\",\"owner\":{\"email\":\"a@b.co\"},"
			  "\"big\":9007199254740991}");
	ck_assert(json_validate(v, specs, N, VALIDATE_CREATE, NULL, &e));
	ck_assert_uint_eq(e.count, 0);
	json_decref(v);
}
END_TEST

START_TEST(every_bad_field_is_listed)
{
	struct field_errors e = {0};
	json_t *v = parse("{\"name\":\"toolong\",\"count\":11,\"ratio\":1.5,\"flag\":\"yes\",\"colour\":\"blue\","
			  "\"day\":\"2023-02-29\",\"at\":\"2026-11-28 09:00\",\"ref\":\"nope\",\"tz\":\"Mars/Base\","
			  "\"cur\":\"rub\",\"time\":\"24:00\",\"owner\":{\"email\":\"x\",\"extra\":1},\"big\":9007199254740992,"
			  "\"unknown\":true}");
	ck_assert(!json_validate(v, specs, N, VALIDATE_CREATE, NULL, &e));
	const char *fields[] = {"name", "count", "ratio", "flag", "colour", "day", "at", "ref", "tz", "cur", "time",
				"owner.email", "owner.extra", "big", "unknown"};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		ck_assert_msg(has(&e, fields[i]), "missing error for %s", fields[i]);
	ck_assert_uint_eq(e.count, sizeof(fields) / sizeof(fields[0]));
	field_errors_free(&e);
	json_decref(v);
}
END_TEST

START_TEST(required_and_null_rules)
{
	struct field_errors e = {0};
	json_t *v = parse("{\"count\":null,\"colour\":null,\"ref\":null}");
	ck_assert(!json_validate(v, specs, N, VALIDATE_CREATE, NULL, &e));
	ck_assert(has(&e, "name"));      /* required */
	ck_assert(has(&e, "count"));     /* not nullable */
	ck_assert(!has(&e, "colour"));   /* nullable */
	ck_assert(!has(&e, "ref"));
	ck_assert_uint_eq(e.count, 2);
	field_errors_free(&e);
	json_decref(v);
}
END_TEST

START_TEST(patch_and_filter_modes)
{
	struct field_errors e = {0};
	json_t *v = parse("{\"count\":3}");
	ck_assert(json_validate(v, specs, N, VALIDATE_PATCH, NULL, &e));
	json_decref(v);
	v = parse("{}");
	ck_assert(!json_validate(v, specs, N, VALIDATE_PATCH, NULL, &e));
	ck_assert(has(&e, "body"));
	field_errors_free(&e);
	json_decref(v);
	/* Query strings: an empty set is fine, but a required parameter must be there. */
	v = parse("{}");
	ck_assert(!json_validate(v, specs, N, VALIDATE_FILTER, NULL, &e));
	ck_assert(has(&e, "name"));
	ck_assert(!has(&e, "body"));
	ck_assert_uint_eq(e.count, 1);
	field_errors_free(&e);
	ck_assert(json_validate(v, specs + 1, N - 1, VALIDATE_FILTER, NULL, &e));
	json_decref(v);
}
END_TEST

START_TEST(lengths_count_characters)
{
	struct field_errors e = {0};
	json_t *v = parse("{\"name\":\"ЖЖЖЖЖ\"}");  /* 5 characters, 10 bytes */
	ck_assert(json_validate(v, specs, N, VALIDATE_CREATE, NULL, &e));
	json_decref(v);
	v = parse("{\"name\":\"ЖЖЖЖЖЖ\"}");
	ck_assert(!json_validate(v, specs, N, VALIDATE_CREATE, NULL, &e));
	field_errors_free(&e);
	json_decref(v);
	v = parse("{\"name\":\"\"}");
	ck_assert(!json_validate(v, specs, N, VALIDATE_CREATE, NULL, &e));
	ck_assert_str_eq(e.items[0].message, "must not be empty");
	field_errors_free(&e);
	json_decref(v);
}
END_TEST

START_TEST(non_object_is_one_error)
{
	struct field_errors e = {0};
	json_t *v = parse("[1,2]");
	ck_assert(!json_validate(v, specs, N, VALIDATE_CREATE, NULL, &e));
	ck_assert_uint_eq(e.count, 1);
	ck_assert_str_eq(e.items[0].field, "body");
	field_errors_free(&e);
	json_decref(v);
}
END_TEST

Suite *validate_suite(void)
{
	Suite *s = suite_create("validate");
	TCase *t = tcase_create("validate");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, strict_parse_rejects);
	tcase_add_test(t, strict_parse_flags_invalid_utf8);
	tcase_add_test(t, strict_parse_accepts_valid);
	tcase_add_test(t, valid_object_passes);
	tcase_add_test(t, every_bad_field_is_listed);
	tcase_add_test(t, required_and_null_rules);
	tcase_add_test(t, patch_and_filter_modes);
	tcase_add_test(t, lengths_count_characters);
	tcase_add_test(t, non_object_is_one_error);
	suite_add_tcase(s, t);
	return s;
}
