/*
 * Tests of the attribution of a composite's down time to its components: per outage, the
 * components down (in downtime, unmonitored) during it and their shares, on hand-made
 * component series with the expected seconds worked out by hand; then a nested composite
 * with an unmonitored component read from real archives through a report, and the JSON,
 * text and CSV of the sla-report binary for reports and back-tests.
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
#include "attrib.h"
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
#define MAXP 3
#define MAXO 3

static const struct sla_objective no_objective = { NAN, SLA_LATENCY_NONE, 0, 0, 0, NULL, 0, 0 };

static void assert_near_msg(double got, double want, const char *what, size_t c, size_t o,
			    size_t p)
{
	if (!(fabs(got - want) < 1e-6))
		fail_msg("case %zu, outage %zu, part %zu: %s: got %.9g, want %.9g", c, o, p,
			 what, got, want);
}

/* ---- hand-made series ---- */

enum st { UP, DOWN, MAINT, UNK, WARN, HALF };

struct span {
	size_t part;
	enum st st;
	size_t from, to;	/* rows [from, to) */
};

/* n parts of ROWS rows at STEP from D, every row up, then the spans applied. */
static void make_parts(struct series **parts, size_t n, const struct span *sp, size_t nsp)
{
	for (size_t p = 0; p < n; p++) {
		parts[p] = series_new(D, STEP, ROWS, 0, 1, 1, 0);
		assert_non_null(parts[p]);
		parts[p]->archive_step = STEP;
		for (size_t i = 0; i < ROWS; i++) {
			parts[p]->avail[i] = 1;
			parts[p]->warn[i] = 0;
			parts[p]->downtime[i] = 0;
		}
	}
	for (size_t k = 0; k < nsp && sp[k].to > 0; k++)
		for (size_t i = sp[k].from; i < sp[k].to; i++) {
			struct series *s = parts[sp[k].part];
			static const double avail[] = { [UP] = 1, [DOWN] = 0, [MAINT] = 1,
							[UNK] = NAN, [WARN] = 1, [HALF] = 0.5 };

			s->avail[i] = avail[sp[k].st];
			s->downtime[i] = sp[k].st == MAINT;
			s->warn[i] = sp[k].st == WARN;
		}
}

/* What one outage's attribution should be, in rows of STEP seconds. */
struct want_outage {
	double start, end;		/* the listed outage, rows */
	double down, none;		/* composite down-counted rows; no component down */
	double part[MAXP][3];		/* per part: down, in downtime, unmonitored */
};

struct attrib_case {
	const char *what;
	size_t n, k;
	struct span sp[4];
	struct sla_policy policy;
	struct ival scope[2];		/* seconds from D; both 0: 24x7 */
	size_t noutages;
	struct want_outage o[MAXO];
};

#define POL(m, u, w, merge, ign) { m, u, w, merge, ign }
#define DEF POL(SLA_EXCLUDED, SLA_EXCLUDED, SLA_AS_UP, 0, 0)

static const struct attrib_case cases[] = {
	{ "all: overlapping outages are one, with both components in it; a disjoint one",
	  3, 3, { { 0, DOWN, 10, 20 }, { 1, DOWN, 15, 25 }, { 2, DOWN, 40, 45 } }, DEF,
	  { { 0, 0 } }, 2,
	  { { 10, 25, 15, 0, { { 10, 0, 0 }, { 10, 0, 0 }, { 0, 0, 0 } } },
	    { 40, 45, 5, 0, { { 0, 0, 0 }, { 0, 0, 0 }, { 5, 0, 0 } } } } },
	{ "2 of 3: down only while two are, both wholly in it",
	  3, 2, { { 0, DOWN, 10, 20 }, { 1, DOWN, 15, 25 }, { 2, DOWN, 40, 45 } }, DEF,
	  { { 0, 0 } }, 1,
	  { { 15, 20, 5, 0, { { 5, 0, 0 }, { 5, 0, 0 }, { 0, 0, 0 } } } } },
	{ "any: disjoint outages are none; the overlap is both components'",
	  2, 1, { { 0, DOWN, 10, 20 }, { 1, DOWN, 15, 25 }, { 0, DOWN, 40, 45 },
		  { 1, DOWN, 50, 55 } }, DEF,
	  { { 0, 0 } }, 1,
	  { { 15, 20, 5, 0, { { 5, 0, 0 }, { 5, 0, 0 } } } } },
	{ "all: an unmonitored component is listed as unmonitored, not down",
	  2, 2, { { 0, DOWN, 10, 20 }, { 1, UNK, 15, 30 } }, DEF,
	  { { 0, 0 } }, 1,
	  { { 10, 20, 10, 0, { { 10, 0, 0 }, { 0, 0, 5 } } } } },
	{ "all, unmonitored counted as down: the composite's unknown time is no one's",
	  2, 2, { { 0, DOWN, 10, 20 }, { 1, UNK, 15, 30 } },
	  POL(SLA_EXCLUDED, SLA_AS_DOWN, SLA_AS_UP, 0, 0), { { 0, 0 } }, 1,
	  { { 10, 30, 20, 10, { { 10, 0, 0 }, { 0, 0, 15 } } } } },
	{ "all, maintenance counted as down: a component in downtime is in downtime",
	  2, 2, { { 0, MAINT, 0, 10 }, { 1, DOWN, 5, 8 } },
	  POL(SLA_AS_DOWN, SLA_EXCLUDED, SLA_AS_UP, 0, 0), { { 0, 0 } }, 1,
	  { { 0, 10, 10, 7, { { 0, 10, 0 }, { 3, 0, 0 } } } } },
	{ "2 of 3 in downtime: the one down is attributed, the one in downtime is listed",
	  3, 2, { { 0, MAINT, 0, 10 }, { 1, DOWN, 5, 8 } },
	  POL(SLA_AS_DOWN, SLA_EXCLUDED, SLA_AS_UP, 0, 0), { { 0, 0 } }, 1,
	  { { 5, 8, 3, 0, { { 0, 3, 0 }, { 3, 0, 0 }, { 0, 0, 0 } } } } },
	{ "all: two components each down half of a row are the whole row, half each",
	  2, 2, { { 0, HALF, 5, 6 }, { 1, HALF, 5, 6 } }, DEF, { { 0, 0 } }, 1,
	  { { 5, 6, 1, 0, { { 0.5, 0, 0 }, { 0.5, 0, 0 } } } } },
	{ "any: both half down in a row: half the row down, both in all of it",
	  2, 1, { { 0, HALF, 5, 6 }, { 1, HALF, 5, 6 } }, DEF, { { 0, 0 } }, 1,
	  { { 5.5, 6, 0.5, 0, { { 0.5, 0, 0 }, { 0.5, 0, 0 } } } } },
	{ "merged outages: the gap between them is up, not attributed",
	  2, 2, { { 0, DOWN, 10, 12 }, { 1, DOWN, 14, 16 } },
	  POL(SLA_EXCLUDED, SLA_EXCLUDED, SLA_AS_UP, 180, 0), { { 0, 0 } }, 1,
	  { { 10, 16, 4, 0, { { 2, 0, 0 }, { 2, 0, 0 } } } } },
	{ "an ignored short outage is attributed to no one",
	  2, 2, { { 0, DOWN, 10, 11 }, { 1, DOWN, 20, 25 } },
	  POL(SLA_EXCLUDED, SLA_EXCLUDED, SLA_AS_UP, 0, 120), { { 0, 0 } }, 1,
	  { { 20, 25, 5, 0, { { 0, 0, 0 }, { 5, 0, 0 } } } } },
	{ "out of scope: an outage cut by the calendar inside rows is two, each its part",
	  2, 2, { { 0, DOWN, 10, 20 } }, DEF, { { 0, 690 }, { 870, 3600 } }, 2,
	  { { 10, 11.5, 1.5, 0, { { 1.5, 0, 0 } } }, { 14.5, 20, 5.5, 0, { { 5.5, 0, 0 } } } } },
	{ "any: a component down longer than the composite in a row counts only inside it",
	  2, 1, { { 0, DOWN, 10, 20 }, { 1, HALF, 12, 13 } }, DEF, { { 0, 0 } }, 1,
	  { { 12.5, 13, 0.5, 0, { { 0.5, 0, 0 }, { 0.5, 0, 0 } } } } },
	{ "WARNING counted as down: a component in WARNING is down for the composite",
	  2, 2, { { 0, WARN, 10, 20 } }, POL(SLA_EXCLUDED, SLA_EXCLUDED, SLA_AS_DOWN, 0, 0),
	  { { 0, 0 } }, 1, { { 10, 20, 10, 0, { { 10, 0, 0 } } } } },
};

static void check_span(const struct attrib_span *got, const struct want_outage *w, size_t n,
		       size_t c, size_t o)
{
	assert_near_msg(got->down, w->down * STEP, "down", c, o, 0);
	assert_near_msg(got->no_component_down, w->none * STEP, "no component down", c, o, 0);
	for (size_t p = 0; p < n; p++) {
		const double want[3] = { w->part[p][0] * STEP, w->part[p][1] * STEP,
					 w->part[p][2] * STEP };

		assert_near_msg(got->parts[p].down, want[0], "component down", c, o, p);
		assert_near_msg(got->parts[p].maint, want[1], "component in downtime", c, o, p);
		assert_near_msg(got->parts[p].unmon, want[2], "component unmonitored", c, o, p);
		if (w->down > 0)
			assert_near_msg(attrib_share_percent(got, p), 100 * want[0] / (w->down * STEP),
					"share", c, o, p);
		assert_int_equal(attrib_part_listed(got, p), want[0] + want[1] + want[2] > 0);
	}
}

static void run_case(const struct attrib_case *t, size_t ci)
{
	struct series *parts[MAXP], *c;
	struct ival iv[2];
	struct ival_list scope = { iv, 2, 2 };
	char err[NINES_ERRLEN] = "";
	struct sla_result r;
	struct attrib a;
	struct want_outage total = { 0 };

	make_parts(parts, t->n, t->sp, ARRAY_LEN(t->sp));
	c = composite_combine((const struct series *const *)parts, t->n, t->k, D,
			      D + ROWS * STEP, err, sizeof(err));
	if (c == NULL)
		fail_msg("case %zu: %s", ci, err);
	for (size_t i = 0; i < 2; i++)
		iv[i] = (struct ival){ D + t->scope[i].start, D + t->scope[i].end };
	assert_int_equal(sla_evaluate(c, D, D + ROWS * STEP, t->scope[0].end ? &scope : NULL,
				      &t->policy, &no_objective, &r, err, sizeof(err)), 0);
	if (r.noutages != t->noutages)
		fail_msg("case %zu (%s): %zu outages, want %zu", ci, t->what, r.noutages,
			 t->noutages);
	if (attrib_compute(c, (const struct series *const *)parts, t->n, &r,
			   t->scope[0].end ? &scope : NULL, &t->policy, &a, err, sizeof(err)) != 0)
		fail_msg("case %zu: %s", ci, err);
	assert_int_equal(a.noutages, r.noutages);
	assert_int_equal(a.nparts, t->n);
	for (size_t o = 0; o < t->noutages; o++) {
		const struct want_outage *w = &t->o[o];

		assert_int_equal(r.outages[o].start, D + (time_t)(w->start * STEP));
		assert_int_equal(r.outages[o].end, D + (time_t)(w->end * STEP));
		check_span(&a.outages[o], w, t->n, ci, o);
		total.down += w->down;
		total.none += w->none;
		for (size_t p = 0; p < t->n; p++)
			for (size_t k = 0; k < 3; k++)
				total.part[p][k] += w->part[p][k];
	}
	check_span(&a.total, &total, t->n, ci, MAXO);
	attrib_release(&a);
	sla_result_release(&r);
	series_release(c);
	for (size_t p = 0; p < t->n; p++)
		series_release(parts[p]);
}

static void test_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++)
		run_case(&cases[i], i);
}

/*
 * A nested composite is one component: shop = all of (lb, web), web = any of (w1, w2).
 * w1 and w2 down together for 10 rows, lb for 5 of them and 5 more: the shop's outage is
 * web's and lb's; web's own attribution names w1 and w2.
 */
static void test_nested(void **state)
{
	static const struct span sp[] = { { 0, DOWN, 15, 25 }, { 1, DOWN, 10, 20 },
					  { 2, DOWN, 10, 20 } };
	struct series *p[3], *web, *shop, *outer[2];
	struct sla_policy pol = SLA_POLICY_INIT;
	char err[NINES_ERRLEN];
	struct sla_result r;
	struct attrib a;

	(void)state;
	make_parts(p, 3, sp, ARRAY_LEN(sp));
	web = composite_combine((const struct series *const *)p + 1, 2, 1, D, D + ROWS * STEP,
				err, sizeof(err));
	assert_non_null(web);
	outer[0] = p[0];
	outer[1] = web;
	shop = composite_combine((const struct series *const *)outer, 2, 2, D, D + ROWS * STEP,
				 err, sizeof(err));
	assert_non_null(shop);
	assert_int_equal(sla_evaluate(shop, D, D + ROWS * STEP, NULL, &pol, &no_objective, &r,
				      err, sizeof(err)), 0);
	assert_int_equal(r.noutages, 1);
	assert_int_equal(attrib_compute(shop, (const struct series *const *)outer, 2, &r, NULL,
					&pol, &a, err, sizeof(err)), 0);
	assert_int_equal(a.nparts, 2);
	assert_float_equal(a.outages[0].down, 15 * STEP, 1e-6);
	assert_float_equal(a.outages[0].parts[0].down, 10 * STEP, 1e-6);
	assert_float_equal(a.outages[0].parts[1].down, 10 * STEP, 1e-6);
	assert_float_equal(attrib_share_percent(&a.total, 1), 100.0 * 10 / 15, 1e-9);
	attrib_release(&a);
	sla_result_release(&r);
	series_release(shop);
	series_release(web);
	for (size_t i = 0; i < 3; i++)
		series_release(p[i]);
}

/* Sums of windows (back-tests): the totals add up, no outages are kept. */
static void test_sum(void **state)
{
	struct attrib_part pa[2] = { { 60, 0, 0 }, { 0, 0, 30 } }, pb[2] = { { 120, 60, 0 },
									   { 120, 0, 0 } };
	struct attrib v[2] = { { 2, NULL, 0, { 60, 0, pa } }, { 2, NULL, 0, { 180, 0, pb } } };
	char err[NINES_ERRLEN];
	struct attrib s;

	(void)state;
	assert_int_equal(attrib_sum(v, 2, 2, &s, err, sizeof(err)), 0);
	assert_int_equal(s.noutages, 0);
	assert_float_equal(s.total.down, 240, 1e-9);
	assert_float_equal(s.total.parts[0].down, 180, 1e-9);
	assert_float_equal(s.total.parts[0].maint, 60, 1e-9);
	assert_float_equal(s.total.parts[1].unmon, 30, 1e-9);
	assert_float_equal(attrib_share_percent(&s.total, 0), 75, 1e-9);
	assert_float_equal(attrib_share_percent(&s.total, 1), 50, 1e-9);
	attrib_release(&s);
	attrib_release(NULL);
}

/* ---- real archives, a report and the sla-report binary ---- */

/*
 * Writes checks every 60 s over [D - 2 min, D + 2 h], down in [down_from, down_to) and no
 * check at all in (gap_from, gap_to] (longer than the heartbeat: unmonitored).
 */
static void write_archive(const char *dir, const char *name, time_t down_from, time_t down_to,
			  time_t gap_from, time_t gap_to)
{
	char path[PATH_MAX], msg[NINES_ERRLEN];
	struct archive_opts o = ARCHIVE_OPTS_INIT;

	snprintf(path, sizeof(path), "%s/%s.rrd", dir, name);
	o.file = path;
	for (time_t t = D - 120; t <= D + 7200; t += STEP) {
		struct archive_sample s = ARCHIVE_SAMPLE_INIT;

		if (t > gap_from && t <= gap_to)
			continue;
		s.when = t;
		s.avail = t > down_from && t <= down_to ? 0 : 1;
		s.rtt = s.avail == 1 ? 0.01 : NAN;
		assert_int_equal(archive_write(&o, &s, msg, sizeof(msg)), ARCHIVE_WRITTEN);
	}
}

/*
 * The shop is up when the load balancer is and at least 2 of 3 web servers are (web, a
 * composite inside a composite); payments when the load balancer and the database are.
 * web1 and web2 are down together for 10 minutes (web's outage: both in all of it, 200 %
 * together), web3 alone for 20 (no outage of web); the load balancer for 5 minutes in the
 * second hour, while the database recorded nothing.
 */
static const char shop_cfg[] =
	"title: Shop\n"
	"services:\n"
	"  - { name: lb, archive: %1$s/lb.rrd, availability: 99 }\n"
	"  - { name: web1, archive: %1$s/web1.rrd, availability: 99 }\n"
	"  - { name: web2, archive: %1$s/web2.rrd, availability: 99 }\n"
	"  - { name: web3, archive: %1$s/web3.rrd, availability: 99 }\n"
	"  - { name: db <eu>, archive: %1$s/db.rrd, availability: 99 }\n"
	"  - { name: web, components: [web1, web2, web3], rule: 2 of 3, availability: 99 }\n"
	"  - { name: shop, components: [lb, web], availability: 99.9 }\n"
	"  - { name: pay, components: [lb, db <eu>], availability: 99.9 }\n";

static void write_shop(const char *dir, char *cfg, size_t len)
{
	char path[PATH_MAX];
	FILE *f;

	write_archive(dir, "lb", D + 4200, D + 4500, 0, 0);
	write_archive(dir, "web1", D + 600, D + 1200, 0, 0);
	write_archive(dir, "web2", D + 600, D + 1200, 0, 0);
	write_archive(dir, "web3", D + 2000, D + 3200, 0, 0);
	write_archive(dir, "db", 0, 0, D + 4200, D + 4500);
	snprintf(cfg, len, shop_cfg, dir);
	snprintf(path, len, "%s/shop.yml", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_true(fputs(cfg, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

static void test_report(void **state)
{
	const char *dir = *state;
	char cfg[4096], err[NINES_ERRLEN];
	const struct report_service *web, *shop, *pay;
	struct config *c;
	struct report r;

	write_shop(dir, cfg, sizeof(cfg));
	c = config_load_string(cfg, "shop.yml", err, sizeof(err));
	if (c == NULL)
		fail_msg("%s", err);
	assert_int_equal(report_build(&r, c, "UTC", D, D + 7200, D + 86400, NULL, 1, err,
				      sizeof(err)), 0);
	assert_int_equal(r.nservices, 8);
	for (size_t i = 0; i < 5; i++)
		assert_null(r.services[i].attrib);
	web = &r.services[5];
	shop = &r.services[6];
	pay = &r.services[7];
	assert_non_null(web->attrib);
	assert_int_equal(web->attrib->noutages, 1);
	assert_float_equal(web->attrib->total.down, 600, 1e-6);
	assert_float_equal(web->attrib->total.parts[0].down, 600, 1e-6);
	assert_float_equal(web->attrib->total.parts[1].down, 600, 1e-6);
	assert_float_equal(web->attrib->total.parts[2].down, 0, 1e-6);
	assert_int_equal(shop->attrib->noutages, 2);
	assert_int_equal(shop->period.outages[0].start, D + 600);
	assert_float_equal(shop->attrib->outages[0].parts[0].down, 0, 1e-6);	/* lb */
	assert_float_equal(shop->attrib->outages[0].parts[1].down, 600, 1e-6);	/* web */
	assert_float_equal(shop->attrib->outages[1].parts[0].down, 300, 1e-6);
	assert_float_equal(shop->attrib->outages[1].parts[1].down, 0, 1e-6);
	assert_float_equal(attrib_share_percent(&shop->attrib->total, 0), 100.0 / 3, 1e-6);
	assert_float_equal(attrib_share_percent(&shop->attrib->total, 1), 200.0 / 3, 1e-6);
	/* The database recorded nothing while the load balancer was down: unmonitored. */
	assert_int_equal(pay->attrib->noutages, 1);
	assert_int_equal(pay->period.outages[0].start, D + 4200);
	assert_int_equal(pay->period.outages[0].end, D + 4500);
	assert_float_equal(pay->attrib->outages[0].parts[0].down, 300, 1e-6);
	assert_float_equal(pay->attrib->outages[0].parts[1].down, 0, 1e-6);
	assert_float_equal(pay->attrib->outages[0].parts[1].unmon, 300, 1e-6);
	report_release(&r);
	config_release(c);
}

/* Runs the sla-report binary with args (NULL-terminated); its exit status. */
static int run_bin(char *out, size_t len, const char *const *args)
{
	char bin[PATH_MAX];

	snprintf(bin, sizeof(bin), "%s/reports/sla-report", getenv("NINES_BUILD"));
	return fx_run_args(bin, args, NULL, out, len);
}

static void read_file(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(out, 1, len - 1, f);
	out[n] = '\0';
	assert_int_equal(fclose(f), 0);
}

static void want_in(const char *out, const char *want)
{
	if (strstr(out, want) == NULL)
		fail_msg("want '%s' in:\n%s", want, out);
}

/*
 * The JSON of a file, as the lines a short Python program prints from it: per service
 * with an attribution (report: the period's; back-test: each window's and the summary's)
 * "name total: component=down/share/in downtime/unmonitored ...; no component down" and
 * per outage the same for its listed components.
 */
static const char summarise_py[] =
	"import json, sys\n"
	"d = json.load(open(sys.argv[1]))\n"
	"def f(v): return '-' if v is None else '%g' % round(v, 3)\n"
	"def span(a): return ' '.join('%s=%s/%s/%s/%s' % (c['name'], f(c['down_seconds']),\n"
	"    f(c['share_percent']), f(c['maintenance_seconds']), f(c['unmonitored_seconds']))\n"
	"    for c in a['components']) + '; down %s, none %s' % (f(a['down_seconds']),\n"
	"    f(a['no_component_down_seconds']))\n"
	"for s in d['services']:\n"
	"    a = s.get('attribution')\n"
	"    if a:\n"
	"        print(s['name'], a['rule'], 'total:', span(a))\n"
	"        for o in a['outages']:\n"
	"            print(s['name'], o['start'], o['end'], span(o))\n"
	"    for w in s.get('windows', []):\n"
	"        if 'attribution' in w and 'before_data' in w:\n"
	"            print(s['name'], 'window', w['start'], span(w['attribution']))\n"
	"    if isinstance(s.get('summary'), dict) and 'attribution' in s['summary']:\n"
	"        print(s['name'], 'history:', span(s['summary']['attribution']))\n";

static void json_lines(const char *dir, const char *json, const char *schema, char *out,
		       size_t len)
{
	char py[PATH_MAX], sch[PATH_MAX], chk[PATH_MAX];
	char *check[] = { "/usr/bin/python3", chk, sch, (char *)json, NULL };
	char *argv[] = { "/usr/bin/python3", py, (char *)json, NULL };
	FILE *f;

	snprintf(py, sizeof(py), "%s/summarise.py", dir);
	f = fopen(py, "w");
	assert_non_null(f);
	assert_true(fputs(summarise_py, f) >= 0);
	assert_int_equal(fclose(f), 0);
	snprintf(sch, sizeof(sch), "%s/reports/%s", getenv("NINES_SRC"), schema);
	snprintf(chk, sizeof(chk), "%s/t/json-schema-check.py", getenv("NINES_SRC"));
	if (fx_run(check, NULL, out, len) != 0)
		fail_msg("the JSON does not follow %s:\n%s", schema, out);
	assert_int_equal(fx_run(argv, NULL, out, len), 0);
}

static void want_lines(const char *got, const char *want)
{
	if (strcmp(got, want) != 0)
		fail_msg("got:\n%s\nwant:\n%s", got, want);
}

/* sla-report -f json|text|csv over the two hours: the attribution of every composite. */
static void test_report_binary(void **state)
{
	const char *dir = *state;
	char cfg[4096], out[65536], json[PATH_MAX], cpath[PATH_MAX], period[64];
	const char *fmt_args[] = { "-c", cpath, "--period", period, "--now", "1800000000", "-f",
				   NULL, NULL };

	write_shop(dir, cfg, sizeof(cfg));
	snprintf(cpath, sizeof(cpath), "%s/shop.yml", dir);
	snprintf(json, sizeof(json), "%s/r.json", dir);
	snprintf(period, sizeof(period), "@%lld..@%lld", (long long)D, (long long)D + 7200);
	assert_int_equal(run_bin(out, sizeof(out), (const char *const[]){ "-c", cpath,
				 "--period", period, "--now", "1800000000", "-f", "json", "-o",
				 json, NULL }), 1);
	json_lines(dir, json, "sla-report.schema.json", out, sizeof(out));
	want_lines(out,
		   "web 2 of 3 total: web1=600/100/0/0 web2=600/100/0/0 web3=0/0/0/0; down 600, none 0\n"
		   "web 1699999800 1700000400 web1=600/100/0/0 web2=600/100/0/0; down 600, none 0\n"
		   "shop all total: lb=300/33.333/0/0 web=600/66.667/0/0; down 900, none 0\n"
		   "shop 1699999800 1700000400 web=600/100/0/0; down 600, none 0\n"
		   "shop 1700003400 1700003700 lb=300/100/0/0; down 300, none 0\n"
		   "pay all total: lb=300/100/0/0 db <eu>=0/0/0/300; down 300, none 0\n"
		   "pay 1700003400 1700003700 lb=300/100/0/0 db <eu>=0/0/0/300; down 300, none 0\n");

	fmt_args[7] = "text";
	assert_int_equal(run_bin(out, sizeof(out), fmt_args), 1);
	want_in(out, "    2023-11-14 22:10:00 UTC .. 2023-11-14 22:20:00 UTC     0:10:00\n"
		"      components: web down 0:10:00 (100%)\n");
	want_in(out, "      components: lb down 0:05:00 (100%), db <eu> unmonitored 0:05:00\n");
	want_in(out, "\nDown time by component (composites; ");
	want_in(out, "  shop (all of its components): 0:15:00 down in 2 outages\n"
		"    component                down     share  in downtime  unmonitored\n"
		"    lb                    0:05:00    33.33%      0:00:00      0:00:00\n"
		"    web                   0:10:00    66.67%      0:00:00      0:00:00\n"
		"    no component down     0:00:00\n");
	want_in(out, "  web (2 of 3 of its components): 0:10:00 down in 1 outage\n");

	fmt_args[7] = "csv";
	assert_int_equal(run_bin(out, sizeof(out), fmt_args), 1);
	want_in(out, ",component,outage_start,outage_end,composite_down_seconds,"
		"component_down_seconds,share_percent,component_maintenance_seconds,"
		"component_unmonitored_seconds,no_component_down_seconds\r\n");
	want_in(out, ",lb,,,900,300,33.333333,0,0,0\r\n");
	want_in(out, ",web,1699999800,1700000400,600,600,100,0,0,0\r\n");
	want_in(out, ",db <eu>,1700003400,1700003700,300,0,0,0,300,0\r\n");

	/* HTML: the components of each outage beside it, the table under the list; escaped. */
	snprintf(json, sizeof(json), "%s/r.html", dir);
	assert_int_equal(run_bin(out, sizeof(out), (const char *const[]){ "-c", cpath,
				 "--period", period, "--now", "1800000000", "-f", "html", "-o",
				 json, NULL }), 1);
	read_file(json, out, sizeof(out));
	want_in(out, "<th>duration</th><th class=\"name\">components</th></tr>");
	want_in(out, "<td>0:05:00</td><td class=\"name\">lb down 0:05:00 (100%), "
		"db &lt;eu&gt; unmonitored 0:05:00</td></tr>");
	want_in(out, "<h3>Down time by component</h3>\n<p class=\"meta\">In the outages above, "
		"0:15:00 down (rule: all); ");
	want_in(out, "<tr><td class=\"name\">web</td><td>0:10:00</td><td>66.67%</td>"
		"<td>0:00:00</td><td>0:00:00</td></tr>");
	want_in(out, "<tr><td class=\"name\">db &lt;eu&gt;</td><td>0:00:00</td><td>0%</td>"
		"<td>0:00:00</td><td>0:05:00</td></tr>");
	assert_null(strstr(out, "db <eu>"));
}

/* sla-report backtest over the day that holds the two hours: per window and in total. */
static void test_backtest_binary(void **state)
{
	const char *dir = *state;
	char cfg[4096], out[65536], json[PATH_MAX], cpath[PATH_MAX], now[32];
	const char *args[] = { "backtest", "-c", cpath, "--window", "day", "--now", now, "-f",
			       "json", "-o", json, NULL };

	write_shop(dir, cfg, sizeof(cfg));
	snprintf(cpath, sizeof(cpath), "%s/shop.yml", dir);
	snprintf(json, sizeof(json), "%s/b.json", dir);
	snprintf(now, sizeof(now), "%lld", (long long)(D + 7200));
	assert_int_equal(run_bin(out, sizeof(out), args), 1);
	json_lines(dir, json, "sla-backtest.schema.json", out, sizeof(out));
	want_lines(out,
		   "web window 1699920000 web1=600/100/0/0 web2=600/100/0/0 web3=0/0/0/0; down 600, none 0\n"
		   "web history: web1=600/100/0/0 web2=600/100/0/0 web3=0/0/0/0; down 600, none 0\n"
		   "shop window 1699920000 lb=300/33.333/0/0 web=600/66.667/0/0; down 900, none 0\n"
		   "shop history: lb=300/33.333/0/0 web=600/66.667/0/0; down 900, none 0\n"
		   "pay window 1699920000 lb=300/100/0/0 db <eu>=0/0/0/300; down 300, none 0\n"
		   "pay history: lb=300/100/0/0 db <eu>=0/0/0/300; down 300, none 0\n");

	args[8] = "text";
	args[9] = NULL;
	assert_int_equal(run_bin(out, sizeof(out), args), 1);
	want_in(out, "  down time by component (all of them; ");
	want_in(out, "  2023-11-14: lb down 0:05:00 (33.33%), web down 0:10:00 (66.67%)\n");

	args[8] = "csv";
	assert_int_equal(run_bin(out, sizeof(out), args), 1);
	want_in(out, "attribution,shop,1699920000,1700006400,");
	want_in(out, ",lb,900,300,33.333333,0,0,0\r\n");

	args[8] = "html";
	args[9] = "-o";
	args[10] = json;
	snprintf(json, sizeof(json), "%s/b.html", dir);
	assert_int_equal(run_bin(out, sizeof(out), args), 1);
	read_file(json, out, sizeof(out));
	want_in(out, "<td class=\"name\">lb down 0:05:00 (33.33%), web down 0:10:00 "
		"(66.67%)</td></tr>");
	want_in(out, "<p class=\"meta\">Over the windows above, 0:15:00 down (rule: all); ");
}

#define TMP_TEST(f) cmocka_unit_test_setup_teardown(f, fx_tmpdir_setup, fx_tmpdir_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_sum),
		TMP_TEST(test_report),
		TMP_TEST(test_report_binary),
		TMP_TEST(test_backtest_binary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
