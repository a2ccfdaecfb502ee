/*
 * cal — service calendars (Nagios/Icinga timeperiod range syntax), compliance windows
 * and report periods, all in the SLA's own time zone and DST-correct.
 *
 * Time-zone math uses the C library's TZ machinery, which is process-global: call these
 * from one thread (sla-report computes every interval list before its workers start).
 */
#ifndef CAL_H
#define CAL_H

#include <stddef.h>
#include <time.h>

/* A half-open interval [start, end) in epoch seconds. */
struct cal_interval {
	time_t start, end;
};

/* A sorted list of disjoint, non-adjacent intervals.  CAL_LIST_INIT, cal_list_release(). */
struct cal_list {
	struct cal_interval *v;
	size_t n, cap;
};
#define CAL_LIST_INIT { NULL, 0, 0 }
void cal_list_release(struct cal_list *l);
/* Appends [start, end), merging with the last interval when they touch; input must be sorted. */
int cal_list_push(struct cal_list *l, time_t start, time_t end);
/* out = a ∩ b; out = a − b.  out must be a different list; it is overwritten. */
int cal_list_intersect(const struct cal_list *a, const struct cal_list *b, struct cal_list *out);
int cal_list_subtract(const struct cal_list *a, const struct cal_list *b, struct cal_list *out);
/* Total seconds in l. */
long long cal_list_seconds(const struct cal_list *l);

struct cal;

/*
 * Returns a new, empty calendar in time zone tz (an Olson name like "Europe/Berlin";
 * NULL or "" for UTC); caller frees with cal_release().  NULL with a message when tz is
 * not a known zone.
 */
struct cal *cal_new(const char *tz, char *err, size_t errlen);
void cal_release(struct cal *c);

/*
 * Adds one timeperiod line (what would follow the name in an Icinga/Nagios timeperiod):
 *   "monday 08:00-18:00"  "monday-friday 08:00-12:00,13:00-17:30"  "sunday 00:00-24:00"
 *   "2026-12-24 00:00-24:00"  "2026-12-24 - 2026-12-31 00:00-24:00"
 *   "december 25 00:00-24:00"  "day 1 00:00-24:00"  "day -1 00:00-24:00"
 *   "monday 1 00:00-24:00" (first Monday of each month)  "thursday -1 november 00:00-24:00"
 * include = 1 adds the time to the calendar, 0 adds it to the exclusions (holidays).
 * As in Nagios, a dated/day-of-month entry overrides the weekday entry of that day.
 * Returns 0, or -1 with a message saying what is wrong at which character.
 */
int cal_add(struct cal *c, const char *line, int include, char *err, size_t errlen);

/* 1 when nothing was added: the calendar is 24x7. */
int cal_is_24x7(const struct cal *c);

/* The calendar's in-scope time within [t0, t1): included ranges minus exclusions. */
int cal_intervals(const struct cal *c, time_t t0, time_t t1, struct cal_list *out,
		  char *err, size_t errlen);

/* Compliance windows. */
enum cal_window_kind { CAL_DAY, CAL_WEEK, CAL_MONTH, CAL_QUARTER, CAL_YEAR, CAL_ROLLING };

/* Parses "day", "week", "month", "quarter", "year" or "rolling 30d" / "rolling 30 days". */
int cal_window_parse(const char *s, enum cal_window_kind *kind, long *rolling_days,
		     char *err, size_t errlen);
/* The other way: "month", "rolling 30d", ... ("?" for a kind that does not exist). */
void cal_window_format(enum cal_window_kind kind, long rolling_days, char *buf, size_t len);

/*
 * The windows of a kind that lie within [t0, t1), in time zone tz, as a list of
 * intervals (calendar windows are clipped to [t0, t1) only if partial windows are
 * asked for; rolling windows of N days end at each local midnight).  Weeks start Monday.
 * A week containing a DST change is 167 or 169 hours long.  *whole (may be NULL): how
 * many windows lie wholly within [t0, t1), partial or not.
 */
int cal_windows(enum cal_window_kind kind, long rolling_days, const char *tz, time_t t0,
		time_t t1, int partial, struct cal_interval **out, size_t *n, size_t *whole,
		char *err, size_t errlen);

/*
 * A report period in tz, relative to now: "last-month", "this-month", "last-week",
 * "this-week", "yesterday", "today", "YYYY-MM", "YYYY-Qn", "YYYY", "YYYY-MM-DD",
 * "FROM..TO" with dates YYYY-MM-DD (TO exclusive), or epoch seconds "@T0..@T1".
 * Sets [*t0, *t1).  -1 with a message on anything else.
 */
int cal_period_parse(const char *spec, time_t now, const char *tz, time_t *t0, time_t *t1,
		     char *err, size_t errlen);

/* Formats t as local time in tz: "2026-10-25 02:30:00 CET" style (ISO date and time, zone). */
int cal_format(time_t t, const char *tz, char *buf, size_t buflen);

#endif
