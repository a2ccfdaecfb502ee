/*
 * backtest — had a proposed SLA been in force, how would we have fared?  Pure functions
 * over the engine's per-window results (struct sla_result from sla_evaluate): verdicts
 * per window, rewards, chronic breach, a summary with the recommended target, and a sweep
 * of candidate targets that re-judges the same results with sla_apply_objective instead
 * of reading the data again (only the verdicts depend on the target).  The burn-rate
 * alert replay lives in backtest_alerts.c; reading archives in backtest_run.c.
 */
#ifndef BACKTEST_H
#define BACKTEST_H

#include <stddef.h>
#include <time.h>

#include "interval.h"
#include "series.h"
#include "sla.h"

/* Reward tier: availability >= at_percent earns bonus_percent (the highest tier reached wins). */
struct bt_reward {
	double at_percent;
	double bonus_percent;
};

/* Chronic breach: missed in `missed` of any `of` consecutive windows.  of == 0: none. */
struct bt_chronic {
	int missed, of;
};

enum bt_severity { BT_PAGE, BT_TICKET };
#define BT_NSEVERITIES 2
const char *bt_severity_name(enum bt_severity s);	/* "page", "ticket" */

/*
 * A multi-window burn-rate alert (Google SRE workbook): fires while the error ratio over
 * both the long and the short window is at least factor × (1 − target).
 */
struct bt_alert_rule {
	enum bt_severity severity;
	double factor;
	long long_s, short_s;
};
/* 14.4x 1h/5m and 6x 6h/30m page; 3x 1d/2h and 1x 3d/6h ticket. */
extern const struct bt_alert_rule bt_default_alerts[];
extern const size_t bt_ndefault_alerts;

/* What a back-test judges: the objective (target, latency, credit tiers) and the terms. */
struct bt_terms {
	struct sla_objective objective;
	const struct bt_reward *rewards;	/* any order */
	size_t nrewards;
	struct bt_chronic chronic;
	double bill;				/* per window, for money; NAN: none */
};

/* Reward earned for an availability (0 when no tier is reached). */
double bt_reward(const struct bt_terms *t, double availability_percent);

/* A window's result: r.verdict (met, missed, insufficient data, ...) and r.coverage_percent
 * are the engine's. */
struct bt_window {
	struct sla_result r;		/* the engine's result, judged against the objective */
	int before_data;		/* the window starts before the archive's first data */
	double reward_percent;
	int chronic;			/* chronic breach triggered at the end of this window */
	size_t alerts[BT_NSEVERITIES];	/* alert episodes that started inside the window */
};

/*
 * Sets reward and chronic of w[0..n) from their results (already judged against
 * t->objective by sla_evaluate or sla_apply_objective).  Only missed windows count toward
 * a chronic breach; insufficient data counts neither way.
 */
void bt_judge(struct bt_window *w, size_t n, const struct bt_terms *t);

struct bt_summary {
	/* Windows; met + missed + insufficient + unknown = n.  unknown: no data or no objective. */
	size_t n, met, missed, insufficient, unknown;
	size_t worst;			/* lowest availability; (size_t)-1 when none is known */
	double credit_percent;		/* Σ over windows, in percent of one window's bill */
	double reward_percent;		/* the same for rewards */
	double credit_money, reward_money;	/* × bill / 100; NAN without a bill */
	/* Attained availability over the windows where it is known. */
	size_t nknown;
	double min, median, p10;	/* median: mean of the middle two; p10: nearest rank */
	double confidence;
	size_t need;			/* ceil(confidence × nknown) */
	double recommended;		/* the need-th highest attained value; NAN when none */
	size_t recommended_window;	/* where it comes from; (size_t)-1 when none */
	size_t chronic_triggers;	/* windows at which chronic breach triggered */
	int chronic_at_end;		/* triggered at the last window; -1 when no clause */
	size_t alerts[BT_NSEVERITIES];
	struct sla_result total;	/* time-weighted over the windows (sla_total_add) */
};

/* Summarises w[0..n) (judged by bt_judge).  confidence in (0, 1]. */
void bt_summarise(const struct bt_window *w, size_t n, const struct bt_terms *t,
		  double confidence, struct bt_summary *s);

/* The recommended target of attained values v[0..n) (NAN: unknown); see bt_summary. */
double bt_recommend(const double *v, size_t n, double confidence, size_t *need, size_t *at);

/* One candidate target of a sweep. */
struct bt_sweep_row {
	double target;
	size_t met, missed, insufficient, unknown;
	double credit_percent, reward_percent;
	size_t alerts[BT_NSEVERITIES];
	size_t chronic;			/* windows at which chronic breach would have triggered */
};

struct bt_alert_levels;

/*
 * Judges the same windows against each of targets[0..nt) (everything else as in t) and
 * fills rows[0..nt).  Work is O(nt × n) over the results plus the alert counts
 * (bt_alert_sweep; alerts 0 when levels is NULL).  0, or -1 when out of memory.
 */
int bt_sweep(const struct bt_window *w, size_t n, const struct bt_terms *t,
	     const struct bt_alert_levels *levels, const double *targets, size_t nt,
	     struct bt_sweep_row *rows);

/* ---- burn-rate alert replay (backtest_alerts.c) ---- */

/*
 * Per severity and per evaluation step, the highest over that severity's rules of
 * min(error ratio over the long window, over the short window) / factor: the rule fires
 * at a target T when that level is >= 1 − T/100.  It does not depend on the target, so
 * one replay serves every candidate of a sweep.
 */
struct bt_alert_levels {
	time_t start;			/* step i is evaluated at start + (i + 1) × step */
	long step;
	size_t n;
	double *level[BT_NSEVERITIES];	/* NAN or 0: cannot fire (no data, no errors) */
};

/*
 * Replays rules over [t0, t1) of s: the error ratio of each evaluation step (one row of s)
 * is the engine's own, sla_evaluate over that row and its in-scope time, with the policy p
 * but without merging or ignoring outages (an alert sees the raw errors).  scope NULL:
 * 24x7.  Fills out (bt_alert_levels_release()).  0, or -1 with a message.
 */
int bt_alert_replay(const struct series *s, time_t t0, time_t t1, const struct ival_list *scope,
		    const struct sla_policy *p, const struct bt_alert_rule *rules, size_t nrules,
		    struct bt_alert_levels *out, char *err, size_t errlen);
void bt_alert_levels_release(struct bt_alert_levels *a);

/*
 * Firing episodes of a severity at a target: a condition that stays true is one alert.
 * Returns how many; the first max start times (the evaluation time at which each began)
 * go to starts (may be NULL).
 */
size_t bt_alert_episodes(const struct bt_alert_levels *a, enum bt_severity sev,
			 double target_percent, time_t *starts, size_t max);

/*
 * The episode counts of a severity for every target of targets[0..nt) in one pass over
 * the levels (a difference array over the sorted budgets).  0, or -1 when out of memory.
 */
int bt_alert_sweep(const struct bt_alert_levels *a, enum bt_severity sev,
		   const double *targets, size_t nt, size_t *counts);

#endif
