/*
 * The lane (http/lane.h): one mutex, a line of parked requests oldest first (linked through the requests), and
 * threads that take the oldest in turn. A request's lane_state says where it is (in line, being worked on, done) so
 * that lane_withdraw, called when the server ends a request, can take it out of the line or wait for its work: a
 * client that resets its connection while parked may have it ended under the lane.
 */
#include "salesctl/http/lane.h"
#include "salesctl/core/clock.h"

#include <pthread.h>
#include <stdlib.h>

enum { LANE_NONE, LANE_QUEUED, LANE_RUNNING, LANE_DONE };

struct lane {
	struct lane_options opt;
	pthread_mutex_t lock;
	pthread_cond_t work;   /* a request joined the line, or the lane closed */
	pthread_cond_t done;   /* a request's work finished */
	struct request *head, *tail;
	int nqueued;
	bool closed;
	int nthreads;
	pthread_t *threads;
};

static bool deadline_passed(const struct timespec *deadline)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > deadline->tv_sec || (now.tv_sec == deadline->tv_sec && now.tv_nsec >= deadline->tv_nsec);
}

/* Works on a request taken from the line (its lane_state LANE_RUNNING), unparks it and marks it done; called and
 * returns without the lock. */
static void lane_work(struct lane *l, struct request *req, bool expired)
{
	if (!request_peer_gone(req)) {
		if (expired)
			l->opt.expire(req);
		else
			l->opt.run(req);
	}
	request_unpark(req);
	pthread_mutex_lock(&l->lock);
	req->lane_state = LANE_DONE;
	pthread_cond_broadcast(&l->done);
	pthread_mutex_unlock(&l->lock);
}

static void *lane_main(void *arg)
{
	struct lane *l = arg;
	pthread_mutex_lock(&l->lock);
	for (;;) {
		while (!l->head && !l->closed)
			pthread_cond_wait(&l->work, &l->lock);
		struct request *req = l->head;
		if (!req)
			break;
		l->head = req->lane_next;
		if (!l->head)
			l->tail = NULL;
		l->nqueued--;
		req->lane_state = LANE_RUNNING;
		bool expired = l->closed || deadline_passed(&req->lane_deadline);
		pthread_mutex_unlock(&l->lock);
		lane_work(l, req, expired);
		pthread_mutex_lock(&l->lock);
	}
	pthread_mutex_unlock(&l->lock);
	return NULL;
}

struct lane *lane_new(const struct lane_options *opt)
{
	struct lane *l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	l->opt = *opt;
	pthread_mutex_init(&l->lock, NULL);
	pthread_cond_init(&l->work, NULL);
	pthread_cond_init(&l->done, NULL);
	l->threads = calloc((size_t)opt->threads, sizeof(*l->threads));
	if (!l->threads)
		goto fail;
	for (; l->nthreads < opt->threads; l->nthreads++)
		if (pthread_create(&l->threads[l->nthreads], NULL, lane_main, l) != 0)
			goto fail;
	return l;
fail:
	lane_free(l);
	return NULL;
}

bool lane_submit(struct lane *l, struct request *req)
{
	pthread_mutex_lock(&l->lock);
	bool taken = !l->closed && l->nqueued < l->opt.max_queued;
	if (taken) {
		/* Parked before a lane thread can see it: its unpark can then never come first. */
		request_park(req);
		req->lane_deadline = monotonic_after_ms(l->opt.wait_ms);
		req->lane_state = LANE_QUEUED;
		req->lane_next = NULL;
		if (l->tail)
			l->tail->lane_next = req;
		else
			l->head = req;
		l->tail = req;
		l->nqueued++;
		pthread_cond_signal(&l->work);
	}
	pthread_mutex_unlock(&l->lock);
	return taken;
}

void lane_withdraw(struct lane *l, struct request *req)
{
	pthread_mutex_lock(&l->lock);
	if (req->lane_state == LANE_QUEUED) {
		struct request *prev = NULL;
		for (struct request *it = l->head; it && it != req; it = it->lane_next)
			prev = it;
		if (prev)
			prev->lane_next = req->lane_next;
		else
			l->head = req->lane_next;
		if (l->tail == req)
			l->tail = prev;
		l->nqueued--;
		req->lane_state = LANE_NONE;
	}
	while (req->lane_state == LANE_RUNNING)
		pthread_cond_wait(&l->done, &l->lock);
	pthread_mutex_unlock(&l->lock);
}

void lane_close(struct lane *l)
{
	/* The line is answered here rather than by the lane's threads, which may all be held by batches the database
	 * keeps waiting. */
	pthread_mutex_lock(&l->lock);
	l->closed = true;
	struct request *line = l->head;
	l->head = l->tail = NULL;
	l->nqueued = 0;
	for (struct request *it = line; it; it = it->lane_next)
		it->lane_state = LANE_RUNNING;
	pthread_cond_broadcast(&l->work);
	pthread_mutex_unlock(&l->lock);
	while (line) {
		struct request *req = line;
		line = req->lane_next;   /* read before the request is done: the server may end it then */
		lane_work(l, req, true);
	}
}

void lane_drain(struct lane *l)
{
	for (; l->nthreads > 0; l->nthreads--)
		pthread_join(l->threads[l->nthreads - 1], NULL);
}

void lane_free(struct lane *l)
{
	if (!l)
		return;
	lane_close(l);
	lane_drain(l);
	free(l->threads);
	pthread_cond_destroy(&l->done);
	pthread_cond_destroy(&l->work);
	pthread_mutex_destroy(&l->lock);
	free(l);
}
