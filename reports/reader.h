/*
 * reader — one service's archive read into a struct series for the engine, and a small
 * worker pool so several archives are read (and evaluated) in parallel on the cores.
 *
 * The archive layout is common/archive.h.  Reading is thread-safe (rrd_fetch_r, no time
 * zones); nothing here calls setenv/tzset.
 */
#ifndef READER_H
#define READER_H

#include <stddef.h>
#include <time.h>

#include "series.h"

enum reader_status {
	READER_OK,
	READER_MISSING,		/* no such file */
	READER_UNREADABLE,	/* permission, I/O error */
	READER_CORRUPT,		/* not an RRD, truncated, or librrd refused it */
	READER_FOREIGN,		/* an RRD, but without the data sources nines writes (no "avail") */
	READER_NO_DATA,		/* no RRA reaches into [t0, t1) at all */
};
const char *reader_status_name(enum reader_status s);

/*
 * Reads [t0, t1) of the archive at path.  Prefetches the window's rows (posix_fadvise
 * WILLNEED: librrd maps files for random access, and a whole-file hint reads only its start),
 * uses the finest RRA that covers t0 (per-check rows); when the fine rows do not reach
 * back that far, a coarser AVERAGE RRA is used for the whole window and (*out)->step >
 * (*out)->archive_step says so.  The returned series is aligned to its step and covers at
 * least [t0, t1); rows outside the archive's data are NAN.  rrdcached (NULL: none) is
 * asked to FLUSH the file first.
 * Returns READER_OK with a new series (series_release), or another status with a message
 * naming the file and what is wrong.
 */
enum reader_status reader_read(const char *path, time_t t0, time_t t1, const char *rrdcached,
			       struct series **out, char *err, size_t errlen);

/*
 * A hung rrdcached must not hold a report for a FLUSH timeout per service: all FLUSHes of a
 * report share one deadline, READER_FLUSH_TOTAL seconds after the first.  Once it has
 * passed, the archives left are not flushed but are errors (READER_UNREADABLE).
 */
#define READER_FLUSH_TOTAL 10.0

/*
 * reader_read with the FLUSH bounded by flush_deadline, on mono_now()'s clock (common/mono.h)
 * (reader_read: READER_FLUSH_TOTAL from now).
 */
enum reader_status reader_read_until(const char *path, time_t t0, time_t t1,
				     const char *rrdcached, double flush_deadline,
				     struct series **out, char *err, size_t errlen);

/*
 * Runs fn(ctx, i) for every i in [0, n) on nthreads threads (0: the number of online
 * cores, at most n).  Items are handed out in order; each fn call is independent.
 * Returns 0, or -1 when some threads could not be started (then fewer threads, at
 * least the calling one, ran every item exactly once).
 */
int reader_pool_run(size_t n, int nthreads, void (*fn)(void *ctx, size_t i), void *ctx);

#endif
