/* Secrets kept in the database but useless without the server's key (SALESCTL_SECRET_KEY): AES-256-GCM, stored as
 * base64(12-byte nonce || ciphertext || 16-byte tag). Used for webhook secrets, which the server must read back to
 * sign deliveries, so that a database dump does not give them away. */
#ifndef SALESCTL_AUTH_SECRETBOX_H
#define SALESCTL_AUTH_SECRETBOX_H

#include <stdbool.h>
#include <stddef.h>

#define SECRETBOX_KEY_LEN 32

/* Parses 64 hex digits into key; -1 when malformed. */
int secretbox_key_parse(const char *hex, unsigned char key[SECRETBOX_KEY_LEN]);
/* Seals plaintext; returns new memory (free()) or NULL. */
char *secretbox_seal(const unsigned char key[SECRETBOX_KEY_LEN], const char *plaintext);
/* Opens a sealed value; returns the plaintext (new, free()) or NULL when it was not sealed with this key. */
char *secretbox_open(const unsigned char key[SECRETBOX_KEY_LEN], const char *sealed);

#endif
