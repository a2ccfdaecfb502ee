/*
 * render — one writer per output format, each of a finished struct report.  Every report
 * names its period (local time in the report's zone and epoch seconds), the policy in
 * force, data coverage and the generation time; totals are time-weighted.  Numbers are
 * plain decimals in the C locale.  Each returns 0, or -1 when writing failed.
 */
#ifndef RENDER_H
#define RENDER_H

#include <stddef.h>
#include <stdio.h>

#include "report.h"

#define RENDER_JSON_SCHEMA "nines-sla-report/1"

int render_text(FILE *out, const struct report *r);
int render_csv(FILE *out, const struct report *r);
int render_json(FILE *out, const struct report *r);

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

#endif
