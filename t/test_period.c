/*
 * Report periods: every name relative to a fixed now, in Europe/Berlin, America/New_York
 * and UTC, across DST and the new year; junk specs with their message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "period.h"

static time_t utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm = { 0 };

	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return timegm(&tm);
}

#define UTC(y, mo, d, h) utc(y, mo, d, h, 0, 0)

static void test_periods(void **state)
{
	/* Sunday 2026-11-22 12:00 UTC = 13:00 CET; Saturday 2026-01-10 12:00 UTC. */
	time_t now = UTC(2026, 11, 22, 12), jan = UTC(2026, 1, 10, 12);
	const struct {
		const char *spec, *tz;
		time_t now, t0, t1;
	} cases[] = {
		/* a year earlier: [2025-10-01 00:00 CEST, 2025-11-01 00:00 CET) as epoch seconds */
		{ "last-month", "Europe/Berlin", UTC(2025, 11, 22, 12), 1759269600, 1761951600 },
		/* [2026-10-01 00:00 CEST, 2026-11-01 00:00 CET) */
		{ "last-month", "Europe/Berlin", now, UTC(2026, 9, 30, 22), UTC(2026, 10, 31, 23) },
		{ "this-month", "Europe/Berlin", now, UTC(2026, 10, 31, 23), now },
		/* weeks start Monday: this one on the 16th, the last one on the 9th */
		{ "last-week", "Europe/Berlin", now, UTC(2026, 11, 8, 23), UTC(2026, 11, 15, 23) },
		{ "this-week", "Europe/Berlin", now, UTC(2026, 11, 15, 23), now },
		{ "yesterday", "Europe/Berlin", now, UTC(2026, 11, 20, 23), UTC(2026, 11, 21, 23) },
		{ "today", "Europe/Berlin", now, UTC(2026, 11, 21, 23), now },
		{ "2026-03", "Europe/Berlin", now, UTC(2026, 2, 28, 23), UTC(2026, 3, 31, 22) },
		{ "2026-12", "Europe/Berlin", now, UTC(2026, 11, 30, 23), UTC(2026, 12, 31, 23) },
		{ "2026-Q4", "Europe/Berlin", now, UTC(2026, 9, 30, 22), UTC(2026, 12, 31, 23) },
		{ "2026-Q1", "Europe/Berlin", now, UTC(2025, 12, 31, 23), UTC(2026, 3, 31, 22) },
		{ "2026", "Europe/Berlin", now, UTC(2025, 12, 31, 23), UTC(2026, 12, 31, 23) },
		/* the 25 h day */
		{ "2026-10-25", "Europe/Berlin", now, UTC(2026, 10, 24, 22), UTC(2026, 10, 25, 23) },
		{ "2026-03-01..2026-04-01", "Europe/Berlin", now, UTC(2026, 2, 28, 23),
		  UTC(2026, 3, 31, 22) },
		{ "@1700000000..@1700003600", "Europe/Berlin", now, 1700000000, 1700003600 },
		/* New York: November 1 00:00 EDT .. December 1 00:00 EST */
		{ "2026-11", "America/New_York", now, UTC(2026, 11, 1, 4), UTC(2026, 12, 1, 5) },
		{ "today", "America/New_York", now, UTC(2026, 11, 22, 5), now },
		/* across the new year, in UTC */
		{ "last-month", NULL, jan, UTC(2025, 12, 1, 0), UTC(2026, 1, 1, 0) },
		{ "last-week", "UTC", jan, UTC(2025, 12, 29, 0), UTC(2026, 1, 5, 0) },
		{ "yesterday", "", jan, UTC(2026, 1, 9, 0), UTC(2026, 1, 10, 0) },
	};

	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		time_t t0 = 0, t1 = 0;
		char err[256];

		if (period_parse(cases[k].spec, cases[k].now, cases[k].tz, &t0, &t1, err,
				     sizeof(err)) != 0)
			fail_msg("'%s' rejected: %s", cases[k].spec, err);
		if (t0 != cases[k].t0 || t1 != cases[k].t1)
			fail_msg("'%s' in %s: [%lld, %lld), expected [%lld, %lld)", cases[k].spec,
				 cases[k].tz ? cases[k].tz : "NULL", (long long)t0, (long long)t1,
				 (long long)cases[k].t0, (long long)cases[k].t1);
	}
}

static void test_period_junk(void **state)
{
	static const struct {
		const char *spec, *msg;
	} bad[] = {
		{ "lastmonth", "bad period 'lastmonth'" }, { "", "bad period ''" },
		{ "2026-13", "bad period" }, { "2026-00", "bad period" }, { "2026-Q5", "bad period" },
		{ "2026-Q0", "bad period" }, { "2026-1", "bad period" }, { "2026-02-30", "bad period" },
		{ "1969", "bad period" }, { "26-01-01", "bad period" }, { "today ", "bad period" },
		{ "Today", "bad period" }, { "2026-01-01..", "bad period" }, { "..", "bad period" },
		{ "@1..", "bad period" }, { "@x..@3", "bad period" }, { "2026-03-01..@5", "bad period" },
		{ "2026-04-01..2026-03-01", "end is not after the start" },
		{ "2026-03-01..2026-03-01", "end is not after the start" },
		{ "@5..@3", "end is not after the start" }, { "@-5..@3", "bad period" },
		{ "2026-03-01...2026-04-01", "bad period" }, { "2026x", "bad period" },
	};

	(void)state;
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		time_t t0 = 7, t1 = 7;
		char err[256] = "";

		if (period_parse(bad[k].spec, 1779000000, "Europe/Berlin", &t0, &t1, err,
				     sizeof(err)) == 0)
			fail_msg("'%s' accepted: [%lld, %lld)", bad[k].spec, (long long)t0,
				 (long long)t1);
		if (strstr(err, bad[k].msg) == NULL)
			fail_msg("'%s': message '%s' lacks '%s'", bad[k].spec, err, bad[k].msg);
		assert_int_equal(t0, 7);
		assert_int_equal(t1, 7);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_period_junk),
	};
	return cmocka_run_group_tests_name("period", tests, NULL, NULL);
}
