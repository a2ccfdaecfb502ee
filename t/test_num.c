/* The checked number parser every option and config value goes through. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "num.h"

static void test_double(void **state)
{
	static const struct { const char *in; double lo, hi, want; int ok; } cases[] = {
		{ "99.9", 0, 100, 99.9, 1 }, { "0", 0, 100, 0, 1 }, { "100", 0, 100, 100, 1 },
		{ "-2.5", -10, 10, -2.5, 1 }, { "+3", 0, 10, 3, 1 }, { ".5", 0, 1, 0.5, 1 },
		{ "5.", 0, 10, 5, 1 },
		{ "100.01", 0, 100, 0, 0 }, { "-0.1", 0, 100, 0, 0 }, { "99.9x", 0, 100, 0, 0 },
		{ "1:12%", 0, 100, 0, 0 }, { "", 0, 100, 0, 0 }, { "nan", 0, 100, 0, 0 },
		{ "inf", 0, 1e308, 0, 0 }, { "0x10", 0, 100, 0, 0 }, { "1e2", 0, 1000, 0, 0 },
		{ " 5", 0, 10, 0, 0 }, { "5 ", 0, 10, 0, 0 }, { "-", 0, 10, 0, 0 }, { ".", 0, 10, 0, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double v = -12345;
		char err[256] = "";
		int rc = num_double(cases[i].in, cases[i].lo, cases[i].hi, &v, err, sizeof(err));

		if ((rc == 0) != cases[i].ok)
			fail_msg("'%s': rc %d (%s)", cases[i].in, rc, err);
		if (cases[i].ok)
			assert_true(fabs(v - cases[i].want) < 1e-12);
		else
			assert_true(strstr(err, cases[i].in) != NULL && v == -12345);
	}
}

static void test_long(void **state)
{
	static const struct { const char *in; long lo, hi, want; int ok; } cases[] = {
		{ "60", 1, 86400, 60, 1 }, { "-5", -10, 10, -5, 1 }, { "0", 1, 10, 0, 0 },
		{ "86401", 1, 86400, 0, 0 }, { "60s", 1, 100, 0, 0 }, { "6.0", 1, 100, 0, 0 },
		{ "99999999999999999999", 0, 10, 0, 0 }, { "", 0, 10, 0, 0 }, { "x", 0, 10, 0, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long v = -777;
		char err[256] = "";
		int rc = num_long(cases[i].in, cases[i].lo, cases[i].hi, &v, err, sizeof(err));

		if ((rc == 0) != cases[i].ok)
			fail_msg("'%s': rc %d (%s)", cases[i].in, rc, err);
		assert_int_equal(v, cases[i].ok ? cases[i].want : -777);
	}
}

static void test_duration(void **state)
{
	static const struct { const char *in; long want; int ok; } cases[] = {
		{ "90", 90, 1 }, { "90s", 90, 1 }, { "5m", 300, 1 }, { "2h", 7200, 1 },
		{ "1d", 86400, 1 }, { "1w", 604800, 1 }, { "0", 0, 1 },
		{ "5x", 0, 0 }, { "m", 0, 0 }, { "1.5h", 0, 0 }, { "-5m", 0, 0 }, { "", 0, 0 },
		{ "5mm", 0, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long v = -1;
		char err[256] = "";
		int rc = num_duration(cases[i].in, 0, 10L * 366 * 86400, &v, err, sizeof(err));

		if ((rc == 0) != cases[i].ok)
			fail_msg("'%s': rc %d (%s)", cases[i].in, rc, err);
		if (cases[i].ok)
			assert_int_equal(v, cases[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_double),
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_duration),
	};
	return cmocka_run_group_tests_name("num", tests, NULL, NULL);
}
