#include "chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "perf.h"

const char *chart_tone_name(enum chart_tone t)
{
	static const char *const names[CHART_NTONES] = {
		[CHART_MET] = "met", [CHART_DEGRADED] = "degraded", [CHART_MISSED] = "missed",
		[CHART_PARTIAL] = "partial", [CHART_NODATA] = "no-data",
	};

	return (unsigned)t < CHART_NTONES ? names[t] : "no-data";
}

/*
 * The colour of a day or window: its verdict, but by the availability part only (met),
 * since these charts draw availability; latency has its own chart.
 */
static enum chart_tone tone_of(enum sla_verdict v, int met, double availability)
{
	if (v == SLA_NO_DATA || isnan(availability))
		return CHART_NODATA;
	if (v == SLA_INSUFFICIENT)
		return CHART_PARTIAL;
	if (met == 0)
		return CHART_MISSED;
	if (met == 1)
		return CHART_MET;
	return availability < 100 ? CHART_DEGRADED : CHART_MET;
}

static void chart_init(struct chart *c, enum chart_kind kind, const char *key,
		       const char *title, const char *unit, time_t x0, time_t x1)
{
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->key = key;
	c->title = title;
	c->unit = unit;
	c->x0 = x0;
	c->x1 = x1;
	c->y0 = 0;
	c->y1 = 100;
	c->target = c->guide0 = c->guide1 = c->last = NAN;
}

static void set_target_label(struct chart *c, const char *what, double v, const char *unit)
{
	char n[32];

	if (perf_number(n, sizeof(n), v, 3) < 0)
		snprintf(n, sizeof(n), "?");
	snprintf(c->target_buf, sizeof(c->target_buf), "%s %s%s", what, n, unit);
	c->target_label = c->target_buf;
}

int chart_strip(const struct report *r, const struct report_service *s, struct chart *c)
{
	chart_init(c, CHART_STRIP, "strip", "Daily availability", "%", r->t0, r->t1);
	if (s->days == NULL || s->ndays == 0)
		return 0;
	if ((c->cells = calloc(s->ndays, sizeof(*c->cells))) == NULL)
		return -1;
	for (size_t i = 0; i < s->ndays; i++) {
		const struct report_day *d = &s->days[i];

		c->cells[i] = (struct chart_cell){
			.t0 = d->t0, .t1 = d->t1, .value = d->availability_percent,
			.unmonitored = d->in_scope > 0 ? d->unmonitored / d->in_scope : 1,
			.tone = tone_of(d->verdict, d->met, d->availability_percent),
		};
	}
	c->ncells = s->ndays;
	if (!isnan(s->target_percent))
		set_target_label(c, "target", s->target_percent, "%");
	c->target = s->target_percent;
	return 1;
}

/* Room for a start point and one point per day. */
static int points_alloc(struct chart *c, size_t n)
{
	c->points = calloc(n, sizeof(*c->points));
	return c->points != NULL ? 0 : -1;
}

int chart_burndown(const struct report *r, const struct report_service *s, struct chart *c)
{
	double allowed = s->period.budget_allowed, spent = 0, lo = 0;

	chart_init(c, CHART_LINE, "burndown", "Error budget remaining", "%", r->t0, r->t1);
	if (s->days == NULL || s->ndays == 0 || !(allowed > 0))
		return 0;
	if (points_alloc(c, s->ndays + 1) != 0)
		return -1;
	c->points[c->npoints++] = (struct chart_point){ r->t0, 100 };
	for (size_t i = 0; i < s->ndays; i++) {
		double y;

		spent += s->days[i].down_counted;
		y = 100 * (allowed - spent) / allowed;
		c->points[c->npoints++] = (struct chart_point){ s->days[i].t1, y };
		lo = y < lo ? y : lo;
	}
	c->last = c->points[c->npoints - 1].y;
	c->y0 = floor(lo / 10) * 10;
	c->target = 0;
	c->target_label = "budget spent";
	c->guide0 = 100;
	c->guide1 = 0;
	return 1;
}

int chart_latency(const struct report *r, const struct report_service *s, struct chart *c)
{
	const struct sla_objective *o = &s->cfg->objective;
	int pct = o->latency == SLA_LATENCY_PERCENTILE;
	double hi, lo;

	chart_init(c, CHART_LINE, "latency", "Latency", pct ? "ms" : "%", r->t0, r->t1);
	if (s->days == NULL || s->ndays == 0 || o->latency == SLA_LATENCY_NONE)
		return 0;
	if (points_alloc(c, s->ndays) != 0)
		return -1;
	c->target = pct ? o->threshold_s * 1000 : o->share_percent;
	hi = lo = c->target;
	for (size_t i = 0; i < s->ndays; i++) {
		const struct report_day *d = &s->days[i];
		double y = pct ? d->latency_value * 1000 : d->latency_value;

		/* A day's point sits at its middle. */
		c->points[c->npoints++] = (struct chart_point){ d->t0 + (d->t1 - d->t0) / 2, y };
		if (!isnan(y)) {
			hi = y > hi ? y : hi;
			lo = y < lo ? y : lo;
			c->last = y;
		}
	}
	c->lower_is_better = pct;
	if (pct) {
		c->y0 = 0;
		c->y1 = hi * 1.1 > 0 ? hi * 1.1 : 1;
		set_target_label(c, "objective", c->target, "ms");
	} else {
		c->y0 = lo - (100 - lo) * 0.25 > 0 ? lo - (100 - lo) * 0.25 : 0;
		c->y1 = 100;
		c->y0 = c->y0 < c->y1 - 0.01 ? c->y0 : c->y1 - 1;
		set_target_label(c, "objective", c->target, "%");
	}
	return 1;
}

int chart_backtest(const struct bt_report *r, const struct bt_service *s, struct chart *c)
{
	double target = s->set.terms.objective.target_percent, lo = target;

	(void)r;
	chart_init(c, CHART_BARS, "backtest", "Attainment per window", "%", 0, 0);
	if (s->nwindows == 0)
		return 0;
	if ((c->cells = calloc(s->nwindows, sizeof(*c->cells))) == NULL)
		return -1;
	for (size_t i = 0; i < s->nwindows; i++) {
		const struct sla_result *w = &s->windows[i].r;

		c->cells[i] = (struct chart_cell){
			.t0 = w->t0, .t1 = w->t1, .value = w->availability_percent,
			.unmonitored = w->in_scope > 0 ? w->unmonitored / w->in_scope : 1,
			.tone = tone_of(w->verdict, w->met, w->availability_percent),
		};
		if (!isnan(w->availability_percent) && !(w->availability_percent >= lo))
			lo = w->availability_percent;
	}
	c->ncells = s->nwindows;
	c->x0 = c->cells[0].t0;
	c->x1 = c->cells[c->ncells - 1].t1;
	/* The axis starts a quarter of the shortfall below the lowest bar or the target. */
	if (isnan(lo))
		lo = 99;
	c->y0 = 100 - (100 - lo) * 1.25;
	c->y0 = c->y0 < 0 ? 0 : c->y0 > 99.9 ? 99.9 : c->y0;
	c->target = target;
	if (!isnan(target))
		set_target_label(c, "target", target, "%");
	return 1;
}

void chart_release(struct chart *c)
{
	if (c == NULL)
		return;
	free(c->cells);
	free(c->points);
	c->cells = NULL;
	c->points = NULL;
	c->ncells = c->npoints = 0;
}
