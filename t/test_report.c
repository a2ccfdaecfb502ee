/*
 * sla-report end to end: the built binary over archives written here with librrd, with
 * histories whose SLA numbers are worked out by hand in the comments.  CSV output is read
 * back column by column; CSV, JSON and text are compared with golden files t/golden/report.*,
 * and the JSON is validated against reports/sla-report.schema.json.
 *
 * After an intended change of the output, regenerate the golden files with
 *   NINES_REGEN_GOLDEN=1 O=build t/run-tests.sh test_report
 * and review the diff.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <limits.h>
#include <rrd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "archive.h"
#include "fixture.h"
#include "mono.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define STEP 300
#define OUTLEN 65536

static char bin[PATH_MAX], dir[64];

/* ---- archives with known histories ---- */

enum kind { UP, DOWN, MAINT, WARN, GAP };

/* Samples stamped t with from < t <= to (a value covers the step ending at t).  GAP: no
 * samples for from < t < to, so exactly (from, to] is unknown. */
struct event {
	enum kind kind;
	time_t from, to;
};

struct history {
	const char *name;		/* file in dir */
	time_t start, end;		/* samples for start < t <= end */
	double rtt_ms;			/* constant rtt; 0: k ms for the k-th sample of each day */
	struct event ev[8];
	int short_fine;			/* per-check rows for 100 steps only, then hourly */
};

static enum kind kind_at(const struct history *h, time_t t)
{
	for (size_t i = 0; i < ARRAY_LEN(h->ev) && h->ev[i].to != 0; i++) {
		const struct event *e = &h->ev[i];

		if (e->kind == GAP ? (t > e->from && t < e->to) : (t > e->from && t <= e->to))
			return e->kind;
	}
	return UP;
}

static void path_in(const char *name, char *out, size_t len)
{
	snprintf(out, len, "%s/%s", dir, name);
}

static void make_rrd(const struct history *h)
{
	char buf[1024], path[PATH_MAX], rtt[32];
	const char *argv[16];
	size_t cap = (size_t)((h->end - h->start) / STEP) + 1, n = 0;
	char (*vals)[128] = calloc(cap, 128);
	const char **ptrs = calloc(cap, sizeof(*ptrs));
	int argc = archive_layout(STEP, buf, sizeof(buf), argv, 16);

	assert_true(vals != NULL && ptrs != NULL && argc > 0);
	if (h->short_fine) {
		/* The data sources of the layout; the RRAs of a tool that keeps little detail. */
		argc = ARCHIVE_LAYOUT_NDS;
		argv[argc++] = "RRA:AVERAGE:0.99:1:100";
		argv[argc++] = "RRA:AVERAGE:0.99:12:2000";
	}
	path_in(h->name, path, sizeof(path));
	rrd_clear_error();
	if (rrd_create_r(path, STEP, h->start - STEP, argc, argv) != 0)
		fail_msg("create %s: %s", path, rrd_get_error());
	for (time_t t = h->start + STEP; t <= h->end; t += STEP) {
		enum kind k = kind_at(h, t);
		long day_k = (long)((t - h->start) / STEP - 1) % 288 + 1;

		if (k == GAP)
			continue;
		snprintf(rtt, sizeof(rtt), "%.6f", (h->rtt_ms > 0 ? h->rtt_ms : (double)day_k) / 1000);
		/* avail:rtt:warn:downtime:loss:cover */
		snprintf(vals[n], 128, "%lld:%s:%s:%s:%s:U:%d", (long long)t,
			 k == DOWN || k == MAINT ? "0" : "1", k == DOWN || k == MAINT ? "U" : rtt,
			 k == WARN ? "1" : "0", k == MAINT ? "1" : "0", STEP);
		ptrs[n] = vals[n];
		n++;
	}
	rrd_clear_error();
	if (rrd_update_r(path, NULL, (int)n, ptrs) != 0)
		fail_msg("update %s: %s", path, rrd_get_error());
	free(vals);
	free(ptrs);
}

/* ---- running the binary ---- */

static void write_file(const char *name, const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;
	FILE *f;

	path_in(name, path, sizeof(path));
	f = fopen(path, "w");
	assert_non_null(f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	assert_int_equal(fclose(f), 0);
}

/* Reads dir/name into out (empty when missing); returns 0, or -1 when there is no file. */
static int read_file(const char *name, char *out, size_t len)
{
	char path[PATH_MAX];
	FILE *f;
	size_t n;

	path_in(name, path, sizeof(path));
	out[0] = '\0';
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = fread(out, 1, len - 1, f);
	out[n] = '\0';
	fclose(f);
	return 0;
}

/* Runs sla-report with args (NULL-terminated); stdout and stderr in out. */
static int run(char *out, size_t outlen, const char *const *args)
{
	return fx_run_args(bin, args, NULL, out, outlen);
}

#define RUN(out, ...) run(out, OUTLEN, (const char *const[]){ __VA_ARGS__, NULL })

/* Runs with "-c dir/cfg -f csv -o dir/out.csv" plus args; the CSV lands in csv. */
static int run_csv(const char *cfg, char *csv, const char *const *args)
{
	char cpath[PATH_MAX], opath[PATH_MAX], out[4096];
	const char *all[40] = { "-c", cpath, "-f", "csv", "-o", opath };
	size_t n = 6;
	int rc;

	path_in(cfg, cpath, sizeof(cpath));
	path_in("out.csv", opath, sizeof(opath));
	unlink(opath);
	for (size_t i = 0; args[i] != NULL && n < 39; i++)
		all[n++] = args[i];
	all[n] = NULL;
	rc = run(out, sizeof(out), all);
	read_file("out.csv", csv, OUTLEN);
	if (rc < 0 || rc > 2)
		fail_msg("sla-report failed (%d): %s", rc, out);
	return rc;
}

#define RUN_CSV(cfg, csv, ...) run_csv(cfg, csv, (const char *const[]){ __VA_ARGS__, NULL })

/* ---- reading CSV back ---- */

/* Splits one CSV record at *p (RFC 4180) into fields; returns how many, advances *p. */
static int csv_record(const char **p, char fields[][512], int max)
{
	const char *s = *p;
	int n = 0;

	if (*s == '\0')
		return 0;
	for (;;) {
		size_t o = 0;

		if (*s == '"') {
			for (s++; *s != '\0' && !(*s == '"' && s[1] != '"'); s++) {
				if (*s == '"')
					s++;
				if (o < 511)
					fields[n][o++] = *s;
			}
			if (*s == '"')
				s++;
		} else {
			for (; *s != '\0' && *s != ',' && *s != '\r' && *s != '\n'; s++)
				if (o < 511)
					fields[n][o++] = *s;
		}
		fields[n][o] = '\0';
		if (n < max - 1)
			n++;
		if (*s != ',')
			break;
		s++;
	}
	if (*s == '\r')
		s++;
	if (*s == '\n')
		s++;
	*p = s;
	return n;
}

/* The field col of the nth (0-based) row of service svc; fails the test when absent. */
static const char *csv_get(const char *csv, const char *svc, int nth, const char *col)
{
	static char head[64][512], row[64][512];
	const char *p = csv;
	int nh = csv_record(&p, head, 64), c = -1, nr;

	for (int i = 0; i < nh; i++)
		if (strcmp(head[i], col) == 0)
			c = i;
	if (c < 0)
		fail_msg("no column '%s' in:\n%s", col, csv);
	while ((nr = csv_record(&p, row, 64)) > 0)
		if (strcmp(row[0], svc) == 0 && nth-- == 0)
			return row[c];
	fail_msg("no row %d for '%s' in:\n%s", nth, svc, csv);
	return NULL;
}

static double csv_num(const char *csv, const char *svc, const char *col)
{
	const char *v = csv_get(csv, svc, 0, col);

	return *v ? strtod(v, NULL) : NAN;
}

static int csv_rows(const char *csv, const char *svc)
{
	char row[64][512];
	const char *p = csv;
	int n = 0;

	csv_record(&p, row, 64);
	while (csv_record(&p, row, 64) > 0)
		n += strcmp(row[0], svc) == 0;
	return n;
}

static void assert_near(double got, double want, double tol)
{
	if (!(fabs(got - want) <= tol))
		fail_msg("got %.9f, want %.9f", got, want);
}

#define NUM(svc, col) csv_num(csv, svc, col)
#define STR(svc, col) csv_get(csv, svc, 0, col)

/* ---- fixtures ---- */

/* 24x7 UTC: Sep 25 .. Nov 5 2026, outages crossing both ends of October. */
static const struct history h_month = {
	"month.rrd", 1790294400 /* 2026-09-25 */, 1793836800 /* 2026-11-05 */, 20,
	{ { DOWN, 1790809200, 1790816400 },	/* 2026-09-30 23:00 .. 10-01 01:00 */
	  { DOWN, 1793489400, 1793493000 } },
	  0,	/* 2026-10-31 23:30 .. 11-01 00:30 */
};

/* Down time around business hours in Berlin (see test_business_hours_dst). */
static const struct history h_biz = {
	"biz.rrd", 1790294400, 1793836800, 20,
	{ { DOWN, 1792510200, 1792513800 },	/* 2026-10-20 15:30 .. 16:30 UTC */
	  { DOWN, 1791626400, 1791633600 },	/* 2026-10-10 10:00 .. 12:00 */
	  { DOWN, 1793008800, 1793012400 },	/* 2026-10-26 10:00 .. 11:00 */
	  { DOWN, 1793080800, 1793086200 } },
	  0,	/* 2026-10-27 06:00 .. 07:30 */
};

/*
 * sparse.rrd has data on 2026-10-05 only for its first 35 minutes ((10-05 00:00, 00:35],
 * 2100 s = 2.430556 % of the day), full days around it.
 */
static const struct history h_sparse = {
	"sparse.rrd", 1791072000 /* 2026-10-04 */, 1791331200 /* 2026-10-07 */, 20,
	{ { GAP, 1791160500, 1791244800 } },	/* 10-05 00:35 .. 10-06 00:00 */
	0,
};

static int setup(void **state)
{
	char path[PATH_MAX];

	(void)state;
	snprintf(bin, sizeof(bin), "%s/reports/sla-report", getenv("NINES_BUILD"));
	snprintf(dir, sizeof(dir), "/tmp/nines-report.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	assert_int_equal(fx_utc(2026, 9, 30, 23, 0), h_month.ev[0].from);
	assert_int_equal(fx_utc(2026, 10, 31, 23, 30), h_month.ev[1].from);
	make_rrd(&h_month);
	make_rrd(&h_biz);
	make_rrd(&h_sparse);
	/* The month's config, which several tests read. */
	path_in("month.rrd", path, sizeof(path));
	write_file("month.yml", "services:\n  - name: m\n    archive: %s\n    availability: 99.9\n",
		   path);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_rmtree(dir);
	return 0;
}

/* ---- tests ---- */

static void test_usage(void **state)
{
	static const struct { const char *args[4]; int rc; const char *want; } cases[] = {
		{ { "--help" }, 0, "Usage: sla-report -c FILE [options]" },
		{ { "--version" }, 0, "sla-report 0." },
		{ { "--bogus" }, 2, "sla-report: unknown option '--bogus'" },
		{ { "-f", "xml" }, 2, "sla-report: unknown format 'xml'" },
		{ { "--period" }, 2, "needs a value" },
		{ { "-c", "x.yml", "--rrd", "y.rrd" }, 2, "give either -c FILE or --rrd FILE" },
		{ { "--rrd", "y.rrd", "--target", "101" }, 2, "'101' is out of range (0 to 100)" },
		{ { "--rrd", "y.rrd", "--now", "soon" }, 2, "'soon' is not a whole number" },
	};
	char out[OUTLEN];
	const char *args[6];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		size_t n = 0;

		for (; n < 4 && cases[i].args[n] != NULL; n++)
			args[n] = cases[i].args[n];
		args[n] = NULL;
		assert_int_equal(run(out, sizeof(out), args), cases[i].rc);
		if (strstr(out, cases[i].want) == NULL)
			fail_msg("case %zu: want '%s' in: %s", i, cases[i].want, out);
	}
}

/*
 * October 2026 in UTC: 31 × 86400 = 2678400 s in scope.  Inside it: 00:00..01:00 on the
 * 1st (3600 s) and 23:30..24:00 on the 31st (1800 s): 5400 s down, 2 outages, clipped to
 * the month.  Availability (2678400 − 5400) / 2678400 = 99.798387 % < 99.9: missed, exit 1.
 * Budget 0.1 % × 2678400 = 2678.4 s; consumed 5400 / 2678.4 = 201.6129 %.
 */
static void test_month_24x7(void **state)
{
	char path[PATH_MAX], csv[OUTLEN], out[OUTLEN];

	(void)state;
	assert_int_equal(RUN_CSV("month.yml", csv, "--period", "2026-10", "--now", "1793750400"), 1);
	assert_near(NUM("m", "in_scope_seconds"), 2678400, 0);
	assert_near(NUM("m", "down_seconds"), 5400, 1e-6);
	assert_near(NUM("m", "outage_count"), 2, 0);
	assert_near(NUM("m", "availability_percent"), 100.0 * (2678400 - 5400) / 2678400, 1e-6);
	assert_near(NUM("m", "budget_allowed_seconds"), 2678.4, 1e-3);
	assert_near(NUM("m", "budget_consumed_percent"), 100.0 * 5400 / 2678.4, 1e-5);
	assert_string_equal(STR("m", "met"), "false");
	assert_near(NUM("m", "period_start"), 1790812800, 0);	/* 2026-10-01 00:00 UTC */
	assert_near(NUM("m", "period_end"), 1793491200, 0);	/* 2026-11-01 00:00 UTC */
	/* The outages in JSON start at the month's start and end at its end. */
	path_in("month.yml", path, sizeof(path));
	assert_int_equal(RUN(out, "-c", path, "--period", "2026-10", "--format", "json"), 1);
	assert_non_null(strstr(out, "\"start\": 1790812800,\n          \"end\": 1790816400,\n"
				    "          \"duration_seconds\": 3600"));
	assert_non_null(strstr(out, "\"start\": 1793489400,\n          \"end\": 1793491200,\n"
				    "          \"duration_seconds\": 1800"));
	assert_non_null(strstr(out, "\"start_local\": \"2026-10-01 00:00:00 UTC\""));
	/* last-month relative to --now 2026-11-04 is the same month. */
	assert_int_equal(RUN_CSV("month.yml", csv, "--now", "1793750400"), 1);
	assert_near(NUM("m", "down_seconds"), 5400, 1e-6);
	/* The month one earlier holds the other half of the first outage: 23:00..24:00. */
	assert_int_equal(RUN_CSV("month.yml", csv, "--period", "2026-09"), 1);
	assert_near(NUM("m", "down_seconds"), 3600, 1e-6);
}

/*
 * Business hours monday-friday 08:00-18:00 Europe/Berlin, October 2026, holiday Mon 26th.
 * Weekdays: Thu 1, Fri 2, then 5-9, 12-16, 19-23, 26-30: 22, minus the holiday 21 × 10 h
 * = 756000 s.  Down time (UTC → local):
 *   Tue 20th 15:30-16:30 UTC = 17:30-18:30 CEST → 1800 s in scope
 *   Sat 10th 10:00-12:00 UTC (weekend) → 0;  Mon 26th 10:00-11:00 UTC (holiday) → 0
 *   Tue 27th 06:00-07:30 UTC = 07:00-08:30 CET (DST ended on the 25th) → 1800 s
 *     (read with the summer offset it would be 08:00-09:30 → 5400 s)
 * 3600 s down in 2 outages; (756000 − 3600) / 756000 = 99.5238095 %.
 */
static void test_business_hours_dst(void **state)
{
	const struct history h = h_biz;
	char path[PATH_MAX], csv[OUTLEN];

	(void)state;
	assert_int_equal(fx_utc(2026, 10, 20, 15, 30), h.ev[0].from);
	assert_int_equal(fx_utc(2026, 10, 10, 10, 0), h.ev[1].from);
	assert_int_equal(fx_utc(2026, 10, 26, 10, 0), h.ev[2].from);
	assert_int_equal(fx_utc(2026, 10, 27, 6, 0), h.ev[3].from);
	path_in("biz.rrd", path, sizeof(path));
	write_file("biz.yml",
		   "defaults:\n  time_zone: Europe/Berlin\n"
		   "calendars:\n  office:\n    include: [ \"monday-friday 08:00-18:00\" ]\n"
		   "    exclude: [ \"2026-10-26 00:00-24:00\" ]\n"
		   "services:\n  - name: b\n    archive: %s\n    availability: 99.5\n"
		   "    calendar: office\n", path);
	assert_int_equal(RUN_CSV("biz.yml", csv, "--period", "2026-10"), 0);
	assert_near(NUM("b", "in_scope_seconds"), 756000, 0);
	assert_near(NUM("b", "down_seconds"), 3600, 1e-6);
	assert_near(NUM("b", "outage_count"), 2, 0);
	assert_near(NUM("b", "availability_percent"), 100.0 * (756000 - 3600) / 756000, 1e-6);
	assert_string_equal(STR("b", "met"), "true");
	/* The period is October in Berlin: 2026-09-30 22:00 UTC .. 2026-10-31 23:00 UTC. */
	assert_near(NUM("b", "period_start"), 1790805600, 0);
	assert_near(NUM("b", "period_end"), 1793487600, 0);
	assert_string_equal(STR("b", "time_zone"), "Europe/Berlin");
}

/*
 * One day, 2026-10-05 UTC (86400 s), 24x7: maintenance 02:00-03:00 (3600 s), no data
 * 10:00-11:00 (3600 s), WARNING 14:00-14:30 (1800 s, answered), down 20:00-20:30 (1800 s).
 * up = 86400 − 3600 − 3600 − 1800 = 79200 − 1800 = 77400 (WARNING inside).
 *   maint excluded, unmon excluded: 77400 / 79200          = 97.7272727 %
 *   maint up, unmon up:            (77400 + 7200) / 86400  = 97.9166667 %
 *   maint down, unmon down:         77400 / 86400          = 89.5833333 %, 3 outages
 *   maint up, unmon down:          (77400 + 3600) / 86400  = 93.75 %
 *   warning down (else excluded):  (77400 − 1800) / 79200  = 95.4545454 %, 2 outages
 */
static void test_policies(void **state)
{
	static const struct history h = {
		"pol.rrd", 1790985600 /* 2026-10-03 */, 1791331200 /* 2026-10-07 */, 20,
		{ { MAINT, 1791165600, 1791169200 },	/* 2026-10-05 02:00 .. 03:00 */
		  { GAP, 1791194400, 1791198000 },	/* 10:00 .. 11:00 */
		  { WARN, 1791208800, 1791210600 },	/* 14:00 .. 14:30 */
		  { DOWN, 1791230400, 1791232200 } },
	  0,	/* 20:00 .. 20:30 */
	};
	static const struct {
		const char *name, *policy;
		double avail;
		int outages;
	} cases[] = {
		{ "ee", "{ maintenance: excluded, unmonitored: excluded }", 100.0 * 77400 / 79200, 1 },
		{ "uu", "{ maintenance: up, unmonitored: up }", 100.0 * 84600 / 86400, 1 },
		{ "dd", "{ maintenance: down, unmonitored: down }", 100.0 * 77400 / 86400, 3 },
		{ "ud", "{ maintenance: up, unmonitored: down }", 100.0 * 81000 / 86400, 2 },
		{ "wd", "{ warning: down }", 100.0 * 75600 / 79200, 2 },
	};
	char path[PATH_MAX], csv[OUTLEN], cfg[4096];
	size_t used;

	(void)state;
	assert_int_equal(fx_utc(2026, 10, 5, 2, 0), h.ev[0].from);
	assert_int_equal(fx_utc(2026, 10, 5, 20, 0), h.ev[3].from);
	make_rrd(&h);
	path_in("pol.rrd", path, sizeof(path));
	used = (size_t)snprintf(cfg, sizeof(cfg), "services:\n");
	for (size_t i = 0; i < ARRAY_LEN(cases); i++)
		used += (size_t)snprintf(cfg + used, sizeof(cfg) - used,
					 "  - { name: %s, archive: %s, availability: 90, policy: %s }\n",
					 cases[i].name, path, cases[i].policy);
	write_file("pol.yml", "%s", cfg);
	/* dd misses 90 %: exit 1. */
	assert_int_equal(RUN_CSV("pol.yml", csv, "--period", "2026-10-05..2026-10-06"), 1);
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const char *n = cases[i].name;

		assert_near(NUM(n, "in_scope_seconds"), 86400, 0);
		assert_near(NUM(n, "maintenance_seconds"), 3600, 1e-6);
		assert_near(NUM(n, "unmonitored_seconds"), 3600, 1e-6);
		assert_near(NUM(n, "availability_percent"), cases[i].avail, 1e-6);
		assert_near(NUM(n, "outage_count"), cases[i].outages, 0);
		/* The period is shorter than the monthly window: one window, one row. */
		assert_int_equal(csv_rows(csv, n), 1);
	}
	assert_string_equal(STR("dd", "policy"), "maintenance=down unmonitored=down warning=up "
			    "merge_within=0 ignore_shorter=0");
}

/*
 * 2026-10-06 UTC: down 12:00-12:10 and 12:15-12:30 (5 min apart), down 18:00-18:05.
 * Real down time 600 + 900 + 300 = 1800 s.
 *   no policy:            3 outages, longest 900
 *   merge within 10m:     2 outages (12:00-12:30, 18:00-18:05), longest 1800, down 1800
 *   merge 10m, ignore 10m: the 5-minute outage counts as up: 1 outage, down 1500
 */
static void test_merge_and_ignore(void **state)
{
	static const struct history h = {
		"merge.rrd", 1791158400 /* 2026-10-05 */, 1791331200, 20,
		{ { DOWN, 1791288000, 1791288600 },	/* 2026-10-06 12:00 .. 12:10 */
		  { DOWN, 1791288900, 1791289800 },	/* 12:15 .. 12:30 */
		  { DOWN, 1791309600, 1791309900 } },
	  0,	/* 18:00 .. 18:05 */
	};
	char path[PATH_MAX], csv[OUTLEN];

	(void)state;
	assert_int_equal(fx_utc(2026, 10, 6, 12, 0), h.ev[0].from);
	assert_int_equal(fx_utc(2026, 10, 6, 18, 0), h.ev[2].from);
	make_rrd(&h);
	path_in("merge.rrd", path, sizeof(path));
	write_file("merge.yml", "services:\n"
		   "  - { name: plain, archive: %s, availability: 97 }\n"
		   "  - { name: merged, archive: %s, availability: 97,"
		   " policy: { merge_outages_within: 10m } }\n"
		   "  - { name: ignored, archive: %s, availability: 97,"
		   " policy: { merge_outages_within: 10m, ignore_outages_shorter_than: 10m } }\n",
		   path, path, path);
	assert_int_equal(RUN_CSV("merge.yml", csv, "--period", "2026-10-06..2026-10-07"), 0);
	assert_near(NUM("plain", "outage_count"), 3, 0);
	assert_near(NUM("plain", "longest_outage_seconds"), 900, 1e-6);
	assert_near(NUM("plain", "down_seconds"), 1800, 1e-6);
	assert_near(NUM("merged", "outage_count"), 2, 0);
	assert_near(NUM("merged", "longest_outage_seconds"), 1800, 1e-6);
	assert_near(NUM("merged", "down_seconds"), 1800, 1e-6);
	assert_near(NUM("ignored", "outage_count"), 1, 0);
	assert_near(NUM("ignored", "down_seconds"), 1500, 1e-6);
	assert_near(NUM("ignored", "availability_percent"), 100.0 * (86400 - 1500) / 86400, 1e-6);
}

/*
 * Credits at each tier boundary: a period of exactly 300000 s, so 0.1 % is 300 s (one
 * step).  Tiers below 99.9 → 10 %, below 99 → 25 %, below 95 → 50 % (strictly below).
 */
static void test_credits(void **state)
{
	static const struct { const char *name; int down_steps; double avail, credit; } cases[] = {
		{ "c999", 1, 99.9, 0 },		/* 300 s: exactly 99.9: no credit, met */
		{ "c998", 2, 99.8, 10 },
		{ "c990", 10, 99.0, 10 },	/* 3000 s: exactly 99 */
		{ "c989", 11, 98.9, 25 },
		{ "c950", 50, 95.0, 25 },	/* 15000 s: exactly 95 */
		{ "c949", 51, 94.9, 50 },
	};
	const time_t t0 = 1790812800;		/* 2026-10-01 00:00 UTC */
	char path[PATH_MAX], csv[OUTLEN], cfg[8192], period[64], name[32];
	size_t used;

	(void)state;
	used = (size_t)snprintf(cfg, sizeof(cfg), "defaults:\n  credits:\n"
				"    - { below: 99.9, credit: 10 }\n    - { below: 95, credit: 50 }\n"
				"    - { below: 99, credit: 25 }\nservices:\n");
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct history h = { name, t0 - 86400, t0 + 400000, 20,
				     { { DOWN, t0 + 3600, t0 + 3600 + cases[i].down_steps * STEP } }, 0 };

		snprintf(name, sizeof(name), "%s.rrd", cases[i].name);
		make_rrd(&h);
		path_in(name, path, sizeof(path));
		used += (size_t)snprintf(cfg + used, sizeof(cfg) - used,
					 "  - { name: %s, archive: %s, availability: 99.9 }\n",
					 cases[i].name, path);
	}
	write_file("credits.yml", "%s", cfg);
	snprintf(period, sizeof(period), "@%lld..@%lld", (long long)t0, (long long)t0 + 300000);
	assert_int_equal(RUN_CSV("credits.yml", csv, "--period", period), 1);
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const char *n = cases[i].name;

		assert_near(NUM(n, "in_scope_seconds"), 300000, 0);
		assert_near(NUM(n, "down_seconds"), cases[i].down_steps * STEP, 1e-6);
		assert_near(NUM(n, "availability_percent"), cases[i].avail, 1e-6);
		if (NUM(n, "credit_percent") != cases[i].credit)
			fail_msg("%s: credit %s, want %g", n, STR(n, "credit_percent"), cases[i].credit);
	}
	assert_string_equal(STR("c999", "met"), "true");
	assert_string_equal(STR("c998", "met"), "false");
}

/*
 * One day (288 checks) with rtt k ms on the k-th check.  p95 by nearest rank:
 * ceil(0.95 × 288) = ceil(273.6) = 274th smallest = 274 ms.  Checks under 260 ms:
 * 1..259 = 259 of 288 = 89.930556 %.
 */
static void test_latency(void **state)
{
	static const struct history h = { "lat.rrd", 1791158400, 1791244800, 0, { { 0 } }, 0 };
	char path[PATH_MAX], csv[OUTLEN];

	(void)state;
	make_rrd(&h);
	path_in("lat.rrd", path, sizeof(path));
	write_file("lat.yml", "services:\n"
		   "  - { name: p95ok, archive: %s, latency: \"p95 <= 274ms\" }\n"
		   "  - { name: p95bad, archive: %s, latency: \"p95 <= 273ms\" }\n"
		   "  - { name: share_bad, archive: %s, latency: \"90%% < 260ms\" }\n"
		   "  - { name: share_ok, archive: %s, latency: \"89.9%% < 260ms\" }\n",
		   path, path, path, path);
	assert_int_equal(RUN_CSV("lat.yml", csv, "--period", "2026-10-05..2026-10-06"), 1);
	assert_near(NUM("p95ok", "latency_value_ms"), 274, 1e-6);
	assert_near(NUM("p95ok", "latency_samples"), 288, 0);
	assert_string_equal(STR("p95ok", "latency_met"), "true");
	assert_string_equal(STR("p95ok", "latency_objective"), "p95 <= 274ms");
	assert_string_equal(STR("p95bad", "latency_met"), "false");
	assert_near(NUM("share_bad", "latency_share_percent"), 100.0 * 259 / 288, 1e-5);
	assert_string_equal(STR("share_bad", "latency_met"), "false");
	assert_string_equal(STR("share_ok", "latency_met"), "true");
	/* Only the services that met their objective: exit 0. */
	assert_int_equal(RUN_CSV("lat.yml", csv, "--period", "2026-10-05..2026-10-06",
				 "--service", "p95ok", "--service", "share_ok"), 0);
	assert_int_equal(csv_rows(csv, "p95bad"), 0);
	assert_int_equal(csv_rows(csv, "p95ok"), 1);
	assert_int_equal(csv_rows(csv, "share_ok"), 1);
}

/* --only-violations keeps the missed service; totals still cover both. */
static void test_filters(void **state)
{
	char path[PATH_MAX], csv[OUTLEN], out[OUTLEN], cpath[PATH_MAX];

	(void)state;
	path_in("month.rrd", path, sizeof(path));
	write_file("two.yml", "services:\n  - { name: good, archive: %s, availability: 99 }\n"
		   "  - { name: bad, archive: %s, availability: 99.9 }\n", path, path);
	assert_int_equal(RUN_CSV("two.yml", csv, "--period", "2026-10"), 1);
	assert_int_equal(csv_rows(csv, "good"), 1);
	assert_int_equal(csv_rows(csv, "bad"), 1);
	assert_int_equal(RUN_CSV("two.yml", csv, "--period", "2026-10", "--only-violations"), 1);
	assert_int_equal(csv_rows(csv, "good"), 0);
	assert_int_equal(csv_rows(csv, "bad"), 1);
	assert_int_equal(RUN_CSV("two.yml", csv, "--period", "2026-10", "--service", "good"), 0);
	assert_int_equal(csv_rows(csv, "bad"), 0);
	assert_int_equal(RUN_CSV("two.yml", csv, "--period", "2026-10", "--service", "nope"), 2);
	assert_string_equal(csv, "");
	path_in("two.yml", cpath, sizeof(cpath));
	assert_int_equal(RUN(out, "-c", cpath, "--period", "2026-10", "--service", "nope"), 2);
	assert_non_null(strstr(out, "sla-report: no service named 'nope'"));
	/* Totals in the text: time-weighted over both, 2 × 5400 s down. */
	assert_int_equal(RUN(out, "-c", cpath, "--period", "2026-10", "--only-violations"), 1);
	assert_non_null(strstr(out, "Total, time-weighted over 2 services"));
	assert_non_null(strstr(out, "down 3:00:00, 4 outages"));
	assert_null(strstr(out, "\ngood "));
	assert_non_null(strstr(out, "\nbad "));
}

/*
 * A copy of month.rrd whose first RRA says 0 steps per row (librrd's fetch would divide
 * by it): the offset of pdp_cnt in librrd's x86-64 layout, after 128 bytes of head and
 * 120 per data source.
 */
static void make_damaged(const char *from, const char *to)
{
	char *cp[] = { "/bin/cp", (char *)from, (char *)to, NULL };
	char out[256];
	uint64_t zero = 0;
	FILE *f;

	assert_int_equal(fx_run(cp, NULL, out, sizeof(out)), 0);
	f = fopen(to, "r+b");
	assert_non_null(f);
	assert_int_equal(fseek(f, 128 + 120 * ARCHIVE_LAYOUT_NDS + 32, SEEK_SET), 0);
	assert_int_equal(fwrite(&zero, sizeof(zero), 1, f), 1);
	assert_int_equal(fclose(f), 0);
}

/* A missing, a foreign and a damaged archive among good ones: the good one is reported, exit 2. */
static void test_bad_archives(void **state)
{
	static const char *const foreign[] = { "DS:x:GAUGE:600:0:1", "RRA:AVERAGE:0.5:1:100" };
	char path[PATH_MAX], fpath[PATH_MAX], dpath[PATH_MAX], csv[OUTLEN], out[OUTLEN],
	     cpath[PATH_MAX];

	(void)state;
	path_in("month.rrd", path, sizeof(path));
	path_in("foreign.rrd", fpath, sizeof(fpath));
	path_in("damaged.rrd", dpath, sizeof(dpath));
	make_damaged(path, dpath);
	rrd_clear_error();
	assert_int_equal(rrd_create_r(fpath, STEP, 1790812800, 2, (const char **)foreign), 0);
	write_file("bad.yml", "services:\n  - { name: good, archive: %s, availability: 99 }\n"
		   "  - { name: gone, archive: %s/missing.rrd, availability: 99 }\n"
		   "  - { name: alien, archive: %s, availability: 99 }\n"
		   "  - { name: damaged, archive: %s, availability: 99 }\n"
		   "  - { name: good2, archive: %s, availability: 99 }\n",
		   path, dir, fpath, dpath, path);
	assert_int_equal(RUN_CSV("bad.yml", csv, "--period", "2026-10"), 2);
	assert_near(NUM("good", "down_seconds"), 5400, 1e-6);
	assert_string_equal(STR("good", "error"), "");
	assert_non_null(strstr(STR("gone", "error"), "missing.rrd"));
	assert_string_equal(STR("gone", "availability_percent"), "");
	assert_non_null(strstr(STR("alien", "error"), "no data source 'avail'"));
	assert_non_null(strstr(STR("damaged", "error"),
			       "damaged header: rra[0].pdp_per_row is 0"));
	assert_near(NUM("good2", "down_seconds"), 5400, 1e-6);
	path_in("bad.yml", cpath, sizeof(cpath));
	assert_int_equal(RUN(out, "-c", cpath, "--period", "2026-10", "-f", "json"), 2);
	assert_non_null(strstr(out, "\"error_kind\": \"foreign\""));
	assert_non_null(strstr(out, "\"error_kind\": \"missing\""));
	assert_non_null(strstr(out, "\"error_kind\": \"corrupt\""));
	assert_non_null(strstr(out, "sla-report: service 'alien': cannot read '"));

	/* A service name the plugins could not turn into a file name is said so, not "unreadable". */
	{
		char longname[260];

		memset(longname, 's', 254);
		longname[254] = '\0';
		write_file("long.yml", "services:\n  - { name: long, archive: { dir: %s, host: h, "
			   "service: %s }, availability: 99 }\n", dir, longname);
		assert_int_equal(RUN_CSV("long.yml", csv, "--period", "2026-10"), 2);
		assert_non_null(strstr(STR("long", "error"), "cannot name the archive: cannot use "
						      "service name"));
	}
}

/* A config error: file:line:col, exit 2, and no output file. */
static void test_config_error(void **state)
{
	char cpath[PATH_MAX], opath[PATH_MAX], out[OUTLEN], want[PATH_MAX + 8];
	struct stat st;

	(void)state;
	write_file("broken.yml", "services:\n  - name: x\n    archive: /x.rrd\n"
		   "    availability: 99.9%%\n");
	path_in("broken.yml", cpath, sizeof(cpath));
	path_in("never.json", opath, sizeof(opath));
	assert_int_equal(RUN(out, "-c", cpath, "-f", "json", "-o", opath), 2);
	snprintf(want, sizeof(want), "%s:4:", cpath);
	if (strncmp(out, want, strlen(want)) != 0)
		fail_msg("want '%s...' got: %s", want, out);
	assert_true(strchr("0123456789", out[strlen(want)]) != NULL);
	assert_int_equal(stat(opath, &st), -1);
}

static int count_entries(const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	closedir(d);
	return n;
}

/*
 * -o: a failed run leaves an existing file as it was and no temp file behind; a write that
 * fails half-way (file size limit) too; a good run replaces the file.
 */
static void test_output_atomic(void **state)
{
	char cpath[PATH_MAX], opath[PATH_MAX], out[OUTLEN], got[OUTLEN], bad[PATH_MAX];

	(void)state;
	path_in("month.yml", cpath, sizeof(cpath));
	path_in("kept.txt", opath, sizeof(opath));
	write_file("kept.txt", "previous report\n");
	assert_int_equal(RUN(out, "-c", cpath, "--period", "2026-13", "-o", opath), 2);
	assert_non_null(strstr(out, "sla-report: bad period"));
	read_file("kept.txt", got, sizeof(got));
	assert_string_equal(got, "previous report\n");
	/* A file size limit of 512 bytes (the report is longer): writing fails with EFBIG. */
	char *limited[] = { "/bin/sh", "-c", "trap '' XFSZ; ulimit -f 1; exec \"$0\" \"$@\"", bin,
			    "-c", cpath, "--period", "2026-10", "-o", opath, NULL };
	int rc = fx_run(limited, NULL, out, sizeof(out));

	assert_int_equal(rc, 2);
	assert_non_null(strstr(out, "sla-report: cannot write '"));
	read_file("kept.txt", got, sizeof(got));
	assert_string_equal(got, "previous report\n");
	assert_int_equal(count_entries(".kept.txt"), 0);
	/* A directory that does not exist. */
	snprintf(bad, sizeof(bad), "%s/no/such/dir/r.txt", dir);
	assert_int_equal(RUN(out, "-c", cpath, "--period", "2026-10", "-o", bad), 2);
	assert_non_null(strstr(out, "cannot write '"));
	/* Success: replaced, readable as the umask allows, no temp file. */
	assert_int_equal(RUN(out, "-c", cpath, "--period", "2026-10", "-o", opath), 1);
	read_file("kept.txt", got, sizeof(got));
	assert_non_null(strstr(got, "Period:    2026-10-01 00:00:00 UTC .. 2026-11-01 00:00:00 UTC"));
	assert_int_equal(count_entries(".kept.txt"), 0);
}

/*
 * -o replaces only regular files: a FIFO, a symbolic link and a directory are refused with
 * exit 2 and left as they were (the rename would have swapped a device node for a file).
 * A report that cannot be written to standard output is an error too.
 */
static void test_output_not_regular(void **state)
{
	static const struct { const char *name; const char *kind; } cases[] = {
		{ "fifo.out", "(a FIFO)" }, { "link.out", "(a symbolic link)" },
		{ "dir.out", "(a directory)" },
	};
	char cpath[PATH_MAX], opath[PATH_MAX], out[OUTLEN], target[PATH_MAX];
	struct stat st;

	(void)state;
	path_in("month.yml", cpath, sizeof(cpath));
	path_in("fifo.out", opath, sizeof(opath));
	assert_int_equal(mkfifo(opath, 0644), 0);
	path_in("target.txt", target, sizeof(target));
	write_file("target.txt", "kept\n");
	path_in("link.out", opath, sizeof(opath));
	assert_int_equal(symlink(target, opath), 0);
	path_in("dir.out", opath, sizeof(opath));
	assert_int_equal(mkdir(opath, 0755), 0);
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		path_in(cases[i].name, opath, sizeof(opath));
		assert_int_equal(RUN(out, "-c", cpath, "--period", "2026-10", "-o", opath), 2);
		if (strstr(out, "is not a regular file") == NULL || strstr(out, cases[i].kind) == NULL)
			fail_msg("%s: %s", cases[i].name, out);
		assert_int_equal(lstat(opath, &st), 0);
		assert_false(S_ISREG(st.st_mode));
	}
	read_file("target.txt", out, sizeof(out));
	assert_string_equal(out, "kept\n");
	assert_int_equal(count_entries(".fifo.out"), 0);

	char *full[] = { "/bin/sh", "-c", "exec \"$0\" \"$@\" >/dev/full", bin, "-c", cpath,
			 "--period", "2026-10", NULL };
	assert_int_equal(fx_run(full, NULL, out, sizeof(out)), 2);
	assert_non_null(strstr(out, "sla-report: cannot write the report: "));
}

/* 1 when any byte of s is in bytes. */
static int has_any(const char *s, const char *bytes)
{
	return strpbrk(s, bytes) != NULL;
}

/*
 * Names with a newline, ESC, BEL and CR (and a title with a newline) write no rows or
 * sections of their own and reach no terminal raw: they are escaped in the text report and
 * on stderr.  A path with a byte that is not UTF-8 keeps the JSON valid UTF-8 (U+FFFD).
 */
static void test_hostile_names(void **state)
{
	char mpath[PATH_MAX], cpath[PATH_MAX], opath[PATH_MAX], bad[PATH_MAX], out[OUTLEN],
	     got[OUTLEN];

	(void)state;
	path_in("month.rrd", mpath, sizeof(mpath));
	path_in("hostile.rrd\n\xff" "x.rrd", bad, sizeof(bad));
	write_file("hostile.yml", "title: \"Title\\nFake title\"\n"
		   "services:\n"
		   "  - { name: \"evil\\ngood  100%%  met\", archive: %s, availability: 99 }\n"
		   "  - { name: \"esc\\e[2Jbel\\acr\\rend\", archive: \"%s/gone\\n\\e[1m.rrd\","
		   " availability: 99 }\n", mpath, dir);
	path_in("hostile.yml", cpath, sizeof(cpath));
	path_in("hostile.txt", opath, sizeof(opath));
	assert_int_equal(RUN(out, "-c", cpath, "--period", "2026-10", "-o", opath), 2);
	assert_false(has_any(out, "\x1b\a\r"));
	assert_non_null(strstr(out, "sla-report: service 'esc\\x1b[2Jbel\\x07cr\\rend': cannot "
				    "read '"));
	assert_non_null(strstr(out, "/gone\\n\\x1b[1m.rrd'"));
	read_file("hostile.txt", got, sizeof(got));
	assert_false(has_any(got, "\x1b\a\r"));
	assert_true(strncmp(got, "Title\\nFake title\n", 18) == 0);
	assert_null(strstr(got, "\nFake"));
	assert_null(strstr(got, "\ngood"));
	assert_non_null(strstr(got, "\nevil\\ngood  100%  met  "));
	assert_non_null(strstr(got, "\n  esc\\x1b[2Jbel\\x07cr\\rend: ERROR: cannot read '"));

	/* JSON of an archive whose name is not UTF-8: U+FFFD, never the raw byte. */
	path_in("hostile.json", opath, sizeof(opath));
	assert_int_equal(RUN(out, "--rrd", bad, "--target", "99", "--period", "2026-10", "-f",
			     "json", "-o", opath), 2);
	read_file("hostile.json", got, sizeof(got));
	assert_null(strchr(got, '\xff'));
	assert_null(strchr(out, '\xff'));
	assert_non_null(strstr(got, "hostile.rrd\\n\\ufffdx.rrd"));
}

/*
 * A hung rrdcached: a child that listens on a UNIX socket at path, accepts every connection
 * and never answers.  Bound before the fork, so it is ready when this returns; stopped by
 * its pid.
 */
static pid_t start_hung_daemon(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	pid_t pid;

	assert_true(fd >= 0);
	assert_true(strlen(path) < sizeof(sun.sun_path));
	strcpy(sun.sun_path, path);
	assert_int_equal(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	assert_int_equal(listen(fd, 64), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		for (;;)
			(void)accept(fd, NULL, NULL);	/* kept open, never read */
	}
	close(fd);
	return pid;
}

/*
 * Six services through a hung rrdcached, read one after another (-j 1): all FLUSHes share
 * one 10-s deadline, then each service left is an error at once.  A timeout per service
 * took 60 s; the bound here is far above 10 s and far below that.
 */
static void test_hung_rrdcached(void **state)
{
	char mpath[PATH_MAX], sock[PATH_MAX], cpath[PATH_MAX], csv[OUTLEN], svc[8];
	pid_t daemon;
	double t;
	int rc, status;

	(void)state;
	path_in("month.rrd", mpath, sizeof(mpath));
	path_in("hung.sock", sock, sizeof(sock));
	daemon = start_hung_daemon(sock);
	write_file("hung.yml", "rrdcached: unix:%s\nservices:\n"
		   "  - { name: s1, archive: %s, availability: 99 }\n"
		   "  - { name: s2, archive: %s, availability: 99 }\n"
		   "  - { name: s3, archive: %s, availability: 99 }\n"
		   "  - { name: s4, archive: %s, availability: 99 }\n"
		   "  - { name: s5, archive: %s, availability: 99 }\n"
		   "  - { name: s6, archive: %s, availability: 99 }\n",
		   sock, mpath, mpath, mpath, mpath, mpath, mpath);
	path_in("hung.yml", cpath, sizeof(cpath));
	t = mono_now();
	rc = RUN_CSV("hung.yml", csv, "--period", "2026-10", "-j", "1");
	t = mono_now() - t;
	kill(daemon, SIGKILL);
	assert_int_equal(waitpid(daemon, &status, 0), daemon);
	assert_int_equal(rc, 2);
	if (t > 30)
		fail_msg("the report took %.1f s: the FLUSHes are not bounded as a whole", t);
	assert_non_null(strstr(STR("s1", "error"), "no answer within 10.0 s"));
	for (int i = 2; i <= 6; i++) {
		snprintf(svc, sizeof(svc), "s%d", i);
		if (strstr(STR(svc, "error"), "not flushed: rrdcached 'unix:") == NULL ||
		    strstr(STR(svc, "error"), "used up the 10 s all FLUSHes of a report may take") ==
		    NULL)
			fail_msg("%s: '%s'", svc, STR(svc, "error"));
	}
}

/* --rrd FILE --target P [--latency SPEC]: the month of test_month_24x7 (rtt 20 ms). */
static void test_single(void **state)
{
	char path[PATH_MAX], out[OUTLEN];

	(void)state;
	path_in("month.rrd", path, sizeof(path));
	assert_int_equal(RUN(out, "--rrd", path, "--target", "99.7", "--latency", "p95<=25ms",
			     "--period", "2026-10", "-f", "csv"), 0);
	assert_near(csv_num(out, "month", "availability_percent"),
		    100.0 * (2678400 - 5400) / 2678400, 1e-6);
	assert_near(csv_num(out, "month", "latency_value_ms"), 20, 1e-6);
	assert_string_equal(csv_get(out, "month", 0, "latency_met"), "true");
	assert_int_equal(RUN(out, "--rrd", path, "--target", "99.9", "--period", "2026-10"), 1);
	assert_non_null(strstr(out, "MISSED"));
	assert_non_null(strstr(out, "maintenance excluded, unmonitored time excluded, "
				    "WARNING counted as up"));
	assert_int_equal(RUN(out, "--rrd", "/nonexistent.rrd", "--target", "99.9"), 2);
	assert_non_null(strstr(out, "nonexistent.rrd"));
}

/*
 * Per-check rows for the last 100 steps only (8 h 20 min), hourly rows before: a day three
 * days back is computed from hourly rows, and the report says so.  The outage 2026-10-05
 * 10:00-11:00 fills one hourly row: 3600 s down of 86400.
 */
static void test_coarse(void **state)
{
	static const struct history h = { "coarse.rrd", 1790985600, 1791417600 /* 10-08 */, 20,
					  { { DOWN, 1791194400, 1791198000 } }, 1 };
	char path[PATH_MAX], csv[OUTLEN], out[OUTLEN];

	(void)state;
	make_rrd(&h);
	path_in("coarse.rrd", path, sizeof(path));
	write_file("coarse.yml", "services:\n  - { name: c, archive: %s, availability: 95 }\n", path);
	assert_int_equal(RUN_CSV("coarse.yml", csv, "--period", "2026-10-05..2026-10-06"), 0);
	assert_string_equal(STR("c", "coarse"), "true");
	assert_near(NUM("c", "down_seconds"), 3600, 1e-6);
	assert_near(NUM("c", "availability_percent"), 100.0 * 82800 / 86400, 1e-6);
	path_in("coarse.yml", path, sizeof(path));
	assert_int_equal(RUN(out, "-c", path, "--period", "2026-10-05..2026-10-06"), 0);
	assert_non_null(strstr(out, "computed from hourly rows: per-check data does not reach "
				    "back to 2026-10-05 00:00:00 UTC"));
	assert_int_equal(RUN(out, "-c", path, "--period", "2026-10-05..2026-10-06", "-f", "json"), 0);
	assert_non_null(strstr(out, "\"row_step_seconds\": 3600"));
	/* The last hours have per-check rows. */
	assert_int_equal(RUN(out, "-c", path, "--period", "@1791410400..@1791417600"), 0);
	assert_null(strstr(out, "computed from"));
}

/* Several windows: weekly windows in a 14-day period give three rows (Thu-Sun, a week, Mon-Tue). */
static void test_windows(void **state)
{
	char path[PATH_MAX], csv[OUTLEN];

	(void)state;
	path_in("month.rrd", path, sizeof(path));
	write_file("weeks.yml", "services:\n  - { name: w, archive: %s, availability: 99.9,"
		   " window: week }\n", path);
	assert_int_equal(RUN_CSV("weeks.yml", csv, "--period", "2026-10-01..2026-10-14"), 1);
	assert_int_equal(csv_rows(csv, "w"), 4);	/* the period, then 3 windows */
	assert_string_equal(csv_get(csv, "w", 0, "window_start"), "");
	assert_string_equal(csv_get(csv, "w", 1, "window_start"), "1790812800");	/* 10-01 */
	assert_string_equal(csv_get(csv, "w", 1, "window_end"), "1791158400");	/* 10-05 */
	assert_string_equal(csv_get(csv, "w", 1, "met"), "false");	/* 3600 s down */
	assert_string_equal(csv_get(csv, "w", 2, "window_end"), "1791763200");	/* 10-12 */
	assert_string_equal(csv_get(csv, "w", 2, "met"), "true");
	assert_string_equal(csv_get(csv, "w", 3, "window_end"), "1791936000");	/* 10-14 */
	/* The service missed in one window: missed overall. */
	assert_string_equal(csv_get(csv, "w", 0, "met"), "false");

	/* Services differing in one of zone, window kind or rolling days get their own windows
	   (plans are shared between services only when all of these match). */
	write_file("kinds.yml", "services:\n"
		   "  - { name: w, archive: %s, availability: 99.9, window: week }\n"
		   "  - { name: nz, archive: %s, availability: 99.9, window: week,"
		   " time_zone: Pacific/Auckland }\n"
		   "  - { name: m, archive: %s, availability: 99.9, window: month }\n"
		   "  - { name: r7, archive: %s, availability: 99.9, window: rolling 7d }\n"
		   "  - { name: r10, archive: %s, availability: 99.9, window: rolling 10d }\n",
		   path, path, path, path, path);
	assert_int_equal(RUN_CSV("kinds.yml", csv, "--period", "2026-10-01..2026-10-14"), 1);
	assert_int_equal(csv_rows(csv, "w"), 4);
	assert_string_equal(csv_get(csv, "w", 1, "window_end"), "1791158400");	/* 10-05 UTC */
	assert_int_equal(csv_rows(csv, "nz"), 4);
	assert_string_equal(csv_get(csv, "nz", 1, "window_end"), "1791111600");	/* NZDT */
	assert_int_equal(csv_rows(csv, "m"), 2);	/* no whole month: the period */
	assert_int_equal(csv_rows(csv, "r7"), 8);	/* ending 10-08 .. 10-14 */
	assert_int_equal(csv_rows(csv, "r10"), 5);	/* ending 10-11 .. 10-14 */

	/*
	 * Rolling windows are judged whole only: in October, the 30-day windows ending at
	 * 10-31 and 11-01 hold 3600 s and 1800 s of down time (99.8611 % and 99.9306 %).
	 * Windows cut at the period's start (10-01..10-02 with its hour down: 95.8 %) are
	 * not windows of the SLA and would fail a 99.8 % target that every 30 days met.
	 */
	write_file("rolling.yml", "services:\n  - { name: r, archive: %s, availability: 99.8,"
		   " window: rolling 30d }\n", path);
	assert_int_equal(RUN_CSV("rolling.yml", csv, "--period", "2026-10"), 0);
	assert_int_equal(csv_rows(csv, "r"), 3);	/* the period, then 2 windows */
	assert_string_equal(csv_get(csv, "r", 1, "window_start"), "1790812800");	/* 10-01 */
	assert_string_equal(csv_get(csv, "r", 1, "window_end"), "1793404800");	/* 10-31 */
	assert_near(strtod(csv_get(csv, "r", 1, "availability_percent"), NULL),
		    100.0 * (2592000 - 3600) / 2592000, 1e-6);
	assert_string_equal(csv_get(csv, "r", 2, "window_start"), "1790899200");	/* 10-02 */
	assert_near(strtod(csv_get(csv, "r", 2, "availability_percent"), NULL),
		    100.0 * (2592000 - 1800) / 2592000, 1e-6);
	assert_string_equal(csv_get(csv, "r", 0, "met"), "true");
}

/* ---- reports that say what they know ---- */

/* Runs sla-report -c dir/cfg with args in text; the output lands in out. */
static int run_text(const char *cfg, char *out, const char *const *args)
{
	char cpath[PATH_MAX];
	const char *all[40] = { "-c", cpath };
	size_t n = 2;

	path_in(cfg, cpath, sizeof(cpath));
	for (size_t i = 0; args[i] != NULL && n < 39; i++)
		all[n++] = args[i];
	all[n] = NULL;
	return run(out, OUTLEN, all);
}

#define RUN_TEXT(cfg, out, ...) run_text(cfg, out, (const char *const[]){ __VA_ARGS__, NULL })

static void want_in(const char *out, const char *want)
{
	if (strstr(out, want) == NULL)
		fail_msg("want '%s' in:\n%s", want, out);
}

/* The table row of a service: from its name at a line start to the end of that line. */
static const char *row_of(const char *out, const char *name, char *buf, size_t len)
{
	char key[128];
	const char *p, *e;

	snprintf(key, sizeof(key), "\n%s ", name);
	if ((p = strstr(out, key)) == NULL)
		fail_msg("no row for '%s' in:\n%s", name, out);
	p++;
	e = strchr(p, '\n');
	snprintf(buf, len, "%.*s", (int)(e ? e - p : (long)strlen(p)), p);
	return buf;
}

/*
 * A period without any data is "no data" for that service: neither met nor missed.  With
 * every service so, nothing was judged: exit 2 and a line on stderr.  With one other
 * service judged, the report stands (exit 0) and lists the one without data.
 */
static void test_no_data(void **state)
{
	char path[PATH_MAX], csv[OUTLEN], out[OUTLEN], row[512];

	(void)state;
	path_in("month.rrd", path, sizeof(path));
	write_file("nodata.yml", "services:\n"
		   "  - { name: old, archive: %s, availability: 99 }\n"
		   "  - { name: down-counted, archive: %s, availability: 99,"
		   " policy: { unmonitored: down } }\n", path, path);
	/* month.rrd starts 2026-09-25: nothing in August. */
	assert_int_equal(RUN_CSV("nodata.yml", csv, "--period", "2026-08"), 2);
	assert_string_equal(STR("old", "verdict"), "no_data");
	assert_string_equal(STR("old", "met"), "");
	assert_near(NUM("old", "coverage_percent"), 0, 0);
	assert_string_equal(STR("down-counted", "verdict"), "no_data");
	assert_string_equal(STR("down-counted", "met"), "");
	assert_int_equal(RUN_TEXT("nodata.yml", out, "--period", "2026-08"), 2);
	want_in(out, "sla-report: no service could be judged: 2 without data");
	want_in(out, "0 of 2 services missed an objective, 0 met, 2 no data in the period");
	want_in(row_of(out, "old", row, sizeof(row)), "  no data  ");
	assert_null(strstr(out, "MISSED"));
	assert_int_equal(RUN_TEXT("nodata.yml", out, "--period", "2026-08", "-f", "json"), 2);
	want_in(out, "\"verdict\": \"no_data\"");
	want_in(out, "\"services_no_data\": 2");

	/* An archive that keeps no rows that old (100 steps, then 2000 hours from 10-03) has
	   no data for the period either: a verdict, not a read error. */
	{
		static const struct history h = { "short.rrd", 1790985600, 1791417600, 20,
						  { { 0 } }, 1 };
		char spath[PATH_MAX];

		make_rrd(&h);
		path_in("short.rrd", spath, sizeof(spath));
		write_file("short.yml", "services:\n  - { name: short, archive: %s, "
			   "availability: 99 }\n", spath);
		assert_int_equal(RUN_CSV("short.yml", csv, "--period", "2025-08"), 2);
		assert_string_equal(STR("short", "error"), "");
		assert_string_equal(STR("short", "verdict"), "no_data");
		assert_near(NUM("short", "unmonitored_seconds"), 31 * 86400, 0);
	}

	/*
	 * 2026-09-26..10-01: month.rrd has data (23:00-24:00 on the 30th down: 3600 s of
	 * 432000 = 99.1667 %, met); sparse.rrd begins on 10-04.  Judged: exit 0, and
	 * --only-violations lists the service without data.
	 */
	path_in("sparse.rrd", row, sizeof(row));
	write_file("nodata2.yml", "services:\n"
		   "  - { name: old, archive: %s, availability: 99 }\n"
		   "  - { name: new, archive: %s, availability: 99 }\n", path, row);
	assert_int_equal(RUN_CSV("nodata2.yml", csv, "--period", "2026-09-26..2026-10-01"), 0);
	assert_string_equal(STR("old", "verdict"), "met");
	assert_near(NUM("old", "availability_percent"), 100.0 * (432000 - 3600) / 432000, 1e-6);
	assert_string_equal(STR("new", "verdict"), "no_data");
	assert_int_equal(RUN_TEXT("nodata2.yml", out, "--period", "2026-09-26..2026-10-01",
				  "--only-violations"), 0);
	assert_null(strstr(out, "\nold "));
	want_in(row_of(out, "new", row, sizeof(row)), "  no data  ");
	want_in(out, "0 of 2 services missed an objective, 1 met, 1 no data in the period");
}

/*
 * 2026-10-05 in sparse.rrd: 2100 s of 86400 with data, coverage 2.43 %, all of it up.
 * Without min_coverage the day is met at 100 %, and the table says 2.43 % coverage beside
 * it; with min_coverage 90 it is insufficient data: neither met nor missed, no credit,
 * nothing judged (exit 2).  Daily windows 10-04..10-07: met, insufficient, met: the
 * service is insufficient data (not met), but judged (exit 0); so is it with days without
 * any data before the met ones.
 */
static void test_insufficient(void **state)
{
	static const struct {
		const char *extra, *period;
		int rc;
		const char *verdict, *met, *credit, *status;
	} cases[] = {
		{ "", "2026-10-05..2026-10-06", 0, "met", "true", "", "met" },
		{ ", min_coverage: 2.43", "2026-10-05..2026-10-06", 0, "met", "true", "", "met" },
		{ ", min_coverage: 2.44", "2026-10-05..2026-10-06", 2, "insufficient_data", "", "",
		  "insufficient data" },
		{ ", min_coverage: 90", "2026-10-05..2026-10-06", 2, "insufficient_data", "", "",
		  "insufficient data" },
		{ ", min_coverage: 90, credits: [{ below: 99.9, credit: 10 }]",
		  "2026-10-05..2026-10-06", 2, "insufficient_data", "", "", "insufficient data" },
		{ ", credits: [{ below: 99.9, credit: 10 }]", "2026-10-05..2026-10-06", 0, "met",
		  "true", "0", "met" },
		/* 10-01..10-04 without any data, then three days met: not met as a whole. */
		{ ", window: day", "2026-10-01..2026-10-07", 0, "insufficient_data", "", "",
		  "insufficient data" },
		{ ", window: day", "2026-10-04..2026-10-07", 0, "met", "true", "", "met" },
		/* Last: the daily windows below read this config. */
		{ ", min_coverage: 90, window: day", "2026-10-04..2026-10-07", 0,
		  "insufficient_data", "", "", "insufficient data" },
	};
	char path[PATH_MAX], csv[OUTLEN], out[OUTLEN], row[512];

	(void)state;
	path_in("sparse.rrd", path, sizeof(path));
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		write_file("sparse.yml", "services:\n  - { name: s, archive: %s, availability: 99%s }\n",
			   path, cases[i].extra);
		assert_int_equal(RUN_CSV("sparse.yml", csv, "--period", cases[i].period), cases[i].rc);
		if (strcmp(STR("s", "verdict"), cases[i].verdict) != 0 ||
		    strcmp(STR("s", "met"), cases[i].met) != 0 ||
		    strcmp(STR("s", "credit_percent"), cases[i].credit) != 0)
			fail_msg("case %zu: verdict '%s' met '%s' credit '%s'", i, STR("s", "verdict"),
				 STR("s", "met"), STR("s", "credit_percent"));
		assert_int_equal(RUN_TEXT("sparse.yml", out, "--period", cases[i].period),
				 cases[i].rc);
		row_of(out, "s", row, sizeof(row));
		snprintf(csv, sizeof(csv), "  %s  ", cases[i].status);
		want_in(row, csv);
		if (strstr(cases[i].extra, "window") == NULL)
			want_in(row, "  2.43%  ");	/* the coverage column */
	}
	/* The daily windows: 10-05 is the insufficient one, in CSV and in the text. */
	assert_int_equal(RUN_CSV("sparse.yml", csv, "--period", "2026-10-04..2026-10-07"), 0);
	assert_string_equal(csv_get(csv, "s", 1, "verdict"), "met");
	assert_string_equal(csv_get(csv, "s", 2, "verdict"), "insufficient_data");
	assert_string_equal(csv_get(csv, "s", 2, "met"), "");
	assert_near(strtod(csv_get(csv, "s", 2, "coverage_percent"), NULL), 100.0 * 2100 / 86400,
		    1e-6);
	assert_string_equal(csv_get(csv, "s", 2, "min_coverage_percent"), "90");
	assert_string_equal(csv_get(csv, "s", 3, "verdict"), "met");
	assert_int_equal(RUN_TEXT("sparse.yml", out, "--period", "2026-10-04..2026-10-07"), 0);
	want_in(out, "2026-10-05 00:00:00 UTC .. 2026-10-06 00:00:00 UTC          100%  "
		"insufficient data  coverage 2.43%");
	want_in(out, "; 1 of 3 windows below min_coverage 90%");
	want_in(out, "0 of 1 services missed an objective, 0 met, 1 insufficient data");
	assert_int_equal(RUN_TEXT("sparse.yml", out, "--period", "2026-10-04..2026-10-07",
				  "-f", "json"), 0);
	want_in(out, "\"verdict\": \"insufficient_data\"");
	want_in(out, "\"min_coverage_percent\": 90");
	want_in(out, "\"services_insufficient_data\": 1");
	/* --rrd mode takes --min-coverage; a config sets it per service instead. */
	assert_int_equal(RUN(out, "--rrd", path, "--target", "99", "--min-coverage", "90",
			     "--period", "2026-10-05..2026-10-06", "-f", "csv"), 2);
	assert_string_equal(csv_get(out, "sparse", 0, "verdict"), "insufficient_data");
	assert_int_equal(RUN(out, "--rrd", path, "--target", "99", "--period",
			     "2026-10-05..2026-10-06", "-f", "csv"), 0);
	assert_string_equal(csv_get(out, "sparse", 0, "verdict"), "met");
	assert_int_equal(RUN(out, "--rrd", path, "--target", "99", "--min-coverage", "101"), 2);
	want_in(out, "'101' is out of range");
	assert_int_equal(RUN_TEXT("sparse.yml", out, "--min-coverage", "50"), 2);
	want_in(out, "--target, --latency and --min-coverage go with --rrd");
}

/*
 * --only-violations when every service met its objectives: no text at all (the cron job
 * mails nothing), exit 0; CSV is its header, JSON a document without services.
 */
static void test_only_violations_quiet(void **state)
{
	char path[PATH_MAX], csv[OUTLEN], out[OUTLEN];

	(void)state;
	path_in("month.rrd", path, sizeof(path));
	write_file("good.yml", "services:\n  - { name: good, archive: %s, availability: 99 }\n",
		   path);
	assert_int_equal(RUN_TEXT("good.yml", out, "--period", "2026-10", "--only-violations"), 0);
	assert_string_equal(out, "");
	assert_int_equal(RUN_CSV("good.yml", csv, "--period", "2026-10", "--only-violations"), 0);
	assert_int_equal(strncmp(csv, "service,", 8), 0);
	assert_int_equal(csv_rows(csv, "good"), 0);
	assert_int_equal(RUN_TEXT("good.yml", out, "--period", "2026-10", "--only-violations",
				  "-f", "json"), 0);
	want_in(out, "\"services\": [],\n");
	want_in(out, "\"services_met\": 1");
	/* Without the option the service is listed. */
	assert_int_equal(RUN_TEXT("good.yml", out, "--period", "2026-10"), 0);
	want_in(out, "\ngood ");
}

/*
 * The text report shows maintenance time: 02:00-03:00 on 2026-10-05, per service, in the
 * total, and per window.
 */
static void test_maintenance_text(void **state)
{
	static const struct history h = {
		"maint.rrd", 1791072000, 1791331200, 20,
		{ { MAINT, 1791165600, 1791169200 } }, 0,	/* 2026-10-05 02:00 .. 03:00 */
	};
	char path[PATH_MAX], out[OUTLEN], row[512];

	(void)state;
	make_rrd(&h);
	path_in("maint.rrd", path, sizeof(path));
	write_file("maint.yml", "services:\n  - { name: mt, archive: %s, availability: 90,"
		   " window: day }\n", path);
	assert_int_equal(RUN_TEXT("maint.yml", out, "--period", "2026-10-05..2026-10-07"), 0);
	want_in(out, "  maintenance  ");		/* the column */
	want_in(row_of(out, "mt", row, sizeof(row)), "     1:00:00  ");
	want_in(out, "maintenance 1:00:00, budget used");	/* the total */
	want_in(out, "2026-10-05 00:00:00 UTC .. 2026-10-06 00:00:00 UTC");
	want_in(out, ", maintenance 1:00:00\n");	/* the 5th's window */
	want_in(out, ", maintenance 0:00:00\n");	/* the 6th's */
}

/*
 * --rrd names the service as the plugins were told (they percent-encode file names);
 * without credit tiers no credit is printed, not "0%".
 */
static void test_names_and_credit(void **state)
{
	char src[PATH_MAX], path[PATH_MAX], out[OUTLEN];
	char *cp[] = { "/bin/cp", src, path, NULL };

	(void)state;
	path_in("month.rrd", src, sizeof(src));
	path_in("SNMP%20availability.rrd", path, sizeof(path));
	assert_int_equal(fx_run(cp, NULL, out, sizeof(out)), 0);
	assert_int_equal(RUN(out, "--rrd", path, "--target", "99", "--period", "2026-10"), 0);
	want_in(out, "\nSNMP availability  ");
	want_in(out, "  SNMP availability: ");	/* outages, policy, coverage */
	assert_null(strstr(out, "%20"));
	want_in(out, "  budget used  latency\n");	/* no credit column: no service has tiers */
	assert_int_equal(RUN(out, "--rrd", path, "--target", "99", "--period", "2026-10", "-f",
			     "csv"), 0);
	assert_string_equal(csv_get(out, "SNMP availability", 0, "credit_percent"), "");
	assert_int_equal(RUN(out, "--rrd", path, "--target", "99", "--period", "2026-10", "-f",
			     "json"), 0);
	want_in(out, "\"name\": \"SNMP availability\"");
	want_in(out, "\"credit_percent\": null");
	assert_null(strstr(out, "\"credit_percent\": 0"));
}

/* CSV, JSON and text of a fixed report against t/golden, with diff -u. */
static void test_golden(void **state)
{
	static const char *const fmts[] = { "csv", "json", "text" };
	char cwd[PATH_MAX], out[OUTLEN], got[PATH_MAX], golden[PATH_MAX];
	const char *regen = getenv("NINES_REGEN_GOLDEN");

	(void)state;
	write_file("golden.yml", "title: Golden report\n"
		   "defaults:\n  time_zone: Europe/Berlin\n  window: week\n"
		   "  credits: [ { below: 99.9, credit: 10 } ]\n"
		   "calendars:\n  office:\n    include: [ \"monday-friday 08:00-18:00\" ]\n"
		   "services:\n"
		   "  - { name: \"core, 1\", archive: month.rrd, availability: 99.9,"
		   " latency: \"p95 <= 25ms\" }\n"
		   "  - { name: office, archive: biz.rrd, availability: 99.5, calendar: office,"
		   " policy: { merge_outages_within: 5m } }\n"
		   "  - { name: gone, archive: missing.rrd, availability: 99 }\n"
		   "  - { name: ended, archive: sparse.rrd, availability: 99, min_coverage: 90,"
		   " credits: [] }\n");
	/* Relative archive paths, so the output does not name the temp directory. */
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	for (size_t i = 0; i < ARRAY_LEN(fmts); i++) {
		const char *ext = strcmp(fmts[i], "text") == 0 ? "txt" : fmts[i];

		snprintf(got, sizeof(got), "%s/report.%s", dir, ext);
		snprintf(golden, sizeof(golden), "%s/t/golden/report.%s", getenv("NINES_SRC"), ext);
		assert_int_equal(RUN(out, "-c", "golden.yml", "--period", "2026-10-19..2026-11-03",
				     "--now", "1793750400", "-f", fmts[i], "-o", got), 2);
		if (regen != NULL && *regen != '\0') {
			char *cp[] = { "/bin/cp", got, golden, NULL };

			assert_int_equal(fx_run(cp, NULL, out, sizeof(out)), 0);
		}
		char *diff[] = { "/usr/bin/diff", "-u", golden, got, NULL };

		if (fx_run(diff, NULL, out, sizeof(out)) != 0) {
			assert_int_equal(chdir(cwd), 0);
			print_message("%s", out);
			fail_msg("%s differs from the golden file (diff above)", got);
		}
	}
	assert_int_equal(chdir(cwd), 0);
}

/*
 * The JSON of every kind of report the suite makes (errors, windows, coarse rows, hostile
 * names, violations only, no data, insufficient data, nothing to list, the golden one) is
 * valid under reports/sla-report.schema.json, checked with Debian's python3-jsonschema.
 */
static void test_schema(void **state)
{
	static const struct { const char *cfg, *period, *out, *extra; } runs[] = {
		{ "bad.yml", "2026-10", "s-bad.json", NULL },
		{ "weeks.yml", "2026-10-01..2026-10-14", "s-weeks.json", NULL },
		{ "kinds.yml", "2026-10-01..2026-10-14", "s-kinds.json", "--only-violations" },
		{ "coarse.yml", "2026-10-05..2026-10-06", "s-coarse.json", NULL },
		{ "rolling.yml", "2026-10", "s-rolling.json", NULL },
		{ "nodata.yml", "2026-08", "s-nodata.json", NULL },
		{ "short.yml", "2025-08", "s-short.json", NULL },
		{ "sparse.yml", "2026-10-04..2026-10-07", "s-sparse.json", NULL },
		{ "good.yml", "2026-10", "s-quiet.json", "--only-violations" },
	};
	char cpath[PATH_MAX], opath[PATH_MAX], schema[PATH_MAX], script[PATH_MAX],
	     files[ARRAY_LEN(runs) + 2][PATH_MAX], out[OUTLEN];
	char *argv[ARRAY_LEN(runs) + 6];
	size_t n = 0;

	(void)state;
	snprintf(schema, sizeof(schema), "%s/reports/sla-report.schema.json", getenv("NINES_SRC"));
	snprintf(script, sizeof(script), "%s/t/json-schema-check.py", getenv("NINES_SRC"));
	argv[n++] = "/usr/bin/python3";
	argv[n++] = script;
	argv[n++] = schema;
	for (size_t i = 0; i < ARRAY_LEN(runs); i++) {
		path_in(runs[i].cfg, cpath, sizeof(cpath));
		path_in(runs[i].out, opath, sizeof(opath));
		const char *args[] = { "-c", cpath, "--period", runs[i].period, "-f", "json", "-o",
				       opath, runs[i].extra, NULL };
		int rc = run(out, sizeof(out), args);

		if (rc < 0 || rc > 2)
			fail_msg("%s: sla-report failed (%d): %s", runs[i].cfg, rc, out);
		snprintf(files[i], sizeof(files[i]), "%s", opath);
		argv[n++] = files[i];
	}
	path_in("report.json", files[ARRAY_LEN(runs)], PATH_MAX);	/* test_golden's */
	path_in("hostile.json", files[ARRAY_LEN(runs) + 1], PATH_MAX);	/* not UTF-8 */
	argv[n++] = files[ARRAY_LEN(runs)];
	argv[n++] = files[ARRAY_LEN(runs) + 1];
	argv[n] = NULL;
	if (fx_run(argv, NULL, out, sizeof(out)) != 0)
		fail_msg("the JSON does not follow the schema:\n%s", out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_usage),
		cmocka_unit_test(test_month_24x7),
		cmocka_unit_test(test_business_hours_dst),
		cmocka_unit_test(test_policies),
		cmocka_unit_test(test_merge_and_ignore),
		cmocka_unit_test(test_credits),
		cmocka_unit_test(test_latency),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_bad_archives),
		cmocka_unit_test(test_config_error),
		cmocka_unit_test(test_output_atomic),
		cmocka_unit_test(test_output_not_regular),
		cmocka_unit_test(test_hostile_names),
		cmocka_unit_test(test_hung_rrdcached),
		cmocka_unit_test(test_single),
		cmocka_unit_test(test_windows),
		cmocka_unit_test(test_coarse),
		cmocka_unit_test(test_no_data),
		cmocka_unit_test(test_insufficient),
		cmocka_unit_test(test_only_violations_quiet),
		cmocka_unit_test(test_maintenance_text),
		cmocka_unit_test(test_names_and_credit),
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_schema),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
