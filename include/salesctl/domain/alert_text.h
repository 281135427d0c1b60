/* The message of an alert, in English or Russian, from its kind and figures (SPEC §6.1: rendered per request, so
 * both languages always agree). Pure: no I/O. */
#ifndef SALESCTL_DOMAIN_ALERT_TEXT_H
#define SALESCTL_DOMAIN_ALERT_TEXT_H

#include <jansson.h>
#include <stddef.h>

#include "salesctl/domain/lang.h"

/* Every kind the scheduler raises, NULL-terminated. */
extern const char *const alert_kinds[];

/*
 * Writes the message of alert (an alert as the API shows it: kind, metric, date, expected, actual and details) in
 * lang into out. Returns 0, or -1 for a kind it does not know or details lacking what the kind's message names (out
 * then holds ""; the caller keeps the stored English message).
 */
int alert_message(enum lang lang, const json_t *alert, char *out, size_t size);

/* A plan metric's name for people ("deals won", "выигранные сделки"); the metric's own name when unknown. */
const char *metric_label(enum lang lang, const char *metric);

#endif
