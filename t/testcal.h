/* tcal — calendars for tests: built from lines, read back with their invariants checked. */
#ifndef TESTCAL_H
#define TESTCAL_H

#include <time.h>

#include "cal.h"

#define TCAL_MAXLINES 4

/*
 * Builds a calendar in tz from include and exclude lines (each NULL-terminated, at most
 * TCAL_MAXLINES, or NULL for none), failing the test on errors; caller frees with
 * cal_release().
 */
struct cal *tcal_new(const char *tz, const char *const *incl, const char *const *excl);

/*
 * cal_intervals(c, t0, t1, out), failing the test on an error or on a list that is not
 * sorted, disjoint and non-adjacent within [t0, t1).  Returns its total seconds.
 */
long long tcal_seconds(struct cal *c, time_t t0, time_t t1, struct ival_list *out);

#endif
