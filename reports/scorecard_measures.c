#include "scorecard_measures.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_fmt.h"
#include "window.h"

static const struct report_service *find(const struct report *r, const char *name)
{
	for (size_t i = 0; r != NULL && i < r->nservices; i++)
		if (strcmp(r->services[i].name, name) == 0)
			return &r->services[i];
	return NULL;
}

/* What a measure reads: one service's period, or the total over every service. */
struct src {
	const struct report *r;
	const struct report_service *s;	/* NULL: all services */
	const struct sla_result *res;
	char who[128];			/* "shop" or "all N services" */
};

static void set(struct sc_value *v, const struct src *x, const char *field, double value,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void set(struct sc_value *v, const struct src *x, const char *field, double value,
		const char *fmt, ...)
{
	char text[SC_TRACELEN - 130];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	v->value = value;
	snprintf(v->service, sizeof(v->service), "%s", x->s ? x->s->name : "");
	snprintf(v->field, sizeof(v->field), "%s", field);
	snprintf(v->trace, sizeof(v->trace), "%s: %s", x->who, text);
}

/* "s" unless n is 1, for counts in the traces. */
static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

static void availability(struct sc_value *v, const struct src *x)
{
	const struct sla_result *p = x->res;

	if (x->s != NULL)
		set(v, x, "availability_percent", p->availability_percent,
		    "availability %.6g %% (target %.6g %%)", p->availability_percent,
		    x->s->target_percent);
	else
		set(v, x, "total.availability_percent", p->availability_percent,
		    "availability %.6g %% (time-weighted)", p->availability_percent);
}

static void latency(struct sc_value *v, const struct src *x)
{
	const struct sla_objective *o = &x->s->cfg->objective;
	char obj[64];

	render_latency_text(o, obj, sizeof(obj));
	if (o->latency == SLA_LATENCY_PERCENTILE)
		set(v, x, "latency.value_ms", x->res->latency_value * 1000,
		    "p%g latency %.4g ms (objective %s)", o->percentile,
		    x->res->latency_value * 1000, obj);
	else
		set(v, x, "latency.share_percent", x->res->latency_value,
		    "%.4g %% of checks under %g ms (objective %s)", x->res->latency_value,
		    o->threshold_s * 1000, obj);
}

static void slas_met(struct sc_value *v, const struct src *x)
{
	size_t met = 0, judged = 0;

	if (x->s == NULL) {
		met = x->r->nmet;
		judged = x->r->njudged;
	} else {
		for (size_t i = 0; i < x->s->nwindows; i++)
			met += x->s->windows[i].verdict == SLA_MET;
		judged = x->s->njudged;
	}
	set(v, x, x->s ? "windows[].verdict" : "total.services_met",
	    judged > 0 ? 100.0 * (double)met / (double)judged : NAN,
	    "%zu of %zu %s met", met, judged, x->s ? "windows judged" : "services judged");
}

static void outages(struct sc_value *v, const struct src *x)
{
	set(v, x, x->s ? "outage_count" : "total.outage_count", (double)x->res->noutages,
	    "%zu outage%s", x->res->noutages, plural(x->res->noutages));
}

/*
 * Without outages there is nothing to repair (MTTR 0) and no failure in the whole up
 * time (MTBF at least that): the engine's NAN would drop the best month from the card.
 */
static void mttr_mtbf(struct sc_value *v, const struct src *x, int mtbf)
{
	const struct sla_result *p = x->res;
	const char *field = mtbf ? (x->s ? "mtbf_seconds" : "total.mtbf_seconds") :
			    (x->s ? "mttr_seconds" : "total.mttr_seconds");
	char a[32], b[32];

	render_hms(mtbf ? p->mtbf : p->mttr, a, sizeof(a));
	render_hms(mtbf ? p->up : p->down, b, sizeof(b));
	if (p->counted <= 0)
		set(v, x, field, NAN, "nothing counted");
	else if (p->noutages == 0)
		set(v, x, field, mtbf ? p->up : 0, "no outages (%s %s)", mtbf ? "up" : "MTTR",
		    mtbf ? b : "0");
	else
		set(v, x, field, mtbf ? p->mtbf : p->mttr, "%s %s (%s %s over %zu outage%s)",
		    mtbf ? "MTBF" : "MTTR", a, mtbf ? "up" : "down", b, p->noutages,
		    plural(p->noutages));
}

/* Σ of a service's windows' credits, in % of a window's bill; NAN without tiers. */
static double credit_sum(const struct report_service *s, size_t *owing)
{
	double sum = 0;

	if (s->cfg->ncredits == 0 || s->error != NULL)
		return NAN;
	for (size_t i = 0; i < s->nwindows; i++)
		if (!isnan(s->windows[i].credit_percent)) {
			sum += s->windows[i].credit_percent;
			*owing += s->windows[i].credit_percent > 0;
		}
	return sum;
}

static void credits(struct sc_value *v, const struct src *x)
{
	size_t owing = 0, n = 0;
	double sum = 0, c;

	if (x->s != NULL) {
		c = credit_sum(x->s, &owing);
		if (isnan(x->s->cfg->bill))
			set(v, x, "windows[].credit_percent", c, "credit %.4g %% of a window's "
			    "bill (owed for %zu of %zu windows)", c, owing, x->s->nwindows);
		else
			set(v, x, "windows[].credit_percent", c * x->s->cfg->bill / 100,
			    "credits %.2f (%.4g %% of the bill %.2f; owed for %zu window%s)",
			    c * x->s->cfg->bill / 100, c, x->s->cfg->bill, owing, plural(owing));
		return;
	}
	for (size_t i = 0; i < x->r->nservices; i++) {
		const struct report_service *s = &x->r->services[i];

		if (!isnan(c = credit_sum(s, &owing))) {
			sum += c * s->cfg->bill / 100;
			n++;
		}
	}
	set(v, x, "windows[].credit_percent", n > 0 ? sum : NAN, "credits %.2f (credit %% × "
	    "bill over %zu services with tiers; owed for %zu window%s)", sum, n, owing,
	    plural(owing));
}

static void budget_left(struct sc_value *v, const struct src *x)
{
	const struct sla_result *p = x->res;
	char a[32], b[32];

	render_hms(fabs(p->budget_remaining), a, sizeof(a));
	render_hms(p->budget_allowed, b, sizeof(b));
	set(v, x, x->s ? "budget_consumed_percent" : "total.budget_consumed_percent",
	    100 - p->budget_consumed_percent, "%.4g %% of the error budget left (%s %s of %s)",
	    100 - p->budget_consumed_percent, p->budget_remaining < 0 ? "over by" : "left",
	    a, b);
}

static void coverage(struct sc_value *v, const struct src *x)
{
	set(v, x, x->s ? "coverage_percent" : "total.coverage_percent",
	    x->res->coverage_percent, "coverage %.4g %% of in-scope time",
	    x->res->coverage_percent);
}

/*
 * Whether w is a whole window of c's kind: the longer report keeps calendar windows that
 * its ends cut, and half a month judged as one would count as a month missed (the
 * back-test judges whole windows only).
 */
static int whole_window(const struct config_service *c, const struct sla_result *w)
{
	struct ival *v = NULL;
	size_t n = 0;
	char err[128];
	int whole;

	if (cal_windows(c->window, c->rolling_days, c->tz, w->t0, w->t1, 0, &v, &n, NULL, err,
			sizeof(err)) != 0)
		return 0;
	whole = n == 1 && v[0].start == w->t0 && v[0].end == w->t1;
	free(v);
	return whole;
}

/*
 * Whether s's chronic clause (missed in M of N windows) holds at end: its last N whole
 * windows ending at or before end, in the longer report.  -1 when it has no clause or no
 * such window; *missed the count.
 */
static int chronic_of(const struct report_service *s, time_t end, size_t *missed)
{
	size_t n = (size_t)s->cfg->chronic.of, seen = 0;

	*missed = 0;
	if (n == 0 || s->error != NULL)
		return -1;
	for (size_t i = s->nwindows; i-- > 0 && seen < n;)
		if (s->windows[i].t1 <= end && whole_window(s->cfg, &s->windows[i])) {
			seen++;
			*missed += s->windows[i].verdict == SLA_MISSED;
		}
	if (seen == 0)
		return -1;
	return *missed >= (size_t)s->cfg->chronic.missed;
}

static void chronic(struct sc_value *v, const struct src *x, const struct report *ch,
		    time_t end)
{
	size_t missed, breach = 0, clauses = 0;
	const struct report_service *s;
	int b;

	if (x->s != NULL) {
		s = find(ch, x->s->name);
		if (s == NULL || (b = chronic_of(s, end, &missed)) < 0) {
			set(v, x, "windows[].verdict", NAN, "no windows for the chronic clause");
			return;
		}
		set(v, x, "windows[].verdict", b, "%zu of the last %d windows missed (%s at "
		    "%d of %d)", missed, s->cfg->chronic.of, b ? "in breach" : "breach",
		    s->cfg->chronic.missed, s->cfg->chronic.of);
		return;
	}
	for (size_t i = 0; ch != NULL && i < ch->nservices; i++)
		if ((b = chronic_of(&ch->services[i], end, &missed)) >= 0) {
			clauses++;
			breach += (size_t)b;
		}
	set(v, x, "windows[].verdict", clauses > 0 ? (double)breach : NAN,
	    "%zu of %zu services with a chronic_breach clause in breach", breach, clauses);
}

void sc_measure_engine(const struct sc_kpi *k, const struct report *r,
		       const struct report *ch, time_t end, struct sc_value *v)
{
	struct src x = { .r = r, .res = &r->total };

	if (k->service != NULL) {
		if ((x.s = find(r, k->service)) == NULL) {
			snprintf(v->trace, sizeof(v->trace), "%s: not in the report", k->service);
			return;
		}
		x.res = &x.s->period;
		snprintf(x.who, sizeof(x.who), "%s", x.s->name);
		if (x.s->error != NULL) {
			set(v, &x, "error", NAN, "could not be read");
			return;
		}
	} else {
		snprintf(x.who, sizeof(x.who), "all %zu services", r->ntotal);
	}
	switch (k->measure) {
	case SC_AVAILABILITY: availability(v, &x); break;
	case SC_LATENCY: latency(v, &x); break;
	case SC_SLAS_MET: slas_met(v, &x); break;
	case SC_OUTAGES: outages(v, &x); break;
	case SC_MTTR: mttr_mtbf(v, &x, 0); break;
	case SC_MTBF: mttr_mtbf(v, &x, 1); break;
	case SC_CREDITS: credits(v, &x); break;
	case SC_BUDGET_LEFT: budget_left(v, &x); break;
	case SC_COVERAGE: coverage(v, &x); break;
	case SC_CHRONIC: chronic(v, &x, ch, end); break;
	case SC_CSV: case SC_NMEASURES: break;
	}
	if (!isfinite(v->value))
		v->value = NAN;
}

void sc_measure_csv(const struct sc_kpi *k, const struct sc_csv *t, time_t t0, time_t t1,
		    struct sc_value *v)
{
	const struct sc_csv_row *row = sc_csv_row(t, t0, t1);
	int col = sc_csv_column(t, k->column);

	snprintf(v->field, sizeof(v->field), "%s", k->column);
	if (row == NULL || col < 0) {
		v->value = NAN;
		snprintf(v->trace, sizeof(v->trace), "%s: no row for the period", t->name);
		return;
	}
	v->value = row->v[col];
	if (isnan(v->value))
		snprintf(v->trace, sizeof(v->trace), "%s:%d: %s is empty", t->name, row->line,
			 k->column);
	else
		snprintf(v->trace, sizeof(v->trace), "%s:%d: %s %.6g", t->name, row->line,
			 k->column, v->value);
}
