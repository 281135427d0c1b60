/* SQL for the sales conveyor view (SPEC §6.4): the managers on it and their deals closed in the period. */
#ifndef SALESCTL_STORE_CONVEYOR_H
#define SALESCTL_STORE_CONVEYOR_H

#include "salesctl/domain/roles.h"
#include "salesctl/store/doc.h"

extern const struct reach_stmt *const store_conveyor_reach_stmts[];

struct conveyor_person {
	char manager_id[37];
	char name[256];
	char sales_role[16];
	long won, lost;   /* the CRM's deals closed in the period */
};
/* The active managers with a sales_role the viewer reaches (of team_id when not NULL), for the month starting
 * period_start; *out new (free()). */
enum db_status store_conveyor_people(struct db_conn *c, const struct principal *viewer, const char *period_start,
				     const char *team_id, struct conveyor_person **out, size_t *n);

#endif
