/* A growable byte buffer, always NUL-terminated, used to collect request bodies and render responses. */
#ifndef SALESCTL_CORE_BUF_H
#define SALESCTL_CORE_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *data;   /* NULL until the first append; NUL-terminated after it */
	size_t len;
	size_t cap;
	bool failed;  /* an allocation failed: later appends are no-ops, buf_steal returns NULL */
};

#define BUF_INIT {NULL, 0, 0, false}

void buf_free(struct buf *b);
/* Makes room for exactly total bytes (for a body whose Content-Length is known: no doubling past it). */
int buf_expect(struct buf *b, size_t total);
/* Appends; on allocation failure sets b->failed and returns -1. */
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string literal, quotes included. */
int buf_json_string(struct buf *b, const char *s);
/* Returns the contents (new: caller frees; "" for an empty buffer) and empties b; NULL if an append failed. */
char *buf_steal(struct buf *b);

#endif
