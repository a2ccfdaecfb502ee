/*
 * scorecard_csv — the file of external measures a scorecard reads (a satisfaction score,
 * ticket aging from the service desk): CSV (RFC 4180, LF or CRLF), a header row naming
 * the columns, one of them "period"; one row per period, keyed by a period as --period
 * names one (2026-11, 2026-Q4, 2026, 2026-11-01, 2026-11-01..2026-12-01, @T0..@T1), read
 * in the report's zone.  Cells are plain decimals, or empty for "no value".  The file
 * comes from another system: it is checked as untrusted input.
 */
#ifndef SCORECARD_CSV_H
#define SCORECARD_CSV_H

#include <stddef.h>
#include <time.h>

/* A measures file is a regular file of at most 1 MiB (ten years of monthly rows are 10 KB). */
#define SC_CSV_MAX_BYTES (1 << 20)
#define SC_CSV_MAX_COLUMNS 256

struct sc_csv_row {
	time_t t0, t1;		/* the period the row is for */
	double *v;		/* one per column (the period column's is NAN); NAN: empty */
	int line;
};

struct sc_csv {
	char *name;		/* the file, for messages */
	char **cols;
	size_t ncols;
	size_t period_col;
	struct sc_csv_row *rows;
	size_t nrows;
};

/*
 * Parses len bytes of buf (a file named name) with periods read in zone tz.  Returns a
 * new table; caller frees with sc_csv_release().  NULL with "name:line: message".
 */
struct sc_csv *sc_csv_parse(const char *buf, size_t len, const char *name, const char *tz,
			    char *err, size_t errlen);
/* The same from a regular file of at most SC_CSV_MAX_BYTES. */
struct sc_csv *sc_csv_load(const char *path, const char *tz, char *err, size_t errlen);
void sc_csv_release(struct sc_csv *c);

/* The index of column name, or -1. */
int sc_csv_column(const struct sc_csv *c, const char *name);
/* The row for exactly [t0, t1), or NULL. */
const struct sc_csv_row *sc_csv_row(const struct sc_csv *c, time_t t0, time_t t1);

#endif
