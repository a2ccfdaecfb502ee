#include "period.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "date.h"
#include "num.h"
#include "zone.h"

/* A named period as days [from, to) or, with to_now, [from, now). */
enum named { N_LAST_MONTH, N_THIS_MONTH, N_LAST_WEEK, N_THIS_WEEK, N_YESTERDAY, N_TODAY };
static const char *const named_periods[] = {
	"last-month", "this-month", "last-week", "this-week", "yesterday", "today",
};

static void named_days(enum named which, long today, long *from, long *to, int *to_now)
{
	*to_now = which == N_THIS_MONTH || which == N_THIS_WEEK || which == N_TODAY;
	switch (which) {
	case N_LAST_MONTH:
		*from = date_month_start(today, -1);
		*to = date_month_start(today, 0);
		break;
	case N_THIS_MONTH:
		*from = date_month_start(today, 0);
		break;
	case N_LAST_WEEK:
		*from = date_week_start(today) - 7;
		*to = date_week_start(today);
		break;
	case N_THIS_WEEK:
		*from = date_week_start(today);
		break;
	case N_YESTERDAY:
		*from = today - 1;
		*to = today;
		break;
	case N_TODAY:
		*from = today;
		break;
	}
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* "YYYY", "YYYY-MM", "YYYY-Qn" or "YYYY-MM-DD" as days [from, to). */
static int calendar_days(const char *s, long *from, long *to)
{
	size_t n = strlen(s);
	int y = atoi(s), m;

	if (n < 4 || !all_digits(s, 4) || y < DATE_YEAR_MIN || y >= DATE_YEAR_MAX)
		return -1;
	if (n == 4) {
		*from = civil_days(y, 1, 1);
		*to = civil_days(y + 1, 1, 1);
		return 0;
	}
	if (n == 10 && date_parse(s, from) == 0) {
		*to = *from + 1;
		return 0;
	}
	if (n != 7 || s[4] != '-')
		return -1;
	if ((s[5] == 'Q' || s[5] == 'q') && s[6] >= '1' && s[6] <= '4') {
		*from = civil_days(y, (s[6] - '1') * 3 + 1, 1);
		*to = date_month_start(*from, 3);
		return 0;
	}
	m = atoi(s + 5);
	if (!all_digits(s + 5, 2) || m < 1 || m > 12)
		return -1;
	*from = civil_days(y, m, 1);
	*to = date_month_start(*from, 1);
	return 0;
}

static int parse_epoch(const char *s, size_t n, time_t *t)
{
	char buf[24];
	long v;
	char junk[8];

	if (n < 2 || n >= sizeof(buf) || s[0] != '@')
		return -1;
	memcpy(buf, s + 1, n - 1);
	buf[n - 1] = '\0';
	if (num_long(buf, 0, 253402300799L, &v, junk, sizeof(junk)) != 0)
		return -1;
	*t = (time_t)v;
	return 0;
}

/* "FROM..TO" with dates or with "@epoch" seconds; dates become local midnights. */
static int parse_span(const struct zone *z, const char *spec, const char *dots, time_t *t0,
		      time_t *t1)
{
	const char *to = dots + 2;
	long d0, d1;

	if (*spec == '@')
		return parse_epoch(spec, (size_t)(dots - spec), t0) != 0 ||
		       parse_epoch(to, strlen(to), t1) != 0 ? -1 : 0;
	if (dots - spec != 10 || strlen(to) != 10 || date_parse(spec, &d0) != 0 ||
	    date_parse(to, &d1) != 0)
		return -1;
	*t0 = zone_midnight(z, d0);
	*t1 = zone_midnight(z, d1);
	return 0;
}

/*
 * "this-month", "this-week" and "today" run from their start to now; every other
 * period is whole.
 */
int period_parse(const char *spec, time_t now, const char *tz, time_t *t0, time_t *t1,
		 char *err, size_t errlen)
{
	const char *dots = strstr(spec, "..");
	struct zone *z;
	long from = 0, to = 0;
	int to_now = 0, rc = -1, named = -1;
	time_t a = 0, b = 0;

	if (date_check_times(now, now, err, errlen) != 0 ||
	    (z = zone_open(tz, err, errlen)) == NULL)
		return -1;
	if (zone_enter(z, err, errlen) != 0) {
		zone_release(z);
		return -1;
	}
	for (size_t i = 0; i < sizeof(named_periods) / sizeof(named_periods[0]); i++)
		if (strcmp(spec, named_periods[i]) == 0)
			named = (int)i;
	if (named >= 0) {
		named_days((enum named)named, zone_day(z, now), &from, &to, &to_now);
		rc = 0;
	} else if (dots != NULL) {
		rc = parse_span(z, spec, dots, &a, &b);
	} else {
		rc = calendar_days(spec, &from, &to);
	}
	if (rc == 0 && dots == NULL) {
		a = zone_midnight(z, from);
		b = to_now ? now : zone_midnight(z, to);
	}
	zone_leave(z);
	zone_release(z);
	if (rc != 0) {
		snprintf(err, errlen, "bad period '%s': expected last-month, this-month, last-week, "
			 "this-week, yesterday, today, YYYY, YYYY-MM, YYYY-Qn, YYYY-MM-DD, "
			 "FROM..TO or @T0..@T1", spec);
		return -1;
	}
	if (dots != NULL && b <= a) {
		snprintf(err, errlen, "bad period '%s': the end is not after the start", spec);
		return -1;
	}
	*t0 = a;
	*t1 = b;
	return 0;
}
