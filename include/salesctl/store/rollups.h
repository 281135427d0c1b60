/* SQL for the KPI rollups: the incremental pass over dirty keys, the full rebuild, and the pass lock. */
#ifndef SALESCTL_STORE_ROLLUPS_H
#define SALESCTL_STORE_ROLLUPS_H

#include "salesctl/db/pool.h"

extern const struct db_stmt store_rollups_stmts[];

/* Inside a transaction: takes the scheduler's pass lock. wait=false gives up at once (*locked false when another
 * instance holds it); wait=true queues behind it. */
enum db_status store_rollup_lock(struct db_conn *c, bool wait, bool *locked);
/* Inside a transaction: takes up to `limit` marked keys with all their marks (of one organisation, or all when
 * org_id is NULL), recomputes them from the sources and counts late changes to closed months; *keys is how many
 * were taken (fewer than `limit` when none is left), *updated how many were written. */
enum db_status store_rollup_dirty_batch(struct db_conn *c, const char *org_id, int limit, long *keys,
					long *updated);
/* Inside a transaction: recomputes every key of the organisation (all when NULL) from the sources and removes
 * rollups whose sources are gone; *updated is how many rows were written. */
enum db_status store_rollup_rebuild(struct db_conn *c, const char *org_id, long *updated);

#endif
