/*
 * Real check schedules, end to end: samples written by archive_write() at the irregular
 * times Nagios and Icinga run checks (intervals that jitter inside the heartbeat, checks
 * faster than the step, gaps longer than the heartbeat), read back by reader_read() and
 * judged by sla_evaluate().  Schedules come from a fixed-seed generator, so every run
 * tests the same histories.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <rrd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "archive.h"
#include "fixture.h"
#include "nines.h"
#include "reader.h"
#include "series.h"
#include "sla.h"

#define STEP 60
#define HB (2 * STEP)
/* On an hour boundary, so that hourly rows line up with the windows below. */
#define T0 ((time_t)1699999200)
#define H 3600
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define LAYOUT_BUF 1024
#define LAYOUT_MAXARGS 16

static const struct sla_objective no_objective = { NAN, SLA_LATENCY_NONE, 0, 0, 0, NULL, 0, 0 };

/* A small fixed generator (xorshift64*): the same schedules on every machine. */
static uint64_t rng_state;

static long rng_between(long lo, long hi)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return lo + (long)((rng_state * UINT64_C(2685821657736338717)) >> 33) % (hi - lo + 1);
}

/* What the service was doing at time t. */
struct truth {
	time_t down_from, down_to;	/* one outage [from, to); 0 0 for none */
	time_t maint_from, maint_to;	/* scheduled downtime [from, to) */
	time_t warn_from, warn_to;	/* WARNING [from, to) */
};

/* A schedule: checks every lo..hi seconds, and gaps of gap_lo..gap_hi every gap_every checks. */
struct schedule {
	long lo, hi;
	long gap_every, gap_lo, gap_hi;
};

struct history {
	time_t first, last;		/* the first and last check */
	double gaps;			/* seconds of gaps longer than the heartbeat */
	long max_interval;		/* the longest interval inside the heartbeat */
	size_t ngaps;
};

static void path_in(const char *dir, const char *name, char *out, size_t outlen)
{
	assert_true((size_t)snprintf(out, outlen, "%s/%s", dir, name) < outlen);
}

static int in(time_t t, time_t from, time_t to)
{
	return t >= from && t < to;
}

/* Writes one history into every file of paths (created on the first write when missing). */
static void write_history(const struct schedule *sc, const struct truth *tr, time_t end,
			  const char *const *paths, size_t npaths, struct history *h)
{
	char msg[NINES_ERRLEN];
	long since_gap = 0;
	time_t t = T0 + rng_between(0, STEP - 1), prev = 0;

	memset(h, 0, sizeof(*h));
	h->first = t;
	for (; t < end; prev = t, t += rng_between(sc->lo, sc->hi)) {
		struct archive_sample s = ARCHIVE_SAMPLE_INIT;

		if (sc->gap_every > 0 && ++since_gap == sc->gap_every) {
			since_gap = 0;
			t += rng_between(sc->gap_lo, sc->gap_hi);
		}
		if (prev != 0 && t - prev > HB) {
			h->gaps += (double)(t - prev);
			h->ngaps++;
		} else if (prev != 0 && t - prev > h->max_interval) {
			h->max_interval = t - prev;
		}
		s.when = t;
		s.avail = in(t, tr->down_from, tr->down_to) ? 0 : 1;
		s.rtt = s.avail == 1 ? 0.001 * (double)rng_between(1, 50) : NAN;
		s.downtime = in(t, tr->maint_from, tr->maint_to);
		s.warn = in(t, tr->warn_from, tr->warn_to);
		for (size_t p = 0; p < npaths; p++) {
			struct archive_opts o = ARCHIVE_OPTS_INIT;

			o.file = paths[p];
			assert_int_equal(archive_write(&o, &s, msg, sizeof(msg)), ARCHIVE_WRITTEN);
		}
		h->last = t;
	}
}

static void evaluate(const char *path, time_t t0, time_t t1, const struct sla_policy *p,
		     struct sla_result *r, long *step_read)
{
	char err[NINES_ERRLEN];
	struct series *s = NULL;
	enum reader_status st = reader_read(path, t0, t1, NULL, &s, err, sizeof(err));

	if (st != READER_OK)
		fail_msg("reader_read %s: %s", path, err);
	assert_int_equal(sla_evaluate(s, t0, t1, NULL, p, &no_objective, r, err, sizeof(err)), 0);
	*step_read = s->step;
	series_release(s);
}

static void assert_within(double got, double want, double tol, const char *what, uint64_t seed)
{
	if (!(fabs(got - want) <= tol))
		fail_msg("seed %llu: %s is %.1f, want %.1f within %.1f", (unsigned long long)seed,
			 what, got, want, tol);
}

/*
 * One continuous hour-long outage in six hours of checks: whatever the spacing of the
 * checks, it is one outage, its ends within one check interval of the truth, and no time
 * between the first and the last check is unmonitored.
 */
static void test_one_outage(void **state)
{
	static const struct {
		const char *name;
		struct schedule sc;
	} cases[] = {
		{ "jitter 55-80 s", { 55, 80, 0, 0, 0 } },
		{ "jitter 40-119 s", { 40, 119, 0, 0, 0 } },
		{ "faster than the step, 15-25 s", { 15, 25, 0, 0, 0 } },
		{ "retries, 5-70 s", { 5, 70, 0, 0, 0 } },
	};
	const struct truth tr = { T0 + 2 * H + 17, T0 + 3 * H + 17 + 1000, 0, 0, 0, 0 };
	const char *dir = *state;

	for (size_t c = 0; c < ARRAY_LEN(cases); c++)
		for (uint64_t seed = 1; seed <= 5; seed++) {
			char path[PATH_MAX], name[64];
			const char *paths[1] = { path };
			struct sla_policy p = SLA_POLICY_INIT;
			struct history h;
			struct sla_result r;
			long step_read;
			time_t t0, t1;
			double tol;

			rng_state = seed * UINT64_C(0x9E3779B97F4A7C15);
			snprintf(name, sizeof(name), "one-%zu-%llu.rrd", c, (unsigned long long)seed);
			path_in(dir, name, path, sizeof(path));
			write_history(&cases[c].sc, &tr, T0 + 6 * H, paths, 1, &h);
			/* Whole steps after the first check's step and before the last one's. */
			t0 = h.first - h.first % STEP + 2 * STEP;
			t1 = h.last - h.last % STEP;
			evaluate(path, t0, t1, &p, &r, &step_read);
			assert_int_equal(step_read, STEP);
			tol = (double)h.max_interval + STEP;
			if (r.noutages != 1)
				fail_msg("%s, seed %llu: %zu outages, want 1", cases[c].name,
					 (unsigned long long)seed, r.noutages);
			assert_within(r.unmonitored, 0, 0, "unmonitored", seed);
			assert_within((double)r.outages[0].start, (double)tr.down_from, tol, "start", seed);
			assert_within((double)r.outages[0].end, (double)tr.down_to, tol, "end", seed);
			assert_within(r.down, (double)(tr.down_to - tr.down_from), 2 * tol, "down", seed);
			assert_within(r.longest_outage, r.down, 1e-6, "longest", seed);
			sla_result_release(&r);
		}
}

/*
 * Gaps longer than the heartbeat are unmonitored, to half a step at each end; an outage
 * away from the gaps is still one outage.
 */
static void test_gaps(void **state)
{
	const struct schedule sc = { 50, 75, 40, 150, 900 };
	const struct truth tr = { T0 + 20 * H + 500, T0 + 21 * H + 100, 0, 0, 0, 0 };
	const char *dir = *state;

	for (uint64_t seed = 1; seed <= 5; seed++) {
		char path[PATH_MAX], name[64];
		const char *paths[1] = { path };
		struct sla_policy p = SLA_POLICY_INIT;
		struct history h;
		struct sla_result r;
		long step_read;
		time_t t0, t1;

		rng_state = seed * UINT64_C(0x9E3779B97F4A7C15);
		snprintf(name, sizeof(name), "gaps-%llu.rrd", (unsigned long long)seed);
		path_in(dir, name, path, sizeof(path));
		write_history(&sc, &tr, T0 + 24 * H, paths, 1, &h);
		assert_true(h.ngaps > 10);
		t0 = h.first - h.first % STEP + 2 * STEP;
		t1 = h.last - h.last % STEP;
		evaluate(path, t0, t1, &p, &r, &step_read);
		/* Each gap's two ends are exact to half a step, and each gap ends its outage. */
		assert_within(r.unmonitored, h.gaps, (double)h.ngaps * STEP, "unmonitored", seed);
		assert_true(r.noutages >= 1 && r.noutages <= 1 + h.ngaps);
		sla_result_release(&r);
	}
}

/*
 * The same history read from per-step rows and from hourly rows (an archive that keeps
 * per-step rows for two hours only) agrees within 0.1 % of the in-scope time for every
 * kind of time, under every policy.
 */
static void test_fine_and_coarse_agree(void **state)
{
	static const struct schedule scs[] = {
		{ 55, 80, 0, 0, 0 }, { 15, 25, 0, 0, 0 }, { 45, 110, 30, 130, 2000 },
	};
	const struct truth tr = { T0 + 5 * H + 700, T0 + 7 * H + 1234, T0 + 10 * H + 300,
				  T0 + 12 * H, T0 + 15 * H + 60, T0 + 15 * H + 1900 };
	const char *dir = *state;

	for (size_t c = 0; c < ARRAY_LEN(scs); c++) {
		char fine[PATH_MAX], coarse[PATH_MAX], buf[LAYOUT_BUF];
		const char *paths[2] = { fine, coarse }, *argv[LAYOUT_MAXARGS];
		int argc = archive_layout(STEP, buf, sizeof(buf), argv, LAYOUT_MAXARGS);
		struct history h;
		struct sla_policy p = SLA_POLICY_INIT;
		struct sla_result a, b;
		long step_a, step_b;
		time_t t0 = T0 + H, t1 = T0 + 23 * H;

		rng_state = (c + 1) * UINT64_C(0x9E3779B97F4A7C15);
		snprintf(buf + LAYOUT_BUF / 2, 32, "fine-%zu.rrd", c);
		path_in(dir, buf + LAYOUT_BUF / 2, fine, sizeof(fine));
		snprintf(buf + LAYOUT_BUF / 2, 32, "coarse-%zu.rrd", c);
		path_in(dir, buf + LAYOUT_BUF / 2, coarse, sizeof(coarse));
		/* The layout's data sources, with per-step rows for 2 hours and hourly rows. */
		assert_true(argc > ARCHIVE_LAYOUT_NDS);
		argc = ARCHIVE_LAYOUT_NDS;
		argv[argc++] = "RRA:AVERAGE:0.99:1:120";
		argv[argc++] = "RRA:AVERAGE:0.99:60:100";
		rrd_clear_error();
		if (rrd_create_r(coarse, STEP, T0, argc, argv) != 0)
			fail_msg("rrd_create_r: %s", rrd_get_error());
		write_history(&scs[c], &tr, T0 + 25 * H, paths, 2, &h);
		for (int pol = 0; pol < 3; pol++) {
			p.maintenance = (enum sla_count)pol;
			p.unmonitored = (enum sla_count)pol;
			p.warning = pol == 2 ? SLA_AS_DOWN : SLA_AS_UP;
			evaluate(fine, t0, t1, &p, &a, &step_a);
			evaluate(coarse, t0, t1, &p, &b, &step_b);
			assert_int_equal(step_a, STEP);
			assert_int_equal(step_b, H);
			assert_true(a.down > 3600 && a.maintenance > 3600);
			assert_within(b.up, a.up, a.in_scope / 1000, "up", c);
			assert_within(b.down, a.down, a.in_scope / 1000, "down", c);
			assert_within(b.maintenance, a.maintenance, a.in_scope / 1000, "maintenance", c);
			assert_within(b.unmonitored, a.unmonitored, a.in_scope / 1000, "unmonitored", c);
			assert_within(b.availability_percent, a.availability_percent, 0.1, "availability", c);
			sla_result_release(&a);
			sla_result_release(&b);
		}
	}
}

/*
 * An archive of the layout before the monitored data source (legacy cover, written as the
 * step) written by today's plugins under a jittered schedule: its per-step rows still give
 * one outage and no unmonitored time.
 */
static void test_legacy_archive(void **state)
{
	const struct schedule sc = { 55, 80, 0, 0, 0 };
	const struct truth tr = { T0 + 2 * H + 17, T0 + 3 * H + 17, 0, 0, 0, 0 };
	char path[PATH_MAX], buf[LAYOUT_BUF];
	const char *paths[1] = { path }, *argv[LAYOUT_MAXARGS];
	int argc = archive_layout(STEP, buf, sizeof(buf), argv, LAYOUT_MAXARGS);
	struct sla_policy p = SLA_POLICY_INIT;
	struct history h;
	struct sla_result r;
	long step_read;

	rng_state = 42;
	path_in(*state, "legacy.rrd", path, sizeof(path));
	/* Drop the monitored data source: the written ones, then the RRAs. */
	assert_true(argc > ARCHIVE_LAYOUT_NDS);
	memmove(&argv[ARCHIVE_NDS], &argv[ARCHIVE_LAYOUT_NDS],
		(size_t)(argc - ARCHIVE_LAYOUT_NDS) * sizeof(*argv));
	argc--;
	rrd_clear_error();
	if (rrd_create_r(path, STEP, T0, argc, argv) != 0)
		fail_msg("rrd_create_r: %s", rrd_get_error());
	write_history(&sc, &tr, T0 + 6 * H, paths, 1, &h);
	evaluate(path, T0 + 5 * 60, T0 + 6 * H - 5 * 60, &p, &r, &step_read);
	assert_int_equal(r.noutages, 1);
	assert_within(r.unmonitored, 0, 0, "unmonitored", 42);
	assert_within(r.down, 3600, 2.0 * ((double)h.max_interval + STEP), "down", 42);
	sla_result_release(&r);
}

#define TMP_TEST(f) cmocka_unit_test_setup_teardown(f, fx_tmpdir_setup, fx_tmpdir_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TMP_TEST(test_one_outage),
		TMP_TEST(test_gaps),
		TMP_TEST(test_fine_and_coarse_agree),
		TMP_TEST(test_legacy_archive),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
