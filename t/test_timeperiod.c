/*
 * The Nagios/Icinga timeperiod line syntax, read through a calendar in UTC: every line
 * form, leap years, and junk lines with the character named.  November 2026 starts on
 * a Sunday.  Then the entries lines become, and the days each one matches.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "testcal.h"
#include "timeperiod.h"

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
		struct cal *c = tcal_new("UTC", (const char *const[]){ cases[k].line, NULL }, NULL);
		struct ival_list out = IVAL_LIST_INIT;
		long long got = tcal_seconds(c, t0, t1, &out);

		if (got != cases[k].secs)
			fail_msg("'%s': %lld s, expected %lld s", cases[k].line, got, cases[k].secs);
		assert_false(cal_is_24x7(c));
		ival_list_release(&out);
		cal_release(c);
	}
}

static void test_leap_february(void **state)
{
	/* February 2028 has 29 days: "february -1" and "day -1" are the 29th. */
	struct cal *c = tcal_new("UTC", (const char *const[]){ "february -1 00:00-01:00", NULL },
				 NULL);
	struct ival_list out = IVAL_LIST_INIT;

	(void)state;
	assert_int_equal(tcal_seconds(c, UTC(2028, 1, 1, 0), UTC(2028, 3, 1, 0), &out), H);
	assert_int_equal(out.v[0].start, UTC(2028, 2, 29, 0));
	assert_int_equal(tcal_seconds(c, UTC(2027, 1, 1, 0), UTC(2027, 3, 1, 0), &out), H);
	assert_int_equal(out.v[0].start, UTC(2027, 2, 28, 0));
	ival_list_release(&out);
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
		struct cal *c = tcal_new("Europe/Berlin", NULL, NULL);

		if (cal_add(c, bad[k].line, k % 2, err, sizeof(err)) == 0)
			fail_msg("'%s' accepted", bad[k].line);
		if (strstr(err, bad[k].msg) == NULL)
			fail_msg("'%s': message '%s' lacks '%s'", bad[k].line, err, bad[k].msg);
		assert_true(cal_is_24x7(c));	/* a rejected line adds nothing */
		cal_release(c);
	}
}

/* ---- the entry a line becomes, and the days it matches ---- */

static void test_entries(void **state)
{
	static const struct {
		const char *line;
		enum tp_prec prec;
		int wd0, wd1, nth, month, mday;
		const char *d0, *d1;		/* dates, or NULL */
		size_t n;
		int start, end;			/* the last range, minutes */
	} cases[] = {
		{ "monday 08:00-18:00", TP_WEEKDAY, 1, 1, 0, 0, 0, NULL, NULL, 1, 480, 1080 },
		{ "saturday-monday 00:00-01:00,23:00-24:00", TP_WEEKDAY, 6, 1, 0, 0, 0, NULL, NULL,
		  2, 1380, 1440 },
		{ "monday 1 00:00-24:00", TP_NTH_WEEKDAY, 1, 0, 1, 0, 0, NULL, NULL, 1, 0, 1440 },
		{ "thursday -1 november 09:00-10:00", TP_NTH_WEEKDAY_MONTH, 4, 0, -1, 11, 0, NULL,
		  NULL, 1, 540, 600 },
		{ "day -1 00:00-02:00", TP_DAY, 0, 0, 0, 0, -1, NULL, NULL, 1, 0, 120 },
		{ "december 25 00:00-24:00", TP_MONTH_DAY, 0, 0, 0, 12, 25, NULL, NULL, 1, 0, 1440 },
		{ "2026-12-24 12:00-24:00", TP_DATE, 0, 0, 0, 0, 0, "2026-12-24", "2026-12-24", 1,
		  720, 1440 },
		{ "2026-12-24 - 2026-12-31 8:00-9:30", TP_DATE, 0, 0, 0, 0, 0, "2026-12-24",
		  "2026-12-31", 1, 480, 570 },
	};

	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct tp_entry e;
		char err[256];
		long d0 = 0, d1 = 0;

		if (tp_parse(cases[k].line, (int)(k % 2), &e, err, sizeof(err)) != 0)
			fail_msg("'%s' rejected: %s", cases[k].line, err);
		assert_int_equal(e.include, k % 2);
		assert_int_equal(e.prec, cases[k].prec);
		if (cases[k].prec <= TP_NTH_WEEKDAY_MONTH)
			assert_int_equal(e.wd0, cases[k].wd0);
		if (cases[k].prec == TP_WEEKDAY)
			assert_int_equal(e.wd1, cases[k].wd1);
		assert_int_equal(e.nth, cases[k].nth);
		assert_int_equal(e.month, cases[k].month);
		assert_int_equal(e.mday, cases[k].mday);
		if (cases[k].d0 != NULL) {
			assert_int_equal(date_parse(cases[k].d0, &d0), 0);
			assert_int_equal(date_parse(cases[k].d1, &d1), 0);
			assert_int_equal(e.d0, d0);
			assert_int_equal(e.d1, d1);
		}
		assert_int_equal(e.n, cases[k].n);
		assert_int_equal(e.r[e.n - 1].start, cases[k].start);
		assert_int_equal(e.r[e.n - 1].end, cases[k].end);
	}
}

static void test_matches(void **state)
{
	/* November 2026: Sunday the 1st, Thursday the 26th the last Thursday, 30 days. */
	static const struct {
		const char *line, *date;
		int match;
	} cases[] = {
		{ "monday 08:00-18:00", "2026-11-02", 1 }, { "monday 08:00-18:00", "2026-11-03", 0 },
		{ "saturday-monday 00:00-01:00", "2026-11-01", 1 },
		{ "saturday-monday 00:00-01:00", "2026-11-04", 0 },
		{ "friday-friday 00:00-01:00", "2026-11-06", 1 },
		{ "thursday -1 november 00:00-01:00", "2026-11-26", 1 },
		{ "thursday -1 november 00:00-01:00", "2026-11-19", 0 },
		{ "thursday -1 november 00:00-01:00", "2026-12-31", 0 },
		{ "thursday 4 00:00-01:00", "2026-11-26", 1 },
		{ "monday 5 00:00-01:00", "2026-11-30", 1 }, { "monday 5 00:00-01:00", "2026-12-28", 0 },
		{ "day -1 00:00-01:00", "2026-11-30", 1 }, { "day -1 00:00-01:00", "2026-11-29", 0 },
		{ "day -1 00:00-01:00", "2028-02-29", 1 }, { "february -1 00:00-01:00", "2027-02-28", 1 },
		{ "day 31 00:00-01:00", "2026-12-31", 1 }, { "december 25 00:00-01:00", "2026-12-25", 1 },
		{ "december 25 00:00-01:00", "2026-11-25", 0 },
		{ "2026-12-24 - 2026-12-31 00:00-01:00", "2026-12-24", 1 },
		{ "2026-12-24 - 2026-12-31 00:00-01:00", "2026-12-31", 1 },
		{ "2026-12-24 - 2026-12-31 00:00-01:00", "2027-01-01", 0 },
	};

	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct tp_entry e;
		struct tp_day d;
		char err[256];
		long dn;

		assert_int_equal(tp_parse(cases[k].line, 1, &e, err, sizeof(err)), 0);
		assert_int_equal(date_parse(cases[k].date, &dn), 0);
		tp_day_init(&d, dn);
		if (tp_matches(&e, &d) != cases[k].match)
			fail_msg("'%s' on %s: %d, expected %d", cases[k].line, cases[k].date,
				 !cases[k].match, cases[k].match);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_forms),
		cmocka_unit_test(test_leap_february),
		cmocka_unit_test(test_line_junk),
		cmocka_unit_test(test_entries),
		cmocka_unit_test(test_matches),
	};
	return cmocka_run_group_tests_name("timeperiod", tests, NULL, NULL);
}
