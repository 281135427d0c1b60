/*
 * A lane: a few threads that do parked requests' work off the HTTP threads, first come first served. salesctld sends
 * bulk requests (batches of a thousand items) through one: at most `threads` of them are decoded and written at once,
 * so their memory is bounded by the lane, and an HTTP thread never waits for one, so its other connections are served
 * meanwhile (a thread that blocked for its turn held them all up behind it).
 */
#ifndef SALESCTL_HTTP_LANE_H
#define SALESCTL_HTTP_LANE_H

#include <stdbool.h>

#include "salesctl/http/request.h"

struct lane;

struct lane_options {
	int threads;                        /* how many requests are worked on at once */
	int max_queued;                     /* more waiting are refused (each holds its body) */
	int wait_ms;                        /* one that waited longer is expired instead of run */
	void (*run)(struct request *req);   /* does the work and sets the reply; on a lane thread */
	void (*expire)(struct request *req);  /* sets the reply of a request that will not be run */
};

/* Starts the threads; NULL when they or the memory cannot be had. */
struct lane *lane_new(const struct lane_options *opt);
/* Parks req (request_park) and queues it: run, or expire when it waited past wait_ms or the lane closed, is called
 * for it on a lane thread (neither when its client has gone), then request_unpark. False, having done nothing, when
 * the lane is closed or its line full. */
bool lane_submit(struct lane *l, struct request *req);
/* For a request that is ending (the server's completion): takes it out of the line, or waits for its work in
 * progress to finish, so that the lane never touches it again. */
void lane_withdraw(struct lane *l, struct request *req);
/* Refuses every later request; those in line are expired before it returns, whatever the lane's threads are doing. */
void lane_close(struct lane *l);
/* After lane_close: waits for the lane's threads to finish what they are doing and end. When it returns nothing
 * stays parked and the lane touches no request again. From one thread. */
void lane_drain(struct lane *l);
/* Closes and drains the lane, and frees it. */
void lane_free(struct lane *l);

#endif
