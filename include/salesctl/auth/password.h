/*
 * Passwords (SPEC §6.1): Argon2id from libargon2 (Debian's, the reference implementation of the RFC 9106 winner of
 * the Password Hashing Competition) at OWASP's first recommended setting, m = 19 MiB, t = 2, p = 1: about 30 ms and
 * 33 hashes a second on one core of the test machine (docs/API.md has the measurement). Stored as the standard
 * encoded string ($argon2id$v=19$m=19456,t=2,p=1$salt$hash), so the parameters can be raised later and old hashes
 * still verify. A password never leaves this module but as that string.
 */
#ifndef SALESCTL_AUTH_PASSWORD_H
#define SALESCTL_AUTH_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#define PASSWORD_MIN_CHARS 10
#define PASSWORD_MAX_BYTES 1024
#define PASSWORD_HASH_MAX 128
#define PASSWORD_M_COST_KIB 19456
#define PASSWORD_T_COST 2

/* Hashes password with a fresh random salt into out. Returns -1 when the CSPRNG or the KDF fails. */
int password_hash(const char *password, char out[PASSWORD_HASH_MAX]) __attribute__((warn_unused_result));
/* Whether password matches an encoded hash (false too for a malformed one). Takes the KDF's time either way. */
bool password_verify(const char *encoded, const char *password);
/* Spends what password_verify spends, for an email with no password to check, so that a wrong email and a wrong
 * password take the same time. */
void password_verify_nothing(const char *password);

#endif
