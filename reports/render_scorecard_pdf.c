#include "render_scorecard.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pdfw.h"
#include "perf.h"

/*
 * The scorecard in a PDF (pdfw.h): the card's score, then per perspective a table of its
 * KPIs — value, thresholds, score, status in its colour, the previous value and score, the
 * trend and the figure the value came from — ending with the perspective's weighted score.
 * A section of the report's PDF (--scorecard) or a document of its own.
 */

static const enum pdfw_tone tones[] = {
	[SC_NO_COLOUR] = PDFW_MUTED, [SC_RED] = PDFW_BAD, [SC_AMBER] = PDFW_WARN,
	[SC_GREEN] = PDFW_GOOD,
};

static const struct pdfw_col cols[] = {
	{ "KPI", 0.17, 0 }, { "value", 0.09, 1 }, { "target", 0.08, 1 }, { "green", 0.08, 1 },
	{ "red", 0.08, 1 }, { "score", 0.07, 1 }, { "status", 0.08, 0 },
	{ "previous (score)", 0.11, 1 }, { "trend", 0.07, 0 }, { "from", 0.17, 0 },
};
#define NCOLS (sizeof(cols) / sizeof(cols[0]))

static const char *score_text(double s, char *buf, size_t len)
{
	if (isfinite(s))
		snprintf(buf, len, "%.1f", s);
	else
		snprintf(buf, len, "\u2013");
	return buf;
}

static const char *trend_text(enum sc_trend t)
{
	static const char *const words[] = {
		[SC_NO_TREND] = "\u2013", [SC_BETTER] = "\u25b2 better", [SC_SAME] = "= same",
		[SC_WORSE] = "\u25bc worse",
	};

	return (unsigned)t < sizeof(words) / sizeof(words[0]) ? words[t] : "?";
}

static void kpi(struct pdfw *w, const struct sc_kpi_result *kr)
{
	const struct sc_kpi *k = kr->kpi;
	char name[192], v[32], t[32], g[32], r[32], s[16], pv[32], ps[16], prev[64];
	const char *cells[NCOLS] = { name, v, t, g, r, s, NULL, prev, trend_text(kr->trend),
				     kr->cur.trace };
	enum pdfw_tone tn[NCOLS] = { PDFW_PLAIN };

	snprintf(name, sizeof(name), "%s (%s is better, weight %g)", k->name,
		 k->polarity == SC_HIGHER ? "higher" : "lower", k->weight);
	render_scorecard_value(k, kr->cur.value, v, sizeof(v));
	render_scorecard_value(k, k->target, t, sizeof(t));
	render_scorecard_value(k, k->green, g, sizeof(g));
	render_scorecard_value(k, k->red, r, sizeof(r));
	render_scorecard_value(k, kr->prev.value, pv, sizeof(pv));
	score_text(kr->cur.score, s, sizeof(s));
	snprintf(prev, sizeof(prev), "%s (%s)", pv, score_text(kr->prev.score, ps, sizeof(ps)));
	cells[6] = kr->cur.colour == SC_NO_COLOUR ? "no value" : sc_colour_name(kr->cur.colour);
	tn[6] = tones[kr->cur.colour];
	tn[8] = kr->trend == SC_BETTER ? PDFW_GOOD : kr->trend == SC_WORSE ? PDFW_BAD :
		PDFW_PLAIN;
	pdfw_row(w, cells, tn, 0);
}

static void perspective(struct pdfw *w, const struct sc_persp_result *pr, enum sc_persp p)
{
	char head[128], s[16], ps[16];
	const char *total[NCOLS] = { "weighted score" };

	snprintf(head, sizeof(head), "%s (weight %g)", sc_persp_title(p), pr->def->weight);
	pdfw_heading(w, 2, head, NULL, PDFW_PLAIN, 80);
	pdfw_table(w, cols, NCOLS);
	for (size_t i = 0; i < pr->def->nkpis; i++)
		kpi(w, &pr->kpis[i]);
	total[5] = score_text(pr->score, s, sizeof(s));
	total[7] = score_text(pr->prev_score, ps, sizeof(ps));
	total[8] = trend_text(pr->trend);
	pdfw_row(w, total, NULL, 1);
	pdfw_table_end(w);
	if (pr->nmissing > 0) {
		snprintf(head, sizeof(head), "%zu of %zu KPIs without a value, left out of the "
			 "weighting.", pr->nmissing, pr->def->nkpis);
		pdfw_paragraph(w, head, 1);
	}
}

void render_scorecard_pdf_section(struct pdfw *w, const struct sc_card *c, const struct zone *z)
{
	char line[256], s[16], ps[16], a[16], b[16];

	pdfw_heading(w, 1, "Scorecard", NULL, PDFW_PLAIN, 120);
	snprintf(line, sizeof(line), "Score %s / 10; previous period %s to %s: %s, %s.",
		 score_text(c->score, s, sizeof(s)), zone_date(z, c->prev_t0, a, sizeof(a)),
		 zone_date(z, c->prev_t1 - 1, b, sizeof(b)),
		 score_text(c->prev_score, ps, sizeof(ps)), trend_text(c->trend));
	pdfw_paragraph(w, line, 0);
	pdfw_paragraph(w, "Each KPI scores 10 \u00d7 (value \u2212 red) / (target \u2212 red), "
		       "clamped to 0..10; green at or better than green, red at or worse than "
		       "red, amber between.  Perspectives and the card are weighted means over "
		       "what has a value.", 1);
	for (size_t p = 0; p < SC_NPERSP; p++)
		if (c->persp[p].def->nkpis > 0)
			perspective(w, &c->persp[p], (enum sc_persp)p);
}

/* What the layout of the card's document needs. */
struct doc {
	const struct sc_card *c;
	const struct zone *z;
	const char *head;
	const char *const *lines;
};

/* The card's document, laid out (pdfw_write() runs it twice). */
static int body(struct pdfw *w, void *arg)
{
	const struct doc *d = arg;

	pdfw_cover(w, d->head, d->lines, 3);
	render_scorecard_pdf_section(w, d->c, d->z);
	return 0;
}

static int document(FILE *out, const struct sc_card *c, char *err, size_t errlen)
{
	const char *title = c->title != NULL ? c->title : "SLA report";
	char a[64], b[64], period[160], generated[128], range[128], head[300];
	const char *lines[3] = { period, range, generated };
	struct zone *z = zone_open_entered(c->tz);
	int rc;

	snprintf(period, sizeof(period), "%s to %s", zone_date(z, c->t0, a, sizeof(a)),
		 zone_date(z, c->t1 - 1, b, sizeof(b)));
	snprintf(range, sizeof(range), "(%lld..%lld, end exclusive)", (long long)c->t0,
		 (long long)c->t1);
	snprintf(generated, sizeof(generated), "Generated %s",
		 zone_when(z, c->generated_at, a, sizeof(a)));
	snprintf(head, sizeof(head), "%s: balanced scorecard", title);
	rc = pdfw_write(&(struct pdfw_opts){ .title = head, .subtitle = period, .font = c->font,
					    .logo = c->logo, .footer = generated }, body,
			&(struct doc){ .c = c, .z = z, .head = head, .lines = lines }, out, err,
			errlen);
	zone_close_entered(z);
	return rc;
}

int render_scorecard_pdf(FILE *out, const struct sc_card *c)
{
	char err[256];

	if (document(out, c, err, sizeof(err)) != 0) {
		fprintf(stderr, "sla-report scorecard: %s\n", err);
		return -1;
	}
	return ferror(out) ? -1 : 0;
}
