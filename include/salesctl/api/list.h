/*
 * Collection queries: `limit` (1-200, default 50), an opaque `cursor`, and filters named after fields, all checked
 * at once (unknown parameters are 422). Cursors are HMAC-signed (sort key, id) keyset positions, the sort key being
 * the list's order: created_at for most, date for evening reports, started_at for call logs, opened_at for alerts,
 * scheduled_at for one-on-ones. Tamper-evident (400 invalid_cursor) and stable while rows are inserted.
 */
#ifndef SALESCTL_API_LIST_H
#define SALESCTL_API_LIST_H

#include "salesctl/api/app.h"
#include "salesctl/api/handler.h"
#include "salesctl/http/validate.h"
#include "salesctl/store/doc.h"
#include "salesctl/store/list_sql.h"

#define LIST_MAX_FILTERS 16
/* A cursor's sort key (a name sorts by itself), its signed payload (key|id) and its text in the query. */
#define CURSOR_KEY_MAX 448
#define CURSOR_PAYLOAD_MAX (CURSOR_KEY_MAX + 40)
#define CURSOR_TEXT_MAX 704

struct list_request {
	int limit;
	char after_at[CURSOR_KEY_MAX];
	char after_id[37];
	const char *filters[LIST_MAX_FILTERS];   /* borrowed from the query string; NULL when not given */
};

/* Checks every query parameter against specs[0..n) (unknown ones are errors); replies 422 and returns false when
 * any is bad. */
bool api_query_valid(struct request *req, const struct field_spec *specs, size_t n);
/* Adds one query parameter to obj as the validator sees it: integers, numbers and booleans of filters[0..n) converted, a
 * repeated parameter added as an error key of its own. */
void api_query_add(json_t *obj, const struct field_spec *filters, size_t n, const char *key, const char *value);

/* Parses the query string against filters[0..n). Replies 422/400 and returns false on a bad query. */
bool api_list_parse(struct request *req, const struct field_spec *filters, size_t n, struct list_request *out);

/* Replies with page (consumed) as {"items", "next_cursor"[, "total"]}, its cursor bound to scope. */
void api_page_reply(struct request *req, const char *scope, struct store_page *page);

/*
 * A list composed per request (store/list_sql.h). filters[i] validates shape->filters[i] (same order and names);
 * `sort` takes each of the shape's sorts, ascending ("due_at") or descending ("-due_at"); `q` is offered when the
 * shape has a search, `include_total` always. The cursor is bound to the route and the sort. Replies with the page;
 * returns the outcome (api/handler.h).
 */
struct list_shape;
enum db_status api_list_composed(struct request *req, const struct field_spec *filters, size_t n,
				 const struct list_shape *shape);
/* The same, each item passed through each before the reply (alert messages in the request's language). */
typedef void (*list_item_fn)(enum lang lang, json_t *item);
enum db_status api_list_composed_each(struct request *req, const struct field_spec *filters, size_t n,
				      const struct list_shape *shape, list_item_fn each);
/* A nested list (shape->parent): the items under parent_id, a path id the handler has checked, with no filters. */
enum db_status api_list_nested(struct request *req, const struct list_shape *shape, const char *parent_id);
/* A page's items ("{…},{…}") as a JSON array (new: json_decref it), or NULL when out of memory. */
json_t *api_items_parse(const char *items);
/* A page's items with each object passed through each; new, or NULL when out of memory. */
char *api_items_each(enum lang lang, const char *items, list_item_fn each);

/* A composed list's query as parsed: p borrows from the request and from at and id (the cursor). */
struct list_query {
	struct list_params p;
	char scope[160];          /* the cursor's scope: the route and the sort */
	char at[CURSOR_KEY_MAX];
	char id[37];
};
/* Parses and checks the query of a composed list (as api_list_composed); replies 422, 400 or 500 and returns false
 * when it is bad. */
bool api_list_query_parse(struct request *req, const struct field_spec *filters, size_t n,
			  const struct list_shape *shape, struct list_query *q);
/* Replies with one page of a query already parsed by api_list_query_parse (each may be NULL). */
enum db_status api_list_page(struct request *req, const struct list_shape *shape, struct list_query *q,
			     list_item_fn each);

/* Cursor encoding, exposed for tests: scope binds the cursor to one route. */
int cursor_encode(const unsigned char key[32], const char *scope, const char *at, const char *id, char *out,
		  size_t size);
int cursor_decode(const unsigned char key[32], const char *scope, const char *cursor, char at[CURSOR_KEY_MAX],
		  char id[37]);

#endif
