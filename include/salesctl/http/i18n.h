/* The Russian texts of every problem detail and field message the service writes (SPEC §6.1). English is the
 * source: each text is written in English where it is raised, and this catalogue maps it, as written (a printf
 * format stays a format, with the same conversions in the same order), to Russian. tests/unit/http_i18n_test.c reads
 * the sources and fails on any text raised without a Russian entry. */
#ifndef SALESCTL_HTTP_I18N_H
#define SALESCTL_HTTP_I18N_H

#include <stddef.h>

#include "salesctl/domain/lang.h"

struct i18n_entry {
	const char *en, *ru;
};

/* text in lang: its Russian entry for LANG_RU, text itself otherwise or when there is none. Borrowed. */
const char *i18n_text(enum lang lang, const char *text);
/* The Russian entry of an English text, or NULL. */
const char *i18n_ru(const char *en);
/* The whole catalogue, for tests. */
const struct i18n_entry *i18n_catalogue(size_t *n);

#endif
