/* CSV replies (SPEC §6.1 export): whether a request asks for text/csv, and RFC 4180 rows in UTF-8 with a byte-order
 * mark, so that spreadsheet programs open Cyrillic correctly. */
#ifndef SALESCTL_HTTP_CSV_H
#define SALESCTL_HTTP_CSV_H

#include <jansson.h>
#include <stdbool.h>

#include "salesctl/core/buf.h"

struct request;

#define CSV_CONTENT_TYPE "text/csv; charset=utf-8; header=present"
#define CSV_BOM "\xEF\xBB\xBF"

/* Whether Accept prefers text/csv to application/json (by q; a bare * / * or no Accept: JSON). */
bool csv_accept_prefers(const char *accept);
bool request_wants_csv(const struct request *req);

/* The header row of columns (NULL-terminated), after the byte-order mark. */
void csv_header(struct buf *b, const char *const *columns);
/* One row: obj's members named by columns (a dotted name reaches into a member: "review.score"); strings as they are, numbers and booleans as JSON writes them, null
 * empty, objects and arrays as compact JSON. A string a spreadsheet would run as a formula (= + - @ at its start)
 * is prefixed with an apostrophe. */
void csv_json_row(struct buf *b, const json_t *obj, const char *const *columns);
/* One cell (first: no separator before it) and the end of a row (CRLF). */
void csv_cell(struct buf *b, const char *text, bool first);
void csv_row_end(struct buf *b);

#endif
