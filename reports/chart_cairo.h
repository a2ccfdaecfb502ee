/*
 * chart_cairo — a struct chart (chart.h) drawn with cairo as vector paths: the same cells,
 * bars, lines, target line and guide as the HTML's inline SVG (htmlw.c), in the same
 * colours, from the same model.  The adapter between the chart model and cairo/pango;
 * pdfw.c is its only user.
 */
#ifndef CHART_CAIRO_H
#define CHART_CAIRO_H

#include <cairo.h>

#include "chart.h"
#include "zone.h"

/* The fill colour of a tone as 0xRRGGBB (the HTML's); CHART_NODATA is drawn hatched. */
unsigned chart_cairo_rgb(enum chart_tone t);

/* The height in points of c drawn w points wide, its date labels included. */
double chart_cairo_height(const struct chart *c, double w);

/*
 * How the labels of a chart are set (by the caller, in its fonts): show() draws s with its
 * top at y, starting at, centred on or ending at x (align -1, 0, 1), in colour rgb.
 */
struct chart_cairo_text {
	void (*show)(void *ctx, const char *s, double x, double y, int align, unsigned rgb);
	void *ctx;
};

/*
 * Draws c with its top-left corner at (x, y), w points wide and chart_cairo_height() high,
 * its labels through t.  Dates in zone z (NULL: epochs).
 */
void chart_cairo_draw(cairo_t *cr, const struct chart_cairo_text *t, const struct chart *c,
		      const struct zone *z, double x, double y, double w);

/* A square of the tone's colour (hatched for CHART_NODATA), side s, top-left at (x, y). */
void chart_cairo_swatch(cairo_t *cr, enum chart_tone t, double x, double y, double s);

#endif
