/*
 * gzip bodies (see http/gzip.h). A spliced member is: the 10-byte header, head as stored blocks, the part's blocks,
 * foot as stored blocks, an empty final stored block, and the CRC-32 and length of the whole text, the CRC combined
 * from the pieces' with crc32_combine so that the large text is never read again.
 */
#include "salesctl/http/gzip.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* No name, no time, no extra fields; OS 3 (Unix), as zlib writes it. */
static const unsigned char gzip_header[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
#define STORED_MAX 65535u

unsigned char *gzip_whole(const char *text, size_t len, int level, size_t *out_len)
{
	z_stream z = {0};
	if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	uLong cap = deflateBound(&z, (uLong)len);
	unsigned char *out = malloc(cap);
	if (out) {
		z.next_in = (unsigned char *)text;
		z.avail_in = (uInt)len;
		z.next_out = out;
		z.avail_out = (uInt)cap;
		if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
			free(out);
			out = NULL;
		}
	}
	*out_len = z.total_out;
	deflateEnd(&z);
	return out;
}

uint32_t gzip_crc32(const char *text, size_t len)
{
	return (uint32_t)crc32(crc32(0, Z_NULL, 0), (const Bytef *)text, (uInt)len);
}

int gzip_part_deflate(const char *text, size_t len, int level, struct gzip_part *out)
{
	memset(out, 0, sizeof(*out));
	z_stream z = {0};
	if (deflateInit2(&z, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	/* The bound covers a finished stream; a sync flush adds an empty stored block of five bytes at most. */
	uLong cap = deflateBound(&z, (uLong)len) + 16;
	out->data = malloc(cap);
	int rc = -1;
	if (out->data) {
		z.next_in = (unsigned char *)text;
		z.avail_in = (uInt)len;
		z.next_out = out->data;
		z.avail_out = (uInt)cap;
		if (deflate(&z, Z_SYNC_FLUSH) == Z_OK && z.avail_in == 0 && z.avail_out > 0) {
			out->len = z.total_out;
			out->crc = gzip_crc32(text, len);
			out->text_len = len;
			rc = 0;
		}
	}
	deflateEnd(&z);
	if (rc != 0)
		gzip_part_free(out);
	return rc;
}

void gzip_part_free(struct gzip_part *part)
{
	free(part->data);
	memset(part, 0, sizeof(*part));
}

/* The packed form: a fixed header (this process's own layout: the bytes never leave it), then the blocks. */
struct packed_head {
	char magic[4];
	uint32_t crc;
	uint64_t text_len;
};

char *gzip_part_pack(const struct gzip_part *part, size_t *len)
{
	struct packed_head h = {{'g', 'z', 'p', '1'}, part->crc, part->text_len};
	char *bytes = malloc(sizeof(h) + part->len);
	if (!bytes)
		return NULL;
	memcpy(bytes, &h, sizeof(h));
	memcpy(bytes + sizeof(h), part->data, part->len);
	*len = sizeof(h) + part->len;
	return bytes;
}

int gzip_part_unpack(const char *bytes, size_t len, struct gzip_part *out)
{
	struct packed_head h;
	if (len < sizeof(h))
		return -1;
	memcpy(&h, bytes, sizeof(h));
	if (memcmp(h.magic, "gzp1", 4) != 0)
		return -1;
	out->data = (unsigned char *)bytes + sizeof(h);
	out->len = len - sizeof(h);
	out->crc = h.crc;
	out->text_len = (size_t)h.text_len;
	return 0;
}

/* Stored (uncompressed) non-final blocks of text at p, which is on a byte boundary; returns the end. */
static unsigned char *put_stored(unsigned char *p, const char *text, size_t len)
{
	while (len > 0) {
		unsigned n = len > STORED_MAX ? STORED_MAX : (unsigned)len;
		*p++ = 0; /* BFINAL 0, BTYPE 00, then padding to the byte */
		*p++ = (unsigned char)(n & 0xff);
		*p++ = (unsigned char)(n >> 8);
		*p++ = (unsigned char)(~n & 0xff);
		*p++ = (unsigned char)((~n >> 8) & 0xff);
		memcpy(p, text, n);
		p += n;
		text += n;
		len -= n;
	}
	return p;
}

static unsigned char *put_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		*p++ = (unsigned char)(v >> (8 * i));
	return p;
}

static size_t stored_size(size_t len)
{
	return len + 5 * ((len + STORED_MAX - 1) / STORED_MAX);
}

unsigned char *gzip_splice(const char *head, size_t head_len, const struct gzip_part *part, const char *foot,
			   size_t foot_len, size_t *out_len)
{
	size_t cap = sizeof(gzip_header) + stored_size(head_len) + part->len + stored_size(foot_len) + 5 + 8;
	unsigned char *out = malloc(cap), *p = out;
	if (!out)
		return NULL;
	memcpy(p, gzip_header, sizeof(gzip_header));
	p = put_stored(p + sizeof(gzip_header), head, head_len);
	memcpy(p, part->data, part->len);
	p = put_stored(p + part->len, foot, foot_len);
	static const unsigned char final_empty[5] = {1, 0, 0, 0xff, 0xff};
	memcpy(p, final_empty, sizeof(final_empty));
	p += sizeof(final_empty);
	uLong crc = crc32_combine(gzip_crc32(head, head_len), part->crc, (z_off_t)part->text_len);
	crc = crc32_combine(crc, gzip_crc32(foot, foot_len), (z_off_t)foot_len);
	p = put_le32(p, (uint32_t)crc);
	p = put_le32(p, (uint32_t)(head_len + part->text_len + foot_len));
	*out_len = (size_t)(p - out);
	return out;
}
