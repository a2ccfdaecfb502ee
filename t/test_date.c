/*
 * Calendar arithmetic on day numbers: weekdays, month lengths, week and month starts
 * (with months added across years, both ways), YYYY-MM-DD and what may follow it, and
 * the range of instants accepted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "civil.h"
#include "date.h"

static void test_days(void **state)
{
	static const struct {
		int y, m, d;
		int wd, dim;			/* weekday (0 = Sunday), days in the month */
		int wy, wm, wdd;		/* the Monday on or before */
	} cases[] = {
		{ 1970, 1, 1, 4, 31, 1969, 12, 29 },
		{ 2026, 11, 1, 0, 30, 2026, 10, 26 },	/* a Sunday: its week began on Monday */
		{ 2026, 11, 2, 1, 30, 2026, 11, 2 },
		{ 2028, 2, 29, 2, 29, 2028, 2, 28 },
		{ 2100, 2, 1, 1, 28, 2100, 2, 1 },	/* not a leap year */
		{ 2000, 2, 1, 2, 29, 2000, 1, 31 },	/* a leap year */
		{ 1900, 1, 1, 1, 31, 1900, 1, 1 },
		{ 9999, 12, 31, 5, 31, 9999, 12, 27 },
	};

	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		long dn = civil_days(cases[k].y, cases[k].m, cases[k].d);

		if (date_weekday(dn) != cases[k].wd)
			fail_msg("case %zu: weekday %d, expected %d", k, date_weekday(dn), cases[k].wd);
		assert_int_equal(date_days_in_month(cases[k].y, cases[k].m), cases[k].dim);
		assert_int_equal(date_week_start(dn), civil_days(cases[k].wy, cases[k].wm,
								   cases[k].wdd));
	}
}

static void test_month_start(void **state)
{
	static const struct {
		int y, m, d, add;
		int wy, wm;
	} cases[] = {
		{ 2026, 3, 31, 0, 2026, 3 }, { 2026, 3, 1, 1, 2026, 4 }, { 2026, 12, 15, 1, 2027, 1 },
		{ 2026, 1, 15, -1, 2025, 12 }, { 2026, 10, 2, 3, 2027, 1 }, { 2026, 2, 2, -14, 2024, 12 },
		{ 2026, 5, 5, 24, 2028, 5 },
	};

	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
		assert_int_equal(date_month_start(civil_days(cases[k].y, cases[k].m, cases[k].d),
						  cases[k].add),
				 civil_days(cases[k].wy, cases[k].wm, 1));
}

static void test_parse(void **state)
{
	static const struct {
		const char *s;
		int y, m, d;
	} good[] = {
		{ "2026-12-24", 2026, 12, 24 }, { "2026-12-24 00:00-24:00", 2026, 12, 24 },
		{ "2026-12-24\t- x", 2026, 12, 24 }, { "2026-03-01..2026-04-01", 2026, 3, 1 },
		{ "2028-02-29", 2028, 2, 29 }, { "1970-01-01", 1970, 1, 1 },
		{ "9999-12-31", 9999, 12, 31 },
	};
	static const char *const bad[] = {
		"2027-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-4-01", "2026-04-1",
		"2026/04/01", "2026-04-01x", "2026-04-01,", "1969-12-31", "", "2026-04",
	};

	(void)state;
	for (size_t k = 0; k < sizeof(good) / sizeof(good[0]); k++) {
		long dn = -7;

		if (date_parse(good[k].s, &dn) != 0)
			fail_msg("'%s' rejected", good[k].s);
		assert_int_equal(dn, civil_days(good[k].y, good[k].m, good[k].d));
	}
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		long dn = -7;

		if (date_parse(bad[k], &dn) == 0)
			fail_msg("'%s' accepted", bad[k]);
		assert_int_equal(dn, -7);
	}
}

static void test_check_times(void **state)
{
	char err[64] = "";

	(void)state;
	assert_int_equal(date_check_times(-2208988800LL, 253402300799LL, err, sizeof(err)), 0);
	assert_int_equal(date_check_times(0, 0, err, sizeof(err)), 0);
	assert_int_equal(date_check_times(-2208988801LL, 0, err, sizeof(err)), -1);
	assert_string_equal(err, "time -2208988801 is out of range");
	assert_int_equal(date_check_times(0, 253402300800LL, err, sizeof(err)), -1);
	assert_string_equal(err, "time 253402300800 is out of range");
	assert_int_equal(date_check_times(INT64_MIN, INT64_MAX, err, sizeof(err)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_month_start),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_check_times),
	};
	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
