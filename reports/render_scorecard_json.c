#include "render_scorecard.h"

#include <math.h>
#include <stdio.h>

#include "jsonw.h"

/* The layout is reports/sla-scorecard.schema.json; change both together. */

static void colour(struct jw *w, const char *key, enum sc_colour c)
{
	jw_str(w, key, c == SC_NO_COLOUR ? NULL : sc_colour_name(c));
}

static void trend(struct jw *w, enum sc_trend t)
{
	jw_str(w, "trend", t == SC_NO_TREND ? NULL : sc_trend_name(t));
}

/* A value and where it came from: the service, the report field (or column), the line. */
static void value(struct jw *w, const struct sc_value *v)
{
	jw_num(w, "value", v->value, 6);
	jw_num(w, "score", v->score, 4);
	colour(w, "status", v->colour);
	jw_open(w, "source", '{');
	jw_str(w, "service", v->service[0] ? v->service : NULL);
	jw_str(w, "field", v->field[0] ? v->field : NULL);
	jw_str(w, "trace", v->trace);
	jw_close(w, '}');
}

static void kpi(struct jw *w, const struct sc_kpi_result *kr)
{
	const struct sc_kpi *k = kr->kpi;

	jw_open(w, NULL, '{');
	jw_str(w, "name", k->name);
	jw_str(w, "measure", sc_measure_name(k->measure));
	jw_str(w, "service", k->service);
	jw_str(w, "column", k->column);
	jw_str(w, "polarity", k->polarity == SC_HIGHER ? "higher" : "lower");
	jw_num(w, "weight", k->weight, 6);
	jw_num(w, "target", k->target, 6);
	jw_num(w, "green", k->green, 6);
	jw_num(w, "red", k->red, 6);
	value(w, &kr->cur);
	jw_open(w, "previous", '{');
	value(w, &kr->prev);
	jw_close(w, '}');
	trend(w, kr->trend);
	jw_close(w, '}');
}

static void perspective(struct jw *w, const struct sc_persp_result *pr, enum sc_persp p)
{
	jw_open(w, NULL, '{');
	jw_str(w, "name", sc_persp_name(p));
	jw_str(w, "title", sc_persp_title(p));
	jw_num(w, "weight", pr->def->weight, 6);
	jw_num(w, "score", pr->score, 4);
	jw_num(w, "previous_score", pr->prev_score, 4);
	trend(w, pr->trend);
	jw_num(w, "weight_with_value", pr->weight_used, 6);
	jw_int(w, "kpis_without_value", (long long)pr->nmissing);
	jw_open(w, "kpis", '[');
	for (size_t i = 0; i < pr->def->nkpis; i++)
		kpi(w, &pr->kpis[i]);
	jw_close(w, ']');
	jw_close(w, '}');
}

static void period(struct jw *w, const char *key, time_t t0, time_t t1, const char *tz)
{
	jw_open(w, key, '{');
	jw_time(w, "start", "start_local", t0, tz);
	jw_time(w, "end", "end_local", t1, tz);
	jw_str(w, "time_zone", tz);
	jw_close(w, '}');
}

/* The members of the scorecard object, as sla-scorecard.schema.json says. */
static void members(struct jw *w, const struct sc_card *c)
{
	jw_str(w, "schema", RENDER_SCORECARD_SCHEMA);
	jw_str(w, "title", c->title);
	jw_time(w, "generated_at", "generated_at_local", c->generated_at, c->tz);
	period(w, "period", c->t0, c->t1, c->tz);
	period(w, "previous_period", c->prev_t0, c->prev_t1, c->tz);
	jw_str(w, "scoring", "score = 10 * (value - red) / (target - red), clamped to 0..10; "
	       "weighted means over the KPIs and perspectives with a value");
	jw_num(w, "score", c->score, 4);
	jw_num(w, "previous_score", c->prev_score, 4);
	trend(w, c->trend);
	jw_open(w, "perspectives", '[');
	for (size_t p = 0; p < SC_NPERSP; p++)
		if (c->persp[p].def->nkpis > 0)
			perspective(w, &c->persp[p], (enum sc_persp)p);
	jw_close(w, ']');
}

void render_scorecard_json_object(struct jw *w, const char *key, const struct sc_card *c)
{
	jw_open(w, key, '{');
	members(w, c);
	jw_close(w, '}');
}

int render_scorecard_json(FILE *out, const struct sc_card *c)
{
	struct jw w = { out, 0, 1 };

	render_scorecard_json_object(&w, NULL, c);
	fputc('\n', out);
	return ferror(out) ? -1 : 0;
}

