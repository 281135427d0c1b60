/*
 * gzip bodies (RFC 1952, zlib): a whole body compressed for one reply, and a body spliced from short uncompressed
 * parts around a large text deflated once beforehand (a cached answer), so that a document served again and again is
 * not compressed again for every client that accepts gzip.
 */
#ifndef SALESCTL_HTTP_GZIP_H
#define SALESCTL_HTTP_GZIP_H

#include <stddef.h>
#include <stdint.h>

/* Bodies this large or larger are compressed for clients that accept gzip; smaller ones gain too little. */
#define GZIP_MIN_BYTES 1024
/* zlib level 1 for a body compressed for one reply: on a 178 KB plan-status answer level 5 made W6 with gzip 2.5x
 * slower than without (1.9 ms of CPU per reply; make bench); level 1 compresses 2.6x faster for about 15 % more bytes,
 * still a small part of the JSON. A text deflated once and spliced into many replies affords zlib's default, 6. */
#define GZIP_LEVEL_PER_REPLY 1
#define GZIP_LEVEL_ONCE 6

/* A text's raw deflate blocks, none of them final, ending on a byte boundary (a sync flush): blocks that can be
 * copied into any deflate stream that is itself on a byte boundary. */
struct gzip_part {
	unsigned char *data; /* owned */
	size_t len;
	uint32_t crc;        /* CRC-32 of the text */
	size_t text_len;
};

/* The gzip member of text at zlib level (new, *out_len set), or NULL when out of memory. */
unsigned char *gzip_whole(const char *text, size_t len, int level, size_t *out_len);

uint32_t gzip_crc32(const char *text, size_t len);

/* Deflates text into out (freed with gzip_part_free); -1 when out of memory. */
int gzip_part_deflate(const char *text, size_t len, int level, struct gzip_part *out);
void gzip_part_free(struct gzip_part *part);

/* A part as one flat byte string and back, for a cache of byte strings: pack returns new bytes (NULL when out of
 * memory); unpack points out->data into bytes (not owned: do not gzip_part_free it) and returns -1 when the bytes are
 * not a packed part. */
char *gzip_part_pack(const struct gzip_part *part, size_t *len);
int gzip_part_unpack(const char *bytes, size_t len, struct gzip_part *out);

/* The gzip member of head, then part's text, then foot (new, *out_len set): head and foot are stored uncompressed
 * (a per-request prefix such as an as_of, a closing brace), part's blocks are copied. NULL when out of memory. */
unsigned char *gzip_splice(const char *head, size_t head_len, const struct gzip_part *part, const char *foot,
			   size_t foot_len, size_t *out_len);

#endif
