/*
 * tp — one line of a Nagios/Icinga timeperiod (what follows the name in a timeperiod
 * definition), parsed into an entry that says on which days it applies and which minutes
 * of those days it covers.  The calendar (cal.h) puts entries together.
 */
#ifndef TIMEPERIOD_H
#define TIMEPERIOD_H

#include <stddef.h>

#define TP_MAX_RANGES  32	/* time ranges on one line */
#define TP_DAY_MINUTES 1440

/* Nagios precedence, lowest first: a matching entry of a higher kind hides the lower ones. */
enum tp_prec {
	TP_WEEKDAY, TP_NTH_WEEKDAY, TP_NTH_WEEKDAY_MONTH, TP_DAY, TP_MONTH_DAY, TP_DATE, TP_COUNT
};

struct tp_entry {
	int include;
	enum tp_prec prec;
	int wd0, wd1;			/* weekdays wd0..wd1 (wrapping), 0 = Sunday */
	int nth;			/* the nth weekday of the month, negative from its end */
	int month;			/* 1..12, or 0 for every month */
	int mday;			/* day of month, negative from its end */
	long d0, d1;			/* dates, inclusive day numbers */
	size_t n;
	struct { int start, end; } r[TP_MAX_RANGES];	/* minutes after local midnight */
};

/*
 * Parses one line:
 *   "monday 08:00-18:00"  "monday-friday 08:00-12:00,13:00-17:30"  "sunday 00:00-24:00"
 *   "2026-12-24 00:00-24:00"  "2026-12-24 - 2026-12-31 00:00-24:00"
 *   "december 25 00:00-24:00"  "day 1 00:00-24:00"  "day -1 00:00-24:00"
 *   "monday 1 00:00-24:00" (first Monday of each month)  "thursday -1 november 00:00-24:00"
 * into *e, marked include (1) or exclude (0).  0, or -1 with a message saying what is
 * wrong at which character.
 */
int tp_parse(const char *line, int include, struct tp_entry *e, char *err, size_t errlen);

/* A day as the entries look at it. */
struct tp_day {
	long dn;			/* day number, see civil.h */
	int y, m, d, wd, dim;		/* date, weekday (0 = Sunday), days in its month */
};
void tp_day_init(struct tp_day *d, long dn);

/* 1 when entry e applies on day d. */
int tp_matches(const struct tp_entry *e, const struct tp_day *d);

#endif
