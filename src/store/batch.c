/* Reading a batch statement's outcome per item (see the header). */
#include "salesctl/store/batch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct reach store_batch_manager_reach = REACH_PERSON("u.id");
const struct reach store_batch_earlier_reach = REACH_PERSON("old.manager_id");

enum db_status store_batch_exec(struct db_conn *c, const struct reach_stmt *stmt, const struct principal *actor,
				const char *body, const char *rejected, size_t n, size_t nvalid,
				struct batch_result *results)
{
	static const char *const names[] = {"created", "existing", "forbidden", "conflict"};
	const char *args[] = {body, rejected};
	enum db_status st;
	PGresult *r = store_reach_exec(c, stmt, actor, 2, args, &st);
	if (!r)
		return st;
	st = (size_t)PQntuples(r) == nvalid ? DB_OK : DB_ERROR;
	for (int i = 0; st == DB_OK && i < PQntuples(r); i++) {
		long pos = atol(PQgetvalue(r, i, 0));
		if (pos < 1 || (size_t)pos > n) {
			st = DB_ERROR;
			break;
		}
		struct batch_result *res = &results[pos - 1];
		const char *s = PQgetvalue(r, i, 1);
		res->status = BATCH_CONFLICT;
		for (int k = 0; k < 4; k++)
			if (strcmp(s, names[k]) == 0)
				res->status = (enum batch_status)k;
		snprintf(res->id, sizeof(res->id), "%s", PQgetvalue(r, i, 2));
	}
	PQclear(r);
	return st;
}
