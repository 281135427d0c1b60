/*
 * Passwords (SPEC §6.1): Argon2id from libargon2 (Debian's, the reference implementation of RFC 9106, the winner of
 * the Password Hashing Competition) at one of OWASP's equally strong recommended settings, m = 12 MiB, t = 3, p = 1.
 * The first of them (m = 19 MiB, t = 2) is some 20 % slower here and let a core complete only 17-19 sign-ins a
 * second where SPEC asks for 20; this one gives 22-26 (make bench-signin, docs/API.md). Stored as the standard
 * encoded string ($argon2id$v=19$m=12288,t=3,p=1$salt$hash), so the parameters can be raised later and old hashes
 * still verify. A password never leaves this module but as that string.
 */
#ifndef SALESCTL_AUTH_PASSWORD_H
#define SALESCTL_AUTH_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#define PASSWORD_MIN_CHARS 10
#define PASSWORD_MAX_BYTES 1024
#define PASSWORD_HASH_MAX 128
#define PASSWORD_M_COST_KIB 12288
#define PASSWORD_T_COST 3

/* Hashes password with a fresh random salt into out. Returns -1 when the CSPRNG or the KDF fails. */
int password_hash(const char *password, char out[PASSWORD_HASH_MAX]) __attribute__((warn_unused_result));
/* Whether password matches an encoded hash (false too for a malformed one). Takes the KDF's time either way. */
bool password_verify(const char *encoded, const char *password);
/* Spends what password_verify spends, for an email with no password to check, so that a wrong email and a wrong
 * password take the same time. */
void password_verify_nothing(const char *password);

#endif
