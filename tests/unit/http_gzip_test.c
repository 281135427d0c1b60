/* gzip bodies: a member spliced from stored parts around a text deflated beforehand must inflate, with zlib's own
 * checks of the CRC and the length, to exactly the parts and the text in order. */
#include "salesctl/http/gzip.h"
#include "suites.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* The text of a gzip member as zlib reads it (new, *len set); NULL when zlib refuses it (bad data, CRC, length). */
static char *gunzip(const unsigned char *gz, size_t gz_len, size_t *len)
{
	z_stream z = {0};
	ck_assert_int_eq(inflateInit2(&z, 15 + 16), Z_OK);
	size_t cap = 1 << 22;
	char *out = malloc(cap);
	z.next_in = (unsigned char *)gz;
	z.avail_in = (uInt)gz_len;
	z.next_out = (unsigned char *)out;
	z.avail_out = (uInt)cap;
	int rc = inflate(&z, Z_FINISH);
	*len = z.total_out;
	bool whole = rc == Z_STREAM_END && z.avail_in == 0;
	inflateEnd(&z);
	if (!whole) {
		free(out);
		return NULL;
	}
	return out;
}

/* A JSON-like text of n bytes that compresses the way answers do (repeated keys, varying figures). */
static char *sample_text(size_t n)
{
	static const char alphabet[] = "{\"id\":\"5a1e\",\"calls_total\":[0123456789],}";
	char *t = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		t[i] = alphabet[(i * 7 + i / 13) % (sizeof(alphabet) - 1)];
	t[n] = '\0';
	return t;
}

static void check_splice(const char *head, size_t text_len, const char *foot)
{
	char *text = sample_text(text_len);
	struct gzip_part part;
	ck_assert_int_eq(gzip_part_deflate(text, text_len, GZIP_LEVEL_ONCE, &part), 0);
	ck_assert_uint_lt(part.len, text_len / 2 + 64);
	/* Through the flat form a cache keeps. */
	size_t packed_len = 0;
	char *packed = gzip_part_pack(&part, &packed_len);
	struct gzip_part unpacked;
	ck_assert_int_eq(gzip_part_unpack(packed, packed_len, &unpacked), 0);
	size_t gz_len = 0, len = 0;
	unsigned char *gz = gzip_splice(head, strlen(head), &unpacked, foot, strlen(foot), &gz_len);
	char *back = gunzip(gz, gz_len, &len);
	ck_assert_ptr_nonnull(back);
	ck_assert_uint_eq(len, strlen(head) + text_len + strlen(foot));
	ck_assert(memcmp(back, head, strlen(head)) == 0);
	ck_assert(memcmp(back + strlen(head), text, text_len) == 0);
	ck_assert(memcmp(back + strlen(head) + text_len, foot, strlen(foot)) == 0);
	free(back);
	free(gz);
	free(packed);
	gzip_part_free(&part);
	free(text);
}

START_TEST(spliced_members_inflate_to_their_parts)
{
	check_splice("{\"period\":\"2026-12\",\"as_of\":\"2026-12-01T12:00:00Z\"", 178000, "");
	check_splice("{\"items\":", 30000, "}");
	check_splice("", 1024, "");
	/* A head longer than one stored block. */
	char *long_head = sample_text(70000);
	check_splice(long_head, 2000, "]");
	free(long_head);
}
END_TEST

START_TEST(a_damaged_part_is_refused_by_the_reader)
{
	char *text = sample_text(5000);
	struct gzip_part part;
	ck_assert_int_eq(gzip_part_deflate(text, 5000, GZIP_LEVEL_ONCE, &part), 0);
	/* A part whose CRC is not its text's: the member's trailer is wrong and zlib says so. */
	part.crc ^= 1;
	size_t gz_len = 0, len = 0;
	unsigned char *gz = gzip_splice("{", 1, &part, "}", 1, &gz_len);
	ck_assert_ptr_null(gunzip(gz, gz_len, &len));
	free(gz);
	gzip_part_free(&part);
	free(text);
	ck_assert_int_eq(gzip_part_unpack("gzp", 3, &part), -1);
	ck_assert_int_eq(gzip_part_unpack("not a packed part at all....", 28, &part), -1);
}
END_TEST

START_TEST(whole_bodies_inflate_to_themselves)
{
	char *text = sample_text(40000);
	size_t gz_len = 0, len = 0;
	unsigned char *gz = gzip_whole(text, 40000, GZIP_LEVEL_PER_REPLY, &gz_len);
	char *back = gunzip(gz, gz_len, &len);
	ck_assert_ptr_nonnull(back);
	ck_assert_uint_eq(len, 40000);
	ck_assert(memcmp(back, text, len) == 0);
	free(back);
	free(gz);
	free(text);
}
END_TEST

Suite *gzip_suite(void)
{
	Suite *s = suite_create("gzip");
	TCase *t = tcase_create("gzip");
	tcase_add_test(t, spliced_members_inflate_to_their_parts);
	tcase_add_test(t, a_damaged_part_is_refused_by_the_reader);
	tcase_add_test(t, whole_bodies_inflate_to_themselves);
	suite_add_tcase(s, t);
	return s;
}
