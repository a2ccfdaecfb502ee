/*
 * series — one service's history as the engine sees it: plain arrays at a fixed step,
 * read from an archive by reader.c and consumed by the pure engine in sla.c.
 */
#ifndef SERIES_H
#define SERIES_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/*
 * Row i covers the half-open interval [start + i*step, start + (i+1)*step) (an RRD
 * value stamped T applies to the interval ending at T).  NAN is unknown.  Arrays other
 * than avail are NULL when the archive has no such data source.
 */
struct series {
	time_t start;
	long step;
	size_t n;
	double *avail;		/* 0..1: share of the known time the service was up */
	double *rtt;		/* seconds */
	double *warn;		/* 0..1: share of the known time in WARNING */
	double *downtime;	/* 0..1: share of the known time in scheduled downtime */
	double *cover;		/* share of the row that was monitored (0..1; sla.c clamps
				   it); NULL means a known avail covers the whole row, as it
				   does for per-step rows (reader.c says why) */
	long archive_step;	/* the archive's finest step; step > archive_step: coarse data */
	/*
	 * Every array points into one malloc'd block that the series owns.  Row i of an
	 * array is v[i * stride]: 1 for series_new() (the arrays lie one after the other);
	 * the archive's data-source count for series_wrap() (the reader hands librrd's
	 * row-major fetch buffer over instead of copying it).
	 */
	size_t stride;
	double *block;
	/*
	 * NULL, or for each row i the first row at or after i that is not plainly up (n when
	 * none), made by sla_index() for a series walked many times (a report's days): the
	 * engine then adds a run of plain rows at once instead of row by row.  Owned here.
	 */
	uint32_t *busy;
};

/* Value of row i of one of s's arrays (v must be non-NULL). */
static inline double series_get(const struct series *s, const double *v, size_t i)
{
	return v[i * s->stride];
}

/* Returns a new series of n rows, every value NAN; caller frees with series_release(). */
struct series *series_new(time_t start, long step, size_t n, int with_rtt, int with_warn,
			  int with_downtime, int with_cover);
/*
 * A series over a row-major block of n rows × nds values (malloc'd; the series owns it
 * from now on, also when NULL is returned).  col_* is the column of each array, -1 for
 * none; col_avail must be >= 0.  NULL when memory runs out or the arguments are wrong.
 */
struct series *series_wrap(time_t start, long step, size_t n, double *block, size_t nds,
			   long col_avail, long col_rtt, long col_warn, long col_downtime,
			   long col_cover);
void series_release(struct series *s);

#endif
