/* SLA definitions: the example file, defaults and overrides, every value form, every error. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cal.h"
#include "config.h"
#include "nines.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define HOUR 3600LL

/* ---- helpers ---- */

static time_t utc(int y, int mo, int d, int h)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h };

	return timegm(&tm);
}

static struct config *load(const char *text)
{
	char err[NINES_ERRLEN] = "";
	struct config *c = config_load_string(text, "sla.yml", err, sizeof(err));

	if (c == NULL)
		fail_msg("config rejected: %s", err);
	return c;
}

static const struct config_service *service(const struct config *c, const char *name)
{
	for (size_t i = 0; i < c->nservices; i++)
		if (strcmp(c->services[i].name, name) == 0)
			return &c->services[i];
	fail_msg("no service '%s'", name);
	return NULL;
}

/* The in-scope intervals of a service's calendar within [t0, t1). */
static void scope_of(const struct config_service *s, time_t t0, time_t t1, struct ival_list *l)
{
	char err[NINES_ERRLEN];

	if (cal_intervals(s->calendar, t0, t1, l, err, sizeof(err)) != 0)
		fail_msg("cal_intervals: %s", err);
}

static void assert_intervals(const struct config_service *s, time_t t0, time_t t1,
			     const struct ival *want, size_t n)
{
	struct ival_list l = IVAL_LIST_INIT;

	scope_of(s, t0, t1, &l);
	if (l.n != n)
		fail_msg("service '%s': %zu intervals, want %zu", s->name, l.n, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(l.v[i].start, want[i].start);
		assert_int_equal(l.v[i].end, want[i].end);
	}
	ival_list_release(&l);
}

static long long scope_seconds(const struct config_service *s, time_t t0, time_t t1)
{
	struct ival_list l = IVAL_LIST_INIT;
	long long n;

	scope_of(s, t0, t1, &l);
	n = ival_list_seconds(&l);
	ival_list_release(&l);
	return n;
}

static void assert_policy(const struct sla_policy *p, enum sla_count maint,
			  enum sla_count unmon, enum sla_count warn, long merge, long ignore)
{
	assert_int_equal(p->maintenance, maint);
	assert_int_equal(p->unmonitored, unmon);
	assert_int_equal(p->warning, warn);
	assert_int_equal(p->merge_gap, merge);
	assert_int_equal(p->ignore_shorter, ignore);
}

static void assert_tiers(const struct config_service *s, const double (*want)[2], size_t n)
{
	assert_int_equal(s->ncredits, n);
	assert_int_equal(s->objective.ncredits, n);
	assert_ptr_equal(s->objective.credits, s->credits);
	for (size_t i = 0; i < n; i++) {
		assert_true(s->credits[i].below_percent == want[i][0]);
		assert_true(s->credits[i].credit_percent == want[i][1]);
	}
}

/* An availability target and nothing else: what a service gets when it says no more. */
static void assert_defaults(const struct config_service *s, double target)
{
	assert_true(s->objective.target_percent == target);
	assert_int_equal(s->objective.latency, SLA_LATENCY_NONE);
	assert_tiers(s, NULL, 0);
	assert_policy(&s->policy, SLA_EXCLUDED, SLA_EXCLUDED, SLA_AS_UP, 0, 0);
	assert_string_equal(s->tz, "UTC");
	assert_int_equal(s->window, CAL_MONTH);
	assert_string_equal(s->calendar_name, "24x7");
	assert_non_null(s->calendar);
	assert_true(cal_is_24x7(s->calendar));
	assert_true(s->objective.min_coverage_percent == 0);
}

static void assert_archive(const struct config_archive *a, const char *path, const char *dir,
			   const char *host, const char *svc)
{
	const char *got[] = { a->path, a->dir, a->host, a->service };
	const char *want[] = { path, dir, host, svc };

	for (size_t i = 0; i < ARRAY_LEN(got); i++) {
		if (want[i] == NULL)
			assert_null(got[i]);
		else
			assert_string_equal(got[i], want[i]);
	}
}

/* ---- the example file ---- */

static void check_example_core1(const struct config_service *s)
{
	static const double tiers[][2] = { { 99.9, 10 }, { 99.0, 25 } };
	/* Monday 2026-03-02 is in CET (UTC+1): 08:00-18:00 local is 07:00-17:00 UTC. */
	const struct ival monday[] = { { utc(2026, 3, 2, 7), utc(2026, 3, 2, 17) } };

	assert_archive(&s->archive, "/var/lib/nines/rrd/core1/ping.rrd", NULL, NULL, NULL);
	assert_true(s->objective.target_percent == 99.9);
	assert_int_equal(s->objective.latency, SLA_LATENCY_PERCENTILE);
	assert_true(s->objective.percentile == 95);
	assert_true(fabs(s->objective.threshold_s - 0.2) < 1e-12);
	assert_tiers(s, tiers, ARRAY_LEN(tiers));
	assert_policy(&s->policy, SLA_EXCLUDED, SLA_EXCLUDED, SLA_AS_UP, 0, 0);
	assert_string_equal(s->tz, "Europe/Berlin");
	assert_int_equal(s->window, CAL_MONTH);
	assert_string_equal(s->calendar_name, "business-hours");
	assert_false(cal_is_24x7(s->calendar));
	assert_intervals(s, utc(2026, 3, 2, 0), utc(2026, 3, 3, 0), monday, 1);
	assert_true(s->objective.min_coverage_percent == 90);
	/* Wednesday 23 December: 10 hours; the 24th (dated) and 25th (holiday) excluded. */
	assert_int_equal(scope_seconds(s, utc(2026, 12, 22, 23), utc(2026, 12, 23, 23)),
			 10 * HOUR);
	assert_int_equal(scope_seconds(s, utc(2026, 12, 23, 23), utc(2026, 12, 25, 23)), 0);
}

static void check_example_core2(const struct config_service *s)
{
	static const double tiers[][2] = { { 99.5, 5 }, { 99.0, 15 }, { 95, 50 } };
	/*
	 * UTC Monday 2026-03-02 is New York (EST, UTC-5) Sunday 1 March 19:00 to Monday
	 * 19:00: the rest of "day 1" (19:00-24:00 EST = 00:00-05:00 UTC), then Monday
	 * 07:00-12:00 and 13:00-19:00 EST = 12:00-17:00 and 18:00-24:00 UTC.
	 */
	const struct ival day[] = {
		{ utc(2026, 3, 2, 0), utc(2026, 3, 2, 5) },
		{ utc(2026, 3, 2, 12), utc(2026, 3, 2, 17) },
		{ utc(2026, 3, 2, 18), utc(2026, 3, 3, 0) },
	};

	assert_archive(&s->archive, NULL, "/var/lib/nines/rrd", "core2", "SNMP");
	assert_true(s->objective.target_percent == 99.5);
	assert_int_equal(s->objective.latency, SLA_LATENCY_SHARE);
	assert_true(s->objective.share_percent == 99);
	assert_true(fabs(s->objective.threshold_s - 0.5) < 1e-12);
	assert_tiers(s, tiers, ARRAY_LEN(tiers));
	assert_policy(&s->policy, SLA_AS_UP, SLA_AS_DOWN, SLA_AS_DOWN, 5 * 60, 90);
	assert_string_equal(s->tz, "America/New_York");
	assert_int_equal(s->window, CAL_ROLLING);
	assert_int_equal(s->rolling_days, 30);
	assert_string_equal(s->calendar_name, "extended-support");
	assert_intervals(s, utc(2026, 3, 2, 0), utc(2026, 3, 3, 0), day, ARRAY_LEN(day));
	assert_true(s->objective.min_coverage_percent == 95);
}

static void check_example_web(const struct config_service *s)
{
	assert_archive(&s->archive, NULL, "/var/lib/nines/rrd", "www1", "HTTP latency");
	assert_true(isnan(s->objective.target_percent));
	assert_int_equal(s->objective.latency, SLA_LATENCY_SHARE);
	assert_true(s->objective.share_percent == 99.5);
	assert_true(fabs(s->objective.threshold_s - 0.3) < 1e-12);
	assert_tiers(s, NULL, 0);
	/* Only warning is overridden; the rest comes from defaults. */
	assert_policy(&s->policy, SLA_EXCLUDED, SLA_EXCLUDED, SLA_AS_DOWN, 0, 0);
	assert_string_equal(s->tz, "Europe/Berlin");
	assert_true(s->objective.min_coverage_percent == 90);
	assert_int_equal(s->window, CAL_WEEK);
	assert_string_equal(s->calendar_name, "24x7");
	assert_true(cal_is_24x7(s->calendar));
}

static void test_example(void **state)
{
	char path[4096], err[NINES_ERRLEN] = "";
	struct config *c;

	(void)state;
	snprintf(path, sizeof(path), "%s/contrib/sla.example.yml", getenv("NINES_SRC"));
	if ((c = config_load(path, err, sizeof(err))) == NULL)
		fail_msg("example rejected: %s", err);
	assert_string_equal(c->file, path);
	assert_string_equal(c->title, "Network SLA report");
	assert_string_equal(c->rrdcached, "unix:/run/rrdcached.sock");
	assert_int_equal(c->nservices, 3);
	assert_string_equal(c->services[0].name, "core1 ping");
	assert_string_equal(c->services[1].name, "core2 snmp");
	assert_string_equal(c->services[2].name, "web latency");
	check_example_core1(&c->services[0]);
	check_example_core2(&c->services[1]);
	check_example_web(&c->services[2]);
	/* Lines where each service begins ("  - name: ..."). */
	assert_int_equal(c->services[0].line, 79);
	assert_int_equal(c->services[1].line, 90);
	assert_int_equal(c->services[2].line, 123);
	/* The back-test terms of core2; core1 has none (default alerts, no bill). */
	assert_true(c->services[1].bill == 1200);
	assert_int_equal(c->services[1].nrewards, 2);
	assert_true(c->services[1].rewards[1].at_percent == 99.99 &&
		    c->services[1].rewards[1].bonus_percent == 5);
	assert_int_equal(c->services[1].chronic.missed, 3);
	assert_int_equal(c->services[1].chronic.of, 6);
	assert_int_equal(c->services[1].nalerts, 4);
	assert_int_equal(c->services[1].alerts[3].severity, BT_TICKET);
	assert_true(c->services[1].alerts[0].factor == 14.4);
	assert_int_equal(c->services[1].alerts[2].long_s, 86400);
	assert_int_equal(c->services[1].alerts[2].short_s, 7200);
	assert_true(isnan(c->services[0].bill));
	assert_null(c->services[0].alerts);
	assert_int_equal(c->services[0].alerts_off, 0);
	config_release(c);
}

/* ---- defaults and overrides ---- */

static void test_defaults(void **state)
{
	struct config *c = load("services:\n"
				"  - name: a\n"
				"    archive: a.rrd\n"
				"    availability: 99\n");
	const struct config_service *s = &c->services[0];

	(void)state;
	assert_string_equal(c->file, "sla.yml");
	assert_string_equal(c->title, "SLA report");
	assert_null(c->rrdcached);
	assert_int_equal(c->nservices, 1);
	assert_string_equal(s->name, "a");
	assert_int_equal(s->line, 2);
	assert_archive(&s->archive, "a.rrd", NULL, NULL, NULL);
	assert_defaults(s, 99);
	config_release(c);
}

/*
 * Service "inherit" takes everything from defaults; "own" overrides every key, and its
 * policy only in part (the rest still comes from defaults).  Both use calendar "work"
 * (monday 09:00-17:00), "own" in Asia/Tokyo and "inherit" in Europe/Berlin.
 */
static const char override_yml[] =
	"calendars:\n"
	"  work: { include: [monday 09:00-17:00] }\n"
	"  night: { include: [monday 00:00-06:00] }\n"
	"defaults:\n"
	"  time_zone: Europe/Berlin\n"
	"  window: quarter\n"
	"  calendar: work\n"
	"  policy: { maintenance: down, unmonitored: up, warning: down,\n"
	"            merge_outages_within: 2h, ignore_outages_shorter_than: 1d }\n"
	"  credits: [{ below: 99, credit: 10 }, { below: 99.9, credit: 5 }]\n"
	"services:\n"
	"  - name: inherit\n"
	"    archive: i.rrd\n"
	"    availability: 99.9\n"
	"  - name: own\n"
	"    archive: o.rrd\n"
	"    availability: 99.9\n"
	"    time_zone: Asia/Tokyo\n"
	"    window: day\n"
	"    policy: { unmonitored: down, ignore_outages_shorter_than: 30s }\n"
	"    credits: [{ below: 50, credit: 100 }]\n"
	"  - name: always\n"
	"    archive: a.rrd\n"
	"    availability: 99.9\n"
	"    calendar: 24x7\n"
	"  - name: nights\n"
	"    archive: n.rrd\n"
	"    availability: 99.9\n"
	"    calendar: night\n";

static void test_overrides(void **state)
{
	/* Tiers sorted by below, descending, whatever the file's order. */
	static const double inherited[][2] = { { 99.9, 5 }, { 99, 10 } };
	static const double own[][2] = { { 50, 100 } };
	struct config *c = load(override_yml);
	const struct config_service *in = service(c, "inherit"), *o = service(c, "own");
	/* Monday 2026-07-06, 09:00-17:00: CEST (UTC+2) 07-15 UTC; JST (UTC+9) 00-08 UTC. */
	const struct ival berlin[] = { { utc(2026, 7, 6, 7), utc(2026, 7, 6, 15) } };
	const struct ival tokyo[] = { { utc(2026, 7, 6, 0), utc(2026, 7, 6, 8) } };
	/* monday 00:00-06:00 in Berlin summer time: Sunday 22:00 to Monday 04:00 UTC. */
	const struct ival night[] = { { utc(2026, 7, 5, 22), utc(2026, 7, 6, 4) } };

	(void)state;
	assert_string_equal(in->tz, "Europe/Berlin");
	assert_int_equal(in->window, CAL_QUARTER);
	assert_string_equal(in->calendar_name, "work");
	assert_policy(&in->policy, SLA_AS_DOWN, SLA_AS_UP, SLA_AS_DOWN, 2 * 3600, 86400);
	assert_tiers(in, inherited, ARRAY_LEN(inherited));
	assert_intervals(in, utc(2026, 7, 5, 0), utc(2026, 7, 7, 0), berlin, 1);

	assert_string_equal(o->tz, "Asia/Tokyo");
	assert_int_equal(o->window, CAL_DAY);
	assert_string_equal(o->calendar_name, "work");
	assert_policy(&o->policy, SLA_AS_DOWN, SLA_AS_DOWN, SLA_AS_DOWN, 2 * 3600, 30);
	assert_tiers(o, own, ARRAY_LEN(own));
	assert_intervals(o, utc(2026, 7, 5, 0), utc(2026, 7, 7, 0), tokyo, 1);

	assert_string_equal(service(c, "always")->calendar_name, "24x7");
	assert_true(cal_is_24x7(service(c, "always")->calendar));
	assert_string_equal(service(c, "always")->tz, "Europe/Berlin");
	assert_intervals(service(c, "nights"), utc(2026, 7, 5, 0), utc(2026, 7, 7, 0), night, 1);
	config_release(c);
}

/* ---- value forms ---- */

static void test_archive_forms(void **state)
{
	static const struct {
		const char *yml, *path, *dir, *host, *service;
	} cases[] = {
		{ "archive: /var/lib/nines/core1/ping.rrd", "/var/lib/nines/core1/ping.rrd",
		  NULL, NULL, NULL },
		{ "archive: \"with space.rrd\"", "with space.rrd", NULL, NULL, NULL },
		{ "archive: { dir: /srv/rrd, host: core1, service: PING }", NULL, "/srv/rrd",
		  "core1", "PING" },
		{ "archive:\n      service: HTTP latency\n      host: www 1\n      dir: rrd", NULL,
		  "rrd", "www 1", "HTTP latency" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char yml[512];
		struct config *c;

		snprintf(yml, sizeof(yml), "services:\n  - name: a\n    availability: 99\n    %s\n",
			 cases[i].yml);
		c = load(yml);
		assert_archive(&c->services[0].archive, cases[i].path, cases[i].dir,
			       cases[i].host, cases[i].service);
		config_release(c);
	}
}

static void test_latency_forms(void **state)
{
	static const struct {
		const char *spec;
		enum sla_latency_kind kind;
		double value, threshold_s;
	} cases[] = {
		{ "p95 <= 200ms", SLA_LATENCY_PERCENTILE, 95, 0.2 },
		{ "p99 < 1s", SLA_LATENCY_PERCENTILE, 99, 1 },
		{ "p99.9<=0.5s", SLA_LATENCY_PERCENTILE, 99.9, 0.5 },
		{ "p50 <= 1500ms", SLA_LATENCY_PERCENTILE, 50, 1.5 },
		{ "99% < 500ms", SLA_LATENCY_SHARE, 99, 0.5 },
		{ "99.5% under 0.3s", SLA_LATENCY_SHARE, 99.5, 0.3 },
		{ "100% < 2s", SLA_LATENCY_SHARE, 100, 2 },
		{ "90%<25ms", SLA_LATENCY_SHARE, 90, 0.025 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char yml[256];
		struct config *c;
		const struct sla_objective *o;

		snprintf(yml, sizeof(yml), "services:\n  - name: a\n    archive: a.rrd\n"
			 "    latency: \"%s\"\n", cases[i].spec);
		c = load(yml);
		o = &c->services[0].objective;
		if (o->latency != cases[i].kind || fabs(o->threshold_s - cases[i].threshold_s) > 1e-12)
			fail_msg("'%s': kind %d threshold %g", cases[i].spec, o->latency, o->threshold_s);
		assert_true((cases[i].kind == SLA_LATENCY_PERCENTILE ? o->percentile
				: o->share_percent) == cases[i].value);
		assert_true(isnan(o->target_percent));
		config_release(c);
	}
}

static void test_durations(void **state)
{
	static const struct { const char *text; long seconds; } cases[] = {
		{ "0", 0 }, { "45", 45 }, { "90s", 90 }, { "5m", 300 }, { "2h", 7200 },
		{ "1d", 86400 }, { "\"15m\"", 900 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char yml[256];
		struct config *c;

		snprintf(yml, sizeof(yml), "defaults:\n  policy:\n    merge_outages_within: %s\n"
			 "services:\n  - name: a\n    archive: a.rrd\n    availability: 99\n"
			 "    policy: { ignore_outages_shorter_than: %s }\n",
			 cases[i].text, cases[i].text);
		c = load(yml);
		assert_int_equal(c->services[0].policy.merge_gap, cases[i].seconds);
		assert_int_equal(c->services[0].policy.ignore_shorter, cases[i].seconds);
		config_release(c);
	}
}

/* The edges of every percentage: availability and below in (0, 100], credit in [0, 100]. */
static void test_percent_edges(void **state)
{
	static const struct { const char *avail, *below, *credit; } cases[] = {
		{ "100", "100", "0" }, { "0.001", "0.001", "100" }, { "99.999", "50", "12.5" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char yml[256];
		struct config *c;
		const struct config_service *s;

		snprintf(yml, sizeof(yml), "services:\n  - name: a\n    archive: a.rrd\n"
			 "    availability: %s\n    credits: [{ below: %s, credit: %s }]\n",
			 cases[i].avail, cases[i].below, cases[i].credit);
		c = load(yml);
		s = &c->services[0];
		assert_true(s->objective.target_percent == strtod(cases[i].avail, NULL));
		assert_true(s->credits[0].below_percent == strtod(cases[i].below, NULL));
		assert_true(s->credits[0].credit_percent == strtod(cases[i].credit, NULL));
		config_release(c);
	}
}

/* min_coverage: from defaults, overridden per service, 0 unless given, 0..100 inclusive. */
static void test_min_coverage(void **state)
{
	static const struct {
		const char *defaults, *own;	/* the value under defaults: and the service; NULL: none */
		double want;
	} cases[] = {
		{ NULL, NULL, 0 }, { "90", NULL, 90 }, { "90", "50", 50 }, { NULL, "99.5", 99.5 },
		{ "100", "0", 0 }, { "0", "100", 100 }, { "\"75\"", NULL, 75 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char yml[512], d[64] = "", o[64] = "";
		struct config *c;

		if (cases[i].defaults != NULL)
			snprintf(d, sizeof(d), "defaults:\n  min_coverage: %s\n", cases[i].defaults);
		if (cases[i].own != NULL)
			snprintf(o, sizeof(o), "    min_coverage: %s\n", cases[i].own);
		snprintf(yml, sizeof(yml), "%sservices:\n  - name: a\n    archive: a.rrd\n"
			 "    availability: 99\n%s", d, o);
		c = load(yml);
		if (c->services[0].objective.min_coverage_percent != cases[i].want)
			fail_msg("case %zu: min_coverage %g, expected %g", i,
				 c->services[0].objective.min_coverage_percent, cases[i].want);
		config_release(c);
	}
}

/* ---- errors ---- */

/*
 * 14 lines that allocate everything a config holds (calendar, credits, a complete
 * service), so an error after them shows under ASan that nothing leaks.
 */
#define FULL_START \
	"title: t\n"						/*  1 */ \
	"rrdcached: unix:/x.sock\n"				/*  2 */ \
	"calendars:\n"						/*  3 */ \
	"  bh:\n"						/*  4 */ \
	"    include: [monday-friday 08:00-18:00]\n"		/*  5 */ \
	"    exclude: [december 25 00:00-24:00]\n"		/*  6 */ \
	"defaults:\n"						/*  7 */ \
	"  time_zone: Europe/Berlin\n"				/*  8 */ \
	"  credits: [{ below: 99, credit: 10 }]\n"		/*  9 */ \
	"services:\n"						/* 10 */ \
	"  - name: first\n"					/* 11 */ \
	"    archive: first.rrd\n"				/* 12 */ \
	"    availability: 99.9\n"				/* 13 */ \
	"    calendar: bh\n"					/* 14 */
#define SECOND "  - name: second\n    archive: s.rrd\n"	/* 15, 16 */

static const struct error_case {
	const char *yml, *prefix, *msg;
} error_cases[] = {
	/* libyaml's own syntax errors, at its mark: the second ':' is column 9. */
	{ "title: a: b\n", "sla.yml:1:9: ", "mapping values are not allowed" },
	{ FULL_START "  - name: [x\n", "sla.yml:16:1: ", "while parsing a flow" },
	/* A byte that is not UTF-8: line 2, column 8 (after "title: "). */
	{ "# x\ntitle: \xff\n", "sla.yml:2:8: ", "invalid leading UTF-8 octet" },
	{ FULL_START SECOND "    availabilty: 99\n", "sla.yml:17:5: ",
	  "unknown key 'availabilty' in a service (use name, archive," },
	{ "titel: x\n", "sla.yml:1:1: ", "unknown key 'titel' in the file" },
	{ FULL_START SECOND "    availability: 99\n    policy: { warnings: up }\n",
	  "sla.yml:18:15: ", "unknown key 'warnings' in policy" },
	{ FULL_START SECOND "    availability: 99\n    archiv: x\n", "sla.yml:18:5: ",
	  "unknown key 'archiv'" },
	{ FULL_START SECOND "    availability: 99\n    policy:\n      warning: sometimes\n",
	  "sla.yml:19:16: ", "unknown policy value 'sometimes' (use up or down)" },
	{ FULL_START SECOND "    availability: 99\n    policy: { maintenance: sometimes }\n",
	  "sla.yml:18:28: ", "unknown policy value 'sometimes' (use excluded, up or down)" },
	{ FULL_START SECOND "    availability: 99\n    policy: { warning: excluded }\n",
	  "sla.yml:18:24: ", "unknown policy value 'excluded' (use up or down)" },
	{ FULL_START SECOND "    availability: 99.9x\n", "sla.yml:17:19: ",
	  "bad availability: '99.9x' is not a number" },
	{ FULL_START SECOND "    availability: 100.5\n", "sla.yml:17:19: ",
	  "bad availability: '100.5' is out of range" },
	{ FULL_START SECOND "    availability: 0\n", "sla.yml:17:19: ",
	  "bad availability: '0' is out of range" },
	{ FULL_START SECOND "    availability: -5\n", "sla.yml:17:19: ", "out of range" },
	{ FULL_START SECOND "    availability: 99.9%\n", "sla.yml:17:19: ", "not a number" },
	{ FULL_START SECOND "    availability: [99]\n", "sla.yml:17:19: ",
	  "availability must be a single value, not a list" },
	{ FULL_START SECOND "    availability:\n", "sla.yml:17:18: ", "availability has no value" },
	{ FULL_START "  - name: first\n    archive: x.rrd\n    availability: 99\n",
	  "sla.yml:15:11: ", "duplicate service name 'first' (first at line 11)" },
	{ FULL_START "  - name: second\n    availability: 99\n", "sla.yml:15:5: ",
	  "service 'second' has no archive" },
	{ FULL_START "  - archive: y.rrd\n    availability: 99\n", "sla.yml:15:5: ",
	  "service has no name" },
	{ FULL_START SECOND, "sla.yml:15:5: ",
	  "service 'second' has no objective (give availability or latency)" },
	{ FULL_START SECOND "    archive: again.rrd\n", "sla.yml:17:5: ",
	  "duplicate key 'archive' in a service" },
	{ FULL_START "  - name: x\n    archive: { dir: d, host: h }\n    availability: 99\n",
	  "sla.yml:16:14: ", "archive needs dir, host and service" },
	{ FULL_START SECOND "    availability: 99\n    calendar: bussiness\n", "sla.yml:18:15: ",
	  "unknown calendar 'bussiness'" },
	{ "defaults:\n  calendar: nope\nservices: []\n", "sla.yml:2:13: ",
	  "unknown calendar 'nope'" },
	{ "calendars:\n  bh:\n    include:\n      - monday 08:00-18:00\n"
	  "      - mondai 08:00-18:00\n" "services: []\n",
	  "sla.yml:5:9: ", "bad calendar line 'mondai 08:00-18:00': " },
	{ "calendars:\n  bh:\n    include: [monday 08:00-18:00]\n"
	  "    exclude: [december 32 00:00-24:00]\n" "services: []\n",
	  "sla.yml:4:15: ", "bad calendar line 'december 32 00:00-24:00': " },
	{ "calendars:\n  bh:\n    include: [monday 08:00-25:00]\nservices: []\n",
	  "sla.yml:3:15: ", "bad calendar line" },
	{ "calendars:\n  bh:\n    exclude: [monday 08:00-18:00]\nservices: []\n",
	  "sla.yml:2:3: ", "calendar 'bh' includes no time" },
	{ "calendars:\n  24x7: { include: [monday 08:00-18:00] }\nservices: []\n",
	  "sla.yml:2:3: ", "calendar name '24x7' is reserved" },
	{ "calendars:\n  bh: { include: [monday 08:00-18:00], holidays: [] }\nservices: []\n",
	  "sla.yml:2:40: ", "unknown key 'holidays' in a calendar (use include or exclude)" },
	{ "calendars:\n  bh: { include: monday 08:00-18:00 }\nservices: []\n",
	  "sla.yml:2:18: ", "include must be a list" },
	{ FULL_START SECOND "    availability: 99\n    time_zone: Mars/Olympus_Mons\n",
	  "sla.yml:18:16: ", "unknown time zone 'Mars/Olympus_Mons'" },
	{ "defaults:\n  time_zone: Europe/Berlim\nservices: []\n", "sla.yml:2:14: ",
	  "unknown time zone 'Europe/Berlim'" },
	{ FULL_START SECOND "    availability: 99\n    window: fortnight\n", "sla.yml:18:13: ",
	  "bad window 'fortnight'" },
	{ FULL_START SECOND "    availability: 99\n    credits:\n"
	  "      - { below: 99.9, credit: 10 }\n      - { below: 99.0, credit: 25 }\n"
	  "      - { below: 99.90, credit: 30 }\n",
	  "sla.yml:21:18: ", "duplicate credit tier below 99.9 (also at line 19)" },
	{ "defaults:\n  credits: [{ below: 99, credit: 1 }, { below: 99, credit: 2 }]\n"
	  "services: []\n", "sla.yml:2:48: ", "duplicate credit tier below 99 (also at line 2)" },
	{ FULL_START SECOND "    availability: 99\n    credits: [{ below: 99.5 }]\n",
	  "sla.yml:18:15: ", "a credit tier needs both below and credit" },
	{ FULL_START SECOND "    availability: 99\n    credits: [{ below: 99, credit: 101 }]\n",
	  "sla.yml:18:36: ", "bad credit: '101' is out of range" },
	{ FULL_START SECOND "    availability: 99\n    credits: [{ below: 0, credit: 1 }]\n",
	  "sla.yml:18:24: ", "bad below: '0' is out of range" },
	{ FULL_START SECOND "    availability: 99\n    credits: { below: 99, credit: 1 }\n",
	  "sla.yml:18:14: ", "credits must be a list" },
	{ FULL_START SECOND "    availability: 99\n    policy: { merge_outages_within: 5x }\n",
	  "sla.yml:18:37: ", "bad merge_outages_within: '5x' is not a duration" },
	{ FULL_START SECOND "    availability: 99\n    policy: { ignore_outages_shorter_than: -1 }\n",
	  "sla.yml:18:44: ", "bad ignore_outages_shorter_than" },
	{ FULL_START SECOND "    latency: p95 = 200ms\n", "sla.yml:17:14: ",
	  "bad latency 'p95 = 200ms': expected '<=' or '<'" },
	{ FULL_START SECOND "    latency: p95 <= 200\n", "sla.yml:17:14: ",
	  "bad latency 'p95 <= 200': threshold '200' needs the unit ms or s" },
	{ FULL_START SECOND "    latency: p100 <= 2s\n", "sla.yml:17:14: ",
	  "percentile 100 is out of range" },
	{ FULL_START SECOND "    latency: p0 <= 2s\n", "sla.yml:17:14: ",
	  "percentile 0 is out of range" },
	{ FULL_START SECOND "    latency: 100.5% < 2s\n", "sla.yml:17:14: ",
	  "share 100.5 is out of range" },
	{ FULL_START SECOND "    latency: 99 < 2s\n", "sla.yml:17:14: ", "expected 'pNN <= X'" },
	{ FULL_START SECOND "    availability: 99\n    min_coverage: 100.5\n", "sla.yml:18:19: ",
	  "bad min_coverage: '100.5' is out of range" },
	{ FULL_START SECOND "    availability: 99\n    min_coverage: 90%\n", "sla.yml:18:19: ",
	  "bad min_coverage: '90%' is not a number" },
	{ "defaults:\n  min_coverage: -1\nservices: []\n", "sla.yml:2:17: ",
	  "bad min_coverage: '-1' is out of range" },
	{ FULL_START SECOND "    latency: 99% <= 2s\n", "sla.yml:17:14: ",
	  "expected '<' or 'under'" },
	{ FULL_START SECOND "    latency: p95 <= 0ms\n", "sla.yml:17:14: ", "must be above 0" },
	{ FULL_START SECOND "    latency: p95 <= 1.5sec\n", "sla.yml:17:14: ",
	  "needs the unit ms or s" },
	{ FULL_START SECOND "    availability: 99\n    chronic_breach: { missed: 4, of: 3 }\n",
	  "sla.yml:18:21: ", "chronic_breach needs missed and of, with 1 <= missed <= of" },
	{ FULL_START SECOND "    availability: 99\n    rewards: [{ at_or_above: 99.9 }]\n",
	  "sla.yml:18:15: ", "a reward tier needs both at_or_above and bonus" },
	{ FULL_START SECOND "    availability: 99\n"
	  "    alerts: [{ severity: sms, burn_rate: 1, long: 1h, short: 5m }]\n",
	  "sla.yml:18:26: ", "unknown severity 'sms' (use page or ticket)" },
	{ FULL_START SECOND "    availability: 99\n    alerts: [{ severity: page, burn_rate: 2, long: 1h }]\n",
	  "sla.yml:18:14: ", "an alert needs burn_rate, long and short" },
	{ FULL_START SECOND "    availability: 99\n    bill: -5\n", "sla.yml:18:11: ",
	  "bad bill: '-5' is out of range" },
	{ "title: x\nservices: []\n", "sla.yml:2:11: ", "no services defined" },
	{ "title: x\nservices:\n", "sla.yml:2:10: ", "no services defined" },
	{ "title: x\n", "sla.yml:1:1: ", "no services defined" },
	{ "", "sla.yml:1:1: ", "no services defined" },
	{ "# only a comment\n", "sla.yml:1:1: ", "no services defined" },
	{ "- a\n- b\n", "sla.yml:1:1: ", "the file must be a mapping" },
	{ "services:\n  name: a\n", "sla.yml:2:3: ", "services must be a list" },
	{ FULL_START "  - just a string\n", "sla.yml:15:5: ", "a service must be a mapping" },
	{ FULL_START "---\ntitle: again\n", "sla.yml:16:1: ", "only one YAML document" },
	{ "title: \"a\\0b\"\nservices: []\n", "sla.yml:1:8: ", "title contains a NUL byte" },
	{ "title: \"\"\nservices: []\n", "sla.yml:1:8: ", "title has no value" },
	{ "title: x\ntitle: y\nservices: []\n", "sla.yml:2:1: ", "duplicate key 'title'" },
	{ "? [a, b]\n: x\n", "sla.yml:1:3: ", "a key must be a single value" },
	{ "rrdcached: { host: x }\nservices: []\n", "sla.yml:1:12: ",
	  "rrdcached must be a single value, not a mapping" },
};

static void test_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(error_cases); i++) {
		const struct error_case *e = &error_cases[i];
		char err[NINES_ERRLEN] = "";
		struct config *c = config_load_string(e->yml, "sla.yml", err, sizeof(err));

		if (c != NULL) {
			config_release(c);
			fail_msg("case %zu accepted, expected '%s%s'", i, e->prefix, e->msg);
		}
		if (strncmp(err, e->prefix, strlen(e->prefix)) != 0 ||
		    strstr(err + strlen(e->prefix), e->msg) == NULL)
			fail_msg("case %zu: got '%s', expected '%s...%s'", i, err, e->prefix, e->msg);
	}
}

/* The same case also loads once the mistake is corrected: the errors are not incidental. */
static void test_errors_baseline(void **state)
{
	struct config *c;

	(void)state;
	c = load(FULL_START SECOND "    availability: 99\n");
	assert_int_equal(c->nservices, 2);
	assert_string_equal(c->services[1].tz, "Europe/Berlin");
	assert_int_equal(c->services[1].ncredits, 1);
	config_release(c);
}

/* ---- files ---- */

static void test_files(void **state)
{
	char dir[] = "/tmp/test-config-XXXXXX", path[256], want[512], err[NINES_ERRLEN];
	FILE *f;
	struct config *c;

	(void)state;
	assert_non_null(mkdtemp(dir));

	snprintf(path, sizeof(path), "%s/x", dir);
	assert_null(config_load(path, err, sizeof(err)));
	snprintf(want, sizeof(want), "cannot read '%s': No such file or directory", path);
	assert_string_equal(err, want);

	assert_null(config_load(dir, err, sizeof(err)));
	snprintf(want, sizeof(want), "cannot read '%s': Is a directory", dir);
	assert_string_equal(err, want);

	/* Only regular files: /dev/zero would be read until memory ran out, a FIFO for ever. */
	alarm(20);
	assert_null(config_load("/dev/zero", err, sizeof(err)));
	assert_string_equal(err, "cannot read '/dev/zero': not a regular file");
	snprintf(path, sizeof(path), "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_null(config_load(path, err, sizeof(err)));
	snprintf(want, sizeof(want), "cannot read '%s': not a regular file", path);
	assert_string_equal(err, want);
	alarm(0);
	assert_int_equal(unlink(path), 0);
	/* At most CONFIG_MAX_BYTES (a sparse file: no disk used). */
	snprintf(path, sizeof(path), "%s/huge.yml", dir);
	assert_non_null(f = fopen(path, "w"));
	fclose(f);
	assert_int_equal(truncate(path, CONFIG_MAX_BYTES + 1), 0);
	assert_null(config_load(path, err, sizeof(err)));
	snprintf(want, sizeof(want), "cannot read '%s': larger than 16 MiB", path);
	assert_string_equal(err, want);
	assert_int_equal(unlink(path), 0);

	/* Errors in a file are named after its path. */
	snprintf(path, sizeof(path), "%s/sla.yml", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("services:\n  - name: a\n    archive: a.rrd\n    availability: 99.9x\n", f);
	fclose(f);
	assert_null(config_load(path, err, sizeof(err)));
	snprintf(want, sizeof(want), "%s:4:19: bad availability: '99.9x'", path);
	assert_memory_equal(err, want, strlen(want));

	assert_non_null(f = fopen(path, "w"));
	fputs("services:\n  - name: a\n    archive: a.rrd\n    availability: 99.9\n", f);
	fclose(f);
	assert_non_null(c = config_load(path, err, sizeof(err)));
	assert_string_equal(c->file, path);
	assert_true(c->services[0].objective.target_percent == 99.9);
	config_release(c);

	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

/*
 * Services of one calendar and zone share one calendar object (a copy each took 700 MB
 * for 1500 services of a 1500-line calendar); another zone, or another calendar, has its own.
 */
static void test_calendar_shared(void **state)
{
	struct config *c = load("calendars:\n"
				"  office: { include: [ \"monday-friday 08:00-18:00\" ] }\n"
				"  night: { include: [ \"monday-sunday 00:00-06:00\" ] }\n"
				"services:\n"
				"  - { name: a, archive: a.rrd, availability: 99, calendar: office }\n"
				"  - { name: b, archive: b.rrd, availability: 99, calendar: office }\n"
				"  - { name: c, archive: c.rrd, availability: 99, calendar: office,"
				" time_zone: Europe/Berlin }\n"
				"  - { name: d, archive: d.rrd, availability: 99, calendar: night }\n"
				"  - { name: e, archive: e.rrd, availability: 99 }\n"
				"  - { name: f, archive: f.rrd, availability: 99, calendar: office,"
				" time_zone: Europe/Berlin }\n"
				"  - { name: g, archive: g.rrd, availability: 99 }\n");
	struct ival_list la = IVAL_LIST_INIT, lc = IVAL_LIST_INIT;

	(void)state;
	assert_ptr_equal(service(c, "a")->calendar, service(c, "b")->calendar);
	assert_ptr_equal(service(c, "c")->calendar, service(c, "f")->calendar);
	assert_ptr_equal(service(c, "e")->calendar, service(c, "g")->calendar);
	assert_ptr_not_equal(service(c, "a")->calendar, service(c, "c")->calendar);
	assert_ptr_not_equal(service(c, "a")->calendar, service(c, "d")->calendar);
	assert_ptr_not_equal(service(c, "a")->calendar, service(c, "e")->calendar);
	assert_int_equal(c->ncalendars, 4);
	/* The shared calendars are still each in their own zone: Berlin's day is an hour earlier. */
	scope_of(service(c, "b"), utc(2026, 10, 5, 0), utc(2026, 10, 6, 0), &la);
	scope_of(service(c, "f"), utc(2026, 10, 5, 0), utc(2026, 10, 6, 0), &lc);
	assert_int_equal(la.n, 1);
	assert_int_equal(lc.n, 1);
	assert_int_equal(la.v[0].start, utc(2026, 10, 5, 8));
	assert_int_equal(lc.v[0].start, utc(2026, 10, 5, 6));
	ival_list_release(&la);
	ival_list_release(&lc);
	config_release(c);
}

/* ---- the command-line form ---- */

static void test_single(void **state)
{
	char err[NINES_ERRLEN];
	struct config *c;
	const struct config_service *s;

	(void)state;
	c = config_single("/var/lib/nines/core1/ping.rrd", 99.9, NULL, NULL, err, sizeof(err));
	if (c == NULL)
		fail_msg("%s", err);
	assert_string_equal(c->file, "(command line)");
	assert_string_equal(c->title, "SLA report");
	assert_null(c->rrdcached);
	assert_int_equal(c->nservices, 1);
	s = &c->services[0];
	assert_string_equal(s->name, "ping");
	assert_archive(&s->archive, "/var/lib/nines/core1/ping.rrd", NULL, NULL, NULL);
	assert_defaults(s, 99.9);
	config_release(c);

	c = config_single("web.rrd", NAN, "99% under 0.25s", "Europe/Berlin", err, sizeof(err));
	if (c == NULL)
		fail_msg("%s", err);
	s = &c->services[0];
	assert_string_equal(s->name, "web");
	assert_true(isnan(s->objective.target_percent));
	assert_int_equal(s->objective.latency, SLA_LATENCY_SHARE);
	assert_true(s->objective.share_percent == 99);
	assert_true(s->objective.threshold_s == 0.25);
	assert_string_equal(s->tz, "Europe/Berlin");
	config_release(c);
}

/* The service is named as the plugins were told: their file-name encoding is undone. */
static void test_single_names(void **state)
{
	static const struct { const char *rrd, *name; } cases[] = {
		{ "/var/lib/nines/rrd/core1/SNMP%20availability.rrd", "SNMP availability" },
		{ "a%2Fb%25c.rrd", "a/b%c" },
		{ "%2Ehidden%3a.rrd", ".hidden:" },
		{ "caf%C3%A9", "caf\xc3\xa9" },
		{ "100%.rrd", "100%" },
		{ "x%2.rrd", "x%2" },
		{ "x%zz%00y.rrd", "x%zz%00y" },
		{ "plain_name-1.0.rrd", "plain_name-1.0" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char err[NINES_ERRLEN];
		struct config *c = config_single(cases[i].rrd, 99, NULL, NULL, err, sizeof(err));

		if (c == NULL)
			fail_msg("case %zu: %s", i, err);
		if (strcmp(c->services[0].name, cases[i].name) != 0)
			fail_msg("case %zu: '%s', expected '%s'", i, c->services[0].name,
				 cases[i].name);
		assert_string_equal(c->services[0].archive.path, cases[i].rrd);
		config_release(c);
	}
}

static void test_single_errors(void **state)
{
	static const struct {
		const char *rrd;
		double target;
		const char *latency, *tz, *msg;
	} cases[] = {
		{ "a.rrd", 0, NULL, NULL, "bad target 0: out of range" },
		{ "a.rrd", 100.5, NULL, NULL, "bad target 100.5: out of range" },
		{ "a.rrd", 99, "p95 <= 200", NULL, "bad latency 'p95 <= 200': threshold" },
		{ "a.rrd", 99, NULL, "Mars/Base", "unknown time zone 'Mars/Base'" },
		{ "a.rrd", NAN, NULL, NULL, "no objective" },
		{ "", 99, NULL, NULL, "no archive given" },
		{ NULL, 99, NULL, NULL, "no archive given" },
		{ "dir/", 99, NULL, NULL, "bad archive 'dir/'" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char err[NINES_ERRLEN] = "";
		struct config *c = config_single(cases[i].rrd, cases[i].target, cases[i].latency,
						 cases[i].tz, err, sizeof(err));

		if (c != NULL) {
			config_release(c);
			fail_msg("case %zu accepted", i);
		}
		if (strncmp(err, cases[i].msg, strlen(cases[i].msg)) != 0)
			fail_msg("case %zu: got '%s', expected '%s'", i, err, cases[i].msg);
	}
}

static void test_release_null(void **state)
{
	(void)state;
	config_release(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_overrides),
		cmocka_unit_test(test_archive_forms),
		cmocka_unit_test(test_latency_forms),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_percent_edges),
		cmocka_unit_test(test_min_coverage),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_errors_baseline),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_calendar_shared),
		cmocka_unit_test(test_single),
		cmocka_unit_test(test_single_names),
		cmocka_unit_test(test_single_errors),
		cmocka_unit_test(test_release_null),
	};
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
