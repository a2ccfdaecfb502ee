/* Day numbers against timegm(3) over four centuries, and dates back from them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <time.h>

#include "civil.h"

static void test_known(void **state)
{
	static const struct { int y, m, d; long days; } cases[] = {
		{ 1970, 1, 1, 0 }, { 1969, 12, 31, -1 }, { 2000, 2, 29, 11016 }, { 2000, 3, 1, 11017 },
		{ 2026, 11, 23, 20780 }, { 1900, 3, 1, -25508 }, { 2100, 2, 28, 47540 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int y, m, d;

		assert_int_equal(civil_days(cases[i].y, cases[i].m, cases[i].d), cases[i].days);
		civil_date(cases[i].days, &y, &m, &d);
		assert_int_equal(y, cases[i].y);
		assert_int_equal(m, cases[i].m);
		assert_int_equal(d, cases[i].d);
	}
	assert_int_equal(civil_floor_div(-1, 7), -1);
	assert_int_equal(civil_floor_div(-7, 7), -1);
	assert_int_equal(civil_floor_div(6, 7), 0);
}

/* Every day from 1900 to 2300, as the C library counts it. */
static void test_against_timegm(void **state)
{
	(void)state;
	for (long days = -25567; days < 121728; days++) {
		time_t t = (time_t)days * 86400;
		struct tm tm;
		int y, m, d;

		gmtime_r(&t, &tm);
		civil_date(days, &y, &m, &d);
		if (y != tm.tm_year + 1900 || m != tm.tm_mon + 1 || d != tm.tm_mday ||
		    civil_days(y, m, d) != days)
			fail_msg("day %ld: %04d-%02d-%02d", days, y, m, d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_against_timegm),
	};
	return cmocka_run_group_tests_name("civil", tests, NULL, NULL);
}
