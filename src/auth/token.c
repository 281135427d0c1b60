/* Token minting, hashing and comparison, on OpenSSL's libcrypto (RAND_bytes, EVP SHA-256, CRYPTO_memcmp). */
#include "salesctl/auth/token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <uuid/uuid.h>

size_t base64url_encode(const unsigned char *in, size_t n, char *out)
{
	int len = EVP_EncodeBlock((unsigned char *)out, in, (int)n);
	while (len > 0 && out[len - 1] == '=')
		len--;
	out[len] = '\0';
	for (int i = 0; i < len; i++) {
		if (out[i] == '+')
			out[i] = '-';
		else if (out[i] == '/')
			out[i] = '_';
	}
	return (size_t)len;
}

long base64url_decode(const char *in, unsigned char *out, size_t cap)
{
	size_t n = strlen(in);
	if (n % 4 == 1 || n > 4096)
		return -1;
	char tmp[4100] = {0};
	size_t padded = (n + 3) / 4 * 4;
	for (size_t i = 0; i < n; i++) {
		char ch = in[i];
		if (ch == '-')
			ch = '+';
		else if (ch == '_')
			ch = '/';
		else if (ch == '+' || ch == '/' || ch == '=')
			return -1;
		tmp[i] = ch;
	}
	for (size_t i = n; i < padded; i++)
		tmp[i] = '=';
	unsigned char dec[3100];
	int len = EVP_DecodeBlock(dec, (const unsigned char *)tmp, (int)padded);
	if (len < 0)
		return -1;
	len -= (int)(padded - n);   /* EVP_DecodeBlock counts padding as zero bytes */
	if (len < 0 || (size_t)len > cap)
		return -1;
	memcpy(out, dec, (size_t)len);
	return len;
}

/* SHA-256 fetched from the provider once: EVP_sha256() makes OpenSSL 3 look the implementation up on every digest,
 * under its store's lock, which cost a request more than the hash of its token (0.64 against 0.24 µs alone, and
 * contended between the pool's threads). Kept for the life of the process. */
static EVP_MD *sha256_fetched;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;

static void sha256_fetch(void)
{
	sha256_fetched = EVP_MD_fetch(NULL, "SHA256", NULL);
}

void token_hash(const char *s, char out[TOKEN_HASH_HEX])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[32];
	unsigned int mdlen = 0;
	pthread_once(&sha256_once, sha256_fetch);
	EVP_Digest(s, strlen(s), md, &mdlen, sha256_fetched ? sha256_fetched : EVP_sha256(), NULL);
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}

int token_generate(const char *org_id, char out[TOKEN_LEN + 1], char hash[TOKEN_HASH_HEX])
{
	unsigned char raw[48];
	uuid_t org;
	if (uuid_parse(org_id, org) != 0)
		return -1;
	memcpy(raw, org, 16);
	if (RAND_bytes(raw + 16, 32) != 1)
		return -1;
	memcpy(out, TOKEN_PREFIX, 4);
	base64url_encode(raw, sizeof(raw), out + 4);
	OPENSSL_cleanse(raw, sizeof(raw));
	token_hash(out, hash);
	return 0;
}

int token_org(const char *token, char org_id[37])
{
	unsigned char raw[48];
	if (strlen(token) != TOKEN_LEN || strncmp(token, TOKEN_PREFIX, 4) != 0)
		return -1;
	if (base64url_decode(token + 4, raw, sizeof(raw)) != 48)
		return -1;
	uuid_unparse_lower(raw, org_id);
	return 0;
}

bool token_hash_equal(const char *a, const char *b)
{
	return strlen(a) == 64 && strlen(b) == 64 && CRYPTO_memcmp(a, b, 64) == 0;
}

bool token_matches_secret(const char *presented, const char *secret)
{
	char a[TOKEN_HASH_HEX], b[TOKEN_HASH_HEX];
	if (!secret || !*secret || !presented)
		return false;
	token_hash(presented, a);
	token_hash(secret, b);
	return CRYPTO_memcmp(a, b, 64) == 0;
}

const char *token_from_authorization(const char *header)
{
	if (!header || strncasecmp(header, "Bearer ", 7) != 0)
		return NULL;
	const char *t = header + 7;
	while (*t == ' ')
		t++;
	return *t ? t : NULL;
}
