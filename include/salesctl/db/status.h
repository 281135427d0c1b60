/* What a database call came to, by SQLSTATE class: the one vocabulary shared by db/, store/ and the handlers that
 * return it (api/handler.h). Kept apart from db/pool.h so that naming an outcome does not pull in libpq. */
#ifndef SALESCTL_DB_STATUS_H
#define SALESCTL_DB_STATUS_H

enum db_status {
	DB_OK,
	DB_UNIQUE,        /* 23505 */
	DB_FOREIGN_KEY,   /* 23503 */
	DB_CHECK,         /* 23514, 23502, 22xxx: data the constraints refuse */
	DB_RETRY,         /* 40001, 40P01: run the transaction again */
	DB_TIMEOUT,       /* 57014 */
	DB_UNAVAILABLE,   /* 08xxx, 57P0x, 53300, connection lost */
	DB_ERROR,         /* anything else: a bug */
	DB_ABORTED,       /* a transaction function chose to roll back (its caller knows why) */
};

#endif
