#include "sla.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * How one row becomes seconds.  Of the x seconds a row overlaps the in-scope window,
 * k = cover (clamped to 0..1; a missing cover array, or NAN cover with a known avail,
 * means 1) is known and x - x*k unmonitored; a row with avail NAN is all unmonitored.
 * Of the known part, downtime (NAN: 0) is maintenance; the rest splits into
 * down = rest * (1 - avail) and up = rest - down.  A WARNING check answered, so WARNING
 * time (warn, NAN: 0) is part of up; with the warning policy SLA_AS_DOWN,
 * rest * min(warn, avail) moves from up to down.  avail, warn and downtime are clamped
 * to 0..1.  Cover within COVER_SNAP of 1 is 1: it is a rate librrd computes, and its
 * rounding must not become a sliver of unmonitored time in every row.
 */
#define COVER_SNAP 1e-6

/*
 * Outages and the rest, as the engine counts them:
 * - Down-counted time is real down plus whatever policy counts as down (maintenance,
 *   unmonitored, WARNING).  A row's down-counted seconds form one run, placed where the
 *   row's neighbours put it: at the START of the row's in-scope overlap when the time just
 *   before it was down-counted (an outage that ends inside this row), else at its END (an
 *   outage that begins inside it).  So an outage from 10:00:17 to 10:45:43 is one outage
 *   however its ends fall in the rows.  Any other time ends a run, excluded time too.
 * - Outages end where a scope interval ends: one continuing across time out of scope is
 *   two outages, and merge_gap never bridges time out of scope.
 * - merge_gap: runs separated by less than merge_gap seconds merge into
 *   [first start, last end); the gap stays up in the totals, but the outage spans it
 *   (longest_outage is that span).  ignore_shorter is applied after merging: an outage
 *   whose span is shorter counts as up (its real down seconds move from down to up,
 *   maintenance and unmonitored keep their kind but count as up) and is not listed.
 * - Listed outages are rounded outward to whole seconds; the seconds are exact.
 *   mttr = down-counted seconds / outages, mtbf = up-counted seconds / outages.
 * - met: availability >= target, within PCT_EPS; -1 without a target or when nothing is
 *   counted (availability NAN).  Budget: allowed = (1 - target/100) × counted;
 *   consumed % = down-counted / allowed × 100, which may pass 100 (0..100 bounds the
 *   availability, not the budget); when allowed is 0 it is 100 if anything is down,
 *   else 0.  remaining = allowed - down-counted, negative when overspent.  burn rate =
 *   (down-counted / counted) / (1 - target/100), NAN when the target is 100 or nothing
 *   is counted.  Only these, margin and the credit depend on the target.
 * - Latency uses rows whose in-scope overlap is at least half a row, with known avail
 *   and rtt: nearest rank (ceil(p/100 × N)-th smallest) for a percentile, strictly
 *   under the threshold for a share.
 */
/* Runs closer than this (seconds) touch: piece ends are whole seconds, run starts are not. */
#define TOUCH 1e-6
/* Percentages within this of a target or tier boundary are at the boundary. */
#define PCT_EPS 1e-9

struct split {
	double up, down, maint, unmon;
};

/* An outage being built: [start, end) in seconds, with the down-counted seconds inside. */
struct run {
	double start, end;
	double down;		/* counted as down: real down plus what policy counts as down */
	double real_down;	/* of which r->down */
};

struct acc {
	const struct sla_policy *p;
	struct sla_result *r;
	double up_c, down_c;	/* counted as up / as down */
	struct run run;
	int open;
	size_t cap;
	int oom;
};

const char *sla_count_name(enum sla_count c)
{
	static const char *const names[] = { "excluded", "up", "down" };

	return (unsigned)c < sizeof(names) / sizeof(names[0]) ? names[c] : "?";
}

static double unit(double v, double if_nan)
{
	if (isnan(v))
		return if_nan;
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

void sla_row_shares(const struct series *s, size_t i, struct sla_shares *out)
{
	double a = series_get(s, s->avail, i), k, rest;

	memset(out, 0, sizeof(*out));
	if (isnan(a)) {
		out->unmon = 1;
		return;
	}
	a = unit(a, 0);
	k = s->cover != NULL ? unit(series_get(s, s->cover, i), 1) : 1;
	if (k > 1 - COVER_SNAP)
		k = 1;
	out->unmon = 1 - k;
	out->maint = k * (s->downtime != NULL ? unit(series_get(s, s->downtime, i), 0) : 0);
	rest = k - out->maint;
	out->down = rest * (1 - a);
	out->warn = rest * fmin(s->warn != NULL ? unit(series_get(s, s->warn, i), 0) : 0, a);
	out->ok = rest - out->down - out->warn;
}

/* The x seconds of row i in scope, split by kind; WARNING time is down or up by policy. */
static void row_split(const struct series *s, size_t i, double x, enum sla_count warning,
		      struct split *out)
{
	struct sla_shares sh;

	sla_row_shares(s, i, &sh);
	out->unmon = x * sh.unmon;
	out->maint = x * sh.maint;
	out->down = x * (sh.down + (warning == SLA_AS_DOWN ? sh.warn : 0));
	out->up = x * (sh.ok + (warning == SLA_AS_DOWN ? 0 : sh.warn));
}

/* Adds secs of a kind that policy c counts; returns the seconds counted as down. */
static double count(enum sla_count c, double secs, struct acc *a)
{
	if (c == SLA_AS_UP)
		a->up_c += secs;
	else if (c == SLA_AS_DOWN)
		a->down_c += secs;
	return c == SLA_AS_DOWN ? secs : 0;
}

/* Ends the open run: lists it, or counts it as up when it is shorter than ignore_shorter. */
static void run_close(struct acc *a)
{
	struct sla_result *r = a->r;
	struct run *u = &a->run;

	if (!a->open)
		return;
	a->open = 0;
	if (u->end - u->start < (double)a->p->ignore_shorter) {
		a->down_c -= u->down;
		a->up_c += u->down;
		r->down -= u->real_down;
		r->up += u->real_down;
		return;
	}
	if (r->noutages == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 16;
		struct sla_outage *v = realloc(r->outages, cap * sizeof(*v));

		if (v == NULL) {
			a->oom = 1;
			return;
		}
		r->outages = v;
		a->cap = cap;
	}
	/* Listed outward to whole seconds; the totals keep the exact seconds. */
	r->outages[r->noutages].start = (time_t)floor(u->start + TOUCH);
	r->outages[r->noutages].end = (time_t)ceil(u->end - TOUCH);
	r->noutages++;
	if (isnan(r->longest_outage) || u->end - u->start > r->longest_outage)
		r->longest_outage = u->end - u->start;
}

/* Adds down-counted time [start, end) to the open run, or closes it and opens another. */
static void run_add(struct acc *a, double start, double end, double down, double real_down)
{
	struct run *u = &a->run;

	if (a->open && (start - u->end <= TOUCH || start - u->end < (double)a->p->merge_gap)) {
		u->end = end;
		u->down += down;
		u->real_down += real_down;
		return;
	}
	run_close(a);
	*u = (struct run){ start, end, down, real_down };
	a->open = 1;
}

/*
 * Accounts one piece of in-scope time [end - x, end).  Its down time continues an outage
 * that reaches the piece's start, and otherwise ends the piece (see the top of the file).
 */
static void add_piece(struct acc *a, time_t end, double x, const struct split *sp)
{
	struct sla_result *r = a->r;
	double d;

	r->in_scope += x;
	r->up += sp->up;
	r->down += sp->down;
	r->maintenance += sp->maint;
	r->unmonitored += sp->unmon;
	a->up_c += sp->up;
	a->down_c += sp->down;
	d = sp->down + count(a->p->maintenance, sp->maint, a) +
	    count(a->p->unmonitored, sp->unmon, a);
	if (d <= 0)
		return;
	if (a->open && (double)end - x - a->run.end <= TOUCH)
		run_add(a, (double)end - x, (double)end - x + d, d, sp->down);
	else
		run_add(a, (double)end - d, (double)end, d, sp->down);
}

static void add_unmonitored(struct acc *a, time_t lo, time_t hi)
{
	struct split sp = { 0, 0, 0, (double)(hi - lo) };

	if (hi > lo)
		add_piece(a, hi, sp.unmon, &sp);
}

/*
 * 1 when row i is plainly up: fully covered, up, not WARNING, not in downtime.  Such a
 * row splits into up time only and touches no outage, so runs of them are added at once
 * (nearly every row of a real history is one).
 */
static int row_plain(const struct series *s, size_t i)
{
	return series_get(s, s->avail, i) == 1 &&
	       (s->cover == NULL || series_get(s, s->cover, i) >= 1 - COVER_SNAP) &&
	       (s->warn == NULL || !(series_get(s, s->warn, i) > 0)) &&
	       (s->downtime == NULL || !(series_get(s, s->downtime, i) > 0));
}

int sla_index(struct series *s)
{
	uint32_t *b;
	uint32_t next;

	if (s->busy != NULL)
		return 0;
	if (s->n >= UINT32_MAX || (b = malloc((s->n ? s->n : 1) * sizeof(*b))) == NULL)
		return -1;
	next = (uint32_t)s->n;
	for (size_t i = s->n; i-- > 0;) {
		if (!row_plain(s, i))
			next = (uint32_t)i;
		b[i] = next;
	}
	s->busy = b;
	return 0;
}

static void add_plain_up(struct acc *a, double x)
{
	a->r->in_scope += x;
	a->r->up += x;
	a->up_c += x;
}

/*
 * The series' rows over [from, to) (inside the series).  A run of plainly-up rows is added
 * at once: row by row without an index, the whole run with one (indexed: s->busy, a
 * constant at each call so that each call compiles to its own loop and the walk without
 * an index costs what it did before there was one).
 */
static inline void walk_rows(struct acc *a, const struct series *s, time_t from, time_t to,
			     int indexed)
{
	time_t ss = s->start;
	double plain = 0;

	for (size_t i = (size_t)((from - ss) / s->step); i < s->n; i++) {
		time_t rs = ss + (time_t)i * s->step, re = rs + s->step;
		time_t pl = rs > from ? rs : from, ph = re < to ? re : to;
		struct split sp;

		if (pl >= to)
			break;
		if (indexed ? s->busy[i] > i : row_plain(s, i)) {
			time_t e = indexed ? ss + (time_t)s->busy[i] * s->step : re;

			plain += (double)((e < to ? e : to) - pl);
			if (indexed)
				i = s->busy[i] - 1;
			continue;
		}
		add_plain_up(a, plain);
		plain = 0;
		row_split(s, i, (double)(ph - pl), a->p->warning, &sp);
		add_piece(a, ph, (double)(ph - pl), &sp);
	}
	add_plain_up(a, plain);
}

/* Walks one in-scope interval [lo, hi): time before, on and after the series. */
static void walk_interval(struct acc *a, const struct series *s, time_t lo, time_t hi)
{
	time_t ss = s->start, se = s->start + (time_t)s->n * s->step;
	time_t from = lo > ss ? lo : ss, to = hi < se ? hi : se;

	add_unmonitored(a, lo, hi < ss ? hi : ss);
	if (from < to) {
		if (s->busy != NULL)
			walk_rows(a, s, from, to, 1);
		else
			walk_rows(a, s, from, to, 0);
	}
	add_unmonitored(a, lo > se ? lo : se, hi);
	run_close(a);		/* outages end where scope ends */
}

/* The in-scope intervals: scope, or the whole window as one interval. */
struct scope_view {
	const struct ival *v;
	size_t n;
	struct ival whole;
	time_t t0, t1;
};

static void scope_view_init(struct scope_view *w, const struct ival_list *scope, time_t t0,
			    time_t t1)
{
	w->whole = (struct ival){ t0, t1 };
	w->v = scope != NULL ? scope->v : &w->whole;
	w->n = scope != NULL ? scope->n : 1;
	w->t0 = t0;
	w->t1 = t1;
}

/* Interval j of the view clipped to the window; 0 when the clipped interval is empty. */
static int scope_clip(const struct scope_view *w, size_t j, time_t *lo, time_t *hi)
{
	*lo = w->v[j].start > w->t0 ? w->v[j].start : w->t0;
	*hi = w->v[j].end < w->t1 ? w->v[j].end : w->t1;
	return *lo < *hi;
}

/*
 * Latency samples: the rtt of every row with known avail and rtt whose in-scope overlap
 * is at least half a row (a row mostly outside scope does not speak for it).  Returns a
 * new array of them (free()) and their number in *n; NULL with *n = 0 when there are
 * none, NULL with *n = SIZE_MAX when memory ran out.
 */
static double *lat_collect(const struct series *s, const struct scope_view *w, size_t *n)
{
	size_t j = 0, i = w->t0 > s->start ? (size_t)((w->t0 - s->start) / s->step) : 0;
	size_t end = w->t1 > s->start ? (size_t)((w->t1 - s->start - 1) / s->step) + 1 : 0;
	double *v;

	*n = 0;
	end = end < s->n ? end : s->n;
	if (i >= end || w->n == 0)
		return NULL;
	if ((v = malloc((end - i) * sizeof(*v))) == NULL) {
		*n = SIZE_MAX;
		return NULL;
	}
	for (; i < end; i++) {
		time_t rs = s->start + (time_t)i * s->step, re = rs + s->step, lo, hi;
		time_t ov = 0;

		while (j < w->n && w->v[j].end <= rs)
			j++;
		for (size_t k = j; k < w->n && w->v[k].start < re; k++) {
			if (!scope_clip(w, k, &lo, &hi))
				continue;
			lo = lo > rs ? lo : rs;
			hi = hi < re ? hi : re;
			ov += hi > lo ? hi - lo : 0;
		}
		if (2 * ov >= s->step && !isnan(series_get(s, s->avail, i)) &&
		    !isnan(series_get(s, s->rtt, i)))
			v[(*n)++] = series_get(s, s->rtt, i);
	}
	if (*n == 0) {
		free(v);
		return NULL;
	}
	return v;
}

/* Doubles as unsigned keys in the same order, for a radix select without sorting. */
static uint64_t order_key(double v)
{
	uint64_t b;

	memcpy(&b, &v, sizeof(b));
	return (b >> 63) ? ~b : b | (UINT64_C(1) << 63);
}

static double key_value(uint64_t k)
{
	uint64_t b = (k >> 63) ? k & ~(UINT64_C(1) << 63) : ~k;
	double v;

	memcpy(&v, &b, sizeof(v));
	return v;
}

/* The rank-th smallest of v[0..n) (1-based, rank <= n): one counting pass per key byte. */
static double nth_smallest(const double *v, size_t n, size_t rank)
{
	uint64_t prefix = 0, mask = 0;
	size_t hist[256];

	for (int shift = 56; shift >= 0; shift -= 8) {
		size_t b = 0;

		memset(hist, 0, sizeof(hist));
		for (size_t i = 0; i < n; i++) {
			uint64_t k = order_key(v[i]);

			if ((k & mask) == prefix)
				hist[(k >> shift) & 255]++;
		}
		while (b < 255 && rank > hist[b])
			rank -= hist[b++];
		prefix |= (uint64_t)b << shift;
		mask |= (uint64_t)255 << shift;
	}
	return key_value(prefix);
}

/*
 * PERCENTILE: nearest rank, the ceil(p/100 × N)-th smallest row rtt, met when
 * <= threshold.  SHARE: % of rows with rtt strictly under threshold, met when >= share.
 * 0, or -1 when memory ran out.
 */
static int latency(struct sla_result *r, const struct series *s, const struct scope_view *w,
		   const struct sla_objective *o)
{
	size_t n, rank, under = 0;
	double *v;

	r->latency_value = NAN;
	r->latency_met = -1;
	if (o->latency == SLA_LATENCY_NONE || s->rtt == NULL)
		return 0;
	v = lat_collect(s, w, &n);
	if (n == SIZE_MAX)
		return -1;
	r->latency_samples = n;
	if (n == 0)
		return 0;
	if (o->latency == SLA_LATENCY_PERCENTILE) {
		rank = (size_t)ceil(o->percentile * (double)n / 100 - 1e-9);
		r->latency_value = nth_smallest(v, n, rank < 1 ? 1 : rank > n ? n : rank);
		r->latency_met = r->latency_value <= o->threshold_s;
	} else {
		for (size_t i = 0; i < n; i++)
			under += v[i] < o->threshold_s;
		r->latency_value = 100.0 * (double)under / (double)n;
		r->latency_met = r->latency_value >= o->share_percent - PCT_EPS;
	}
	free(v);
	return 0;
}

double sla_credit(const struct sla_objective *o, double availability_percent)
{
	double best = NAN, credit = 0;

	if (o == NULL || isnan(availability_percent))
		return 0;
	for (size_t i = 0; i < o->ncredits; i++) {
		const struct sla_credit_tier *t = &o->credits[i];

		if (availability_percent < t->below_percent - PCT_EPS &&
		    (isnan(best) || t->below_percent < best)) {
			best = t->below_percent;
			credit = t->credit_percent;
		}
	}
	return credit;
}

const char *sla_verdict_name(enum sla_verdict v)
{
	static const char *const names[] = {
		[SLA_NO_OBJECTIVE] = "no_objective", [SLA_NO_DATA] = "no_data",
		[SLA_MET] = "met", [SLA_INSUFFICIENT] = "insufficient_data",
		[SLA_MISSED] = "missed",
	};

	return (unsigned)v < sizeof(names) / sizeof(names[0]) ? names[v] : "?";
}

enum sla_verdict sla_verdict_worse(enum sla_verdict a, enum sla_verdict b)
{
	if ((a == SLA_MET && b == SLA_NO_DATA) || (a == SLA_NO_DATA && b == SLA_MET))
		return SLA_INSUFFICIENT;
	return a > b ? a : b;
}

double sla_coverage_percent(const struct sla_result *r)
{
	if (!(r->in_scope > 0))
		return NAN;
	return fmin(100, fmax(0, 100 * (r->in_scope - r->unmonitored) / r->in_scope));
}

enum sla_verdict sla_verdict_of(const struct sla_result *r, const struct sla_objective *o)
{
	double cov = sla_coverage_percent(r);

	if (isnan(cov) || cov <= 0)
		return SLA_NO_DATA;
	if (o == NULL || (isnan(o->target_percent) && o->latency == SLA_LATENCY_NONE))
		return SLA_NO_OBJECTIVE;
	if (cov < o->min_coverage_percent - PCT_EPS)
		return SLA_INSUFFICIENT;
	if (r->met == 0 || r->latency_met == 0)
		return SLA_MISSED;
	if (r->met == 1 || r->latency_met == 1)
		return SLA_MET;
	return SLA_NO_DATA;
}

/* Sets met, credit and latency_met as the verdict allows, after the verdict itself. */
static void apply_verdict(struct sla_result *r, const struct sla_objective *o)
{
	r->coverage_percent = sla_coverage_percent(r);
	r->verdict = sla_verdict_of(r, o);
	if (r->verdict != SLA_MET && r->verdict != SLA_MISSED)
		r->met = r->latency_met = -1;
	/* A window that could not be judged owes nothing, and without tiers nothing is owed. */
	if (o == NULL || o->ncredits == 0 || r->verdict == SLA_NO_DATA ||
	    r->verdict == SLA_INSUFFICIENT)
		r->credit_percent = NAN;
	else
		r->credit_percent = sla_credit(o, r->availability_percent);
}

/* The availability target's part of sla_apply_objective(). */
static void apply_target(struct sla_result *r, const struct sla_objective *o)
{
	double target = o != NULL ? o->target_percent : NAN, err_share, down_c;

	if (isnan(target))
		return;
	err_share = 1 - target / 100;
	down_c = r->counted > 0 ? r->counted * (1 - r->availability_percent / 100) : 0;
	r->budget_allowed = err_share * r->counted;
	r->budget_remaining = r->budget_allowed - down_c;
	if (r->budget_allowed > 0)
		r->budget_consumed_percent = 100 * down_c / r->budget_allowed;
	else
		r->budget_consumed_percent = down_c > 0 ? 100 : 0;
	if (r->counted > 0 && err_share > 0)
		r->burn_rate = down_c / r->counted / err_share;
	if (isnan(r->availability_percent))
		return;
	r->margin_percent = r->availability_percent - target;
	r->met = r->availability_percent >= target - PCT_EPS;
}

void sla_apply_objective(struct sla_result *r, const struct sla_objective *o)
{
	r->met = -1;
	r->margin_percent = r->budget_allowed = r->budget_consumed_percent = NAN;
	r->budget_remaining = r->burn_rate = NAN;
	apply_target(r, o);
	apply_verdict(r, o);
}

static int check_args(const struct series *s, time_t t0, time_t t1,
		      const struct ival_list *scope, const struct sla_policy *p,
		      const struct sla_objective *o, char *err, size_t errlen)
{
	const char *why = NULL;

	if (s == NULL || p == NULL || o == NULL)
		why = "missing series, policy or objective";
	else if (s->step <= 0 || s->stride == 0 || (s->n > 0 && s->avail == NULL))
		why = "series without a step, a stride or an avail array";
	else if (t1 < t0)
		why = "window ends before it starts";
	else if (scope != NULL && scope->n > 0 && scope->v == NULL)
		why = "scope without intervals";
	else if (o->latency == SLA_LATENCY_PERCENTILE &&
		 !(o->percentile > 0 && o->percentile <= 100))
		why = "latency percentile outside (0, 100]";
	else if (o->latency == SLA_LATENCY_SHARE &&
		 !(o->share_percent >= 0 && o->share_percent <= 100))
		why = "latency share outside [0, 100]";
	else if (!isnan(o->target_percent) &&
		 !(o->target_percent >= 0 && o->target_percent <= 100))
		why = "availability target outside [0, 100]";
	else if (!(o->min_coverage_percent >= 0 && o->min_coverage_percent <= 100))
		why = "minimum coverage outside [0, 100]";
	for (size_t i = 0; why == NULL && scope != NULL && i < scope->n; i++)
		if (scope->v[i].start > scope->v[i].end ||
		    (i > 0 && scope->v[i].start < scope->v[i - 1].end))
			why = "scope intervals are not sorted and disjoint";
	if (why != NULL)
		snprintf(err, errlen, "cannot evaluate the SLA: %s", why);
	return why != NULL ? -1 : 0;
}

static void finish_counts(struct sla_result *r, const struct acc *a)
{
	double n = (double)r->noutages;

	r->counted = a->up_c + a->down_c;
	r->availability_percent = NAN;
	if (r->counted > 0)
		r->availability_percent = fmin(100, fmax(0, 100 * a->up_c / r->counted));
	r->mttr = r->noutages ? a->down_c / n : NAN;
	r->mtbf = r->noutages ? a->up_c / n : NAN;
}

int sla_evaluate(const struct series *s, time_t t0, time_t t1, const struct ival_list *scope,
		 const struct sla_policy *p, const struct sla_objective *o,
		 struct sla_result *r, char *err, size_t errlen)
{
	struct acc a = { p, r, 0, 0, { 0, 0, 0, 0 }, 0, 0, 0 };
	struct scope_view w;
	time_t lo, hi;

	if (r == NULL) {
		snprintf(err, errlen, "cannot evaluate the SLA: missing result");
		return -1;
	}
	memset(r, 0, sizeof(*r));
	r->t0 = t0;
	r->t1 = t1;
	r->longest_outage = NAN;
	if (check_args(s, t0, t1, scope, p, o, err, errlen) != 0)
		return -1;
	scope_view_init(&w, scope, t0, t1);
	for (size_t j = 0; j < w.n && !a.oom; j++)
		if (scope_clip(&w, j, &lo, &hi))
			walk_interval(&a, s, lo, hi);
	if (a.oom || latency(r, s, &w, o) != 0) {
		sla_result_release(r);
		snprintf(err, errlen, "cannot evaluate the SLA: out of memory");
		return -1;
	}
	finish_counts(r, &a);
	r->coarse = s->step > s->archive_step;
	sla_apply_objective(r, o);
	return 0;
}

void sla_result_release(struct sla_result *r)
{
	if (r == NULL)
		return;
	free(r->outages);
	r->outages = NULL;
	r->noutages = 0;
}

void sla_total_init(struct sla_result *total, time_t t0, time_t t1)
{
	memset(total, 0, sizeof(*total));
	total->t0 = t0;
	total->t1 = t1;
	total->availability_percent = total->margin_percent = NAN;
	total->longest_outage = total->mttr = total->mtbf = NAN;
	total->budget_allowed = total->budget_consumed_percent = total->budget_remaining = NAN;
	total->burn_rate = total->latency_value = NAN;
	total->coverage_percent = total->credit_percent = NAN;
	total->met = total->latency_met = -1;
	total->verdict = SLA_NO_OBJECTIVE;
}

/* Seconds counted as up, recovered from a result's percentage. */
static double up_counted(const struct sla_result *r)
{
	return r->counted > 0 && !isnan(r->availability_percent) ?
	       r->availability_percent / 100 * r->counted : 0;
}

int sla_met_and(int total, int v)
{
	if (v < 0)
		return total;
	return total < 0 ? v : total && v;
}

void sla_total_add(struct sla_result *total, const struct sla_result *r)
{
	double up_c = up_counted(total) + up_counted(r), spent;

	total->in_scope += r->in_scope;
	total->up += r->up;
	total->down += r->down;
	total->maintenance += r->maintenance;
	total->unmonitored += r->unmonitored;
	total->counted += r->counted;
	total->noutages += r->noutages;
	total->latency_samples += r->latency_samples;
	total->coarse |= r->coarse;
	total->met = sla_met_and(total->met, r->met);
	total->latency_met = sla_met_and(total->latency_met, r->latency_met);
	total->verdict = sla_verdict_worse(total->verdict, r->verdict);
	total->coverage_percent = sla_coverage_percent(total);
	total->availability_percent = total->counted > 0 ?
		fmin(100, fmax(0, 100 * up_c / total->counted)) : NAN;
	if (!isnan(r->longest_outage) &&
	    (isnan(total->longest_outage) || r->longest_outage > total->longest_outage))
		total->longest_outage = r->longest_outage;
	total->mttr = total->noutages ? (total->counted - up_c) / (double)total->noutages : NAN;
	total->mtbf = total->noutages ? up_c / (double)total->noutages : NAN;
	if (!isnan(r->budget_allowed)) {
		total->budget_allowed = (isnan(total->budget_allowed) ? 0 : total->budget_allowed) +
					r->budget_allowed;
		total->budget_remaining = (isnan(total->budget_remaining) ? 0 :
					   total->budget_remaining) + r->budget_remaining;
		spent = total->budget_allowed - total->budget_remaining;
		total->budget_consumed_percent = total->budget_allowed > 0 ?
			100 * spent / total->budget_allowed : spent > 0 ? 100 : 0;
	}
}
