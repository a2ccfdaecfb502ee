/*
 * Tests of composites (business services): the worst-arrangement share, the step-by-step
 * rules on hand-made component series, the config keys, and a nested composite read from
 * real archives through a whole report.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "composite.h"
#include "config.h"
#include "fixture.h"
#include "nines.h"
#include "report.h"
#include "series.h"
#include "sla.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
/* 2023-11-14 22:00 UTC, on an hour boundary. */
#define D ((time_t)1700000000 - 1700000000 % 3600)
#define STEP 60
#define ROWS 60

static const struct sla_objective no_objective = { NAN, SLA_LATENCY_NONE, 0, 0, 0, NULL, 0, 0 };

static void assert_near(double got, double want)
{
	if (!(fabs(got - want) < 1e-6))
		fail_msg("got %.9g, want %.9g", got, want);
}

/* ---- the worst arrangement ---- */

static void test_worst_share(void **state)
{
	static const struct {
		double f[4];
		size_t n, m;
		double want;
	} cases[] = {
		{ { 1, 1, 0 }, 3, 1, 1 },
		{ { 1, 1, 0 }, 3, 2, 1 },
		{ { 1, 1, 0 }, 3, 3, 0 },
		{ { 0, 0, 0 }, 3, 1, 0 },
		{ { 0.5, 0.5 }, 2, 1, 1 },	/* one after the other: always one of them */
		{ { 0.5, 0.5 }, 2, 2, 0.5 },	/* both at once */
		{ { 0.3, 0.3, 0.3 }, 3, 1, 0.9 },
		{ { 0.3, 0.3, 0.3 }, 3, 2, 0.45 },
		{ { 0.3, 0.3, 0.3 }, 3, 3, 0.3 },
		{ { 0.2, 0.9 }, 2, 1, 1 },	/* 1.1 of a row does not fit: capped */
		{ { 0.2, 0.9 }, 2, 2, 0.2 },
		{ { 1, 0.25, 0.25, 0 }, 4, 2, 0.5 },
		{ { 0.6, 0.6, 0.6, 0.6 }, 4, 3, 0.8 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		double got = composite_worst_share(cases[i].f, cases[i].n, cases[i].m);

		if (!(fabs(got - cases[i].want) < 1e-9))
			fail_msg("case %zu: got %.12g, want %.12g", i, got, cases[i].want);
	}
}

/* ---- the rules on hand-made series ---- */

enum st { UP, DOWN, MAINT, UNK, WARN };

struct span {
	size_t part;
	enum st st;
	size_t from, to;	/* rows [from, to) */
};

/* n parts of ROWS rows at step from D, every row up, then the spans applied. */
static void make_parts(struct series **parts, size_t n, long step, const struct span *sp,
		       size_t nsp)
{
	for (size_t p = 0; p < n; p++) {
		size_t rows = (size_t)(ROWS * STEP / step);

		parts[p] = series_new(D, step, rows, 0, 1, 1, 0);
		assert_non_null(parts[p]);
		parts[p]->archive_step = step;
		for (size_t i = 0; i < rows; i++) {
			parts[p]->avail[i] = 1;
			parts[p]->warn[i] = 0;
			parts[p]->downtime[i] = 0;
		}
	}
	for (size_t k = 0; k < nsp; k++)
		for (size_t i = sp[k].from; i < sp[k].to; i++) {
			struct series *s = parts[sp[k].part];

			s->avail[i] = sp[k].st == DOWN ? 0 : sp[k].st == UNK ? NAN : 1;
			s->downtime[i] = sp[k].st == MAINT;
			s->warn[i] = sp[k].st == WARN;
		}
}

struct want {
	double up, down, maint, unmon;
	size_t noutages;
	size_t o0s, o0e;	/* the first outage, rows */
};

static void check(struct series **parts, size_t n, size_t k, const struct want *w)
{
	char err[NINES_ERRLEN] = "";
	struct sla_policy p = SLA_POLICY_INIT;
	struct sla_result r;
	struct series *c = composite_combine((const struct series *const *)parts, n, k, D,
					     D + ROWS * STEP, err, sizeof(err));

	if (c == NULL)
		fail_msg("composite_combine: %s", err);
	assert_int_equal(sla_evaluate(c, D, D + ROWS * STEP, NULL, &p, &no_objective, &r, err,
				      sizeof(err)), 0);
	assert_near(r.up, w->up * STEP);
	assert_near(r.down, w->down * STEP);
	assert_near(r.maintenance, w->maint * STEP);
	assert_near(r.unmonitored, w->unmon * STEP);
	assert_int_equal(r.noutages, w->noutages);
	if (w->noutages > 0) {
		assert_int_equal(r.outages[0].start, D + (time_t)w->o0s * STEP);
		assert_int_equal(r.outages[0].end, D + (time_t)w->o0e * STEP);
	}
	sla_result_release(&r);
	series_release(c);
}

/*
 * Three components: A down 10-19, B down 15-24, C down 40-44, C unmonitored 50-54,
 * A in scheduled downtime 30-34.
 */
static void test_rules(void **state)
{
	static const struct span sp[] = {
		{ 0, DOWN, 10, 20 }, { 1, DOWN, 15, 25 }, { 2, DOWN, 40, 45 },
		{ 2, UNK, 50, 55 }, { 0, MAINT, 30, 35 },
	};
	static const struct {
		size_t k;
		struct want w;
	} cases[] = {
		/* all: down whenever one is: 10-24 and 40-44; A's downtime and C's gap show */
		{ 3, { 30, 20, 5, 5, 2, 10, 25 } },
		/* 2 of 3: down only while two are: 15-19 */
		{ 2, { 55, 5, 0, 0, 1, 15, 20 } },
		/* any: never all down, never none up */
		{ 1, { 60, 0, 0, 0, 0, 0, 0 } },
	};
	struct series *parts[3];

	(void)state;
	make_parts(parts, 3, STEP, sp, ARRAY_LEN(sp));
	for (size_t i = 0; i < ARRAY_LEN(cases); i++)
		check(parts, 3, cases[i].k, &cases[i].w);
	for (size_t p = 0; p < 3; p++)
		series_release(parts[p]);
}

/* "any" of two: disjoint outages are no outage, overlapping ones are; unknown components. */
static void test_any(void **state)
{
	static const struct {
		struct span sp[3];
		size_t nsp;
		struct want w;
	} cases[] = {
		{ { { 0, DOWN, 10, 20 }, { 1, DOWN, 30, 40 } }, 2, { 60, 0, 0, 0, 0, 0, 0 } },
		{ { { 0, DOWN, 10, 20 }, { 1, DOWN, 15, 25 } }, 2, { 55, 5, 0, 0, 1, 15, 20 } },
		/* none up and one unknown: unmonitored; both down: down */
		{ { { 0, UNK, 0, 10 }, { 1, DOWN, 0, 20 }, { 0, DOWN, 10, 20 } }, 3,
		  { 40, 10, 0, 10, 1, 10, 20 } },
		/* one up in downtime, the other up: up; the other down too: maintenance */
		{ { { 0, MAINT, 0, 20 }, { 1, DOWN, 10, 30 } }, 2, { 50, 0, 10, 0, 0, 0, 0 } },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct series *parts[2];

		make_parts(parts, 2, STEP, cases[i].sp, cases[i].nsp);
		check(parts, 2, 1, &cases[i].w);
		series_release(parts[0]);
		series_release(parts[1]);
	}
}

/* WARNING: the composite is up in WARNING when fewer than k are up without it. */
static void test_warning(void **state)
{
	static const struct span sp[] = { { 0, WARN, 0, 30 }, { 1, DOWN, 20, 40 } };
	struct series *parts[2];
	char err[NINES_ERRLEN];
	struct sla_policy p = SLA_POLICY_INIT;
	struct sla_result r;
	struct series *c;

	(void)state;
	make_parts(parts, 2, STEP, sp, ARRAY_LEN(sp));
	/* any: rows 20-29 A in WARNING is the only one up: WARNING; 0-19 B is up: OK */
	c = composite_combine((const struct series *const *)parts, 2, 1, D, D + ROWS * STEP,
			      err, sizeof(err));
	assert_non_null(c);
	p.warning = SLA_AS_DOWN;
	assert_int_equal(sla_evaluate(c, D, D + ROWS * STEP, NULL, &p, &no_objective, &r, err,
				      sizeof(err)), 0);
	assert_near(r.down, 10 * STEP);
	assert_int_equal(r.noutages, 1);
	sla_result_release(&r);
	series_release(c);
	series_release(parts[0]);
	series_release(parts[1]);
}

/*
 * Different steps: the coarsest is used; a 60-s part's one down row is a fifth of a 300-s
 * row.  Within a row the worst arrangement counts: two parts each down half of a row are
 * the whole row down for "all" (one after the other), half of it for "any".
 */
static void test_steps_and_shares(void **state)
{
	static const struct span sp[] = { { 0, DOWN, 7, 8 } };
	struct series *parts[2];
	char err[NINES_ERRLEN];
	struct series *c;

	(void)state;
	make_parts(parts, 1, STEP, sp, ARRAY_LEN(sp));
	make_parts(parts + 1, 1, 300, NULL, 0);
	c = composite_combine((const struct series *const *)parts, 2, 2, D, D + ROWS * STEP,
			      err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(c->step, 300);
	assert_int_equal(c->n, ROWS * STEP / 300);
	assert_near(c->avail[1], 0.8);
	assert_near(c->avail[0], 1);
	series_release(c);
	series_release(parts[0]);
	series_release(parts[1]);

	make_parts(parts, 2, STEP, NULL, 0);
	parts[0]->avail[5] = 0.5;
	parts[1]->avail[5] = 0.5;
	c = composite_combine((const struct series *const *)parts, 2, 2, D, D + ROWS * STEP,
			      err, sizeof(err));
	assert_near(c->avail[5], 0);
	series_release(c);
	c = composite_combine((const struct series *const *)parts, 2, 1, D, D + ROWS * STEP,
			      err, sizeof(err));
	assert_near(c->avail[5], 0.5);
	series_release(c);
	/* Outside a part's rows it is unmonitored: the composite is unknown there for "all". */
	c = composite_combine((const struct series *const *)parts, 2, 2, D - 600,
			      D + ROWS * STEP, err, sizeof(err));
	assert_int_equal(c->start, D - 600);
	assert_true(isnan(c->avail[0]));
	assert_near(c->cover[0], 0);
	assert_near(c->avail[10], 1);
	series_release(c);
	assert_null(composite_combine((const struct series *const *)parts, 2, 3, D, D + 60, err,
				      sizeof(err)));
	series_release(parts[0]);
	series_release(parts[1]);
}

/* ---- config ---- */

static void test_config(void **state)
{
	static const char head[] =
		"services:\n"
		"  - { name: a, archive: /x/a.rrd, availability: 99 }\n"
		"  - { name: b, archive: /x/b.rrd, availability: 99 }\n"
		"  - { name: c, archive: /x/c.rrd, availability: 99 }\n";
	static const struct {
		const char *svc;
		const char *err;	/* NULL: loads */
		size_t k, n;
	} cases[] = {
		{ "{ name: s, components: [a, b, c], availability: 99.9 }", NULL, 3, 3 },
		{ "{ name: s, components: [a, b], rule: any, availability: 99.9 }", NULL, 1, 2 },
		{ "{ name: s, components: [a, b, c], rule: 2 of 3, availability: 99.9 }", NULL, 2, 3 },
		{ "{ name: s, components: [a, b], rule: 2 of 3, availability: 99 }", "names 3 components", 0, 0 },
		{ "{ name: s, components: [a, b], rule: 3 of 2, availability: 99 }", "bad rule", 0, 0 },
		{ "{ name: s, components: [a, b], rule: most, availability: 99 }", "bad rule", 0, 0 },
		{ "{ name: s, components: [a, z], availability: 99 }", "unknown component 'z'", 0, 0 },
		{ "{ name: s, components: [a, s], availability: 99 }", "unknown component 's'", 0, 0 },
		{ "{ name: s, components: [a, a], availability: 99 }", "given twice", 0, 0 },
		{ "{ name: s, components: [], availability: 99 }", "list of service names", 0, 0 },
		{ "{ name: s, archive: /x/s.rrd, components: [a], availability: 99 }", "give one", 0, 0 },
		{ "{ name: s, archive: /x/s.rrd, rule: any, availability: 99 }", "rule without", 0, 0 },
		{ "{ name: s, components: [a], latency: p95 <= 1s }", "latency objective needs", 0, 0 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char text[1024], err[NINES_ERRLEN] = "";
		struct config *c;

		snprintf(text, sizeof(text), "%s  - %s\n", head, cases[i].svc);
		c = config_load_string(text, "t.yml", err, sizeof(err));
		if (cases[i].err == NULL) {
			if (c == NULL)
				fail_msg("case %zu: %s", i, err);
			assert_int_equal(c->services[3].rule_k, cases[i].k);
			assert_int_equal(c->services[3].ncomponents, cases[i].n);
			assert_int_equal(c->services[3].components[1], 1);
			assert_string_equal(c->services[3].component_names[0], "a");
		} else if (c != NULL || strstr(err, cases[i].err) == NULL) {
			fail_msg("case %zu: want '%s', got '%s'", i, cases[i].err, err);
		}
		config_release(c);
	}
}

/* ---- a whole report over real archives ---- */

/* Writes checks every 60 s over [D, D + 2 h), down in [down_from, down_to). */
static void write_archive(const char *dir, const char *name, time_t down_from, time_t down_to)
{
	char path[PATH_MAX], msg[NINES_ERRLEN];
	struct archive_opts o = ARCHIVE_OPTS_INIT;

	snprintf(path, sizeof(path), "%s/%s.rrd", dir, name);
	o.file = path;
	for (time_t t = D - 120; t <= D + 7200; t += STEP) {
		struct archive_sample s = ARCHIVE_SAMPLE_INIT;

		s.when = t;
		s.avail = t > down_from && t <= down_to ? 0 : 1;
		s.rtt = s.avail == 1 ? 0.01 : NAN;
		assert_int_equal(archive_write(&o, &s, msg, sizeof(msg)), ARCHIVE_WRITTEN);
	}
}

/*
 * The same composites back-tested by the sla-report binary over the day [D - 22 h, D + 2 h):
 * web has one outage of 600 s, the shop two, the longest 600 s.
 */
static void backtest_nested(const char *dir, const char *cfg)
{
	char bin[PATH_MAX], path[PATH_MAX], now[32], out[16384];
	char *argv[] = { bin, "backtest", "-c", path, "--window", "day", "--now", now,
			 "-f", "csv", NULL };
	FILE *f;

	snprintf(bin, sizeof(bin), "%s/reports/sla-report", getenv("NINES_BUILD"));
	snprintf(path, sizeof(path), "%s/shop.yml", dir);
	snprintf(now, sizeof(now), "%lld", (long long)(D + 7200));
	f = fopen(path, "w");
	assert_non_null(f);
	assert_true(fputs(cfg, f) >= 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(fx_run(argv, NULL, out, sizeof(out)), 1);
	if (strstr(out, "\nwindow,web,") == NULL || strstr(strstr(out, "\nwindow,web,"), ",1,600,") == NULL ||
	    strstr(out, "\nwindow,shop,") == NULL || strstr(strstr(out, "\nwindow,shop,"), ",2,600,") == NULL)
		fail_msg("unexpected back-test:\n%s", out);
}

/*
 * The shop is up when the load balancer is and at least 2 of 3 web servers are (a
 * composite of a composite).  web1 and web2 are down together for 10 minutes, web3 alone
 * for 20; the load balancer for 5 minutes in the second hour.  Down: 10 + 5 minutes.
 */
static void test_report_nested(void **state)
{
	const char *dir = *state;
	char cfg[4096], err[NINES_ERRLEN];
	struct config *c;
	struct report r;

	write_archive(dir, "lb", D + 3600 + 600, D + 3600 + 900);
	write_archive(dir, "web1", D + 600, D + 1200);
	write_archive(dir, "web2", D + 600, D + 1200);
	write_archive(dir, "web3", D + 2000, D + 3200);
	snprintf(cfg, sizeof(cfg),
		 "services:\n"
		 "  - { name: lb, archive: %s/lb.rrd, availability: 99 }\n"
		 "  - { name: web1, archive: %s/web1.rrd, availability: 99 }\n"
		 "  - { name: web2, archive: %s/web2.rrd, availability: 99 }\n"
		 "  - { name: web3, archive: %s/web3.rrd, availability: 99 }\n"
		 "  - { name: web, components: [web1, web2, web3], rule: 2 of 3, availability: 99 }\n"
		 "  - { name: shop, components: [lb, web], availability: 99.9 }\n",
		 dir, dir, dir, dir);
	c = config_load_string(cfg, "shop.yml", err, sizeof(err));
	if (c == NULL)
		fail_msg("%s", err);
	assert_int_equal(report_build(&r, c, "UTC", D, D + 7200, D + 86400, NULL, 1, err,
				      sizeof(err)), 0);
	assert_int_equal(r.nservices, 6);
	assert_string_equal(r.services[4].name, "web");
	assert_int_equal(r.services[4].status, READER_OK);
	assert_near(r.services[4].period.down, 600);
	assert_int_equal(r.services[4].period.noutages, 1);
	assert_string_equal(r.services[5].name, "shop");
	assert_near(r.services[5].period.down, 900);
	assert_near(r.services[5].period.unmonitored, 0);
	assert_int_equal(r.services[5].period.noutages, 2);
	assert_int_equal(r.services[5].period.outages[0].start, D + 600);
	assert_int_equal(r.services[5].period.outages[1].end, D + 3600 + 900);
	report_release(&r);
	config_release(c);
	backtest_nested(dir, cfg);

	/* A component that cannot be read makes the composite a per-service error. */
	snprintf(cfg, sizeof(cfg),
		 "services:\n"
		 "  - { name: lb, archive: %s/missing.rrd, availability: 99 }\n"
		 "  - { name: web1, archive: %s/web1.rrd, availability: 99 }\n"
		 "  - { name: shop, components: [lb, web1], availability: 99.9 }\n", dir, dir);
	c = config_load_string(cfg, "shop.yml", err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(report_build(&r, c, "UTC", D, D + 7200, D + 86400, NULL, 1, err,
				      sizeof(err)), 0);
	assert_int_equal(r.services[2].status, READER_MISSING);
	assert_non_null(strstr(r.services[2].error, "component 'lb'"));
	report_release(&r);
	config_release(c);
}

#define TMP_TEST(f) cmocka_unit_test_setup_teardown(f, fx_tmpdir_setup, fx_tmpdir_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worst_share),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_any),
		cmocka_unit_test(test_warning),
		cmocka_unit_test(test_steps_and_shares),
		cmocka_unit_test(test_config),
		TMP_TEST(test_report_nested),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
