/*
 * render — one writer per output format, each of a finished struct report.  Every report
 * names its period (local time in the report's zone and epoch seconds), the policy in
 * force, data coverage and the generation time; totals are time-weighted.  Numbers are
 * plain decimals in the C locale.  Each returns 0, or -1 when writing failed.
 */
#ifndef RENDER_H
#define RENDER_H

#include <stdio.h>

#include "report.h"

#define RENDER_JSON_SCHEMA "nines-sla-report/1"

int render_text(FILE *out, const struct report *r);
int render_csv(FILE *out, const struct report *r);
int render_json(FILE *out, const struct report *r);
/* One self-contained page with charts; needs the report built with report_filter.days. */
int render_html(FILE *out, const struct report *r);
/*
 * A4 PDF (cairo and pango) with the same charts; needs report_filter.days, and the font
 * and logo of the config checked first with pdfw_prepare().
 */
int render_pdf(FILE *out, const struct report *r);

#endif
