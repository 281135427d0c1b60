/* CSV exports (SPEC §6.1): whole lists streamed, and JSON documents turned into rows. */
#ifndef SALESCTL_API_EXPORT_H
#define SALESCTL_API_EXPORT_H

#include <jansson.h>

#include "salesctl/api/list.h"
#include "salesctl/http/csv.h"

/* Replies with every row the list's query selects as CSV (columns: the item members, in order), streamed; each item
 * passes through each first when given. filename names the download. Returns the outcome (api/handler.h). */
enum db_status api_list_export(struct request *req, const struct field_spec *filters, size_t n,
			       const struct list_shape *shape, const char *const *columns, const char *filename,
			       list_item_fn each);
/* The CSV of rows (an array of objects) under a header of columns; new (free()), NULL when out of memory. */
char *api_csv_rows(const json_t *rows, const char *const *columns);
/* Replaces the JSON reply with csv (taken), keeping its ETag as a distinct tag for this representation; DB_ERROR
 * (nothing replied) when csv is NULL, out of memory. */
enum db_status api_reply_csv(struct request *req, char *csv, const char *filename);

#endif
