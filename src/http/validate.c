/*
 * Strict JSON decoding and table-driven validation. A field spec table is the single description of what a
 * resource accepts; the same table serves POST (required fields enforced) and PATCH (all optional).
 */
#include "salesctl/http/validate.h"
#include "salesctl/domain/formats.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

json_t *json_parse_strict(const char *data, size_t len, enum problem *why, char *detail, size_t detail_size)
{
	json_error_t err;
	/* JSON_DISABLE_EOF_CHECK stays off: bytes after the value are an error. */
	json_t *v = json_loadb(data, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
	if (v)
		return v;
	*why = json_error_code(&err) == json_error_invalid_utf8 ? PROBLEM_INVALID_UTF8 : PROBLEM_MALFORMED_JSON;
	snprintf(detail, detail_size, "%s at line %d, column %d", err.text, err.line, err.column);
	return NULL;
}

static void enum_list(const char *const *values, char *out, size_t size)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; values[i] && used < size; i++) {
		int w = snprintf(out + used, size - used, "%s%s", i ? ", " : "", values[i]);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

static bool enum_known(const char *const *values, const char *s, size_t n)
{
	for (size_t i = 0; values[i]; i++)
		if (strlen(values[i]) == n && memcmp(s, values[i], n) == 0)
			return true;
	return false;
}

/* "a,b": every piece a known value, none empty. */
static bool enum_values_known(const char *const *values, const char *s)
{
	for (;;) {
		size_t n = strcspn(s, ",");
		if (!enum_known(values, s, n))
			return false;
		if (!s[n])
			return true;
		s += n + 1;
	}
}

static void validate_string(const struct field_spec *f, const char *s, const char *prefix, struct field_errors *errs)
{
	char list[120];
	switch (f->type) {
	case FT_STRING: {
		size_t n = utf8_length(s);
		if ((long long)n < f->min || (long long)n > f->max) {
			if (f->min > 0 && n == 0)
				field_errors_add(errs, prefix, f->name, "must not be empty");
			else
				field_errors_add(errs, prefix, f->name, "must be %lld to %lld characters long", f->min, f->max);
		}
		return;
	}
	case FT_ENUM:
		if (f->flags & F_MULTI ? enum_values_known(f->values, s) : enum_known(f->values, s, strlen(s)))
			return;
		enum_list(f->values, list, sizeof(list));
		field_errors_add(errs, prefix, f->name,
				 f->flags & F_MULTI ? "must be one or more of: %s, separated by commas" : "must be one of: %s",
				 list);
		return;
	case FT_DATE:
		if (!format_is_date(s))
			field_errors_add(errs, prefix, f->name, "must be a date that exists, as YYYY-MM-DD");
		return;
	case FT_TIMESTAMP:
		if (!format_is_timestamp(s))
			field_errors_add(errs, prefix, f->name, "must be an RFC 3339 timestamp with an offset");
		return;
	case FT_UUID:
		if (!format_is_uuid(s))
			field_errors_add(errs, prefix, f->name, "must be a UUID");
		return;
	case FT_EMAIL:
		if (!format_is_email(s))
			field_errors_add(errs, prefix, f->name, "must be an email address");
		return;
	case FT_TIMEZONE:
		if (!tz_is_known(s))
			field_errors_add(errs, prefix, f->name, "must be an IANA time zone name, e.g. Europe/Moscow");
		return;
	case FT_CURRENCY:
		if (!format_is_currency(s))
			field_errors_add(errs, prefix, f->name, "must be an ISO 4217 code of three capital letters");
		return;
	case FT_TIME_HM:
		if (!format_is_time_hm(s))
			field_errors_add(errs, prefix, f->name, "must be a time of day as HH:MM");
		return;
	default:
		return;
	}
}

static void validate_value(const struct field_spec *f, const json_t *v, enum validate_mode mode, const char *prefix,
			   struct field_errors *errs)
{
	switch (f->type) {
	case FT_INT: {
		if (!json_is_integer(v)) {
			field_errors_add(errs, prefix, f->name, "must be an integer");
			return;
		}
		json_int_t i = json_integer_value(v);
		if (i < -JSON_SAFE_INT_MAX || i > JSON_SAFE_INT_MAX || i < f->min || i > f->max)
			field_errors_add(errs, prefix, f->name, "must be an integer from %lld to %lld", f->min, f->max);
		return;
	}
	case FT_NUMBER: {
		if (!json_is_number(v)) {
			field_errors_add(errs, prefix, f->name, "must be a number");
			return;
		}
		double d = json_number_value(v);
		if (!isfinite(d) || d < f->fmin || d > f->fmax)
			field_errors_add(errs, prefix, f->name, "must be a number from %g to %g", f->fmin, f->fmax);
		return;
	}
	case FT_BOOL:
		if (!json_is_boolean(v))
			field_errors_add(errs, prefix, f->name, "must be a boolean");
		return;
	case FT_OBJECT: {
		char nested[96];
		snprintf(nested, sizeof(nested), "%s%s%s", prefix && *prefix ? prefix : "", prefix && *prefix ? "." : "",
			 f->name);
		if (!json_is_object(v))
			field_errors_add(errs, prefix, f->name, "must be an object");
		else
			json_validate(v, f->fields, f->nfields, mode, nested, errs);
		return;
	}
	case FT_MAP: {
		char nested[96];
		snprintf(nested, sizeof(nested), "%s%s%s", prefix && *prefix ? prefix : "", prefix && *prefix ? "." : "",
			 f->name);
		if (!json_is_object(v)) {
			field_errors_add(errs, prefix, f->name, "must be an object");
			return;
		}
		const char *key;
		json_t *item;
		json_object_foreach((json_t *)v, key, item) {
			struct field_spec one = f->fields[0];
			one.name = key;
			size_t n = utf8_length(key);
			if (n < 1 || (long long)n > f->max)
				field_errors_add(errs, nested, key, "must be a name of 1 to %lld characters", f->max);
			else if (json_is_null(item) && !(one.flags & F_NULLABLE))
				field_errors_add(errs, nested, key, "must not be null");
			else if (!json_is_null(item))
				validate_value(&one, item, mode, nested, errs);
		}
		return;
	}
	default:
		if (!json_is_string(v)) {
			field_errors_add(errs, prefix, f->name, "must be a string");
			return;
		}
		validate_string(f, json_string_value(v), prefix, errs);
	}
}

bool json_validate(const json_t *obj, const struct field_spec *specs, size_t n, enum validate_mode mode,
		   const char *prefix, struct field_errors *errs)
{
	size_t before = errs->count;
	if (!json_is_object(obj)) {
		field_errors_add(errs, NULL, prefix && *prefix ? prefix : "body", "must be a JSON object");
		return false;
	}
	const char *key;
	const json_t *v;
	json_object_foreach((json_t *)obj, key, v) {
		bool known = false;
		for (size_t i = 0; i < n && !known; i++)
			known = strcmp(key, specs[i].name) == 0;
		if (!known)
			field_errors_add(errs, prefix, key, "is not a known field");
	}
	for (size_t i = 0; i < n; i++) {
		const struct field_spec *f = &specs[i];
		v = json_object_get(obj, f->name);
		if (!v) {
			if (mode != VALIDATE_PATCH && (f->flags & F_REQUIRED))
				field_errors_add(errs, prefix, f->name, "is required");
			continue;
		}
		if (json_is_null(v)) {
			if (!(f->flags & F_NULLABLE))
				field_errors_add(errs, prefix, f->name, "must not be null");
			continue;
		}
		validate_value(f, v, mode, prefix, errs);
	}
	if (mode == VALIDATE_PATCH && (!prefix || !*prefix) && json_object_size(obj) == 0)
		field_errors_add(errs, NULL, "body", "must change at least one field");
	return errs->count == before;
}
