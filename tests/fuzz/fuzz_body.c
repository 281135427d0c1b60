/* Fuzz target: request-body decoding (strict JSON) and validation against a spec table that uses every field type,
 * nested objects and every mode. Inputs must never crash, leak or trip a sanitizer. */
#include <stddef.h>
#include <stdint.h>

#include "salesctl/domain/formats.h"
#include "salesctl/http/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const values[] = {"a", "b", "c", NULL};
static const struct field_spec nested[] = {
	{.name = "email", .type = FT_EMAIL, .flags = F_REQUIRED},
	{.name = "n", .type = FT_INT, .min = 0, .max = 10},
};
static const struct field_spec specs[] = {
	{.name = "s", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 200},
	{.name = "i", .type = FT_INT, .flags = F_NULLABLE, .min = -JSON_SAFE_INT_MAX, .max = JSON_SAFE_INT_MAX},
	{.name = "f", .type = FT_NUMBER, .fmin = 0, .fmax = 1},
	{.name = "b", .type = FT_BOOL},
	{.name = "e", .type = FT_ENUM, .flags = F_NULLABLE, .values = values},
	{.name = "d", .type = FT_DATE},
	{.name = "t", .type = FT_TIMESTAMP},
	{.name = "u", .type = FT_UUID},
	{.name = "m", .type = FT_EMAIL},
	{.name = "z", .type = FT_TIMEZONE},
	{.name = "c", .type = FT_CURRENCY},
	{.name = "h", .type = FT_TIME_HM},
	{.name = "o", .type = FT_OBJECT, .fields = nested, .nfields = 2},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int once;
	if (!once) {
		const char *zones[] = {"UTC", "Europe/Moscow"};
		tz_set_known(zones, 2);
		once = 1;
	}
	enum problem why;
	char detail[256];
	json_t *v = json_parse_strict((const char *)data, size, &why, detail, sizeof(detail));
	if (!v)
		return 0;
	for (int mode = VALIDATE_CREATE; mode <= VALIDATE_FILTER; mode++) {
		struct field_errors errs = {0};
		json_validate(v, specs, sizeof(specs) / sizeof(specs[0]), (enum validate_mode)mode, NULL, &errs);
		char *doc = problem_render(PROBLEM_VALIDATION, LANG_RU, detail, &errs);
		free(doc);
		field_errors_free(&errs);
	}
	json_decref(v);
	return 0;
}
