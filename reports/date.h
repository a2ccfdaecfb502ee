/*
 * date — the calendar arithmetic that timeperiods, windows and report periods share, on
 * day numbers (days since 1970-01-01, as in civil.h): weekdays, month lengths, the start
 * of a week or month, dates written YYYY-MM-DD, and the range of instants accepted.
 */
#ifndef DATE_H
#define DATE_H

#include <stddef.h>
#include <time.h>

#define DATE_YEAR_MIN  1970
#define DATE_YEAR_MAX  9999
#define DATE_DAY_SECS  86400LL
/* The longest span, in days, that calendars and windows walk day by day. */
#define DATE_MAX_DAYS  (200L * 366)

/* Days in month m (1-12) of year y. */
int date_days_in_month(int y, int m);

/* The weekday of day number dn: 0 = Sunday. */
int date_weekday(long dn);

/* The Monday on or before day dn. */
long date_week_start(long dn);

/* The first day of the month add months after the one containing day dn (add may be < 0). */
long date_month_start(long dn, int add);

/*
 * "YYYY-MM-DD" at q, followed by the end, white space or '.' (as in "FROM..TO"), with a
 * year in DATE_YEAR_MIN..DATE_YEAR_MAX.  0 and the day number, or -1.
 */
int date_parse(const char *q, long *dn);

/* 0 when t0 and t1 lie in 1900-01-01 .. 9999-12-31 UTC, else -1 with a message. */
int date_check_times(time_t t0, time_t t1, char *err, size_t errlen);

#endif
