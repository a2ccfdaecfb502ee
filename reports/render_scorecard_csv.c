#include "render_scorecard.h"

#include <math.h>
#include <stdio.h>

#include "perf.h"
#include "render_fmt.h"

/*
 * One header line, then a row per KPI (record "kpi"), per perspective ("perspective") and
 * for the card ("card"), RFC 4180 (CRLF, fields quoted when they hold a comma, quote, CR
 * or LF).  Values in the measure's unit: MTTR and MTBF in seconds.
 */

static const char header[] =
	"record,perspective,kpi,source,service,field,polarity,weight,target,green,red,value,"
	"score,status,previous_value,previous_score,previous_status,trend,trace,"
	"period_start,period_end,previous_start,previous_end";

static void str(FILE *out, const char *s)
{
	fputc(',', out);
	if (s != NULL)
		render_csv_field(out, s);
}

static void num(FILE *out, double v, int decimals)
{
	char buf[64];

	fputc(',', out);
	if (isfinite(v) && perf_number(buf, sizeof(buf), v, decimals) >= 0)
		fputs(buf, out);
}

static void colour(FILE *out, enum sc_colour c)
{
	str(out, c == SC_NO_COLOUR ? "" : sc_colour_name(c));
}

static void periods(FILE *out, const struct sc_card *c)
{
	fprintf(out, ",%lld,%lld,%lld,%lld\r\n", (long long)c->t0, (long long)c->t1,
		(long long)c->prev_t0, (long long)c->prev_t1);
}

static void kpi(FILE *out, const struct sc_card *c, enum sc_persp p,
		const struct sc_kpi_result *kr)
{
	const struct sc_kpi *k = kr->kpi;

	fputs("kpi", out);
	str(out, sc_persp_name(p));
	str(out, k->name);
	str(out, sc_measure_name(k->measure));
	str(out, kr->cur.service);
	str(out, kr->cur.field);
	str(out, k->polarity == SC_HIGHER ? "higher" : "lower");
	num(out, k->weight, 6);
	num(out, k->target, 6);
	num(out, k->green, 6);
	num(out, k->red, 6);
	num(out, kr->cur.value, 6);
	num(out, kr->cur.score, 4);
	colour(out, kr->cur.colour);
	num(out, kr->prev.value, 6);
	num(out, kr->prev.score, 4);
	colour(out, kr->prev.colour);
	str(out, kr->trend == SC_NO_TREND ? "" : sc_trend_name(kr->trend));
	str(out, kr->cur.trace);
	periods(out, c);
}

/* A perspective (name given) or the card (name NULL): its weighted scores. */
static void total(FILE *out, const struct sc_card *c, const char *name, double weight,
		  double score, double prev, enum sc_trend trend)
{
	fputs(name ? "perspective" : "card", out);
	str(out, name);
	fputs(",,,,,", out);
	if (name != NULL)
		num(out, weight, 6);
	else
		fputc(',', out);
	fputs(",,,,", out);
	num(out, score, 4);
	fputc(',', out);
	fputc(',', out);
	num(out, prev, 4);
	fputc(',', out);
	str(out, trend == SC_NO_TREND ? "" : sc_trend_name(trend));
	fputc(',', out);
	periods(out, c);
}

int render_scorecard_csv(FILE *out, const struct sc_card *c)
{
	fprintf(out, "%s\r\n", header);
	for (size_t p = 0; p < SC_NPERSP; p++) {
		const struct sc_persp_result *pr = &c->persp[p];

		for (size_t i = 0; i < pr->def->nkpis; i++)
			kpi(out, c, (enum sc_persp)p, &pr->kpis[i]);
		if (pr->def->nkpis > 0)
			total(out, c, sc_persp_name((enum sc_persp)p), pr->def->weight, pr->score,
			      pr->prev_score, pr->trend);
	}
	total(out, c, NULL, NAN, c->score, c->prev_score, c->trend);
	return ferror(out) ? -1 : 0;
}
