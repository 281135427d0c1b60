/*
 * The event feed: the events webhooks carry, in the order they can no longer change (store/events.c), for an owner
 * or an integration with an owner's read token. `after` is the next_cursor of the previous answer; next_cursor is
 * always the position to ask from next (the same one when nothing new has come), so a client polls with it forever.
 */
#include "salesctl/api/events.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/list.h"
#include "salesctl/api/schemas.h"
#include "salesctl/core/buf.h"
#include "salesctl/store/events.h"

#include <stdlib.h>
#include <string.h>

static const struct field_spec event_query[] = {
	{.name = "after", .type = FT_STRING, .min = 1, .max = CURSOR_TEXT_MAX},
	{.name = "limit", .type = FT_INT, .min = 1, .max = 1000},
};

#define EVENTS_SCOPE "/v1/events"

/* "txid.seq" into its two numbers as text; false unless both are digits. */
static bool position_split(char *at, const char **txid, const char **seq)
{
	char *dot = strchr(at, '.');
	if (!dot || dot == at || !dot[1] || strspn(at, "0123456789") != (size_t)(dot - at) ||
	    strspn(dot + 1, "0123456789") != strlen(dot + 1))
		return false;
	*dot = '\0';
	*txid = at;
	*seq = dot + 1;
	return true;
}

enum db_status api_event_list(struct request *req)
{
	struct app *app = req->app;
	if (!api_query_valid(req, event_query, sizeof(event_query) / sizeof(event_query[0])))
		return DB_ABORTED;
	const char *after = request_query(req, "after"), *limit_text = request_query(req, "limit");
	const char *txid = NULL, *seq = NULL;
	char at[CURSOR_KEY_MAX], id[37];
	if (after && (cursor_decode(app->cursor_key, EVENTS_SCOPE, after, at, id) < 0 || !position_split(at, &txid, &seq))) {
		reply_problem(req, PROBLEM_BAD_CURSOR, "the cursor is not one this feed issued");
		return DB_ABORTED;
	}
	struct db_conn *db = api_db(req);
	if (!db)
		return DB_UNAVAILABLE;
	bool expired = false;
	enum db_status st = after ? store_event_cursor_expired(db, req->who.org_id, txid, seq, &expired) : DB_OK;
	if (st != DB_OK)
		return st;
	if (expired) {
		reply_problem(req, PROBLEM_CURSOR_EXPIRED,
			      "events after this cursor were older than 90 days and are no longer kept: sync from the resources, "
			      "then read the feed again without after");
		return DB_ABORTED;
	}
	struct store_page page;
	st = store_event_page(db, req->who.org_id, txid, seq, limit_text ? atoi(limit_text) : 100, &page);
	if (st != DB_OK)
		return st;
	struct buf b = BUF_INIT;
	buf_puts(&b, "{\"items\":[");
	buf_puts(&b, page.items);
	buf_puts(&b, "],\"next_cursor\":");
	char next[CURSOR_TEXT_MAX + 1];
	if (page.next_id[0] && cursor_encode(app->cursor_key, EVENTS_SCOPE, page.next_key, page.next_id, next,
					     sizeof(next)) == 0)
		buf_json_string(&b, next);
	else if (after)
		buf_json_string(&b, after);
	else
		buf_puts(&b, "null");
	buf_printf(&b, ",\"more\":%s}", page.more ? "true" : "false");
	store_page_free(&page);
	if (b.failed) {
		buf_free(&b);
		return DB_ERROR;
	}
	reply_json(req, 200, buf_steal(&b));
	return DB_OK;
}

/* This file's validation tables, for the fuzzers and the tests that hold every operation to the same rules. */
const struct api_schema api_events_schemas[] = {
	API_SCHEMA("GET /v1/events", event_query, VALIDATE_FILTER),
	{NULL, NULL, 0, VALIDATE_CREATE},
};
