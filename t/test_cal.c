/*
 * Service calendars: DST in Europe/Berlin, holidays and Nagios precedence, 24x7, and the
 * range of instants every entry point accepts.
 *
 * Expected instants are written as UTC wall clock (timegm), converted from local time by
 * hand: Berlin is UTC+1 (CET) and UTC+2 (CEST) from 2026-03-29 01:00 UTC to 2026-10-25
 * 01:00 UTC.  November 2026 starts on a Sunday.
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
#include "testcal.h"

#define H 3600LL

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

/* ---- calendars across DST and holidays ---- */

struct cal_case {
	const char *tz;
	const char *incl[TCAL_MAXLINES], *excl[TCAL_MAXLINES];
	time_t t0, t1;
	long long secs;
};


static void run_cal_cases(const struct cal_case *cases, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		struct cal *c = tcal_new(cases[k].tz, cases[k].incl, cases[k].excl);
		struct ival_list out = IVAL_LIST_INIT;
		long long got = tcal_seconds(c, cases[k].t0, cases[k].t1, &out);

		if (got != cases[k].secs)
			fail_msg("case %zu ('%s' in %s): %lld s, expected %lld s", k,
				 cases[k].incl[0] ? cases[k].incl[0] : cases[k].excl[0], cases[k].tz,
				 got, cases[k].secs);
		ival_list_release(&out);
		cal_release(c);
	}
}

static void test_berlin_dst(void **state)
{
	/* Mon 2026-03-23 00:00 CET .. Mon 03-30 00:00 CEST; 02:00 -> 03:00 on Sunday the 29th. */
	time_t s0 = UTC(2026, 3, 22, 23), s1 = UTC(2026, 3, 29, 22);
	/* Week Mon 2026-10-19 00:00 CEST .. Mon 10-26 00:00 CET; 03:00 -> 02:00 on Sunday the 25th. */
	time_t f0 = UTC(2026, 10, 18, 22), f1 = UTC(2026, 10, 25, 23);
	const struct cal_case cases[] = {
		/* business hours: five days of 10 h, the weekend jump does not touch them */
		{ "Europe/Berlin", { "monday-friday 08:00-18:00" }, { NULL }, s0, s1, 50 * H },
		{ "Europe/Berlin", { "monday-friday 08:00-18:00" }, { NULL }, f0, f1, 50 * H },
		/* the Sunday itself: 23 h and 25 h long */
		{ "Europe/Berlin", { "sunday 00:00-24:00" }, { NULL }, s0, s1, 23 * H },
		{ "Europe/Berlin", { "sunday 00:00-24:00" }, { NULL }, f0, f1, 25 * H },
		/* 01:00 CET .. 04:00 CEST = 00:00 .. 02:00 UTC; 01:00 CEST .. 04:00 CET = 23:00 .. 03:00 UTC */
		{ "Europe/Berlin", { "sunday 01:00-04:00" }, { NULL }, s0, s1, 2 * H },
		{ "Europe/Berlin", { "sunday 01:00-04:00" }, { NULL }, f0, f1, 4 * H },
		/* 02:30 does not exist: it becomes 03:00 CEST, so 03:00 .. 03:30 CEST */
		{ "Europe/Berlin", { "sunday 02:30-03:30" }, { NULL }, s0, s1, H / 2 },
		/* 02:30 happens twice: the first (00:30 UTC) .. 03:30 CET (02:30 UTC) */
		{ "Europe/Berlin", { "sunday 02:30-03:30" }, { NULL }, f0, f1, 2 * H },
		/* wholly inside the gap */
		{ "Europe/Berlin", { "sunday 02:00-03:00" }, { NULL }, s0, s1, 0 },
		/* an empty calendar is 24x7: 7 * 24 - 1 */
		{ "Europe/Berlin", { NULL }, { NULL }, s0, s1, 167 * H },
		/* exclusions only are taken from 24x7: 167 h minus the 23 h Sunday */
		{ "Europe/Berlin", { NULL }, { "sunday 00:00-24:00" }, s0, s1, 144 * H },
	};

	(void)state;
	run_cal_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_berlin_interval_edges(void **state)
{
	struct cal *c = tcal_new("Europe/Berlin",
				 (const char *const[]){ "monday-friday 08:00-18:00", NULL }, NULL);
	struct ival_list out = IVAL_LIST_INIT;

	(void)state;
	/* two weeks from Mon 2026-03-23 00:00 CET: ten working days */
	assert_int_equal(tcal_seconds(c, UTC(2026, 3, 22, 23), UTC(2026, 4, 5, 22), &out), 100 * H);
	assert_int_equal(out.n, 10);
	assert_int_equal(out.v[0].start, UTC(2026, 3, 23, 7));		/* 08:00 CET */
	assert_int_equal(out.v[0].end, UTC(2026, 3, 23, 17));
	assert_int_equal(out.v[5].start, UTC(2026, 3, 30, 6));		/* 08:00 CEST */
	assert_int_equal(out.v[5].end, UTC(2026, 3, 30, 16));
	/* clipped to a range starting and ending inside working hours: 2 h + 1 h */
	assert_int_equal(tcal_seconds(c, UTC(2026, 3, 23, 15), UTC(2026, 3, 24, 8), &out), 3 * H);
	/* an empty or backwards range is empty */
	assert_int_equal(tcal_seconds(c, UTC(2026, 3, 24, 8), UTC(2026, 3, 24, 8), &out), 0);
	assert_int_equal(tcal_seconds(c, UTC(2026, 3, 24, 8), UTC(2026, 3, 23, 8), &out), 0);
	ival_list_release(&out);
	cal_release(c);
}

static void test_holidays_and_precedence(void **state)
{
	/* Week Mon 2026-12-21 .. Mon 12-28, Berlin on CET; the 24th is a Thursday, the 25th a Friday. */
	time_t x0 = UTC(2026, 12, 20, 23), x1 = UTC(2026, 12, 27, 23);
	time_t n0 = UTC(2026, 11, 1, 0), n1 = UTC(2026, 12, 1, 0);
	const struct cal_case cases[] = {
		/* 50 h minus 24th 12:00-18:00 (6 h) minus all of the 25th (10 h) = 34 h */
		{ "Europe/Berlin", { "monday-friday 08:00-18:00" },
		  { "2026-12-24 12:00-24:00", "december 25 00:00-24:00" }, x0, x1, 34 * H },
		/* a dated entry replaces the weekday entry on its day: 4 * 10 h + 4 h */
		{ "Europe/Berlin", { "monday-friday 08:00-18:00", "2026-12-24 08:00-12:00" },
		  { NULL }, x0, x1, 44 * H },
		/* and it is not added to it when it lies outside the weekday hours: 4 * 10 + 2 */
		{ "Europe/Berlin", { "monday-friday 08:00-18:00", "2026-12-24 20:00-22:00" },
		  { NULL }, x0, x1, 42 * H },
		/* the holiday exclusion wins over a dated inclusion */
		{ "Europe/Berlin", { "2026-12-24 - 2026-12-25 08:00-18:00" },
		  { "december 25 00:00-24:00" }, x0, x1, 10 * H },
		/* November in UTC: 21 weekdays of 10 h; day -1 (Mon 30th) overrides to 2 h */
		{ "UTC", { "monday-friday 08:00-18:00", "day -1 00:00-02:00" }, { NULL }, n0, n1,
		  20 * 10 * H + 2 * H },
		/* Thursday 26th: "day 26" beats "thursday -1 november" */
		{ "UTC", { "thursday -1 november 08:00-18:00", "day 26 10:00-11:00" }, { NULL },
		  n0, n1, H },
		/* "november 26" beats "day 26" */
		{ "UTC", { "day 26 10:00-13:00", "november 26 12:00-13:00" }, { NULL }, n0, n1, H },
		/* "2026-11-26" beats "november 26" */
		{ "UTC", { "november 26 12:00-13:00", "2026-11-26 14:00-16:00" }, { NULL }, n0, n1,
		  2 * H },
		/* "thursday -1 november" beats "thursday -1" */
		{ "UTC", { "thursday -1 08:00-18:00", "thursday -1 november 09:00-10:00" }, { NULL },
		  n0, n1, H },
		/* "thursday -1" beats "thursday": 5th, 12th, 19th 1 h each, 26th 10 h */
		{ "UTC", { "thursday 08:00-09:00", "thursday -1 08:00-18:00" }, { NULL }, n0, n1,
		  13 * H },
		/* entries of the same kind add up: Mondays 08-11 (5 * 3 h), others 09-11 (16 * 2 h) */
		{ "UTC", { "monday 08:00-10:00", "monday-friday 09:00-11:00" }, { NULL }, n0, n1,
		  47 * H },
		/* exclusions follow the same precedence among themselves: the weekend minus
		   Sat 28th 00-12 only (the dated exclusion replaces the weekday one that day):
		   30 days * 24 h - (8 weekend days * 24 h + 12 h) */
		{ "UTC", { NULL }, { "saturday-sunday 00:00-24:00", "2026-11-28 00:00-12:00" },
		  n0, n1, 30 * 24 * H - 8 * 24 * H - 12 * H },
	};

	(void)state;
	run_cal_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_24x7(void **state)
{
	struct cal *c = tcal_new(NULL, NULL, NULL);
	struct ival_list out = IVAL_LIST_INIT;
	char err[256];

	(void)state;
	assert_true(cal_is_24x7(c));
	assert_int_equal(tcal_seconds(c, 1000, 5000, &out), 4000);
	assert_int_equal(out.n, 1);
	assert_int_equal(cal_add(c, "2026-11-28 00:00-12:00", 0, err, sizeof(err)), 0);
	assert_false(cal_is_24x7(c));
	ival_list_release(&out);
	cal_release(c);
	cal_release(NULL);
}

static void test_time_range(void **state)
{
	static const time_t bad[][2] = {
		{ -2208988801LL, 0 }, { 0, 253402300800LL }, { INT64_MIN, INT64_MAX },
		{ INT64_MAX - 1, INT64_MAX },
	};
	struct cal *c = tcal_new("Europe/Berlin", (const char *const[]){ "day -1 00:00-01:00", NULL },
				 NULL);
	struct ival_list out = IVAL_LIST_INIT;

	(void)state;
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		struct ival *v = NULL;
		size_t n;
		time_t t0, t1;
		char err[256] = "";

		assert_int_equal(cal_intervals(c, bad[k][0], bad[k][1], &out, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "out of range"));
		assert_int_equal(cal_windows(CAL_WEEK, 0, "Europe/Berlin", bad[k][0], bad[k][1], 1,
					     &v, &n, NULL, err, sizeof(err)), -1);
		assert_int_equal(cal_windows(CAL_ROLLING, 7, "UTC", bad[k][0], bad[k][1], 1,
					     &v, &n, NULL, err, sizeof(err)), -1);
		assert_null(v);
		assert_int_equal(period_parse("last-month", bad[k][0] == 0 ? bad[k][1] : bad[k][0],
						  "UTC", &t0, &t1, err, sizeof(err)), -1);
	}
	/* the far ends that are allowed: 1900 and 9999, the last days of a month */
	assert_int_equal(tcal_seconds(c, -2208988800LL, -2208988800LL + 40 * 86400, &out), H);
	assert_int_equal(tcal_seconds(c, 253402300799LL - 40 * 86400, 253402300799LL, &out),
			 2 * H);
	ival_list_release(&out);
	cal_release(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_berlin_dst),
		cmocka_unit_test(test_berlin_interval_edges),
		cmocka_unit_test(test_holidays_and_precedence),
		cmocka_unit_test(test_24x7),
		cmocka_unit_test(test_time_range),
	};
	return cmocka_run_group_tests_name("cal", tests, NULL, NULL);
}
