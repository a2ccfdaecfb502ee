#include "scorecard_csv.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nines.h"
#include "num.h"
#include "period.h"
#include "readfile.h"

/* Longer cells are not measures (a period range is 22 bytes, a number a few). */
#define FIELDLEN 256

struct cursor {
	const char *p, *end;
	int line;
	const char *name;
	char *err;
	size_t errlen;
};

static int bad(struct cursor *c, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(struct cursor *c, int line, const char *fmt, ...)
{
	char msg[NINES_ERRLEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errlen, "%s:%d: %s", c->name, line, msg);
	return -1;
}

/* Appends ch to the field; -1 when it would be longer than FIELDLEN - 1 bytes. */
static int put(struct cursor *c, char *buf, size_t *n, char ch)
{
	if (ch == '\0')
		return bad(c, c->line, "a NUL byte (not a text file)");
	if (*n + 1 >= FIELDLEN)
		return bad(c, c->line, "a field longer than %d bytes", FIELDLEN - 1);
	buf[(*n)++] = ch;
	return 0;
}

/* Consumes a line end at c->p when there is one: 1, else 0. */
static int line_end(struct cursor *c)
{
	if (c->p < c->end && *c->p == '\n') {
		c->p++;
		return 1;
	}
	if (c->end - c->p >= 2 && c->p[0] == '\r' && c->p[1] == '\n') {
		c->p += 2;
		return 1;
	}
	return 0;
}

static int quoted(struct cursor *c, char *buf, size_t *n)
{
	int start = c->line;

	for (c->p++;; c->p++) {
		if (c->p >= c->end)
			return bad(c, start, "a quoted field is not closed");
		if (*c->p == '"') {
			if (c->p + 1 < c->end && c->p[1] == '"') {
				c->p++;
			} else {
				c->p++;
				return 0;
			}
		} else if (*c->p == '\n') {
			c->line++;
		}
		if (put(c, buf, n, *c->p) != 0)
			return -1;
	}
}

/*
 * One field into buf (spaces around an unquoted one dropped).  *eor: 1 when the record
 * ended after it (line end or end of the file).  0 or -1.
 */
static int field(struct cursor *c, char *buf, int *eor)
{
	size_t n = 0;

	if (c->p < c->end && *c->p == '"') {
		if (quoted(c, buf, &n) != 0)
			return -1;
	} else {
		while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r' &&
		       *c->p != '"') {
			if (put(c, buf, &n, *c->p++) != 0)
				return -1;
		}
		while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\t'))
			n--;
	}
	buf[n] = '\0';
	if (c->p < c->end && *c->p == ',') {
		c->p++;
		*eor = 0;
		return 0;
	}
	*eor = 1;
	if (c->p >= c->end)
		return 0;
	if (line_end(c)) {
		c->line++;
		return 0;
	}
	return bad(c, c->line, *c->p == '"' ? "a quote inside an unquoted field" :
		   "a carriage return without a line feed");
}

static const char *trim(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

void sc_csv_release(struct sc_csv *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->ncols; i++)
		free(c->cols[i]);
	for (size_t i = 0; i < c->nrows; i++)
		free(c->rows[i].v);
	free(c->cols);
	free(c->rows);
	free(c->name);
	free(c);
}

int sc_csv_column(const struct sc_csv *c, const char *name)
{
	for (size_t i = 0; i < c->ncols; i++)
		if (strcmp(c->cols[i], name) == 0)
			return (int)i;
	return -1;
}

const struct sc_csv_row *sc_csv_row(const struct sc_csv *c, time_t t0, time_t t1)
{
	for (size_t i = 0; i < c->nrows; i++)
		if (c->rows[i].t0 == t0 && c->rows[i].t1 == t1)
			return &c->rows[i];
	return NULL;
}

static int header(struct cursor *c, struct sc_csv *t)
{
	char buf[FIELDLEN];
	int eor = 0, found = 0;

	if (c->p >= c->end)
		return bad(c, 1, "empty file (the first line names the columns, one of them "
			   "'period')");
	if ((t->cols = calloc(SC_CSV_MAX_COLUMNS, sizeof(*t->cols))) == NULL)
		return bad(c, 1, "out of memory");
	while (!eor) {
		const char *s;

		if (field(c, buf, &eor) != 0)
			return -1;
		s = trim(buf);
		if (*s == '\0')
			return bad(c, 1, "column %zu has no name", t->ncols + 1);
		if (t->ncols == SC_CSV_MAX_COLUMNS)
			return bad(c, 1, "more than %d columns", SC_CSV_MAX_COLUMNS);
		if (sc_csv_column(t, s) >= 0)
			return bad(c, 1, "column '%s' named twice", s);
		if (strcmp(s, "period") == 0) {
			t->period_col = t->ncols;
			found = 1;
		}
		if ((t->cols[t->ncols++] = strdup(s)) == NULL)
			return bad(c, 1, "out of memory");
	}
	if (!found)
		return bad(c, 1, "no 'period' column in the first line");
	return 0;
}

static int row_period(struct cursor *c, const char *s, const char *tz, int line,
		      struct sc_csv_row *r)
{
	char msg[NINES_ERRLEN];

	if (*s == '\0')
		return bad(c, line, "no period");
	/* Relative names would mean another period on every run. */
	if (!isdigit((unsigned char)*s) && *s != '@')
		return bad(c, line, "period '%s' is not a fixed period (use 2026-11, 2026-Q4, "
			   "2026, 2026-11-01 or FROM..TO)", s);
	if (period_parse(s, 0, tz, &r->t0, &r->t1, msg, sizeof(msg)) != 0)
		return bad(c, line, "bad period '%s': %s", s, msg);
	return 0;
}

/* One data row into r (its values allocated); *blank 1 for an empty line, skipped. */
static int row(struct cursor *c, struct sc_csv *t, const char *tz, struct sc_csv_row *r,
	       int *blank)
{
	char buf[FIELDLEN];
	int eor = 0, line = c->line;
	size_t n = 0;

	r->line = line;
	if ((r->v = calloc(t->ncols, sizeof(*r->v))) == NULL)
		return bad(c, line, "out of memory");
	while (!eor) {
		const char *s;
		char msg[NINES_ERRLEN];

		if (field(c, buf, &eor) != 0)
			return -1;
		s = trim(buf);
		if (n == 0 && eor && *s == '\0' && t->ncols > 1) {
			*blank = 1;
			return 0;
		}
		if (n == t->ncols)
			return bad(c, line, "more fields than the %zu columns of the first line",
				   t->ncols);
		if (n == t->period_col) {
			if (row_period(c, s, tz, line, r) != 0)
				return -1;
			r->v[n] = NAN;
		} else if (*s == '\0') {
			r->v[n] = NAN;
		} else if (num_double(s, -1e15, 1e15, &r->v[n], msg, sizeof(msg)) != 0) {
			return bad(c, line, "column '%s': %s", t->cols[n], msg);
		}
		n++;
	}
	if (n < t->ncols)
		return bad(c, line, "%zu fields, the first line has %zu columns", n, t->ncols);
	*blank = 0;
	return 0;
}

static int by_period(const void *a, const void *b)
{
	const struct sc_csv_row *x = a, *y = b;

	if (x->t0 != y->t0)
		return x->t0 < y->t0 ? -1 : 1;
	if (x->t1 != y->t1)
		return x->t1 < y->t1 ? -1 : 1;
	return x->line - y->line;
}

static int rows(struct cursor *c, struct sc_csv *t, const char *tz)
{
	size_t cap = 0;

	while (c->p < c->end) {
		struct sc_csv_row *r;
		int blank;

		if (t->nrows == cap) {
			size_t ncap = cap ? 2 * cap : 16;
			void *p = realloc(t->rows, ncap * sizeof(*t->rows));

			if (p == NULL)
				return bad(c, c->line, "out of memory");
			t->rows = p;
			cap = ncap;
		}
		r = &t->rows[t->nrows];
		memset(r, 0, sizeof(*r));
		t->nrows++;	/* owned from here, for the release on error */
		if (row(c, t, tz, r, &blank) != 0)
			return -1;
		if (blank) {
			free(r->v);
			t->nrows--;
		}
	}
	/* Sorted, a period given twice is two neighbours: one pass, however many rows. */
	if (t->nrows > 1)
		qsort(t->rows, t->nrows, sizeof(*t->rows), by_period);
	for (size_t i = 1; i < t->nrows; i++)
		if (t->rows[i].t0 == t->rows[i - 1].t0 && t->rows[i].t1 == t->rows[i - 1].t1)
			return bad(c, t->rows[i].line, "a second row for the same period (first at "
				   "line %d)", t->rows[i - 1].line);
	return 0;
}

struct sc_csv *sc_csv_parse(const char *buf, size_t len, const char *name, const char *tz,
			    char *err, size_t errlen)
{
	struct cursor c = { buf, buf + len, 1, name, err, errlen };
	struct sc_csv *t = calloc(1, sizeof(*t));

	if (t == NULL || (t->name = strdup(name)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", name);
		sc_csv_release(t);
		return NULL;
	}
	/* A spreadsheet's byte order mark is not part of the first column's name. */
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		c.p += 3;
	if (header(&c, t) != 0 || rows(&c, t, tz) != 0) {
		sc_csv_release(t);
		return NULL;
	}
	return t;
}

struct sc_csv *sc_csv_load(const char *path, const char *tz, char *err, size_t errlen)
{
	size_t len;
	char *buf = readfile_regular(path, SC_CSV_MAX_BYTES, &len, err, errlen);
	struct sc_csv *t;

	if (buf == NULL)
		return NULL;
	t = sc_csv_parse(buf, len, path, tz, err, errlen);
	free(buf);
	return t;
}
