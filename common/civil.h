/*
 * civil — proleptic Gregorian dates as day numbers (days since 1970-01-01), by arithmetic
 * alone: no time zone is read, unlike timegm(3), whose first call loads /etc/localtime.
 */
#ifndef CIVIL_H
#define CIVIL_H

/* a / b rounded towards minus infinity (b > 0). */
long civil_floor_div(long long a, long long b);

/* The day number of year y, month m (1-12), day d (1-31). */
long civil_days(int y, int m, int d);

/* The date of day number days. */
void civil_date(long days, int *y, int *m, int *d);

#endif
