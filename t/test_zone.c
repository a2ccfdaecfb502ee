/*
 * Time zones: formatting across DST, names that are not zones rejected by every entry
 * point, TZ (the variable and the C library's state) left as it was found, the wall
 * clock rule in gaps and overlaps, nested zone_enter, and threads in different zones at
 * once getting each its own zone's answers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "period.h"
#include "testcal.h"
#include "zone.h"

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
		struct ival *v = NULL;
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
		assert_int_equal(period_parse("today", 86400, bad[k], &t0, &t1, err,
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
	struct cal *c = tcal_new("Europe/Berlin",
				 (const char *const[]){ "monday-friday 08:00-18:00", NULL },
				 (const char *const[]){ "december 25 00:00-24:00", NULL });
	struct ival_list out = IVAL_LIST_INIT;
	struct ival *v = NULL;
	size_t n;
	time_t t0, t1;
	char err[256], buf[64];

	assert_int_equal(tcal_seconds(c, UTC(2026, 12, 20, 23), UTC(2026, 12, 27, 23), &out), 40 * H);
	assert_int_equal(cal_windows(CAL_MONTH, 0, "America/New_York", UTC(2026, 1, 1, 5),
				     UTC(2027, 1, 1, 5), 0, &v, &n, NULL, err, sizeof(err)), 0);
	free(v);
	assert_int_equal(cal_windows(CAL_DAY, 0, "Nowhere/Land", 0, 86400, 0, &v, &n, NULL, err,
				     sizeof(err)), -1);
	assert_int_equal(period_parse("last-month", 1779000000, "Asia/Kolkata", &t0, &t1, err,
					  sizeof(err)), 0);
	assert_int_equal(period_parse("junk", 1779000000, "Asia/Kolkata", &t0, &t1, err,
					  sizeof(err)), -1);
	assert_int_equal(cal_format(0, "Europe/Berlin", buf, sizeof(buf)), 0);
	assert_int_equal(cal_format(0, "Europe/Berlin", buf, 3), -1);
	ival_list_release(&out);
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

/* ---- the handle itself ---- */

static struct zone *open_zone(const char *name)
{
	char err[256];
	struct zone *z = zone_open(name, err, sizeof(err));

	if (z == NULL)
		fail_msg("zone_open('%s'): %s", name, err);
	return z;
}

static void test_mktime_rule(void **state)
{
	static const struct {
		const char *tz;
		int y, mo, d, h, mi;
		time_t want;
	} cases[] = {
		{ "Europe/Berlin", 2026, 7, 1, 12, 0, 1782900000 },	/* 10:00 UTC */
		/* 02:30 on 03-29 does not exist: the end of the gap, 03:00 CEST = 01:00 UTC */
		{ "Europe/Berlin", 2026, 3, 29, 2, 30, 1774746000 },
		/* 02:30 on 10-25 happens twice: the first, 02:30 CEST = 00:30 UTC */
		{ "Europe/Berlin", 2026, 10, 25, 2, 30, 1792888200 },
		/* hour 24 is the next midnight: 03-30 00:00 CEST */
		{ "Europe/Berlin", 2026, 3, 29, 24, 0, 1774821600 },
		{ "America/New_York", 2026, 11, 1, 1, 30, 1793511000 },	/* 01:30 EDT */
		{ "UTC", 2026, 1, 1, 0, 0, 1767225600 },
		{ "", 1900, 1, 1, 0, 0, -2208988800LL },
	};

	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct zone *z = open_zone(cases[k].tz);
		struct tm tm = { 0 }, back;
		time_t t;

		tm.tm_year = cases[k].y - 1900;
		tm.tm_mon = cases[k].mo - 1;
		tm.tm_mday = cases[k].d;
		tm.tm_hour = cases[k].h;
		tm.tm_min = cases[k].mi;
		tm.tm_isdst = 1;	/* ignored */
		t = zone_mktime(z, &tm);
		if (t != cases[k].want)
			fail_msg("case %zu: %lld, expected %lld", k, (long long)t,
				 (long long)cases[k].want);
		assert_int_equal(zone_local(z, t, &back), 0);
		assert_int_equal(zone_day(z, t), zone_day(z, zone_midnight(z, zone_day(z, t))));
		assert_true(zone_midnight(z, zone_day(z, t)) <= t);
		assert_string_equal(zone_name(z), cases[k].tz);
		zone_release(z);
	}
	zone_release(NULL);
}

/* 1 when TZ is what it was (NULL: unset), the variable as the test found it. */
static int tz_is(const char *was)
{
	const char *now = getenv("TZ");

	return was == NULL ? now == NULL : now != NULL && strcmp(now, was) == 0;
}

/* zone_enter keeps one zone across calls; calls in another zone inside it still see theirs. */
static void test_enter_nests(void **state)
{
	struct zone *berlin = open_zone("Europe/Berlin"), *ny = open_zone("America/New_York");
	time_t t = 1782900000;	/* 2026-07-01 10:00 UTC */
	char err[256], buf[64], *was = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
	struct tm tm;

	(void)state;
	assert_int_equal(zone_enter(berlin, err, sizeof(err)), 0);
	assert_int_equal(zone_enter(berlin, err, sizeof(err)), 0);
	assert_int_equal(zone_format(ny, t, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "2026-07-01 06:00:00 EDT");
	assert_int_equal(zone_local(berlin, t, &tm), 0);
	assert_int_equal(tm.tm_hour, 12);
	zone_leave(berlin);
	assert_int_equal(zone_format(berlin, t, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "2026-07-01 12:00:00 CEST");
	zone_leave(berlin);
	assert_true(tz_is(was));
	free(was);
	zone_release(berlin);
	zone_release(ny);
}

/* ---- threads ---- */

#define NTHREADS 4
#define ROUNDS   3000

struct worker {
	const char *tz;
	struct zone *z;
	const struct cal *cal;
	char want[NTHREADS][64];	/* zone_format of each probe, worked out on one thread */
	long long want_secs;		/* the calendar's seconds in its week */
	int good;			/* rounds whose every result was right */
};

static const time_t probes[NTHREADS] = { 1782900000, 1792881000, 1774746000, 1767225600 };

static int worker_round(struct worker *w)
{
	struct ival_list out = IVAL_LIST_INIT;
	char buf[64], err[256];
	int ok = 1;

	for (size_t i = 0; i < NTHREADS; i++)
		ok &= zone_format(w->z, probes[i], buf, sizeof(buf)) == 0 &&
		      strcmp(buf, w->want[i]) == 0;
	ok &= cal_intervals(w->cal, UTC(2026, 3, 22, 12), UTC(2026, 3, 30, 12), &out, err,
			    sizeof(err)) == 0 && ival_list_seconds(&out) == w->want_secs;
	ival_list_release(&out);
	return ok;
}

static void *worker_run(void *arg)
{
	struct worker *w = arg;

	for (int r = 0; r < ROUNDS; r++)
		w->good += worker_round(w);
	return NULL;
}

static void test_threads(void **state)
{
	static const char *const zones[NTHREADS] = {
		"Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney",
	};
	struct worker w[NTHREADS];
	pthread_t th[NTHREADS];
	struct ival_list out = IVAL_LIST_INIT;
	char err[256], *was = getenv("TZ") ? strdup(getenv("TZ")) : NULL;

	(void)state;
	memset(w, 0, sizeof(w));
	for (size_t k = 0; k < NTHREADS; k++) {
		w[k].tz = zones[k];
		w[k].z = open_zone(zones[k]);
		w[k].cal = tcal_new(zones[k], (const char *const[]){ "monday-friday 08:00-18:00",
								      "sunday 01:00-04:00", NULL },
				    NULL);
		for (size_t i = 0; i < NTHREADS; i++)
			assert_int_equal(zone_format(w[k].z, probes[i], w[k].want[i],
						     sizeof(w[k].want[i])), 0);
		assert_int_equal(cal_intervals(w[k].cal, UTC(2026, 3, 22, 12), UTC(2026, 3, 30, 12),
					       &out, err, sizeof(err)), 0);
		w[k].want_secs = ival_list_seconds(&out);
	}
	/* different zones give different answers, or the test could not tell them apart */
	assert_string_not_equal(w[0].want[0], w[1].want[0]);
	assert_string_not_equal(w[2].want[0], w[3].want[0]);
	for (size_t k = 0; k < NTHREADS; k++)
		assert_int_equal(pthread_create(&th[k], NULL, worker_run, &w[k]), 0);
	for (size_t k = 0; k < NTHREADS; k++)
		assert_int_equal(pthread_join(th[k], NULL), 0);
	for (size_t k = 0; k < NTHREADS; k++) {
		if (w[k].good != ROUNDS)
			fail_msg("%s: %d of %d rounds right", w[k].tz, w[k].good, ROUNDS);
		zone_release(w[k].z);
		cal_release((struct cal *)w[k].cal);
	}
	assert_true(tz_is(was));
	free(was);
	ival_list_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_unknown_zones),
		cmocka_unit_test(test_tz_restored),
		cmocka_unit_test(test_mktime_rule),
		cmocka_unit_test(test_enter_nests),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests_name("zone", tests, NULL, NULL);
}
