#include "backtest.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Percentages within this of a tier boundary are at the boundary (as in sla.c). */
#define PCT_EPS 1e-9
#define NONE ((size_t)-1)

const struct bt_alert_rule bt_default_alerts[] = {
	{ BT_PAGE, 14.4, 3600, 300 },
	{ BT_PAGE, 6, 6 * 3600, 1800 },
	{ BT_TICKET, 3, 86400, 2 * 3600 },
	{ BT_TICKET, 1, 3 * 86400, 6 * 3600 },
};
const size_t bt_ndefault_alerts = sizeof(bt_default_alerts) / sizeof(bt_default_alerts[0]);

const char *bt_severity_name(enum bt_severity s)
{
	return s == BT_PAGE ? "page" : s == BT_TICKET ? "ticket" : "?";
}

double bt_reward(const struct bt_terms *t, double availability_percent)
{
	double best = NAN, bonus = 0;

	if (isnan(availability_percent))
		return 0;
	for (size_t i = 0; i < t->nrewards; i++) {
		const struct bt_reward *r = &t->rewards[i];

		if (availability_percent >= r->at_percent - PCT_EPS &&
		    (isnan(best) || r->at_percent > best)) {
			best = r->at_percent;
			bonus = r->bonus_percent;
		}
	}
	return bonus;
}

/*
 * One window more for the chronic-breach clause: v its verdict, out the verdict of the
 * window that leaves the last c->of (SLA_MET when none leaves yet).  *missed counts the
 * missed windows in the span.  Returns 1 when the clause triggers here.
 */
static int chronic_step(const struct bt_chronic *c, size_t *missed, enum sla_verdict v,
			enum sla_verdict out)
{
	*missed += v == SLA_MISSED;
	*missed -= out == SLA_MISSED;
	return c->of > 0 && c->missed > 0 && *missed >= (size_t)c->missed;
}

static enum sla_verdict verdict_before(const struct bt_chronic *c, const enum sla_verdict *v,
				       size_t i)
{
	return c->of > 0 && i >= (size_t)c->of ? v[i - (size_t)c->of] : SLA_MET;
}

/* Credits are NAN where no tier applies or the window is not judged: they add nothing. */
static double credit_of(const struct sla_result *r)
{
	return isnan(r->credit_percent) ? 0 : r->credit_percent;
}

static void count_verdict(enum sla_verdict v, size_t *met, size_t *missed, size_t *insufficient,
			  size_t *unknown)
{
	*met += v == SLA_MET;
	*missed += v == SLA_MISSED;
	*insufficient += v == SLA_INSUFFICIENT;
	*unknown += v != SLA_MET && v != SLA_MISSED && v != SLA_INSUFFICIENT;
}

void bt_judge(struct bt_window *w, size_t n, const struct bt_terms *t)
{
	for (size_t i = 0, missed = 0; i < n; i++) {
		const struct sla_result *r = &w[i].r;
		enum sla_verdict out = t->chronic.of > 0 && i >= (size_t)t->chronic.of ?
				       w[i - (size_t)t->chronic.of].r.verdict : SLA_MET;

		/* A reward, like a credit, is for a judged window only. */
		w[i].reward_percent = r->verdict == SLA_MET || r->verdict == SLA_MISSED ?
				      bt_reward(t, r->availability_percent) : 0;
		w[i].chronic = chronic_step(&t->chronic, &missed, r->verdict, out);
	}
}

static int by_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x < y) - (x > y);
}

double bt_recommend(const double *v, size_t n, double confidence, size_t *need, size_t *at)
{
	double *s = malloc((n ? n : 1) * sizeof(*s)), best;
	size_t k = 0;

	*need = 0;
	*at = NONE;
	if (s == NULL)
		return NAN;
	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i]))
			s[k++] = v[i];
	if (k == 0) {
		free(s);
		return NAN;
	}
	qsort(s, k, sizeof(*s), by_desc);
	/* The need-th highest value is met (>=) by exactly the need highest windows or more. */
	*need = (size_t)ceil(confidence * (double)k - 1e-9);
	if (*need < 1)
		*need = 1;
	if (*need > k)
		*need = k;
	best = s[*need - 1];
	free(s);
	for (size_t i = 0; i < n; i++)
		if (v[i] == best) {
			*at = i;
			break;
		}
	return best;
}

/* min, median and nearest-rank p10 of the known values of v[0..n). */
static void spread(const double *v, size_t n, struct bt_summary *s)
{
	double *k = malloc((n ? n : 1) * sizeof(*k));
	size_t m = 0, r;

	s->min = s->median = s->p10 = NAN;
	if (k == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i]))
			k[m++] = v[i];
	if (m > 0) {
		qsort(k, m, sizeof(*k), by_desc);	/* k[m - 1] is the smallest */
		s->min = k[m - 1];
		s->median = m % 2 ? k[m / 2] : (k[m / 2 - 1] + k[m / 2]) / 2;
		r = (size_t)ceil(0.1 * (double)m - 1e-9);	/* r-th smallest */
		s->p10 = k[m - (r < 1 ? 1 : r)];
	}
	free(k);
}

void bt_summarise(const struct bt_window *w, size_t n, const struct bt_terms *t,
		  double confidence, struct bt_summary *s)
{
	double *v = malloc((n ? n : 1) * sizeof(*v));

	memset(s, 0, sizeof(*s));
	s->n = n;
	s->worst = NONE;
	s->confidence = confidence;
	s->chronic_at_end = t->chronic.of > 0 ? 0 : -1;
	sla_total_init(&s->total, n ? w[0].r.t0 : 0, n ? w[n - 1].r.t1 : 0);
	for (size_t i = 0; i < n; i++) {
		const struct sla_result *r = &w[i].r;

		count_verdict(r->verdict, &s->met, &s->missed, &s->insufficient, &s->unknown);
		s->credit_percent += credit_of(r);
		s->reward_percent += w[i].reward_percent;
		s->chronic_triggers += w[i].chronic;
		for (int k = 0; k < BT_NSEVERITIES; k++)
			s->alerts[k] += w[i].alerts[k];
		if (!isnan(r->availability_percent)) {
			s->nknown++;
			if (s->worst == NONE ||
			    r->availability_percent < w[s->worst].r.availability_percent)
				s->worst = i;
		}
		sla_total_add(&s->total, r);
		if (v != NULL)
			v[i] = r->availability_percent;
	}
	if (n > 0 && t->chronic.of > 0)
		s->chronic_at_end = w[n - 1].chronic;
	s->credit_money = isnan(t->bill) ? NAN : t->bill * s->credit_percent / 100;
	s->reward_money = isnan(t->bill) ? NAN : t->bill * s->reward_percent / 100;
	s->recommended = NAN;
	s->recommended_window = NONE;
	s->min = s->median = s->p10 = NAN;
	if (v == NULL)
		return;
	spread(v, n, s);
	s->recommended = bt_recommend(v, n, confidence, &s->need, &s->recommended_window);
	free(v);
}

int bt_sweep(const struct bt_window *w, size_t n, const struct bt_terms *t,
	     const struct bt_alert_levels *levels, const double *targets, size_t nt,
	     struct bt_sweep_row *rows)
{
	enum sla_verdict *verdict = malloc((n ? n : 1) * sizeof(*verdict));
	struct sla_objective o = t->objective;
	size_t *counts = NULL;

	if (verdict == NULL)
		return -1;
	for (size_t j = 0; j < nt; j++) {
		struct bt_sweep_row *row = &rows[j];

		memset(row, 0, sizeof(*row));
		row->target = o.target_percent = targets[j];
		for (size_t i = 0; i < n; i++) {
			/* A copy judged again: the target-independent fields are the engine's. */
			struct sla_result r = w[i].r;

			sla_apply_objective(&r, &o);
			verdict[i] = r.verdict;
			count_verdict(r.verdict, &row->met, &row->missed, &row->insufficient,
				      &row->unknown);
			row->credit_percent += credit_of(&r);
			row->reward_percent += w[i].reward_percent;
		}
		for (size_t i = 0, missed = 0; i < n; i++)
			row->chronic += (size_t)chronic_step(&t->chronic, &missed, verdict[i],
							     verdict_before(&t->chronic, verdict, i));
	}
	free(verdict);
	if (levels == NULL)
		return 0;
	if ((counts = malloc((nt ? nt : 1) * sizeof(*counts))) == NULL)
		return -1;
	for (int k = 0; k < BT_NSEVERITIES; k++) {
		if (bt_alert_sweep(levels, (enum bt_severity)k, targets, nt, counts) != 0) {
			free(counts);
			return -1;
		}
		for (size_t j = 0; j < nt; j++)
			rows[j].alerts[k] = counts[j];
	}
	free(counts);
	return 0;
}
