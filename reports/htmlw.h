/*
 * htmlw — what the HTML renderers (reports and back-tests) share: escaped text, the page
 * frame (one self-contained file: inline CSS, a Content-Security-Policy that forbids every
 * fetch, no script) and a struct chart (chart.h) drawn as inline SVG.
 */
#ifndef HTMLW_H
#define HTMLW_H

#include <stdio.h>
#include <time.h>

#include "chart.h"
#include "zone.h"

/*
 * s as HTML text or attribute value: & < > " ' as character references, control
 * characters (C0, DEL, C1) as their visible Control Pictures or U+FFFD, and every byte that
 * is not well-formed UTF-8 as U+FFFD.  NULL writes nothing.
 */
void html_text(FILE *out, const char *s);

/* The document up to the opened <body>, and the closing part; title is escaped. */
void html_begin(FILE *out, const char *title);
void html_end(FILE *out);

/* A number in plain decimals with unit, or "–" when not finite. */
void html_num(FILE *out, double v, int decimals, const char *unit);

/* What the colours of the cells and bars mean. */
void html_legend(FILE *out);

/* c as a <figure> holding an inline <svg>; dates in zone z (zone_date(); a page opens its zone once, a chart has a date per cell). */
void html_chart(FILE *out, const struct chart *c, const struct zone *z);

#endif
