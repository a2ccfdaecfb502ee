#include "series.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* Returns a new array of n NANs (at least one element, so n = 0 is not a failure); caller frees. */
static double *nan_array(size_t n)
{
	double *v;

	if (n > SIZE_MAX / sizeof(*v) - 1)
		return NULL;
	v = malloc((n ? n : 1) * sizeof(*v));
	for (size_t i = 0; v != NULL && i < n; i++)
		v[i] = NAN;
	return v;
}

/*
 * Returns a new series of n rows, every value NAN, archive_step = step (not coarse);
 * caller frees with series_release().  NULL when memory runs out or step <= 0.
 */
struct series *series_new(time_t start, long step, size_t n, int with_rtt, int with_warn,
			  int with_downtime, int with_cover)
{
	struct series *s;
	const struct {
		int want;
		size_t off;
	} arrays[] = {
		{ 1, offsetof(struct series, avail) },
		{ with_rtt, offsetof(struct series, rtt) },
		{ with_warn, offsetof(struct series, warn) },
		{ with_downtime, offsetof(struct series, downtime) },
		{ with_cover, offsetof(struct series, cover) },
	};

	if (step <= 0 || (s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->start = start;
	s->step = step;
	s->n = n;
	s->archive_step = step;
	s->stride = 1;
	for (size_t i = 0; i < sizeof(arrays) / sizeof(arrays[0]); i++) {
		double **slot = (double **)((char *)s + arrays[i].off);

		if (arrays[i].want && (*slot = nan_array(n)) == NULL) {
			series_release(s);
			return NULL;
		}
	}
	return s;
}

static double *column(double *block, size_t nds, long col)
{
	return col >= 0 && (size_t)col < nds ? block + col : NULL;
}

struct series *series_wrap(time_t start, long step, size_t n, double *block, size_t nds,
			   long col_avail, long col_rtt, long col_warn, long col_downtime,
			   long col_cover)
{
	struct series *s;

	if (block == NULL || step <= 0 || nds == 0 || col_avail < 0 || (size_t)col_avail >= nds ||
	    (s = calloc(1, sizeof(*s))) == NULL) {
		free(block);
		return NULL;
	}
	s->start = start;
	s->step = step;
	s->n = n;
	s->archive_step = step;
	s->stride = nds;
	s->block = block;
	s->avail = column(block, nds, col_avail);
	s->rtt = column(block, nds, col_rtt);
	s->warn = column(block, nds, col_warn);
	s->downtime = column(block, nds, col_downtime);
	s->cover = column(block, nds, col_cover);
	return s;
}

void series_release(struct series *s)
{
	if (s == NULL)
		return;
	if (s->block != NULL) {
		free(s->block);
		free(s);
		return;
	}
	free(s->avail);
	free(s->rtt);
	free(s->warn);
	free(s->downtime);
	free(s->cover);
	free(s);
}
