/*
 * scorecard_build — the scorecard of a config for a period: the report engine run for the
 * period and for the previous one (computed each time, never read from a cache), and for
 * the windows the chronic-breach clauses look back on; the measures file read; every
 * KPI's value and trace filled in and scored (scorecard.h).
 */
#ifndef SCORECARD_BUILD_H
#define SCORECARD_BUILD_H

#include <stddef.h>
#include <time.h>

#include "config.h"
#include "report.h"
#include "scorecard.h"

/*
 * The period before [t0, t1) in zone tz: as many whole calendar months before it when
 * it is whole months (a quarter, a year), as many local days when it is whole days (a
 * week), else the same number of seconds.  0, or -1 with a message.
 */
int sc_previous_period(const char *tz, time_t t0, time_t t1, time_t *p0, time_t *p1,
		       char *err, size_t errlen);

/*
 * Builds the card of c (c->scorecard not NULL) for [t0, t1) in zone tz, at now.  cur: the
 * report of exactly that period and config without filters, or NULL to build it here.
 * nthreads as report_build.  Fills card (sc_card_release()).  0, or -1 with a message
 * (the measures file unreadable or without a KPI's column, a report that cannot be
 * built); services that cannot be read are not failures (their KPIs have no value).
 */
int sc_build(struct sc_card *card, const struct config *c, const char *tz, time_t t0,
	     time_t t1, time_t now, const struct report *cur, int nthreads, char *err,
	     size_t errlen);

#endif
