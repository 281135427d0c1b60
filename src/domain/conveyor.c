/* The sales conveyor's stages, medians and weakest stage (see the header). */
#include "salesctl/domain/conveyor.h"

#include <stdlib.h>
#include <string.h>

static const char *const stage_names[STAGE__COUNT] = {"scout", "hunter", "farmer"};

int conveyor_stage_parse(const char *sales_role)
{
	for (int i = 0; sales_role && i < STAGE__COUNT; i++)
		if (strcmp(sales_role, stage_names[i]) == 0)
			return i;
	return -1;
}

const char *conveyor_stage_name(enum conveyor_stage s)
{
	return stage_names[s];
}

static int double_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

struct maybe conveyor_median(const struct maybe *v, size_t n)
{
	double *xs = malloc((n ? n : 1) * sizeof(double));
	size_t k = 0;
	for (size_t i = 0; xs && i < n; i++)
		if (!v[i].null)
			xs[k++] = v[i].value;
	struct maybe m = {.null = true};
	if (k) {
		qsort(xs, k, sizeof(double), double_cmp);
		m.null = false;
		m.value = k % 2 ? xs[k / 2] : (xs[k / 2 - 1] + xs[k / 2]) / 2;
	}
	free(xs);
	return m;
}

int conveyor_evaluate(struct conveyor_member *members, size_t n, struct conveyor_stage_result out[STAGE__COUNT])
{
	struct maybe *values = malloc((n ? n : 1) * sizeof(*values));
	struct maybe *attainments = malloc((n ? n : 1) * sizeof(*attainments));
	int weakest = -1;
	for (int s = 0; s < STAGE__COUNT; s++) {
		size_t k = 0;
		for (size_t i = 0; values && attainments && i < n; i++)
			if (members[i].stage == (enum conveyor_stage)s) {
				values[k] = members[i].value;
				attainments[k++] = members[i].attainment;
			}
		out[s].members = (int)k;
		out[s].understaffed = k < 2;
		out[s].median = conveyor_median(values, k);
		out[s].median_attainment = conveyor_median(attainments, k);
		for (size_t i = 0; i < n; i++)
			if (members[i].stage == (enum conveyor_stage)s)
				members[i].to_median = out[s].median.null || members[i].value.null || out[s].median.value == 0
							       ? (struct maybe){.null = true}
							       : kpi_ratio(members[i].value.value, out[s].median.value);
		if (!out[s].median_attainment.null &&
		    (weakest < 0 || out[s].median_attainment.value < out[weakest].median_attainment.value))
			weakest = s;
	}
	free(values);
	free(attainments);
	return weakest;
}
