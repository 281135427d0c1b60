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

/* A batch statement's first CTE, input(ord, b, id): the items $A and their new ids $B side by side, each array read
 * once (EXPLAIN ANALYZE of a batch of 1,000 calls on the bench data: 62 ms, against 68 ms indexing the id array by
 * ordinality for every item). */
#define BATCH_INPUT \
	"WITH input AS (SELECT x.ord, x.b, x.id" \
	"                 FROM ROWS FROM (jsonb_array_elements($A::jsonb), unnest($B::uuid[])) WITH ORDINALITY" \
	"                      AS x(b, id, ord)),"

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

/* Runs a batch statement: $A the items (a JSON array of n validated items), $B their new ids (a PostgreSQL array
 * literal of n UUIDs in the same order); its rows are (input position, status name, id) in input order, one per
 * item. Fills results[0..n). */
enum db_status store_batch_exec(struct db_conn *c, const struct reach_stmt *stmt, const struct principal *actor,
				const char *items, const char *ids, size_t n, struct batch_result *results);

#endif
