/*
 * render_fmt — the pieces of formatting every renderer shares, so that text, CSV and JSON
 * name and round things the same way: the plain-number fields of a result, the latency
 * objective, durations, row steps and the note on coarse data.
 */
#ifndef RENDER_FMT_H
#define RENDER_FMT_H

#include <stddef.h>
#include <stdio.h>

#include "report.h"

/*
 * The plain-number fields of a struct sla_result, in output order, named as in the JSON
 * schema and the CSV header (CSV and JSON share them so they cannot drift apart).
 */
struct render_field {
	const char *name;
	size_t offset;		/* of a double in struct sla_result */
	int decimals;
};
extern const struct render_field render_fields[];
extern const size_t render_nfields;

/* The coverage note for coarse data ("computed from hourly rows: ..."), "" otherwise. */
void render_coverage_note(const struct report *r, const struct report_service *s, char *buf,
			  size_t len);
/*
 * A service's latency figure as the summaries show it: "12.3ms (p95 <= 200ms) met", or
 * "\u2013" without a latency objective or when the service could not be read.
 */
void render_latency_cell(const struct report_service *s, char *buf, size_t len);
/* The summary's counts: "N services: N met, N missed, ... The total is time-weighted ...". */
void render_counts_text(const struct report *r, char *buf, size_t len);
/* "p95 <= 200ms", "99% < 500ms", or "" when the objective has no latency part. */
/*
 * A verdict as every report shows it, a mark and its words (UTF-8): "\u2714 met",
 * "\u2718 missed", "? insufficient data", "? no data", "\u2013 no objective".
 */
const char *render_verdict_mark(enum sla_verdict v);

/*
 * How service c counts its time, as the HTML and PDF state it (plain text, unescaped):
 * "maintenance excluded, unmonitored excluded, warning up, outages merged within 0s,
 * shorter than 0s ignored; window month; calendar 24x7; zone UTC".
 */
void render_policy_text(const struct config_service *c, char *buf, size_t len);

void render_latency_text(const struct sla_objective *o, char *buf, size_t len);
/*
 * v with at most `decimals` decimals (trailing zeros dropped) and then unit, "99.5%";
 * "\u2013" (an en dash) when v is not finite or does not fit.  Returns buf.
 */
const char *render_num(double v, int decimals, const char *unit, char *buf, size_t len);
/* s as one CSV field (RFC 4180): as it is, or quoted with quotes doubled when it holds a
 * comma, quote or line break.  s is not NULL. */
void render_csv_field(FILE *out, const char *s);
/* Seconds as h:mm:ss (hours unbounded), rounded to whole seconds; "-" for NAN. */
void render_hms(double seconds, char *buf, size_t len);
/* Row step as words: "hourly", "daily", "300-second". */
void render_step_text(long step, char *buf, size_t len);

/*
 * The length (1 to 4) of the well-formed UTF-8 character at s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), 0 when the bytes at s are not one.
 * s is NUL-terminated and *s is not NUL.
 */
size_t render_utf8_len(const char *s);

/*
 * s made safe for a terminal or a mail body, in buf: a newline, CR, tab or other control
 * character (C0, DEL, and the C1 controls U+0080..U+009F) and any byte that is not part
 * of well-formed UTF-8 are written as C escapes (\n, \r, \t, \xHH for each byte), and a
 * backslash as \\, so that no name can start a line, move the cursor or fake a row.
 * Cut at a whole character or escape with "..." when buf is too small.  Returns buf.
 */
const char *render_text_clean(const char *s, char *buf, size_t len);

#endif
