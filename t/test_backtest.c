/*
 * sla-report backtest end to end: the built binary over archives written here with the
 * plugins' layout, histories whose verdicts, margins, credits, recommended targets,
 * chronic-breach triggers and alert episodes are worked out by hand in the comments.
 * Output is read back from CSV column by column.
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
#include <unistd.h>

#include "fixture.h"
#include "testrrd.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define STEP 300
#define OUTLEN (1 << 20)
#define MAXCOL 64

static char bin[PATH_MAX], dir[64];
static char *out;

static void path_in(const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

/* Runs `sla-report backtest -f csv` with args; the output (stdout+stderr) in out. */
static int run(const char *const *args)
{
	char *argv[64];
	int n = 0;

	argv[n++] = bin;
	argv[n++] = "backtest";
	argv[n++] = "-f";
	argv[n++] = "csv";
	for (size_t i = 0; args[i] != NULL && n < 63; i++)
		argv[n++] = (char *)args[i];
	argv[n] = NULL;
	return fx_run(argv, NULL, out, OUTLEN);
}

#define RUN(...) run((const char *const[]){ __VA_ARGS__, NULL })

/* ---- reading the CSV back ---- */

/* Fields of one line (no quoted commas in what these tests read); returns the count. */
static int fields(const char *line, char f[][128])
{
	int n = 0;
	size_t k = 0;

	for (const char *p = line;; p++) {
		if (*p == ',' || *p == '\r' || *p == '\n' || *p == '\0') {
			f[n][k < 127 ? k : 127] = '\0';
			n++;
			k = 0;
			if (*p != ',' || n == MAXCOL)
				return n;
		} else if (k < 127) {
			f[n][k++] = *p;
		}
	}
}

/*
 * The column col of the nth (0-based) row whose record is rec and, when key is not NULL,
 * whose column key equals val.  Fails the test when there is none.
 */
static const char *cell(const char *rec, const char *key, const char *val, int nth,
			const char *col)
{
	static char head[MAXCOL][128], row[MAXCOL][128];
	int nh = fields(out, head), ci = -1, ki = -1;

	for (int i = 0; i < nh; i++) {
		ci = strcmp(head[i], col) == 0 ? i : ci;
		ki = key != NULL && strcmp(head[i], key) == 0 ? i : ki;
	}
	if (ci < 0 || (key != NULL && ki < 0))
		fail_msg("no column '%s' in:\n%s", col, out);
	for (const char *p = strchr(out, '\n'); p != NULL && p[1] != '\0'; p = strchr(p + 1, '\n')) {
		fields(p + 1, row);
		if (strcmp(row[0], rec) == 0 && (key == NULL || strcmp(row[ki], val) == 0) &&
		    nth-- == 0)
			return row[ci];
	}
	fail_msg("no %s row %s=%s in:\n%s", rec, key ? key : "", val ? val : "", out);
	return NULL;
}

static double num(const char *s)
{
	return *s ? strtod(s, NULL) : NAN;
}

/* The window starting at t0: column col. */
static const char *win(time_t t0, const char *col)
{
	char v[32];

	snprintf(v, sizeof(v), "%lld", (long long)t0);
	return cell("window", "window_start", v, 0, col);
}

static void assert_near(double got, double want, double tol)
{
	if (!(fabs(got - want) <= tol))
		fail_msg("got %.9f, want %.9f (tolerance %g)", got, want, tol);
}

/* ---- the histories ---- */

/*
 * 2025, 24x7, target 99.9: the monthly budget is 0.1 % of the month, 2678.4 s in a 31-day
 * month, 2592 s in 30 days, 2419.2 s in February.  Down: January 30 min (met, margin
 * 2678.4 - 1800 = 878.4 s), February 60 min (missed by 1180.8 s), June 45 min (2700 >
 * 2592, missed by 108 s), October 50 min (3000 > 2678.4, missed by 321.6 s).  Everything
 * else up: exactly 3 of 12 months breach.
 */
static const struct trd_event year_ev[] = {
	{ TRD_DOWN, 1736899200 /* 01-15 00:00 */, 1736899200 + 1800 },
	{ TRD_DOWN, 1739620800 /* 02-15 12:00 */, 1739620800 + 3600 },
	{ TRD_DOWN, 1749988800 /* 06-15 12:00 */, 1749988800 + 2700 },
	{ TRD_DOWN, 1760529600 /* 10-15 12:00 */, 1760529600 + 3000 },
};

/*
 * 2025-03 and 2025-04.  March: 30 min down on Wednesday 03-12 10:00-10:30 UTC, inside
 * business hours (monday-friday 08:00-18:00: 21 weekdays = 756000 s in scope, budget
 * 756 s at 99.9 -> missed; 24x7: 1800 < 2678.4 -> met).  April: 2 h of maintenance on
 * 04-06 (met when excluded; counted as down 7200 > 2592 -> missed).
 */
static const struct trd_event biz_ev[] = {
	{ TRD_DOWN, 1741773600 /* 03-12 10:00 */, 1741773600 + 1800 },
	{ TRD_MAINT, 1743940800 /* 04-06 12:00 */, 1743940800 + 7200 },
};

/* June 2025 (30 days): 54 steps = 16200 s down, exactly 100 - 16200/2592000 = 99.375 %. */
static const struct trd_event edge_ev[] = {
	{ TRD_DOWN, 1749384000 /* 06-08 12:00 */, 1749384000 + 54 * STEP },
};

/* A 20-minute total outage on 2025-05-10 12:00..12:20, otherwise up from 05-01 to 06-01. */
static const struct trd_event burn_ev[] = {
	{ TRD_DOWN, 1746878400, 1746878400 + 1200 },
};

static int setup(void **state)
{
	char path[PATH_MAX];

	(void)state;
	snprintf(bin, sizeof(bin), "%s/reports/sla-report", getenv("NINES_BUILD"));
	snprintf(dir, sizeof(dir), "/tmp/nines-backtest.XXXXXX");
	if (mkdtemp(dir) == NULL || (out = malloc(OUTLEN)) == NULL)
		return -1;
	assert_int_equal(fx_utc(2025, 1, 15, 0, 0), year_ev[0].from);
	assert_int_equal(fx_utc(2025, 10, 15, 12, 0), year_ev[3].from);
	assert_int_equal(fx_utc(2025, 3, 12, 10, 0), biz_ev[0].from);
	assert_int_equal(fx_utc(2025, 4, 6, 12, 0), biz_ev[1].from);
	assert_int_equal(fx_utc(2025, 6, 8, 12, 0), edge_ev[0].from);
	assert_int_equal(fx_utc(2025, 5, 10, 12, 0), burn_ev[0].from);
	path_in("year.rrd", path, sizeof(path));
	trd_history(path, STEP, fx_utc(2025, 1, 1, 0, 0), fx_utc(2026, 1, 1, 0, 0), year_ev,
		    ARRAY_LEN(year_ev));
	path_in("biz.rrd", path, sizeof(path));
	trd_history(path, STEP, fx_utc(2025, 3, 1, 0, 0), fx_utc(2025, 5, 1, 0, 0), biz_ev,
		    ARRAY_LEN(biz_ev));
	path_in("edge.rrd", path, sizeof(path));
	trd_history(path, STEP, fx_utc(2025, 6, 1, 0, 0), fx_utc(2025, 7, 1, 0, 0), edge_ev,
		    ARRAY_LEN(edge_ev));
	path_in("burn.rrd", path, sizeof(path));
	trd_history(path, STEP, fx_utc(2025, 5, 1, 0, 0), fx_utc(2025, 6, 1, 0, 0), burn_ev,
		    ARRAY_LEN(burn_ev));
	/* Data from 03-21 00:00 to 03-31 00:00 only: 10 days of a 31-day month. */
	path_in("short.rrd", path, sizeof(path));
	trd_history(path, STEP, fx_utc(2025, 3, 21, 0, 0), fx_utc(2025, 3, 31, 0, 0), NULL, 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_rmtree(dir);
	free(out);
	return 0;
}

static char yr[PATH_MAX], bz[PATH_MAX], edge[PATH_MAX], burn[PATH_MAX], shrt[PATH_MAX];

static void paths(void)
{
	path_in("year.rrd", yr, sizeof(yr));
	path_in("biz.rrd", bz, sizeof(bz));
	path_in("edge.rrd", edge, sizeof(edge));
	path_in("burn.rrd", burn, sizeof(burn));
	path_in("short.rrd", shrt, sizeof(shrt));
}

#define NOW_2026 "1767225600"	/* 2026-01-01 00:00 UTC */

/* ---- tests ---- */

/* The year: verdicts, margins, credits and money, spread, recommended target, exit 1. */
static void test_year(void **state)
{
	static const struct {
		int month;
		const char *met;
		double margin, avail;
	} months[] = {
		{ 1, "true", 878.4, 100 - 1800 / 26784.0 },
		{ 2, "false", -1180.8, 100 - 3600 / 24192.0 },
		{ 3, "true", 2678.4, 100 },
		{ 6, "false", -108, 100 - 2700 / 25920.0 },
		{ 10, "false", -321.6, 100 - 3000 / 26784.0 },
		{ 12, "true", 2678.4, 100 },
	};

	(void)state;
	paths();
	assert_int_equal(RUN("--rrd", yr, "--target", "99.9", "--now", NOW_2026, "--credits",
			     "99.9:10,99:25", "--bill", "1000", "--alerts", "off"), 1);
	for (size_t i = 0; i < ARRAY_LEN(months); i++) {
		time_t t0 = fx_utc(2025, months[i].month, 1, 0, 0);

		assert_string_equal(win(t0, "met"), months[i].met);
		assert_near(num(win(t0, "margin_seconds")), months[i].margin, 1e-3);
		assert_near(num(win(t0, "availability_percent")), months[i].avail, 1e-6);
		assert_near(num(win(t0, "credit_percent")), strcmp(months[i].met, "true") ? 10 : 0, 0);
		assert_string_equal(win(t0, "before_data"), "false");
	}
	/* Budget consumed in February: 3600 / 2419.2. */
	assert_near(num(win(fx_utc(2025, 2, 1, 0, 0), "budget_consumed_percent")),
		    100 * 3600 / 2419.2, 1e-3);
	assert_string_equal(win(fx_utc(2025, 2, 1, 0, 0), "outage_count"), "1");
	assert_near(num(win(fx_utc(2025, 2, 1, 0, 0), "longest_outage_seconds")), 3600, 0);
	assert_near(num(cell("summary", "service", "year", 0, "windows")), 12, 0);
	assert_near(num(cell("summary", "service", "year", 0, "windows_met")), 9, 0);
	assert_near(num(cell("summary", "service", "year", 0, "windows_missed")), 3, 0);
	assert_near(num(cell("summary", "service", "year", 0, "credit_percent")), 30, 0);
	assert_near(num(cell("summary", "service", "year", 0, "credit_money")), 300, 0);
	/*
	 * Attained, highest first: 8 x 100, Jan 99.93280, Jun 99.89583, Oct 99.88799, Feb
	 * 99.85119.  ceil(0.9 x 12) = 11: the 11th highest is October's.  Median: 100 (6th and
	 * 7th); p10: the ceil(1.2) = 2nd smallest, October again; min: February.
	 */
	assert_near(num(cell("summary", "service", "year", 0, "recommended_target_percent")),
		    100 - 3000 / 26784.0, 1e-6);
	assert_near(num(cell("summary", "service", "year", 0, "recommended_window_start")),
		    (double)fx_utc(2025, 10, 1, 0, 0), 0);
	assert_near(num(cell("summary", "service", "year", 0, "median_percent")), 100, 0);
	assert_near(num(cell("summary", "service", "year", 0, "p10_percent")),
		    100 - 3000 / 26784.0, 1e-6);
	assert_near(num(cell("summary", "service", "year", 0, "min_percent")),
		    100 - 3600 / 24192.0, 1e-6);
	/* At 0.75: ceil(9) = 9th highest, January's. */
	assert_int_equal(RUN("--rrd", yr, "--target", "99.9", "--now", NOW_2026, "--alerts",
			     "off", "--confidence", "0.75"), 1);
	assert_near(num(cell("summary", "service", "year", 0, "recommended_target_percent")),
		    100 - 1800 / 26784.0, 1e-6);
	/* A target every month meets: exit 0. */
	assert_int_equal(RUN("--rrd", yr, "--target", "99.85", "--now", NOW_2026, "--alerts",
			     "off"), 0);
}

/* --periods and --since choose the windows; chronic breach 2 of 5 triggers in Jun and Oct. */
static void test_history_and_chronic(void **state)
{
	(void)state;
	paths();
	assert_int_equal(RUN("--rrd", yr, "--target", "99.9", "--now", NOW_2026, "--alerts", "off",
			     "--periods", "3"), 1);
	assert_near(num(cell("summary", "service", "year", 0, "windows")), 3, 0);
	assert_near(num(cell("window", NULL, NULL, 0, "window_start")),
		    (double)fx_utc(2025, 10, 1, 0, 0), 0);
	assert_int_equal(RUN("--rrd", yr, "--target", "99.9", "--now", NOW_2026, "--alerts", "off",
			     "--since", "2025-07-01"), 1);
	assert_near(num(cell("summary", "service", "year", 0, "windows")), 6, 0);
	assert_near(num(cell("summary", "service", "year", 0, "windows_missed")), 1, 0);
	/* --since is a day in the SLA's zone: July in Berlin starts 06-30 22:00 UTC. */
	assert_int_equal(RUN("--rrd", yr, "--target", "99.9", "--now", NOW_2026, "--alerts", "off",
			     "--since", "2025-07-01", "--tz", "Europe/Berlin"), 1);
	assert_near(num(cell("summary", "service", "year", 0, "windows")), 6, 0);
	assert_near(num(cell("window", NULL, NULL, 0, "window_start")),
		    (double)fx_utc(2025, 6, 30, 22, 0), 0);
	/*
	 * Missed: Feb (index 1), Jun (5), Oct (9).  2 of any 5 consecutive: at Jun the span
	 * Feb..Jun holds two; at Jul the span Mar..Jul one; at Oct Jun..Oct two; at Dec
	 * Aug..Dec one: not triggered at the end.
	 */
	assert_int_equal(RUN("--rrd", yr, "--target", "99.9", "--now", NOW_2026, "--alerts", "off",
			     "--chronic", "2/5"), 1);
	for (int m = 1; m <= 12; m++)
		assert_string_equal(win(fx_utc(2025, m, 1, 0, 0), "chronic_breach"),
				    m == 6 || m == 10 ? "true" : "false");
	assert_near(num(cell("summary", "service", "year", 0, "chronic_breach")), 2, 0);
	/* 2 of 4: Feb and Jun are 5 windows apart, never in one span of 4. */
	assert_int_equal(RUN("--rrd", yr, "--target", "99.9", "--now", NOW_2026, "--alerts", "off",
			     "--chronic", "2/4"), 1);
	assert_near(num(cell("summary", "service", "year", 0, "chronic_breach")), 0, 0);
}

/* A breach only inside business hours; one only when maintenance counts as down. */
static void test_calendar_and_policy(void **state)
{
	time_t mar = fx_utc(2025, 3, 1, 0, 0), apr = fx_utc(2025, 4, 1, 0, 0);

	(void)state;
	paths();
	assert_int_equal(RUN("--rrd", bz, "--target", "99.9", "--now", "1746057600", "--alerts",
			     "off"), 0);
	assert_string_equal(win(mar, "met"), "true");
	assert_string_equal(win(apr, "met"), "true");
	/* Two windows: the median is the mean of March's 99.93280 and April's 100. */
	assert_near(num(cell("summary", "service", "biz", 0, "median_percent")),
		    (100 + 100 - 1800 / 26784.0) / 2, 1e-6);
	/* In scope 756000 s, budget 756 s: 1800 s down is 1044 s over. */
	assert_int_equal(RUN("--rrd", bz, "--target", "99.9", "--now", "1746057600", "--alerts",
			     "off", "--calendar", "monday-friday 08:00-18:00"), 1);
	assert_string_equal(win(mar, "met"), "false");
	assert_near(num(win(mar, "margin_seconds")), 756 - 1800, 1e-3);
	assert_string_equal(win(apr, "met"), "true");	/* 04-06 is a Sunday */
	/* Maintenance as down: 7200 s over 2592 s. */
	assert_int_equal(RUN("--rrd", bz, "--target", "99.9", "--now", "1746057600", "--alerts",
			     "off", "--policy", "maintenance=down"), 1);
	assert_string_equal(win(mar, "met"), "true");
	assert_string_equal(win(apr, "met"), "false");
	assert_near(num(win(apr, "margin_seconds")), 2592 - 7200, 1e-3);
}

/* Exactly at the boundary: met with no margin; one step more is missed. */
static void test_boundary(void **state)
{
	time_t jun = fx_utc(2025, 6, 1, 0, 0);

	(void)state;
	paths();
	assert_int_equal(RUN("--rrd", edge, "--target", "99.375", "--now", "1751328000", "--alerts",
			     "off"), 0);
	assert_string_equal(win(jun, "met"), "true");
	assert_near(num(win(jun, "margin_seconds")), 0, 1e-3);
	assert_near(num(win(jun, "budget_consumed_percent")), 100, 1e-6);
	/* A reward at or above exactly the attained level is earned. */
	assert_int_equal(RUN("--rrd", edge, "--target", "99.375", "--now", "1751328000", "--alerts",
			     "off", "--rewards", "99.375:3,99.4:7"), 0);
	assert_string_equal(win(jun, "reward_percent"), "3");
	assert_int_equal(RUN("--rrd", edge, "--target", "99.376", "--now", "1751328000", "--alerts",
			     "off"), 1);
	assert_string_equal(win(jun, "met"), "false");
}

/*
 * History shorter than one window: data 03-21..03-31 of March.  The March window starts
 * before the first data, is flagged and judged by the policy: unmonitored excluded -> met
 * on the 10 days (coverage 10/31); unmonitored down -> missed.  With --now inside March
 * there is no whole window at all: an error.
 */
static void test_short_history(void **state)
{
	time_t mar = fx_utc(2025, 3, 1, 0, 0);

	(void)state;
	paths();
	assert_int_equal(RUN("--rrd", shrt, "--target", "99.9", "--now", "1743465600", "--alerts",
			     "off"), 0);
	assert_near(num(cell("summary", "service", "short", 0, "windows")), 1, 0);
	assert_string_equal(win(mar, "before_data"), "true");
	assert_string_equal(win(mar, "met"), "true");
	assert_near(num(win(mar, "coverage_percent")), 100 * 10 / 31.0, 1e-6);
	assert_int_equal(RUN("--rrd", shrt, "--target", "99.9", "--now", "1743465600", "--alerts",
			     "off", "--policy", "unmonitored=down"), 1);
	assert_string_equal(win(mar, "met"), "false");
	/* Below min_coverage the window is insufficient data: neither met nor missed. */
	assert_int_equal(RUN("--rrd", shrt, "--target", "99.9", "--now", "1743465600", "--alerts",
			     "off", "--policy", "unmonitored=down", "--min-coverage", "90"), 0);
	assert_string_equal(win(mar, "verdict"), "insufficient_data");
	assert_string_equal(win(mar, "met"), "");
	assert_near(num(cell("summary", "service", "short", 0, "windows_insufficient_data")), 1, 0);
	assert_near(num(cell("summary", "service", "short", 0, "windows_missed")), 0, 0);
	assert_int_equal(RUN("--rrd", shrt, "--target", "99.9", "--now", "1743120000", "--alerts",
			     "off"), 2);
	assert_non_null(strstr(out, "shorter than one window"));
}

/*
 * One 20-minute total outage at 99.9: the 14.4x 1h/5m rule fires at the end of the first
 * down step (5 min window all down, 1 h window 300/3600 >= 0.0144) and stays true until
 * the 5-minute window is clean again: exactly one page, starting 12:05.  The default rules
 * add no second page (the 6x rule overlaps the first) and one ticket.
 */
static void test_alerts(void **state)
{
	char start[32];

	(void)state;
	paths();
	snprintf(start, sizeof(start), "%lld", (long long)(burn_ev[0].from + STEP));
	assert_int_equal(RUN("--rrd", burn, "--target", "99.9", "--now", "1748736000",
			     "--alerts", "page:14.4x1h/5m"), 0);
	assert_string_equal(win(fx_utc(2025, 5, 1, 0, 0), "pages"), "1");
	assert_string_equal(win(fx_utc(2025, 5, 1, 0, 0), "tickets"), "0");
	assert_string_equal(cell("alert", NULL, NULL, 0, "alert_start"), start);
	assert_string_equal(cell("alert", NULL, NULL, 0, "alert_severity"), "page");
	assert_int_equal(RUN("--rrd", burn, "--target", "99.9", "--now", "1748736000"), 0);
	assert_string_equal(win(fx_utc(2025, 5, 1, 0, 0), "pages"), "1");
	assert_string_equal(win(fx_utc(2025, 5, 1, 0, 0), "tickets"), "1");
	/* The contract may ignore short outages; an alert sees every error as it happens. */
	assert_int_equal(RUN("--rrd", burn, "--target", "99.9", "--now", "1748736000",
			     "--alerts", "page:14.4x1h/5m", "--policy",
			     "ignore_outages_shorter_than=30m"), 0);
	assert_string_equal(win(fx_utc(2025, 5, 1, 0, 0), "availability_percent"), "100");
	assert_string_equal(win(fx_utc(2025, 5, 1, 0, 0), "pages"), "1");
	/*
	 * The highest the outage drives min(1 h ratio, 5 min ratio) is 1200/3600 = 1/3: a
	 * factor of 333 fires (333 x 0.001 <= 1/3), 334 does not.
	 */
	assert_int_equal(RUN("--rrd", burn, "--target", "99.9", "--now", "1748736000",
			     "--alerts", "page:333x1h/5m"), 0);
	assert_string_equal(win(fx_utc(2025, 5, 1, 0, 0), "pages"), "1");
	assert_int_equal(RUN("--rrd", burn, "--target", "99.9", "--now", "1748736000",
			     "--alerts", "page:334x1h/5m"), 0);
	assert_string_equal(win(fx_utc(2025, 5, 1, 0, 0), "pages"), "0");
	/* At 90 % the budget is 10 %: 14.4 x 0.1 > 1, no error ratio reaches it. */
	assert_int_equal(RUN("--rrd", burn, "--target", "90", "--now", "1748736000",
			     "--alerts", "page:14.4x1h/5m"), 0);
	assert_string_equal(win(fx_utc(2025, 5, 1, 0, 0), "pages"), "0");
}

/*
 * The sweep re-judges the same windows: 99.8 and 99.85 met in all 12 (February's 99.85119
 * is the lowest), 99.9 in 9, 99.95 in 8 (January 99.9328 too).  Its 99.9 row equals the
 * single-target run, alerts and chronic triggers included.
 */
static void test_sweep(void **state)
{
	static const struct { const char *target; const char *met; } want[] = {
		{ "99.8", "12" }, { "99.85", "12" }, { "99.9", "9" }, { "99.95", "8" },
	};
	const char *forms[] = { "99.8,99.85,99.9,99.95", "99.8..99.95/0.05" };
	char pages[16], tickets[16];

	(void)state;
	paths();
	assert_int_equal(RUN("--rrd", yr, "--target", "99.9", "--now", NOW_2026, "--chronic", "2/5",
			     "--credits", "99.9:10"), 1);
	snprintf(pages, sizeof(pages), "%s", cell("summary", "service", "year", 0, "pages"));
	snprintf(tickets, sizeof(tickets), "%s", cell("summary", "service", "year", 0, "tickets"));
	assert_string_equal(pages, "4");
	for (size_t f = 0; f < ARRAY_LEN(forms); f++) {
		assert_int_equal(RUN("--rrd", yr, "--target", "99.9", "--now", NOW_2026, "--chronic",
				     "2/5", "--credits", "99.9:10", "--targets", forms[f]), 1);
		for (size_t i = 0; i < ARRAY_LEN(want); i++) {
			assert_near(num(cell("sweep", NULL, NULL, (int)i, "target_percent")),
				    strtod(want[i].target, NULL), 1e-9);
			assert_string_equal(cell("sweep", NULL, NULL, (int)i, "windows_met"),
					    want[i].met);
		}
		assert_string_equal(cell("sweep", NULL, NULL, 2, "pages"), pages);
		assert_string_equal(cell("sweep", NULL, NULL, 2, "tickets"), tickets);
		assert_string_equal(cell("sweep", NULL, NULL, 2, "chronic_breach"), "2");
		assert_string_equal(cell("sweep", NULL, NULL, 2, "credit_percent"), "30");
		assert_string_equal(cell("sweep", NULL, NULL, 0, "chronic_breach"), "0");
	}
}

/* Rewards at or above a level, from the config with bill and chronic_breach too. */
static void test_config(void **state)
{
	char cfg[PATH_MAX], yml[3 * PATH_MAX];
	FILE *f;

	(void)state;
	paths();
	path_in("bt.yml", cfg, sizeof(cfg));
	snprintf(yml, sizeof(yml),
		 "services:\n"
		 "  - name: shop\n    archive: %s\n    availability: 99.9\n    bill: 200\n"
		 "    rewards:\n      - { at_or_above: 99.99, bonus: 5 }\n"
		 "      - { at_or_above: 99.9, bonus: 1 }\n"
		 "    chronic_breach: { missed: 2, of: 5 }\n    alerts: off\n"
		 "  - name: other\n    archive: %s\n    availability: 99\n    alerts: off\n", yr, bz);
	assert_non_null(f = fopen(cfg, "w"));
	fputs(yml, f);
	fclose(f);
	assert_int_equal(RUN("-c", cfg, "--now", NOW_2026, "--service", "shop"), 1);
	/* 8 months at 100 % earn 5 each, January (99.93) 1: 41 % of a 200 bill = 82. */
	assert_string_equal(win(fx_utc(2025, 3, 1, 0, 0), "reward_percent"), "5");
	assert_string_equal(win(fx_utc(2025, 1, 1, 0, 0), "reward_percent"), "1");
	assert_string_equal(win(fx_utc(2025, 2, 1, 0, 0), "reward_percent"), "0");
	assert_near(num(cell("summary", "service", "shop", 0, "reward_percent")), 41, 0);
	assert_near(num(cell("summary", "service", "shop", 0, "reward_money")), 82, 1e-9);
	assert_near(num(cell("summary", "service", "shop", 0, "chronic_breach")), 2, 0);
	/* Overrides from the command line win over the file. */
	assert_int_equal(RUN("-c", cfg, "--now", NOW_2026, "--service", "shop", "--target",
			     "99.85"), 0);
	assert_int_equal(RUN("-c", cfg, "--now", NOW_2026, "--service", "nope"), 2);
}

/* Runs `sla-report backtest -f json -o dir/name` with args (the -f csv of run() is overridden). */
static void run_json(const char *name, const char *const *args)
{
	char path[PATH_MAX];
	const char *all[40] = { "-f", "json", "-o", path };
	size_t n = 4;
	int rc;

	path_in(name, path, sizeof(path));
	for (size_t i = 0; args[i] != NULL && n < 39; i++)
		all[n++] = args[i];
	all[n] = NULL;
	rc = run(all);
	if (rc < 0 || rc > 2)
		fail_msg("sla-report backtest failed (%d): %s", rc, out);
}

#define RUN_JSON(name, ...) run_json(name, (const char *const[]){ __VA_ARGS__, NULL })

/*
 * The JSON of a year with a sweep, chronic breach, rewards and money, of alerts, of
 * insufficient data and of an archive that cannot be read is valid under
 * reports/sla-backtest.schema.json (Debian's python3-jsonschema).
 */
static void test_schema(void **state)
{
	static const char *const names[] = { "j-year.json", "j-burn.json", "j-short.json",
					     "j-bad.json" };
	char schema[PATH_MAX], script[PATH_MAX], files[ARRAY_LEN(names)][PATH_MAX];
	char *argv[ARRAY_LEN(names) + 4];
	size_t n = 0;

	(void)state;
	paths();
	RUN_JSON(names[0], "--rrd", yr, "--target", "99.9", "--now", NOW_2026, "--chronic", "2/5",
		 "--credits", "99.9:10", "--rewards", "99.99:5", "--bill", "100", "--targets",
		 "99.8..99.95/0.05");
	RUN_JSON(names[1], "--rrd", burn, "--target", "99.9", "--now", "1748736000");
	RUN_JSON(names[2], "--rrd", shrt, "--target", "99.9", "--now", "1743465600",
		 "--min-coverage", "90", "--latency", "p95<=200ms");
	RUN_JSON(names[3], "--rrd", "/nonexistent/x.rrd", "--target", "99.9");
	snprintf(schema, sizeof(schema), "%s/reports/sla-backtest.schema.json",
		 getenv("NINES_SRC"));
	snprintf(script, sizeof(script), "%s/t/json-schema-check.py", getenv("NINES_SRC"));
	argv[n++] = "/usr/bin/python3";
	argv[n++] = script;
	argv[n++] = schema;
	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		path_in(names[i], files[i], sizeof(files[i]));
		argv[n++] = files[i];
	}
	argv[n] = NULL;
	if (fx_run(argv, NULL, out, OUTLEN) != 0)
		fail_msg("the JSON does not follow the schema:\n%s", out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_year),
		cmocka_unit_test(test_history_and_chronic),
		cmocka_unit_test(test_calendar_and_policy),
		cmocka_unit_test(test_boundary),
		cmocka_unit_test(test_short_history),
		cmocka_unit_test(test_alerts),
		cmocka_unit_test(test_sweep),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_schema),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
