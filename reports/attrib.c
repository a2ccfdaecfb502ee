#include "attrib.h"
#include "composite.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Seconds within this of a whole share are that share (sums of librrd's rates). */
#define SECS_EPS 1e-6

/*
 * The walk mirrors the engine's (sla.c): in-scope time is cut into pieces, one per row
 * and scope interval (and one before and one after the series), and a piece's
 * down-counted seconds are its length times the row's down-counted share.  The engine puts
 * those seconds into one outage, so a piece belongs wholly to the listed outage it
 * overlaps; a piece that overlaps none had its down time ignored by policy.
 */
struct walk {
	const struct series *c;
	const struct series *const *parts;
	size_t nparts;
	const struct sla_policy *p;
	time_t done;		/* end of the last piece attributed: none is counted twice */
};

/* The share of a row (or piece) that the policy counts as down, and the composite's own. */
static double down_counted(const struct sla_shares *s, const struct sla_policy *p, double *own)
{
	*own = s->down + (p->warning == SLA_AS_DOWN ? s->warn : 0);
	return *own + (p->maintenance == SLA_AS_DOWN ? s->maint : 0) +
	       (p->unmonitored == SLA_AS_DOWN ? s->unmon : 0);
}

/*
 * Piece [pl, ph) of in-scope time, whose shares are the composite's row over [rs, re)
 * (row NULL: outside the series, all unmonitored), added to span.
 */
static void piece(struct walk *w, const size_t *row, time_t rs, time_t re, time_t pl,
		  time_t ph, struct attrib_span *span)
{
	struct sla_shares cs = { 0, 0, 0, 0, 1 }, sh;
	double x = (double)(ph - pl), own, d, covered;

	if (ph <= w->done)
		return;
	if (row != NULL)
		sla_row_shares(w->c, *row, &cs);
	d = x * down_counted(&cs, w->p, &own);
	if (!(d > SECS_EPS))
		return;
	w->done = ph;
	covered = x * own;
	span->down += d;
	for (size_t j = 0; j < w->nparts; j++) {
		struct attrib_part *a = &span->parts[j];
		double dj, mj, uj;

		/* The component as composite_combine() saw it in this row. */
		if (row != NULL)
			composite_part_shares(w->parts[j], rs, re, &sh);
		else
			composite_part_shares(w->parts[j], pl, ph, &sh);
		dj = fmin(x * (sh.down + (w->p->warning == SLA_AS_DOWN ? sh.warn : 0)), d);
		mj = fmin(x * sh.maint, d - dj);
		uj = fmin(x * sh.unmon, d - dj - mj);
		a->down += dj;
		a->maint += mj;
		a->unmon += uj;
		covered = fmax(covered, dj);
	}
	if (d - covered > SECS_EPS)
		span->no_component_down += d - covered;
}

/* The pieces of scope interval [lo, hi) that overlap [a, b), added to span. */
static void walk_interval(struct walk *w, time_t lo, time_t hi, time_t a, time_t b,
			  struct attrib_span *span)
{
	const struct series *c = w->c;
	time_t ss = c->start, se = c->start + (time_t)c->n * c->step;
	time_t from = a > ss ? a : ss, to = b < se ? b : se;

	if (a < ss)
		piece(w, NULL, 0, 0, lo, hi < ss ? hi : ss, span);
	for (size_t i = from < to ? (size_t)((from - ss) / c->step) : c->n; i < c->n; i++) {
		time_t rs = ss + (time_t)i * c->step, re = rs + c->step;

		if (rs >= to)
			break;
		piece(w, &i, rs, re, rs > lo ? rs : lo, re < hi ? re : hi, span);
	}
	if (b > se)
		piece(w, NULL, 0, 0, lo > se ? lo : se, hi, span);
}

/* Adds x's seconds to *to (both with nparts parts). */
static void span_add(struct attrib_span *to, const struct attrib_span *x, size_t nparts)
{
	to->down += x->down;
	to->no_component_down += x->no_component_down;
	for (size_t j = 0; j < nparts; j++) {
		to->parts[j].down += x->parts[j].down;
		to->parts[j].maint += x->parts[j].maint;
		to->parts[j].unmon += x->parts[j].unmon;
	}
}

/* Room for noutages spans and the total, every part zero; -1 when out of memory. */
static int alloc(struct attrib *a, size_t nparts, size_t noutages)
{
	struct attrib_part *block = calloc((noutages + 1) * (nparts ? nparts : 1), sizeof(*block));

	memset(a, 0, sizeof(*a));
	a->outages = calloc(noutages ? noutages : 1, sizeof(*a->outages));
	if (block == NULL || a->outages == NULL) {
		free(block);
		free(a->outages);
		a->outages = NULL;
		return -1;
	}
	a->nparts = nparts;
	a->noutages = noutages;
	a->total.parts = block;
	for (size_t k = 0; k < noutages; k++)
		a->outages[k].parts = block + (k + 1) * nparts;
	return 0;
}

int attrib_compute(const struct series *c, const struct series *const *parts, size_t nparts,
		   const struct sla_result *r, const struct ival_list *scope,
		   const struct sla_policy *p, struct attrib *out, char *err, size_t errlen)
{
	struct ival whole = { r != NULL ? r->t0 : 0, r != NULL ? r->t1 : 0 };
	const struct ival *iv = scope != NULL ? scope->v : &whole;
	size_t niv = scope != NULL ? scope->n : 1, j = 0;
	struct walk w = { c, parts, nparts, p, 0 };

	memset(out, 0, sizeof(*out));
	if (c == NULL || c->step <= 0 || r == NULL || p == NULL || (nparts > 0 && parts == NULL)) {
		snprintf(err, errlen, "cannot attribute the down time: bad arguments");
		return -1;
	}
	if (alloc(out, nparts, r->noutages) != 0) {
		snprintf(err, errlen, "cannot attribute the down time: out of memory");
		return -1;
	}
	w.done = r->t0;
	for (size_t k = 0; k < r->noutages; k++) {
		const struct sla_outage *o = &r->outages[k];

		while (j < niv && iv[j].end <= o->start)
			j++;
		for (size_t i = j; i < niv && iv[i].start < o->end; i++) {
			time_t lo = iv[i].start > r->t0 ? iv[i].start : r->t0;
			time_t hi = iv[i].end < r->t1 ? iv[i].end : r->t1;
			time_t a = lo > o->start ? lo : o->start, b = hi < o->end ? hi : o->end;

			if (a < b)
				walk_interval(&w, lo, hi, a, b, &out->outages[k]);
		}
		span_add(&out->total, &out->outages[k], nparts);
	}
	return 0;
}

int attrib_sum(const struct attrib *v, size_t n, size_t nparts, struct attrib *out, char *err,
	       size_t errlen)
{
	if (alloc(out, nparts, 0) != 0) {
		snprintf(err, errlen, "cannot attribute the down time: out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		span_add(&out->total, &v[i].total, nparts);
	return 0;
}

void attrib_release(struct attrib *a)
{
	if (a == NULL)
		return;
	free(a->total.parts);
	free(a->outages);
	memset(a, 0, sizeof(*a));
}

double attrib_share_percent(const struct attrib_span *s, size_t j)
{
	if (!(s->down > SECS_EPS))
		return NAN;
	return fmin(100, fmax(0, 100 * s->parts[j].down / s->down));
}

int attrib_part_listed(const struct attrib_span *s, size_t j)
{
	const struct attrib_part *a = &s->parts[j];

	return a->down > SECS_EPS || a->maint > SECS_EPS || a->unmon > SECS_EPS;
}
