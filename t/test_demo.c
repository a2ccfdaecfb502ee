/*
 * make demo's script (contrib/demo/demo.sh) run as make demo runs it, with its output
 * directory in a temporary one: it ends well, every plugin answered OK and wrote its
 * archive, and every file it lists is there and not empty (the PDF report and the
 * scorecard too, once sla-report has them).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fixture.h"

#define OUT_MAX (1024 * 1024)

static char dir[64], *out;
static int rc;

static int setup(void **state)
{
	char script[512], env_o[600], env_out[128];
	char *argv[] = { "/bin/sh", script, NULL };
	char *env[] = { env_o, env_out, NULL };

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/nines-demo-test.XXXXXX");
	if (mkdtemp(dir) == NULL || (out = malloc(OUT_MAX)) == NULL)
		return -1;
	snprintf(script, sizeof(script), "%s/contrib/demo/demo.sh", getenv("NINES_SRC"));
	snprintf(env_o, sizeof(env_o), "O=%s", getenv("NINES_BUILD"));
	snprintf(env_out, sizeof(env_out), "DEMO_OUT=%s", dir);
	rc = fx_run(argv, env, out, OUT_MAX);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_rmtree(dir);
	free(out);
	return 0;
}

static void test_demo_ends_well(void **state)
{
	(void)state;
	if (rc != 0)
		fail_msg("demo.sh exited %d:\n%s", rc, out);
	assert_non_null(strstr(out, "files written"));
	assert_null(strstr(out, "MISSING OR EMPTY"));
}

static void test_plugins_ran_and_wrote(void **state)
{
	static const char *const want[] = {
		"check_snmp_avail -H", "check_snmp_if -H", "check_snmp_ping -H",
		"SNMP OK - 127.0.0.1 answered 3/3 GETs", "SNMP OK - Gi0/1 up",
		"SNMP OK - 127.0.0.1 test 'noc'/'wan-core1'", "SNMP CRITICAL - Gi0/2 down",
		"DISMAN-PING-MIB --owner 'noc' --test 'wan-core1'",
		"$DEMO/rrd/demo-router/snmp.rrd", "$DEMO/rrd/demo-router/uplink.rrd",
		"$DEMO/rrd/demo-router/wan-core1.rrd",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (strstr(out, want[i]) == NULL)
			fail_msg("'%s' not in the demo's output:\n%s", want[i], out);
	/* No plugin failed to write its archive (that would be UNKNOWN). */
	assert_null(strstr(out, "SNMP UNKNOWN"));
}

/* A file the demo leaves in its output directory: there, and at least min bytes. */
static void expect_file(const char *name, long min)
{
	char path[256];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (stat(path, &st) != 0 || st.st_size < min)
		fail_msg("'%s' missing or shorter than %ld bytes", name, min);
	if (strstr(out, path) == NULL)
		fail_msg("the demo does not print the path '%s'", path);
}

static void test_files_written(void **state)
{
	(void)state;
	expect_file("history-events.txt", 5000);
	expect_file("report-2026-11.txt", 2000);
	expect_file("report-2026-11.html", 10000);
	expect_file("backtest.html", 10000);
	expect_file("backtest.csv", 1000);
	expect_file("report-2026-11.pdf", 1000);
	expect_file("backtest.pdf", 1000);
	expect_file("scorecard-2026-11.txt", 1000);
	expect_file("scorecard-2026-11.html", 5000);
	expect_file("scorecard-2026-11.pdf", 1000);
	/* A KPI of the engine and one of the measures file, traced to its line. */
	assert_non_null(strstr(out, "from web shop: availability 99.8795 %"));
	assert_non_null(strstr(out, "from measures.csv:14: satisfaction 7.9"));
}

/* The month's HTML report carries the scorecard in its summary (--scorecard). */
static void test_html_holds_the_scorecard(void **state)
{
	char path[256];
	char *page = malloc(OUT_MAX);
	FILE *f;
	size_t n;

	(void)state;
	assert_non_null(page);
	snprintf(path, sizeof(path), "%s/report-2026-11.html", dir);
	assert_non_null(f = fopen(path, "rb"));
	n = fread(page, 1, OUT_MAX - 1, f);
	page[n] = '\0';
	fclose(f);
	if (strstr(page, "web shop") == NULL || strstr(page, "Shop availability") == NULL)
		fail_msg("the HTML report lacks a service or the scorecard");
	free(page);
}

/* The month's report tells the stories of the history. */
static void test_report_holds_the_services(void **state)
{
	static const char *const want[] = {
		"WAN core1", "core2 management", "web pool", "web shop",
		"2026-11-10 10:00:00 CET .. 2026-11-10 13:30:00 CET",	/* the line card */
		"2026-11-18 14:05:00 CET .. 2026-11-18 14:47:00 CET",	/* both web servers */
		"sweep:",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (strstr(out, want[i]) == NULL)
			fail_msg("'%s' not in the demo's output", want[i]);
}

/* The PDF report's text (pdftotext) holds the services and, with the scorecard, a KPI. */
static void test_pdf_holds_the_report(void **state)
{
	char path[256], *text = malloc(OUT_MAX);
	char *argv[] = { "/usr/bin/pdftotext", path, "-", NULL };

	(void)state;
	assert_non_null(text);
	snprintf(path, sizeof(path), "%s/report-2026-11.pdf", dir);
	assert_int_equal(fx_run(argv, NULL, text, OUT_MAX), 0);
	if (strstr(text, "web shop") == NULL || strstr(text, "core2 management") == NULL ||
	    strstr(text, "Shop availability") == NULL)
		fail_msg("the PDF report lacks a service or the scorecard:\n%.2000s", text);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_ends_well),
		cmocka_unit_test(test_plugins_ran_and_wrote),
		cmocka_unit_test(test_files_written),
		cmocka_unit_test(test_report_holds_the_services),
		cmocka_unit_test(test_html_holds_the_scorecard),
		cmocka_unit_test(test_pdf_holds_the_report),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
