/* Batches of records stored in one statement (call logs, CRM events): the outcome of each item, in input order. */
#ifndef SALESCTL_STORE_BATCH_H
#define SALESCTL_STORE_BATCH_H

#include <stddef.h>

#include "salesctl/domain/roles.h"
#include "salesctl/store/doc.h"
#include "salesctl/store/reach.h"

enum batch_status {
	BATCH_CREATED,
	BATCH_EXISTING,    /* its external_id was stored before, by someone the caller reaches */
	BATCH_FORBIDDEN,   /* its manager is not one the caller reaches */
	BATCH_CONFLICT,    /* its external_id belongs to a record the caller does not reach */
};

struct batch_result {
	enum batch_status status;
	char id[37];       /* "" unless created or existing */
};

/* A batch statement's first CTE, input(ord, b, id): the items of the request's body $A ({"items": [...]}, as it came)
 * but those at the 1-based positions $B that failed validation, each with a new id. The body goes as it came rather
 * than each valid item dumped again, and the ids are made here rather than by libuuid per item: those two were a
 * quarter of salesctld's CPU a batch (perf, W8: jansson's dumps, and libuuid's srandom, random and getrandom for
 * every id). The ids are time-ordered (uuid_time_ordered(), migration 0037: the layout of a version-7 UUID): a
 * batch's rows then go to a few leaf pages of the primary key instead of a thousand random ones, which kept W8's
 * statement 22-27 % faster in pgbench at 6 M stored events (calls at 1 M: within noise). The function is volatile, so
 * the CTE is computed once and an item keeps its id. */
#define BATCH_INPUT \
	"WITH input AS (SELECT x.ord, x.b, uuid_time_ordered() AS id" \
	"                 FROM jsonb_array_elements($A::jsonb->'items') WITH ORDINALITY AS x(b, ord)" \
	"                WHERE x.ord <> ALL ($B::bigint[])),"

/* A batch statement's rows, from resolved(ord, b, id, allowed) and the insert ins(id, external_id) into table: an
 * item is created when its row went in, existing when an earlier item of the batch or a stored row the caller
 * reaches ($S) has its external_id, a conflict when a stored row out of reach has it. joined is joined to every
 * row ("" for nothing): a CTE the statement must run. The stored row is looked up per item that needs it (LATERAL,
 * by the external_id key; the LIMIT keeps the planner from turning it back into a join): as a join the planner
 * hashed every stored row of the organisation, a cost that grew with the history (77 ms of a 195 ms batch at 96,000
 * CRM events). */
#define BATCH_OUTCOMES(table, joined) \
	" SELECT r.ord," \
	"        CASE WHEN NOT r.allowed THEN 'forbidden' WHEN mine.id IS NOT NULL THEN 'created'" \
	"             WHEN twin.id IS NOT NULL THEN 'existing'" \
	"             WHEN old.id IS NOT NULL AND $S THEN 'existing'" \
	"             ELSE 'conflict' END," \
	"        CASE WHEN mine.id IS NOT NULL THEN mine.id WHEN twin.id IS NOT NULL THEN twin.id" \
	"             WHEN old.id IS NOT NULL AND $S THEN old.id END" \
	" FROM resolved r" joined \
	" LEFT JOIN ins mine ON mine.id = r.id" \
	" LEFT JOIN ins twin ON mine.id IS NULL AND twin.external_id = r.b->>'external_id'" \
	" LEFT JOIN LATERAL (SELECT o.id, o.manager_id FROM " table " o" \
	"                     WHERE mine.id IS NULL AND twin.id IS NULL AND o.org_id = $O" \
	"                       AND o.external_id = r.b->>'external_id' LIMIT 1) old ON true" \
	" ORDER BY r.ord"

/* The reaches of a batch statement, in order: $R of the item's manager (resolved as users u), $S of the manager of a
 * stored row with the item's external_id (old). */
extern const struct reach store_batch_manager_reach, store_batch_earlier_reach;

/* Runs a batch statement: $A the request's body of n items, $B the 1-based positions of those that failed validation
 * (a PostgreSQL array literal, "{}" for none), nvalid the others; its rows are (input position, status name, id),
 * one per valid item. Fills results[position - 1] of each valid item. */
enum db_status store_batch_exec(struct db_conn *c, const struct reach_stmt *stmt, const struct principal *actor,
				const char *body, const char *rejected, size_t n, size_t nvalid,
				struct batch_result *results);

#endif
