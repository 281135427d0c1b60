/*
 * The request pipeline, in order: route (404/405, or a CORS preflight's 204), authenticate (401), minimum role (403), decode the body
 * (415/400), then the handler: POSTs inside the transaction runner with Idempotency-Key, everything else directly;
 * a database failure the handler returns is mapped to its problem here, once (api/handler.h).
 * Bulk routes go to the bulk lane (http/lane.h), so that only a few large bodies are decoded at once, on its threads,
 * and password checks to the password lane, one per core: the HTTP thread parks the request and serves its other
 * connections meanwhile. On a thread per connection batches wait for a slot of the bulk gate instead.
 * Each step answers and stops on failure, so a handler only ever sees a routed, authenticated, decoded request.
 */
#include "salesctl/api/app.h"
#include "salesctl/api/auth.h"
#include "salesctl/api/handler.h"
#include "salesctl/api/idempotency.h"
#include "salesctl/http/hygiene.h"

#include <string.h>


static bool body_decode(struct request *req)
{
	if (req->method != HTTP_POST && req->method != HTTP_PUT && req->method != HTTP_PATCH)
		return true;
	/* An empty body is an empty object whatever type it claims: clients send a form type with an empty optional
	 * body (axios in Node does). A body with content must be JSON by its media type, parameters aside. */
	if (req->body.len == 0) {
		req->json = json_object();
		return req->json != NULL;
	}
	const char *ct = request_header(req, "Content-Type");
	if (ct && !media_type_is(ct, "application/json") && !media_type_is(ct, "application/merge-patch+json")) {
		reply_problem(req, PROBLEM_UNSUPPORTED_MEDIA_TYPE, "send application/json");
		return false;
	}
	enum problem why;
	char detail[256];
	req->json = json_parse_strict(req->body.data, req->body.len, &why, detail, sizeof(detail));
	if (!req->json) {
		reply_problem(req, why, detail);
		return false;
	}
	return true;
}

/* Routing, authentication, scope and role: false when the request was answered. */
static bool admit(struct request *req)
{
	enum router_result rr = router_match(app_routes, app_routes_count, req->method, req->path, &req->match);
	if (rr == ROUTER_NOT_FOUND) {
		reply_problem(req, PROBLEM_NOT_FOUND, "no such route");
		return false;
	}
	if (req->method == HTTP_OPTIONS && rr == ROUTER_METHOD_NOT_ALLOWED) {
		/* A CORS preflight: no authentication (browsers send none), the path's methods; the server adds the
		 * Access-Control-* headers when the Origin is allowed. */
		reply_reset(&req->reply);
		req->reply.status = 204;
		req->reply.preflight = true;
		router_allow_header(req->match.allowed, req->reply.allow, sizeof(req->reply.allow));
		return false;
	}
	if (rr == ROUTER_METHOD_NOT_ALLOWED) {
		router_allow_header(req->match.allowed, req->reply.allow, sizeof(req->reply.allow));
		reply_problemf(req, PROBLEM_METHOD_NOT_ALLOWED, "%s is not allowed here", req->method_name);
		return false;
	}
	const struct route *route = req->match.route;
	if (!api_authenticate(req, route->auth))
		return false;
	return route->auth != AUTH_USER || (api_require_scope(req, route->scope) && api_require_role(req, route->min_role));
}

/* The handler, with the decoded body, and what it leaves behind freed. */
static void run_handler(struct request *req, const struct route *route)
{
	if (body_decode(req)) {
		/* The route table says which handlers run in one transaction: a write of one statement needs one only to
		 * keep an Idempotency-Key's reply with it, and without a key costs one round trip instead of three. */
		enum db_status st;
		if (route->tx == TX_ALWAYS || (route->tx == TX_FOR_KEY && request_header(req, "Idempotency-Key")))
			st = api_post_run(req, route->handler);
		else
			st = route->handler(req);
		if (st != DB_OK && st != DB_ABORTED)
			api_reply_db_error(req, st);
	}
	/* The reply is built: the body and its decoded tree are not needed while it is sent (a slow reader would
	 * otherwise keep megabytes of a batch alive past the lane). */
	json_decref(req->json);
	req->json = NULL;
	buf_free(&req->body);
}

void app_lane_run(struct request *req)
{
	run_handler(req, req->match.route);
	api_db_release(req);
}

void app_lane_expire(struct request *req)
{
	if (req->match.route->run == RUN_KDF)
		reply_problem(req, PROBLEM_DB_UNAVAILABLE, "too many sign-ins at once; retry shortly");
	else
		reply_problem(req, PROBLEM_DB_UNAVAILABLE, "too many bulk requests at once; retry shortly");
}

/* The lane a route's requests are parked in; NULL: run on the HTTP thread (RUN_INLINE, or a thread per connection,
 * which cannot park). */
static struct lane *route_lane(const struct request *req, const struct route *route)
{
	const struct app *app = req->app;
	if (!req->can_park)
		return NULL;
	return route->run == RUN_BULK ? app->bulk_lane : route->run == RUN_KDF ? app->kdf_lane : NULL;
}

void app_dispatch(struct request *req)
{
	if (!admit(req))
		return;
	const struct route *route = req->match.route;
	struct app *app = req->app;
	/* A request in a lane may wait its turn for seconds: it must not hold the connection its authentication took (a
	 * token not yet cached is looked up), or a line of them would take the whole pool. */
	if (route->run != RUN_INLINE)
		api_db_release(req);
	struct lane *lane = route_lane(req, route);
	if (lane) {
		if (!lane_submit(lane, req))
			app_lane_expire(req);
		return;
	}
	/* On a thread per connection a batch waits for a slot of the bulk gate; a password check for one of the
	 * gate its handler passes (api/sessions.c). */
	struct gate *gate = route->run == RUN_BULK ? app->bulk_gate : NULL;
	if (gate && !gate_enter(gate, APP_BULK_WAIT_MS)) {
		app_lane_expire(req);
		return;
	}
	run_handler(req, route);
	if (gate)
		gate_leave(gate);
}

void app_release(struct request *req)
{
	api_db_release(req);
	/* A parked request whose client resets its connection can be ended while it is in the lane's line. */
	struct lane *lane = req->match.route ? route_lane(req, req->match.route) : NULL;
	if (lane)
		lane_withdraw(lane, req);
}
