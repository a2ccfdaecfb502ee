/*
 * Compliance windows: weeks, months, quarters and years across DST in Europe/Berlin and
 * America/New_York, days of 23 and 25 hours, rolling windows, partial windows, and the
 * window names both ways.
 *
 * Expected instants are written as UTC wall clock (timegm): Berlin is UTC+1 (CET) and
 * UTC+2 (CEST) from 2026-03-29 01:00 UTC to 2026-10-25 01:00 UTC; New York is UTC-5
 * (EST) and UTC-4 (EDT) from 2026-03-08 07:00 UTC to 2026-11-01 06:00 UTC.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "window.h"

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

struct win_case {
	enum cal_window_kind kind;
	long days;
	const char *tz;
	time_t t0, t1;
	int partial;
	size_t n;
	/* checked: window `at` starts at `start` and lasts `hours`; every window's hours */
	size_t at;
	time_t start;
	long long hours[12];
};


static void test_windows(void **state)
{
	time_t b25 = UTC(2025, 12, 31, 23), b26 = UTC(2026, 12, 31, 23);	/* Berlin new years */
	const struct win_case cases[] = {
		/* Mon 03-16 00:00 CET .. Mon 04-06 00:00 CEST: three weeks, the middle one 167 h */
		{ CAL_WEEK, 0, "Europe/Berlin", UTC(2026, 3, 15, 23), UTC(2026, 4, 5, 22), 0, 3,
		  1, UTC(2026, 3, 22, 23), { 168, 167, 168 } },
		/* Mon 10-19 00:00 CEST .. Mon 10-26 00:00 CET: 169 h */
		{ CAL_WEEK, 0, "Europe/Berlin", UTC(2026, 10, 18, 22), UTC(2026, 10, 25, 23), 0, 1,
		  0, UTC(2026, 10, 18, 22), { 169 } },
		/* the same week is not whole in [Mon 00:00 UTC, ...) */
		{ CAL_WEEK, 0, "Europe/Berlin", UTC(2026, 10, 19, 0), UTC(2026, 10, 25, 23), 0, 0,
		  0, 0, { 0 } },
		/* Berlin 2026 by month: March and October have the jumps */
		{ CAL_MONTH, 0, "Europe/Berlin", b25, b26, 0, 12, 3, UTC(2026, 3, 31, 22),
		  { 744, 672, 743, 720, 744, 720, 744, 744, 720, 745, 720, 744 } },
		/* New York 2026 by month: March 743 h, November 721 h */
		{ CAL_MONTH, 0, "America/New_York", UTC(2026, 1, 1, 5), UTC(2027, 1, 1, 5), 0, 12,
		  2, UTC(2026, 3, 1, 5), { 744, 672, 743, 720, 744, 720, 744, 744, 720, 744, 721, 744 } },
		{ CAL_MONTH, 0, "America/New_York", UTC(2026, 1, 1, 5), UTC(2027, 1, 1, 5), 0, 12,
		  3, UTC(2026, 4, 1, 4), { 744, 672, 743, 720, 744, 720, 744, 744, 720, 744, 721, 744 } },
		/* quarters: 90 days - 1 h, 91 days, 92 days, 92 days + 1 h */
		{ CAL_QUARTER, 0, "Europe/Berlin", b25, b26, 0, 4, 1, UTC(2026, 3, 31, 22),
		  { 2159, 2184, 2208, 2209 } },
		{ CAL_YEAR, 0, "Europe/Berlin", b25, b26, 0, 1, 0, b25, { 8760 } },
		/* days around the spring jump */
		{ CAL_DAY, 0, "Europe/Berlin", UTC(2026, 3, 27, 23), UTC(2026, 3, 30, 22), 0, 3,
		  2, UTC(2026, 3, 29, 22), { 24, 23, 24 } },
		/* UTC months over [01-15, 03-10): only February is whole ... */
		{ CAL_MONTH, 0, NULL, UTC(2026, 1, 15, 0), UTC(2026, 3, 10, 0), 0, 1,
		  0, UTC(2026, 2, 1, 0), { 672 } },
		/* ... and with partial windows the ends are clipped: 17 days, 28, 9 */
		{ CAL_MONTH, 0, NULL, UTC(2026, 1, 15, 0), UTC(2026, 3, 10, 0), 1, 3,
		  0, UTC(2026, 1, 15, 0), { 17 * 24, 28 * 24, 9 * 24 } },
		{ CAL_YEAR, 0, "UTC", UTC(2026, 7, 1, 0), UTC(2027, 7, 1, 0), 0, 0, 0, 0, { 0 } },
		{ CAL_YEAR, 0, "UTC", UTC(2026, 7, 1, 0), UTC(2027, 7, 1, 0), 1, 2,
		  1, UTC(2027, 1, 1, 0), { 184 * 24, 181 * 24 } },
		/* rolling 30 days in Berlin, ending at each midnight from 03-02 to 04-30 CEST;
		   those whole in [03-01, 04-30) end 03-31 .. 04-30 (31); ending 03-31 .. 04-28
		   they contain the 23 h 03-29 */
		{ CAL_ROLLING, 30, "Europe/Berlin", UTC(2026, 2, 28, 23), UTC(2026, 4, 29, 22), 0,
		  31, 0, UTC(2026, 2, 28, 23), { 719, 719, 719, 719, 719, 719, 719, 719, 719, 719,
		  719, 719 } },
		{ CAL_ROLLING, 30, "Europe/Berlin", UTC(2026, 2, 28, 23), UTC(2026, 4, 29, 22), 0,
		  31, 29, UTC(2026, 3, 29, 22), { 0 } },
		{ CAL_ROLLING, 30, "Europe/Berlin", UTC(2026, 2, 28, 23), UTC(2026, 4, 29, 22), 1,
		  60, 0, UTC(2026, 2, 28, 23), { 24, 48, 72 } },
		/* t0 in the middle of a day: the first rolling day ends at the next midnight */
		{ CAL_ROLLING, 1, NULL, UTC(2026, 1, 1, 12), UTC(2026, 1, 4, 0), 1, 3,
		  0, UTC(2026, 1, 1, 12), { 12, 24, 24 } },
		{ CAL_ROLLING, 1, NULL, UTC(2026, 1, 1, 12), UTC(2026, 1, 4, 0), 0, 2,
		  0, UTC(2026, 1, 2, 0), { 24, 24 } },
		{ CAL_DAY, 0, NULL, 500, 500, 1, 0, 0, 0, { 0 } },
	};

	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		const struct win_case *w = &cases[k];
		struct ival *v = NULL;
		size_t n = 99, whole = 99, n_whole = 99;
		char err[256];

		if (cal_windows(w->kind, w->days, w->tz, w->t0, w->t1, w->partial, &v, &n, &whole,
				err, sizeof(err)) != 0)
			fail_msg("case %zu: %s", k, err);
		if (n != w->n)
			fail_msg("case %zu: %zu windows, expected %zu", k, n, w->n);
		/* *whole counts what the same call without partial windows returns */
		if (!w->partial) {
			n_whole = n;
		} else {
			struct ival *u = NULL;

			assert_int_equal(cal_windows(w->kind, w->days, w->tz, w->t0, w->t1, 0, &u,
						     &n_whole, NULL, err, sizeof(err)), 0);
			free(u);
		}
		if (whole != n_whole)
			fail_msg("case %zu: %zu whole windows, expected %zu", k, whole, n_whole);
		for (size_t i = 0; i < n; i++) {
			assert_true(v[i].start >= w->t0 && v[i].end <= w->t1);
			if (i > 0)
				assert_true(v[i].start >= v[i - 1].start);
			if (i < 12 && w->hours[i] != 0 && v[i].end - v[i].start != w->hours[i] * H)
				fail_msg("case %zu: window %zu is %lld s, expected %lld h", k, i,
					 (long long)(v[i].end - v[i].start), w->hours[i]);
			if (i > 0 && w->kind != CAL_ROLLING)
				assert_int_equal(v[i].start, v[i - 1].end);
		}
		if (n > 0 && v[w->at].start != w->start)
			fail_msg("case %zu: window %zu starts at %lld, expected %lld", k, w->at,
				 (long long)v[w->at].start, (long long)w->start);
		free(v);
	}
}

static void test_rolling_spans(void **state)
{
	struct ival *v = NULL;
	size_t n = 0;
	char err[256];

	(void)state;
	/* continuing the rolling case: windows 30 and 31 (ending 04-29, 04-30) are 720 h,
	   window 28 (ending 04-28 00:00 CEST) still holds 03-29 */
	assert_int_equal(cal_windows(CAL_ROLLING, 30, "Europe/Berlin", UTC(2026, 2, 28, 23),
				     UTC(2026, 4, 29, 22), 0, &v, &n, NULL, err, sizeof(err)), 0);
	assert_int_equal(n, 31);
	assert_int_equal(v[28].end, UTC(2026, 4, 27, 22));
	assert_int_equal(v[28].end - v[28].start, 719 * H);
	assert_int_equal(v[29].end - v[29].start, 720 * H);
	assert_int_equal(v[30].end - v[30].start, 720 * H);
	assert_int_equal(v[30].end, UTC(2026, 4, 29, 22));
	free(v);
}

static void test_window_parse(void **state)
{
	static const struct {
		const char *s;
		enum cal_window_kind kind;
		long days;
	} good[] = {
		{ "day", CAL_DAY, 0 }, { "week", CAL_WEEK, 0 }, { "month", CAL_MONTH, 0 },
		{ "quarter", CAL_QUARTER, 0 }, { "year", CAL_YEAR, 0 }, { "Month", CAL_MONTH, 0 },
		{ "rolling 30d", CAL_ROLLING, 30 }, { "rolling 30 days", CAL_ROLLING, 30 },
		{ "rolling 7 days", CAL_ROLLING, 7 }, { "rolling 1 day", CAL_ROLLING, 1 },
		{ "rolling 90d", CAL_ROLLING, 90 },
	};
	static const char *const bad[] = {
		"", "days", "fortnight", "rolling", "rolling d", "rolling 0d", "rolling -3d",
		"rolling 30x", "rolling 30dd", "rolling 99999d", "rolling 30 weeks", "month ",
		"rolling 3.5d",
	};

	(void)state;
	for (size_t k = 0; k < sizeof(good) / sizeof(good[0]); k++) {
		enum cal_window_kind kind = CAL_YEAR;
		long days = -1;
		char err[256];

		char text[32];

		if (cal_window_parse(good[k].s, &kind, &days, err, sizeof(err)) != 0)
			fail_msg("'%s' rejected: %s", good[k].s, err);
		assert_int_equal(kind, good[k].kind);
		assert_int_equal(days, good[k].days);
		/* and back: the canonical name, which parses to the same window */
		cal_window_format(kind, days, text, sizeof(text));
		assert_int_equal(cal_window_parse(text, &kind, &days, err, sizeof(err)), 0);
		assert_int_equal(kind, good[k].kind);
		assert_int_equal(days, good[k].days);
	}
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		enum cal_window_kind kind;
		long days;
		char err[256] = "";

		if (cal_window_parse(bad[k], &kind, &days, err, sizeof(err)) == 0)
			fail_msg("'%s' accepted", bad[k]);
		if (strstr(err, "bad window") == NULL)
			fail_msg("'%s': message '%s'", bad[k], err);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_windows),
		cmocka_unit_test(test_rolling_spans),
		cmocka_unit_test(test_window_parse),
	};
	return cmocka_run_group_tests_name("window", tests, NULL, NULL);
}
