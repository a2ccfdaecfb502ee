#include "timeperiod.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "civil.h"
#include "date.h"

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

static int parse_dates(struct lex *x, struct tp_entry *e)
{
	const char *q;

	if (date_parse(x->p, &e->d0) != 0)
		return lex_fail(x, "bad date", x->p, word_len(x->p));
	x->p += 10;
	e->d1 = e->d0;
	e->prec = TP_DATE;
	q = skip_ws(x->p);
	if (*q != '-')
		return 0;
	q = skip_ws(q + 1);
	if (date_parse(q, &e->d1) != 0)
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
static int parse_weekday(struct lex *x, struct tp_entry *e)
{
	const char *q = skip_ws(x->p), *m;
	size_t n;

	e->prec = TP_WEEKDAY;
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
	e->prec = TP_NTH_WEEKDAY;
	m = skip_ws(x->p);
	if (m == x->p || !isalpha((unsigned char)*m))
		return 0;
	n = alpha_len(m);
	if ((e->month = lookup(m, n, month_names, 12) + 1) == 0)
		return lex_fail(x, "bad month", m, word_len(m));
	x->p = m + n;
	e->prec = TP_NTH_WEEKDAY_MONTH;
	return 0;
}

/* After "day" or a month name: " N" with N counted from the end when negative. */
static int parse_mday(struct lex *x, struct tp_entry *e)
{
	int max = e->month ? date_days_in_month(2000, e->month) : 31;
	size_t n;

	if (need_ws(x, "day of month") != 0)
		return -1;
	x->p = skip_ws(x->p);
	n = word_len(x->p);
	if (small_int(x->p, n, -max, max, &e->mday) != 0)
		return lex_fail(x, "bad day of month", x->p, n);
	x->p += n;
	e->prec = e->month ? TP_MONTH_DAY : TP_DAY;
	return 0;
}

static int parse_days(struct lex *x, struct tp_entry *e)
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
	return (s[1] - '0') * 10 + (s[2] - '0') > 59 || *min > TP_DAY_MINUTES ? -2 : 0;
}

static int parse_range(struct lex *x, struct tp_entry *e)
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
	if (e->n == TP_MAX_RANGES)
		return lex_fail(x, "too many time ranges from", x->p, n);
	e->r[e->n].start = s;
	e->r[e->n].end = t;
	e->n++;
	x->p += n;
	return 0;
}

static int parse_ranges(struct lex *x, struct tp_entry *e)
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

int tp_parse(const char *line, int include, struct tp_entry *e, char *err, size_t errlen)
{
	struct lex x = { line, line, err, errlen };

	memset(e, 0, sizeof(*e));
	e->include = include != 0;
	x.p = skip_ws(line);
	return parse_days(&x, e) != 0 || parse_ranges(&x, e) != 0 ? -1 : 0;
}

void tp_day_init(struct tp_day *d, long dn)
{
	d->dn = dn;
	d->wd = date_weekday(dn);
	civil_date(dn, &d->y, &d->m, &d->d);
	d->dim = date_days_in_month(d->y, d->m);
}

static int nth_matches(int nth, const struct tp_day *d)
{
	return nth > 0 ? (d->d - 1) / 7 + 1 == nth : (d->dim - d->d) / 7 + 1 == -nth;
}

static int mday_matches(int mday, const struct tp_day *d)
{
	return mday > 0 ? d->d == mday : d->dim + mday + 1 == d->d;
}

int tp_matches(const struct tp_entry *e, const struct tp_day *d)
{
	switch (e->prec) {
	case TP_WEEKDAY:
		return e->wd0 <= e->wd1 ? d->wd >= e->wd0 && d->wd <= e->wd1
					: d->wd >= e->wd0 || d->wd <= e->wd1;
	case TP_NTH_WEEKDAY:
	case TP_NTH_WEEKDAY_MONTH:
		return d->wd == e->wd0 && (e->month == 0 || e->month == d->m) &&
		       nth_matches(e->nth, d);
	case TP_DAY:
	case TP_MONTH_DAY:
		return (e->month == 0 || e->month == d->m) && mday_matches(e->mday, d);
	case TP_DATE:
		return d->dn >= e->d0 && d->dn <= e->d1;
	case TP_COUNT:
		break;
	}
	return 0;
}
