/*
 * Tests of reader: real RRD files written with librrd (and through a real rrdcached),
 * read back into series; error classes; the worker pool.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <rrd.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "archive.h"
#include "fixture.h"
#include "fixture_rrdcached.h"
#include "nines.h"
#include "reader.h"
#include "rrdcached.h"
#include "rrdhead.h"
#include "series.h"
#include "testrrd.h"

/* A past time on a minute boundary (28333333 × 60), so each 60-s sample fills one row. */
#define T0 ((time_t)1699999980)
/* A past time on an hour boundary (472222 × 3600), for hourly rows. */
#define TH ((time_t)1699999200)
#define STEP 60
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define TEMPLATE "avail:rtt:warn:downtime:loss:cover"
#define LAYOUT_BUF 1024
#define LAYOUT_MAXARGS 16
#define LINE_BUF 160
#define HANG_LIMIT_S 20

/* ---- helpers ---- */

static void path_in(const char *dir, const char *name, char *out, size_t outlen)
{
	assert_true((size_t)snprintf(out, outlen, "%s/%s", dir, name) < outlen);
}

static void create_rrd(const char *path, time_t start, int argc, const char **argv)
{
	rrd_clear_error();
	if (rrd_create_r(path, STEP, start, argc, argv) != 0)
		fail_msg("rrd_create_r %s: %s", path, rrd_get_error());
}

/* The nines layout at a 60-s step, last update at start. */
static void create_archive(const char *path, time_t start)
{
	char buf[LAYOUT_BUF];
	const char *argv[LAYOUT_MAXARGS];
	int argc = archive_layout(STEP, buf, sizeof(buf), argv, LAYOUT_MAXARGS);

	assert_true(argc > 0);
	create_rrd(path, start, argc, argv);
}

/* The nines data sources, but per-check rows for only 100 minutes, then 100 hourly rows. */
static void create_short(const char *path, time_t start)
{
	char buf[LAYOUT_BUF];
	const char *argv[LAYOUT_MAXARGS];
	int argc = archive_layout(STEP, buf, sizeof(buf), argv, LAYOUT_MAXARGS);

	assert_true(argc > ARCHIVE_LAYOUT_NDS + 2);
	argc = ARCHIVE_LAYOUT_NDS;
	argv[argc++] = "RRA:AVERAGE:0.99:1:100";
	argv[argc++] = "RRA:AVERAGE:0.99:60:100";
	create_rrd(path, start, argc, argv);
}

struct sample {
	time_t when;
	double avail, rtt, warn, downtime;
};

static void format_num(double v, char *out, size_t outlen)
{
	if (isnan(v))
		snprintf(out, outlen, "U");
	else
		snprintf(out, outlen, "%.6f", v);
}

/* "when:avail:rtt:warn:downtime:loss:cover" with cover = the step, as the plugins write it. */
static void format_sample(const struct sample *s, char *out, size_t outlen)
{
	char v[4][32];

	format_num(s->avail, v[0], sizeof(v[0]));
	format_num(s->rtt, v[1], sizeof(v[1]));
	format_num(s->warn, v[2], sizeof(v[2]));
	format_num(s->downtime, v[3], sizeof(v[3]));
	snprintf(out, outlen, "%lld:%s:%s:%s:%s:U:%d", (long long)s->when, v[0], v[1], v[2], v[3],
		 STEP);
}

static void write_samples(const char *path, const struct sample *s, size_t n)
{
	char (*lines)[LINE_BUF] = calloc(n ? n : 1, LINE_BUF);
	const char **argv = calloc(n ? n : 1, sizeof(*argv));

	assert_non_null(lines);
	assert_non_null(argv);
	for (size_t i = 0; i < n; i++) {
		format_sample(&s[i], lines[i], LINE_BUF);
		argv[i] = lines[i];
	}
	rrd_clear_error();
	if (rrd_update_r(path, TEMPLATE, (int)n, argv) != 0)
		fail_msg("rrd_update_r %s: %s", path, rrd_get_error());
	free(argv);
	free(lines);
}

static struct series *read_ok(const char *path, time_t t0, time_t t1, const char *rrdcached)
{
	char err[NINES_ERRLEN] = "";
	struct series *s = NULL;
	enum reader_status st = reader_read(path, t0, t1, rrdcached, &s, err, sizeof(err));

	if (st != READER_OK)
		fail_msg("reader_read %s: %s: %s", path, reader_status_name(st), err);
	assert_non_null(s);
	return s;
}

static void expect_status(const char *path, time_t t0, time_t t1, const char *rrdcached,
			  enum reader_status want, const char *needle)
{
	char err[NINES_ERRLEN] = "", prefix[PATH_MAX + 32];
	struct series *s = (struct series *)&err;	/* must come back NULL */
	enum reader_status st = reader_read(path, t0, t1, rrdcached, &s, err, sizeof(err));

	if (st != want)
		fail_msg("%s: got %s (%s), want %s", path, reader_status_name(st), err,
			 reader_status_name(want));
	assert_null(s);
	snprintf(prefix, sizeof(prefix), "cannot read '%s': ", path);
	if (strncmp(err, prefix, strlen(prefix)) != 0 || strstr(err, needle) == NULL)
		fail_msg("message '%s' lacks '%s' or '%s'", err, prefix, needle);
}

/* Ten checks ending at T0+60 .. T0+600, every field different from its neighbours. */
static const struct sample ten[] = {
	{ T0 + 60, 1, 0.010, 0, 0 },
	{ T0 + 120, 1, 0.020, 1, 0 },
	{ T0 + 180, 0, NAN, 0, 0 },
	{ T0 + 240, 1, 0.040, 0, 1 },
	{ T0 + 300, 0, NAN, 0, 1 },
	{ T0 + 360, 1, 0.060, 1, 1 },
	{ T0 + 420, 1, 0.070, 0, 0 },
	{ T0 + 480, 0, NAN, 0, 0 },
	{ T0 + 540, 1, 0.090, 1, 0 },
	{ T0 + 600, 1, 0.100, 0, 0 },
};

/* ---- values ---- */

static void test_values(void **state)
{
	char path[PATH_MAX];
	struct series *s;

	path_in(*state, "a.rrd", path, sizeof(path));
	create_archive(path, T0);
	write_samples(path, ten, ARRAY_LEN(ten));
	s = read_ok(path, T0, T0 + 600, NULL);
	assert_int_equal(s->start, T0);
	assert_int_equal(s->step, STEP);
	assert_int_equal(s->archive_step, STEP);
	assert_int_equal(s->n, ARRAY_LEN(ten));
	assert_non_null(s->rtt);
	assert_non_null(s->warn);
	assert_non_null(s->downtime);
	/* A per-step row with known avail is monitored as a whole: no coverage column. */
	assert_null(s->cover);
	/* Row i covers [T0 + 60i, T0 + 60(i+1)): the sample stamped at its end. */
	for (size_t i = 0; i < ARRAY_LEN(ten); i++) {
		trd_assert_value(series_get(s, s->avail, i), ten[i].avail);
		trd_assert_value(series_get(s, s->rtt, i), ten[i].rtt);
		trd_assert_value(series_get(s, s->warn, i), ten[i].warn);
		trd_assert_value(series_get(s, s->downtime, i), ten[i].downtime);
	}
	series_release(s);
}

/* An archive made by another tool: avail only, no optional data source. */
static void test_avail_only(void **state)
{
	const char *argv[] = { "DS:avail:GAUGE:120:0:1", "RRA:AVERAGE:0.5:1:100" };
	const char *upd[] = { "1699999990:1", "1700000020:0", "1700000040:0" };
	char path[PATH_MAX];
	struct series *s;

	path_in(*state, "bare.rrd", path, sizeof(path));
	create_rrd(path, T0, (int)ARRAY_LEN(argv), argv);
	rrd_clear_error();
	assert_int_equal(rrd_update_r(path, NULL, (int)ARRAY_LEN(upd), upd), 0);
	s = read_ok(path, T0, T0 + 60, NULL);
	assert_int_equal(s->n, 1);
	assert_null(s->rtt);
	assert_null(s->warn);
	assert_null(s->downtime);
	assert_null(s->cover);
	/* (T0, T0+60]: 10 s of 1 and 50 s of 0 → 1/6. */
	trd_assert_value(series_get(s, s->avail, 0), 10.0 / 60);
	series_release(s);
}

/* ---- gaps and coverage ---- */

static void test_gap(void **state)
{
	struct sample gap[ARRAY_LEN(ten)];
	size_t n = 0;
	char path[PATH_MAX];
	struct series *s;

	/* Checks 4, 5 and 6 missed: the next one comes 240 s after check 3. */
	for (size_t i = 0; i < ARRAY_LEN(ten); i++)
		if (i < 3 || i > 5)
			gap[n++] = ten[i];
	path_in(*state, "gap.rrd", path, sizeof(path));
	create_archive(path, T0);
	write_samples(path, gap, n);
	s = read_ok(path, T0, T0 + 600, NULL);
	assert_int_equal(s->n, 10);
	for (size_t i = 0; i < 10; i++) {
		/* 240 s > the 120-s heartbeat: rows 3..6 (T0+180 .. T0+420) are unmonitored. */
		int lost = i >= 3 && i <= 6;

		trd_assert_value(series_get(s, s->avail, i), lost ? NAN : ten[i].avail);
		trd_assert_value(series_get(s, s->rtt, i), lost ? NAN : ten[i].rtt);
	}
	assert_null(s->cover);
	series_release(s);
}

/* Checks every 30 s on a 60-s archive: each row is known, averaged over its two checks. */
static void test_faster_checks(void **state)
{
	struct sample twice[] = {
		{ T0 + 30, 1, 0.01, 0, 0 }, { T0 + 60, 0, NAN, 0, 0 },
		{ T0 + 90, 1, 0.01, 0, 0 }, { T0 + 120, 1, 0.03, 0, 0 },
	};
	char path[PATH_MAX];
	struct series *s;

	path_in(*state, "twice.rrd", path, sizeof(path));
	create_archive(path, T0);
	write_samples(path, twice, ARRAY_LEN(twice));
	s = read_ok(path, T0, T0 + 120, NULL);
	assert_int_equal(s->n, 2);
	assert_null(s->cover);
	trd_assert_value(series_get(s, s->avail, 0), 0.5);	/* 30 s up, 30 s down */
	trd_assert_value(series_get(s, s->avail, 1), 1.0);
	trd_assert_value(series_get(s, s->rtt, 1), 0.02);	/* (0.01 × 30 + 0.03 × 30) / 60 */
	series_release(s);
}

/* ---- alignment ---- */

static void test_alignment(void **state)
{
	static const struct {
		time_t t0, t1;
		time_t start;	/* t0 rounded down to the minute */
		size_t n;	/* rows up to t1 rounded up to the minute */
	} cases[] = {
		{ T0, T0 + 600, T0, 10 },
		{ T0 + 90, T0 + 301, T0 + 60, 5 },	/* [T0+60, T0+360) */
		{ T0 + 1, T0 + 2, T0, 1 },
		{ T0 + 59, T0 + 61, T0, 2 },
		{ T0 + 60, T0 + 120, T0 + 60, 1 },
		{ T0 + 540, T0 + 1200, T0 + 540, 11 },	/* past the last update: NAN rows */
	};
	char path[PATH_MAX];

	path_in(*state, "align.rrd", path, sizeof(path));
	create_archive(path, T0);
	write_samples(path, ten, ARRAY_LEN(ten));
	for (size_t c = 0; c < ARRAY_LEN(cases); c++) {
		struct series *s = read_ok(path, cases[c].t0, cases[c].t1, NULL);

		assert_int_equal(s->start, cases[c].start);
		assert_int_equal(s->step, STEP);
		assert_int_equal(s->n, cases[c].n);
		for (size_t i = 0; i < s->n; i++) {
			/* The row ending at start + 60(i+1) holds sample (start - T0)/60 + i. */
			size_t k = (size_t)((cases[c].start - T0) / STEP) + i;

			trd_assert_value(series_get(s, s->avail, i), k < ARRAY_LEN(ten) ? ten[k].avail : NAN);
		}
		series_release(s);
	}
}

/* ---- the coarse fallback ---- */

/*
 * Two days of checks from TH in an archive that keeps per-check rows for 100 minutes only.
 * Hour 2: the first 15 checks down.  Hour 5: checks 2..30 missed (a 1800-s gap).
 */
static size_t two_days(struct sample *s)
{
	size_t n = 0;

	for (long k = 1; k <= 2 * 24 * 60; k++) {
		long hour = (k - 1) / 60, minute = (k - 1) % 60;

		if (hour == 5 && minute >= 1 && minute <= 29)
			continue;
		s[n].when = TH + k * STEP;
		s[n].avail = hour == 2 && minute < 15 ? 0 : 1;
		s[n].rtt = 0.001 * (double)(minute + 1);
		s[n].warn = 0;
		s[n].downtime = 0;
		n++;
	}
	return n;
}

static void test_coarse(void **state)
{
	struct sample *samples = calloc(2 * 24 * 60, sizeof(*samples));
	char path[PATH_MAX];
	struct series *s;
	size_t n;

	assert_non_null(samples);
	n = two_days(samples);
	path_in(*state, "short.rrd", path, sizeof(path));
	create_short(path, TH);
	write_samples(path, samples, n);
	free(samples);

	s = read_ok(path, TH, TH + 86400, NULL);
	assert_int_equal(s->step, 3600);
	assert_int_equal(s->archive_step, STEP);
	assert_int_equal(s->start, TH);
	assert_int_equal(s->n, 24);
	for (size_t h = 0; h < 24; h++) {
		/* Hour 2: 15 of 60 minutes down.  rtt 1..60 ms averages 30.5 ms. */
		trd_assert_value(series_get(s, s->avail, h), h == 2 ? 0.75 : 1.0);
		if (h != 5)
			trd_assert_value(series_get(s, s->rtt, h), 0.0305);
		/*
		 * Hour 5: the check of minute 30 comes 1800 s after the one of minute 0, so
		 * rows 1..30 are unknown: 30 of 60 steps were monitored.
		 */
		trd_assert_value(series_get(s, s->cover, h), h == 5 ? 0.5 : 1.0);
	}
	series_release(s);

	/* The last hour is still in the per-check rows. */
	s = read_ok(path, TH + 2 * 86400 - 3600, TH + 2 * 86400, NULL);
	assert_int_equal(s->step, STEP);
	assert_int_equal(s->archive_step, STEP);
	assert_int_equal(s->n, 60);
	for (size_t i = 0; i < 60; i++)
		trd_assert_value(series_get(s, s->rtt, i), 0.001 * (double)(i + 1));
	series_release(s);
}

/*
 * Archives made before the monitored data source: consolidated rows fall back to the
 * legacy cover, the checks' count times the step per second.  After `rrdtool tune` adds
 * monitored, the rows written from then on use it; the older ones keep cover's value.
 */
static void test_coarse_legacy(void **state)
{
	struct sample *samples = calloc(2 * 24 * 60, sizeof(*samples));
	char path[PATH_MAX], buf[LAYOUT_BUF];
	const char *argv[LAYOUT_MAXARGS];
	const char *tune[] = { "tune", path, "DS:" ARCHIVE_MONITORED ":COMPUTE:" ARCHIVE_MONITORED_RPN };
	size_t n, day1 = 0, k;
	struct series *s;

	assert_non_null(samples);
	n = two_days(samples);
	while (day1 < n && samples[day1].when <= TH + 86400)
		day1++;
	k = day1;
	path_in(*state, "legacy.rrd", path, sizeof(path));
	assert_true(archive_layout(STEP, buf, sizeof(buf), argv, LAYOUT_MAXARGS) > ARCHIVE_NDS);
	assert_string_equal(argv[ARCHIVE_NDS], "DS:" ARCHIVE_MONITORED ":COMPUTE:" ARCHIVE_MONITORED_RPN);
	argv[ARCHIVE_NDS] = "RRA:AVERAGE:0.99:1:100";
	argv[ARCHIVE_NDS + 1] = "RRA:AVERAGE:0.99:60:100";
	create_rrd(path, TH, ARCHIVE_NDS + 2, argv);
	write_samples(path, samples, day1);
	rrd_clear_error();
	if (rrd_tune((int)ARRAY_LEN(tune), (char **)(void *)tune) != 0)
		fail_msg("rrd_tune %s: %s", path, rrd_get_error());
	/* The second day, with hour 5's gap again. */
	for (size_t i = day1; i < n; i++) {
		long minute = (long)((samples[i].when - TH) / STEP - 1) % (24 * 60);

		if (minute >= 5 * 60 + 1 && minute <= 5 * 60 + 29)
			continue;
		samples[k++] = samples[i];
	}
	write_samples(path, samples + day1, k - day1);
	free(samples);

	s = read_ok(path, TH, TH + 2 * 86400 - 3600, NULL);
	assert_int_equal(s->step, 3600);
	assert_non_null(s->cover);
	/* Day 1, legacy: hour 5 has 31 checks' worth of cover (see test_coarse's numbers). */
	trd_assert_value(series_get(s, s->cover, 5), 31.0 / 60);
	trd_assert_value(series_get(s, s->cover, 6), 1.0);
	/* Day 2, monitored: 30 of 60 steps known. */
	trd_assert_value(series_get(s, s->cover, 24 + 5), 0.5);
	trd_assert_value(series_get(s, s->cover, 24 + 6), 1.0);
	series_release(s);
}

/* ---- windows without data ---- */

static void test_no_data(void **state)
{
	/*
	 * Last update T0+600 = 1700000580.  The daily RRA (3660 rows) ends at the day before:
	 * 19675 × 86400 = 1699920000, and its oldest row starts 3660 days earlier, at
	 * 1699920000 − 316224000 = 1383696000.  Every finer RRA starts later.
	 */
	static const time_t oldest = 1383696000;
	char path[PATH_MAX];
	struct series *s;

	path_in(*state, "old.rrd", path, sizeof(path));
	create_archive(path, T0);
	write_samples(path, ten, ARRAY_LEN(ten));

	expect_status(path, oldest - 86400, oldest, NULL, READER_NO_DATA, "oldest row");
	expect_status(path, T0 - 20L * 366 * 86400, T0 - 19L * 366 * 86400, NULL, READER_NO_DATA,
		      "oldest row");
	expect_status(path, T0 + 60, T0 + 60, NULL, READER_NO_DATA, "empty window");
	expect_status(path, T0 + 60, T0, NULL, READER_NO_DATA, "empty window");

	/* One second into the daily RRA: read, coarse, unknown. */
	s = read_ok(path, oldest - 86400, oldest + 1, NULL);
	assert_int_equal(s->step, 86400);
	assert_int_equal(s->archive_step, STEP);
	assert_int_equal(s->start, oldest - 86400);
	assert_int_equal(s->n, 2);
	trd_assert_value(series_get(s, s->avail, 0), NAN);
	trd_assert_value(series_get(s, s->avail, 1), NAN);
	series_release(s);

	/* The day before the first check is within the per-check rows: NAN, not an error. */
	s = read_ok(path, T0 - 86400, T0, NULL);
	assert_int_equal(s->step, STEP);
	assert_int_equal(s->n, 1440);
	for (size_t i = 0; i < s->n; i++)
		trd_assert_value(series_get(s, s->avail, i), NAN);
	assert_null(s->cover);
	series_release(s);
}

/* ---- prefetching ---- */

/*
 * This definition takes the place of libc's for the whole test program: it records the
 * ranges the reader asks the kernel to read ahead, and passes every call on.
 */
#define ADVICE_MAX 256
static struct {
	off_t off, len;
} advised[ADVICE_MAX];
static size_t nadvised;
static pthread_mutex_t advised_lock = PTHREAD_MUTEX_INITIALIZER;

int posix_fadvise(int fd, off_t offset, off_t len, int advice)
{
	static int (*real)(int, off_t, off_t, int);

	pthread_mutex_lock(&advised_lock);
	if (real == NULL)
		real = (int (*)(int, off_t, off_t, int))dlsym(RTLD_NEXT, "posix_fadvise");
	if (advice == POSIX_FADV_WILLNEED && nadvised < ADVICE_MAX) {
		advised[nadvised].off = offset;
		advised[nadvised].len = len;
		nadvised++;
	}
	pthread_mutex_unlock(&advised_lock);
	return real != NULL ? real(fd, offset, len, advice) : ENOSYS;
}

static int is_advised(off_t off, off_t len)
{
	for (size_t i = 0; i < nadvised; i++)
		if (advised[i].len > 0 && off >= advised[i].off &&
		    off + len <= advised[i].off + advised[i].len)
			return 1;
	return 0;
}

static unsigned long info_cnt(const rrd_info_t *info, const char *key)
{
	for (; info != NULL; info = info->next)
		if (strcmp(info->key, key) == 0 && info->type == RD_I_CNT)
			return info->value.u_cnt;
	fail_msg("rrd info has no count '%s'", key);
	return 0;
}

/*
 * Reads [t0, t1) and checks which per-check rows (the first RRA, right after the header)
 * were asked for: the rows ending at want_first .. want_last, and not the row on either
 * side.  The newest row, ending at newest, is row cur_row of the ring; the one ending
 * 60k s earlier is row cur_row - k, modulo the row count.
 */
static void check_advised(const char *path, time_t t0, time_t t1, time_t newest,
			  time_t want_first, time_t want_last)
{
	const off_t rowbytes = ARCHIVE_LAYOUT_NDS * sizeof(rrd_value_t);
	unsigned long header, cur, rows;
	off_t total = 0;
	rrd_info_t *info;

	rrd_clear_error();
	info = rrd_info_r(path);
	assert_non_null(info);
	header = info_cnt(info, "header_size");
	cur = info_cnt(info, "rra[0].cur_row");
	rows = info_cnt(info, "rra[0].rows");
	rrd_info_free(info);

	nadvised = 0;
	series_release(read_ok(path, t0, t1, NULL));
	for (time_t end = want_first - STEP; end <= want_last + STEP; end += STEP) {
		unsigned long back = (unsigned long)((newest - end) / STEP);
		off_t off = (off_t)header + (off_t)((cur + rows - back) % rows) * rowbytes;
		int want = end >= want_first && end <= want_last;

		if (back >= rows)
			continue;	/* older than the ring holds */
		if (is_advised(off, rowbytes) != want)
			fail_msg("row ending %lld: advised %d, want %d", (long long)end,
				 !want, want);
	}
	for (size_t i = 0; i < nadvised; i++)
		total += advised[i].len;
	assert_true(total < 64 * 1024);	/* not the whole file */
}

/*
 * librrd faults the file in 4 KB at a time (MADV_RANDOM): the reader asks the kernel for
 * the window's rows first, and only for those.
 */
static void test_prefetch(void **state)
{
	struct sample many[150];
	char path[PATH_MAX];

	/* Rows ending T0+180 .. T0+480 hold [T0+120, T0+480). */
	path_in(*state, "cold.rrd", path, sizeof(path));
	create_archive(path, T0);
	write_samples(path, ten, ARRAY_LEN(ten));
	check_advised(path, T0 + 120, T0 + 480, T0 + 600, T0 + 180, T0 + 480);
	check_advised(path, T0 + 121, T0 + 479, T0 + 600, T0 + 180, T0 + 480);

	/*
	 * 150 checks into 100 per-check rows: the last 100 (ending T0+3060 .. T0+9000) fill
	 * the whole ring, so they wrap around its end unless the newest row is the last one.
	 */
	for (size_t i = 0; i < ARRAY_LEN(many); i++)
		many[i] = (struct sample){ T0 + (time_t)(i + 1) * STEP, 1, 0.01, 0, 0 };
	path_in(*state, "ring.rrd", path, sizeof(path));
	create_short(path, T0);
	write_samples(path, many, ARRAY_LEN(many));
	check_advised(path, T0, T0 + 9000, T0 + 9000, T0 + 3060, T0 + 9000);
}

/* ---- files that cannot be read ---- */

static void copy_truncated(const char *from, const char *to, long keep_num, long keep_den)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char buf[65536];
	size_t got;
	struct stat st;

	assert_non_null(in);
	assert_non_null(out);
	while ((got = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, got, out), got);
	fclose(in);
	assert_int_equal(fclose(out), 0);
	assert_int_equal(stat(to, &st), 0);
	assert_int_equal(truncate(to, st.st_size * keep_num / keep_den), 0);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void test_bad_files(void **state)
{
	static const struct {
		const char *name;
		enum reader_status want;
		const char *needle;
	} cases[] = {
		{ "none.rrd", READER_MISSING, "No such file" },
		{ "nohost/ping.rrd", READER_MISSING, "No such file" },
		{ "text.rrd/ping.rrd", READER_MISSING, "Not a directory" },
		{ "dir.rrd", READER_UNREADABLE, "Is a directory" },
		{ "fifo.rrd", READER_UNREADABLE, "not a regular file" },
		{ "empty.rrd", READER_CORRUPT, "empty file" },
		{ "text.rrd", READER_CORRUPT, "not an RRD file" },
		{ "half.rrd", READER_CORRUPT, "too small" },
		{ "header.rrd", READER_CORRUPT, "" },
		{ "foreign.rrd", READER_FOREIGN, "no data source 'avail' (it has: ds0, ds1)" },
		{ "average.rrd", READER_FOREIGN, "no AVERAGE archive" },
	};
	const char *foreign[] = { "DS:ds0:GAUGE:120:U:U", "DS:ds1:COUNTER:120:U:U",
				  "RRA:AVERAGE:0.5:1:100" };
	const char *max_only[] = { "DS:avail:GAUGE:120:0:1", "RRA:MAX:0.5:1:100" };
	char path[PATH_MAX], good[PATH_MAX];
	const char *dir = *state;

	path_in(dir, "good.rrd", good, sizeof(good));
	create_short(good, T0);
	path_in(dir, "dir.rrd", path, sizeof(path));
	assert_int_equal(mkdir(path, 0755), 0);
	path_in(dir, "fifo.rrd", path, sizeof(path));
	assert_int_equal(mkfifo(path, 0644), 0);
	path_in(dir, "empty.rrd", path, sizeof(path));
	write_file(path, "");
	path_in(dir, "text.rrd", path, sizeof(path));
	write_file(path, "avail 1\nrtt 0.01\n");
	path_in(dir, "half.rrd", path, sizeof(path));
	copy_truncated(good, path, 1, 2);
	path_in(dir, "header.rrd", path, sizeof(path));
	copy_truncated(good, path, 1, 100);	/* part of the header only */
	path_in(dir, "foreign.rrd", path, sizeof(path));
	create_rrd(path, T0, (int)ARRAY_LEN(foreign), foreign);
	path_in(dir, "average.rrd", path, sizeof(path));
	create_rrd(path, T0, (int)ARRAY_LEN(max_only), max_only);

	alarm(HANG_LIMIT_S);	/* a reader blocked on the FIFO ends the suite as failed */
	for (size_t c = 0; c < ARRAY_LEN(cases); c++) {
		path_in(dir, cases[c].name, path, sizeof(path));
		expect_status(path, T0 - 600, T0, NULL, cases[c].want, cases[c].needle);
	}
	alarm(0);
	/* The good file itself reads. */
	series_release(read_ok(good, T0 - 600, T0, NULL));
}

/*
 * Header fields librrd's fetch divides by, overwritten in a copy of a good file.  The
 * offsets are librrd's on-disk layout for x86-64 (stat_head 128 bytes, then 120 bytes per
 * data source and per RRA; in an RRA, row_cnt at 24 and pdp_cnt at 32).  Each read runs in
 * a child: a reader killed by SIGFPE fails this test instead of ending the suite.
 */
#define HEAD_STEP_OFF 40
#define HEAD_DS_OFF 128
#define HEAD_DEF_SIZE 120
#define HEAD_RRA_ROWS 24
#define HEAD_RRA_PDP 32

static long rra_off(int rra, int field)
{
	return HEAD_DS_OFF + HEAD_DEF_SIZE * (ARCHIVE_LAYOUT_NDS + rra) + field;
}

static void patch_u64(const char *path, long off, uint64_t v)
{
	FILE *f = fopen(path, "r+b");

	assert_non_null(f);
	assert_int_equal(fseek(f, off, SEEK_SET), 0);
	assert_int_equal(fwrite(&v, sizeof(v), 1, f), 1);
	assert_int_equal(fclose(f), 0);
}

static void test_damaged_header(void **state)
{
	static const struct {
		int rra, field;		/* rra -1: the step */
		uint64_t value;
		const char *needle;
	} cases[] = {
		{ 0, HEAD_RRA_PDP, 0, "damaged header: rra[0].pdp_per_row is 0" },
		{ 0, HEAD_RRA_PDP, 1ULL << 62, "rra[0].pdp_per_row is 4611686018427387904" },
		{ 1, HEAD_RRA_PDP, 0, "rra[1].pdp_per_row is 0" },
		{ -1, HEAD_STEP_OFF, 1ULL << 62, "damaged header: step is 4611686018427387904" },
		{ -1, HEAD_STEP_OFF, 0, "damaged header: step is 0" },
		{ 0, HEAD_RRA_ROWS, 1ULL << 62, "rra[0].rows is 4611686018427387904" },
		{ 1, HEAD_RRA_ROWS, 0, "rra[1].rows is 0" },
	};
	char good[PATH_MAX], path[PATH_MAX];

	path_in(*state, "good.rrd", good, sizeof(good));
	path_in(*state, "damaged.rrd", path, sizeof(path));
	create_short(good, T0);
	for (size_t c = 0; c < ARRAY_LEN(cases); c++) {
		char err[NINES_ERRLEN] = "";
		int status;
		pid_t pid;

		copy_truncated(good, path, 1, 1);
		patch_u64(path, cases[c].rra < 0 ? cases[c].field :
			  rra_off(cases[c].rra, cases[c].field), cases[c].value);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			struct series *s = NULL;
			enum reader_status st = reader_read(path, T0 - 600, T0, NULL, &s, err,
							    sizeof(err));

			if (st == READER_CORRUPT && s == NULL && strstr(err, cases[c].needle) != NULL)
				_exit(0);
			fprintf(stderr, "case %zu: got %s '%s', want corrupt '%s'\n", c,
				reader_status_name(st), err, cases[c].needle);
			_exit(1);
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		if (WIFSIGNALED(status))
			fail_msg("case %zu: the reader was killed by signal %d", c,
				 WTERMSIG(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
}

/* The pure check at its bounds: the largest sane values pass, one more fails. */
static void test_header_bounds(void **state)
{
	const unsigned long long max = (unsigned long long)RRDHEAD_MAX_SECONDS;
	static const struct {
		unsigned long step, pdp, rows, cur, nds;
		long long last;
		unsigned long long size;
		const char *needle;	/* NULL: passes */
	} cases[] = {
		{ 60, 1, 100, 99, 6, 1700000000, 512 + 4800, NULL },
		{ 60, 1, 100, 100, 6, 1700000000, 512 + 4800, "rra[0].cur_row is 100" },
		{ 60, 1, 100, 0, 6, 1700000000, 512 + 4799, "need more than the 5311 bytes" },
		{ 1UL << 40, 1, 1, 0, 1, 0, 520, NULL },
		{ (1UL << 40) + 1, 1, 1, 0, 1, 0, 520, "step is 1099511627777" },
		{ 1, 1UL << 40, 1, 0, 1, 0, 520, NULL },
		{ 2, 1UL << 39, 1, 0, 1, 0, 520, NULL },
		{ 2, (1UL << 39) + 1, 1, 0, 1, 0, 520, "pdp_per_row is 549755813889" },
		{ 1, 1, 1UL << 40, 0, 1, 0, 512 + (8ULL << 40), NULL },
		{ 1, 2, 1UL << 39, 0, 1, 0, 512 + (8ULL << 40), NULL },
		{ 1, 2, (1UL << 39) + 1, 0, 1, 0, 512 + (8ULL << 40), "rows is 549755813889" },
		{ 60, 1, 1, 0, 0, 0, 520, "the number of data sources is 0" },
		{ 60, 1, 1, 0, 1, -1, 520, "last_update" },
		{ 60, 1, 1, 0, 1, (1LL << 40) + 1, 520, "last_update" },
		{ 60, 1, 1, 0, 1, 0, 100, "header_size is 512" },
	};

	(void)state;
	assert_true(max == 1ULL << 40);
	for (size_t c = 0; c < ARRAY_LEN(cases); c++) {
		struct rrdhead_rra rra = { 1, cases[c].rows, cases[c].pdp, cases[c].cur };
		struct rrdhead h = { cases[c].step, 512, cases[c].nds, cases[c].last, &rra, 1,
				     cases[c].size };
		char err[NINES_ERRLEN] = "";
		int rc = rrdhead_check(&h, err, sizeof(err));

		if (cases[c].needle == NULL ? rc != 0 : rc != -1 || strstr(err, cases[c].needle) == NULL)
			fail_msg("case %zu: rc %d '%s', want '%s'", c, rc, err,
				 cases[c].needle ? cases[c].needle : "(pass)");
	}
	{
		struct rrdhead h = { 60, 512, 1, 0, NULL, 0, 520 };
		char err[NINES_ERRLEN] = "";

		assert_int_equal(rrdhead_check(&h, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "the number of RRAs is 0"));
	}
}

/*
 * As root the file would be read anyway, so root runs the read in a child that has given
 * up root for nobody (65534); the directory is opened to others for it, the file is not.
 * Exit status of the child: 0 right status and message, 1 wrong, 2 could not drop root.
 */
static int read_as_nobody(const char *dir, const char *path, time_t t0, time_t t1)
{
	pid_t pid;
	int status;

	assert_int_equal(chmod(dir, 0711), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char err[NINES_ERRLEN] = "";
		struct series *s = NULL;
		enum reader_status st;

		if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0 ||
		    getuid() == 0)
			_exit(2);
		st = reader_read(path, t0, t1, NULL, &s, err, sizeof(err));
		_exit(st == READER_UNREADABLE && s == NULL &&
		      strstr(err, "Permission denied") != NULL ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void test_permission(void **state)
{
	char path[PATH_MAX];

	path_in(*state, "secret.rrd", path, sizeof(path));
	create_short(path, T0);
	assert_int_equal(chmod(path, 0), 0);
	if (geteuid() == 0)
		assert_int_equal(read_as_nobody(*state, path, T0 - 600, T0), 0);
	else
		expect_status(path, T0 - 600, T0, NULL, READER_UNREADABLE, "Permission denied");
}

/* ---- rrdcached ---- */

static void send_update(struct rrdcached *c, const char *path, const struct sample *s)
{
	char line[PATH_MAX + LINE_BUF], reply[NINES_ERRLEN], qpath[PATH_MAX * 2];
	int n;

	assert_int_equal(rrdcached_quote_path(path, qpath, sizeof(qpath)), 0);
	n = snprintf(line, sizeof(line), "UPDATE %s ", qpath);
	assert_true(n > 0 && (size_t)n < sizeof(line));
	format_sample(s, line + n, sizeof(line) - (size_t)n);
	if (rrdcached_command(c, line, reply, sizeof(reply)) < 0)
		fail_msg("%s: %s", line, reply);
}

/* Stopped by its teardown too, so that a failed assertion does not leave it running. */
static struct fx_rrdcached daemon_fx;

static int daemon_teardown(void **state)
{
	fx_rrdcached_stop(&daemon_fx);
	return fx_tmpdir_teardown(state);
}

static void test_flush(void **state)
{
	struct fx_rrdcached *d = &daemon_fx;
	char err[NINES_ERRLEN], path[PATH_MAX + 16], nosock[PATH_MAX + 32];
	struct rrdcached *c;
	struct series *s;

	if (fx_rrdcached_start(d, *state, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	/* The daemon's own name for the file: under its real base directory. */
	path_in(d->dir, "cached.rrd", path, sizeof(path));
	create_short(path, T0);
	c = rrdcached_connect(d->addr, 5, err, sizeof(err));
	if (c == NULL)
		fail_msg("%s", err);
	for (size_t i = 0; i < ARRAY_LEN(ten); i++)
		send_update(c, path, &ten[i]);
	rrdcached_close(c);

	/* The daemon holds the values for an hour: the file alone does not have them yet. */
	s = read_ok(path, T0, T0 + 600, NULL);
	for (size_t i = 0; i < s->n; i++)
		trd_assert_value(series_get(s, s->avail, i), NAN);
	series_release(s);

	s = read_ok(path, T0, T0 + 600, d->addr);
	assert_int_equal(s->n, ARRAY_LEN(ten));
	for (size_t i = 0; i < s->n; i++) {
		trd_assert_value(series_get(s, s->avail, i), ten[i].avail);
		trd_assert_value(series_get(s, s->rtt, i), ten[i].rtt);
	}
	series_release(s);

	assert_true((size_t)snprintf(nosock, sizeof(nosock), "unix:%s/nosock", d->dir) <
		    sizeof(nosock));
	expect_status(path, T0, T0 + 600, nosock, READER_UNREADABLE, "nosock");
	/* A daemon that has gone away is an error too, not silently stale data. */
	assert_int_equal(fx_rrdcached_stop(d), 0);
	expect_status(path, T0, T0 + 600, d->addr, READER_UNREADABLE, "rrdcached.sock");
}

/* ---- reading in parallel ---- */

struct parallel {
	const char *path;
	atomic_int bad;
};

static void read_one(void *ctx, size_t i)
{
	struct parallel *p = ctx;
	char err[NINES_ERRLEN];
	struct series *s = NULL;
	time_t t0 = T0 + (time_t)(i % 10) * STEP;

	if (reader_read(p->path, t0, T0 + 600, NULL, &s, err, sizeof(err)) != READER_OK ||
	    s->start != t0 || s->n != (size_t)(T0 + 600 - t0) / STEP)
		atomic_fetch_add(&p->bad, 1);
	for (size_t r = 0; s != NULL && r < s->n; r++) {
		double want = ten[(size_t)(t0 - T0) / STEP + r].avail;

		if (series_get(s, s->avail, r) != want)
			atomic_fetch_add(&p->bad, 1);
	}
	series_release(s);
}

static void test_parallel_reads(void **state)
{
	char path[PATH_MAX];
	struct parallel p = { .path = path };

	atomic_init(&p.bad, 0);
	path_in(*state, "shared.rrd", path, sizeof(path));
	create_short(path, T0);
	write_samples(path, ten, ARRAY_LEN(ten));
	assert_int_equal(reader_pool_run(64, 8, read_one, &p), 0);
	assert_int_equal(atomic_load(&p.bad), 0);
}

/* ---- the pool ---- */

#define POOL_MAX 100
#define WAIT_LIMIT_MS 5000

struct count {
	atomic_int calls[POOL_MAX];
	atomic_int inside, most, entered;
	size_t want;		/* workers expected to run at once */
};

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/*
 * The first `want` items each wait until all of them have started: with fewer workers
 * than that they time out, and `most` (the largest number inside at once) says so.
 */
static void count_one(void *ctx, size_t i)
{
	struct count *c = ctx;
	int now = atomic_fetch_add(&c->inside, 1) + 1, most = atomic_load(&c->most);

	while (now > most && !atomic_compare_exchange_weak(&c->most, &most, now))
		;
	atomic_fetch_add(&c->calls[i], 1);
	if (i < c->want) {
		atomic_fetch_add(&c->entered, 1);
		for (int ms = 0; ms < WAIT_LIMIT_MS; ms++) {
			if ((size_t)atomic_load(&c->entered) >= c->want)
				break;
			sleep_ms(1);
		}
	}
	atomic_fetch_sub(&c->inside, 1);
}

static void test_pool(void **state)
{
	static const int threads[] = { 1, 2, 8, 0 };
	static const size_t counts[] = { 0, 1, 100 };
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	(void)state;
	for (size_t t = 0; t < ARRAY_LEN(threads); t++) {
		for (size_t k = 0; k < ARRAY_LEN(counts); k++) {
			struct count *c = calloc(1, sizeof(*c));
			size_t n = counts[k];
			size_t workers = threads[t] > 0 ? (size_t)threads[t] : (size_t)cpus;

			assert_non_null(c);
			c->want = workers < n ? workers : n;
			assert_int_equal(reader_pool_run(n, threads[t], count_one, c), 0);
			for (size_t i = 0; i < POOL_MAX; i++)
				assert_int_equal(atomic_load(&c->calls[i]), i < n ? 1 : 0);
			assert_int_equal(atomic_load(&c->most), (int)c->want);
			assert_int_equal(atomic_load(&c->inside), 0);
			free(c);
		}
	}
}

static void test_status_names(void **state)
{
	static const struct {
		enum reader_status s;
		const char *name;
	} cases[] = {
		{ READER_OK, "ok" }, { READER_MISSING, "missing" },
		{ READER_UNREADABLE, "unreadable" }, { READER_CORRUPT, "corrupt" },
		{ READER_FOREIGN, "foreign" }, { READER_NO_DATA, "no-data" },
		{ (enum reader_status)99, "unknown" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++)
		assert_string_equal(reader_status_name(cases[i].s), cases[i].name);
}

#define TMP_TEST(f) cmocka_unit_test_setup_teardown(f, fx_tmpdir_setup, fx_tmpdir_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TMP_TEST(test_values),
		TMP_TEST(test_avail_only),
		TMP_TEST(test_gap),
		TMP_TEST(test_faster_checks),
		TMP_TEST(test_alignment),
		TMP_TEST(test_coarse),
		TMP_TEST(test_coarse_legacy),
		TMP_TEST(test_no_data),
		TMP_TEST(test_prefetch),
		TMP_TEST(test_bad_files),
		TMP_TEST(test_damaged_header),
		cmocka_unit_test(test_header_bounds),
		TMP_TEST(test_permission),
		cmocka_unit_test_setup_teardown(test_flush, fx_tmpdir_setup, daemon_teardown),
		TMP_TEST(test_parallel_reads),
		cmocka_unit_test(test_pool),
		cmocka_unit_test(test_status_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
