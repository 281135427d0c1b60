/* A string hash for the program's own keys (cache keys, composed statement texts). */
#ifndef SALESCTL_CORE_HASH_H
#define SALESCTL_CORE_HASH_H

#include <stdint.h>

/* FNV-1a, 64 bits: the strings hashed are composed by this program, so no one chooses them to collide. Never 0, so
 * 0 can mark a free slot. */
uint64_t hash_string(const char *s);

#endif
