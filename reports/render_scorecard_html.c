#include "render_scorecard.h"

#include <math.h>
#include <stdio.h>

#include "htmlw.h"

/*
 * The scorecard as an HTML section (the report's summary holds it) or a page of its own:
 * the card's score, then per perspective a row with its weighted score and a bar, and a
 * row per KPI: value, thresholds, score, status (coloured), the previous value, the trend
 * and the figure it came from.  Every string from the config, the archives or the
 * measures file goes through html_text().
 */

static void score_bar(FILE *out, double s)
{
	fputs("<svg class=\"bar\" viewBox=\"0 0 100 8\" width=\"100\" height=\"8\" "
	      "role=\"img\" aria-label=\"score\"><rect width=\"100\" height=\"8\" fill=\"#e4e4e4\"/>",
	      out);
	if (isfinite(s))
		fprintf(out, "<rect width=\"%.1f\" height=\"8\" fill=\"#4a78b5\"/>", 10 * s);
	fputs("</svg>", out);
}

static void trend(FILE *out, enum sc_trend t)
{
	static const char *const marks[] = {
		[SC_NO_TREND] = "&#x2013;", [SC_BETTER] = "&#x25b2; better",
		[SC_SAME] = "= same", [SC_WORSE] = "&#x25bc; worse",
	};

	fprintf(out, "<span class=\"trend t-%s\">%s</span>", sc_trend_name(t), marks[t]);
}

static void value(FILE *out, const struct sc_kpi *k, double v)
{
	char buf[32];

	render_scorecard_value(k, v, buf, sizeof(buf));
	fputs(isfinite(v) ? buf : "&#x2013;", out);
}

static void kpi(FILE *out, const struct sc_kpi_result *kr)
{
	const struct sc_kpi *k = kr->kpi;

	fputs("<tr class=\"kpi\"><td class=\"name\">", out);
	html_text(out, k->name);
	fprintf(out, "</td><td>%s</td><td>", k->polarity == SC_HIGHER ? "higher" : "lower");
	value(out, k, kr->cur.value);
	fputs("</td><td>", out);
	value(out, k, k->target);
	fputs("</td><td>", out);
	value(out, k, k->green);
	fputs("</td><td>", out);
	value(out, k, k->red);
	fprintf(out, "</td><td>%g</td><td>", k->weight);
	html_num(out, kr->cur.score, 1, "");
	fprintf(out, "</td><td class=\"name sc-%s\">%s</td><td>", sc_colour_name(kr->cur.colour),
		kr->cur.colour == SC_NO_COLOUR ? "no value" : sc_colour_name(kr->cur.colour));
	value(out, k, kr->prev.value);
	fputs(" (", out);
	html_num(out, kr->prev.score, 1, "");
	fputs(")</td><td class=\"name\">", out);
	trend(out, kr->trend);
	fputs("</td><td class=\"name trace\">", out);
	html_text(out, kr->cur.trace);
	fputs("</td></tr>\n", out);
}

static void perspective(FILE *out, const struct sc_persp_result *pr, enum sc_persp p)
{
	fprintf(out, "<tr class=\"persp\" id=\"sc-%s\"><th class=\"name\" colspan=\"7\">%s "
		"(weight %g)", sc_persp_name(p), p == SC_LEARNING ? "Learning &amp; growth" :
		sc_persp_title(p), pr->def->weight);
	if (pr->nmissing > 0)
		fprintf(out, "; %zu of %zu KPIs without a value, left out", pr->nmissing,
			pr->def->nkpis);
	fputs("</th><th>", out);
	html_num(out, pr->score, 1, "");
	fputs(" ", out);
	score_bar(out, pr->score);
	fputs("</th><th></th><th>", out);
	html_num(out, pr->prev_score, 1, "");
	fputs("</th><th class=\"name\">", out);
	trend(out, pr->trend);
	fputs("</th><th></th></tr>\n", out);
	for (size_t i = 0; i < pr->def->nkpis; i++)
		kpi(out, &pr->kpis[i]);
}

void render_scorecard_html_section(FILE *out, const struct sc_card *c, const struct zone *z)
{
	char a[16], b[16];

	zone_date(z, c->prev_t0, a, sizeof(a));
	zone_date(z, c->prev_t1 - 1, b, sizeof(b));
	fputs("<section class=\"scorecard\">\n<h2 id=\"scorecard\">Scorecard</h2>\n"
	      "<p class=\"meta sc-score\">Score <b>", out);
	html_num(out, c->score, 1, "");
	fputs("</b> / 10 ", out);
	score_bar(out, c->score);
	fputs(" (previous period ", out);
	html_text(out, a);
	fputs(" to ", out);
	html_text(out, b);
	fputs(": ", out);
	html_num(out, c->prev_score, 1, "");
	fputs(", ", out);
	trend(out, c->trend);
	fputs(")</p>\n<table class=\"scorecard\">\n<tr><th class=\"name\">KPI</th>"
	      "<th>better</th><th>value</th><th>target</th><th>green</th><th>red</th>"
	      "<th>weight</th><th>score</th><th class=\"name\">status</th><th>previous "
	      "(score)</th><th class=\"name\">trend</th><th class=\"name\">from</th></tr>\n", out);
	for (size_t p = 0; p < SC_NPERSP; p++)
		if (c->persp[p].def->nkpis > 0)
			perspective(out, &c->persp[p], (enum sc_persp)p);
	fputs("</table>\n<p class=\"meta\">Each KPI scores 10 &#xd7; (value &#x2212; red) / "
	      "(target &#x2212; red), clamped to 0..10; green at or better than green, red at or "
	      "worse than red, amber between.  Perspectives and the card are weighted means over "
	      "what has a value.</p>\n</section>\n", out);
}

int render_scorecard_html(FILE *out, const struct sc_card *c)
{
	const char *title = c->title != NULL ? c->title : "SLA report";
	char buf[64];
	struct zone *z = zone_open_entered(c->tz);

	html_begin(out, title);
	fputs("<h1>", out);
	html_text(out, title);
	fputs(": balanced scorecard</h1>\n<p class=\"meta period\">Period ", out);
	html_text(out, zone_when(z, c->t0, buf, sizeof(buf)));
	fputs(" to ", out);
	html_text(out, zone_when(z, c->t1, buf, sizeof(buf)));
	fprintf(out, " (%lld..%lld, end exclusive); generated ", (long long)c->t0,
		(long long)c->t1);
	html_text(out, zone_when(z, c->generated_at, buf, sizeof(buf)));
	fputs(".</p>\n", out);
	render_scorecard_html_section(out, c, z);
	zone_close_entered(z);
	html_end(out);
	return ferror(out) ? -1 : 0;
}
