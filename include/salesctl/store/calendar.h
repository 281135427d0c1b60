/* SQL for the working-day calendar overrides. */
#ifndef SALESCTL_STORE_CALENDAR_H
#define SALESCTL_STORE_CALENDAR_H

#include "salesctl/domain/calendar.h"
#include "salesctl/store/doc.h"

extern const struct db_stmt store_calendar_stmts[];

/* Sets the override of one date (body: validated {is_workday, note}); returns the day as JSON. */
enum db_status store_calendar_put(struct db_conn *c, const char *org_id, const char *date, const char *body,
				  struct store_doc *out);
/* Removes the override; *found false when there was none. */
enum db_status store_calendar_delete(struct db_conn *c, const char *org_id, const char *date, bool *found);
/* Every date from..to with whether it is a workday and its note, as a JSON array (new). */
enum db_status store_calendar_range(struct db_conn *c, const char *org_id, const char *from, const char *to,
				    char **json);
/* The overrides of the month containing `month_start` (YYYY-MM-01), for domain/calendar. *out is new (free()). */
enum db_status store_calendar_month(struct db_conn *c, const char *org_id, const char *month_start,
				    struct calendar_override **out, size_t *n);

#endif
