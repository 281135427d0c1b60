/*
 * What a viewer reaches, as SQL conditions written for the viewer's role instead of functions evaluated per row
 * (the in_reach()/task_visible() family, which cost two thirds of a get's database time even for an owner): an
 * owner's statement has no condition, a manager's compares a column with their id, a head's compares it with the
 * members of the teams they head, an array computed once per statement (an InitPlan) that an index condition can
 * use. Each role's text is its own prepared statement (db_exec_sql), so the planner sees the whole condition under
 * generic plans too.
 *
 * A template is SQL with placeholders: $O the viewer's organisation, $V the viewer, $R, $S and $T the
 * statement's reaches (struct reach_stmt), $A..$H the caller's arguments in order. Parameters are numbered in order of first
 * appearance, so one a role's text does not use is not sent (an owner's get has no viewer). Templates never use
 * $1-style numbers.
 */
#ifndef SALESCTL_STORE_REACH_H
#define SALESCTL_STORE_REACH_H

#include "salesctl/db/pool.h"
#include "salesctl/domain/roles.h"
#include "salesctl/store/doc.h"

/* The members of the teams the viewer heads, as an array an index condition can use. */
#define REACH_MEMBERS                                                                                                  \
	"ARRAY(SELECT m.id FROM teams tm JOIN users m ON m.org_id = tm.org_id AND m.team_id = tm.id"                    \
	" WHERE tm.org_id = $O AND tm.head_id = $V)"
/* The teams the viewer heads. */
#define REACH_TEAMS_HEADED "ARRAY(SELECT tm.id FROM teams tm WHERE tm.org_id = $O AND tm.head_id = $V)"
/* The viewer's own team (NULL when none). */
#define REACH_OWN_TEAM "(SELECT v.team_id FROM users v WHERE v.org_id = $O AND v.id = $V)"

/* Whether the viewer heads the team of the user in col (a head's rights over a member's task, call or report). */
#define REACH_HEADS_TEAM_OF(col)                                                                                       \
	"EXISTS (SELECT 1 FROM users m JOIN teams tm ON tm.org_id = m.org_id AND tm.id = m.team_id"                     \
	" WHERE m.org_id = $O AND m.id = " col " AND tm.head_id = $V)"

/* A person's row (a user id in col) is reached by an owner, themselves and the heads of their team. */
#define REACH_PERSON(col)                                                                                              \
	{                                                                                                              \
		.head = "(" col " = $V OR " col " = ANY (" REACH_MEMBERS "))", .manager = col " = $V"                   \
	}
/* A team (its id in col) is reached by an owner, its head and its members. */
#define REACH_TEAM(col)                                                                                                \
	{                                                                                                              \
		.head = "(" col " = ANY (" REACH_TEAMS_HEADED ") OR " col " = " REACH_OWN_TEAM ")",                   \
		.manager = col " = " REACH_OWN_TEAM                                                                    \
	}

/* Only an owner. */
#define REACH_OWNER_ONLY                                                                                               \
	{                                                                                                              \
		.head = "false", .manager = "false"                                                                    \
	}

struct reach {
	const char *head;      /* with $O and $V; NULL: a head sees the whole organisation */
	const char *manager;   /* likewise for a manager */
};

#define REACH_STMT_MAX_PARAMS 12

struct reach_stmt {
	const char *name;                 /* for logs and the plan test */
	const char *sql;                  /* the template */
	const struct reach *reach[3];     /* what $R, $S and $T stand for */
};

/* A template composed for one role. */
struct reach_sql {
	char *sql;                             /* new: reach_sql_free */
	char names[REACH_STMT_MAX_PARAMS];     /* per parameter $1.., the placeholder letter it stands for */
	int nparams;
};

/* 0, or -1 when out of memory or the template names a placeholder it may not. */
int reach_sql_compose(const struct reach_stmt *s, enum role role, struct reach_sql *out);
void reach_sql_free(struct reach_sql *q);

/* Runs s for viewer with args as $A, $B, ...: the result (new) or NULL with *st set, as db_exec_sql. */
PGresult *store_reach_exec(struct db_conn *c, const struct reach_stmt *s, const struct principal *viewer, int nargs,
			   const char *const *args, enum db_status *st);
/* store_reach_exec for a statement whose first row is (json[, version]), as store_doc_query. */
enum db_status store_reach_doc(struct db_conn *c, const struct reach_stmt *s, const struct principal *viewer,
			       int nargs, const char *const *args, struct store_doc *out);
/* store_reach_exec for a statement whose single value is text; *text is new (free()), "" when there is no row. */
enum db_status store_reach_text(struct db_conn *c, const struct reach_stmt *s, const struct principal *viewer,
				int nargs, const char *const *args, char **text);

#endif
