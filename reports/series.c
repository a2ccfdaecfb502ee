#include "series.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* Hands out the next n values of the block when want, else NULL. */
static double *take(double **next, size_t n, int want)
{
	double *v = *next;

	if (!want)
		return NULL;
	*next += n;
	return v;
}

/*
 * Returns a new series of n rows, every value NAN, archive_step = step (not coarse);
 * caller frees with series_release().  NULL when memory runs out or step <= 0.  The
 * arrays lie one after the other in one block, so stride is 1.
 */
struct series *series_new(time_t start, long step, size_t n, int with_rtt, int with_warn,
			  int with_downtime, int with_cover)
{
	size_t k = 1 + !!with_rtt + !!with_warn + !!with_downtime + !!with_cover, len;
	double *block, *next;
	struct series *s;

	if (step <= 0 || n > (SIZE_MAX / sizeof(*block) - 1) / k)
		return NULL;
	len = k * n;
	block = malloc((len ? len : 1) * sizeof(*block));
	s = calloc(1, sizeof(*s));
	if (block == NULL || s == NULL) {
		free(block);
		free(s);
		return NULL;
	}
	for (size_t i = 0; i < len; i++)
		block[i] = NAN;
	s->start = start;
	s->step = step;
	s->n = n;
	s->archive_step = step;
	s->stride = 1;
	s->block = next = block;
	s->avail = take(&next, n, 1);
	s->rtt = take(&next, n, with_rtt);
	s->warn = take(&next, n, with_warn);
	s->downtime = take(&next, n, with_downtime);
	s->cover = take(&next, n, with_cover);
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
	free(s->block);
	free(s->busy);
	free(s);
}
