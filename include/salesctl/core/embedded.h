/* Text files compiled into the binary (migrations, demo data) by cmd/dev/embed.sh. */
#ifndef SALESCTL_CORE_EMBEDDED_H
#define SALESCTL_CORE_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name;    /* file name without directory, e.g. "0001_foundation.sql" */
	const char *text;    /* whole file, NUL-terminated */
};

/* The migrations, sorted by name (the generator is given them sorted). */
extern const struct embedded_file embedded_migrations[];
extern const size_t embedded_migrations_count;

/* openapi.yaml, served at GET /openapi.yaml. */
extern const struct embedded_file embedded_openapi[];
extern const size_t embedded_openapi_count;

/* The owner's page (web/): index.html, app.js, app.css and the vendored uPlot with its LICENSE. */
extern const struct embedded_file embedded_web[];
extern const size_t embedded_web_count;

#endif
