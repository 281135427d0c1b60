/* SQL for stand-ups (SPEC §6.4): a user's own, written while the day's window is open, and a team's board. */
#ifndef SALESCTL_STORE_STANDUPS_H
#define SALESCTL_STORE_STANDUPS_H

#include "salesctl/domain/roles.h"
#include "salesctl/store/doc.h"
#include "salesctl/store/reach.h"

extern const struct db_stmt store_standups_stmts[];
extern const struct reach_stmt *const store_standups_reach_stmts[];

/* Where a date stands for the user's stand-up: today in their time zone before the standup_deadline, or not. */
enum standup_window { STANDUP_OPEN, STANDUP_CLOSED, STANDUP_FUTURE };

/* Creates or replaces the actor's stand-up of date (body: validated JSON) while its window is open; *window says
 * where the date stands, out holds the stand-up when it was written and *created whether it was new. */
enum db_status store_standup_put(struct db_conn *c, const struct principal *actor, const char *id, const char *date,
				 const char *body, enum standup_window *window, struct store_doc *out, bool *created);
/* The actor's stand-up of date (out->json NULL when none). */
enum db_status store_standup_get(struct db_conn *c, const struct principal *actor, const char *date,
				 struct store_doc *out);

/* One member of a team's board: the manager and their part of the board as a JSON object (new). */
struct standup_board_row {
	char manager_id[37];
	char *json;
};
/* The active managers of team_id with their stand-up of date (NULL: today in the organisation's time zone), the
 * figures of the workday before it from the rollups, their overdue tasks and open alerts; *rows new (free each json
 * and the array). *day gets the date used. */
enum db_status store_standup_board(struct db_conn *c, const char *org_id, const char *team_id, const char *date,
				   struct standup_board_row **rows, size_t *n, char day[11]);

/* What a board answer is computed from besides the team: whether viewer reaches team_id, the data's version, the day
 * (date, or today in the organisation's time zone when NULL) and the minute since the epoch. */
struct standup_board_context {
	bool visible;
	long long version;
	char day[11];
	long long minute;
};
enum db_status store_standup_board_context(struct db_conn *c, const struct principal *viewer, const char *team_id,
					   const char *date, struct standup_board_context *out);

#endif
