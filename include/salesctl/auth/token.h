/*
 * Bearer tokens: "sct_" + base64url(16-byte organisation id || 32 random bytes). Carrying the organisation id lets
 * the lookup stay inside one tenant (and one shard); the 32 bytes from the OpenSSL CSPRNG are the secret. Only the
 * SHA-256 of the whole string is stored.
 */
#ifndef SALESCTL_AUTH_TOKEN_H
#define SALESCTL_AUTH_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

#define TOKEN_PREFIX "sct_"
#define TOKEN_LEN 68          /* prefix + 64 base64url characters */
#define TOKEN_HASH_HEX 65     /* 64 hex digits + NUL */

/* Writes a new token for org_id into out (TOKEN_LEN + 1 bytes) and its hash. Returns -1 if the CSPRNG fails. */
int token_generate(const char *org_id, char out[TOKEN_LEN + 1], char hash[TOKEN_HASH_HEX])
	__attribute__((warn_unused_result));
/* Extracts the organisation id (36 chars + NUL) from a well-formed token; -1 when the token is malformed. */
int token_org(const char *token, char org_id[37]) __attribute__((warn_unused_result));
/* Lower-case hex SHA-256 of s. */
void token_hash(const char *s, char out[TOKEN_HASH_HEX]);
/* Constant-time equality of two equal-length hex hashes. */
bool token_hash_equal(const char *a, const char *b);
/* Whether presented equals secret, comparing digests in constant time (no early exit, no length leak). */
bool token_matches_secret(const char *presented, const char *secret);

/* Bearer value from an Authorization header, or NULL. Borrowed from header. */
const char *token_from_authorization(const char *header);

/* base64url without padding; out must hold 4*ceil(n/3)+1 bytes. Returns the length written. */
size_t base64url_encode(const unsigned char *in, size_t n, char *out);
/* Decodes base64url without padding into out (capacity cap); returns bytes written or -1. */
long base64url_decode(const char *in, unsigned char *out, size_t cap);

#endif
