#include "window.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "civil.h"
#include "date.h"
#include "num.h"
#include "zone.h"

#define MAX_ROLLING 3660L

static const struct {
	const char *name;
	enum cal_window_kind kind;
} window_names[] = {
	{ "day", CAL_DAY }, { "week", CAL_WEEK }, { "month", CAL_MONTH },
	{ "quarter", CAL_QUARTER }, { "year", CAL_YEAR },
};

void cal_window_format(enum cal_window_kind kind, long rolling_days, char *buf, size_t len)
{
	if (kind == CAL_ROLLING) {
		snprintf(buf, len, "rolling %ldd", rolling_days);
		return;
	}
	for (size_t i = 0; i < sizeof(window_names) / sizeof(window_names[0]); i++)
		if (window_names[i].kind == kind) {
			snprintf(buf, len, "%s", window_names[i].name);
			return;
		}
	snprintf(buf, len, "?");
}

int cal_window_parse(const char *s, enum cal_window_kind *kind, long *rolling_days,
		     char *err, size_t errlen)
{
	char num[16];
	const char *q, *unit;
	size_t n;

	for (size_t i = 0; i < sizeof(window_names) / sizeof(window_names[0]); i++)
		if (strcasecmp(s, window_names[i].name) == 0) {
			*kind = window_names[i].kind;
			if (rolling_days != NULL)
				*rolling_days = 0;
			return 0;
		}
	if (strncasecmp(s, "rolling ", 8) == 0) {
		q = s + 8 + strspn(s + 8, " \t");
		n = strspn(q, "0123456789");
		unit = q + n + strspn(q + n, " \t");
		if (n > 0 && n < sizeof(num) && (strcasecmp(unit, "d") == 0 ||
		    strcasecmp(unit, "days") == 0 || strcasecmp(unit, "day") == 0)) {
			long days;

			memcpy(num, q, n);
			num[n] = '\0';
			if (num_long(num, 1, MAX_ROLLING, &days, err, errlen) != 0) {
				snprintf(err, errlen, "bad window '%s': rolling days must be 1..%ld",
					 s, MAX_ROLLING);
				return -1;
			}
			*kind = CAL_ROLLING;
			if (rolling_days != NULL)
				*rolling_days = days;
			return 0;
		}
	}
	snprintf(err, errlen, "bad window '%s': expected day, week, month, quarter, year "
		 "or 'rolling N days'", s);
	return -1;
}

/* First day of the window of kind containing day dn, and of the one after it. */
static void window_days(enum cal_window_kind kind, long dn, long *start, long *next)
{
	int y, m, d;

	switch (kind) {
	case CAL_WEEK:
		*start = date_week_start(dn);
		*next = *start + 7;
		return;
	case CAL_MONTH:
		*start = date_month_start(dn, 0);
		*next = date_month_start(dn, 1);
		return;
	case CAL_QUARTER:
		civil_date(dn, &y, &m, &d);
		*start = civil_days(y, (m - 1) / 3 * 3 + 1, 1);
		*next = date_month_start(*start, 3);
		return;
	case CAL_YEAR:
		civil_date(dn, &y, &m, &d);
		*start = civil_days(y, 1, 1);
		*next = civil_days(y + 1, 1, 1);
		return;
	case CAL_DAY:
	case CAL_ROLLING:
		break;
	}
	*start = dn;
	*next = dn + 1;
}

/* Windows touch end to start: appended as they are, never merged like ival_list_push(). */
static int window_add(struct ival_list *w, time_t s, time_t e)
{
	return s < e ? ival_list_append(w, s, e) : 0;
}

static int calendar_windows(const struct zone *z, enum cal_window_kind kind, time_t t0,
			    time_t t1, int partial, struct ival_list *b, size_t *whole)
{
	long s, next;
	time_t ws, we;

	window_days(kind, zone_day(z, t0), &s, &next);
	for (ws = zone_midnight(z, s); ws < t1; s = next, ws = we) {
		int is_whole;

		window_days(kind, s, &s, &next);
		we = zone_midnight(z, next);
		is_whole = ws >= t0 && we <= t1;
		*whole += is_whole;
		if ((partial || is_whole) && window_add(b, ws > t0 ? ws : t0, we < t1 ? we : t1) != 0)
			return -1;
	}
	return 0;
}

/*
 * Rolling windows end at each local midnight in (t0, t1]; with partial, those that
 * would start before t0 are kept, clipped to t0.
 */
static int rolling_windows(const struct zone *z, long days, time_t t0, time_t t1, int partial,
			   struct ival_list *b, size_t *whole)
{
	for (long dn = zone_day(z, t0) + 1;; dn++) {
		time_t we = zone_midnight(z, dn), ws;

		if (we > t1)
			return 0;
		ws = zone_midnight(z, dn - days);
		*whole += ws >= t0;
		if (ws >= t0 || partial)
			if (window_add(b, ws > t0 ? ws : t0, we) != 0)
				return -1;
	}
}

/* *out is a new array of *n windows; caller frees it with free(). */
int cal_windows(enum cal_window_kind kind, long rolling_days, const char *tz, time_t t0,
		time_t t1, int partial, struct ival **out, size_t *n, size_t *whole,
		char *err, size_t errlen)
{
	struct ival_list b = IVAL_LIST_INIT;
	struct zone *z;
	size_t whole_n = 0;
	int rc = -1;

	*out = NULL;
	*n = 0;
	if (whole != NULL)
		*whole = 0;
	if (kind == CAL_ROLLING && (rolling_days < 1 || rolling_days > MAX_ROLLING)) {
		snprintf(err, errlen, "bad rolling window of %ld days: must be 1..%ld",
			 rolling_days, MAX_ROLLING);
		return -1;
	}
	if (date_check_times(t0, t1, err, errlen) != 0)
		return -1;
	if (t1 <= t0)
		return 0;
	if ((z = zone_open(tz, err, errlen)) == NULL)
		return -1;
	if (zone_enter(z, err, errlen) != 0) {
		zone_release(z);
		return -1;
	}
	if (zone_day(z, t1 - 1) - zone_day(z, t0) > DATE_MAX_DAYS)
		snprintf(err, errlen, "period too long: more than %ld days", DATE_MAX_DAYS);
	else if ((kind == CAL_ROLLING ? rolling_windows(z, rolling_days, t0, t1, partial, &b, &whole_n)
				      : calendar_windows(z, kind, t0, t1, partial, &b, &whole_n)) != 0)
		snprintf(err, errlen, "out of memory");
	else
		rc = 0;
	zone_leave(z);
	zone_release(z);
	if (rc != 0) {
		free(b.v);
		return -1;
	}
	*out = b.v;
	*n = b.n;
	if (whole != NULL)
		*whole = whole_n;
	return 0;
}

long cal_window_max_days(enum cal_window_kind kind, long rolling_days)
{
	static const long days[] = { [CAL_DAY] = 1, [CAL_WEEK] = 7, [CAL_MONTH] = 31,
				     [CAL_QUARTER] = 92, [CAL_YEAR] = 366 };

	return kind == CAL_ROLLING ? rolling_days : days[kind];
}
