/* The published contract as the API tests read it: openapi.yaml bundled and dereferenced to JSON by tests/run.sh
 * (SALESCTL_TEST_OPENAPI_JSON), and the check that a reply carries no field its documented schema does not name. */
#include "contract.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *the_contract;
static pthread_once_t contract_once = PTHREAD_ONCE_INIT;

static void contract_load(void)
{
	const char *file = getenv("SALESCTL_TEST_OPENAPI_JSON");
	json_error_t err;
	the_contract = file ? json_load_file(file, 0, &err) : NULL;
	if (file && !the_contract)
		fprintf(stderr, "contract: cannot read %s: %s\n", file, err.text);
}

bool contract_loaded(void)
{
	pthread_once(&contract_once, contract_load);
	return the_contract != NULL;
}

/* The operation of the contract that serves a concrete path: the template with the most literal segments that
 * matches segment by segment. */
static json_t *contract_operation(json_t *contract, const char *method, const char *url)
{
	char path[512], lower[8];
	snprintf(path, sizeof(path), "%.*s", (int)strcspn(url, "?"), url);
	size_t i;
	for (i = 0; method[i] && i + 1 < sizeof(lower); i++)
		lower[i] = (char)(method[i] - 'A' + 'a');
	lower[i] = '\0';
	json_t *best = NULL;
	int best_literals = -1;
	const char *template;
	json_t *ops;
	json_object_foreach(json_object_get(contract, "paths"), template, ops) {
		const char *a = path, *b = template;
		int literals = 0;
		bool match = true;
		while (match && *a && *b) {
			size_t la = strcspn(a + 1, "/") + 1, lb = strcspn(b + 1, "/") + 1;
			if (b[1] != '{') { /* a placeholder segment matches anything */
				match = la == lb && strncmp(a, b, la) == 0;
				literals += match;
			}
			a += la;
			b += lb;
		}
		if (match && !*a && !*b && literals > best_literals && json_object_get(ops, lower)) {
			best = json_object_get(ops, lower);
			best_literals = literals;
		}
	}
	return best;
}

/* Counts the fields of value that schema does not name, reporting each under where when report is set. */
static int stray_fields(json_t *schema, json_t *value, const char *where, bool report)
{
	json_t *one_of = json_object_get(schema, "oneOf");
	if (one_of) {
		size_t i;
		json_t *branch;
		json_array_foreach(one_of, i, branch)
			if (stray_fields(branch, value, where, false) == 0)
				return 0;
		if (report)
			fprintf(stderr, "response schema: %s matches no branch of its oneOf\n", where);
		return 1;
	}
	int n = 0;
	if (json_is_object(value)) {
		json_t *props = json_object_get(schema, "properties"), *extra = json_object_get(schema, "additionalProperties");
		const char *key;
		json_t *v;
		json_object_foreach(value, key, v) {
			char at[256];
			snprintf(at, sizeof(at), "%s.%s", where, key);
			json_t *p = props ? json_object_get(props, key) : NULL;
			if (p)
				n += stray_fields(p, v, at, report);
			else if (json_is_object(extra))
				n += stray_fields(extra, v, at, report);
			else if (json_is_false(extra)) {
				n++;
				if (report)
					fprintf(stderr, "response schema: %s is not in the schema\n", at);
			}
		}
	} else if (json_is_array(value) && json_object_get(schema, "items")) {
		size_t i;
		json_t *v;
		json_array_foreach(value, i, v)
			n += stray_fields(json_object_get(schema, "items"), v, where, report);
	}
	return n;
}

int contract_stray_fields(const char *method, const char *url, const struct resp *r, bool *documented)
{
	*documented = false;
	if (!contract_loaded())
		return 0;
	json_t *op = contract_operation(the_contract, method, url);
	char status[8];
	snprintf(status, sizeof(status), "%ld", r->status);
	json_t *content = json_object_get(json_object_get(json_object_get(op, "responses"), status), "content");
	json_t *schema = NULL;
	const char *type;
	json_t *media;
	json_object_foreach(content, type, media)
		if (strstr(type, "json"))
			schema = json_object_get(media, "schema");
	if (!schema || !r->json)
		return 0;
	*documented = true;
	char where[600];
	snprintf(where, sizeof(where), "%s %s %ld", method, url, r->status);
	return stray_fields(schema, r->json, where, true);
}
