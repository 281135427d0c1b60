/* Webhook signatures: lower-case hex HMAC-SHA256 of the raw body with the webhook's secret (OpenSSL). */
#ifndef SALESCTL_AUTH_SIGNATURE_H
#define SALESCTL_AUTH_SIGNATURE_H

#include <stddef.h>

#define SIGNATURE_HEX 65

void webhook_signature(const char *secret, const char *body, size_t body_len, char out[SIGNATURE_HEX]);
/* A new random secret: 32 bytes as 64 hex digits. Returns -1 if the CSPRNG fails. */
int webhook_secret_generate(char out[SIGNATURE_HEX]) __attribute__((warn_unused_result));

#endif
