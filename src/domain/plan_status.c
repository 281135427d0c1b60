/* Aggregation of plan subjects. Teams' actuals and capacity are the sum of their members'; the organisation's targets
 * are the sum of its teams' (a metric no team targets is not targeted for the organisation). */
#include "salesctl/domain/plan_status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct plan_targets *targets_of(const struct plan_targets *t, size_t n, bool team, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].team == team && strcmp(t[i].subject_id, id) == 0)
			return &t[i];
	return NULL;
}

static void discipline_add(struct discipline *to, const struct discipline *d)
{
	to->reports_on_time += d->reports_on_time;
	to->reports_due += d->reports_due;
	to->tasks_on_time += d->tasks_on_time;
	to->tasks_due += d->tasks_due;
	to->tasks_returned += d->tasks_returned;
}

static void subject_targets(struct plan_subject *s, const struct plan_targets *t)
{
	if (!t)
		return;
	memcpy(s->has, t->has, sizeof(s->has));
	memcpy(s->target, t->target, sizeof(s->target));
}

int plan_status_set_build(struct plan_status_set *set, const struct plan_actuals *actuals, size_t nactuals,
			  const struct plan_targets *targets, size_t ntargets, const char *extra_team)
{
	memset(set, 0, sizeof(*set));
	set->managers = calloc(nactuals + 1, sizeof(*set->managers));
	set->teams = calloc(nactuals + 2, sizeof(*set->teams));
	if (!set->managers || !set->teams) {
		plan_status_set_free(set);
		return -1;
	}
	/* extra_team is a C string, not a 37-byte buffer: copying a fixed 37 bytes read past a shorter one. */
	if (extra_team)
		snprintf(set->teams[set->nteams++].id, sizeof(set->teams[0].id), "%s", extra_team);
	for (size_t i = 0; i < nactuals; i++) {
		struct plan_subject *m = &set->managers[set->nmanagers++];
		memcpy(m->id, actuals[i].id, sizeof(m->id));
		memcpy(m->team_id, actuals[i].team_id, sizeof(m->team_id));
		memcpy(m->actual, actuals[i].metric, sizeof(m->actual));
		m->workdays = actuals[i].workdays;
		m->elapsed = actuals[i].elapsed;
		m->discipline = actuals[i].discipline;
		discipline_add(&set->org.discipline, &m->discipline);
		subject_targets(m, targets_of(targets, ntargets, false, m->id));
		for (int k = 0; k < KPI__COUNT; k++)
			set->org.actual[k] += m->actual[k];
		set->org.workdays += m->workdays;
		set->org.elapsed += m->elapsed;
		if (!m->team_id[0])
			continue;
		struct plan_subject *team = NULL;
		for (size_t t = 0; t < set->nteams && !team; t++)
			if (strcmp(set->teams[t].id, m->team_id) == 0)
				team = &set->teams[t];
		if (!team) {
			team = &set->teams[set->nteams++];
			memcpy(team->id, m->team_id, sizeof(team->id));
		}
		for (int k = 0; k < KPI__COUNT; k++)
			team->actual[k] += m->actual[k];
		team->workdays += m->workdays;
		team->elapsed += m->elapsed;
		discipline_add(&team->discipline, &m->discipline);
	}
	for (size_t t = 0; t < set->nteams; t++)
		subject_targets(&set->teams[t], targets_of(targets, ntargets, true, set->teams[t].id));
	for (size_t i = 0; i < ntargets; i++)
		for (int k = 0; targets[i].team && k < KPI__COUNT; k++)
			if (targets[i].has[k]) {
				set->org.has[k] = true;
				set->org.target[k] += targets[i].target[k];
			}
	return 0;
}

void plan_status_set_free(struct plan_status_set *set)
{
	free(set->managers);
	free(set->teams);
	set->managers = set->teams = NULL;
	set->nmanagers = set->nteams = 0;
}

void plan_subject_metric(const struct plan_subject *s, enum kpi_metric m, bool group, int workdays, int elapsed,
			 double lag_threshold, struct metric_plan_status *out)
{
	if (group)
		kpi_plan_status_group(s->has[m], s->target[m], s->actual[m], s->workdays, s->elapsed, workdays, elapsed,
				      lag_threshold, out);
	else
		kpi_plan_status(s->has[m], s->target[m], s->actual[m], s->workdays, s->elapsed, lag_threshold, out);
}
