/*
 * Service calendars, compliance windows and report periods: interval list algebra, every
 * timeperiod line form, junk lines with the character named, Nagios precedence, DST in
 * Europe/Berlin and America/New_York, period names relative to a fixed now, time zone
 * validation, and TZ left as it was found.
 *
 * Expected instants are written as UTC wall clock (timegm), converted from local time by
 * hand: Berlin is UTC+1 (CET) and UTC+2 (CEST) from 2026-03-29 01:00 UTC to 2026-10-25
 * 01:00 UTC; New York is UTC-5 (EST) and UTC-4 (EDT) from 2026-03-08 07:00 UTC to
 * 2026-11-01 06:00 UTC.  November 2026 starts on a Sunday.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cal.h"

#define H 3600LL
#define MAXLINES 4
#define MAXIV 4

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

/* Builds a calendar from include and exclude lines (NULL-terminated), failing on errors. */
static struct cal *make_cal(const char *tz, const char *const *incl, const char *const *excl)
{
	char err[256];
	struct cal *c = cal_new(tz, err, sizeof(err));

	if (c == NULL)
		fail_msg("cal_new('%s'): %s", tz, err);
	for (size_t i = 0; incl != NULL && i < MAXLINES && incl[i] != NULL; i++)
		if (cal_add(c, incl[i], 1, err, sizeof(err)) != 0)
			fail_msg("'%s' rejected: %s", incl[i], err);
	for (size_t i = 0; excl != NULL && i < MAXLINES && excl[i] != NULL; i++)
		if (cal_add(c, excl[i], 0, err, sizeof(err)) != 0)
			fail_msg("exclusion '%s' rejected: %s", excl[i], err);
	return c;
}

static long long cal_seconds(struct cal *c, time_t t0, time_t t1, struct cal_list *out)
{
	char err[256];

	if (cal_intervals(c, t0, t1, out, err, sizeof(err)) != 0)
		fail_msg("cal_intervals: %s", err);
	for (size_t i = 0; i < out->n; i++) {
		assert_true(out->v[i].start < out->v[i].end);
		assert_true(out->v[i].start >= t0 && out->v[i].end <= t1);
		if (i > 0)
			assert_true(out->v[i].start > out->v[i - 1].end);
	}
	return cal_list_seconds(out);
}

/* ---- interval lists ---- */

struct ivs {
	size_t n;
	struct cal_interval v[MAXIV];
};

static void make_list(const struct ivs *s, struct cal_list *l)
{
	for (size_t i = 0; i < s->n; i++)
		assert_int_equal(cal_list_push(l, s->v[i].start, s->v[i].end), 0);
}

static void check_list(const char *what, size_t k, const struct cal_list *l, const struct ivs *want)
{
	if (l->n != want->n)
		fail_msg("case %zu %s: %zu intervals, expected %zu", k, what, l->n, want->n);
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].start != want->v[i].start || l->v[i].end != want->v[i].end)
			fail_msg("case %zu %s: interval %zu is [%lld, %lld), expected [%lld, %lld)", k,
				 what, i, (long long)l->v[i].start, (long long)l->v[i].end,
				 (long long)want->v[i].start, (long long)want->v[i].end);
}

static void test_list_push(void **state)
{
	struct cal_list l = CAL_LIST_INIT;

	(void)state;
	assert_int_equal(cal_list_push(&l, 0, 10), 0);
	assert_int_equal(cal_list_push(&l, 10, 20), 0);	/* touching: merged */
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].end, 20);
	assert_int_equal(cal_list_push(&l, 5, 8), 0);		/* inside the last one */
	assert_int_equal(cal_list_push(&l, 15, 25), 0);	/* overlapping: extended */
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].end, 25);
	assert_int_equal(cal_list_push(&l, 30, 30), 0);	/* empty: ignored */
	assert_int_equal(cal_list_push(&l, 30, 40), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(cal_list_push(&l, 1, 2), -1);		/* unsorted */
	for (time_t t = 100; t < 10100; t += 10)		/* grows past its first buffer */
		assert_int_equal(cal_list_push(&l, t, t + 5), 0);
	assert_int_equal(l.n, 1002);
	/* 25 + 10 + 1000 * 5 */
	assert_int_equal(cal_list_seconds(&l), 5035);
	cal_list_release(&l);
	assert_null(l.v);
	assert_int_equal(l.n, 0);
	cal_list_release(&l);
	cal_list_release(NULL);
}

static void test_list_algebra(void **state)
{
	static const struct {
		struct ivs a, b, and, minus;
	} cases[] = {
		{ { 2, { { 0, 10 }, { 20, 30 } } }, { 1, { { 5, 25 } } },
		  { 2, { { 5, 10 }, { 20, 25 } } }, { 2, { { 0, 5 }, { 25, 30 } } } },
		{ { 1, { { 0, 100 } } }, { 2, { { 10, 20 }, { 30, 40 } } },
		  { 2, { { 10, 20 }, { 30, 40 } } }, { 3, { { 0, 10 }, { 20, 30 }, { 40, 100 } } } },
		{ { 0, { { 0, 0 } } }, { 1, { { 0, 10 } } }, { 0, { { 0, 0 } } }, { 0, { { 0, 0 } } } },
		{ { 1, { { 0, 10 } } }, { 0, { { 0, 0 } } }, { 0, { { 0, 0 } } }, { 1, { { 0, 10 } } } },
		{ { 1, { { 0, 10 } } }, { 1, { { 10, 20 } } }, { 0, { { 0, 0 } } },
		  { 1, { { 0, 10 } } } },
		{ { 2, { { 0, 10 }, { 15, 20 } } }, { 1, { { 0, 20 } } },
		  { 2, { { 0, 10 }, { 15, 20 } } }, { 0, { { 0, 0 } } } },
		{ { 1, { { 5, 6 } } }, { 3, { { 0, 1 }, { 2, 3 }, { 4, 7 } } },
		  { 1, { { 5, 6 } } }, { 0, { { 0, 0 } } } },
		{ { 3, { { 0, 10 }, { 12, 14 }, { 16, 30 } } }, { 2, { { 8, 13 }, { 17, 18 } } },
		  { 3, { { 8, 10 }, { 12, 13 }, { 17, 18 } } },
		  { 4, { { 0, 8 }, { 13, 14 }, { 16, 17 }, { 18, 30 } } } },
		{ { 1, { { -50, -10 } } }, { 1, { { -20, 5 } } }, { 1, { { -20, -10 } } },
		  { 1, { { -50, -20 } } } },
	};

	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct cal_list a = CAL_LIST_INIT, b = CAL_LIST_INIT, out = CAL_LIST_INIT;

		make_list(&cases[k].a, &a);
		make_list(&cases[k].b, &b);
		assert_int_equal(cal_list_push(&out, 1000, 2000), 0);	/* overwritten */
		assert_int_equal(cal_list_intersect(&a, &b, &out), 0);
		check_list("intersect", k, &out, &cases[k].and);
		assert_int_equal(cal_list_push(&out, 1000, 2000), 0);
		assert_int_equal(cal_list_subtract(&a, &b, &out), 0);
		check_list("subtract", k, &out, &cases[k].minus);
		cal_list_release(&a);
		cal_list_release(&b);
		cal_list_release(&out);
	}
}

/* ---- line syntax, November 2026 in UTC ---- */

static void test_line_forms(void **state)
{
	/*
	 * November 2026: Sundays 1 8 15 22 29, Mondays 2 9 16 23 30, Tuesdays 3 10 17 24,
	 * Thursdays 5 12 19 26, Fridays 6 13 20 27, Saturdays 7 14 21 28; 21 weekdays.
	 */
	static const struct {
		const char *line;
		long long secs;
	} cases[] = {
		{ "monday 08:00-18:00", 5 * 10 * H },
		{ "MONDAY 08:00-18:00", 5 * 10 * H },
		{ "monday 8:00-9:00", 5 * H },
		{ "  monday \t 08:00-09:00 , 10:00-11:00  ", 5 * 2 * H },
		{ "monday-friday 08:00-12:00,13:00-17:30", 21 * 8 * H + 21 * H / 2 },
		{ "monday - friday 08:00-12:00", 21 * 4 * H },
		{ "saturday-monday 00:00-01:00", (4 + 5 + 5) * H },	/* wraps round */
		{ "sunday 00:00-24:00", 5 * 24 * H },
		{ "sunday 00:00-12:00,12:00-24:00", 5 * 24 * H },	/* touching ranges */
		{ "sunday 10:00-12:00,11:00-13:00", 5 * 3 * H },	/* overlapping ranges */
		{ "2026-11-24 00:00-24:00", 24 * H },
		{ "2026-11-24 - 2026-11-26 00:00-24:00", 3 * 24 * H },
		{ "2026-11-24 -2026-11-26 10:00-11:00", 3 * H },
		{ "2026-10-30 - 2026-11-02 10:00-11:00", 2 * H },	/* Nov 1 and 2 */
		{ "2026-12-24 00:00-24:00", 0 },
		{ "november 25 00:00-24:00", 24 * H },
		{ "November 25 06:00-07:00", H },
		{ "december 25 00:00-24:00", 0 },
		{ "november -1 00:00-01:00", H },			/* Nov 30 */
		{ "day 1 00:00-24:00", 24 * H },
		{ "day -1 00:00-24:00", 24 * H },			/* Nov 30 */
		{ "day 31 00:00-24:00", 0 },
		{ "day 15 09:00-10:00", H },
		{ "monday 1 00:00-24:00", 24 * H },			/* Nov 2 */
		{ "monday 5 00:00-01:00", H },				/* Nov 30 */
		{ "tuesday 5 00:00-24:00", 0 },
		{ "monday -1 09:00-10:00", H },				/* Nov 30 */
		{ "thursday -1 november 00:00-24:00", 24 * H },	/* Nov 26 */
		{ "thursday 4 november 00:00-24:00", 24 * H },		/* Nov 26 */
		{ "thursday -1 december 00:00-24:00", 0 },
		{ "friday -1 09:00-10:00", H },				/* Nov 27 */
		{ "friday -2 09:00-10:30", H + H / 2 },		/* Nov 20 */
	};
	time_t t0 = UTC(2026, 11, 1, 0), t1 = UTC(2026, 12, 1, 0);

	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct cal *c = make_cal("UTC", (const char *const[]){ cases[k].line, NULL }, NULL);
		struct cal_list out = CAL_LIST_INIT;
		long long got = cal_seconds(c, t0, t1, &out);

		if (got != cases[k].secs)
			fail_msg("'%s': %lld s, expected %lld s", cases[k].line, got, cases[k].secs);
		assert_false(cal_is_24x7(c));
		cal_list_release(&out);
		cal_release(c);
	}
}

static void test_leap_february(void **state)
{
	/* February 2028 has 29 days: "february -1" and "day -1" are the 29th. */
	struct cal *c = make_cal("UTC", (const char *const[]){ "february -1 00:00-01:00", NULL },
				 NULL);
	struct cal_list out = CAL_LIST_INIT;

	(void)state;
	assert_int_equal(cal_seconds(c, UTC(2028, 1, 1, 0), UTC(2028, 3, 1, 0), &out), H);
	assert_int_equal(out.v[0].start, UTC(2028, 2, 29, 0));
	assert_int_equal(cal_seconds(c, UTC(2027, 1, 1, 0), UTC(2027, 3, 1, 0), &out), H);
	assert_int_equal(out.v[0].start, UTC(2027, 2, 28, 0));
	cal_list_release(&out);
	cal_release(c);
}

static void test_line_junk(void **state)
{
	static const struct {
		const char *line, *msg;
	} bad[] = {
		{ "mondey 08:00-18:00", "'mondey' at character 1" },
		{ "monday 25:00-26:00", "bad time range '25:00-26:00' at character 8" },
		{ "monday 18:00-08:00", "bad time range '18:00-08:00' at character 8" },
		{ "monday 24:00-24:00", "bad time range '24:00-24:00' at character 8" },
		{ "monday 00:00-24:01", "bad time range '00:00-24:01' at character 8" },
		{ "monday 08:60-09:00", "bad time range '08:60-09:00' at character 8" },
		{ "monday 8-9", "bad time range '8-9' at character 8" },
		{ "monday 08:00-18:00;x", "bad time range '08:00-18:00;x' at character 8" },
		{ "monday 123:00-124:00", "bad time range '123:00-124:00' at character 8" },
		{ "monday", "missing time range at character 7" },
		{ "monday   ", "missing time range at character 10" },
		{ "monday 08:00-18:00 x", "unexpected 'x' at character 20" },
		{ "monday 08:00-12:00 13:00-14:00", "unexpected '13:00-14:00' at character 20" },
		{ "monday 08:00-18:00,", "missing time range at character 20" },
		{ "monday 08:00-09:00,,10:00-11:00", "missing time range at character 20" },
		{ "monday08:00-18:00", "unexpected '08:00-18:00' at character 7" },
		{ "monday-fryday 08:00-18:00", "bad weekday 'fryday' at character 8" },
		{ "monday 6 00:00-24:00", "bad weekday offset '6' at character 8" },
		{ "monday 0 00:00-24:00", "bad weekday offset '0' at character 8" },
		{ "thursday -1 novembr 00:00-24:00", "bad month 'novembr' at character 13" },
		{ "day 0 00:00-24:00", "bad day of month '0' at character 5" },
		{ "day 32 00:00-24:00", "bad day of month '32' at character 5" },
		{ "day x 00:00-24:00", "bad day of month 'x' at character 5" },
		{ "day", "missing day of month at character 4" },
		{ "february 30 00:00-24:00", "bad day of month '30' at character 10" },
		{ "april -31 00:00-24:00", "bad day of month '-31' at character 7" },
		{ "2026-02-30 00:00-24:00", "bad date '2026-02-30' at character 1" },
		{ "2026-2-3 00:00-24:00", "bad date '2026-2-3' at character 1" },
		{ "2026-12-31 - 2026-12-24 00:00-24:00", "before it starts '2026-12-24' at character 14" },
		{ "2026-12-24 - 2026-13-01 00:00-24:00", "bad date '2026-13-01' at character 14" },
		{ "", "missing day at character 1" },
		{ "   ", "missing day at character 4" },
		{ "8 monday 08:00-18:00", "bad date '8' at character 1" },
		{ "-monday 08:00-18:00", "'-monday' at character 1" },
	};

	(void)state;
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		char err[256] = "";
		struct cal *c = make_cal("Europe/Berlin", NULL, NULL);

		if (cal_add(c, bad[k].line, k % 2, err, sizeof(err)) == 0)
			fail_msg("'%s' accepted", bad[k].line);
		if (strstr(err, bad[k].msg) == NULL)
			fail_msg("'%s': message '%s' lacks '%s'", bad[k].line, err, bad[k].msg);
		assert_true(cal_is_24x7(c));	/* a rejected line adds nothing */
		cal_release(c);
	}
}

/* ---- calendars across DST and holidays ---- */

struct cal_case {
	const char *tz;
	const char *incl[MAXLINES], *excl[MAXLINES];
	time_t t0, t1;
	long long secs;
};

static void run_cal_cases(const struct cal_case *cases, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		struct cal *c = make_cal(cases[k].tz, cases[k].incl, cases[k].excl);
		struct cal_list out = CAL_LIST_INIT;
		long long got = cal_seconds(c, cases[k].t0, cases[k].t1, &out);

		if (got != cases[k].secs)
			fail_msg("case %zu ('%s' in %s): %lld s, expected %lld s", k,
				 cases[k].incl[0] ? cases[k].incl[0] : cases[k].excl[0], cases[k].tz,
				 got, cases[k].secs);
		cal_list_release(&out);
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
	struct cal *c = make_cal("Europe/Berlin",
				 (const char *const[]){ "monday-friday 08:00-18:00", NULL }, NULL);
	struct cal_list out = CAL_LIST_INIT;

	(void)state;
	/* two weeks from Mon 2026-03-23 00:00 CET: ten working days */
	assert_int_equal(cal_seconds(c, UTC(2026, 3, 22, 23), UTC(2026, 4, 5, 22), &out), 100 * H);
	assert_int_equal(out.n, 10);
	assert_int_equal(out.v[0].start, UTC(2026, 3, 23, 7));		/* 08:00 CET */
	assert_int_equal(out.v[0].end, UTC(2026, 3, 23, 17));
	assert_int_equal(out.v[5].start, UTC(2026, 3, 30, 6));		/* 08:00 CEST */
	assert_int_equal(out.v[5].end, UTC(2026, 3, 30, 16));
	/* clipped to a range starting and ending inside working hours: 2 h + 1 h */
	assert_int_equal(cal_seconds(c, UTC(2026, 3, 23, 15), UTC(2026, 3, 24, 8), &out), 3 * H);
	/* an empty or backwards range is empty */
	assert_int_equal(cal_seconds(c, UTC(2026, 3, 24, 8), UTC(2026, 3, 24, 8), &out), 0);
	assert_int_equal(cal_seconds(c, UTC(2026, 3, 24, 8), UTC(2026, 3, 23, 8), &out), 0);
	cal_list_release(&out);
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
	struct cal *c = make_cal(NULL, NULL, NULL);
	struct cal_list out = CAL_LIST_INIT;
	char err[256];

	(void)state;
	assert_true(cal_is_24x7(c));
	assert_int_equal(cal_seconds(c, 1000, 5000, &out), 4000);
	assert_int_equal(out.n, 1);
	assert_int_equal(cal_add(c, "2026-11-28 00:00-12:00", 0, err, sizeof(err)), 0);
	assert_false(cal_is_24x7(c));
	cal_list_release(&out);
	cal_release(c);
	cal_release(NULL);
}

static void test_time_range(void **state)
{
	static const time_t bad[][2] = {
		{ -2208988801LL, 0 }, { 0, 253402300800LL }, { INT64_MIN, INT64_MAX },
		{ INT64_MAX - 1, INT64_MAX },
	};
	struct cal *c = make_cal("Europe/Berlin", (const char *const[]){ "day -1 00:00-01:00", NULL },
				 NULL);
	struct cal_list out = CAL_LIST_INIT;

	(void)state;
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		struct cal_interval *v = NULL;
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
		assert_int_equal(cal_period_parse("last-month", bad[k][0] == 0 ? bad[k][1] : bad[k][0],
						  "UTC", &t0, &t1, err, sizeof(err)), -1);
	}
	/* the far ends that are allowed: 1900 and 9999, the last days of a month */
	assert_int_equal(cal_seconds(c, -2208988800LL, -2208988800LL + 40 * 86400, &out), H);
	assert_int_equal(cal_seconds(c, 253402300799LL - 40 * 86400, 253402300799LL, &out),
			 2 * H);
	cal_list_release(&out);
	cal_release(c);
}

/* ---- compliance windows ---- */

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
		struct cal_interval *v = NULL;
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
			struct cal_interval *u = NULL;

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
	struct cal_interval *v = NULL;
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

/* ---- report periods ---- */

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

		if (cal_period_parse(cases[k].spec, cases[k].now, cases[k].tz, &t0, &t1, err,
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

		if (cal_period_parse(bad[k].spec, 1779000000, "Europe/Berlin", &t0, &t1, err,
				     sizeof(err)) == 0)
			fail_msg("'%s' accepted: [%lld, %lld)", bad[k].spec, (long long)t0,
				 (long long)t1);
		if (strstr(err, bad[k].msg) == NULL)
			fail_msg("'%s': message '%s' lacks '%s'", bad[k].spec, err, bad[k].msg);
		assert_int_equal(t0, 7);
		assert_int_equal(t1, 7);
	}
}

/* ---- formatting, zones, the environment ---- */

static void test_format(void **state)
{
	static const struct {
		int y, mo, d, h, mi, s;
		const char *tz, *want;
	} cases[] = {
		{ 2026, 10, 25, 0, 30, 0, "Europe/Berlin", "2026-10-25 02:30:00 CEST" },
		{ 2026, 10, 25, 1, 30, 0, "Europe/Berlin", "2026-10-25 02:30:00 CET" },
		{ 2026, 3, 29, 0, 59, 59, "Europe/Berlin", "2026-03-29 01:59:59 CET" },
		{ 2026, 3, 29, 1, 0, 0, "Europe/Berlin", "2026-03-29 03:00:00 CEST" },
		{ 2026, 11, 1, 5, 30, 0, "America/New_York", "2026-11-01 01:30:00 EDT" },
		{ 2026, 11, 1, 6, 30, 0, "America/New_York", "2026-11-01 01:30:00 EST" },
		{ 2026, 1, 1, 0, 0, 0, NULL, "2026-01-01 00:00:00 UTC" },
		{ 2026, 1, 1, 0, 0, 0, "", "2026-01-01 00:00:00 UTC" },
	};
	char buf[64];

	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		time_t t = utc(cases[k].y, cases[k].mo, cases[k].d, cases[k].h, cases[k].mi,
			       cases[k].s);

		assert_int_equal(cal_format(t, cases[k].tz, buf, sizeof(buf)), 0);
		assert_string_equal(buf, cases[k].want);
	}
	assert_int_equal(cal_format(0, "UTC", buf, 10), -1);	/* does not fit */
	assert_int_equal(cal_format(0, "Mars/Olympus", buf, sizeof(buf)), -1);
	assert_string_equal(buf, "");
}

static void test_unknown_zones(void **state)
{
	static const char *const bad[] = {
		"Mars/Olympus", "Europe/Berlinn", "europe/berlin", "Europe/Berlin ", "../etc/passwd",
		"/usr/share/zoneinfo/UTC", "Europe", "zone.tab", "CET-1CEST,M3.5.0,M10.5.0/3",
		":Europe/Berlin",
	};
	static const char *const good[] = { "Europe/Berlin", "America/New_York", "UTC", "" };

	(void)state;
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		char err[256] = "", want[300], buf[64];
		struct cal_interval *v = NULL;
		size_t n;
		time_t t0, t1;

		snprintf(want, sizeof(want), "unknown time zone '%s'", bad[k]);
		assert_null(cal_new(bad[k], err, sizeof(err)));
		assert_string_equal(err, want);
		err[0] = '\0';
		assert_int_equal(cal_windows(CAL_DAY, 0, bad[k], 0, 86400, 0, &v, &n, NULL, err,
					     sizeof(err)), -1);
		assert_string_equal(err, want);
		assert_null(v);
		err[0] = '\0';
		assert_int_equal(cal_period_parse("today", 86400, bad[k], &t0, &t1, err,
						  sizeof(err)), -1);
		assert_string_equal(err, want);
		assert_int_equal(cal_format(0, bad[k], buf, sizeof(buf)), -1);
	}
	for (size_t k = 0; k < sizeof(good) / sizeof(good[0]); k++) {
		char err[256];
		struct cal *c = cal_new(good[k], err, sizeof(err));

		if (c == NULL)
			fail_msg("'%s' rejected: %s", good[k], err);
		cal_release(c);
	}
}

/* Runs every entry point, good and bad, so that the caller can look at TZ afterwards. */
static void exercise(void)
{
	struct cal *c = make_cal("Europe/Berlin",
				 (const char *const[]){ "monday-friday 08:00-18:00", NULL },
				 (const char *const[]){ "december 25 00:00-24:00", NULL });
	struct cal_list out = CAL_LIST_INIT;
	struct cal_interval *v = NULL;
	size_t n;
	time_t t0, t1;
	char err[256], buf[64];

	assert_int_equal(cal_seconds(c, UTC(2026, 12, 20, 23), UTC(2026, 12, 27, 23), &out), 40 * H);
	assert_int_equal(cal_windows(CAL_MONTH, 0, "America/New_York", UTC(2026, 1, 1, 5),
				     UTC(2027, 1, 1, 5), 0, &v, &n, NULL, err, sizeof(err)), 0);
	free(v);
	assert_int_equal(cal_windows(CAL_DAY, 0, "Nowhere/Land", 0, 86400, 0, &v, &n, NULL, err,
				     sizeof(err)), -1);
	assert_int_equal(cal_period_parse("last-month", 1779000000, "Asia/Kolkata", &t0, &t1, err,
					  sizeof(err)), 0);
	assert_int_equal(cal_period_parse("junk", 1779000000, "Asia/Kolkata", &t0, &t1, err,
					  sizeof(err)), -1);
	assert_int_equal(cal_format(0, "Europe/Berlin", buf, sizeof(buf)), 0);
	assert_int_equal(cal_format(0, "Europe/Berlin", buf, 3), -1);
	cal_list_release(&out);
	cal_release(c);
}

static void test_tz_restored(void **state)
{
	static const char *const before[] = { "Asia/Tokyo", "", NULL, "UTC" };
	const char *saved = getenv("TZ");
	char *keep = saved ? strdup(saved) : NULL;

	(void)state;
	for (size_t k = 0; k < sizeof(before) / sizeof(before[0]); k++) {
		time_t t = 0;
		struct tm tm;

		if (before[k] != NULL)
			setenv("TZ", before[k], 1);
		else
			unsetenv("TZ");
		tzset();
		exercise();
		if (before[k] == NULL)
			assert_null(getenv("TZ"));
		else
			assert_string_equal(getenv("TZ"), before[k]);
		/* the C library's zone state is back as well, not only the variable */
		localtime_r(&t, &tm);
		assert_int_equal(tm.tm_hour, before[k] != NULL && strcmp(before[k], "Asia/Tokyo") == 0
					     ? 9 : 0);
	}
	if (keep != NULL)
		setenv("TZ", keep, 1);
	else
		unsetenv("TZ");
	tzset();
	free(keep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_push),
		cmocka_unit_test(test_list_algebra),
		cmocka_unit_test(test_line_forms),
		cmocka_unit_test(test_leap_february),
		cmocka_unit_test(test_line_junk),
		cmocka_unit_test(test_berlin_dst),
		cmocka_unit_test(test_berlin_interval_edges),
		cmocka_unit_test(test_holidays_and_precedence),
		cmocka_unit_test(test_24x7),
		cmocka_unit_test(test_time_range),
		cmocka_unit_test(test_windows),
		cmocka_unit_test(test_rolling_spans),
		cmocka_unit_test(test_window_parse),
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_period_junk),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_unknown_zones),
		cmocka_unit_test(test_tz_restored),
	};
	return cmocka_run_group_tests_name("cal", tests, NULL, NULL);
}
