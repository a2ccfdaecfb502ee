/*
 * Compliance windows of a calendar: day, week, month, quarter, year or rolling N days,
 * in the SLA's time zone.  The names keep the calendar's cal_ prefix (cal_window_*):
 * a window is a unit of the calendar, and configs and reports say it that way.
 */
#ifndef WINDOW_H
#define WINDOW_H

#include <stddef.h>
#include <time.h>

#include "interval.h"

enum cal_window_kind { CAL_DAY, CAL_WEEK, CAL_MONTH, CAL_QUARTER, CAL_YEAR, CAL_ROLLING };

/* Parses "day", "week", "month", "quarter", "year" or "rolling 30d" / "rolling 30 days". */
int cal_window_parse(const char *s, enum cal_window_kind *kind, long *rolling_days,
		     char *err, size_t errlen);
/* The other way: "month", "rolling 30d", ... ("?" for a kind that does not exist). */
void cal_window_format(enum cal_window_kind kind, long rolling_days, char *buf, size_t len);

/* The longest a window of a kind can be, in days (N whole windows fit in N times this). */
long cal_window_max_days(enum cal_window_kind kind, long rolling_days);

/*
 * The windows of a kind that lie within [t0, t1), in time zone tz, as a list of
 * intervals (calendar windows are clipped to [t0, t1) only if partial windows are
 * asked for; rolling windows of N days end at each local midnight).  Weeks start Monday.
 * A week containing a DST change is 167 or 169 hours long.  *whole (may be NULL): how
 * many windows lie wholly within [t0, t1), partial or not.
 */
int cal_windows(enum cal_window_kind kind, long rolling_days, const char *tz, time_t t0,
		time_t t1, int partial, struct ival **out, size_t *n, size_t *whole,
		char *err, size_t errlen);

#endif
