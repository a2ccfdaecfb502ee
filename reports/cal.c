#include "cal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "timeperiod.h"
#include "zone.h"

struct cal {
	struct zone *zone;
	struct tp_entry *v;
	size_t n, cap, nincl;
};

struct cal *cal_new(const char *tz, char *err, size_t errlen)
{
	struct zone *z = zone_open(tz, err, errlen);
	struct cal *c;

	if (z == NULL)
		return NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		zone_release(z);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	c->zone = z;
	return c;
}

void cal_release(struct cal *c)
{
	if (c == NULL)
		return;
	zone_release(c->zone);
	free(c->v);
	free(c);
}

int cal_is_24x7(const struct cal *c)
{
	return c->n == 0;
}

int cal_add(struct cal *c, const char *line, int include, char *err, size_t errlen)
{
	struct tp_entry e;

	if (tp_parse(line, include, &e, err, errlen) != 0)
		return -1;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 8;
		struct tp_entry *v = realloc(c->v, cap * sizeof(*v));

		if (v == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n++] = e;
	c->nincl += e.include;
	return 0;
}

/* The instant the wall clock of day d reads `minutes` after midnight (1440: the next one). */
static time_t day_minute(const struct cal *c, const struct tp_day *d, int minutes)
{
	struct tm tm = { 0 };

	tm.tm_year = d->y - 1900;
	tm.tm_mon = d->m - 1;
	tm.tm_mday = d->d;
	tm.tm_hour = minutes / 60;
	tm.tm_min = minutes % 60;
	return zone_mktime(c->zone, &tm);
}

/* Appends day d's time of the included (or excluded) entries to out. */
static int day_ranges(const struct cal *c, const struct tp_day *d, int include,
		      struct ival_list *out)
{
	unsigned char on[TP_DAY_MINUTES + 1];
	int best = -1, m = 0;

	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].include == include && (int)c->v[i].prec > best &&
		    tp_matches(&c->v[i], d))
			best = (int)c->v[i].prec;
	if (best < 0)
		return 0;
	memset(on, 0, sizeof(on));
	for (size_t i = 0; i < c->n; i++) {
		const struct tp_entry *e = &c->v[i];

		if (e->include != include || (int)e->prec != best || !tp_matches(e, d))
			continue;
		for (size_t k = 0; k < e->n; k++)
			memset(on + e->r[k].start, 1, (size_t)(e->r[k].end - e->r[k].start));
	}
	while (m < TP_DAY_MINUTES) {
		int s;

		for (; m < TP_DAY_MINUTES && !on[m]; m++)
			;
		for (s = m; m < TP_DAY_MINUTES && on[m]; m++)
			;
		if (s < m && ival_list_push(out, day_minute(c, d, s), day_minute(c, d, m)) != 0)
			return -1;
	}
	return 0;
}

static int cal_days(const struct cal *c, time_t t0, time_t t1, struct ival_list *incl,
		    struct ival_list *excl)
{
	long first = zone_day(c->zone, t0), last = zone_day(c->zone, t1 - 1);

	if (c->nincl == 0 && ival_list_push(incl, t0, t1) != 0)
		return -1;
	for (long dn = first; dn <= last; dn++) {
		struct tp_day d;

		tp_day_init(&d, dn);
		if ((c->nincl > 0 && day_ranges(c, &d, 1, incl) != 0) ||
		    day_ranges(c, &d, 0, excl) != 0)
			return -1;
	}
	return 0;
}

/*
 * Included minus excluded time, clipped to [t0, t1).  A calendar with exclusions only
 * excludes them from 24x7.
 */
int cal_intervals(const struct cal *c, time_t t0, time_t t1, struct ival_list *out,
		  char *err, size_t errlen)
{
	struct ival_list incl = IVAL_LIST_INIT, excl = IVAL_LIST_INIT, diff = IVAL_LIST_INIT;
	struct ival_list span = IVAL_LIST_INIT;
	int rc = -1;

	out->n = 0;
	if (date_check_times(t0, t1, err, errlen) != 0)
		return -1;
	if (t1 <= t0)
		return 0;
	if (zone_enter(c->zone, err, errlen) != 0)
		return -1;
	if (zone_day(c->zone, t1 - 1) - zone_day(c->zone, t0) > DATE_MAX_DAYS)
		snprintf(err, errlen, "period too long: more than %ld days", DATE_MAX_DAYS);
	else if (cal_days(c, t0, t1, &incl, &excl) != 0 ||
		 ival_list_subtract(&incl, &excl, &diff) != 0 ||
		 ival_list_push(&span, t0, t1) != 0 ||
		 ival_list_intersect(&diff, &span, out) != 0)
		snprintf(err, errlen, "cannot compute the calendar: %s", strerror(errno));
	else
		rc = 0;
	zone_leave(c->zone);
	ival_list_release(&incl);
	ival_list_release(&excl);
	ival_list_release(&diff);
	ival_list_release(&span);
	return rc;
}


int cal_format(time_t t, const char *tz, char *buf, size_t buflen)
{
	char err[64];
	struct zone *z = zone_open(tz, err, sizeof(err));
	int rc;

	if (z == NULL) {
		if (buflen > 0)
			buf[0] = '\0';
		return -1;
	}
	rc = zone_format(z, t, buf, buflen);
	zone_release(z);
	return rc;
}
