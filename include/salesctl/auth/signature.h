/* HMAC-SHA256 (OpenSSL), and webhook signatures: lower-case hex HMAC-SHA256 of the raw body with the webhook's secret (OpenSSL). */
#ifndef SALESCTL_AUTH_SIGNATURE_H
#define SALESCTL_AUTH_SIGNATURE_H

#include <stddef.h>

#define SIGNATURE_HEX 65

/* HMAC-SHA256 of data under key into out; -1 when OpenSSL fails (out of memory). */
int hmac_sha256(const void *key, size_t key_len, const void *data, size_t len, unsigned char out[32])
	__attribute__((warn_unused_result));
/* -1 when OpenSSL fails (out of memory). */
int webhook_signature(const char *secret, const char *body, size_t body_len, char out[SIGNATURE_HEX])
	__attribute__((warn_unused_result));
/* A new random secret: 32 bytes as 64 hex digits. Returns -1 if the CSPRNG fails. */
int webhook_secret_generate(char out[SIGNATURE_HEX]) __attribute__((warn_unused_result));

#endif
