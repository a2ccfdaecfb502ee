#include "scorecard.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char *const persp_names[SC_NPERSP] = {
	"customer", "internal_process", "financial", "learning_growth",
};
static const char *const persp_titles[SC_NPERSP] = {
	"Customer", "Internal process", "Financial", "Learning & growth",
};
static const char *const measure_names[SC_NMEASURES] = {
	[SC_AVAILABILITY] = "availability", [SC_LATENCY] = "latency",
	[SC_SLAS_MET] = "slas_met", [SC_OUTAGES] = "outages", [SC_MTTR] = "mttr",
	[SC_MTBF] = "mtbf", [SC_CREDITS] = "credits", [SC_BUDGET_LEFT] = "budget_left",
	[SC_COVERAGE] = "coverage", [SC_CHRONIC] = "chronic_breach", [SC_CSV] = "csv",
};

const char *sc_persp_name(enum sc_persp p)
{
	return (unsigned)p < SC_NPERSP ? persp_names[p] : "?";
}

const char *sc_persp_title(enum sc_persp p)
{
	return (unsigned)p < SC_NPERSP ? persp_titles[p] : "?";
}

const char *sc_measure_name(enum sc_measure m)
{
	return (unsigned)m < SC_NMEASURES ? measure_names[m] : "?";
}

int sc_measure_parse(const char *s, enum sc_measure *m)
{
	for (size_t i = 0; i < SC_CSV; i++)
		if (strcmp(s, measure_names[i]) == 0) {
			*m = (enum sc_measure)i;
			return 0;
		}
	return -1;
}

const char *sc_colour_name(enum sc_colour c)
{
	static const char *const names[] = { "none", "red", "amber", "green" };

	return (unsigned)c < ARRAY_LEN(names) ? names[c] : "?";
}

const char *sc_trend_name(enum sc_trend t)
{
	static const char *const names[] = { "none", "better", "same", "worse" };

	return (unsigned)t < ARRAY_LEN(names) ? names[t] : "?";
}

void sc_def_release(struct sc_def *d)
{
	if (d == NULL)
		return;
	for (size_t p = 0; p < SC_NPERSP; p++) {
		for (size_t i = 0; i < d->persp[p].nkpis; i++) {
			free(d->persp[p].kpis[i].name);
			free(d->persp[p].kpis[i].service);
			free(d->persp[p].kpis[i].column);
		}
		free(d->persp[p].kpis);
	}
	free(d->measures);
	free(d);
}

/*
 * The normalisation of scorecard tools (BSC Designer's "linear" progress between a
 * baseline and the target): the red threshold is the baseline.  One formula serves both
 * polarities, since target − red is negative when lower is better.
 */
double sc_score(const struct sc_kpi *k, double v)
{
	double s;

	if (isnan(v))
		return NAN;
	s = 10 * (v - k->red) / (k->target - k->red);
	return s <= 0 ? 0 : s > 10 ? 10 : s;	/* <= 0: no -0 when lower is better */
}

/* a is at least as good as b. */
static int at_least(enum sc_polarity p, double a, double b)
{
	return p == SC_HIGHER ? a >= b : a <= b;
}

enum sc_colour sc_colour_of(const struct sc_kpi *k, double v)
{
	if (isnan(v))
		return SC_NO_COLOUR;
	if (at_least(k->polarity, v, k->green))
		return SC_GREEN;
	if (at_least(k->polarity, k->red, v))
		return SC_RED;
	return SC_AMBER;
}

/*
 * Values that differ only in the last bits of a double (the same seconds summed in
 * another order) are the same.
 */
static int same(double a, double b)
{
	return fabs(a - b) <= 1e-9 * fmax(1, fmax(fabs(a), fabs(b)));
}

enum sc_trend sc_trend_of(enum sc_polarity p, double cur, double prev)
{
	if (isnan(cur) || isnan(prev))
		return SC_NO_TREND;
	if (same(cur, prev))
		return SC_SAME;
	return at_least(p, cur, prev) ? SC_BETTER : SC_WORSE;
}

static void value_init(struct sc_value *v)
{
	memset(v, 0, sizeof(*v));
	v->value = v->score = NAN;
}

int sc_card_init(struct sc_card *c, const struct sc_def *def)
{
	memset(c, 0, sizeof(*c));
	c->score = c->prev_score = NAN;
	for (size_t p = 0; p < SC_NPERSP; p++) {
		struct sc_persp_result *pr = &c->persp[p];

		pr->def = &def->persp[p];
		pr->score = pr->prev_score = NAN;
		if (pr->def->nkpis == 0)
			continue;
		if ((pr->kpis = calloc(pr->def->nkpis, sizeof(*pr->kpis))) == NULL) {
			sc_card_release(c);
			return -1;
		}
		for (size_t i = 0; i < pr->def->nkpis; i++) {
			pr->kpis[i].kpi = &pr->def->kpis[i];
			value_init(&pr->kpis[i].cur);
			value_init(&pr->kpis[i].prev);
		}
	}
	return 0;
}

void sc_card_release(struct sc_card *c)
{
	for (size_t p = 0; p < SC_NPERSP; p++) {
		free(c->persp[p].kpis);
		c->persp[p].kpis = NULL;
	}
}

/* Σ w × s / Σ w over the pairs whose score is known; NAN when none is. */
struct wsum {
	double ws, w;
};

static void wsum_add(struct wsum *a, double weight, double score)
{
	if (isnan(score))
		return;
	a->ws += weight * score;
	a->w += weight;
}

static double wsum_mean(const struct wsum *a)
{
	return a->w > 0 ? a->ws / a->w : NAN;
}

static void score_value(const struct sc_kpi *k, struct sc_value *v)
{
	v->score = sc_score(k, v->value);
	v->colour = sc_colour_of(k, v->value);
}

static void score_persp(struct sc_persp_result *pr)
{
	struct wsum cur = { 0, 0 }, prev = { 0, 0 };

	pr->nmissing = 0;
	for (size_t i = 0; i < pr->def->nkpis; i++) {
		struct sc_kpi_result *kr = &pr->kpis[i];

		score_value(kr->kpi, &kr->cur);
		score_value(kr->kpi, &kr->prev);
		kr->trend = sc_trend_of(kr->kpi->polarity, kr->cur.value, kr->prev.value);
		wsum_add(&cur, kr->kpi->weight, kr->cur.score);
		wsum_add(&prev, kr->kpi->weight, kr->prev.score);
		pr->nmissing += isnan(kr->cur.score);
	}
	pr->score = wsum_mean(&cur);
	pr->prev_score = wsum_mean(&prev);
	pr->weight_used = cur.w;
	pr->trend = sc_trend_of(SC_HIGHER, pr->score, pr->prev_score);
}

void sc_card_score(struct sc_card *c)
{
	struct wsum cur = { 0, 0 }, prev = { 0, 0 };

	for (size_t p = 0; p < SC_NPERSP; p++) {
		struct sc_persp_result *pr = &c->persp[p];

		if (pr->def->nkpis == 0)
			continue;
		score_persp(pr);
		wsum_add(&cur, pr->def->weight, pr->score);
		wsum_add(&prev, pr->def->weight, pr->prev_score);
	}
	c->score = wsum_mean(&cur);
	c->prev_score = wsum_mean(&prev);
	c->trend = sc_trend_of(SC_HIGHER, c->score, c->prev_score);
}
