#include "backtest.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Burn-rate alert replay.  Each evaluation step is one row of the series; its counted and
 * down-counted seconds come from sla_evaluate over that row (the engine's own split and
 * policy), kept as prefix sums, so the error ratio over any trailing window is two
 * subtractions.  A rule's window of W seconds at step i covers the last ceil(W / step)
 * steps up to and including i.  A window without counted time has no error ratio and
 * cannot fire.
 */

/* The largest budget (1 − target/100) at which a level fires; -INFINITY when none. */
static double reach(double level)
{
	/* The same tolerance as a target boundary: a level equal to the budget fires. */
	return level > 0 ? level * (1 + 1e-9) : -INFINITY;
}

static int fires(double level, double budget)
{
	return budget <= reach(level);
}

void bt_alert_levels_release(struct bt_alert_levels *a)
{
	if (a == NULL)
		return;
	for (int k = 0; k < BT_NSEVERITIES; k++) {
		free(a->level[k]);
		a->level[k] = NULL;
	}
	a->n = 0;
}

/* The part of scope that meets [lo, hi), from index *j on (advanced past what ended). */
static struct ival_list scope_part(const struct ival_list *scope, size_t *j, time_t lo, time_t hi)
{
	struct ival_list v = IVAL_LIST_INIT;
	size_t k;

	while (*j < scope->n && scope->v[*j].end <= lo)
		(*j)++;
	for (k = *j; k < scope->n && scope->v[k].start < hi; k++)
		;
	v.v = scope->v + *j;
	v.n = k - *j;
	return v;
}

/* Counted and down-counted seconds of every step, as prefix sums pc[0..n], pd[0..n]. */
static int step_sums(const struct series *s, time_t t0, size_t n, const struct ival_list *scope,
		     const struct sla_policy *p, double *pc, double *pd, char *err, size_t errlen)
{
	struct sla_objective none = { NAN, SLA_LATENCY_NONE, NAN, NAN, NAN, NULL, 0, 0 };
	struct sla_policy raw = *p;
	size_t j = 0;

	/* An alert sees every error as it happens: no merging, nothing ignored. */
	raw.merge_gap = raw.ignore_shorter = 0;
	pc[0] = pd[0] = 0;
	for (size_t i = 0; i < n; i++) {
		time_t lo = t0 + (time_t)i * s->step, hi = lo + s->step;
		struct ival_list part;
		struct sla_result r;
		double c = 0, d = 0;

		if (scope != NULL)
			part = scope_part(scope, &j, lo, hi);
		if (scope == NULL || part.n > 0) {
			if (sla_evaluate(s, lo, hi, scope != NULL ? &part : NULL, &raw, &none, &r,
					 err, errlen) != 0)
				return -1;
			c = r.counted;
			d = c > 0 ? c * (1 - r.availability_percent / 100) : 0;
			sla_result_release(&r);
		}
		pc[i + 1] = pc[i] + c;
		pd[i + 1] = pd[i] + d;
	}
	return 0;
}

/* Error ratio over the w steps ending at step i (inclusive); NAN without counted time. */
static double ratio(const double *pc, const double *pd, size_t i, size_t w)
{
	size_t a = i + 1 >= w ? i + 1 - w : 0;
	double c = pc[i + 1] - pc[a];

	return c > 0 ? (pd[i + 1] - pd[a]) / c : NAN;
}

static size_t steps_of(long seconds, long step)
{
	long k = (seconds + step - 1) / step;

	return k < 1 ? 1 : (size_t)k;
}

int bt_alert_replay(const struct series *s, time_t t0, time_t t1, const struct ival_list *scope,
		    const struct sla_policy *p, const struct bt_alert_rule *rules, size_t nrules,
		    struct bt_alert_levels *out, char *err, size_t errlen)
{
	size_t n = t1 > t0 ? (size_t)((t1 - t0 + s->step - 1) / s->step) : 0;
	double *pc = malloc((n + 1) * sizeof(*pc)), *pd = malloc((n + 1) * sizeof(*pd));
	int rc = -1;

	memset(out, 0, sizeof(*out));
	out->start = t0;
	out->step = s->step;
	out->n = n;
	for (int k = 0; k < BT_NSEVERITIES; k++)
		out->level[k] = malloc((n ? n : 1) * sizeof(double));
	if (pc == NULL || pd == NULL || out->level[0] == NULL || out->level[1] == NULL) {
		snprintf(err, errlen, "cannot replay alerts: out of memory");
		goto done;
	}
	if (step_sums(s, t0, n, scope, p, pc, pd, err, errlen) != 0)
		goto done;
	for (size_t i = 0; i < n; i++) {
		out->level[BT_PAGE][i] = out->level[BT_TICKET][i] = NAN;
		for (size_t k = 0; k < nrules; k++) {
			const struct bt_alert_rule *u = &rules[k];
			double l = ratio(pc, pd, i, steps_of(u->long_s, s->step));
			double sh = ratio(pc, pd, i, steps_of(u->short_s, s->step));
			double v = fmin(l, sh) / u->factor, *cur = &out->level[u->severity][i];

			if (!isnan(l) && !isnan(sh) && (isnan(*cur) || v > *cur))
				*cur = v;
		}
	}
	rc = 0;
done:
	free(pc);
	free(pd);
	if (rc != 0)
		bt_alert_levels_release(out);
	return rc;
}

size_t bt_alert_episodes(const struct bt_alert_levels *a, enum bt_severity sev,
			 double target_percent, time_t *starts, size_t max)
{
	double budget = 1 - target_percent / 100;
	size_t count = 0;
	int was = 0;

	for (size_t i = 0; i < a->n; i++) {
		int now = fires(a->level[sev][i], budget);

		if (now && !was) {
			if (starts != NULL && count < max)
				starts[count] = a->start + (time_t)(i + 1) * a->step;
			count++;
		}
		was = now;
	}
	return count;
}

struct budget {
	double b;
	size_t at;		/* index into the caller's targets */
};

static int by_budget(const void *x, const void *y)
{
	double a = ((const struct budget *)x)->b, b = ((const struct budget *)y)->b;

	return (a > b) - (a < b);
}

/* The first index of sorted budgets b[0..n) with b > v. */
static size_t first_above(const struct budget *b, size_t n, double v)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (b[mid].b > v)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

int bt_alert_sweep(const struct bt_alert_levels *a, enum bt_severity sev,
		   const double *targets, size_t nt, size_t *counts)
{
	struct budget *b = malloc((nt ? nt : 1) * sizeof(*b));
	long *diff = calloc(nt + 1, sizeof(*diff));
	double prev = -INFINITY;
	long run = 0;

	if (b == NULL || diff == NULL) {
		free(b);
		free(diff);
		return -1;
	}
	for (size_t j = 0; j < nt; j++)
		b[j] = (struct budget){ 1 - targets[j] / 100, j };
	qsort(b, nt, sizeof(*b), by_budget);
	/*
	 * An episode starts at step i for exactly the budgets in (reach(i-1), reach(i)]:
	 * one range increment per step instead of one test per target.
	 */
	for (size_t i = 0; i < a->n; i++) {
		double r = reach(a->level[sev][i]);

		if (r > prev) {
			diff[first_above(b, nt, prev)]++;
			diff[first_above(b, nt, r)]--;
		}
		prev = r;
	}
	for (size_t j = 0; j < nt; j++) {
		run += diff[j];
		counts[b[j].at] = (size_t)run;
	}
	free(b);
	free(diff);
	return 0;
}
