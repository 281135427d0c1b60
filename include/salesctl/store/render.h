/*
 * JSON written in C from a row's columns, for the hot lists whose rendering by the *_json SQL functions cost
 * PostgreSQL more than finding the rows (W3: 9,000 pages a second with task_json, 21,000 with the bare columns).
 * The objects are the SQL functions' objects, key for key and value for value (tests/db/generic_plans_test.c
 * compares them), in compact form.
 */
#ifndef SALESCTL_STORE_RENDER_H
#define SALESCTL_STORE_RENDER_H

#include <libpq-fe.h>
#include <stddef.h>

#include "salesctl/core/buf.h"

/* Writes the JSON object of row `row` of r (its first columns, as the shape that names it says) into out. */
typedef void (*render_row_fn)(const PGresult *r, int row, struct buf *out);

/* A timestamptz as PostgreSQL's text output writes it with DateStyle ISO ("2026-01-15 10:00:00.5+03") into out as
 * JSON writes it ("2026-01-15T10:00:00.5+03:00"); -1 when it does not fit or is not that shape. */
int render_timestamp(const char *text, char *out, size_t size);

/* `"key":value` (with a leading comma unless first) for column col of row: a string, null when NULL. */
void render_string(struct buf *b, const char *key, const PGresult *r, int row, int col, int first);
/* The same for a boolean ("t"/"f") and a timestamptz. */
void render_bool(struct buf *b, const char *key, const PGresult *r, int row, int col);
void render_timestamp_field(struct buf *b, const char *key, const PGresult *r, int row, int col);
/* The same for a column whose text is already JSON (a number, or an object PostgreSQL built), written as it is. */
void render_literal(struct buf *b, const char *key, const PGresult *r, int row, int col);

#endif
