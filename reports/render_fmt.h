/*
 * render_fmt — the pieces of formatting every renderer shares, so that text, CSV and JSON
 * name and round things the same way: the plain-number fields of a result, the latency
 * objective, durations, row steps and the note on coarse data.
 */
#ifndef RENDER_FMT_H
#define RENDER_FMT_H

#include <stddef.h>

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
/* "p95 <= 200ms", "99% < 500ms", or "" when the objective has no latency part. */
void render_latency_text(const struct sla_objective *o, char *buf, size_t len);
/* Seconds as h:mm:ss (hours unbounded), rounded to whole seconds; "-" for NAN. */
void render_hms(double seconds, char *buf, size_t len);
/* Row step as words: "hourly", "daily", "300-second". */
void render_step_text(long step, char *buf, size_t len);

#endif
