/* Argon2id password hashing (see the header). The salt comes from OpenSSL's CSPRNG, like every secret here. */
#include "salesctl/auth/password.h"

#include <argon2.h>
#include <openssl/rand.h>
#include <string.h>

#define SALT_LEN 16
#define HASH_LEN 32

int password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
	unsigned char salt[SALT_LEN];
	if (RAND_bytes(salt, sizeof(salt)) != 1)
		return -1;
	int rc = argon2id_hash_encoded(PASSWORD_T_COST, PASSWORD_M_COST_KIB, 1, password, strlen(password), salt,
				       sizeof(salt), HASH_LEN, out, PASSWORD_HASH_MAX);
	return rc == ARGON2_OK ? 0 : -1;
}

bool password_verify(const char *encoded, const char *password)
{
	return argon2id_verify(encoded, password, strlen(password)) == ARGON2_OK;
}

void password_verify_nothing(const char *password)
{
	/* A hash of nothing anyone knows, at the current cost: verifying against it costs what a real check costs. */
	static const char decoy[] = "$argon2id$v=19$m=12288,t=3,p=1$c2FsdGVkc2FsdGVkc2FsdA$"
				    "3sGY0r0iXZ0rC5mL+Kt4y5oR1b4a0GJ8bQ0Q0e9O1mE";
	(void)password_verify(decoy, password);
}
