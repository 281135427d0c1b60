/*
 * A thread that LISTENs on one PostgreSQL channel over a connection of its own and reports what it hears: UP when
 * it (re)connects and listens, NOTICE for every notification, DOWN when the connection is lost (it reconnects every
 * second). After a DOWN nothing was heard for a while, so a listener's user must treat UP as "anything may have
 * changed".
 */
#ifndef SALESCTL_DB_LISTEN_H
#define SALESCTL_DB_LISTEN_H

enum db_listen_event { DB_LISTEN_UP, DB_LISTEN_NOTICE, DB_LISTEN_DOWN };

typedef void (*db_listen_fn)(void *ctx, enum db_listen_event event, const char *payload);

struct db_listener;

/* Starts listening on channel (an identifier: letters, digits, underscores); NULL when the thread cannot start. The
 * callback runs on the listener's thread. conninfo and channel are copied. */
struct db_listener *db_listener_start(const char *conninfo, const char *channel, db_listen_fn fn, void *ctx);
/* Stops the thread (within about half a second) and frees the listener. NULL is ignored. */
void db_listener_stop(struct db_listener *l);

#endif
