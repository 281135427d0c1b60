/* FNV-1a over a NUL-terminated string (see core/hash.h). */
#include "salesctl/core/hash.h"

uint64_t hash_string(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		h = (h ^ *p) * 0x100000001b3ull;
	return h ? h : 1;
}
