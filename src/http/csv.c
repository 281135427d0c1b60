/* CSV rendering and negotiation (see http/csv.h). */
#include "salesctl/http/csv.h"
#include "salesctl/http/request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The q of media range `type` in accept (1 when listed without q, 0 when not listed). */
static double accept_q(const char *accept, const char *type)
{
	size_t tn = strlen(type);
	for (const char *p = accept; *p;) {
		size_t item = strcspn(p, ",");
		while (item && (*p == ' ' || *p == '\t')) {
			p++;
			item--;
		}
		size_t name = strcspn(p, ";, \t");
		if (name > item)
			name = item;
		if (name == tn && strncasecmp(p, type, tn) == 0) {
			const char *q = NULL;
			for (size_t i = name; i + 1 < item; i++)
				if (p[i] == 'q' && p[i + 1] == '=')
					q = p + i + 2;
			return q ? strtod(q, NULL) : 1.0;
		}
		p += item;
		if (*p == ',')
			p++;
	}
	return 0;
}

bool csv_accept_prefers(const char *accept)
{
	if (!accept)
		return false;
	double csv = accept_q(accept, "text/csv");
	return csv > 0 && csv > accept_q(accept, "application/json");
}

bool request_wants_csv(const struct request *req)
{
	return csv_accept_prefers(request_header(req, "Accept"));
}

void csv_cell(struct buf *b, const char *text, bool first)
{
	if (!first)
		buf_append(b, ",", 1);
	if (strpbrk(text, ",\"\r\n") == NULL) {
		buf_puts(b, text);
		return;
	}
	buf_append(b, "\"", 1);
	for (const char *p = text; *p; p++) {
		if (*p == '"')
			buf_append(b, "\"", 1);
		buf_append(b, p, 1);
	}
	buf_append(b, "\"", 1);
}

void csv_row_end(struct buf *b)
{
	buf_append(b, "\r\n", 2);
}

void csv_header(struct buf *b, const char *const *columns)
{
	buf_puts(b, CSV_BOM);
	for (size_t i = 0; columns[i]; i++)
		csv_cell(b, columns[i], i == 0);
	csv_row_end(b);
}

/* The member at path ("review.score": a member of a member), or NULL. */
static const json_t *member_at(const json_t *obj, const char *path)
{
	char key[64];
	for (;;) {
		size_t n = strcspn(path, ".");
		snprintf(key, sizeof(key), "%.*s", (int)n, path);
		obj = json_object_get(obj, key);
		if (!obj || !path[n])
			return obj;
		path += n + 1;
	}
}

void csv_json_row(struct buf *b, const json_t *obj, const char *const *columns)
{
	for (size_t i = 0; columns[i]; i++) {
		const json_t *v = member_at(obj, columns[i]);
		if (json_is_string(v)) {
			const char *s = json_string_value(v);
			if (s[0] && strchr("=+-@\t\r", s[0])) {
				/* Spreadsheets run a cell that starts like a formula (CSV injection): an apostrophe keeps it text. */
				struct buf t = BUF_INIT;
				buf_puts(&t, "'");
				buf_puts(&t, s);
				csv_cell(b, t.data ? t.data : "", i == 0);
				buf_free(&t);
			} else {
				csv_cell(b, s, i == 0);
			}
		} else if (!v || json_is_null(v)) {
			csv_cell(b, "", i == 0);
		} else {
			char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
			csv_cell(b, text ? text : "", i == 0);
			free(text);
		}
	}
	csv_row_end(b);
}
