/* Reading a batch statement's outcome per item (see the header). */
#include "salesctl/store/batch.h"

#include <stdio.h>
#include <string.h>

const struct reach store_batch_manager_reach = REACH_PERSON("u.id");
const struct reach store_batch_earlier_reach = REACH_PERSON("old.manager_id");

enum db_status store_batch_exec(struct db_conn *c, const struct reach_stmt *stmt, const struct principal *actor,
				const char *items, const char *ids, size_t n, struct batch_result *results)
{
	static const char *const names[] = {"created", "existing", "forbidden", "conflict"};
	const char *args[] = {items, ids};
	enum db_status st;
	PGresult *r = store_reach_exec(c, stmt, actor, 2, args, &st);
	if (!r)
		return st;
	if ((size_t)PQntuples(r) != n) {
		PQclear(r);
		return DB_ERROR;
	}
	for (size_t i = 0; i < n; i++) {
		const char *s = PQgetvalue(r, (int)i, 1);
		results[i].status = BATCH_CONFLICT;
		for (int k = 0; k < 4; k++)
			if (strcmp(s, names[k]) == 0)
				results[i].status = (enum batch_status)k;
		snprintf(results[i].id, sizeof(results[i].id), "%s", PQgetvalue(r, (int)i, 2));
	}
	PQclear(r);
	return DB_OK;
}
