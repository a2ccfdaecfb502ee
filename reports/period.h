/*
 * period — the span a report covers, named the way people ask for it ("last-month",
 * "2026-Q3", "2026-10-01..2026-11-01"), read in the SLA's time zone.
 */
#ifndef PERIOD_H
#define PERIOD_H

#include <stddef.h>
#include <time.h>

/*
 * A report period in tz, relative to now: "last-month", "this-month", "last-week",
 * "this-week", "yesterday", "today", "YYYY-MM", "YYYY-Qn", "YYYY", "YYYY-MM-DD",
 * "FROM..TO" with dates YYYY-MM-DD (TO exclusive), or epoch seconds "@T0..@T1".
 * Sets [*t0, *t1).  -1 with a message on anything else.
 */
int period_parse(const char *spec, time_t now, const char *tz, time_t *t0, time_t *t1,
		 char *err, size_t errlen);

#endif
