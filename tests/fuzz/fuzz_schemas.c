/* Fuzz target: every operation's own validation table (include/salesctl/api/schemas.h). The first byte picks the
 * table; the rest is a request body (strict JSON decoding, then validation) or, for list and report operations, a
 * query string split into key=value pairs the way the server sees them after percent-decoding. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "salesctl/api/list.h"
#include "salesctl/api/schemas.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct api_schema *pick(unsigned char b)
{
	size_t n = 0;
	for (const struct api_schema *const *set = api_schema_sets; *set; set++)
		for (const struct api_schema *s = *set; s->operation; s++)
			n++;
	size_t want = b % n;
	for (const struct api_schema *const *set = api_schema_sets; *set; set++)
		for (const struct api_schema *s = *set; s->operation; s++)
			if (want-- == 0)
				return s;
	return NULL;
}

static json_t *query_object(const struct api_schema *s, char *query)
{
	json_t *obj = json_object();
	char *save = NULL;
	for (char *pair = strtok_r(query, "&", &save); pair; pair = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(pair, '=');
		if (eq)
			*eq = '\0';
		api_query_add(obj, s->fields, s->nfields, pair, eq ? eq + 1 : "");
	}
	return obj;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const struct api_schema *s = pick(data[0]);
	char *text = malloc(size);
	if (!s || !text) {
		free(text);
		return 0;
	}
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	json_t *obj;
	if (s->mode == VALIDATE_FILTER) {
		obj = query_object(s, text);
	} else {
		enum problem why;
		char detail[256];
		obj = json_parse_strict((const char *)data + 1, size - 1, &why, detail, sizeof(detail));
	}
	if (obj) {
		struct field_errors errs = {0};
		json_validate(obj, s->fields, s->nfields, s->mode, NULL, &errs);
		field_errors_free(&errs);
		json_decref(obj);
	}
	free(text);
	return 0;
}
