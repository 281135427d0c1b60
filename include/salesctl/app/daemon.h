/* The whole program wired together, from the lowest layer up: start-up and shutdown of the service, shared by
 * salesctld's commands (connect, migrate, load what every instance needs, serve until SIGTERM/SIGINT, drain, stop).
 * The only module that knows every other; nothing includes it but cmd/. */
#ifndef SALESCTL_APP_DAEMON_H
#define SALESCTL_APP_DAEMON_H

#include <stdbool.h>

#include "salesctl/core/config.h"
#include "salesctl/db/pool.h"

/* Opens a stand-alone connection with the service's session settings, retrying for up to wait_s seconds. */
struct db_conn *daemon_connect(const struct config *cfg, int wait_s);

/* Serves until SIGTERM or SIGINT. Returns the process exit status. */
int daemon_serve(const struct config *cfg, bool migrate);

#endif
