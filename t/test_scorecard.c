/*
 * The balanced scorecard: the arithmetic against scores worked out by hand (polarity,
 * thresholds, clamping, weights of KPIs and perspectives, missing values), the measures
 * file reader on good and bad files, the scorecard: section of the config and its
 * errors, and `sla-report scorecard` end to end over archives written here: its engine
 * KPIs equal the report's own figures, and the trend compares with a previous month that
 * had a different outage.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "fixture.h"
#include "nines.h"
#include "scorecard.h"
#include "scorecard_csv.h"
#include "testrrd.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define STEP 300
#define OUTLEN (1 << 20)
#define MAXCOL 40

static char bin[PATH_MAX], dir[64];
static char *out;

static void assert_near(double got, double want, double tol)
{
	if (isnan(want) && isnan(got))
		return;
	if (!(fabs(got - want) <= tol))
		fail_msg("got %.9f, want %.9f (tolerance %g)", got, want, tol);
}

/* ---- the arithmetic ---- */

struct score_case {
	enum sc_polarity pol;
	double target, green, red, value;
	double score;
	enum sc_colour colour;
};

/*
 * score = 10 (v − red) / (target − red), clamped.  Higher is better: target 99.9, green
 * 99.5, red 99 (a span of 0.9).  Lower is better: MTTR in minutes, target 5, green 10,
 * red 30 (a span of −25).
 */
static const struct score_case score_cases[] = {
	{ SC_HIGHER, 99.9, 99.5, 99, 99.45, 5, SC_AMBER },	/* 10 × 0.45 / 0.9 */
	{ SC_HIGHER, 99.9, 99.5, 99, 99.9, 10, SC_GREEN },	/* on the target */
	{ SC_HIGHER, 99.9, 99.5, 99, 100, 10, SC_GREEN },	/* above: clamped to 10 */
	{ SC_HIGHER, 99.9, 99.5, 99, 98, 0, SC_RED },		/* below red: clamped to 0 */
	{ SC_HIGHER, 99.9, 99.5, 99, 99, 0, SC_RED },		/* on red: red */
	{ SC_HIGHER, 99.9, 99.5, 99, 99.5, 50.0 / 9, SC_GREEN },	/* on green: green */
	{ SC_HIGHER, 99.9, 99.5, 99, 99.0001, 10 * 0.0001 / 0.9, SC_AMBER },
	{ SC_LOWER, 5, 10, 30, 20, 4, SC_AMBER },		/* 10 × (−10) / (−25) */
	{ SC_LOWER, 5, 10, 30, 10, 8, SC_GREEN },		/* on green */
	{ SC_LOWER, 5, 10, 30, 30, 0, SC_RED },			/* on red */
	{ SC_LOWER, 5, 10, 30, 40, 0, SC_RED },			/* worse than red: 0 */
	{ SC_LOWER, 5, 10, 30, 2, 10, SC_GREEN },		/* better than target: 10 */
	{ SC_LOWER, 5, 10, 30, 5, 10, SC_GREEN },
	{ SC_LOWER, 0, 0, 1, 1, 0, SC_RED },			/* a status: 1 in breach */
	{ SC_LOWER, 0, 0, 1, 0, 10, SC_GREEN },
	{ SC_HIGHER, 99.9, 99.5, 99, NAN, NAN, SC_NO_COLOUR },	/* no value */
};

static void test_score(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(score_cases); i++) {
		const struct score_case *c = &score_cases[i];
		struct sc_kpi k = { .target = c->target, .green = c->green, .red = c->red,
				    .polarity = c->pol, .weight = 1 };

		assert_near(sc_score(&k, c->value), c->score, 1e-9);
		if (sc_colour_of(&k, c->value) != c->colour)
			fail_msg("case %zu: colour %s, want %s", i,
				 sc_colour_name(sc_colour_of(&k, c->value)),
				 sc_colour_name(c->colour));
	}
}

static const struct {
	enum sc_polarity pol;
	double cur, prev;
	enum sc_trend want;
} trend_cases[] = {
	{ SC_HIGHER, 99.9, 99.5, SC_BETTER }, { SC_HIGHER, 99.5, 99.9, SC_WORSE },
	{ SC_LOWER, 1800, 5400, SC_BETTER }, { SC_LOWER, 5400, 1800, SC_WORSE },
	{ SC_LOWER, 3, 3, SC_SAME }, { SC_HIGHER, 0.1 + 0.2, 0.3, SC_SAME },
	{ SC_HIGHER, NAN, 1, SC_NO_TREND }, { SC_LOWER, 1, NAN, SC_NO_TREND },
};

static void test_trend(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(trend_cases); i++)
		if (sc_trend_of(trend_cases[i].pol, trend_cases[i].cur, trend_cases[i].prev) !=
		    trend_cases[i].want)
			fail_msg("trend case %zu: %s", i, sc_trend_name(sc_trend_of(
				 trend_cases[i].pol, trend_cases[i].cur, trend_cases[i].prev)));
}

/*
 * Weights: customer (weight 2) has A (weight 3, score 5), B (weight 1, score 10) and C
 * (weight 5, no value: left out, its weight does not count): (3×5 + 1×10) / 4 = 6.25.
 * Financial (weight 1) has D (lower is better, 20 of red 30 / target 5: score 4).
 * Learning & growth (weight 4) has E without a value: no score, left out of the card.
 * Card: (2 × 6.25 + 1 × 4) / 3 = 5.5.  Previous: A 10, B 10, C 10 → 10; D 10 → 10;
 * card 10: every trend worse.
 */
static void test_weights(void **state)
{
	struct sc_kpi cust[] = {
		{ .name = "A", .target = 100, .green = 90, .red = 0, .weight = 3 },
		{ .name = "B", .target = 10, .green = 9, .red = 0, .weight = 1 },
		{ .name = "C", .target = 10, .green = 9, .red = 0, .weight = 5 },
	};
	struct sc_kpi fin[] = {
		{ .name = "D", .target = 5, .green = 10, .red = 30, .polarity = SC_LOWER,
		  .weight = 1 },
	};
	struct sc_kpi learn[] = {
		{ .name = "E", .target = 10, .green = 9, .red = 0, .weight = 7 },
	};
	struct sc_def def = { 0 };
	struct sc_card c;
	static const double cur[] = { 50, 10, NAN }, prev[] = { 100, 10, 10 };

	(void)state;
	def.persp[SC_CUSTOMER] = (struct sc_persp_def){ 2, cust, ARRAY_LEN(cust) };
	def.persp[SC_FINANCIAL] = (struct sc_persp_def){ 1, fin, ARRAY_LEN(fin) };
	def.persp[SC_LEARNING] = (struct sc_persp_def){ 4, learn, ARRAY_LEN(learn) };
	assert_int_equal(sc_card_init(&c, &def), 0);
	for (size_t i = 0; i < ARRAY_LEN(cust); i++) {
		c.persp[SC_CUSTOMER].kpis[i].cur.value = cur[i];
		c.persp[SC_CUSTOMER].kpis[i].prev.value = prev[i];
	}
	c.persp[SC_FINANCIAL].kpis[0].cur.value = 20;
	c.persp[SC_FINANCIAL].kpis[0].prev.value = 5;
	sc_card_score(&c);
	assert_near(c.persp[SC_CUSTOMER].kpis[0].cur.score, 5, 1e-12);
	assert_near(c.persp[SC_CUSTOMER].score, 6.25, 1e-12);
	assert_near(c.persp[SC_CUSTOMER].weight_used, 4, 1e-12);
	assert_int_equal(c.persp[SC_CUSTOMER].nmissing, 1);
	assert_near(c.persp[SC_FINANCIAL].score, 4, 1e-12);
	assert_true(isnan(c.persp[SC_LEARNING].score));
	assert_true(isnan(c.persp[SC_INTERNAL].score));
	assert_near(c.score, 5.5, 1e-12);
	assert_near(c.persp[SC_CUSTOMER].prev_score, 10, 1e-12);
	assert_near(c.prev_score, 10, 1e-12);
	assert_int_equal(c.persp[SC_CUSTOMER].kpis[0].trend, SC_WORSE);
	assert_int_equal(c.persp[SC_CUSTOMER].kpis[1].trend, SC_SAME);
	assert_int_equal(c.persp[SC_CUSTOMER].kpis[2].trend, SC_NO_TREND);
	assert_int_equal(c.persp[SC_FINANCIAL].kpis[0].trend, SC_WORSE);
	assert_int_equal(c.persp[SC_CUSTOMER].trend, SC_WORSE);
	assert_int_equal(c.trend, SC_WORSE);
	/* Nothing has a value: no score at all, not 0. */
	c.persp[SC_CUSTOMER].kpis[0].cur.value = c.persp[SC_CUSTOMER].kpis[1].cur.value = NAN;
	c.persp[SC_FINANCIAL].kpis[0].cur.value = NAN;
	sc_card_score(&c);
	assert_true(isnan(c.score));
	assert_int_equal(c.trend, SC_NO_TREND);
	sc_card_release(&c);
}

/* ---- the measures file ---- */

static void test_csv_good(void **state)
{
	/* A byte order mark, CRLF, a quoted name, an empty cell, a blank line, a range. */
	static const char text[] =
		"\xef\xbb\xbfperiod,satisfaction,\"ticket age, days\"\r\n"
		"2026-10,7.5,3.25\r\n"
		"\r\n"
		"2026-11, 8.2 ,\r\n"
		"2026-12-01..2026-12-08,9,1\r\n";
	char err[NINES_ERRLEN] = "";
	struct sc_csv *t = sc_csv_parse(text, sizeof(text) - 1, "m.csv", "UTC", err,
					sizeof(err));
	const struct sc_csv_row *r;

	(void)state;
	if (t == NULL)
		fail_msg("rejected: %s", err);
	assert_int_equal(t->ncols, 3);
	assert_int_equal(t->nrows, 3);
	assert_int_equal(sc_csv_column(t, "ticket age, days"), 2);
	assert_int_equal(sc_csv_column(t, "nope"), -1);
	r = sc_csv_row(t, fx_utc(2026, 11, 1, 0, 0), fx_utc(2026, 12, 1, 0, 0));
	assert_non_null(r);
	assert_int_equal(r->line, 4);
	assert_near(r->v[1], 8.2, 1e-12);
	assert_true(isnan(r->v[2]));
	r = sc_csv_row(t, fx_utc(2026, 10, 1, 0, 0), fx_utc(2026, 11, 1, 0, 0));
	assert_near(r->v[2], 3.25, 1e-12);
	assert_non_null(sc_csv_row(t, fx_utc(2026, 12, 1, 0, 0), fx_utc(2026, 12, 8, 0, 0)));
	/* A month is not a day of it: keys are whole periods. */
	assert_null(sc_csv_row(t, fx_utc(2026, 10, 1, 0, 0), fx_utc(2026, 10, 2, 0, 0)));
	sc_csv_release(t);
}

static const struct {
	const char *text, *want;
} csv_bad[] = {
	{ "", "m.csv:1: empty file" },
	{ "month,x\n2026-10,1\n", "m.csv:1: no 'period' column" },
	{ "period,x,x\n", "m.csv:1: column 'x' named twice" },
	{ "period,,x\n", "m.csv:1: column 2 has no name" },
	{ "period,x\n2026-10,1\n2026-11,2\n2026-10,3\n", "m.csv:4: a second row for the same "
	  "period (first at line 2)" },
	{ "period,x\n2026-10,abc\n", "m.csv:2: column 'x': " },
	{ "period,x\n2026-10,1%\n", "m.csv:2: column 'x': " },
	{ "period,x\nlast-month,1\n", "m.csv:2: period 'last-month' is not a fixed period" },
	{ "period,x\n2026-13,1\n", "m.csv:2: bad period '2026-13'" },
	{ "period,x\n,1\n", "m.csv:2: no period" },
	{ "period,x\n2026-10,1,2\n", "m.csv:2: more fields than the 2 columns" },
	{ "period,x,y\n2026-10,1\n", "m.csv:2: 2 fields, the first line has 3 columns" },
	{ "period,x\n2026-10,\"1\n", "m.csv:2: a quoted field is not closed" },
	{ "period,x\n2026-10,1\"2\n", "m.csv:2: a quote inside an unquoted field" },
	{ "period,x\r2026-10,1\n", "m.csv:1: a carriage return without a line feed" },
	{ "period,x\n2026-10,\0\n", "m.csv:2: a NUL byte" },
};

static void test_csv_bad(void **state)
{
	char err[NINES_ERRLEN], big[400];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(csv_bad); i++) {
		size_t len = strlen(csv_bad[i].text);
		struct sc_csv *t;

		if (i == ARRAY_LEN(csv_bad) - 1)
			len = 18;	/* the NUL inside */
		err[0] = '\0';
		t = sc_csv_parse(csv_bad[i].text, len, "m.csv", "UTC", err, sizeof(err));
		if (t != NULL || strstr(err, csv_bad[i].want) != err)
			fail_msg("case %zu: '%s', want '%s...'", i, t ? "accepted" : err,
				 csv_bad[i].want);
	}
	/* A cell longer than any measure. */
	snprintf(big, sizeof(big), "period,x\n2026-10,%0300d\n", 1);
	assert_null(sc_csv_parse(big, strlen(big), "m.csv", "UTC", err, sizeof(err)));
	assert_string_equal(err, "m.csv:2: a field longer than 255 bytes");
	/* Files: a missing one, a directory, one larger than 1 MiB. */
	assert_null(sc_csv_load("/nonexistent/m.csv", "UTC", err, sizeof(err)));
	assert_string_equal(err, "cannot read '/nonexistent/m.csv': No such file or directory");
	assert_null(sc_csv_load("/", "UTC", err, sizeof(err)));
	assert_string_equal(err, "cannot read '/': Is a directory");
	assert_null(sc_csv_load("/dev/zero", "UTC", err, sizeof(err)));
	assert_string_equal(err, "cannot read '/dev/zero': not a regular file");
	{
		char path[PATH_MAX];
		FILE *f;

		snprintf(path, sizeof(path), "%s/huge.csv", dir);
		f = fopen(path, "w");
		assert_non_null(f);
		fputs("period,x\n", f);
		for (int i = 0; i < 120000; i++)
			fputs("2026-10,1\n", f);
		fclose(f);
		assert_null(sc_csv_load(path, "UTC", err, sizeof(err)));
		assert_non_null(strstr(err, "larger than 1 MiB"));
	}
}

/* ---- the config ---- */

#define SERVICES \
	"services:\n" \
	"  - { name: shop, archive: /x/shop.rrd, availability: 99.9, latency: \"p95 <= 200ms\",\n" \
	"      credits: [ { below: 99.9, credit: 10 } ], chronic_breach: { missed: 1, of: 2 } }\n" \
	"  - { name: web, archive: /x/web.rrd, availability: 99.5 }\n"

static const char good_config[] = SERVICES
	"scorecard:\n"
	"  measures: /x/m.csv\n"
	"  perspectives:\n"
	"    customer:\n"
	"      weight: 2\n"
	"      kpis:\n"
	"        - { name: Shop up, source: availability, service: shop, target: 99.9,\n"
	"            green: 99.5, red: 99, weight: 2 }\n"
	"        - { name: Happy, csv: satisfaction, target: 9, red: 6 }\n"
	"    internal_process:\n"
	"      kpis:\n"
	"        - { name: MTTR, source: mttr, service: shop, target: 15m, green: 30m,\n"
	"            red: 2h, polarity: lower }\n";

static void test_config(void **state)
{
	char err[NINES_ERRLEN] = "";
	struct config *c = config_load_string(good_config, "sla.yml", err, sizeof(err));
	const struct sc_def *d;
	const struct sc_kpi *k;

	(void)state;
	if (c == NULL)
		fail_msg("rejected: %s", err);
	d = c->scorecard;
	assert_non_null(d);
	assert_string_equal(d->measures, "/x/m.csv");
	assert_near(d->persp[SC_CUSTOMER].weight, 2, 0);
	assert_near(d->persp[SC_INTERNAL].weight, 1, 0);
	assert_int_equal(d->persp[SC_FINANCIAL].nkpis, 0);
	k = &d->persp[SC_CUSTOMER].kpis[0];
	assert_string_equal(k->service, "shop");
	assert_int_equal(k->measure, SC_AVAILABILITY);
	assert_near(k->target, 99.9, 0);
	assert_near(k->green, 99.5, 0);
	assert_near(k->red, 99, 0);
	assert_near(k->weight, 2, 0);
	assert_int_equal(k->polarity, SC_HIGHER);
	k = &d->persp[SC_CUSTOMER].kpis[1];
	assert_int_equal(k->measure, SC_CSV);
	assert_string_equal(k->column, "satisfaction");
	assert_near(k->green, 9, 0);	/* green defaults to the target */
	assert_near(k->weight, 1, 0);
	k = &d->persp[SC_INTERNAL].kpis[0];
	assert_near(k->target, 900, 0);
	assert_near(k->green, 1800, 0);
	assert_near(k->red, 7200, 0);
	assert_int_equal(k->polarity, SC_LOWER);
	config_release(c);
}

#define CARD(kpi) SERVICES "scorecard:\n  measures: m.csv\n  perspectives:\n" \
	"    financial:\n      kpis:\n        - " kpi "\n"

static const struct {
	const char *text, *want;
} config_bad[] = {
	{ CARD("{ name: A, source: uptime, target: 1, red: 0 }"),
	  "sla.yml:10:30: unknown measure 'uptime'" },
	{ CARD("{ name: A, source: availability, target: 99.9, green: 99, red: 99.5 }"),
	  "sla.yml:10:65: KPI 'A': with polarity higher, red (99.5) must be below green (99), "
	  "and green at most the target (99.9)" },
	{ CARD("{ name: A, source: availability, target: 99.9, green: 99.95, red: 99 }"),
	  "sla.yml:10:65: KPI 'A': with polarity higher, red (99) must be below green (99.95)" },
	{ CARD("{ name: A, source: outages, target: 0, red: 0, polarity: lower }"),
	  "sla.yml:10:55: KPI 'A': with polarity lower, red (0) must be above green (0)" },
	{ CARD("{ name: A, source: outages, target: 5, red: 1, polarity: lower }"),
	  "sla.yml:10:55: KPI 'A': with polarity lower, red (1) must be above green (5)" },
	{ CARD("{ name: A, source: outages, target: 0, red: 3, polarity: best }"),
	  "sla.yml:10:68: unknown polarity 'best'" },
	{ CARD("{ name: A, source: outages, target: 0, red: 3, weight: 0 }"),
	  "sla.yml:10:66: bad weight: '0' is out of range" },
	{ CARD("{ name: A, source: outages, target: 0, red: 3, weight: -2 }"),
	  "sla.yml:10:66: bad weight: " },
	{ CARD("{ name: A, source: availability, service: nope, target: 99, red: 98 }"),
	  "sla.yml:10:53: KPI 'A': unknown service 'nope'" },
	{ CARD("{ name: A, source: latency, service: web, target: 100, red: 300, polarity: lower }"),
	  "sla.yml:10:48: KPI 'A': latency needs a service with a latency objective" },
	{ CARD("{ name: A, source: chronic_breach, service: web, target: 0, red: 1, polarity: lower }"),
	  "sla.yml:10:30: KPI 'A': no service here has a chronic_breach clause" },
	{ CARD("{ name: A, source: credits, target: 0, red: 100, polarity: lower }"),
	  "sla.yml:10:30: KPI 'A': credits over all services are summed as money: service "
	  "'shop' has credit tiers but no bill" },
	{ CARD("{ name: A, source: availability, target: 99 }"),
	  "sla.yml:10:11: KPI 'A' needs a target and a red threshold" },
	{ CARD("{ name: A, target: 99, red: 1 }"),
	  "sla.yml:10:11: KPI 'A' needs either source: (a measure of the report) or csv:" },
	{ CARD("{ name: A, source: coverage, csv: x, target: 99, red: 1 }"),
	  "sla.yml:10:11: KPI 'A' needs either source:" },
	{ CARD("{ name: A, csv: x, service: shop, target: 99, red: 1 }"),
	  "sla.yml:10:39: KPI 'A': service goes with source:, not csv:" },
	{ CARD("{ source: coverage, target: 99, red: 1 }"), "sla.yml:10:11: KPI has no name" },
	{ CARD("{ name: A, source: coverage, target: 99, red: 1, colour: blue }"),
	  "sla.yml:10:60: unknown key 'colour' in a KPI" },
	{ CARD("{ name: A, source: mttr, target: 15 minutes, red: 2h, polarity: lower }"),
	  "sla.yml:10:44: bad target: " },
	{ CARD("{ name: A, source: coverage, target: 99, red: 1 }\n"
	       "        - { name: A, source: outages, target: 0, red: 3, polarity: lower }"),
	  "sla.yml:11:19: duplicate KPI name 'A' (first at line 10)" },
	{ SERVICES "scorecard:\n  perspectives:\n    people:\n      kpis: []\n",
	  "sla.yml:7:5: unknown perspective 'people'" },
	{ SERVICES "scorecard:\n  perspectives:\n    customer:\n      weight: 0\n",
	  "sla.yml:8:15: bad weight: '0' is out of range" },
	{ SERVICES "scorecard:\n  perspectives:\n    customer:\n      kpis: []\n",
	  "sla.yml:6:3: the scorecard has no KPIs" },
	{ SERVICES "scorecard:\n  perspectives:\n    customer:\n      kpis:\n"
	  "        - { name: A, csv: x, target: 9, red: 1 }\n",
	  "sla.yml:6:3: the scorecard has csv: KPIs but no measures: file" },
	{ SERVICES "scorecard:\n  measure: m.csv\n", "sla.yml:6:3: unknown key 'measure' in "
	  "scorecard" },
};

static void test_config_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(config_bad); i++) {
		char err[NINES_ERRLEN] = "";
		struct config *c = config_load_string(config_bad[i].text, "sla.yml", err,
						      sizeof(err));

		if (c != NULL || strstr(err, config_bad[i].want) != err)
			fail_msg("case %zu: '%s', want '%s...'", i, c ? "accepted" : err,
				 config_bad[i].want);
	}
}

/* ---- end to end ---- */

/*
 * shop (target 99.9, credit 10 % below 99.9, bill 1000, chronic breach 1 of 2 months):
 * up from 2026-09-20, down 30 min on 10-15 and 90 min on 11-15.  web: always up.
 *   November (2,592,000 s): shop 99.7916667 %, missed; budget 2592 s, 5400 s spent:
 *   208.333 % used, -108.333 % left; MTTR 5400 s; credit 10 % = 100; chronic: November
 *   missed, 1 of the last 2 → in breach (1).  Services met: web only, 50 %.
 *   October (2,678,400 s): shop 99.9327957 %, met; 1800 of 2678.4 s: 32.7957 % left;
 *   MTTR 1800 s; no credit; chronic 0 (September and October met).  Services met 100 %.
 */
static const struct trd_event shop_ev[] = {
	{ TRD_DOWN, 1792065600 /* 2026-10-15 12:00 */, 1792065600 + 1800 },
	{ TRD_DOWN, 1794744000 /* 2026-11-15 12:00 */, 1794744000 + 5400 },
};

static const char e2e_config[] =
	"title: \"Shop & co\"\n"
	"services:\n"
	"  - { name: shop, archive: %s/shop.rrd, availability: 99.9, bill: 1000,\n"
	"      credits: [ { below: 99.9, credit: 10 } ], chronic_breach: { missed: 1, of: 2 } }\n"
	"  - { name: web, archive: %s/web.rrd, availability: 99.5 }\n"
	"scorecard:\n"
	"  measures: %s/m.csv\n"
	"  perspectives:\n"
	"    customer:\n"
	"      weight: 2\n"
	"      kpis:\n"
	"        - { name: Shop availability, source: availability, service: shop,\n"
	"            target: 99.9, green: 99.5, red: 99, weight: 2 }\n"
	"        - { name: Satisfaction, csv: satisfaction, target: 9, green: 8, red: 6 }\n"
	"        - { name: Ticket age, csv: ticket_days, target: 1, green: 3, red: 10,\n"
	"            polarity: lower }\n"
	"    internal_process:\n"
	"      kpis:\n"
	"        - { name: Outages, source: outages, target: 0, green: 1, red: 5, polarity: lower }\n"
	"        - { name: Shop MTTR, source: mttr, service: shop, target: 15m, green: 30m,\n"
	"            red: 2h, polarity: lower }\n"
	"        - { name: Coverage, source: coverage, target: 100, green: 99.9, red: 99 }\n"
	"        - { name: Shop chronic, source: chronic_breach, service: shop, target: 0,\n"
	"            red: 1, polarity: lower }\n"
	"    financial:\n"
	"      kpis:\n"
	"        - { name: Credits, source: credits, service: shop, target: 0, red: 100,\n"
	"            polarity: lower }\n"
	"        - { name: Budget left, source: budget_left, service: shop, target: 50,\n"
	"            green: 25, red: 0 }\n"
	"    learning_growth:\n"
	"      kpis:\n"
	"        - { name: SLAs met, source: slas_met, target: 100, green: 90, red: 0 }\n";

static char cfg[PATH_MAX];

static int setup(void **state)
{
	char path[PATH_MAX];
	FILE *f;

	(void)state;
	snprintf(bin, sizeof(bin), "%s/reports/sla-report", getenv("NINES_BUILD"));
	snprintf(dir, sizeof(dir), "/tmp/nines-scorecard.XXXXXX");
	if (mkdtemp(dir) == NULL || (out = malloc(OUTLEN)) == NULL)
		return -1;
	assert_int_equal(fx_utc(2026, 10, 15, 12, 0), shop_ev[0].from);
	assert_int_equal(fx_utc(2026, 11, 15, 12, 0), shop_ev[1].from);
	snprintf(path, sizeof(path), "%s/shop.rrd", dir);
	trd_history(path, STEP, fx_utc(2026, 9, 20, 0, 0), fx_utc(2026, 12, 1, 0, 0), shop_ev,
		    ARRAY_LEN(shop_ev));
	snprintf(path, sizeof(path), "%s/web.rrd", dir);
	trd_history(path, STEP, fx_utc(2026, 9, 20, 0, 0), fx_utc(2026, 12, 1, 0, 0), NULL, 0);
	snprintf(path, sizeof(path), "%s/m.csv", dir);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fputs("period,satisfaction,ticket_days\n2026-10,7.5,4\n2026-11,8.2,\n", f);
	fclose(f);
	snprintf(cfg, sizeof(cfg), "%s/sla.yml", dir);
	if ((f = fopen(cfg, "w")) == NULL)
		return -1;
	fprintf(f, e2e_config, dir, dir, dir);
	fclose(f);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_rmtree(dir);
	free(out);
	return 0;
}

static int run(const char *const *args)
{
	return fx_run_args(bin, args, NULL, out, OUTLEN);
}

#define RUN(...) run((const char *const[]){ __VA_ARGS__, NULL })
#define NOW "1796083200"	/* 2026-12-01 */

/* Fields of one CSV line (RFC 4180 quotes); returns the count. */
static int fields(const char *line, char f[][256])
{
	int n = 0, q = 0;
	size_t k = 0;

	for (const char *p = line;; p++) {
		if (q && *p == '"' && p[1] == '"') {
			f[n][k < 255 ? k++ : k] = '"';
			p++;
		} else if (*p == '"') {
			q = !q;
		} else if (!q && (*p == ',' || *p == '\r' || *p == '\n' || *p == '\0')) {
			f[n][k < 255 ? k : 255] = '\0';
			n++;
			k = 0;
			if (*p != ',' || n == MAXCOL)
				return n;
		} else if (k < 255) {
			f[n][k++] = *p;
		}
	}
}

/*
 * Column col of the first row of the CSV in out whose column key is val (and, with rec
 * not NULL, whose record is rec).
 */
static const char *rcell(const char *rec, const char *key, const char *val, const char *col)
{
	static char head[MAXCOL][256], row[MAXCOL][256];
	int nh = fields(out, head), ci = -1, ki = -1;

	for (int i = 0; i < nh; i++) {
		ci = strcmp(head[i], col) == 0 ? i : ci;
		ki = strcmp(head[i], key) == 0 ? i : ki;
	}
	if (ci < 0 || ki < 0)
		fail_msg("no column '%s' or '%s' in:\n%s", col, key, out);
	for (const char *p = strchr(out, '\n'); p != NULL && p[1] != '\0'; p = strchr(p + 1, '\n')) {
		fields(p + 1, row);
		if (strcmp(row[ki], val) == 0 && (rec == NULL || strcmp(row[0], rec) == 0))
			return row[ci];
	}
	fail_msg("no row %s=%s in:\n%s", key, val, out);
	return NULL;
}

static const char *cell(const char *key, const char *val, const char *col)
{
	return rcell(NULL, key, val, col);
}

static double num(const char *s)
{
	return *s ? strtod(s, NULL) : NAN;
}

static double kpi(const char *name, const char *col)
{
	return num(cell("kpi", name, col));
}

/* A report figure of shop (or the total row, service "") for a period, from the report's CSV. */
static double report_figure(const char *period, const char *service, const char *col)
{
	int rc = RUN("-c", cfg, "-p", period, "-f", "csv", "--now", NOW);

	if (rc < 0 || rc > 1)
		fail_msg("sla-report failed (%d): %s", rc, out);
	return num(cell("service", service, col));
}

/*
 * Every engine KPI equals the figure of the report it came from, for November and for
 * October (the previous period, computed again), and the hand-worked values hold.
 */
static void test_engine_figures(void **state)
{
	static const struct {
		const char *kpi, *col;
		double nov, oct;
	} want[] = {
		{ "Shop availability", "availability_percent", 100 * (1 - 5400.0 / 2592000),
		  100 * (1 - 1800.0 / 2678400) },
		{ "Shop MTTR", "mttr_seconds", 5400, 1800 },
		{ "Budget left", "budget_consumed_percent", 100 - 5400 / 25.92,
		  100 - 1800 / 26.784 },
	};
	double nov[ARRAY_LEN(want)], oct[ARRAY_LEN(want)];
	int rc;

	(void)state;
	rc = RUN("scorecard", "-c", cfg, "-p", "2026-11", "-f", "csv", "--now", NOW);
	assert_int_equal(rc, 1);	/* a KPI is red */
	for (size_t i = 0; i < ARRAY_LEN(want); i++) {
		nov[i] = kpi(want[i].kpi, "value");
		oct[i] = kpi(want[i].kpi, "previous_value");
		assert_near(nov[i], want[i].nov, 1e-4);
		assert_near(oct[i], want[i].oct, 1e-4);
		assert_string_equal(cell("kpi", want[i].kpi, "service"), "shop");
		assert_string_equal(cell("kpi", want[i].kpi, "field"), want[i].col);
	}
	assert_string_equal(cell("kpi", "Shop availability", "trace"),
			    "shop: availability 99.7917 % (target 99.9 %)");
	assert_string_equal(cell("kpi", "Shop availability", "previous_start"), "1790812800");
	for (size_t i = 0; i < ARRAY_LEN(want); i++) {
		double r = report_figure("2026-11", "shop", want[i].col);

		if (strcmp(want[i].col, "budget_consumed_percent") == 0)
			r = 100 - r;
		assert_near(nov[i], r, 1e-4);
		r = report_figure("2026-10", "shop", want[i].col);
		if (strcmp(want[i].col, "budget_consumed_percent") == 0)
			r = 100 - r;
		assert_near(oct[i], r, 1e-4);
	}
}

/*
 * The card of November against October, by hand:
 *   customer (weight 2): availability 10 × 0.7916667 / 0.9 = 8.7962963 (green; October
 *   clamped to 10, worse), satisfaction 10 × 2.2 / 3 = 7.3333333 (green; October 5, amber,
 *   better), ticket age: empty for November, left out (October 10 × (4 − 10) / (1 − 10)
 *   = 6.6666667).  (2 × 8.7962963 + 7.3333333) / 3 = 8.3086420; October (2 × 10 + 5 +
 *   6.6666667) / 4 = 7.9166667.
 *   internal process: outages 1 of red 5 → 8 (both months, same); MTTR 5400 → 10 ×
 *   (5400 − 7200) / (900 − 7200) = 2.8571429 (amber; October 8.5714286); coverage 10;
 *   chronic 1 → 0 (red; October 0 → 10).  20.8571429 / 4 = 5.2142857; October 9.1428571.
 *   financial: credits 100 of red 100 → 0 (red; October 0 → 10); budget left -108.3 %
 *   → clamped 0 (red; October 32.7957 / 50 × 10 = 6.5591398).  0; October 8.2795699.
 *   learning & growth: SLAs met 50 % → 5 (amber; October 10).
 *   card: (2 × 8.3086420 + 5.2142857 + 0 + 5) / 5 = 5.3663139; October (2 × 7.9166667
 *   + 9.1428571 + 8.2795699 + 10) / 5 = 8.6511521: worse.
 */
static void test_card(void **state)
{
	static const struct {
		const char *name;
		double score, prev;
		const char *status, *trend;
	} want[] = {
		{ "Shop availability", 8.7963, 10, "green", "worse" },
		{ "Satisfaction", 7.3333, 5, "green", "better" },
		{ "Ticket age", NAN, 6.6667, "", "" },
		{ "Outages", 8, 8, "green", "same" },
		{ "Shop MTTR", 2.8571, 8.5714, "amber", "worse" },
		{ "Coverage", 10, 10, "green", "same" },
		{ "Shop chronic", 0, 10, "red", "worse" },
		{ "Credits", 0, 10, "red", "worse" },
		{ "Budget left", 0, 6.5591, "red", "worse" },
		{ "SLAs met", 5, 10, "amber", "worse" },
	};
	static const struct {
		const char *name;
		double score, prev;
	} persp[] = {
		{ "customer", 8.3086, 7.9167 }, { "internal_process", 5.2143, 9.1429 },
		{ "financial", 0, 8.2796 }, { "learning_growth", 5, 10 },
	};
	int rc;

	(void)state;
	rc = RUN("scorecard", "-c", cfg, "-p", "2026-11", "-f", "csv", "--now", NOW);
	assert_int_equal(rc, 1);
	for (size_t i = 0; i < ARRAY_LEN(want); i++) {
		assert_near(kpi(want[i].name, "score"), want[i].score, 1e-4);
		assert_near(kpi(want[i].name, "previous_score"), want[i].prev, 1e-4);
		assert_string_equal(cell("kpi", want[i].name, "status"), want[i].status);
		assert_string_equal(cell("kpi", want[i].name, "trend"), want[i].trend);
	}
	assert_string_equal(cell("kpi", "Shop chronic", "trace"),
			    "shop: 1 of the last 2 windows missed (in breach at 1 of 2)");
	/*
	 * Half of November is no window of its own: the clause looks at the whole months
	 * before the 16th, September and October, both met (the back-test judges the same).
	 */
	rc = RUN("scorecard", "-c", cfg, "-p", "2026-11-01..2026-11-16", "-f", "csv", "--now",
		 NOW);
	assert_string_equal(cell("kpi", "Shop chronic", "trace"),
			    "shop: 0 of the last 2 windows missed (breach at 1 of 2)");
	rc = RUN("scorecard", "-c", cfg, "-p", "2026-11", "-f", "csv", "--now", NOW);
	assert_string_equal(cell("kpi", "Credits", "trace"),
			    "shop: credits 100.00 (10 % of the bill 1000.00; owed for 1 window)");
	assert_near(kpi("Satisfaction", "value"), 8.2, 1e-9);
	assert_string_equal(cell("kpi", "Satisfaction", "trace"),
			    strcat(strcpy((char[PATH_MAX + 64]){ 0 }, dir), "/m.csv:3: satisfaction 8.2"));
	assert_near(kpi("Outages", "value"), 1, 0);
	assert_near(kpi("SLAs met", "value"), 50, 1e-9);
	for (size_t i = 0; i < ARRAY_LEN(persp); i++) {
		assert_near(num(rcell("perspective", "perspective", persp[i].name, "score")), persp[i].score, 1e-4);
		assert_near(num(rcell("perspective", "perspective", persp[i].name,
					 "previous_score")),
			    persp[i].prev, 1e-4);
	}
	assert_near(num(cell("record", "card", "score")), 5.3663, 1e-4);
	assert_near(num(cell("record", "card", "previous_score")), 8.6512, 1e-4);
	assert_string_equal(cell("record", "card", "trend"), "worse");
}

/* Text, HTML (also inside the report), JSON against its schema; errors and exit codes. */
static void test_formats(void **state)
{
	char path[PATH_MAX], schema[PATH_MAX], script[PATH_MAX], bad[PATH_MAX];
	FILE *f;
	int rc;

	(void)state;
	rc = RUN("scorecard", "-c", cfg, "-p", "2026-11", "--now", NOW);
	assert_int_equal(rc, 1);
	assert_non_null(strstr(out, "Balanced scorecard: Shop & co\n"));
	assert_non_null(strstr(out, "Score 5.4 / 10 (previous 8.7, worse)"));
	assert_non_null(strstr(out, "from shop: availability 99.7917 % (target 99.9 %)"));
	assert_non_null(strstr(out, "1 of 3 KPIs without a value, left out of the weighting"));
	rc = RUN("scorecard", "-c", cfg, "-p", "2026-11", "--now", NOW, "-f", "html");
	assert_int_equal(rc, 1);
	assert_non_null(strstr(out, "<h2 id=\"scorecard\">Scorecard</h2>"));
	/* The card's figures, the previous period by its last day as the text and PDF say it. */
	assert_non_null(strstr(out, "Score <b>5.4</b> / 10"));
	assert_non_null(strstr(out, "(previous period 2026-10-01 to 2026-10-31: 8.7, "));
	assert_non_null(strstr(out, "Shop &amp; co"));
	assert_non_null(strstr(out, "Learning &amp; growth"));
	assert_null(strstr(out, "<script"));
	/* The report's page holds the card in its summary; the text report has it after. */
	rc = RUN("-c", cfg, "-p", "2026-11", "--now", NOW, "-f", "html", "--scorecard");
	assert_int_equal(rc, 1);
	assert_non_null(strstr(out, "<h2 id=\"scorecard\">Scorecard</h2>"));
	assert_true(strstr(out, "id=\"summary\"") < strstr(out, "id=\"scorecard\""));
	rc = RUN("-c", cfg, "-p", "2026-11", "--now", NOW, "--scorecard");
	assert_int_equal(rc, 1);
	assert_non_null(strstr(out, "\nBalanced scorecard: Shop & co\n"));
	/* An archive that cannot be read is trouble (exit 2), and said, though a card is made. */
	snprintf(bad, sizeof(bad), "%s/gone.yml", dir);
	assert_non_null(f = fopen(bad, "w"));
	fprintf(f, "services:\n  - { name: gone, archive: %s/gone.rrd, availability: 99 }\n"
		"scorecard:\n  perspectives:\n    customer:\n      kpis:\n"
		"        - { name: Gone, source: availability, service: gone, target: 99,"
		" red: 90 }\n", dir);
	assert_int_equal(fclose(f), 0);
	rc = RUN("scorecard", "-c", bad, "-p", "2026-11", "--now", NOW);
	assert_int_equal(rc, 2);
	assert_non_null(strstr(out, "service 'gone'"));
	/* A report narrowed to web still carries the whole card, shop's KPIs included. */
	rc = RUN("-c", cfg, "-p", "2026-11", "--now", NOW, "--scorecard", "-s", "web");
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "Score 5.4 / 10 (previous 8.7, worse)"));
	assert_non_null(strstr(out, "from shop: availability 99.7917 % (target 99.9 %)"));
	rc = RUN("-c", cfg, "-p", "2026-11", "--now", NOW, "--scorecard", "-f", "csv");
	assert_int_equal(rc, 2);
	assert_non_null(strstr(out, "--scorecard goes with -c FILE and the text, json, html or pdf"));
	/* The report's JSON holds the card as "scorecard", valid under the report's schema. */
	snprintf(path, sizeof(path), "%s/report.json", dir);
	rc = RUN("-c", cfg, "-p", "2026-11", "--now", NOW, "--scorecard", "-f", "json", "-o", path);
	assert_int_equal(rc, 1);
	snprintf(schema, sizeof(schema), "%s/reports/sla-report.schema.json", getenv("NINES_SRC"));
	snprintf(script, sizeof(script), "%s/t/json-schema-check.py", getenv("NINES_SRC"));
	rc = fx_run((char *const[]){ "/usr/bin/python3", script, schema, path, NULL }, NULL,
		    out, OUTLEN);
	if (rc != 0)
		fail_msg("the report's JSON does not follow its schema:\n%s", out);
	rc = fx_run((char *const[]){ "/usr/bin/python3", "-c", "import json,sys; c=json.load("
				     "open(sys.argv[1]))['scorecard']; print(c['schema'], "
				     "round(c['score'], 4), c['trend'])", path, NULL }, NULL, out,
		    OUTLEN);
	assert_int_equal(rc, 0);
	assert_string_equal(out, "nines-sla-scorecard/1 5.3663 worse\n");
	/* JSON, valid under its schema. */
	snprintf(path, sizeof(path), "%s/card.json", dir);
	rc = RUN("scorecard", "-c", cfg, "-p", "2026-11", "--now", NOW, "-f", "json", "-o", path);
	assert_int_equal(rc, 1);
	snprintf(schema, sizeof(schema), "%s/reports/sla-scorecard.schema.json",
		 getenv("NINES_SRC"));
	snprintf(script, sizeof(script), "%s/t/json-schema-check.py", getenv("NINES_SRC"));
	rc = fx_run((char *const[]){ "/usr/bin/python3", script, schema, path, NULL }, NULL,
		    out, OUTLEN);
	if (rc != 0)
		fail_msg("the JSON does not follow the schema:\n%s", out);
	/* A measures file without a KPI's column is an error naming both. */
	snprintf(bad, sizeof(bad), "%s/m.csv", dir);
	rename(bad, strcat(strcpy(path, bad), ".keep"));
	f = fopen(bad, "w");
	assert_non_null(f);
	fputs("period,satisfaction\n2026-11,8\n", f);
	fclose(f);
	rc = RUN("scorecard", "-c", cfg, "-p", "2026-11", "--now", NOW);
	rename(path, bad);
	assert_int_equal(rc, 2);
	assert_non_null(strstr(out, "/m.csv: no column 'ticket_days' (KPI 'Ticket age' at "));
	/* A config without a scorecard. */
	snprintf(path, sizeof(path), "%s/plain.yml", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "services:\n  - { name: web, archive: %s/web.rrd, availability: 99.5 }\n", dir);
	fclose(f);
	rc = RUN("scorecard", "-c", path, "-p", "2026-11", "--now", NOW);
	assert_int_equal(rc, 2);
	assert_non_null(strstr(out, "has no scorecard: section"));
	/* All green: exit 0 (web alone, its availability 100 %). */
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "services:\n  - { name: web, archive: %s/web.rrd, availability: 99.5 }\n"
		"scorecard:\n  perspectives:\n    customer:\n      kpis:\n"
		"        - { name: Up, source: availability, target: 99.9, red: 99 }\n"
		"        - { name: MTTR, source: mttr, service: web, target: 15m, red: 1h,\n"
		"            polarity: lower }\n"
		"        - { name: MTBF, source: mtbf, target: 7d, red: 1d }\n", dir);
	fclose(f);
	rc = RUN("scorecard", "-c", path, "-p", "2026-11", "--now", NOW);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "Score 10.0 / 10 (previous 10.0, same)"));
	/* Without outages: nothing to repair, no failure in the whole up time. */
	rc = RUN("scorecard", "-c", path, "-p", "2026-11", "--now", NOW, "-f", "csv");
	assert_int_equal(rc, 0);
	assert_near(kpi("MTTR", "value"), 0, 0);
	assert_string_equal(cell("kpi", "MTTR", "trace"), "web: no outages (MTTR 0)");
	assert_near(kpi("MTBF", "value"), 2592000, 0);
	assert_string_equal(cell("kpi", "MTBF", "trace"), "all 1 services: no outages (up 720:00:00)");
}

/* The text of PDF file path (pdftotext, layout kept) in out. */
static void pdf_text(const char *path)
{
	int rc = fx_run((char *const[]){ "/usr/bin/pdftotext", "-layout", (char *)path, "-",
					 NULL }, NULL, out, OUTLEN);

	if (rc != 0)
		fail_msg("pdftotext %s: exit %d: %s", path, rc, out);
}

/*
 * The PDF holds the card's figures as the CSV has them: its own document, and a section of
 * the report's PDF with --scorecard.  A font fontconfig lacks is an error before any work.
 */
static void test_pdf(void **state)
{
	static const char *const want[] = {
		"Scorecard", "Score 5.4 / 10", "Shop availability", "99.7917", "99.9328",
		"8.8", "Learning & growth (weight 1)", "Shop MTTR", "1:30:00", "0:30:00 (8.6)",
		"Satisfaction", "weighted score", "1 of 3 KPIs without a value",
	};
	char path[PATH_MAX];
	int rc;

	(void)state;
	snprintf(path, sizeof(path), "%s/card.pdf", dir);
	rc = RUN("scorecard", "-c", cfg, "-p", "2026-11", "--now", NOW, "-f", "pdf", "-o", path);
	if (rc != 1)
		fail_msg("sla-report scorecard -f pdf: exit %d: %s", rc, out);
	pdf_text(path);
	for (size_t i = 0; i < ARRAY_LEN(want); i++)
		if (strstr(out, want[i]) == NULL)
			fail_msg("'%s' not in the PDF's text:\n%s", want[i], out);
	assert_non_null(strstr(out, "Shop & co: balanced scorecard"));
	snprintf(path, sizeof(path), "%s/report.pdf", dir);
	rc = RUN("-c", cfg, "-p", "2026-11", "--now", NOW, "-f", "pdf", "--scorecard", "-o", path);
	if (rc != 1)
		fail_msg("sla-report -f pdf --scorecard: exit %d: %s", rc, out);
	pdf_text(path);
	for (size_t i = 0; i < ARRAY_LEN(want); i++)
		if (strstr(out, want[i]) == NULL)
			fail_msg("'%s' not in the report PDF's text:\n%s", want[i], out);
	/* The report's summary comes first, the scorecard after it. */
	assert_true(strstr(out, "Summary") < strstr(out, "Scorecard"));
	rc = RUN("scorecard", "-c", cfg, "-p", "2026-11", "--now", NOW, "-f", "pdf", "-o", path,
		 "--font", "No Such Font Family");
	assert_int_equal(rc, 2);
	assert_non_null(strstr(out, "No Such Font Family"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_score),
		cmocka_unit_test(test_trend),
		cmocka_unit_test(test_weights),
		cmocka_unit_test(test_csv_good),
		cmocka_unit_test(test_csv_bad),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_config_errors),
		cmocka_unit_test(test_engine_figures),
		cmocka_unit_test(test_card),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_pdf),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
