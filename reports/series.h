/*
 * series — one service's history as the engine sees it: plain arrays at a fixed step,
 * read from an archive by reader.c and consumed by the pure engine in sla.c.
 */
#ifndef SERIES_H
#define SERIES_H

#include <stddef.h>
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
	double *cover;		/* 0..1 after clamping: share of the row covered by checks;
				   NULL means a known avail covers the whole row */
	long archive_step;	/* the archive's finest step; step > archive_step: coarse data */
};

/* Returns a new series of n rows, every value NAN; caller frees with series_release(). */
struct series *series_new(time_t start, long step, size_t n, int with_rtt, int with_warn,
			  int with_downtime, int with_cover);
void series_release(struct series *s);

#endif
