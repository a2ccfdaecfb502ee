/* trd — reading archives back in tests, with librrd itself. */
#ifndef TESTRRD_H
#define TESTRRD_H

#include <stddef.h>
#include <time.h>

/* The AVERAGE value of ds in the per-check (60-s) row ending at t; fails the test if absent. */
double trd_fetched(const char *path, time_t t, const char *ds);

/*
 * Creates path with the plugins' data sources at a 60-s step but only 100 per-check rows
 * (a few KB, not the 34 MB of the full layout; the plugins do not look at the RRAs of a
 * file that exists).  It starts 110 s back: the row that ends at or before a sample
 * written within 10 s is then known (librrd leaves a row unknown when most of it lies
 * before the file's start).
 */
void trd_create(const char *path);

/* The end of the 60-s row the last sample went to: the last update, rounded down. */
time_t trd_last_row(const char *path);

/* What the service did in a stretch of a history written by trd_history(). */
enum trd_kind { TRD_UP, TRD_DOWN, TRD_MAINT, TRD_GAP };

/* Samples stamped t with from < t <= to have kind (GAP: no samples at all). */
struct trd_event {
	enum trd_kind kind;
	time_t from, to;
};

/*
 * Creates path in the plugins' layout (archive_layout(step)) with one sample every step
 * for start < t <= end, up unless an event of ev[0..nev) says otherwise, written the way
 * the plugins write them (avail, rtt 10 ms when up, warn, downtime, cover = step).
 */
void trd_history(const char *path, long step, time_t start, time_t end,
		 const struct trd_event *ev, size_t nev);

/* got equals want within 1e-9, or both are NaN. */
void trd_assert_value(double got, double want);

#endif
