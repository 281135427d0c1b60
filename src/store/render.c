/* JSON from a row's columns (see store/render.h). */
#include "salesctl/store/render.h"

#include <string.h>

int render_timestamp(const char *text, char *out, size_t size)
{
	size_t n = strlen(text);
	/* The offset starts at the last sign after the time ("10:00:00+03", "10:00:00.5-03:30"). */
	const char *sign = NULL;
	for (const char *p = text + (n > 10 ? 10 : n); *p; p++)
		if (*p == '+' || *p == '-')
			sign = p;
	if (n < 19 || text[10] != ' ' || !sign)
		return -1;
	/* Copied piece by piece: a page of tasks has a hundred of these, and snprintf was a tenth of its CPU. */
	size_t offset_len = strlen(sign), need = n + (offset_len == 3 ? 3 : 0) + 1;
	if (need > size)
		return -1;
	memcpy(out, text, n + 1);
	out[10] = 'T';
	if (offset_len == 3)
		memcpy(out + n, ":00", 4);
	return 0;
}

/* Keys are the program's own names, which need no escaping. */
static void render_key(struct buf *b, const char *key, int first)
{
	if (!first)
		buf_append(b, ",", 1);
	buf_append(b, "\"", 1);
	buf_puts(b, key);
	buf_append(b, "\":", 2);
}

void render_string(struct buf *b, const char *key, const PGresult *r, int row, int col, int first)
{
	render_key(b, key, first);
	if (PQgetisnull(r, row, col))
		buf_puts(b, "null");
	else
		buf_json_string(b, PQgetvalue(r, row, col));
}

void render_bool(struct buf *b, const char *key, const PGresult *r, int row, int col)
{
	render_key(b, key, 0);
	buf_puts(b, PQgetisnull(r, row, col) ? "null" : PQgetvalue(r, row, col)[0] == 't' ? "true" : "false");
}

void render_timestamp_field(struct buf *b, const char *key, const PGresult *r, int row, int col)
{
	char ts[64];
	render_key(b, key, 0);
	if (PQgetisnull(r, row, col))
		buf_puts(b, "null");
	else if (render_timestamp(PQgetvalue(r, row, col), ts, sizeof(ts)) == 0)
		buf_json_string(b, ts);
	else
		buf_json_string(b, PQgetvalue(r, row, col));
}

void render_literal(struct buf *b, const char *key, const PGresult *r, int row, int col)
{
	render_key(b, key, 0);
	if (PQgetisnull(r, row, col))
		buf_puts(b, "null");
	else
		buf_append(b, PQgetvalue(r, row, col), (size_t)PQgetlength(r, row, col));
}
