#include "cal.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "civil.h"
#include "num.h"

#define ZONEINFO     "/usr/share/zoneinfo"
#define TZ_MAXLEN    200
#define DAY_SECS     86400LL
#define DAY_MINUTES  1440
#define MAX_RANGES   32		/* time ranges on one line */
#define MAX_DAYS     (200L * 366)	/* longest span cal_intervals and cal_windows walk */
#define MAX_ROLLING  3660L
#define YEAR_MIN     1970
#define YEAR_MAX     9999
/* Instants the calendar math accepts: 1900-01-01 .. 9999-12-31 UTC. */
#define T_MIN        (-2208988800LL)
#define T_MAX        253402300799LL

/* ---- interval lists ---- */

void cal_list_release(struct cal_list *l)
{
	if (l == NULL)
		return;
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* Appends [start, end) as an interval of its own. */
static int list_append(struct cal_list *l, time_t start, time_t end)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct cal_interval *v = realloc(l->v, cap * sizeof(*v));

		if (v == NULL)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].start = start;
	l->v[l->n].end = end;
	l->n++;
	return 0;
}

int cal_list_push(struct cal_list *l, time_t start, time_t end)
{
	struct cal_interval *last = l->n > 0 ? &l->v[l->n - 1] : NULL;

	if (end <= start)
		return 0;
	if (last != NULL && start < last->start) {
		errno = EINVAL;
		return -1;
	}
	if (last != NULL && start <= last->end) {
		if (end > last->end)
			last->end = end;
		return 0;
	}
	return list_append(l, start, end);
}

int cal_list_intersect(const struct cal_list *a, const struct cal_list *b, struct cal_list *out)
{
	size_t i = 0, j = 0;

	out->n = 0;
	while (i < a->n && j < b->n) {
		time_t s = a->v[i].start > b->v[j].start ? a->v[i].start : b->v[j].start;
		time_t e = a->v[i].end < b->v[j].end ? a->v[i].end : b->v[j].end;

		if (s < e && cal_list_push(out, s, e) != 0)
			return -1;
		if (a->v[i].end < b->v[j].end)
			i++;
		else
			j++;
	}
	return 0;
}

int cal_list_subtract(const struct cal_list *a, const struct cal_list *b, struct cal_list *out)
{
	size_t j = 0;

	out->n = 0;
	for (size_t i = 0; i < a->n; i++) {
		time_t s = a->v[i].start, e = a->v[i].end;

		while (j < b->n && b->v[j].end <= s)
			j++;
		for (size_t k = j; k < b->n && b->v[k].start < e; k++) {
			if (b->v[k].start > s && cal_list_push(out, s, b->v[k].start) != 0)
				return -1;
			if (b->v[k].end > s)
				s = b->v[k].end;
		}
		if (s < e && cal_list_push(out, s, e) != 0)
			return -1;
	}
	return 0;
}

long long cal_list_seconds(const struct cal_list *l)
{
	long long sum = 0;

	for (size_t i = 0; i < l->n; i++)
		sum += (long long)(l->v[i].end - l->v[i].start);
	return sum;
}

/* ---- civil dates: day numbers count days since 1970-01-01 ---- */

static int days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return dim[m - 1] + (m == 2 && leap);
}

/* 0 = Sunday; 1970-01-01 was a Thursday. */
static int weekday(long dn)
{
	return (int)(dn - civil_floor_div(dn + 4, 7) * 7 + 4);
}

static int time_check(time_t t0, time_t t1, char *err, size_t errlen)
{
	time_t bad = t0 < T_MIN || t0 > T_MAX ? t0 : t1;

	if (bad >= T_MIN && bad <= T_MAX)
		return 0;
	snprintf(err, errlen, "time %lld is out of range", (long long)bad);
	return -1;
}

/* ---- the time zone: set for the length of one call, then put back ---- */

struct tz_saved {
	char *old;
	int was_set;
};

static int tz_is_utc(const char *tz)
{
	return tz == NULL || *tz == '\0' || strcmp(tz, "UTC") == 0;
}

/* A zone is a TZif file under ZONEINFO; glibc would silently use UTC for anything else. */
static int tz_check(const char *tz, char *err, size_t errlen)
{
	static char known[TZ_MAXLEN + 1];	/* the last zone found good: cal_format runs often */
	char path[sizeof(ZONEINFO) + TZ_MAXLEN + 1], magic[4];
	FILE *f;
	int ok = 0;

	if (tz_is_utc(tz) || strcmp(tz, known) == 0)
		return 0;
	if (strlen(tz) <= TZ_MAXLEN && tz[0] != '/' && strstr(tz, "..") == NULL &&
	    strspn(tz, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+-/")
	    == strlen(tz)) {
		snprintf(path, sizeof(path), "%s/%s", ZONEINFO, tz);
		if ((f = fopen(path, "rb")) != NULL) {
			ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
			fclose(f);
		}
	}
	if (!ok) {
		snprintf(err, errlen, "unknown time zone '%s'", tz);
		return -1;
	}
	memcpy(known, tz, strlen(tz) + 1);
	return 0;
}

static int tz_enter(const char *tz, struct tz_saved *s, char *err, size_t errlen)
{
	const char *old = getenv("TZ");

	if (tz_check(tz, err, errlen) != 0)
		return -1;
	s->was_set = old != NULL;
	s->old = old != NULL ? strdup(old) : NULL;
	if ((old != NULL && s->old == NULL) || setenv("TZ", tz_is_utc(tz) ? "UTC" : tz, 1) != 0) {
		free(s->old);
		snprintf(err, errlen, "cannot set time zone '%s': %s", tz, strerror(errno));
		return -1;
	}
	tzset();
	return 0;
}

static void tz_leave(struct tz_saved *s)
{
	if (s->was_set)
		setenv("TZ", s->old, 1);
	else
		unsetenv("TZ");
	free(s->old);
	s->old = NULL;
	tzset();
}

/* ---- local wall clock <-> epoch, inside tz_enter/tz_leave ---- */

static long long utc_offset(time_t t)
{
	struct tm tm;

	return localtime_r(&t, &tm) != NULL ? tm.tm_gmtoff : 0;
}

static long local_day(time_t t)
{
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL)
		return civil_floor_div(t, DAY_SECS);
	return civil_days(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/*
 * The first instant at which the wall clock reads `wall` (local seconds since
 * 1970-01-01 00:00 local) or later.  mktime() gives the guess; its choice inside a
 * spring-forward gap or a fall-back overlap is unspecified, so the offset change near
 * the guess is located and the rule applied explicitly: a time in a gap becomes the
 * end of the gap, a repeated time its first occurrence.
 */
static time_t wall_to_epoch(long long wall)
{
	long dn = civil_floor_div(wall, DAY_SECS);
	long secs = (long)(wall - dn * DAY_SECS);
	struct tm tm = { 0 };
	time_t guess, lo, hi, mid;
	long long off_lo, off_hi;
	int y, m, d;

	civil_date(dn, &y, &m, &d);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = (int)(secs / 3600);
	tm.tm_min = (int)(secs / 60 % 60);
	tm.tm_sec = (int)(secs % 60);
	tm.tm_isdst = -1;
	guess = mktime(&tm);
	if (guess == (time_t)-1)
		guess = (time_t)wall;
	lo = guess - DAY_SECS / 2;
	hi = guess + DAY_SECS / 2;
	off_lo = utc_offset(lo);
	off_hi = utc_offset(hi);
	if (off_lo == off_hi)
		return (time_t)(wall - off_lo);
	while (hi - lo > 1) {		/* hi ends as the first second of the new offset */
		mid = lo + (hi - lo) / 2;
		if (utc_offset(mid) == off_lo)
			lo = mid;
		else
			hi = mid;
	}
	off_hi = utc_offset(hi);
	if (wall - off_lo < hi)
		return (time_t)(wall - off_lo);
	if (wall - off_hi >= hi)
		return (time_t)(wall - off_hi);
	return hi;
}

static time_t midnight(long dn)
{
	return wall_to_epoch(dn * DAY_SECS);
}

/* ---- calendars ---- */

/* Nagios precedence, lowest first: a matching entry of a higher kind hides the lower ones. */
enum prec { P_WEEKDAY, P_NTH_WEEKDAY, P_NTH_WEEKDAY_MONTH, P_DAY, P_MONTH_DAY, P_DATE, P_COUNT };

struct cal_entry {
	int include;
	enum prec prec;
	int wd0, wd1;			/* weekdays wd0..wd1 (wrapping), 0 = Sunday */
	int nth;			/* the nth weekday of the month, negative from its end */
	int month;			/* 1..12, or 0 for every month */
	int mday;			/* day of month, negative from its end */
	long d0, d1;			/* dates, inclusive day numbers */
	size_t n;
	struct { int start, end; } r[MAX_RANGES];	/* minutes after local midnight */
};

struct cal {
	char tz[TZ_MAXLEN + 1];
	struct cal_entry *v;
	size_t n, cap, nincl;
};

struct cal *cal_new(const char *tz, char *err, size_t errlen)
{
	struct cal *c;

	if (tz_check(tz, err, errlen) != 0)
		return NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	snprintf(c->tz, sizeof(c->tz), "%s", tz != NULL ? tz : "");
	return c;
}

void cal_release(struct cal *c)
{
	if (c == NULL)
		return;
	free(c->v);
	free(c);
}

int cal_is_24x7(const struct cal *c)
{
	return c->n == 0;
}

struct lex {
	const char *s, *p;
	char *err;
	size_t errlen;
};

static const char *const weekday_names[] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
};
static const char *const month_names[] = {
	"january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december",
};

static int pos(const struct lex *x, const char *q)
{
	return (int)(q - x->s) + 1;
}

static const char *skip_ws(const char *q)
{
	while (*q == ' ' || *q == '\t')
		q++;
	return q;
}

static size_t alpha_len(const char *q)
{
	size_t n = 0;

	while (isalpha((unsigned char)q[n]))
		n++;
	return n;
}

/* Length of the word at q: up to white space, a comma or the end. */
static size_t word_len(const char *q)
{
	return strcspn(q, " \t,");
}

static int lookup(const char *w, size_t n, const char *const *names, int count)
{
	for (int i = 0; i < count; i++)
		if (strlen(names[i]) == n && strncasecmp(w, names[i], n) == 0)
			return i;
	return -1;
}

static int lex_fail(struct lex *x, const char *what, const char *q, size_t n)
{
	snprintf(x->err, x->errlen, "%s '%.*s' at character %d", what, (int)n, q, pos(x, q));
	return -1;
}

/* White space must follow; says what is missing when the line ends instead. */
static int need_ws(struct lex *x, const char *what)
{
	if (*x->p == ' ' || *x->p == '\t')
		return 0;
	if (*x->p == '\0') {
		snprintf(x->err, x->errlen, "missing %s at character %d", what, pos(x, x->p));
		return -1;
	}
	return lex_fail(x, "unexpected", x->p, word_len(x->p));
}

/* A whole word [-]digits within [lo, hi] other than 0; -1 when it is not one. */
static int small_int(const char *q, size_t n, int lo, int hi, int *v)
{
	size_t i = *q == '-' ? 1 : 0;
	long val = 0;

	if (n == i || n - i > 3)
		return -1;
	for (; i < n; i++) {
		if (!isdigit((unsigned char)q[i]))
			return -1;
		val = val * 10 + (q[i] - '0');
	}
	val = *q == '-' ? -val : val;
	if (val == 0 || val < lo || val > hi)
		return -1;
	*v = (int)val;
	return 0;
}

/* "YYYY-MM-DD" at q followed by white space or the end. */
static int parse_date(const char *q, long *dn)
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
	if (y < YEAR_MIN || y > YEAR_MAX || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*dn = civil_days(y, m, d);
	return 0;
}

static int parse_dates(struct lex *x, struct cal_entry *e)
{
	const char *q;

	if (parse_date(x->p, &e->d0) != 0)
		return lex_fail(x, "bad date", x->p, word_len(x->p));
	x->p += 10;
	e->d1 = e->d0;
	e->prec = P_DATE;
	q = skip_ws(x->p);
	if (*q != '-')
		return 0;
	q = skip_ws(q + 1);
	if (parse_date(q, &e->d1) != 0)
		return lex_fail(x, "bad date", q, word_len(q));
	if (e->d1 < e->d0)
		return lex_fail(x, "date range ends before it starts", q, 10);
	x->p = q + 10;
	return 0;
}

static int parse_weekday_word(struct lex *x, const char *q, int *wd)
{
	size_t n = alpha_len(q);

	if ((*wd = lookup(q, n, weekday_names, 7)) < 0)
		return lex_fail(x, "bad weekday", q, n ? n : word_len(q));
	x->p = q + n;
	return 0;
}

/* After a weekday: "-friday", " 3", " -1 november", or nothing (time ranges follow). */
static int parse_weekday(struct lex *x, struct cal_entry *e)
{
	const char *q = skip_ws(x->p), *m;
	size_t n;

	e->prec = P_WEEKDAY;
	e->wd1 = e->wd0;
	if (*q == '-' && (q == x->p || isalpha((unsigned char)*skip_ws(q + 1))))
		return parse_weekday_word(x, skip_ws(q + 1), &e->wd1);
	if (q == x->p || !(isdigit((unsigned char)*q) || *q == '-'))
		return 0;
	n = word_len(q);
	if (strspn(q + (*q == '-'), "0123456789") != n - (*q == '-'))
		return 0;		/* not a number: time ranges follow */
	if (small_int(q, n, -5, 5, &e->nth) != 0)
		return lex_fail(x, "bad weekday offset", q, n);
	x->p = q + n;
	e->prec = P_NTH_WEEKDAY;
	m = skip_ws(x->p);
	if (m == x->p || !isalpha((unsigned char)*m))
		return 0;
	n = alpha_len(m);
	if ((e->month = lookup(m, n, month_names, 12) + 1) == 0)
		return lex_fail(x, "bad month", m, word_len(m));
	x->p = m + n;
	e->prec = P_NTH_WEEKDAY_MONTH;
	return 0;
}

/* After "day" or a month name: " N" with N counted from the end when negative. */
static int parse_mday(struct lex *x, struct cal_entry *e)
{
	int max = e->month ? days_in_month(2000, e->month) : 31;
	size_t n;

	if (need_ws(x, "day of month") != 0)
		return -1;
	x->p = skip_ws(x->p);
	n = word_len(x->p);
	if (small_int(x->p, n, -max, max, &e->mday) != 0)
		return lex_fail(x, "bad day of month", x->p, n);
	x->p += n;
	e->prec = e->month ? P_MONTH_DAY : P_DAY;
	return 0;
}

static int parse_days(struct lex *x, struct cal_entry *e)
{
	const char *w = x->p;
	size_t n = alpha_len(w);

	if (*w == '\0') {
		snprintf(x->err, x->errlen, "missing day at character %d", pos(x, w));
		return -1;
	}
	if (isdigit((unsigned char)*w))
		return parse_dates(x, e);
	if ((e->wd0 = lookup(w, n, weekday_names, 7)) >= 0) {
		x->p += n;
		return parse_weekday(x, e);
	}
	if ((e->month = lookup(w, n, month_names, 12) + 1) > 0 ||
	    (n == 3 && strncasecmp(w, "day", 3) == 0)) {
		x->p += n;
		return parse_mday(x, e);
	}
	return lex_fail(x, "bad weekday or month", w, n ? n : word_len(w));
}

/* "H:MM" or "HH:MM" up to 24:00, in minutes. */
static int parse_hhmm(const char **q, int *min)
{
	const char *s = *q;
	int h = 0, nd = 0;

	while (isdigit((unsigned char)*s) && nd < 2)
		h = h * 10 + (*s++ - '0'), nd++;
	if (nd == 0 || *s != ':' || !isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[2]))
		return -1;
	*min = h * 60 + (s[1] - '0') * 10 + (s[2] - '0');
	*q = s + 3;
	return (s[1] - '0') * 10 + (s[2] - '0') > 59 || *min > DAY_MINUTES ? -2 : 0;
}

static int parse_range(struct lex *x, struct cal_entry *e)
{
	const char *q = x->p, *cause = NULL;
	size_t n = word_len(q);
	int s, t, rs, rt = 0;

	if ((rs = parse_hhmm(&q, &s)) == -1 || *q++ != '-' || (rt = parse_hhmm(&q, &t)) == -1 ||
	    q != x->p + n)
		cause = "expected HH:MM-HH:MM";
	else if (rs != 0 || rt != 0)
		cause = "hour or minute out of range";
	else if (s >= t)
		cause = "start is not before end";
	if (cause != NULL) {
		snprintf(x->err, x->errlen, "bad time range '%.*s' at character %d: %s",
			 (int)n, x->p, pos(x, x->p), cause);
		return -1;
	}
	if (e->n == MAX_RANGES)
		return lex_fail(x, "too many time ranges from", x->p, n);
	e->r[e->n].start = s;
	e->r[e->n].end = t;
	e->n++;
	x->p += n;
	return 0;
}

static int parse_ranges(struct lex *x, struct cal_entry *e)
{
	const char *q;

	if (need_ws(x, "time range") != 0)
		return -1;
	for (;;) {
		x->p = skip_ws(x->p);
		if (*x->p == '\0' || *x->p == ',') {
			snprintf(x->err, x->errlen, "missing time range at character %d",
				 pos(x, x->p));
			return -1;
		}
		if (parse_range(x, e) != 0)
			return -1;
		q = skip_ws(x->p);
		if (*q == '\0')
			return 0;
		if (*q != ',')
			return lex_fail(x, "unexpected", q, word_len(q) ? word_len(q) : 1);
		x->p = q + 1;
	}
}

int cal_add(struct cal *c, const char *line, int include, char *err, size_t errlen)
{
	struct lex x = { line, line, err, errlen };
	struct cal_entry e;

	memset(&e, 0, sizeof(e));
	e.include = include != 0;
	x.p = skip_ws(line);
	if (parse_days(&x, &e) != 0 || parse_ranges(&x, &e) != 0)
		return -1;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 8;
		struct cal_entry *v = realloc(c->v, cap * sizeof(*v));

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

struct day {
	long dn;
	int y, m, d, wd, dim;
};

static int nth_matches(int nth, const struct day *d)
{
	return nth > 0 ? (d->d - 1) / 7 + 1 == nth : (d->dim - d->d) / 7 + 1 == -nth;
}

static int mday_matches(int mday, const struct day *d)
{
	return mday > 0 ? d->d == mday : d->dim + mday + 1 == d->d;
}

static int entry_matches(const struct cal_entry *e, const struct day *d)
{
	switch (e->prec) {
	case P_WEEKDAY:
		return e->wd0 <= e->wd1 ? d->wd >= e->wd0 && d->wd <= e->wd1
					: d->wd >= e->wd0 || d->wd <= e->wd1;
	case P_NTH_WEEKDAY:
	case P_NTH_WEEKDAY_MONTH:
		return d->wd == e->wd0 && (e->month == 0 || e->month == d->m) &&
		       nth_matches(e->nth, d);
	case P_DAY:
	case P_MONTH_DAY:
		return (e->month == 0 || e->month == d->m) && mday_matches(e->mday, d);
	case P_DATE:
		return d->dn >= e->d0 && d->dn <= e->d1;
	case P_COUNT:
		break;
	}
	return 0;
}

/* Appends day d's time of the included (or excluded) entries to out. */
static int day_ranges(const struct cal *c, const struct day *d, int include,
		      struct cal_list *out)
{
	unsigned char on[DAY_MINUTES + 1];
	int best = -1, m = 0;

	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].include == include && (int)c->v[i].prec > best &&
		    entry_matches(&c->v[i], d))
			best = (int)c->v[i].prec;
	if (best < 0)
		return 0;
	memset(on, 0, sizeof(on));
	for (size_t i = 0; i < c->n; i++) {
		const struct cal_entry *e = &c->v[i];

		if (e->include != include || (int)e->prec != best || !entry_matches(e, d))
			continue;
		for (size_t k = 0; k < e->n; k++)
			memset(on + e->r[k].start, 1, (size_t)(e->r[k].end - e->r[k].start));
	}
	while (m < DAY_MINUTES) {
		int s;

		for (; m < DAY_MINUTES && !on[m]; m++)
			;
		for (s = m; m < DAY_MINUTES && on[m]; m++)
			;
		if (s < m && cal_list_push(out, wall_to_epoch(d->dn * DAY_SECS + s * 60LL),
					   wall_to_epoch(d->dn * DAY_SECS + m * 60LL)) != 0)
			return -1;
	}
	return 0;
}

static int cal_days(const struct cal *c, time_t t0, time_t t1, struct cal_list *incl,
		    struct cal_list *excl)
{
	long first = local_day(t0), last = local_day(t1 - 1);

	if (c->nincl == 0 && cal_list_push(incl, t0, t1) != 0)
		return -1;
	for (long dn = first; dn <= last; dn++) {
		struct day d = { .dn = dn, .wd = weekday(dn) };

		civil_date(dn, &d.y, &d.m, &d.d);
		d.dim = days_in_month(d.y, d.m);
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
int cal_intervals(const struct cal *c, time_t t0, time_t t1, struct cal_list *out,
		  char *err, size_t errlen)
{
	struct cal_list incl = CAL_LIST_INIT, excl = CAL_LIST_INIT, diff = CAL_LIST_INIT;
	struct cal_list span = CAL_LIST_INIT;
	struct tz_saved saved;
	int rc = -1;

	out->n = 0;
	if (time_check(t0, t1, err, errlen) != 0)
		return -1;
	if (t1 <= t0)
		return 0;
	if (tz_enter(c->tz, &saved, err, errlen) != 0)
		return -1;
	if (local_day(t1 - 1) - local_day(t0) > MAX_DAYS)
		snprintf(err, errlen, "period too long: more than %ld days", MAX_DAYS);
	else if (cal_days(c, t0, t1, &incl, &excl) != 0 ||
		 cal_list_subtract(&incl, &excl, &diff) != 0 ||
		 cal_list_push(&span, t0, t1) != 0 ||
		 cal_list_intersect(&diff, &span, out) != 0)
		snprintf(err, errlen, "cannot compute the calendar: %s", strerror(errno));
	else
		rc = 0;
	tz_leave(&saved);
	cal_list_release(&incl);
	cal_list_release(&excl);
	cal_list_release(&diff);
	cal_list_release(&span);
	return rc;
}

/* ---- compliance windows ---- */

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
		q = skip_ws(s + 8);
		n = strspn(q, "0123456789");
		unit = skip_ws(q + n);
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

static long week_start(long dn)
{
	return dn - (weekday(dn) + 6) % 7;
}

static long month_start(long dn, int add)
{
	int y, m, d;

	civil_date(dn, &y, &m, &d);
	m += add;
	y += civil_floor_div(m - 1, 12);
	m = (int)(m - 1 - civil_floor_div(m - 1, 12) * 12) + 1;
	return civil_days(y, m, 1);
}

/* First day of the window of kind containing day dn, and of the one after it. */
static void window_days(enum cal_window_kind kind, long dn, long *start, long *next)
{
	int y, m, d;

	switch (kind) {
	case CAL_WEEK:
		*start = week_start(dn);
		*next = *start + 7;
		return;
	case CAL_MONTH:
		*start = month_start(dn, 0);
		*next = month_start(dn, 1);
		return;
	case CAL_QUARTER:
		civil_date(dn, &y, &m, &d);
		*start = civil_days(y, (m - 1) / 3 * 3 + 1, 1);
		*next = month_start(*start, 3);
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

/* Windows touch end to start: appended as they are, never merged like cal_list_push(). */
static int window_add(struct cal_list *w, time_t s, time_t e)
{
	return s < e ? list_append(w, s, e) : 0;
}

static int calendar_windows(enum cal_window_kind kind, time_t t0, time_t t1, int partial,
			    struct cal_list *b, size_t *whole)
{
	long s, next;
	time_t ws, we;

	window_days(kind, local_day(t0), &s, &next);
	for (ws = midnight(s); ws < t1; s = next, ws = we) {
		int is_whole;

		window_days(kind, s, &s, &next);
		we = midnight(next);
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
static int rolling_windows(long days, time_t t0, time_t t1, int partial, struct cal_list *b,
			   size_t *whole)
{
	for (long dn = local_day(t0) + 1;; dn++) {
		time_t we = midnight(dn), ws;

		if (we > t1)
			return 0;
		ws = midnight(dn - days);
		*whole += ws >= t0;
		if (ws >= t0 || partial)
			if (window_add(b, ws > t0 ? ws : t0, we) != 0)
				return -1;
	}
}

/* *out is a new array of *n windows; caller frees it with free(). */
int cal_windows(enum cal_window_kind kind, long rolling_days, const char *tz, time_t t0,
		time_t t1, int partial, struct cal_interval **out, size_t *n, size_t *whole,
		char *err, size_t errlen)
{
	struct cal_list b = CAL_LIST_INIT;
	struct tz_saved saved;
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
	if (time_check(t0, t1, err, errlen) != 0)
		return -1;
	if (t1 <= t0)
		return 0;
	if (tz_enter(tz, &saved, err, errlen) != 0)
		return -1;
	if (local_day(t1 - 1) - local_day(t0) > MAX_DAYS)
		snprintf(err, errlen, "period too long: more than %ld days", MAX_DAYS);
	else if ((kind == CAL_ROLLING ? rolling_windows(rolling_days, t0, t1, partial, &b, &whole_n)
				      : calendar_windows(kind, t0, t1, partial, &b, &whole_n)) != 0)
		snprintf(err, errlen, "out of memory");
	else
		rc = 0;
	tz_leave(&saved);
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

/* ---- report periods ---- */

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
		*from = month_start(today, -1);
		*to = month_start(today, 0);
		break;
	case N_THIS_MONTH:
		*from = month_start(today, 0);
		break;
	case N_LAST_WEEK:
		*from = week_start(today) - 7;
		*to = week_start(today);
		break;
	case N_THIS_WEEK:
		*from = week_start(today);
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

	if (n < 4 || !all_digits(s, 4) || y < YEAR_MIN || y >= YEAR_MAX)
		return -1;
	if (n == 4) {
		*from = civil_days(y, 1, 1);
		*to = civil_days(y + 1, 1, 1);
		return 0;
	}
	if (n == 10 && parse_date(s, from) == 0) {
		*to = *from + 1;
		return 0;
	}
	if (n != 7 || s[4] != '-')
		return -1;
	if ((s[5] == 'Q' || s[5] == 'q') && s[6] >= '1' && s[6] <= '4') {
		*from = civil_days(y, (s[6] - '1') * 3 + 1, 1);
		*to = month_start(*from, 3);
		return 0;
	}
	m = atoi(s + 5);
	if (!all_digits(s + 5, 2) || m < 1 || m > 12)
		return -1;
	*from = civil_days(y, m, 1);
	*to = month_start(*from, 1);
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
static int parse_span(const char *spec, const char *dots, time_t *t0, time_t *t1)
{
	const char *to = dots + 2;
	long d0, d1;

	if (*spec == '@')
		return parse_epoch(spec, (size_t)(dots - spec), t0) != 0 ||
		       parse_epoch(to, strlen(to), t1) != 0 ? -1 : 0;
	if (dots - spec != 10 || strlen(to) != 10 || parse_date(spec, &d0) != 0 ||
	    parse_date(to, &d1) != 0)
		return -1;
	*t0 = midnight(d0);
	*t1 = midnight(d1);
	return 0;
}

/*
 * "this-month", "this-week" and "today" run from their start to now; every other
 * period is whole.
 */
int cal_period_parse(const char *spec, time_t now, const char *tz, time_t *t0, time_t *t1,
		     char *err, size_t errlen)
{
	const char *dots = strstr(spec, "..");
	struct tz_saved saved;
	long from = 0, to = 0;
	int to_now = 0, rc = -1, named = -1;
	time_t a = 0, b = 0;

	if (time_check(now, now, err, errlen) != 0 || tz_enter(tz, &saved, err, errlen) != 0)
		return -1;
	for (size_t i = 0; i < sizeof(named_periods) / sizeof(named_periods[0]); i++)
		if (strcmp(spec, named_periods[i]) == 0)
			named = (int)i;
	if (named >= 0) {
		named_days((enum named)named, local_day(now), &from, &to, &to_now);
		rc = 0;
	} else if (dots != NULL) {
		rc = parse_span(spec, dots, &a, &b);
	} else {
		rc = calendar_days(spec, &from, &to);
	}
	if (rc == 0 && dots == NULL) {
		a = midnight(from);
		b = to_now ? now : midnight(to);
	}
	tz_leave(&saved);
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

int cal_format(time_t t, const char *tz, char *buf, size_t buflen)
{
	struct tz_saved saved;
	struct tm tm;
	char err[64];
	size_t n = 0;

	if (buflen > 0)
		buf[0] = '\0';
	if (tz_enter(tz, &saved, err, sizeof(err)) != 0)
		return -1;
	if (localtime_r(&t, &tm) != NULL)
		n = strftime(buf, buflen, "%Y-%m-%d %H:%M:%S %Z", &tm);
	tz_leave(&saved);
	if (n == 0) {
		if (buflen > 0)
			buf[0] = '\0';
		return -1;
	}
	return 0;
}
