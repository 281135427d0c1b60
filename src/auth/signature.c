/* HMAC-SHA256 signatures of webhook deliveries and their secrets. */
#include "salesctl/auth/signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <string.h>

static void hex(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

void webhook_signature(const char *secret, const char *body, size_t body_len, char out[SIGNATURE_HEX])
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	HMAC(EVP_sha256(), secret, (int)strlen(secret), (const unsigned char *)body, body_len, mac, &len);
	hex(mac, 32, out);
}

int webhook_secret_generate(char out[SIGNATURE_HEX])
{
	unsigned char raw[32];
	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return -1;
	hex(raw, sizeof(raw), out);
	return 0;
}
