#include "date.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include "civil.h"

/* Instants the calendar math accepts: 1900-01-01 .. 9999-12-31 UTC. */
#define T_MIN        (-2208988800LL)
#define T_MAX        253402300799LL

int date_days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return dim[m - 1] + (m == 2 && leap);
}

/* 1970-01-01 was a Thursday. */
int date_weekday(long dn)
{
	return (int)(dn - civil_floor_div(dn + 4, 7) * 7 + 4);
}

long date_week_start(long dn)
{
	return dn - (date_weekday(dn) + 6) % 7;
}

long date_month_start(long dn, int add)
{
	int y, m, d;

	civil_date(dn, &y, &m, &d);
	m += add;
	y += civil_floor_div(m - 1, 12);
	m = (int)(m - 1 - civil_floor_div(m - 1, 12) * 12) + 1;
	return civil_days(y, m, 1);
}

int date_parse(const char *q, long *dn)
{
	int y, m, d;

	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? q[i] != '-' : !isdigit((unsigned char)q[i]))
			return -1;
	if (q[10] != '\0' && q[10] != ' ' && q[10] != '\t' && q[10] != '.')
		return -1;
	y = atoi(q);
	m = atoi(q + 5);
	d = atoi(q + 8);
	if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX || m < 1 || m > 12 || d < 1 ||
	    d > date_days_in_month(y, m))
		return -1;
	*dn = civil_days(y, m, d);
	return 0;
}

int date_check_times(time_t t0, time_t t1, char *err, size_t errlen)
{
	time_t bad = t0 < T_MIN || t0 > T_MAX ? t0 : t1;

	if (bad >= T_MIN && bad <= T_MAX)
		return 0;
	snprintf(err, errlen, "time %lld is out of range", (long long)bad);
	return -1;
}
