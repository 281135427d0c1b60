/* AES-256-GCM sealing with OpenSSL's EVP interface. A fresh random nonce per value; the tag authenticates it. */
#include "salesctl/auth/secretbox.h"
#include "salesctl/auth/token.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONCE 12
#define TAG 16
#define MAX_PLAIN 1024

int secretbox_key_parse(const char *hex, unsigned char key[SECRETBOX_KEY_LEN])
{
	if (!hex || strlen(hex) != 2 * SECRETBOX_KEY_LEN)
		return -1;
	for (int i = 0; i < SECRETBOX_KEY_LEN; i++) {
		unsigned int v;
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return -1;
		key[i] = (unsigned char)v;
	}
	return 0;
}

char *secretbox_seal(const unsigned char key[SECRETBOX_KEY_LEN], const char *plaintext)
{
	size_t n = strlen(plaintext);
	unsigned char raw[NONCE + MAX_PLAIN + TAG];
	char *out = NULL;
	int len = 0, fin = 0;
	if (n > MAX_PLAIN || RAND_bytes(raw, NONCE) != 1)
		return NULL;
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	if (!ctx || EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, raw) != 1 ||
	    EVP_EncryptUpdate(ctx, raw + NONCE, &len, (const unsigned char *)plaintext, (int)n) != 1 ||
	    EVP_EncryptFinal_ex(ctx, raw + NONCE + len, &fin) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, TAG, raw + NONCE + len + fin) != 1)
		goto done;
	size_t total = NONCE + (size_t)(len + fin) + TAG;
	out = malloc(4 * ((total + 2) / 3) + 1);
	if (out)
		base64url_encode(raw, total, out);
done:
	EVP_CIPHER_CTX_free(ctx);
	return out;
}

char *secretbox_open(const unsigned char key[SECRETBOX_KEY_LEN], const char *sealed)
{
	unsigned char raw[NONCE + MAX_PLAIN + TAG];
	long n = base64url_decode(sealed, raw, sizeof(raw));
	if (n < NONCE + TAG)
		return NULL;
	int clen = (int)n - NONCE - TAG, len = 0, fin = 0;
	char *out = malloc((size_t)clen + 1);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	if (!out || !ctx || EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, raw) != 1 ||
	    EVP_DecryptUpdate(ctx, (unsigned char *)out, &len, raw + NONCE, clen) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, TAG, raw + NONCE + clen) != 1 ||
	    EVP_DecryptFinal_ex(ctx, (unsigned char *)out + len, &fin) != 1) {
		free(out);
		out = NULL;
	} else {
		out[len + fin] = '\0';
	}
	EVP_CIPHER_CTX_free(ctx);
	return out;
}
