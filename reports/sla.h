/*
 * sla — the SLA engine: pure functions from (series, in-scope intervals, policy,
 * objective) to per-window results as plain structs.  No I/O, no time zones; the
 * only allocations are the result's outage list and, during a call, the window's
 * latency samples.  Back-testing, the scorecard and every
 * renderer consume struct sla_result.
 */
#ifndef SLA_H
#define SLA_H

#include <stddef.h>
#include <time.h>

#include "interval.h"
#include "series.h"

/* How a kind of time counts toward availability. */
enum sla_count { SLA_EXCLUDED, SLA_AS_UP, SLA_AS_DOWN };
const char *sla_count_name(enum sla_count c);	/* "excluded", "up", "down" */

struct sla_policy {
	enum sla_count maintenance;	/* scheduled downtime; default excluded */
	enum sla_count unmonitored;	/* no data; default excluded */
	enum sla_count warning;		/* WARNING checks; default up (SLA_AS_UP or SLA_AS_DOWN) */
	long merge_gap;			/* merge outages split by less than this many seconds; 0 */
	long ignore_shorter;		/* outages shorter than this count as up; 0 */
};
#define SLA_POLICY_INIT { SLA_EXCLUDED, SLA_EXCLUDED, SLA_AS_UP, 0, 0 }

/* Service-credit tier: availability < below_percent owes credit_percent (the lowest matching tier wins). */
struct sla_credit_tier {
	double below_percent;
	double credit_percent;
};

enum sla_latency_kind { SLA_LATENCY_NONE, SLA_LATENCY_PERCENTILE, SLA_LATENCY_SHARE };

struct sla_objective {
	double target_percent;		/* availability target, e.g. 99.9; NAN when none */
	enum sla_latency_kind latency;
	double percentile;		/* PERCENTILE: p (e.g. 95) of rtt must be <= threshold */
	double share_percent;		/* SHARE: at least this % of checks must be under threshold */
	double threshold_s;		/* latency threshold, seconds */
	const struct sla_credit_tier *credits;	/* sorted by below_percent descending */
	size_t ncredits;
	double min_coverage_percent;	/* below this share of in-scope time with data: insufficient; 0 */
};

/*
 * What a window's result says about its objective, decided in this order by
 * sla_verdict_of():
 *   no data       no in-scope time with data (whatever the policy counts unmonitored
 *                 time as), or nothing counted and no latency known;
 *   no objective  neither an availability target nor a latency objective;
 *   insufficient  coverage below the objective's min_coverage_percent;
 *   missed        the availability or the latency objective missed;
 *   met           otherwise.
 * Only met and missed judge the service: the others count neither way.
 */
enum sla_verdict { SLA_NO_OBJECTIVE, SLA_NO_DATA, SLA_MET, SLA_INSUFFICIENT, SLA_MISSED };
/* "no_objective", "no_data", "met", "insufficient_data", "missed" (CSV and JSON). */
const char *sla_verdict_name(enum sla_verdict v);
/*
 * Two verdicts as one, for several windows (or services): missed if either missed, else
 * insufficient data if either was, or if one was met and the other had no data at all
 * (the whole could not be judged: a month without data is never silently met), else met,
 * else no data.  Order does not matter; start from SLA_NO_OBJECTIVE.
 */
enum sla_verdict sla_verdict_worse(enum sla_verdict a, enum sla_verdict b);

struct sla_outage {
	time_t start, end;		/* [start, end) */
};

struct sla_result {
	time_t t0, t1;			/* the window [t0, t1) */
	/* Seconds of in-scope time, split; up + down + maintenance + unmonitored = in_scope. */
	double in_scope, up, down, maintenance, unmonitored;
	double counted;			/* the denominator: in_scope minus what policy excludes */
	double availability_percent;	/* up (as counted) / counted × 100; NAN if counted == 0 */
	double coverage_percent;	/* (in_scope − unmonitored) / in_scope × 100; NAN if no scope */
	enum sla_verdict verdict;
	int met;			/* 1 met, 0 missed, -1 no target, or a verdict other than met or missed */
	double margin_percent;		/* availability − target (negative: missed by) */
	/* Outages: maximal runs of down time after merge/ignore policy, within scope. */
	struct sla_outage *outages;
	size_t noutages;
	double longest_outage, mttr, mtbf;	/* seconds; NAN when no outages */
	/* Error budget = (1 − target) × counted. */
	double budget_allowed, budget_consumed_percent, budget_remaining;
	double burn_rate;		/* error ratio / (1 − target) */
	/* Latency: the p-th percentile (s) or the share under threshold (%), over known rtt in scope. */
	double latency_value;
	int latency_met;		/* 1, 0, or -1: no objective, no rtt data, or not judged (verdict) */
	size_t latency_samples;
	double credit_percent;		/* 0 when no tier applies; NAN without tiers or when not judged */
	int coarse;			/* 1: computed from consolidated (hourly/daily) rows */
};

/*
 * What row i of s holds, as shares of the row that add up to 1 (before any policy):
 * ok (up, not WARNING), warn (up in WARNING), down, maint (scheduled downtime) and unmon
 * (no data).  The engine counts a row's seconds from these; composites combine them.
 */
struct sla_shares {
	double ok, warn, down, maint, unmon;
};
void sla_row_shares(const struct series *s, size_t i, struct sla_shares *out);

/*
 * Indexes s's runs of plainly-up rows (s->busy) for the sla_evaluate() calls to come,
 * which then give the same results with less work: worth it when s is walked more than
 * once (each day of a report), not for one walk, which looks at each row once anyway.
 * 0, or -1 when out of memory (s unchanged, still usable).
 */
int sla_index(struct series *s);

/*
 * Evaluates one window [t0, t1) of s against the objective.  scope is the calendar's
 * in-scope time (NULL: 24x7).  Time outside the series counts as unmonitored.
 * Fills r (r->outages is a new array; free with sla_result_release()).  0 or -1 with a
 * message (bad arguments only: the engine never fails on data).
 */
int sla_evaluate(const struct series *s, time_t t0, time_t t1, const struct ival_list *scope,
		 const struct sla_policy *p, const struct sla_objective *o,
		 struct sla_result *r, char *err, size_t errlen);
void sla_result_release(struct sla_result *r);

/* The AND of tri-state verdicts (1 met, 0 missed, -1 unknown): unknown ones do not count. */
int sla_met_and(int total, int v);

/* Credit owed for an availability under the tiers (0 when none applies). */
double sla_credit(const struct sla_objective *o, double availability_percent);

/* The share of r's in-scope time with data, in percent; NAN when nothing is in scope. */
double sla_coverage_percent(const struct sla_result *r);
/* The verdict on r under o (see enum sla_verdict); r's met and latency_met as evaluated. */
enum sla_verdict sla_verdict_of(const struct sla_result *r, const struct sla_objective *o);

/*
 * Totals over services: time-weighted (Σ up / Σ counted, Σ seconds), never a mean of
 * percentages.  Outages are not merged across services (noutages is the sum, outages NULL).
 */
void sla_total_add(struct sla_result *total, const struct sla_result *r);

/*
 * Recomputes the target-dependent fields of r (met, margin, budget, burn rate, credit,
 * verdict) from its target-independent ones, so that back-testing can sweep many targets
 * over one evaluation.  sla_evaluate() ends with it.  Latency is left as it is (it needs
 * the series), except that latency_met becomes -1 when the verdict is neither met nor
 * missed (coverage does not depend on the target, so a sweep keeps that verdict).
 */
void sla_apply_objective(struct sla_result *r, const struct sla_objective *o);

/*
 * Starts a total over services for [t0, t1), to be filled with sla_total_add(): zero
 * seconds, availability NAN, met and latency_met -1, budget NAN until a result with a
 * target is added.  A total has meaningful: the seconds (in_scope .. counted),
 * availability (Σ up as counted / Σ counted), met and latency_met (AND of the known ones,
 * -1 if none is known), noutages (sum; outages NULL), longest_outage (max), mttr and mtbf
 * (Σ down / Σ up as counted, over Σ noutages), budget_allowed and budget_remaining (sums
 * over results with a target) and consumed % of that sum, latency_samples (sum),
 * coverage (of Σ in-scope), verdict (the worst) and coarse (any).  margin, burn_rate,
 * latency_value and credit stay NAN: they belong to one service's objective.
 */
void sla_total_init(struct sla_result *total, time_t t0, time_t t1);

#endif
