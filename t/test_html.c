/*
 * sla-report --format html (and backtest --format html) end to end: the built binary over
 * archives written here in the plugins' layout, with histories whose figures are worked
 * out by hand in the comments.  The page's structure is read back from its markup (the
 * charts carry their figures as data-* attributes), hostile names must come out escaped,
 * nothing may reach for the network, and a real headless Chromium must render it.
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
#define OUTLEN (4 << 20)

static char bin[PATH_MAX], dir[64];
static char *out, *page;


static void path_in(const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

/* Runs sla-report with args; stdout+stderr in out; the exit status. */
static int run(const char *const *args)
{
	return fx_run_args(bin, args, NULL, out, OUTLEN);
}

#define RUN(...) run((const char *const[]){ __VA_ARGS__, NULL })

/* The whole of file name (in dir) into page. */
static void slurp(const char *name)
{
	char path[PATH_MAX];
	FILE *f;
	size_t n;

	path_in(name, path, sizeof(path));
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s; sla-report said:\n%s", path, out);
	n = fread(page, 1, OUTLEN - 1, f);
	page[n] = '\0';
	fclose(f);
}

static void write_file(const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	path_in(name, path, sizeof(path));
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* ---- the histories ---- */

/*
 * May 2025 (31 days = 2678400 s), 24x7, target 99.9, checks every 5 minutes: 20 minutes
 * down on 05-10 12:00..12:20, up otherwise.  The period: 100 - 1200/26784 = 99.955197 %;
 * budget 2678.4 s, 1200 s of it spent = 44.802867 %, so the burn-down ends at 55.197133 %.
 * The day 05-10: 100 - 1200/864 = 98.611 %, below 99.9: the one red cell of 31.
 */
static const struct trd_event outage_ev[] = {
	{ TRD_DOWN, 1746878400 /* 05-10 12:00 */, 1746878400 + 1200 },
};

/*
 * The same month without any check on 05-20: that day has no data (hatched, not red);
 * and 10 minutes down on the last day, 05-31 12:00..12:10 (98.61 %... of that day: red).
 */
static const struct trd_event gap_ev[] = {
	{ TRD_GAP, 1747699200 /* 05-20 00:00 */, 1747785600 /* 05-21 00:00 */ },
	{ TRD_DOWN, 1748692800 /* 05-31 12:00 */, 1748692800 + 600 },
};

#define MAY "2025-05"
#define NOW_JUNE "1749000000"	/* 2025-06-04 */
#define NOW_2026 "1767225600"	/* 2026-01-01 00:00 UTC */

/*
 * 2025, target 99.9, monthly: down 30 min in January (met), 60 min in February (missed),
 * 45 min in June (missed), 50 min in October (missed), as in t/test_backtest.c.
 */
static const struct trd_event year_ev[] = {
	{ TRD_DOWN, 1736899200 /* 01-15 00:00 */, 1736899200 + 1800 },
	{ TRD_DOWN, 1739620800 /* 02-15 12:00 */, 1739620800 + 3600 },
	{ TRD_DOWN, 1749988800 /* 06-15 12:00 */, 1749988800 + 2700 },
	{ TRD_DOWN, 1760529600 /* 10-15 12:00 */, 1760529600 + 3000 },
};

/* A file name the plugins would have written for a name with a byte that is not UTF-8. */
#define ALIEN_RRD "bad%FFname%3Cb%3E%26%22.rrd"

static const char hostile_yml[] =
	"title: \"Report <script>alert(1)</script> & co\"\n"
	"services:\n"
	"  - { name: \"<script>alert('x')</script> & \\\"q\\\"\", archive: %s/outage.rrd,"
	" availability: 99.9 }\n"
	"  - { name: \"ctl\\x01\\x1b[31mred\", archive: %s/outage.rrd, availability: 99.9 }\n";

static int setup(void **state)
{
	char path[PATH_MAX], yml[4096];

	(void)state;
	snprintf(bin, sizeof(bin), "%s/reports/sla-report", getenv("NINES_BUILD"));
	snprintf(dir, sizeof(dir), "/tmp/nines-html.XXXXXX");
	if (mkdtemp(dir) == NULL || (out = malloc(OUTLEN)) == NULL ||
	    (page = malloc(OUTLEN)) == NULL)
		return -1;
	assert_int_equal(fx_utc(2025, 5, 10, 12, 0), outage_ev[0].from);
	assert_int_equal(fx_utc(2025, 5, 20, 0, 0), gap_ev[0].from);
	assert_int_equal(fx_utc(2025, 5, 31, 12, 0), gap_ev[1].from);
	assert_int_equal(fx_utc(2025, 2, 15, 12, 0), year_ev[1].from);
	path_in("outage.rrd", path, sizeof(path));
	trd_history(path, STEP, fx_utc(2025, 5, 1, 0, 0), fx_utc(2025, 6, 1, 0, 0), outage_ev,
		    ARRAY_LEN(outage_ev));
	path_in("gap.rrd", path, sizeof(path));
	trd_history(path, STEP, fx_utc(2025, 5, 1, 0, 0), fx_utc(2025, 6, 1, 0, 0), gap_ev,
		    ARRAY_LEN(gap_ev));
	path_in(ALIEN_RRD, path, sizeof(path));
	trd_history(path, STEP, fx_utc(2025, 5, 1, 0, 0), fx_utc(2025, 6, 1, 0, 0), NULL, 0);
	path_in("year.rrd", path, sizeof(path));
	trd_history(path, STEP, fx_utc(2025, 1, 1, 0, 0), fx_utc(2026, 1, 1, 0, 0), year_ev,
		    ARRAY_LEN(year_ev));
	snprintf(yml, sizeof(yml),
		 "services:\n"
		 "  - { name: outage, archive: %s/outage.rrd, availability: 99.9,"
		 " latency: \"p95 <= 200ms\" }\n"
		 "  - { name: gap, archive: %s/gap.rrd, availability: 99.9 }\n", dir, dir);
	write_file("month.yml", yml);
	snprintf(yml, sizeof(yml), hostile_yml, dir, dir);
	write_file("hostile.yml", yml);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_rmtree(dir);
	free(out);
	free(page);
	return 0;
}

/* ---- reading the page back ---- */

/* The section of the page whose <h2> starts with name (as written, escaped); fails if none. */
static const char *section_of(const char *name, char *buf, size_t len)
{
	char head[512];
	const char *s, *e;

	snprintf(head, sizeof(head), "<h2>%s ", name);
	s = strstr(page, head);
	if (s == NULL)
		fail_msg("no section '%s' in the page:\n%.4000s", name, page);
	e = strstr(s, "</section>");
	assert_non_null(e);
	snprintf(buf, len, "%.*s", (int)(e - s), s);
	return buf;
}

/* The <svg> of chart key inside text, NUL-terminated in buf; NULL when there is none. */
static const char *chart_in(const char *text, const char *key, char *buf, size_t len)
{
	char open[64];
	const char *s, *e;

	snprintf(open, sizeof(open), "<svg class=\"chart %s\"", key);
	if ((s = strstr(text, open)) == NULL || (e = strstr(s, "</svg>")) == NULL)
		return NULL;
	snprintf(buf, len, "%.*s", (int)(e - s), s);
	return buf;
}

static size_t count(const char *text, const char *what)
{
	size_t n = 0;

	for (const char *p = strstr(text, what); p != NULL; p = strstr(p + 1, what))
		n++;
	return n;
}

/* The number in attribute attr="..." of the first element at or after p. */
static double attr_num(const char *p, const char *attr)
{
	char key[64];
	const char *v;

	snprintf(key, sizeof(key), " %s=\"", attr);
	if ((v = strstr(p, key)) == NULL)
		fail_msg("no %s in:\n%.2000s", attr, p);
	return strtod(v + strlen(key), NULL);
}

/* The cell of day (YYYY-MM-DD) in a strip: its <g ...> tag up to the first rect's end. */
static const char *cell_of(const char *svg, const char *day, char *buf, size_t len)
{
	char key[64];
	const char *s, *g, *e;

	snprintf(key, sizeof(key), "data-day=\"%s\"", day);
	if ((s = strstr(svg, key)) == NULL)
		fail_msg("no cell for %s in:\n%.3000s", day, svg);
	for (g = s; g > svg && strncmp(g, "<g ", 3) != 0; g--)
		;
	e = strstr(s, "/>");
	assert_non_null(e);
	snprintf(buf, len, "%.*s", (int)(e - g), g);
	return buf;
}

static void assert_near(double got, double want, double tol)
{
	if (!(fabs(got - want) <= tol))
		fail_msg("got %.9f, want %.9f (tolerance %g)", got, want, tol);
}

static char sect[1 << 20], svg[1 << 19], one[1024];

/* ---- tests ---- */

/*
 * The strip has one cell per day of May (31), the outage day red (missed) and every other
 * day green (met); the day without checks is hatched as no data, not red.
 */
/* Runs `sla-report ARGS -f html -o NAME` (in dir) and reads the page; the exit status. */
static int html(const char *name, const char *const *args)
{
	char *argv[64], path[PATH_MAX];
	int n = 0, rc;

	path_in(name, path, sizeof(path));
	argv[n++] = bin;
	for (size_t i = 0; args[i] != NULL && n < 59; i++)
		argv[n++] = (char *)args[i];
	argv[n++] = "-f";
	argv[n++] = "html";
	argv[n++] = "-o";
	argv[n++] = path;
	argv[n] = NULL;
	rc = fx_run(argv, NULL, out, OUTLEN);
	slurp(name);
	return rc;
}

#define HTML(name, ...) html(name, (const char *const[]){ __VA_ARGS__, NULL })

static char cfg_month[PATH_MAX], cfg_hostile[PATH_MAX], alien[PATH_MAX], year[PATH_MAX];

static void paths(void)
{
	path_in("month.yml", cfg_month, sizeof(cfg_month));
	path_in("hostile.yml", cfg_hostile, sizeof(cfg_hostile));
	path_in(ALIEN_RRD, alien, sizeof(alien));
	path_in("year.rrd", year, sizeof(year));
}

/*
 * The strip has one cell per day of May (31), the outage day red (missed) and every other
 * day green (met); the day without checks is hatched as no data, not red.
 */
static void test_strip(void **state)
{
	char day[16];

	(void)state;
	paths();
	assert_int_equal(HTML("month.html", "-c", cfg_month, "-p", MAY, "--now", NOW_JUNE), 0);
	section_of("outage", sect, sizeof(sect));
	assert_non_null(chart_in(sect, "strip", svg, sizeof(svg)));
	assert_int_equal(count(svg, "<g class=\"cell "), 31);
	assert_near(attr_num(svg, "data-cells"), 31, 0);
	cell_of(svg, "2025-05-01", one, sizeof(one));
	assert_non_null(strstr(one, "class=\"cell met\""));
	cell_of(svg, "2025-05-31", one, sizeof(one));
	assert_non_null(strstr(one, "class=\"cell met\""));
	cell_of(svg, "2025-05-10", one, sizeof(one));
	assert_non_null(strstr(one, "class=\"cell missed\""));
	assert_non_null(strstr(one, "fill=\"#d62728\""));
	assert_near(attr_num(one, "data-value"), 100 - 1200 / 864.0, 1e-5);
	assert_int_equal(count(svg, "class=\"cell missed\""), 1);
	assert_int_equal(count(svg, "class=\"cell met\""), 30);
	assert_int_equal(count(svg, "fill=\"#d62728\""), 1);

	section_of("gap", sect, sizeof(sect));
	assert_non_null(chart_in(sect, "strip", svg, sizeof(svg)));
	assert_int_equal(count(svg, "<g class=\"cell "), 31);
	cell_of(svg, "2025-05-20", one, sizeof(one));
	assert_non_null(strstr(one, "class=\"cell no-data\""));
	assert_non_null(strstr(one, "fill=\"url(#hatch)\""));
	assert_int_equal(count(svg, "fill=\"#d62728\""), 1);
	for (int d = 1; d <= 31; d++) {
		snprintf(day, sizeof(day), "2025-05-%02d", d);
		cell_of(svg, day, one, sizeof(one));
		if (d != 20)
			assert_non_null(strstr(one, d == 31 ? "class=\"cell missed\"" :
					       "class=\"cell met\""));
	}
}

/* The number after "key": following the service's "name": "svc" in the JSON report. */
static double json_num(const char *svc, const char *key)
{
	char k[128];
	const char *p;

	snprintf(k, sizeof(k), "\"name\": \"%s\"", svc);
	if ((p = strstr(out, k)) == NULL)
		fail_msg("no service %s in:\n%.3000s", svc, out);
	snprintf(k, sizeof(k), "\"%s\": ", key);
	if ((p = strstr(p, k)) == NULL)
		fail_msg("no %s in:\n%.3000s", key, out);
	return strtod(p + strlen(k), NULL);
}

/*
 * The burn-down starts with the whole budget and ends at what the period left of it:
 * 100 - 44.802867 = 55.197133 %, the same as 100 - the JSON's budget_consumed_percent.  The
 * gap service spends its budget on the last day only: 100 % until then, and its end is
 * again 100 - the JSON's figure (600 s of 0.1 % of the monitored time).  The latency line (10 ms every day) sits under its objective.
 */
static void test_burndown(void **state)
{
	double consumed;

	(void)state;
	paths();
	assert_int_equal(RUN("-c", cfg_month, "-p", MAY, "--now", NOW_JUNE, "-f", "json"), 0);
	consumed = json_num("outage", "budget_consumed_percent");
	assert_near(consumed, 100 * 1200 / 2678.4, 1e-4);
	assert_int_equal(HTML("month.html", "-c", cfg_month, "-p", MAY, "--now", NOW_JUNE), 0);
	section_of("outage", sect, sizeof(sect));
	assert_non_null(chart_in(sect, "burndown", svg, sizeof(svg)));
	assert_near(attr_num(svg, "data-last"), 100 - consumed, 1e-5);
	assert_near(attr_num(svg, "data-points"), 32, 0);	/* the start and 31 day ends */
	assert_non_null(strstr(sect, "ends at <b class=\"last\">55.197%</b>"));
	assert_non_null(chart_in(sect, "latency", svg, sizeof(svg)));
	assert_near(attr_num(svg, "data-last"), 10, 1e-6);
	assert_near(attr_num(strstr(svg, "class=\"target\""), "data-value"), 200, 0);
	assert_int_equal(RUN("-c", cfg_month, "-p", MAY, "--now", NOW_JUNE, "-f", "json"), 0);
	consumed = json_num("gap", "budget_consumed_percent");
	/* 24:05 of the month is unmonitored (the day and the check interval after it). */
	assert_near(consumed, 100 * 600 / (2678.4 - 86.7), 1e-6);
	section_of("gap", sect, sizeof(sect));
	assert_non_null(chart_in(sect, "burndown", svg, sizeof(svg)));
	assert_near(attr_num(svg, "data-last"), 100 - consumed, 1e-5);
	assert_null(chart_in(sect, "latency", svg, sizeof(svg)));	/* no latency objective */
	/* The figures of the summary are the report's. */
	assert_non_null(strstr(page, "99.9552%"));
	assert_non_null(strstr(page, "<span class=\"mark v-met\">\u2714 met</span>"));
}

/*
 * Every name from the config or an archive's file name comes out escaped: markup, quotes,
 * ampersands, control characters (visible as Control Pictures) and bytes that are not
 * UTF-8 (U+FFFD).
 */
static void test_hostile(void **state)
{
	(void)state;
	paths();
	assert_int_equal(HTML("hostile.html", "-c", cfg_hostile, "-p", MAY, "--now", NOW_JUNE),
			 0);
	assert_null(strstr(page, "<script"));
	assert_null(strstr(page, "\x1b"));
	assert_null(strstr(page, "\x01"));
	assert_non_null(strstr(page, "<title>Report &lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
			       "</title>"));
	section_of("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;", sect,
		   sizeof(sect));
	section_of("ctl&#x2401;&#x241b;[31mred", sect, sizeof(sect));
	assert_int_equal(HTML("alien.html", "--rrd", alien, "--target", "99", "-p", MAY,
			      "--now", NOW_JUNE), 0);
	assert_null(strstr(page, "\xff"));
	section_of("bad&#xfffd;name&lt;b&gt;&amp;&quot;", sect, sizeof(sect));
}

/* Nothing in the page can fetch anything: no URL, script, external source or import. */
static void no_network(const char *what)
{
	static const char *const banned[] = {
		"http:", "https:", "//", "<script", "<link", "<img", "<iframe", "<object",
		"<embed", "@import", "@font-face", "<base", "ftp:", "javascript:",
	};
	const char *p;

	for (size_t i = 0; i < ARRAY_LEN(banned); i++)
		if ((p = strstr(page, banned[i])) != NULL)
			fail_msg("%s: '%s' at: %.200s", what, banned[i], p);
	for (p = strstr(page, "src="); p != NULL; p = strstr(p + 1, "src="))
		if (strncmp(p, "src=\"data:", 10) != 0)
			fail_msg("%s: a source that is not data: %.200s", what, p);
	for (p = strstr(page, "url("); p != NULL; p = strstr(p + 1, "url("))
		if (strncmp(p, "url(#", 5) != 0)
			fail_msg("%s: a url() that is not in the page: %.200s", what, p);
	assert_non_null(strstr(page, "@media print{"));	/* a print layout of its own */
	assert_non_null(strstr(page, "<meta http-equiv=\"Content-Security-Policy\" content=\""
			       "default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"));
}

static void test_no_network(void **state)
{
	(void)state;
	paths();
	HTML("month.html", "-c", cfg_month, "-p", MAY, "--now", NOW_JUNE);
	no_network("report");
	HTML("hostile.html", "-c", cfg_hostile, "-p", MAY, "--now", NOW_JUNE);
	no_network("hostile report");
	HTML("backtest.html", "backtest", "--rrd", year, "--target", "99.9", "--now", NOW_2026,
	     "--targets", "99,99.9");
	no_network("back-test");
}

/*
 * The back-test page: one bar per month of 2025 against the 99.9 % line, February, June
 * and October red; the sweep table with a row per candidate (99 met in all 12, 99.9 in 9).
 */
static void test_backtest(void **state)
{
	static const char *const months[] = {
		"met", "missed", "met", "met", "met", "missed", "met", "met", "met", "missed", "met",
		"met",
	};
	char day[16], want[64];

	(void)state;
	paths();
	assert_int_equal(HTML("backtest.html", "backtest", "--rrd", year, "--target", "99.9",
			      "--now", NOW_2026, "--targets", "99,99.9"), 1);
	assert_non_null(chart_in(page, "backtest", svg, sizeof(svg)));
	assert_int_equal(count(svg, "<g class=\"cell "), 12);
	assert_near(attr_num(strstr(svg, "class=\"target\""), "data-value"), 99.9, 0);
	for (int m = 1; m <= 12; m++) {
		snprintf(day, sizeof(day), "2025-%02d-01", m);
		snprintf(want, sizeof(want), "class=\"cell %s\"", months[m - 1]);
		cell_of(svg, day, one, sizeof(one));
		if (strstr(one, want) == NULL)
			fail_msg("month %d: want %s in %s", m, want, one);
	}
	cell_of(svg, "2025-02-01", one, sizeof(one));
	assert_near(attr_num(one, "data-value"), 100 - 3600 / 24192.0, 1e-5);
	assert_non_null(strstr(page, "Met in <b>9 of 12</b> windows"));
	assert_non_null(strstr(page, "<table class=\"sweep\">"));
	assert_non_null(strstr(page, "<tr><td>99%</td><td>12</td><td>0</td>"));
	assert_non_null(strstr(page, "<tr><td>99.9%</td><td>9</td><td>3</td>"));
}

/*
 * A real browser: headless Chromium opens the page from the file (no network, a fresh
 * profile), and the DOM it built holds the charts, the escaped names and the figures.
 */
static int chromium_dom(const char *name)
{
	char path[PATH_MAX], url[PATH_MAX + 16], profile[PATH_MAX], pflag[PATH_MAX + 32];
	char *argv[] = {
		"/usr/bin/timeout", "120", "chromium", "--headless", "--no-sandbox",
		"--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		pflag, "--dump-dom", url, NULL,
	};

	path_in(name, path, sizeof(path));
	snprintf(url, sizeof(url), "file://%s", path);
	snprintf(profile, sizeof(profile), "%s/chromium.XXXXXX", dir);
	assert_non_null(mkdtemp(profile));
	snprintf(pflag, sizeof(pflag), "--user-data-dir=%s", profile);
	return fx_run(argv, NULL, out, OUTLEN);
}

static void test_chromium(void **state)
{
	(void)state;
	paths();
	assert_int_equal(HTML("hostile.html", "-c", cfg_hostile, "-p", MAY, "--now", NOW_JUNE),
			 0);
	assert_int_equal(chromium_dom("hostile.html"), 0);
	/* The DOM as Chromium serialises it: < > & escaped in text, quotes not. */
	assert_non_null(strstr(out, "<h2>&lt;script&gt;alert('x')&lt;/script&gt; &amp; \"q\" "));
	assert_null(strstr(out, "<script"));
	assert_non_null(strstr(out, "<svg class=\"chart strip\""));
	assert_non_null(strstr(out, "data-cells=\"31\""));
	assert_non_null(strstr(out, "99.9552%"));
	assert_non_null(strstr(out, "</html>"));

	assert_int_equal(HTML("month.html", "-c", cfg_month, "-p", MAY, "--now", NOW_JUNE), 0);
	assert_int_equal(chromium_dom("month.html"), 0);
	assert_non_null(strstr(out, "<h2>outage <span"));
	assert_non_null(strstr(out, "<h2>gap <span"));
	assert_non_null(strstr(out, "55.197%"));
	assert_int_equal(count(out, "<g class=\"cell "), 62);
	assert_non_null(strstr(out, "data-day=\"2025-05-10\""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strip),
		cmocka_unit_test(test_burndown),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_no_network),
		cmocka_unit_test(test_backtest),
		cmocka_unit_test(test_chromium),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
