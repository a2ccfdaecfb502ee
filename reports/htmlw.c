#include "htmlw.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render_fmt.h"

void html_text(FILE *out, const char *s)
{
	size_t n;

	for (const unsigned char *p = (const unsigned char *)s; p != NULL && *p != '\0'; p += n) {
		n = render_utf8_len((const char *)p);
		if (n == 0) {
			fputs("&#xfffd;", out);	/* not UTF-8: one replacement per byte */
			n = 1;
		} else if (*p == '&')
			fputs("&amp;", out);
		else if (*p == '<')
			fputs("&lt;", out);
		else if (*p == '>')
			fputs("&gt;", out);
		else if (*p == '"')
			fputs("&quot;", out);
		else if (*p == '\'')
			fputs("&#39;", out);
		else if (*p < 0x20)
			fprintf(out, "&#x%x;", 0x2400 + *p);	/* U+2400..: visible ␀ ␉ ␊ */
		else if (*p == 0x7f)
			fputs("&#x2421;", out);
		else if (n == 2 && p[0] == 0xc2 && p[1] < 0xa0)
			fputs("&#xfffd;", out);	/* C1 controls */
		else
			fwrite(p, 1, n, out);
	}
}

/*
 * Screen and print: the colours are the charts' meaning, so print keeps them
 * (print-color-adjust) and a service's section is not split across pages when it fits.
 */
static const char css[] =
	"body{font-family:sans-serif;font-size:14px;color:#222;margin:2em auto;max-width:60em;"
	"padding:0 1em;-webkit-print-color-adjust:exact;print-color-adjust:exact}"
	"h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.6em;"
	"border-bottom:1px solid #ccc}h3{font-size:1em;margin:1em 0 .3em}"
	".meta{color:#555;margin:.2em 0}"
	"table{border-collapse:collapse;margin:.5em 0}th,td{padding:.2em .6em;text-align:right;"
	"border-bottom:1px solid #e4e4e4;vertical-align:top}th{background:#f2f2f2}"
	"td.name,th.name{text-align:left}"
	".mark{font-weight:bold;white-space:nowrap}.v-met{color:#1b7a3d}.v-missed{color:#c62828}"
	".v-insufficient_data{color:#9a6700}.v-no_data,.v-no_objective{color:#666}"
	".error{color:#c62828}"
	"figure{margin:.6em 0}figcaption{font-size:.9em;color:#444}svg{display:block;max-width:100%;height:auto}"
	"svg text{font-family:sans-serif;font-size:10px;fill:#444}"
	".legend span{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 1em;"
	"vertical-align:middle;border:1px solid #999}"
	"section.service{break-inside:avoid-page}"
	".sc-red{background:#f6d5d5}.sc-amber{background:#fbecc0}.sc-green{background:#d5efdd}"
	"tr.persp th{background:#e8eef6}td.trace{font-size:.85em;color:#555}svg.bar{display:inline;vertical-align:middle}"
	"@media print{body{margin:0;max-width:none;font-size:11px}h2{break-after:avoid}"
	"section.service{break-before:auto}a{color:inherit;text-decoration:none}}";

void html_begin(FILE *out, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; img-src data:\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
	      out);
	html_text(out, title);
	fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n", css);
	/* The hatching of unmonitored time, defined once for every chart of the page. */
	fputs("<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\">"
	      "<defs><pattern id=\"hatch\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\" "
	      "patternTransform=\"rotate(45)\"><rect width=\"4\" height=\"4\" fill=\"#e0e0e0\"/>"
	      "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"4\" stroke=\"#888\" stroke-width=\"1.5\"/>"
	      "</pattern></defs></svg>\n", out);
}

void html_end(FILE *out)
{
	fputs("</body>\n</html>\n", out);
}

void html_num(FILE *out, double v, int decimals, const char *unit)
{
	char n[64];

	fputs(render_num(v, decimals, unit, n, sizeof(n)), out);
}

/* ---- charts ---- */

/* The drawing area inside the SVG's viewBox. */
#define W 720.0
#define LEFT 56.0
#define RIGHT 12.0
#define TOP 8.0
#define PW (W - LEFT - RIGHT)

static const char *const tone_fill[CHART_NTONES] = {
	[CHART_MET] = "#2e9d57", [CHART_DEGRADED] = "#e0b000", [CHART_MISSED] = "#d62728",
	[CHART_PARTIAL] = "#f0a35e", [CHART_NODATA] = "url(#hatch)",
};

void html_legend(FILE *out)
{
	static const char *const what[CHART_NTONES] = {
		[CHART_MET] = "target met", [CHART_DEGRADED] = "some downtime (no target)",
		[CHART_MISSED] = "below target", [CHART_PARTIAL] = "insufficient data",
		[CHART_NODATA] = "unmonitored / no data",
	};

	fputs("<p class=\"legend meta\">Colours:", out);
	for (int t = 0; t < CHART_NTONES; t++)
		fprintf(out, "<span style=\"background:%s\"></span>%s", t == CHART_NODATA ?
			"repeating-linear-gradient(45deg,#e0e0e0 0 2px,#888 2px 3px)" :
			tone_fill[t], what[t]);
	fputs("; a hatched top on a day: its unmonitored share.</p>\n", out);
}

static double xpos(const struct chart *c, time_t t)
{
	double span = (double)(c->x1 - c->x0);

	return LEFT + (span > 0 ? (double)(t - c->x0) / span * PW : 0);
}

static double ypos(const struct chart *c, double v, double h)
{
	double y = v < c->y0 ? c->y0 : v > c->y1 ? c->y1 : v;

	return TOP + h - (y - c->y0) / (c->y1 - c->y0) * h;
}

static void cell_title(FILE *out, const struct chart_cell *k, const struct zone *z)
{
	char a[16], b[16];

	zone_date(z, k->t0, a, sizeof(a));
	zone_date(z, k->t1 - 1, b, sizeof(b));
	fprintf(out, "<title>%s", a);
	if (strcmp(a, b) != 0)
		fprintf(out, " – %s", b);
	fputs(": ", out);
	html_num(out, k->value, 3, "%");
	fputs(", unmonitored ", out);
	html_num(out, k->unmonitored * 100, 1, "%");
	fprintf(out, " (%s)</title>", chart_tone_name(k->tone));
}

/* One cell or bar; the unmonitored share of a cell with data hatched over its top. */
static void cell(FILE *out, const struct chart *c, const struct chart_cell *k, double x,
		 double w, double y, double h, const struct zone *z)
{
	char d[16];

	zone_date(z, k->t0, d, sizeof(d));
	fprintf(out, "<g class=\"cell %s\" data-day=\"%s\" data-value=\"", chart_tone_name(k->tone),
		d);
	html_num(out, k->value, 6, "");
	fprintf(out, "\"><rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"/>",
		x, y, w, h, tone_fill[k->tone]);
	if (k->tone != CHART_NODATA && k->unmonitored > 0.001 && c->kind == CHART_STRIP)
		fprintf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
			"fill=\"url(#hatch)\"/>", x, y, w, h * (k->unmonitored > 1 ? 1 : k->unmonitored));
	cell_title(out, k, z);
	fputs("</g>", out);
}

static void time_labels(FILE *out, const struct chart *c, double y, const struct zone *z)
{
	char a[16], b[16];

	zone_date(z, c->x0, a, sizeof(a));
	zone_date(z, c->x1 - 1, b, sizeof(b));
	fprintf(out, "<text x=\"%.2f\" y=\"%.2f\">%s</text>"
		"<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\">%s</text>", LEFT, y, a, W - RIGHT,
		y, b);
}

static void value_axis(FILE *out, const struct chart *c, double h)
{
	const double v[2] = { c->y0, c->y1 };

	fprintf(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#999\"/>",
		LEFT, TOP, LEFT, TOP + h);
	for (int i = 0; i < 2; i++) {
		fprintf(out, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\">", LEFT - 4,
			ypos(c, v[i], h) + 3);
		html_num(out, v[i], 3, c->unit);
		fputs("</text>", out);
	}
	fprintf(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#999\"/>",
		LEFT, TOP + h, W - RIGHT, TOP + h);
}

static void target_line(FILE *out, const struct chart *c, double h)
{
	double y;

	if (isnan(c->target))
		return;
	y = ypos(c, c->target, h);
	fprintf(out, "<g class=\"target\" data-value=\"");
	html_num(out, c->target, 6, "");
	fprintf(out, "\"><line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#333\" "
		"stroke-dasharray=\"5 3\"/><text x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\">", LEFT,
		y, W - RIGHT, y, W - RIGHT - 2, y - 3);
	html_text(out, c->target_label);
	fputs("</text></g>", out);
}

static void strip(FILE *out, const struct chart *c, const struct zone *z)
{
	const double h = 28;
	double cw = c->ncells ? PW / (double)c->ncells : PW;

	fprintf(out, "<svg class=\"chart %s\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
		"data-cells=\"%zu\">", c->key, W, TOP + h + 16, c->ncells);
	for (size_t i = 0; i < c->ncells; i++)
		cell(out, c, &c->cells[i], LEFT + (double)i * cw, cw > 3 ? cw - 1 : cw, TOP, h, z);
	time_labels(out, c, TOP + h + 12, z);
	fputs("</svg>", out);
}

static void bars(FILE *out, const struct chart *c, const struct zone *z)
{
	const double h = 150;
	double cw = c->ncells ? PW / (double)c->ncells : PW;

	fprintf(out, "<svg class=\"chart %s\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
		"data-bars=\"%zu\">", c->key, W, TOP + h + 16, c->ncells);
	value_axis(out, c, h);
	for (size_t i = 0; i < c->ncells; i++) {
		const struct chart_cell *k = &c->cells[i];
		double y = isnan(k->value) ? TOP : ypos(c, k->value, h);

		cell(out, c, k, LEFT + (double)i * cw + (cw > 4 ? 1 : 0), cw > 4 ? cw - 2 : cw, y,
		     TOP + h - y, z);
	}
	target_line(out, c, h);
	time_labels(out, c, TOP + h + 12, z);
	fputs("</svg>", out);
}

/* The points as polylines, one per run of known values. */
static void line(FILE *out, const struct chart *c, const struct zone *z)
{
	const double h = 150;
	int open = 0;

	fprintf(out, "<svg class=\"chart %s\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
		"data-points=\"%zu\" data-last=\"", c->key, W, TOP + h + 16, c->npoints);
	html_num(out, c->last, 6, "");
	fputs("\">", out);
	value_axis(out, c, h);
	if (!isnan(c->guide0))
		fprintf(out, "<line class=\"guide\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
			"stroke=\"#888\" stroke-dasharray=\"2 3\"/>", xpos(c, c->x0),
			ypos(c, c->guide0, h), xpos(c, c->x1), ypos(c, c->guide1, h));
	target_line(out, c, h);
	for (size_t i = 0; i < c->npoints; i++) {
		const struct chart_point *p = &c->points[i];

		if (isnan(p->y)) {
			fputs(open ? "\"/>" : "", out);
			open = 0;
			continue;
		}
		fputs(open ? " " : "<polyline class=\"series\" fill=\"none\" stroke=\"#1f5fa8\" "
		      "stroke-width=\"2\" points=\"", out);
		fprintf(out, "%.2f,%.2f", xpos(c, p->x), ypos(c, p->y, h));
		open = 1;
	}
	fputs(open ? "\"/>" : "", out);
	time_labels(out, c, TOP + h + 12, z);
	fputs("</svg>", out);
}

void html_chart(FILE *out, const struct chart *c, const struct zone *z)
{
	fputs("<figure>", out);
	if (c->kind == CHART_STRIP)
		strip(out, c, z);
	else if (c->kind == CHART_BARS)
		bars(out, c, z);
	else
		line(out, c, z);
	fputs("<figcaption>", out);
	html_text(out, c->title);
	if (c->kind == CHART_LINE && !isnan(c->last)) {
		fputs(": ends at <b class=\"last\">", out);
		html_num(out, c->last, 3, c->unit);
		fputs("</b>", out);
	}
	if (c->target_label != NULL && !isnan(c->target)) {
		fputs("; dashed: ", out);
		html_text(out, c->target_label);
	}
	if (!isnan(c->guide0))
		fputs("; dotted: the allowed pace", out);
	fputs("</figcaption></figure>\n", out);
}
