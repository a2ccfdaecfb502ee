#include "chart_cairo.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render_fmt.h"

/* Room for the value labels on the left, and the plot's heights (points). */
#define LEFT 44.0
#define RIGHT 6.0
#define TOP 6.0
#define STRIP_H 22.0
#define PLOT_H 105.0
#define LABELS 13.0	/* the date labels under the plot */

static const unsigned tone_rgb[CHART_NTONES] = {
	[CHART_MET] = 0x2e9d57, [CHART_DEGRADED] = 0xe0b000, [CHART_MISSED] = 0xd62728,
	[CHART_PARTIAL] = 0xf0a35e, [CHART_NODATA] = 0xe0e0e0,
};

unsigned chart_cairo_rgb(enum chart_tone t)
{
	return (unsigned)t < CHART_NTONES ? tone_rgb[t] : tone_rgb[CHART_NODATA];
}

static void rgb(cairo_t *cr, unsigned c)
{
	cairo_set_source_rgb(cr, (c >> 16) / 255.0, ((c >> 8) & 0xff) / 255.0, (c & 0xff) / 255.0);
}

double chart_cairo_height(const struct chart *c, double w)
{
	(void)w;
	return TOP + (c->kind == CHART_STRIP ? STRIP_H : PLOT_H) + LABELS;
}

/* Label s with its top at y, aligned at x as chart_cairo_text says. */
static void text(cairo_t *cr, const struct chart_cairo_text *t, const char *s, double x,
		 double y, int align, unsigned colour)
{
	(void)cr;
	t->show(t->ctx, s, x, y, align, colour);
}

/* The plot area of a chart drawn at (x, y), w wide. */
struct area {
	double x, y, w, h;
};

static double ypos(const struct chart *c, const struct area *a, double v)
{
	double y = v < c->y0 ? c->y0 : v > c->y1 ? c->y1 : v;

	return a->y + a->h - (y - c->y0) / (c->y1 - c->y0) * a->h;
}

static double xpos(const struct chart *c, const struct area *a, time_t t)
{
	double span = (double)(c->x1 - c->x0);

	return a->x + (span > 0 ? (double)(t - c->x0) / span * a->w : 0);
}

/*
 * Diagonal hatching over the box (x, y, w, h), unmonitored time, added to the path: lines
 * 3 points apart from bottom left to top right, each cut where it leaves the box.  Cut
 * here rather than clipped: a clip is a graphics state of its own in the PDF for every
 * box, and all the boxes of a chart go out as one stroke (hatch_stroke()).
 */
static void hatch_path(cairo_t *cr, double x, double y, double w, double h)
{
	if (w <= 0 || h <= 0)
		return;
	for (double d = -h; d < w; d += 3) {
		/* The point at t in [0, 1] of the diagonal from (x + d, y + h) to (x + d + h, y). */
		double t0 = d < 0 ? -d / h : 0, t1 = d + h > w ? (w - d) / h : 1;

		if (t1 <= t0)
			continue;
		cairo_move_to(cr, x + d + t0 * h, y + h - t0 * h);
		cairo_line_to(cr, x + d + t1 * h, y + h - t1 * h);
	}
}

static void hatch_stroke(cairo_t *cr)
{
	rgb(cr, 0x888888);
	cairo_set_line_width(cr, 0.8);
	cairo_stroke(cr);
}

/* Where cell i of c goes in the plot area a: a slot of the strip, or a bar of its value. */
static void box(const struct chart *c, const struct area *a, size_t i, double b[4])
{
	double cw = c->ncells ? a->w / (double)c->ncells : a->w;
	const struct chart_cell *k = &c->cells[i];

	if (c->kind == CHART_STRIP) {
		b[0] = a->x + (double)i * cw;
		b[1] = a->y;
		b[2] = cw > 3 ? cw - 0.7 : cw;
		b[3] = a->h;
		return;
	}
	b[1] = isnan(k->value) ? a->y : ypos(c, a, k->value);
	b[0] = a->x + (double)i * cw + (cw > 4 ? 1 : 0);
	b[2] = cw > 4 ? cw - 2 : cw;
	b[3] = a->y + a->h - b[1];
}

/* A cell's tone, a tone out of range shown as no data. */
static enum chart_tone tone_of(const struct chart_cell *k)
{
	return (unsigned)k->tone < CHART_NTONES ? k->tone : CHART_NODATA;
}

/*
 * A strip's cells of tone t as one stroke: each run of neighbouring days of that tone is
 * a horizontal line as high as the strip, dashed with the cell's width on and the gap
 * between cells off (a dash restarts at each run), so that a month is a few short
 * subpaths instead of thirty rectangles of four corners each; the PDF is the same
 * picture with a sixth of the numbers, and cairo's cost is in its numbers.
 */
static void strip_tone(cairo_t *cr, const struct chart *c, const struct area *a,
		       enum chart_tone t)
{
	double cw = c->ncells ? a->w / (double)c->ncells : a->w, y = a->y + a->h / 2;
	double dash[2] = { cw - 0.7, 0.7 };
	int any = 0;

	for (size_t i = 0, j; i < c->ncells; i = j) {
		for (j = i + 1; j < c->ncells && tone_of(&c->cells[j]) == tone_of(&c->cells[i]); j++)
			;
		if (tone_of(&c->cells[i]) != t)
			continue;
		cairo_move_to(cr, a->x + (double)i * cw, y);
		cairo_line_to(cr, a->x + (double)j * cw, y);
		any = 1;
	}
	if (!any)
		return;
	cairo_save(cr);
	cairo_set_line_width(cr, a->h);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	if (cw > 3)
		cairo_set_dash(cr, dash, 2, 0);
	rgb(cr, tone_rgb[t]);
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* The cells or bars of tone t as one path and one fill. */
static void fill_tone(cairo_t *cr, const struct chart *c, const struct area *a,
		      enum chart_tone t)
{
	double b[4];
	int any = 0;

	for (size_t i = 0; i < c->ncells; i++) {
		if (tone_of(&c->cells[i]) != t)
			continue;
		box(c, a, i, b);
		if (b[3] > 0) {
			cairo_rectangle(cr, b[0], b[1], b[2], b[3]);
			any = 1;
		}
	}
	if (any) {
		rgb(cr, tone_rgb[t]);
		cairo_fill(cr);
	}
}

/*
 * The cells or bars, one stroke (strip) or fill (bars) per colour, a month of days three
 * or four of them and not thirty; days without data grey in one fill; then the hatching
 * of days without data and, on a strip, of the unmonitored share at the top of a day with
 * data, all in one stroke.
 */
static void cells(cairo_t *cr, const struct chart *c, const struct area *a)
{
	double b[4];
	int hatched = 0;

	for (int t = 0; t < CHART_NTONES; t++)
		if (t != CHART_NODATA) {
			if (c->kind == CHART_STRIP)
				strip_tone(cr, c, a, (enum chart_tone)t);
			else
				fill_tone(cr, c, a, (enum chart_tone)t);
		}
	fill_tone(cr, c, a, CHART_NODATA);
	for (size_t i = 0; i < c->ncells; i++) {
		const struct chart_cell *k = &c->cells[i];

		box(c, a, i, b);
		if (b[3] <= 0)
			continue;
		if (tone_of(k) == CHART_NODATA)
			hatch_path(cr, b[0], b[1], b[2], b[3]);
		else if (c->kind == CHART_STRIP && k->unmonitored > 0.001)
			hatch_path(cr, b[0], b[1], b[2],
				   b[3] * (k->unmonitored > 1 ? 1 : k->unmonitored));
		else
			continue;
		hatched = 1;
	}
	if (hatched)
		hatch_stroke(cr);
}

static void time_labels(cairo_t *cr, const struct chart_cairo_text *l, const struct chart *c,
			const struct area *a, const struct zone *z)
{
	char d[16];

	zone_date(z, c->x0, d, sizeof(d));
	text(cr, l, d, a->x, a->y + a->h + 2, -1, 0x444444);
	zone_date(z, c->x1 - 1, d, sizeof(d));
	text(cr, l, d, a->x + a->w, a->y + a->h + 2, 1, 0x444444);
}

static void value_axis(cairo_t *cr, const struct chart_cairo_text *l,
		const struct chart *c, const struct area *a)
{
	char n[40];

	rgb(cr, 0x999999);
	cairo_set_line_width(cr, 0.6);
	cairo_move_to(cr, a->x, a->y);
	cairo_line_to(cr, a->x, a->y + a->h);
	cairo_line_to(cr, a->x + a->w, a->y + a->h);
	cairo_stroke(cr);
	render_num(c->y1, 3, c->unit, n, sizeof(n));
	text(cr, l, n, a->x - 3, a->y - 4, 1, 0x444444);
	render_num(c->y0, 3, c->unit, n, sizeof(n));
	text(cr, l, n, a->x - 3, a->y + a->h - 5, 1, 0x444444);
}

static void target_line(cairo_t *cr, const struct chart_cairo_text *l,
		const struct chart *c, const struct area *a)
{
	static const double dash[] = { 4, 2.5 };
	double y;

	if (isnan(c->target))
		return;
	y = ypos(c, a, c->target);
	cairo_save(cr);
	rgb(cr, 0x333333);
	cairo_set_line_width(cr, 0.8);
	cairo_set_dash(cr, dash, 2, 0);
	cairo_move_to(cr, a->x, y);
	cairo_line_to(cr, a->x + a->w, y);
	cairo_stroke(cr);
	cairo_restore(cr);
	if (c->target_label != NULL)
		text(cr, l, c->target_label, a->x + a->w - 2, y - 10, 1, 0x333333);
}

static void strip(cairo_t *cr, const struct chart_cairo_text *l,
		const struct chart *c, const struct area *a,
		  const struct zone *z)
{
	cells(cr, c, a);
	time_labels(cr, l, c, a, z);
}

static void bars(cairo_t *cr, const struct chart_cairo_text *l,
		const struct chart *c, const struct area *a,
		 const struct zone *z)
{
	value_axis(cr, l, c, a);
	cells(cr, c, a);
	target_line(cr, l, c, a);
	time_labels(cr, l, c, a, z);
}

/* The points as one path of runs of known values: a NAN point breaks the line. */
static void line(cairo_t *cr, const struct chart_cairo_text *l,
		const struct chart *c, const struct area *a,
		 const struct zone *z)
{
	static const double dots[] = { 1.5, 2 };
	int open = 0;

	value_axis(cr, l, c, a);
	if (!isnan(c->guide0)) {
		cairo_save(cr);
		rgb(cr, 0x888888);
		cairo_set_line_width(cr, 0.8);
		cairo_set_dash(cr, dots, 2, 0);
		cairo_move_to(cr, xpos(c, a, c->x0), ypos(c, a, c->guide0));
		cairo_line_to(cr, xpos(c, a, c->x1), ypos(c, a, c->guide1));
		cairo_stroke(cr);
		cairo_restore(cr);
	}
	target_line(cr, l, c, a);
	for (size_t i = 0; i < c->npoints; i++) {
		const struct chart_point *p = &c->points[i];

		if (isnan(p->y)) {
			open = 0;
			continue;
		}
		if (open)
			cairo_line_to(cr, xpos(c, a, p->x), ypos(c, a, p->y));
		else
			cairo_move_to(cr, xpos(c, a, p->x), ypos(c, a, p->y));
		open = 1;
	}
	rgb(cr, 0x1f5fa8);
	cairo_set_line_width(cr, 1.4);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_stroke(cr);
	time_labels(cr, l, c, a, z);
}

void chart_cairo_draw(cairo_t *cr, const struct chart_cairo_text *label, const struct chart *c,
		      const struct zone *z, double x, double y, double w)
{
	struct area a = {
		x + LEFT, y + TOP, w - LEFT - RIGHT, c->kind == CHART_STRIP ? STRIP_H : PLOT_H,
	};

	cairo_save(cr);
	if (c->kind == CHART_STRIP)
		strip(cr, label, c, &a, z);
	else if (c->kind == CHART_BARS)
		bars(cr, label, c, &a, z);
	else
		line(cr, label, c, &a, z);
	cairo_restore(cr);
}

void chart_cairo_swatch(cairo_t *cr, enum chart_tone t, double x, double y, double s)
{
	/* Hatched, as the HTML's pattern: the one tone that is not a colour. */
	if (t == CHART_NODATA) {
		rgb(cr, tone_rgb[CHART_NODATA]);
		cairo_rectangle(cr, x, y, s, s);
		cairo_fill(cr);
		hatch_path(cr, x, y, s, s);
		hatch_stroke(cr);
		return;
	}
	rgb(cr, chart_cairo_rgb(t));
	cairo_rectangle(cr, x, y, s, s);
	cairo_fill(cr);
}
