/*
 * scorecard_measures — a KPI's value for one period, with where it came from: from a
 * finished report (report.h) for the engine's measures, or from the measures file
 * (scorecard_csv.h).  Every value carries its trace: the service, the report field and a
 * line that names the figure ("shop: availability 99.62 % (target 99.9 %)").
 */
#ifndef SCORECARD_MEASURES_H
#define SCORECARD_MEASURES_H

#include <stddef.h>
#include <time.h>

#include "report.h"
#include "scorecard.h"
#include "scorecard_csv.h"

/*
 * Sets v from r, the report of the period.  chronic: a report of the same config over
 * enough windows before `end` for every chronic_breach clause (used by SC_CHRONIC only;
 * its last windows ending at or before end are judged).  NAN with a trace saying why when
 * there is no value (no data, an archive that could not be read).
 */
void sc_measure_engine(const struct sc_kpi *k, const struct report *r,
		       const struct report *chronic, time_t end, struct sc_value *v);

/* Sets v from the row of t's period [t0, t1); NAN when there is none or the cell is empty. */
void sc_measure_csv(const struct sc_kpi *k, const struct sc_csv *t, time_t t0, time_t t1,
		    struct sc_value *v);

#endif
