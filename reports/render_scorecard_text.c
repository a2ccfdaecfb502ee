#include "render_scorecard.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cal.h"
#include "perf.h"
#include "render_fmt.h"

/*
 * The card's score, then per perspective its score and a table of its KPIs, each followed
 * by the line it came from.  Names from the config and the measures file are escaped as
 * in the text report (render_text_clean).
 */

void render_scorecard_value(const struct sc_kpi *k, double v, char *buf, size_t len)
{
	if (!isfinite(v))
		snprintf(buf, len, "-");
	else if (k->measure == SC_MTTR || k->measure == SC_MTBF)
		render_hms(v, buf, len);
	else if (perf_number(buf, len, v, 4) < 0)
		snprintf(buf, len, "-");
}

static void score_text(double s, char *buf, size_t len)
{
	if (isfinite(s))
		snprintf(buf, len, "%.1f", s);
	else
		snprintf(buf, len, "-");
}

static void when(FILE *out, time_t t, const char *tz)
{
	char buf[64];

	if (cal_format(t, tz, buf, sizeof(buf)) != 0)
		snprintf(buf, sizeof(buf), "@%lld", (long long)t);
	fputs(buf, out);
}

static void kpi_row(FILE *out, const struct sc_kpi_result *kr)
{
	const struct sc_kpi *k = kr->kpi;
	char name[128], v[32], t[32], g[32], r[32], s[16], pv[32], ps[16], tr[2 * SC_TRACELEN];

	render_scorecard_value(k, kr->cur.value, v, sizeof(v));
	render_scorecard_value(k, k->target, t, sizeof(t));
	render_scorecard_value(k, k->green, g, sizeof(g));
	render_scorecard_value(k, k->red, r, sizeof(r));
	render_scorecard_value(k, kr->prev.value, pv, sizeof(pv));
	score_text(kr->cur.score, s, sizeof(s));
	score_text(kr->prev.score, ps, sizeof(ps));
	fprintf(out, "  %-26s %10s %10s %10s %10s %6s %5s %-6s %10s %5s %s\n",
		render_text_clean(k->name, name, sizeof(name)), v, t, g, r,
		k->polarity == SC_HIGHER ? "higher" : "lower", s,
		kr->cur.colour == SC_NO_COLOUR ? "-" : sc_colour_name(kr->cur.colour), pv, ps,
		kr->trend == SC_NO_TREND ? "-" : sc_trend_name(kr->trend));
	fprintf(out, "      weight %g; from %s\n", k->weight,
		render_text_clean(kr->cur.trace, tr, sizeof(tr)));
	if (kr->prev.trace[0] != '\0')
		fprintf(out, "      previous: %s\n",
			render_text_clean(kr->prev.trace, tr, sizeof(tr)));
}

static void perspective(FILE *out, const struct sc_persp_result *pr, enum sc_persp p)
{
	char s[16], ps[16];

	score_text(pr->score, s, sizeof(s));
	score_text(pr->prev_score, ps, sizeof(ps));
	fprintf(out, "\n%s (weight %g): %s / 10, previous %s, %s", sc_persp_title(p),
		pr->def->weight, s, ps, pr->trend == SC_NO_TREND ? "no trend" :
		sc_trend_name(pr->trend));
	if (pr->nmissing > 0)
		fprintf(out, "; %zu of %zu KPIs without a value, left out of the weighting",
			pr->nmissing, pr->def->nkpis);
	fprintf(out, "\n  %-26s %10s %10s %10s %10s %6s %5s %-6s %10s %5s %s\n", "KPI",
		"value", "target", "green", "red", "better", "score", "status", "previous",
		"score", "trend");
	for (size_t i = 0; i < pr->def->nkpis; i++)
		kpi_row(out, &pr->kpis[i]);
}

int render_scorecard_text(FILE *out, const struct sc_card *c)
{
	char title[256], s[16], ps[16];

	fprintf(out, "Balanced scorecard: %s\nPeriod ",
		render_text_clean(c->title ? c->title : "SLA report", title, sizeof(title)));
	when(out, c->t0, c->tz);
	fputs(" to ", out);
	when(out, c->t1, c->tz);
	fprintf(out, " (%lld..%lld)\nPrevious period ", (long long)c->t0, (long long)c->t1);
	when(out, c->prev_t0, c->tz);
	fputs(" to ", out);
	when(out, c->prev_t1, c->tz);
	fputs("\nGenerated ", out);
	when(out, c->generated_at, c->tz);
	score_text(c->score, s, sizeof(s));
	score_text(c->prev_score, ps, sizeof(ps));
	fprintf(out, "\n\nScore %s / 10 (previous %s, %s)\n", s, ps,
		c->trend == SC_NO_TREND ? "no trend" : sc_trend_name(c->trend));
	fputs("Each KPI scores 10 x (value - red) / (target - red), clamped to 0..10; "
	      "green at or\nbetter than green, red at or worse than red, amber between.  "
	      "Perspectives and the\ncard are weighted means over what has a value.\n", out);
	for (size_t p = 0; p < SC_NPERSP; p++)
		if (c->persp[p].def->nkpis > 0)
			perspective(out, &c->persp[p], (enum sc_persp)p);
	return ferror(out) ? -1 : 0;
}
