/*
 * What every handler uses: the request's database connection, body validation, path ids, ETags and the mapping of
 * database outcomes to problems.
 *
 * The handler contract. A handler (and each step below that may touch the database) answers with the outcome of its
 * work, an enum db_status, and never replies to a database failure itself:
 *   DB_OK       it replied with its success; the transaction it runs in (if any) commits;
 *   DB_ABORTED  it refused the request and replied why (404, 412, 422 ...); the transaction rolls back;
 *   otherwise   a database failure, unanswered: the transaction rolls back, the runner runs it again when the
 *               failure is transient (api/idempotency.c, db_tx_run), and the dispatcher or the runner maps what is
 *               left to a problem with api_reply_db_error — the one place SQLSTATEs become HTTP.
 * So whether a write commits is the handler's outcome, not its reply's status.
 */
#ifndef SALESCTL_API_HANDLER_H
#define SALESCTL_API_HANDLER_H

#include "salesctl/api/app.h"
#include "salesctl/http/validate.h"
#include "salesctl/store/doc.h"

/* The request's connection (acquired on first use, released by the dispatcher). NULL when none can be had: the
 * handler returns DB_UNAVAILABLE. */
struct db_conn *api_db(struct request *req);
/* Gives the request's connection back to the pool before a long wait that needs none (outside a transaction only);
 * api_db acquires one again. */
void api_db_release(struct request *req);

/* Validates req->json against specs; replies 422 listing every problem and returns false when invalid. */
bool api_body_valid(struct request *req, const struct field_spec *specs, size_t n, enum validate_mode mode);
/* The body as compact JSON text for a store call (new: free()). */
char *api_body_text(const struct request *req);

/* Path parameter i when it is a UUID; otherwise replies 404 (nothing can live there) and returns NULL. */
const char *api_path_id(struct request *req, int i);

/* Path parameter i when it is a date that exists (YYYY-MM-DD); otherwise replies 422 on "date" and returns NULL. */
const char *api_path_date(struct request *req, int i);

/* A new random UUID, lower case. */
void api_new_id(char out[37]);
/* Sets the reply's ETag to a digest of what a computed answer (plan status, KPIs) is made of — not of the moment it
 * was asked — so that a client polling with If-None-Match gets 304 until the figures change. */
void api_set_digest_etag(struct request *req, const char *what);

/* Replies status with the document's JSON and its ETag; steals doc->json. 404 (DB_ABORTED) when the document is
 * absent. */
enum db_status api_reply_doc(struct request *req, int status, struct store_doc *doc);

/* After a write that changes who a token is (a revocation, a sign-out, a password change, a role, status, team or
 * team head): this instance's principal cache forgets everyone at once, so the writer's next request already sees
 * it; other instances hear it from the database (migration 0018). */
void api_principals_changed(struct request *req);

/* The outcome of a store call, replied: a failure is returned unanswered; 412 when the row exists but If-Match
 * failed and 404 when there is no document (DB_ABORTED); else status with the document and its ETag. Frees doc. */
enum db_status api_reply_result(struct request *req, enum db_status st, int status, struct store_doc *doc);

/* If-Match as a PostgreSQL int[] literal into buf ("{3,4}", "{}" when nothing can match), or NULL when absent or
 * "*". */
const char *api_if_match(const struct request *req, char *buf, size_t size);

/* Maps a failed outcome to a problem (409, 422, 503 or 500), using the constraint the failed statement names. Called
 * by the dispatcher once the handler (or the transaction runner around it) has returned, and by authentication. */
void api_reply_db_error(struct request *req, enum db_status st);

/* The store operations the generic steps below call; each resource's store provides them. */
typedef enum db_status (*store_create_fn)(struct db_conn *c, const struct principal *actor, const char *id,
					  const char *body, struct store_doc *out);
typedef enum db_status (*store_get_fn)(struct db_conn *c, const struct principal *viewer, const char *id,
				       struct store_doc *out);
typedef enum db_status (*store_patch_fn)(struct db_conn *c, const struct principal *actor, const char *id,
					 const char *body, const char *if_match, struct store_doc *out);

/* Inserts the (already validated) body under a new id and replies 201 with the resource, its ETag and
 * Location: <collection>/<id>. Runs inside the POST transaction. */
enum db_status api_create_reply(struct request *req, store_create_fn create, const char *collection);
/* Replies with the resource the caller reaches (200) or 404. */
enum db_status api_get_reply(struct request *req, store_get_fn get, const char *id);
/* DB_OK when the caller reaches resource id; otherwise replies 404 (DB_ABORTED) or returns the failure. */
enum db_status api_require_visible(struct request *req, store_get_fn get, const char *id);
/* Applies the (already validated) body to resource id under If-Match and replies 200, 404 or 412. */
enum db_status api_patch_reply(struct request *req, store_patch_fn patch, const char *id);

/* The user a request acts for, in obj's `field` (e.g. manager_id): the caller when absent (then written into obj),
 * otherwise a user the caller reaches; replies 422 on the field (DB_ABORTED) when not. */
enum db_status api_acting_for(struct request *req, json_t *obj, const char *field);

/* The user named by obj's `field` must be someone other than the caller whom the caller reaches (one-on-ones,
 * development plans); replies 422 on the field (DB_ABORTED) otherwise. */
enum db_status api_other_reachable(struct request *req, const char *field);

/* DB_OK when the caller sees team_id (an owner any, a head the teams they head or belong to); otherwise replies 404
 * (DB_ABORTED) or returns the failure. The request's connection is held afterwards. */
enum db_status api_require_team(struct request *req, const char *team_id);

/* Computes a document for a request: DB_OK with *out new, or the failure. It takes its connection with api_db: the
 * request may have given its connection back while it waited for another request computing the same document. */
typedef enum db_status (*api_compute_fn)(struct request *req, void *arg, char **out);
/* The document under key in the application's plan-status cache (whose keys hold everything a document is computed
 * from, the data's version among it: version, plan_versions.version, which also retires the organisation's older
 * documents), computed by compute on a miss and stored; a burst of requests for a missing
 * key computes it once, the others waiting without their connection (a connection the caller obtained before may be
 * given back: take it again with api_db afterwards). With use_cache false it is computed every time. *out is new. */
enum db_status api_plan_cached(struct request *req, bool use_cache, const char *key, long long version,
			       api_compute_fn compute, void *arg, char **out);

/* Replies 200 with head, then doc (the document the plan-status cache holds under key), then foot, as one JSON body.
 * For a client that accepts gzip, doc's deflated form is kept in the cache beside it and spliced between head and
 * foot, so a large cached answer is compressed once per change of its data rather than once per request. A NULL key
 * (a document computed for this request alone) is compressed with the reply as any other body. */
void api_reply_cached_json(struct request *req, const char *key, long long version, const char *head, const char *doc,
			   const char *foot);
/* The same for a cached document handed over in block (taken over) at byte doc_at, with nothing after it: head (at
 * most doc_at bytes) is written in front of it and padded with spaces, JSON whitespace, so that the reply is the
 * block itself instead of a copy of a large answer. */
void api_reply_cached_in_place(struct request *req, const char *key, long long version, char *block, size_t doc_at,
			       const char *head);

/* Replies 403 unless the caller has at least role need; returns whether allowed. */
bool api_require_role(struct request *req, enum role need);

#endif
