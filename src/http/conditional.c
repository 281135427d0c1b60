/* If-Match parsing, kept pure so that it is unit-tested and fuzzed without a server. */
#include "salesctl/http/conditional.h"

#include <stdbool.h>
#include <string.h>

const char *if_match_versions(const char *header, char *buf, size_t size)
{
	size_t used = 0;
	if (size < 3)
		return NULL;
	buf[used++] = '{';
	for (const char *p = header; *p;) {
		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		if (!*p)
			break;
		const char *end = p;
		while (*end && *end != ',')
			end++;
		const char *last = end;
		while (last > p && (last[-1] == ' ' || last[-1] == '\t'))
			last--;
		if (last - p == 1 && *p == '*')
			return NULL;
		size_t len = (size_t)(last - p);
		if (len >= 3 && len <= 11 && p[0] == '"' && last[-1] == '"') {
			bool digits = true;
			for (const char *d = p + 1; d < last - 1; d++)
				digits = digits && *d >= '0' && *d <= '9';
			if (digits && used + len + 1 < size) {
				if (used > 1)
					buf[used++] = ',';
				memcpy(buf + used, p + 1, len - 2);
				used += len - 2;
			}
		}
		p = end;
	}
	buf[used++] = '}';
	buf[used] = '\0';
	return buf;
}
