/* Fuzz target: routing of any method and path against the real route table, and the Allow header. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "salesctl/api/app.h"
#include "salesctl/http/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* First line: the method; the rest: the path. */
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	char *nl = strchr(s, '\n');
	const char *path = nl ? nl + 1 : s;
	if (nl)
		*nl = '\0';
	struct route_match m;
	char allow[80];
	router_match(app_routes, app_routes_count, http_method_parse(s), path, &m);
	router_allow_header(m.allowed, allow, sizeof(allow));
	free(s);
	return 0;
}
