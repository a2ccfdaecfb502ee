/*
 * The SLA engine on hand-made series: availability under each policy, scope, outages
 * with merge and ignore, error budget, credits, latency objectives and totals.  Every
 * expected number is worked out by hand in the comment beside it.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sla.h"

#define D   ((time_t)1780272000)	/* 2026-06-01 00:00:00 UTC, a Monday */
#define H   3600
#define DAY 86400
#define EPS 1e-6

#define assert_near(a, b) near_at((a), (b), #a, __LINE__)
static void near_at(double got, double want, const char *what, int line)
{
	if (isnan(want) ? !isnan(got) : !(fabs(got - want) <= EPS))
		fail_msg("line %d: %s = %.12g, expected %.12g", line, what, got, want);
}

/* n rows from start, every avail 1 and every optional value 0 (cover 1). */
static struct series *mk(time_t start, long step, size_t n, int rtt, int warn, int dt,
			 int cover)
{
	struct series *s = series_new(start, step, n, rtt, warn, dt, cover);

	assert_non_null(s);
	for (size_t i = 0; i < n; i++) {
		s->avail[i] = 1;
		if (warn)
			s->warn[i] = 0;
		if (dt)
			s->downtime[i] = 0;
		if (cover)
			s->cover[i] = 1;
	}
	return s;
}

/* v[from..to) = x */
static void set(double *v, size_t from, size_t to, double x)
{
	for (size_t i = from; i < to; i++)
		v[i] = x;
}

/* What must hold for every result: the split adds up, 0..100, outages ordered inside scope. */
static void assert_sane(const struct sla_result *r)
{
	assert_near(r->up + r->down + r->maintenance + r->unmonitored, r->in_scope);
	if (!isnan(r->availability_percent) &&
	    !(r->availability_percent >= 0 && r->availability_percent <= 100))
		fail_msg("availability %.17g outside [0, 100]", r->availability_percent);
	if (r->counted > 0 && isnan(r->availability_percent))
		fail_msg("counted %g but availability NAN", r->counted);
	for (size_t i = 0; i < r->noutages; i++) {
		assert_true(r->outages[i].start < r->outages[i].end);
		assert_true(r->outages[i].start >= r->t0 && r->outages[i].end <= r->t1);
		if (i > 0)
			assert_true(r->outages[i].start >= r->outages[i - 1].end);
	}
}

static void eval(const struct series *s, time_t t0, time_t t1, const struct ival_list *scope,
		 const struct sla_policy *p, const struct sla_objective *o, struct sla_result *r)
{
	char err[256] = "";

	if (sla_evaluate(s, t0, t1, scope, p, o, r, err, sizeof(err)) != 0)
		fail_msg("sla_evaluate: %s", err);
	assert_sane(r);
}

static const struct sla_objective no_objective = { NAN, SLA_LATENCY_NONE, 0, 0, 0, NULL, 0, 0 };

static void assert_outage(const struct sla_result *r, size_t i, time_t start, time_t end)
{
	if (i >= r->noutages)
		fail_msg("outage %zu missing (%zu listed)", i, r->noutages);
	if (r->outages[i].start != start || r->outages[i].end != end)
		fail_msg("outage %zu is [D%+lld, D%+lld), expected [D%+lld, D%+lld)", i,
			 (long long)(r->outages[i].start - D), (long long)(r->outages[i].end - D),
			 (long long)(start - D), (long long)(end - D));
}

/* 30 days of 60-s rows with one outage of an hour at 10:00 on day 1. */
static void test_month_one_hour(void **state)
{
	struct series *s = mk(D, 60, 30 * 1440, 0, 0, 0, 0);
	struct sla_policy p = SLA_POLICY_INIT;
	struct sla_objective o = no_objective;
	struct sla_result r;

	(void)state;
	set(s->avail, 600, 660, 0);
	o.target_percent = 99.8;
	eval(s, D, D + 30 * DAY, NULL, &p, &o, &r);
	/* 30 × 86400 = 2592000 s; down 3600; up 2588400; 2588400 / 2592000 = 1 − 1/720 */
	assert_near(r.in_scope, 2592000);
	assert_near(r.down, 3600);
	assert_near(r.up, 2588400);
	assert_near(r.counted, 2592000);
	assert_near(r.availability_percent, 99.86111111111111);
	assert_int_equal(r.met, 1);
	assert_near(r.margin_percent, 0.06111111111111);	/* 99.861111 − 99.8 */
	assert_int_equal(r.noutages, 1);
	assert_outage(&r, 0, D + 10 * H, D + 11 * H);	/* rows 600..659 = 10:00..11:00 */
	assert_near(r.longest_outage, 3600);
	assert_near(r.mttr, 3600);
	assert_near(r.mtbf, 2588400);
	assert_int_equal(r.coarse, 0);
	sla_result_release(&r);
	series_release(s);
}

/* Outages that straddle t0 and t1 count and are listed only inside the window. */
static void test_window_boundary(void **state)
{
	/* rows from D − 1 h to D + 25 h */
	struct series *s = mk(D - H, 60, 26 * 60, 0, 0, 0, 0);
	struct sla_policy p = SLA_POLICY_INIT;
	struct sla_result r;

	(void)state;
	set(s->avail, 30, 90, 0);		/* D − 30 min .. D + 30 min */
	set(s->avail, 24 * 60 + 50, 25 * 60 + 10, 0);	/* D + 24 h − 10 min .. D + 24 h + 10 min */
	eval(s, D, D + DAY, NULL, &p, &no_objective, &r);
	/* inside: 1800 + 600 = 2400 down of 86400: 84000 / 86400 = 97.2222…% */
	assert_near(r.in_scope, 86400);
	assert_near(r.down, 2400);
	assert_near(r.availability_percent, 97.22222222222222);
	assert_int_equal(r.noutages, 2);
	assert_outage(&r, 0, D, D + 1800);
	assert_outage(&r, 1, D + DAY - 600, D + DAY);
	assert_near(r.longest_outage, 1800);
	assert_near(r.mttr, 1200);		/* 2400 / 2 */
	sla_result_release(&r);
	series_release(s);
}

/* Business hours 08:00-18:00 on two days; an outage from 17:30 to 08:30 the next day. */
static void test_business_hours(void **state)
{
	struct ival iv[] = { { D + 8 * H, D + 18 * H },
				     { D + DAY + 8 * H, D + DAY + 18 * H } };
	struct ival_list scope = { iv, 2, 2 };
	struct series *s = mk(D, 60, 2 * 1440, 0, 0, 0, 0);
	struct sla_policy p = SLA_POLICY_INIT;
	struct sla_result r;
	/* A merge gap of 15 h joins 08:30..17:30 (9 h) on day 1 but not the 14 h night:
	   outages end where scope ends. */
	static const long gaps[] = { 0, 15 * H };

	(void)state;
	set(s->avail, 7 * 60 + 30, 8 * 60 + 30, 0);		/* day 1 07:30-08:30 */
	set(s->avail, 17 * 60 + 30, 1440 + 8 * 60 + 30, 0);	/* day 1 17:30 - day 2 08:30 */
	for (size_t g = 0; g < sizeof(gaps) / sizeof(gaps[0]); g++) {
		p.merge_gap = gaps[g];
		eval(s, D, D + 2 * DAY, &scope, &p, &no_objective, &r);
		/* in scope 2 × 10 h = 72000; down 08:00-08:30, 17:30-18:00, 08:00-08:30 = 5400;
		   66600 / 72000 = 92.5% */
		assert_near(r.in_scope, 72000);
		assert_near(r.down, 5400);
		assert_near(r.availability_percent, 92.5);
		assert_int_equal(r.noutages, g == 0 ? 3 : 2);
		if (g == 0) {
			assert_outage(&r, 0, D + 8 * H, D + 8 * H + 1800);
			assert_outage(&r, 1, D + 17 * H + 1800, D + 18 * H);
		} else {
			assert_outage(&r, 0, D + 8 * H, D + 18 * H);
		}
		assert_outage(&r, r.noutages - 1, D + DAY + 8 * H, D + DAY + 8 * H + 1800);
		sla_result_release(&r);
	}
	series_release(s);
}

/* A scope interval cutting rows: only the overlapping seconds of a row count. */
static void test_scope_cuts_rows(void **state)
{
	/* hourly rows; scope 08:20-09:40 takes 40 min of row 8 and 40 min of row 9 */
	struct ival iv[] = { { D + 8 * H + 1200, D + 9 * H + 2400 } };
	struct ival_list scope = { iv, 1, 1 };
	struct series *s = mk(D, H, 24, 0, 0, 0, 0);
	struct sla_policy p = SLA_POLICY_INIT;
	struct sla_result r;

	(void)state;
	s->avail[8] = 0.5;
	eval(s, D, D + DAY, &scope, &p, &no_objective, &r);
	/* row 8: 2400 s × 0.5 down = 1200, placed at the end of its overlap (09:00);
	   row 9: 2400 up; 3600 / 4800 = 75% */
	assert_near(r.in_scope, 4800);
	assert_near(r.down, 1200);
	assert_near(r.availability_percent, 75);
	assert_int_equal(r.noutages, 1);
	assert_outage(&r, 0, D + 9 * H - 1200, D + 9 * H);
	sla_result_release(&r);
	series_release(s);
}

struct policy_case {
	enum sla_count count;
	double counted, availability;
	size_t noutages;
};

/*
 * One day of 60-s rows: 00:00-01:00 in scheduled downtime (and down, which downtime
 * hides), 02:00-03:00 down.  maintenance 3600, down 3600, up 79200.
 */
static void test_maintenance(void **state)
{
	static const struct policy_case cases[] = {
		/* excluded: 79200 / 82800 = 95.652173913…% */
		{ SLA_EXCLUDED, 82800, 95.65217391304348, 1 },
		/* up: (79200 + 3600) / 86400 = 95.8333…% */
		{ SLA_AS_UP, 86400, 95.83333333333333, 1 },
		/* down: 79200 / 86400 = 91.6666…%; two outages, an hour of up between */
		{ SLA_AS_DOWN, 86400, 91.66666666666667, 2 },
	};
	struct series *s = mk(D, 60, 1440, 0, 0, 1, 0);

	(void)state;
	set(s->downtime, 0, 60, 1);
	set(s->avail, 0, 60, 0);
	set(s->avail, 120, 180, 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sla_policy p = SLA_POLICY_INIT;
		struct sla_result r;

		p.maintenance = cases[i].count;
		eval(s, D, D + DAY, NULL, &p, &no_objective, &r);
		assert_near(r.maintenance, 3600);
		assert_near(r.down, 3600);
		assert_near(r.up, 79200);
		assert_near(r.counted, cases[i].counted);
		assert_near(r.availability_percent, cases[i].availability);
		assert_int_equal(r.noutages, cases[i].noutages);
		assert_outage(&r, r.noutages - 1, D + 2 * H, D + 3 * H);
		if (cases[i].noutages == 2)
			assert_outage(&r, 0, D, D + H);
		sla_result_release(&r);
	}
	series_release(s);
}

/*
 * Unmonitored time: 00:00-01:00 avail NAN (3600), 02:00-03:00 cover 0.5 (1800 of it),
 * 05:00-06:00 down.  unmonitored 5400, down 3600, up 86400 − 9000 = 77400.
 */
static void test_unmonitored(void **state)
{
	static const struct policy_case cases[] = {
		/* excluded: 77400 / 81000 = 95.5555…% */
		{ SLA_EXCLUDED, 81000, 95.55555555555556, 1 },
		/* up: 82800 / 86400 = 95.8333…% */
		{ SLA_AS_UP, 86400, 95.83333333333333, 1 },
		/* down: 77400 / 86400 = 89.5833…%; outages: 00:00-01:00, then the 60
		   half-covered rows' 30 unmonitored seconds: the first of each pair at the
		   end of its row, the second continuing it at the start of the next (30
		   outages of 60 s), then 05:00-06:00: 32 */
		{ SLA_AS_DOWN, 86400, 89.58333333333333, 32 },
	};
	struct series *s = mk(D, 60, 1440, 0, 0, 0, 1);

	(void)state;
	set(s->avail, 0, 60, NAN);
	set(s->cover, 0, 60, NAN);
	set(s->cover, 120, 180, 0.5);
	set(s->avail, 300, 360, 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sla_policy p = SLA_POLICY_INIT;
		struct sla_result r;

		p.unmonitored = cases[i].count;
		eval(s, D, D + DAY, NULL, &p, &no_objective, &r);
		assert_near(r.unmonitored, 5400);
		assert_near(r.down, 3600);
		assert_near(r.up, 77400);
		assert_near(r.counted, cases[i].counted);
		assert_near(r.availability_percent, cases[i].availability);
		assert_int_equal(r.noutages, cases[i].noutages);
		assert_outage(&r, r.noutages - 1, D + 5 * H, D + 6 * H);
		if (cases[i].noutages > 1) {
			assert_outage(&r, 0, D, D + H);
			assert_outage(&r, 1, D + 2 * H + 30, D + 2 * H + 90);
		}
		sla_result_release(&r);
	}
	series_release(s);
}

/* cover is a rate librrd computes: its rounding must not become unmonitored slivers. */
static void test_cover_rounding(void **state)
{
	struct series *s = mk(D, 60, 1440, 0, 0, 0, 1);
	struct sla_policy p = SLA_POLICY_INIT;
	struct sla_result r;

	(void)state;
	for (size_t i = 0; i < s->n; i++)
		s->cover[i] = i % 2 ? 1 - 1e-9 : 1 + 1e-9;
	p.unmonitored = SLA_AS_DOWN;
	eval(s, D, D + DAY, NULL, &p, &no_objective, &r);
	assert_near(r.unmonitored, 0);
	assert_near(r.availability_percent, 100);
	assert_int_equal(r.noutages, 0);
	sla_result_release(&r);
	series_release(s);
}

/* A series covering only the first 12 hours of a one-day window. */
static void test_outside_series(void **state)
{
	struct series *s = mk(D, 60, 720, 0, 0, 0, 0);
	struct series *none = mk(D - 10 * DAY, 60, 0, 0, 0, 0, 0);
	struct sla_policy p = SLA_POLICY_INIT;
	struct sla_result r;

	(void)state;
	eval(s, D, D + DAY, NULL, &p, &no_objective, &r);
	assert_near(r.unmonitored, 43200);	/* 12:00-24:00 */
	assert_near(r.up, 43200);
	assert_near(r.availability_percent, 100);	/* 43200 / 43200 */
	assert_int_equal(r.noutages, 0);
	sla_result_release(&r);

	p.unmonitored = SLA_AS_DOWN;
	eval(s, D - 6 * H, D + DAY, NULL, &p, &no_objective, &r);
	/* before the series 6 h, after it 12 h: 64800 down-counted of 108000 → 40% */
	assert_near(r.unmonitored, 64800);
	assert_near(r.availability_percent, 40);
	assert_int_equal(r.noutages, 2);
	assert_outage(&r, 0, D - 6 * H, D);
	assert_outage(&r, 1, D + 12 * H, D + DAY);
	sla_result_release(&r);

	/* an empty series: everything unmonitored */
	eval(none, D, D + DAY, NULL, &p, &no_objective, &r);
	assert_near(r.unmonitored, 86400);
	assert_near(r.availability_percent, 0);
	sla_result_release(&r);
	series_release(s);
	series_release(none);
}

/* WARNING time is up by default, down on request; a coarse row with a partial share. */
static void test_warning(void **state)
{
	struct series *s = mk(D, 60, 1440, 0, 1, 0, 0);
	struct series *c = mk(D, H, 24, 0, 1, 0, 0);
	struct sla_policy p = SLA_POLICY_INIT;
	struct sla_result r;

	(void)state;
	set(s->warn, 0, 60, 1);
	eval(s, D, D + DAY, NULL, &p, &no_objective, &r);
	assert_near(r.availability_percent, 100);
	assert_int_equal(r.noutages, 0);
	sla_result_release(&r);

	p.warning = SLA_AS_DOWN;
	eval(s, D, D + DAY, NULL, &p, &no_objective, &r);
	assert_near(r.down, 3600);
	assert_near(r.availability_percent, 95.83333333333333);	/* 82800 / 86400 */
	assert_int_equal(r.noutages, 1);
	assert_outage(&r, 0, D, D + H);
	sla_result_release(&r);

	/* hourly row 3: avail 0.5, warn 0.25; made from 60-s checks: coarse */
	c->avail[3] = 0.5;
	c->warn[3] = 0.25;
	c->archive_step = 60;
	p.warning = SLA_AS_UP;
	eval(c, D, D + DAY, NULL, &p, &no_objective, &r);
	assert_near(r.down, 1800);		/* 3600 × (1 − 0.5) */
	assert_int_equal(r.coarse, 1);
	assert_outage(&r, 0, D + 4 * H - 1800, D + 4 * H);
	sla_result_release(&r);
	p.warning = SLA_AS_DOWN;
	eval(c, D, D + DAY, NULL, &p, &no_objective, &r);
	assert_near(r.down, 2700);		/* 1800 + 3600 × min(0.25, 0.5) */
	assert_near(r.up, 86400 - 2700);
	assert_outage(&r, 0, D + 4 * H - 2700, D + 4 * H);
	sla_result_release(&r);
	series_release(s);
	series_release(c);
}

/*
 * Partly down rows: down time continues an outage that reaches the row's start, and
 * otherwise ends the row.
 */
static void test_partial_rows(void **state)
{
	static const struct {
		double a0, a1;		/* avail of rows 0 and 1 (hourly) */
		size_t n;
		time_t s0, e0, s1, e1;	/* outages, relative to D */
	} cases[] = {
		/* 0.75 then 0: [3600 − 900, 3600) touches [3600, 7200): one outage */
		{ 0.75, 0, 1, 2700, 7200, 0, 0 },
		/* 0 then 0.75: the outage goes on into row 1 for its 900 s, then ends: one */
		{ 0, 0.75, 1, 0, 4500, 0, 0 },
		/* 0.75 then 0.75: row 0's down ends it, row 1's continues: one */
		{ 0.75, 0.75, 1, 2700, 4500, 0, 0 },
		/* 1 then 0.75: nothing open before row 1, its down ends the row */
		{ 1, 0.75, 1, 6300, 7200, 0, 0 },
	};
	struct sla_policy p = SLA_POLICY_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct series *s = mk(D, H, 24, 0, 0, 0, 0);
		struct sla_result r;

		s->avail[0] = cases[i].a0;
		s->avail[1] = cases[i].a1;
		eval(s, D, D + DAY, NULL, &p, &no_objective, &r);
		assert_near(r.down, (2 - cases[i].a0 - cases[i].a1) * H);
		assert_int_equal(r.noutages, cases[i].n);
		assert_outage(&r, 0, D + cases[i].s0, D + cases[i].e0);
		if (cases[i].n > 1)
			assert_outage(&r, 1, D + cases[i].s1, D + cases[i].e1);
		sla_result_release(&r);
		series_release(s);
	}
}

/*
 * An outage from 10:00:17 to 10:45:43 on 60-s rows, as the archive holds it: row 10:00
 * is 17 s up then 43 s down, rows 10:01..10:44 down, row 10:45 43 s down then 17 s up.
 * One outage of 2726 s, its ends exact.
 */
static void test_outage_ends_mid_row(void **state)
{
	struct series *s = mk(D, 60, 1440, 0, 0, 0, 0);
	struct sla_policy p = SLA_POLICY_INIT;
	struct sla_result r;

	(void)state;
	s->avail[600] = 17.0 / 60;
	set(s->avail, 601, 645, 0);
	s->avail[645] = 17.0 / 60;
	eval(s, D, D + DAY, NULL, &p, &no_objective, &r);
	assert_near(r.down, 2726);
	assert_int_equal(r.noutages, 1);
	assert_outage(&r, 0, D + 10 * H + 17, D + 10 * H + 45 * 60 + 43);
	assert_near(r.longest_outage, 2726);
	sla_result_release(&r);
	series_release(s);
}

/* Two 5-min outages 2 min apart: merged when the gap is under merge_gap. */
static void test_merge(void **state)
{
	static const struct {
		long gap;
		size_t n;
		double longest;
	} cases[] = {
		{ 0, 2, 300 },
		{ 120, 2, 300 },	/* 120 is not less than 120 */
		{ 121, 1, 720 },	/* [600, 1320): spans the gap */
		{ 3600, 1, 720 },
	};
	struct series *s = mk(D, 60, 1440, 0, 0, 0, 0);

	(void)state;
	set(s->avail, 10, 15, 0);
	set(s->avail, 17, 22, 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sla_policy p = SLA_POLICY_INIT;
		struct sla_result r;

		p.merge_gap = cases[i].gap;
		eval(s, D, D + DAY, NULL, &p, &no_objective, &r);
		assert_near(r.down, 600);	/* the gap stays up */
		assert_int_equal(r.noutages, cases[i].n);
		assert_near(r.longest_outage, cases[i].longest);
		assert_near(r.mttr, 600.0 / (double)cases[i].n);
		assert_outage(&r, 0, D + 600, D + (cases[i].n == 1 ? 1320 : 900));
		sla_result_release(&r);
	}
	series_release(s);
}

/* A 2-min and a 10-min outage; the short one is forgiven under ignore_shorter. */
static void test_ignore(void **state)
{
	static const struct {
		long ignore;
		size_t n;
		double down, availability;
	} cases[] = {
		/* none: down 720; 85680 / 86400 = 99.1666…% */
		{ 0, 2, 720, 99.16666666666667 },
		{ 120, 2, 720, 99.16666666666667 },	/* 120 is not shorter than 120 */
		/* 2 min count as up: down 600; 85800 / 86400 = 99.3055…% */
		{ 300, 1, 600, 99.30555555555556 },
		/* both: 100% */
		{ 601, 0, 0, 100 },
	};
	struct series *s = mk(D, 60, 1440, 0, 0, 0, 0);

	(void)state;
	set(s->avail, 10, 12, 0);
	set(s->avail, 100, 110, 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sla_policy p = SLA_POLICY_INIT;
		struct sla_result r;

		p.ignore_shorter = cases[i].ignore;
		eval(s, D, D + DAY, NULL, &p, &no_objective, &r);
		assert_near(r.down, cases[i].down);
		assert_near(r.up, 86400 - cases[i].down);
		assert_near(r.availability_percent, cases[i].availability);
		assert_int_equal(r.noutages, cases[i].n);
		if (cases[i].n > 0)
			assert_outage(&r, cases[i].n - 1, D + 6000, D + 6600);
		else
			assert_true(isnan(r.mttr) && isnan(r.mtbf) && isnan(r.longest_outage));
		sla_result_release(&r);
	}
	series_release(s);
}

/* Error budget of a 30-day window (2592000 s) with one hour down. */
static void test_budget(void **state)
{
	static const struct {
		double target, allowed, consumed, remaining, burn;
		int met;
	} cases[] = {
		/* 0.001 × 2592000 = 2592; 3600 / 2592 = 138.88…%; 2592 − 3600; (3600/2592000)/0.001 */
		{ 99.9, 2592, 138.88888888888889, -1008, 1.3888888888888888, 0 },
		/* 0.005 × 2592000 = 12960; 3600 / 12960 = 27.77…%; 9360; (1/720)/0.005 */
		{ 99.5, 12960, 27.777777777777779, 9360, 0.27777777777777779, 1 },
		/* no budget at all: consumed 100, burn rate NAN */
		{ 100, 0, 100, -3600, NAN, 0 },
	};
	struct series *s = mk(D, 60, 30 * 1440, 0, 0, 0, 0);

	(void)state;
	set(s->avail, 600, 660, 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sla_policy p = SLA_POLICY_INIT;
		struct sla_objective o = no_objective;
		struct sla_result r;

		o.target_percent = cases[i].target;
		eval(s, D, D + 30 * DAY, NULL, &p, &o, &r);
		assert_near(r.budget_allowed, cases[i].allowed);
		assert_near(r.budget_consumed_percent, cases[i].consumed);
		assert_near(r.budget_remaining, cases[i].remaining);
		assert_near(r.burn_rate, cases[i].burn);
		assert_int_equal(r.met, cases[i].met);
		/* margin: 99.861111… − target */
		assert_near(r.margin_percent, 99.86111111111111 - cases[i].target);
		sla_result_release(&r);
	}
	set(s->avail, 600, 660, 1);	/* no down, target 100: nothing consumed */
	{
		struct sla_policy p = SLA_POLICY_INIT;
		struct sla_objective o = no_objective;
		struct sla_result r;

		o.target_percent = 100;
		eval(s, D, D + 30 * DAY, NULL, &p, &o, &r);
		assert_near(r.budget_consumed_percent, 0);
		assert_int_equal(r.met, 1);
		sla_result_release(&r);
	}
	series_release(s);
}

/* Tiers: < 99.9 → 10%, < 99 → 25%, < 95 → 100%; given in either order. */
static void test_credits(void **state)
{
	static const struct sla_credit_tier desc[] = { { 99.9, 10 }, { 99, 25 }, { 95, 100 } };
	static const struct sla_credit_tier asc[] = { { 95, 100 }, { 99, 25 }, { 99.9, 10 } };
	static const struct {
		double availability, credit;
	} cases[] = {
		{ 100, 0 }, { 99.95, 0 }, { 99.9, 0 }, { 99.8999, 10 },
		{ 99.0001, 10 }, { 99, 10 }, { 98.9999, 25 },
		{ 95.0001, 25 }, { 95, 25 }, { 94.9999, 100 }, { 0, 100 }, { NAN, 0 },
	};
	struct sla_objective o = no_objective;
	struct series *s = mk(D, 60, 30 * 1440, 0, 0, 0, 0);
	struct sla_policy p = SLA_POLICY_INIT;
	struct sla_result r;

	(void)state;
	for (int order = 0; order < 2; order++) {
		o.credits = order ? asc : desc;
		o.ncredits = 3;
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
			if (sla_credit(&o, cases[i].availability) != cases[i].credit)
				fail_msg("availability %g: credit %g, expected %g",
					 cases[i].availability,
					 sla_credit(&o, cases[i].availability), cases[i].credit);
	}
	o.ncredits = 0;
	assert_true(sla_credit(&o, 10) == 0);

	/* through the engine: a month with one hour down is 99.8611% → 10% */
	o.credits = desc;
	o.ncredits = 3;
	set(s->avail, 600, 660, 0);
	eval(s, D, D + 30 * DAY, NULL, &p, &o, &r);
	assert_near(r.credit_percent, 10);
	sla_result_release(&r);
	/* 43.2 min down of 30 days is exactly 99.9%: nothing owed at the boundary */
	set(s->avail, 600, 660, 1);
	set(s->avail, 600, 643, 0);
	s->avail[643] = 0.8;		/* 43 min + 48 s = 2592 s = 0.1% of 2592000 */
	o.target_percent = 99.9;
	eval(s, D, D + 30 * DAY, NULL, &p, &o, &r);
	assert_near(r.availability_percent, 99.9);
	assert_near(r.credit_percent, 0);
	assert_int_equal(r.met, 1);
	assert_near(r.budget_consumed_percent, 100);
	sla_result_release(&r);
	series_release(s);

	/*
	 * A day of rows each 0.999 (or 0.99) up is exactly 99.9% (99%), but the sum of
	 * 1440 × 59.94 s comes out a hair under in binary: still met, still no credit.
	 */
	for (int k = 0; k < 2; k++) {
		s = mk(D, 60, 1440, 0, 0, 0, 0);
		set(s->avail, 0, 1440, k ? 0.99 : 0.999);
		o.target_percent = k ? 99 : 99.9;
		eval(s, D, D + DAY, NULL, &p, &o, &r);
		assert_int_equal(r.met, 1);
		assert_near(r.credit_percent, k ? 10 : 0);
		sla_result_release(&r);
		series_release(s);
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* 100 rows with rtt 1..100 ms in a scrambled order, plus rows that must not count. */
static void test_latency(void **state)
{
	static const struct {
		enum sla_latency_kind kind;
		double p, threshold_ms, value;
		int met;
	} cases[] = {
		/* nearest rank: ceil(0.95 × 100) = 95th smallest = 95 ms */
		{ SLA_LATENCY_PERCENTILE, 95, 95, 0.095, 1 },
		{ SLA_LATENCY_PERCENTILE, 95, 94, 0.095, 0 },
		/* ceil(0.5 × 100) = 50th = 50 ms; p100 = max = 100 ms; p0.5: rank 1 = 1 ms */
		{ SLA_LATENCY_PERCENTILE, 50, 50, 0.050, 1 },
		{ SLA_LATENCY_PERCENTILE, 100, 99, 0.100, 0 },
		{ SLA_LATENCY_PERCENTILE, 0.5, 1, 0.001, 1 },
		/* strictly under 50 ms: 1..49 = 49 of 100 */
		{ SLA_LATENCY_SHARE, 49, 50, 49, 1 },
		{ SLA_LATENCY_SHARE, 50, 50, 49, 0 },
		/* under 101 ms: all */
		{ SLA_LATENCY_SHARE, 100, 101, 100, 1 },
	};
	struct series *s = mk(D, 60, 104, 1, 0, 0, 0);
	struct sla_policy p = SLA_POLICY_INIT;
	struct sla_result r;

	(void)state;
	for (size_t i = 0; i < 100; i++)
		s->rtt[i] = (double)((i * 37) % 100 + 1) / 1000.0;	/* 37 ⊥ 100: a permutation */
	s->rtt[100] = NAN;			/* no answer: no sample */
	s->avail[101] = NAN;			/* unknown row: no sample */
	s->rtt[101] = 0.0001;
	s->rtt[102] = s->rtt[103] = 5;		/* outside the window below */
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sla_objective o = no_objective;

		o.latency = cases[i].kind;
		o.percentile = o.share_percent = cases[i].p;
		o.threshold_s = cases[i].threshold_ms / 1000.0;
		eval(s, D, D + 102 * 60, NULL, &p, &o, &r);
		assert_int_equal(r.latency_samples, 100);
		assert_near(r.latency_value, cases[i].value);
		assert_int_equal(r.latency_met, cases[i].met);
		sla_result_release(&r);
	}

	/* no objective, and an objective without samples */
	eval(s, D, D + DAY, NULL, &p, &no_objective, &r);
	assert_int_equal(r.latency_met, -1);
	assert_true(isnan(r.latency_value));
	sla_result_release(&r);
	{
		struct sla_objective o = no_objective;

		o.latency = SLA_LATENCY_PERCENTILE;
		o.percentile = 95;
		o.threshold_s = 1;
		eval(s, D + 200 * 60, D + DAY, NULL, &p, &o, &r);
		assert_int_equal(r.latency_samples, 0);
		assert_int_equal(r.latency_met, -1);
		assert_true(isnan(r.latency_value));
		sla_result_release(&r);
	}
	series_release(s);
}

/* Rows count for latency when at least half of them is in scope. */
static void test_latency_half_rows(void **state)
{
	static const struct {
		time_t t0;
		size_t samples;
	} cases[] = {
		{ D, 10 }, { D + 30, 10 }, { D + 31, 9 }, { D + 90, 9 }, { D + 91, 8 },
	};
	/* scope: rows 0..9, and half of row 10 then 29 s of row 11 */
	struct ival iv[] = { { D - 100, D + 10 * 60 + 30 }, { D + 11 * 60, D + 11 * 60 + 29 } };
	struct ival_list scope = { iv, 2, 2 };
	struct series *s = mk(D, 60, 20, 1, 0, 0, 0);
	struct sla_policy p = SLA_POLICY_INIT;
	struct sla_objective o = no_objective;
	struct sla_result r;

	(void)state;
	set(s->rtt, 0, 20, 0.01);
	o.latency = SLA_LATENCY_SHARE;
	o.share_percent = 100;
	o.threshold_s = 1;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		eval(s, cases[i].t0, D + 20 * 60, &scope, &p, &o, &r);
		/* rows 0..9 minus those with < 30 s after t0, plus row 10 (30 s) */
		if (r.latency_samples != cases[i].samples + 1)
			fail_msg("t0 = D%+lld: %zu samples, expected %zu",
				 (long long)(cases[i].t0 - D), r.latency_samples,
				 cases[i].samples + 1);
		sla_result_release(&r);
	}
	series_release(s);
}

/* The radix select against a sort of the same values, on 5000 pseudo-random rtts. */
static void test_percentile_vs_sort(void **state)
{
	static const double ps[] = { 1, 50, 90, 95, 99, 99.9, 100 };
	const size_t n = 5000;
	struct series *s = mk(D, 60, n, 1, 0, 0, 0);
	double *sorted = malloc(n * sizeof(*sorted));
	uint32_t x = 12345;
	struct sla_policy p = SLA_POLICY_INIT;

	(void)state;
	assert_non_null(sorted);
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		s->rtt[i] = sorted[i] = (double)(x >> 8) / 1e7;
	}
	qsort(sorted, n, sizeof(*sorted), cmp_double);
	for (size_t i = 0; i < sizeof(ps) / sizeof(ps[0]); i++) {
		struct sla_objective o = no_objective;
		struct sla_result r;
		size_t rank = (size_t)ceil(ps[i] * (double)n / 100 - 1e-9);

		o.latency = SLA_LATENCY_PERCENTILE;
		o.percentile = ps[i];
		o.threshold_s = 1;
		eval(s, D, D + (time_t)n * 60, NULL, &p, &o, &r);
		if (r.latency_value != sorted[rank - 1])
			fail_msg("p%g: %.17g, sorted says %.17g", ps[i], r.latency_value,
				 sorted[rank - 1]);
		sla_result_release(&r);
	}
	free(sorted);
	series_release(s);
}

/* Values outside 0..1 are clamped; random rows never break the split or 0..100. */
/*
 * The reader hands librrd's row-major block over as a series with a stride: the engine
 * must give exactly what it gives on the same values in separate arrays.  The columns
 * are in an order unlike the DS order, with a column the engine does not read (loss).
 */
static void test_interleaved_block(void **state)
{
	enum { N = 1440, NDS = 6, COVER = 0, RTT = 1, LOSS = 2, AVAIL = 3, DT = 4, WARN = 5 };
	struct sla_policy p = { SLA_EXCLUDED, SLA_AS_DOWN, SLA_AS_DOWN, 120, 0 };
	struct sla_objective o = { 99.5, SLA_LATENCY_PERCENTILE, 95, 0, 0.05, NULL, 0, 0 };
	struct series *flat = mk(D, 60, N, 1, 1, 1, 1), *wrapped;
	struct sla_result a, b;
	double *block = malloc(N * NDS * sizeof(*block));

	(void)state;
	assert_non_null(block);
	for (size_t i = 0; i < N; i++) {
		flat->rtt[i] = 0.001 * (double)(i % 97);
		flat->avail[i] = i >= 300 && i < 330 ? 0 : i == 331 ? 0.5 : i == 900 ? NAN : 1;
		flat->warn[i] = i >= 500 && i < 505 ? 1 : 0;
		flat->downtime[i] = i >= 700 && i < 760 ? 1 : 0;
		flat->cover[i] = i >= 1000 && i < 1010 ? 0.5 : 1;
		block[i * NDS + COVER] = flat->cover[i];
		block[i * NDS + RTT] = flat->rtt[i];
		block[i * NDS + LOSS] = 0.25;
		block[i * NDS + AVAIL] = flat->avail[i];
		block[i * NDS + DT] = flat->downtime[i];
		block[i * NDS + WARN] = flat->warn[i];
	}
	wrapped = series_wrap(D, 60, N, block, NDS, AVAIL, RTT, WARN, DT, COVER);
	assert_non_null(wrapped);
	assert_int_equal(wrapped->stride, NDS);
	eval(flat, D - H, D + DAY + H, NULL, &p, &o, &a);
	eval(wrapped, D - H, D + DAY + H, NULL, &p, &o, &b);
	/* 30 + 0.5 rows down, 5 WARNING rows, 10 half-covered rows, 1 unknown row, 2 h outside */
	assert_near(b.down, 30 * 60 + 30 + 5 * 60);
	assert_near(b.maintenance, 60 * 60);
	assert_near(b.unmonitored, 10 * 30 + 60 + 2 * H);
	assert_true(b.noutages > 0);
	assert_true(b.latency_samples > 0);
	assert_near(b.in_scope, a.in_scope);
	assert_near(b.up, a.up);
	assert_near(b.down, a.down);
	assert_near(b.maintenance, a.maintenance);
	assert_near(b.unmonitored, a.unmonitored);
	assert_near(b.availability_percent, a.availability_percent);
	assert_near(b.latency_value, a.latency_value);
	assert_int_equal(b.latency_samples, a.latency_samples);
	assert_int_equal(b.noutages, a.noutages);
	for (size_t i = 0; i < a.noutages; i++) {
		assert_int_equal(b.outages[i].start, a.outages[i].start);
		assert_int_equal(b.outages[i].end, a.outages[i].end);
	}
	sla_result_release(&a);
	sla_result_release(&b);
	series_release(flat);
	series_release(wrapped);
	/* a block without avail is refused, and freed (the sanitizer build would see a leak) */
	assert_null(series_wrap(D, 60, 1, calloc(NDS, sizeof(double)), NDS, -1, RTT, -1, -1, -1));
	assert_null(series_wrap(D, 60, 1, calloc(NDS, sizeof(double)), NDS, NDS, -1, -1, -1, -1));
}

static void test_never_outside_range(void **state)
{
	struct series *s = mk(D, 60, 1440, 1, 1, 1, 1);
	uint32_t x = 777;
	struct sla_result r;
	static const struct {
		size_t row;
		double up, down, unmonitored;
	} rows[] = {
		{ 0, 60, 0, 0 },	/* avail 1.5 is 1 */
		{ 1, 0, 60, 0 },	/* avail −0.5 is 0 */
		{ 2, 60, 0, 0 },	/* cover 2 is 1 */
		{ 3, 0, 0, 60 },	/* cover −1 is 0 */
	};

	(void)state;
	s->avail[0] = 1.5;
	s->avail[1] = -0.5;
	s->cover[2] = 2;
	s->cover[3] = -1;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct sla_policy p = SLA_POLICY_INIT;
		time_t t0 = D + (time_t)rows[i].row * 60;

		eval(s, t0, t0 + 60, NULL, &p, &no_objective, &r);
		assert_near(r.up, rows[i].up);
		assert_near(r.down, rows[i].down);
		assert_near(r.unmonitored, rows[i].unmonitored);
		sla_result_release(&r);
	}
	for (int round = 0; round < 200; round++) {
		struct sla_policy p = SLA_POLICY_INIT;
		double *arrays[] = { s->avail, s->warn, s->downtime, s->cover };

		for (size_t i = 0; i < s->n; i++)
			for (size_t a = 0; a < 4; a++) {
				x = x * 1664525u + 1013904223u;
				arrays[a][i] = (x >> 24) < 20 ? NAN : (double)(x >> 16) / 32768.0 - 0.5;
			}
		p.maintenance = (enum sla_count)(round % 3);
		p.unmonitored = (enum sla_count)(round / 3 % 3);
		p.warning = round % 2 ? SLA_AS_DOWN : SLA_AS_UP;
		p.merge_gap = round % 5 * 30;
		p.ignore_shorter = round % 7 * 20;
		eval(s, D - H + round, D + DAY + H, NULL, &p, &no_objective, &r);
		assert_near(r.in_scope, DAY + 2 * H - round);
		sla_result_release(&r);
	}
	series_release(s);
}

/* Whether two doubles are the same value (NAN equal to NAN). */
static int same(double a, double b)
{
	return isnan(a) ? isnan(b) : a == b;
}

/*
 * sla_index() changes nothing but the work: on series of long plain runs broken by every
 * kind of row (down, WARNING, downtime, partly covered, unknown, out of range), windows on
 * and off the row grid, with and without a business-hours scope and under every policy,
 * each result is the same to the bit with the index as without, outages included.
 */
static void test_index_same_results(void **state)
{
	static const struct sla_objective o = { 99.9, SLA_LATENCY_NONE, 0, 0, 0, NULL, 0, 0 };
	struct ival iv[] = { { D + 8 * H, D + 18 * H }, { D + DAY + 8 * H, D + DAY + 18 * H },
			     { D + 2 * DAY + 8 * H + 17, D + 2 * DAY + 18 * H - 5 } };
	struct ival_list scope = { iv, 3, 3 };
	uint32_t x = 4242;
	size_t outages = 0;

	(void)state;
	for (int round = 0; round < 60; round++) {
		struct series *s = mk(D, 60, 3 * 1440, 0, 1, 1, 1);
		struct sla_policy p = SLA_POLICY_INIT;
		double *arrays[] = { s->avail, s->warn, s->downtime, s->cover };
		static const double odd[] = { 0, 0.5, 1.5, -0.5, NAN, 0.25, 1 };

		/* Plain rows, and about one row in fifty something else, now and then in runs. */
		for (size_t i = 0; i < s->n; i++) {
			x = x * 1664525u + 1013904223u;
			if ((x >> 24) < 5) {
				size_t len = 1 + (x >> 8) % 40, a = (x >> 4) % 4;

				for (size_t k = i; k < i + len && k < s->n; k++)
					arrays[a][k] = odd[(x >> 12) % 7];
				i += len;
			}
		}
		p.maintenance = (enum sla_count)(round % 3);
		p.unmonitored = (enum sla_count)(round / 3 % 3);
		p.warning = round % 2 ? SLA_AS_DOWN : SLA_AS_UP;
		p.merge_gap = round % 5 * 45;
		p.ignore_shorter = round % 7 * 30;
		for (int w = 0; w < 12; w++) {
			time_t t0 = D - H + (time_t)w * 7 * H + (w % 3) * 17, t1 = t0 + (w + 1) * 5 * H + w;
			const struct ival_list *sc = w % 2 ? &scope : NULL;
			struct sla_result a, b;

			if (s->busy != NULL) {
				free(s->busy);
				s->busy = NULL;
			}
			eval(s, t0, t1, sc, &p, &o, &a);
			assert_int_equal(sla_index(s), 0);
			assert_non_null(s->busy);
			eval(s, t0, t1, sc, &p, &o, &b);
			if (!same(a.in_scope, b.in_scope) || !same(a.up, b.up) ||
			    !same(a.down, b.down) || !same(a.maintenance, b.maintenance) ||
			    !same(a.unmonitored, b.unmonitored) || !same(a.counted, b.counted) ||
			    !same(a.availability_percent, b.availability_percent) ||
			    !same(a.coverage_percent, b.coverage_percent) ||
			    !same(a.longest_outage, b.longest_outage) || !same(a.mttr, b.mttr) ||
			    !same(a.mtbf, b.mtbf) || !same(a.budget_remaining, b.budget_remaining) ||
			    a.verdict != b.verdict || a.met != b.met || a.noutages != b.noutages)
				fail_msg("round %d window %d: with the index up %.17g down %.17g "
					 "outages %zu, without %.17g %.17g %zu", round, w, b.up, b.down,
					 b.noutages, a.up, a.down, a.noutages);
			outages += a.noutages;
			for (size_t k = 0; k < a.noutages; k++) {
				assert_int_equal(a.outages[k].start, b.outages[k].start);
				assert_int_equal(a.outages[k].end, b.outages[k].end);
			}
			sla_result_release(&a);
			sla_result_release(&b);
		}
		series_release(s);
	}
	assert_true(outages > 1000);	/* the windows did hold outages to compare */
}

/* Two services: a month 24x7 with an hour down, and one business day with 30 min down. */
static void test_totals(void **state)
{
	struct ival iv[] = { { D + 8 * H, D + 18 * H } };
	struct ival_list scope = { iv, 1, 1 };
	struct series *a = mk(D, 60, 30 * 1440, 0, 0, 0, 0);
	struct series *b = mk(D, 60, 1440, 0, 0, 0, 0);
	struct sla_policy p = SLA_POLICY_INIT;
	struct sla_objective o = no_objective;
	struct sla_result ra, rb, t;

	(void)state;
	set(a->avail, 600, 660, 0);
	set(b->avail, 8 * 60, 8 * 60 + 30, 0);
	o.target_percent = 99.8;
	eval(a, D, D + 30 * DAY, NULL, &p, &o, &ra);	/* 99.8611%, met */
	eval(b, D, D + 30 * DAY, &scope, &p, &o, &rb);	/* 34200 / 36000 = 95%, missed */
	assert_near(rb.availability_percent, 95);
	sla_total_init(&t, D, D + 30 * DAY);
	assert_int_equal(t.met, -1);
	assert_true(isnan(t.availability_percent));
	sla_total_add(&t, &ra);
	sla_total_add(&t, &rb);
	/* (2588400 + 34200) / (2592000 + 36000) = 2622600 / 2628000 = 99.794520548%,
	   not the mean (99.8611 + 95) / 2 = 97.43% */
	assert_near(t.in_scope, 2628000);
	assert_near(t.counted, 2628000);
	assert_near(t.down, 5400);
	assert_near(t.availability_percent, 99.79452054794521);
	assert_int_equal(t.met, 0);
	assert_int_equal(t.noutages, 2);
	assert_null(t.outages);
	assert_near(t.longest_outage, 3600);
	assert_near(t.mttr, 2700);		/* 5400 / 2 */
	assert_near(t.mtbf, 1311300);		/* 2622600 / 2 */
	/* 0.002 × 2592000 = 5184 and 0.002 × 36000 = 72; remaining 1584 + (−1728) */
	assert_near(t.budget_allowed, 5256);
	assert_near(t.budget_remaining, -144);
	assert_near(t.budget_consumed_percent, 102.73972602739727);	/* 5400 / 5256 */
	assert_true(isnan(t.margin_percent));
	sla_result_release(&ra);
	sla_result_release(&rb);
	series_release(a);
	series_release(b);
}

/*
 * The verdict on one day of 1440 one-minute rows, 60 of them down (95.8333 % with all
 * data).  The first `gap` rows have no data; tiers < 99 → 10 % where given.
 *   144 rows missing: coverage exactly 90 %: judged at min_coverage 90;
 *   145 rows missing: 89.93 %: insufficient, although 95 % would miss the target;
 *   1440 rows missing: no data, even when the policy counts unmonitored time as down.
 */
static void test_verdict(void **state)
{
	static const struct sla_credit_tier tiers[] = { { 99, 10 } };
	static const struct {
		size_t gap;
		double target, min_coverage;
		enum sla_count unmonitored;
		const char *latency;		/* "bad": p50 <= 1 ms; "good": p50 <= 1 s */
		int tiers;
		enum sla_verdict verdict;
		int met, latency_met;
		double coverage, credit;
	} cases[] = {
		{ 0, 95, 0, SLA_EXCLUDED, NULL, 1, SLA_MET, 1, -1, 100, 10 },
		{ 0, 99, 0, SLA_EXCLUDED, NULL, 1, SLA_MISSED, 0, -1, 100, 10 },
		{ 0, 95, 100, SLA_EXCLUDED, NULL, 0, SLA_MET, 1, -1, 100, NAN },
		{ 144, 99, 90, SLA_EXCLUDED, NULL, 0, SLA_MISSED, 0, -1, 90, NAN },
		{ 145, 99, 90, SLA_EXCLUDED, NULL, 1, SLA_INSUFFICIENT, -1, -1, 100.0 * 1295 / 1440,
		  NAN },
		{ 145, 99, 90, SLA_AS_DOWN, NULL, 1, SLA_INSUFFICIENT, -1, -1, 100.0 * 1295 / 1440,
		  NAN },
		{ 145, 90, 90, SLA_EXCLUDED, "bad", 0, SLA_INSUFFICIENT, -1, -1, 100.0 * 1295 / 1440,
		  NAN },
		{ 145, 90, 0, SLA_EXCLUDED, "bad", 0, SLA_MISSED, 1, 0, 100.0 * 1295 / 1440, NAN },
		{ 0, NAN, 0, SLA_EXCLUDED, "good", 0, SLA_MET, -1, 1, 100, NAN },
		{ 0, NAN, 0, SLA_EXCLUDED, NULL, 0, SLA_NO_OBJECTIVE, -1, -1, 100, NAN },
		{ 1440, 99, 0, SLA_EXCLUDED, NULL, 1, SLA_NO_DATA, -1, -1, 0, NAN },
		{ 1440, 99, 0, SLA_AS_DOWN, NULL, 1, SLA_NO_DATA, -1, -1, 0, NAN },
		{ 1440, 99, 50, SLA_AS_UP, "good", 1, SLA_NO_DATA, -1, -1, 0, NAN },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct series *s = mk(D, 60, 1440, 1, 0, 0, 0);
		struct sla_policy p = SLA_POLICY_INIT;
		struct sla_objective o = no_objective;
		struct sla_result r;

		set(s->rtt, 0, 1440, 0.01);
		set(s->avail, 600, 660, 0);
		set(s->avail, 0, cases[i].gap, NAN);
		p.unmonitored = cases[i].unmonitored;
		o.target_percent = cases[i].target;
		o.min_coverage_percent = cases[i].min_coverage;
		if (cases[i].latency != NULL) {
			o.latency = SLA_LATENCY_PERCENTILE;
			o.percentile = 50;
			o.threshold_s = strcmp(cases[i].latency, "bad") == 0 ? 0.001 : 1;
		}
		o.credits = cases[i].tiers ? tiers : NULL;
		o.ncredits = cases[i].tiers ? 1 : 0;
		eval(s, D, D + DAY, NULL, &p, &o, &r);
		if (r.verdict != cases[i].verdict || r.met != cases[i].met ||
		    r.latency_met != cases[i].latency_met)
			fail_msg("case %zu: verdict %s met %d latency_met %d, expected %s %d %d", i,
				 sla_verdict_name(r.verdict), r.met, r.latency_met,
				 sla_verdict_name(cases[i].verdict), cases[i].met,
				 cases[i].latency_met);
		assert_near(r.coverage_percent, cases[i].coverage);
		assert_near(r.credit_percent, cases[i].credit);
		/* A sweep re-applies objectives: coverage does not depend on the target. */
		if (cases[i].verdict == SLA_INSUFFICIENT) {
			o.target_percent = 50;
			sla_apply_objective(&r, &o);
			assert_int_equal(r.verdict, SLA_INSUFFICIENT);
			assert_int_equal(r.met, -1);
		}
		sla_result_release(&r);
		series_release(s);
	}
	/*
	 * Windows combine into the worst verdict, in any order; met windows beside windows
	 * without data are insufficient data as a whole.
	 */
	{
		static const struct {
			enum sla_verdict v[3], want;
		} combos[] = {
			{ { SLA_MET, SLA_MET, SLA_MET }, SLA_MET },
			{ { SLA_MET, SLA_NO_DATA, SLA_MET }, SLA_INSUFFICIENT },
			{ { SLA_NO_DATA, SLA_NO_DATA, SLA_MET }, SLA_INSUFFICIENT },
			{ { SLA_NO_DATA, SLA_NO_DATA, SLA_NO_DATA }, SLA_NO_DATA },
			{ { SLA_MET, SLA_INSUFFICIENT, SLA_MET }, SLA_INSUFFICIENT },
			{ { SLA_NO_DATA, SLA_MISSED, SLA_MET }, SLA_MISSED },
			{ { SLA_INSUFFICIENT, SLA_MISSED, SLA_NO_DATA }, SLA_MISSED },
			{ { SLA_NO_OBJECTIVE, SLA_NO_OBJECTIVE, SLA_NO_OBJECTIVE }, SLA_NO_OBJECTIVE },
		};
		static const int orders[][3] = {
			{ 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 },
		};

		for (size_t i = 0; i < sizeof(combos) / sizeof(combos[0]); i++)
			for (size_t k = 0; k < sizeof(orders) / sizeof(orders[0]); k++) {
				enum sla_verdict v = SLA_NO_OBJECTIVE;

				for (int j = 0; j < 3; j++)
					v = sla_verdict_worse(v, combos[i].v[orders[k][j]]);
				if (v != combos[i].want)
					fail_msg("combination %zu, order %zu: %s, expected %s", i, k,
						 sla_verdict_name(v), sla_verdict_name(combos[i].want));
			}
	}
	assert_string_equal(sla_verdict_name(SLA_INSUFFICIENT), "insufficient_data");
	assert_string_equal(sla_verdict_name(SLA_NO_DATA), "no_data");
	assert_string_equal(sla_verdict_name(SLA_NO_OBJECTIVE), "no_objective");
}

/* No data: availability NAN, met unknown; bad arguments: -1 and a message. */
static void test_no_data_and_bad_args(void **state)
{
	struct series *s = mk(D, 60, 1440, 0, 0, 0, 0);
	struct sla_policy p = SLA_POLICY_INIT;
	struct sla_objective o = no_objective;
	struct ival bad_iv[] = { { D + 100, D + 200 }, { D + 150, D + 300 } };
	struct ival_list bad_scope = { bad_iv, 2, 2 };
	struct sla_result r;
	char err[256];

	(void)state;
	set(s->avail, 0, 1440, NAN);
	o.target_percent = 99.9;
	eval(s, D, D + DAY, NULL, &p, &o, &r);
	assert_near(r.unmonitored, 86400);
	assert_near(r.counted, 0);
	assert_true(isnan(r.availability_percent));
	assert_int_equal(r.met, -1);
	assert_true(isnan(r.margin_percent));
	assert_near(r.budget_consumed_percent, 0);
	sla_result_release(&r);
	eval(s, D, D, NULL, &p, &o, &r);	/* empty window */
	assert_true(isnan(r.availability_percent));
	assert_int_equal(r.met, -1);
	sla_result_release(&r);

	assert_int_equal(sla_evaluate(NULL, D, D + 1, NULL, &p, &o, &r, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "missing series"));
	assert_null(r.outages);
	assert_int_equal(sla_evaluate(s, D + 1, D, NULL, &p, &o, &r, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "ends before it starts"));
	assert_int_equal(sla_evaluate(s, D, D + DAY, &bad_scope, &p, &o, &r, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not sorted"));
	o.target_percent = 101;
	assert_int_equal(sla_evaluate(s, D, D + DAY, NULL, &p, &o, &r, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "target outside"));
	o.target_percent = 99;
	o.latency = SLA_LATENCY_PERCENTILE;
	o.percentile = 0;
	assert_int_equal(sla_evaluate(s, D, D + DAY, NULL, &p, &o, &r, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "percentile"));
	assert_string_equal(sla_count_name(SLA_EXCLUDED), "excluded");
	assert_string_equal(sla_count_name(SLA_AS_UP), "up");
	assert_string_equal(sla_count_name(SLA_AS_DOWN), "down");
	series_release(s);
	series_release(NULL);
	sla_result_release(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_month_one_hour),
		cmocka_unit_test(test_window_boundary),
		cmocka_unit_test(test_business_hours),
		cmocka_unit_test(test_scope_cuts_rows),
		cmocka_unit_test(test_maintenance),
		cmocka_unit_test(test_unmonitored),
		cmocka_unit_test(test_cover_rounding),
		cmocka_unit_test(test_outside_series),
		cmocka_unit_test(test_warning),
		cmocka_unit_test(test_partial_rows),
		cmocka_unit_test(test_outage_ends_mid_row),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_ignore),
		cmocka_unit_test(test_budget),
		cmocka_unit_test(test_credits),
		cmocka_unit_test(test_latency),
		cmocka_unit_test(test_latency_half_rows),
		cmocka_unit_test(test_percentile_vs_sort),
		cmocka_unit_test(test_interleaved_block),
		cmocka_unit_test(test_never_outside_range),
		cmocka_unit_test(test_index_same_results),
		cmocka_unit_test(test_totals),
		cmocka_unit_test(test_verdict),
		cmocka_unit_test(test_no_data_and_bad_args),
	};
	return cmocka_run_group_tests_name("sla", tests, NULL, NULL);
}
