/* SQL for what every instance loads at start-up: the shared cursor-signing key and the known time zones. */
#ifndef SALESCTL_STORE_INSTANCE_H
#define SALESCTL_STORE_INSTANCE_H

#include "salesctl/db/pool.h"

/* Returns the key (hex, 64 chars) shared by all instances, creating it from candidate on first use. */
enum db_status store_instance_cursor_key(struct db_conn *c, const char *candidate, char out[65]);
/* Loads pg_timezone_names into the domain time zone table. */
enum db_status store_instance_load_timezones(struct db_conn *c);
/* The statements every pooled connection prepares (a NULL-terminated list of tables). */
extern const struct db_stmt *const store_all_statements[];
/* Every statement limited to the viewer's reach (tables of them, NULL-terminated) and every list shape: what the
 * plan test holds to index scans under generic plans for each role. */
struct reach_stmt;
struct list_shape;
extern const struct reach_stmt *const *const store_all_reach_statements[];
extern const struct list_shape *const store_all_list_shapes[];

#endif
