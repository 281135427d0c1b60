/*
 * Request-body decoding and validation. Bodies are parsed strictly (duplicate keys and trailing bytes rejected,
 * UTF-8 checked) and then checked against a table of field specs that reports every bad field at once.
 */
#ifndef SALESCTL_HTTP_VALIDATE_H
#define SALESCTL_HTTP_VALIDATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "salesctl/http/problem.h"

/* Largest integer a JavaScript client represents exactly. */
#define JSON_SAFE_INT_MAX 9007199254740991LL

#define NAME_MAX_CHARS 200
#define TEXT_MAX_CHARS 10000

/*
 * Parses a request body. Returns a new reference, or NULL with *why set to PROBLEM_MALFORMED_JSON or
 * PROBLEM_INVALID_UTF8 and a short description (no body text) in detail.
 */
json_t *json_parse_strict(const char *data, size_t len, enum problem *why, char *detail, size_t detail_size);

enum field_type {
	FT_STRING,    /* min..max characters (not bytes) */
	FT_INT,       /* min..max, within ±2^53 */
	FT_NUMBER,    /* fmin..fmax, integer or real */
	FT_BOOL,
	FT_ENUM,      /* one of values[] */
	FT_DATE,      /* YYYY-MM-DD that exists */
	FT_TIMESTAMP, /* RFC 3339 */
	FT_UUID,
	FT_EMAIL,
	FT_TIMEZONE,  /* IANA name PostgreSQL knows */
	FT_CURRENCY,  /* ISO 4217 form */
	FT_TIME_HM,   /* HH:MM */
	FT_OBJECT,    /* nested object validated with fields[] */
	FT_MAP,       /* an object whose keys are names of 1..max characters, each value following fields[0] */
};

enum {
	F_REQUIRED = 1 << 0,  /* must be present when creating */
	F_NULLABLE = 1 << 1,  /* null is a value (clears the field) */
	F_MULTI = 1 << 2,     /* FT_ENUM query filter: one or more values separated by commas (status=new,in_progress) */
};

struct field_spec {
	const char *name;
	enum field_type type;
	unsigned flags;
	long long min, max;                  /* FT_STRING lengths, FT_INT range */
	double fmin, fmax;                   /* FT_NUMBER range */
	const char *const *values;           /* FT_ENUM, NULL-terminated */
	const struct field_spec *fields;     /* FT_OBJECT */
	size_t nfields;
};

enum validate_mode {
	VALIDATE_CREATE,  /* required fields must be present */
	VALIDATE_PATCH,   /* every field optional; at least one must be present */
	VALIDATE_FILTER,  /* query strings: required fields enforced, an empty set allowed */
};

/*
 * Checks obj against specs[0..n): unknown keys, missing required fields, types, ranges, formats.
 * Adds one error per bad field to errs (field names prefixed with prefix). Returns true when nothing was added.
 * obj may be any JSON value: a non-object is one error on the prefix (or "body").
 */
bool json_validate(const json_t *obj, const struct field_spec *specs, size_t n, enum validate_mode mode,
		   const char *prefix, struct field_errors *errs);

#endif
