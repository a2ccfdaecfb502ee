/* Perfdata: plain decimals in the C locale, quoting, U, thresholds, the 8192-byte cap. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "perf.h"
#include "plugin.h"

static void test_numbers(void **state)
{
	static const struct { double v; int dec; const char *want; } cases[] = {
		{ 0.312, 6, "0.312" }, { 1000000, 6, "1000000" }, { 1e15, 3, "1000000000000000" },
		{ 1e-7, 6, "0" }, { 0.0000015, 6, "0.000002" }, { -0.0, 3, "0" }, { -1.5, 3, "-1.5" },
		{ 100, 0, "100" }, { 12.5, 0, "12" }, { 2.50, 3, "2.5" },
	};
	char buf[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_true(perf_number(buf, sizeof(buf), cases[i].v, cases[i].dec) > 0);
		assert_string_equal(buf, cases[i].want);
		assert_null(strpbrk(buf, "eE,"));
	}
	assert_int_equal(perf_number(buf, sizeof(buf), NAN, 3), 1);
	assert_string_equal(buf, "U");
	assert_int_equal(perf_number(buf, sizeof(buf), INFINITY, 3), 1);
	assert_string_equal(buf, "U");
	assert_int_equal(perf_number(buf, 4, 123456, 0), -1);
}

static void test_items(void **state)
{
	struct range w = RANGE_INIT, c = RANGE_INIT;
	char buf[512] = "", err[128];

	(void)state;
	assert_int_equal(range_parse("200", &w, err, sizeof(err)), 0);
	assert_int_equal(range_parse("@10:500", &c, err, sizeof(err)), 0);
	assert_int_equal(perf_append(buf, sizeof(buf), "rta", 0.312, "ms", &w, &c, 0, NAN), 0);
	assert_int_equal(perf_append(buf, sizeof(buf), "pl", 0, "%", NULL, NULL, 0, 100), 0);
	assert_int_equal(perf_append(buf, sizeof(buf), "in traffic", 1e6, "c", NULL, NULL, NAN, NAN), 0);
	assert_int_equal(perf_append(buf, sizeof(buf), "it's", NAN, "ms", &w, NULL, NAN, NAN), 0);
	assert_string_equal(buf, "rta=0.312ms;200;@10:500;0 pl=0%;;;0;100 'in traffic'=1000000c "
				 "'it''s'=U;200");
	/* An item that does not fit leaves the buffer as it was. */
	char small[16] = "x=1";
	assert_int_equal(perf_append(small, sizeof(small), "a_long_label", 1, "", NULL, NULL, NAN, NAN), -1);
	assert_string_equal(small, "x=1");
}

static void test_output(void **state)
{
	struct plugin_result r = PLUGIN_RESULT_INIT("SNMP");
	char out[PLUGIN_OUTPUT_MAX];
	size_t n;

	(void)state;
	plugin_set(&r, PLUGIN_OK, "core1 answered | really\nyes");
	plugin_perf(&r, "rta", 1.5, "ms", NULL, NULL, 0, NAN);
	plugin_detail(&r, "line two");
	n = plugin_format(&r, out, sizeof(out));
	assert_string_equal(out, "SNMP OK - core1 answered / really yes | rta=1.5ms;;;0\nline two\n");
	assert_int_equal(n, strlen(out));

	/* The whole output stays under 8192 bytes and ends cleanly when cut. */
	for (int i = 0; i < 200; i++)
		plugin_detail(&r, "detail line %03d with some padding to make it long enough", i);
	n = plugin_format(&r, out, sizeof(out));
	assert_true(n < PLUGIN_OUTPUT_MAX);
	assert_int_equal(n, strlen(out));
	assert_string_equal(out + n - 4, "...\n");
	assert_non_null(strstr(out, "detail line 010 with some padding to make it long enough\n"));
	/* ... at the end of a line: the one before the marker is whole. */
	assert_int_equal(out[n - 5], '\n');
	out[n - 5] = '\0';
	assert_int_equal(strlen(strrchr(out, '\n') + 1),
			 strlen("detail line 000 with some padding to make it long enough"));

	/* Even raw output (help) is capped under 8192 bytes. */
	static char big[10000];
	memset(big, 'x', sizeof(big) - 1);
	r.raw = big;
	n = plugin_format(&r, out, sizeof(out));
	assert_true(n < PLUGIN_OUTPUT_MAX);
	assert_int_equal(n, strlen(out));
	assert_string_equal(out + n - 4, "...\n");
}

static void test_states(void **state)
{
	static const struct { enum plugin_state a, b, want; } cases[] = {
		{ PLUGIN_OK, PLUGIN_UNKNOWN, PLUGIN_UNKNOWN },
		{ PLUGIN_WARNING, PLUGIN_UNKNOWN, PLUGIN_WARNING },
		{ PLUGIN_CRITICAL, PLUGIN_UNKNOWN, PLUGIN_CRITICAL },
		{ PLUGIN_CRITICAL, PLUGIN_WARNING, PLUGIN_CRITICAL },
		{ PLUGIN_OK, PLUGIN_WARNING, PLUGIN_WARNING },
		{ PLUGIN_OK, PLUGIN_OK, PLUGIN_OK },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(plugin_worst(cases[i].a, cases[i].b), cases[i].want);
		assert_int_equal(plugin_worst(cases[i].b, cases[i].a), cases[i].want);
	}
	assert_string_equal(plugin_state_name(PLUGIN_CRITICAL), "CRITICAL");
}

/* Options that pick a state take exactly ok, warning or critical. */
static void test_state_parse(void **state)
{
	static const struct { const char *arg; int rc; enum plugin_state want; } cases[] = {
		{ "ok", 0, PLUGIN_OK }, { "warning", 0, PLUGIN_WARNING },
		{ "critical", 0, PLUGIN_CRITICAL }, { "unknown", -1, PLUGIN_UNKNOWN },
		{ "OK", -1, PLUGIN_UNKNOWN }, { "crit", -1, PLUGIN_UNKNOWN }, { "", -1, PLUGIN_UNKNOWN },
	};
	char err[128];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum plugin_state got = PLUGIN_UNKNOWN;

		err[0] = '\0';
		assert_int_equal(plugin_state_parse("flap", cases[i].arg, &got, err, sizeof(err)),
				 cases[i].rc);
		assert_int_equal(got, cases[i].want);
		if (cases[i].rc != 0) {
			char want[128];

			snprintf(want, sizeof(want), "bad --flap '%s': ok, warning or critical",
				 cases[i].arg);
			assert_string_equal(err, want);
		}
	}
}

static void test_duration_text(void **state)
{
	static const struct { long s; const char *want; } cases[] = {
		{ 0, "0s" }, { 45, "45s" }, { 192, "3m12s" }, { 7500, "2h05m" }, { 273600, "3d 04h" },
	};
	char buf[32];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		plugin_duration(cases[i].s, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_items),
		cmocka_unit_test(test_output),
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_state_parse),
		cmocka_unit_test(test_duration_text),
	};
	return cmocka_run_group_tests_name("perf+plugin", tests, NULL, NULL);
}
