/* The scheduler thread (see the header for the design). */
#include "salesctl/sched/scheduler.h"
#include "salesctl/core/clock.h"
#include "salesctl/core/log.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct scheduler {
	struct db_pool_options opt;
	int interval_s;
	struct sched_stats *stats;
	pthread_t thread;
	bool started;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stopping;   /* guarded by lock */
};

struct scheduler *scheduler_new(const struct db_pool_options *opt, int interval_s, struct sched_stats *stats)
{
	struct scheduler *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->opt = *opt;
	s->interval_s = interval_s;
	s->stats = stats;
	pthread_mutex_init(&s->lock, NULL);
	cond_init_monotonic(&s->wake);
	return s;
}

/* Sleeps up to the interval; returns true when asked to stop. */
static bool scheduler_wait(struct scheduler *s)
{
	struct timespec until = monotonic_after_ms(s->interval_s * 1000L);
	pthread_mutex_lock(&s->lock);
	while (!s->stopping && pthread_cond_timedwait(&s->wake, &s->lock, &until) == 0)
		;
	bool stop = s->stopping;
	pthread_mutex_unlock(&s->lock);
	return stop;
}

static void *scheduler_main(void *arg)
{
	struct scheduler *s = arg;
	struct db_conn *c = NULL;
	while (!scheduler_wait(s)) {
		if (!c)
			c = db_conn_open(&s->opt);
		struct sched_pass_result r = {0};
		enum db_status st = c ? sched_pass_run(c, NULL, NULL, false, &r) : DB_UNAVAILABLE;
		sched_stats_record(s->stats, st, &r);
	}
	db_conn_close(c);
	return NULL;
}

int scheduler_start(struct scheduler *s)
{
	if (pthread_create(&s->thread, NULL, scheduler_main, s) != 0) {
		log_event(LOG_ERROR, "scheduler", "cannot start the scheduler thread");
		return -1;
	}
	s->started = true;
	return 0;
}

void scheduler_stop(struct scheduler *s)
{
	if (!s || !s->started)
		return;
	pthread_mutex_lock(&s->lock);
	s->stopping = true;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	s->started = false;
}

void scheduler_free(struct scheduler *s)
{
	if (!s)
		return;
	scheduler_stop(s);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->wake);
	free(s);
}
