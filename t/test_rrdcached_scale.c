/*
 * One journaled rrdcached and 2,000 archives, written through the plugins' own update path
 * (archive_write, as every check run calls it) at a steady 400 updates/s, plus real plugin
 * processes: every update reported written is in its file after a flush; a clean stop and
 * restart in the middle loses nothing; a SIGKILL in the middle loses at most what the
 * daemon's buffered journal had not written out (the README's bound); and while the daemon
 * is away, plugins say so instead of claiming OK.
 *
 * The archives have a 1-s step, so each update fills one row of its own and the updates
 * that landed are counted by rrd_fetch as known rows; their timestamps are fixed past
 * seconds, one more per round, whatever the wall clock does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <rrd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "archive.h"
#include "fixture.h"
#include "fixture_rrdcached.h"
#include "fixture_snmpd.h"
#include "mono.h"
#include "nines.h"
#include "rrdcached.h"

#define NFILES 2000
#define RATE 400.0		/* updates/s the driver keeps to */
#define MIN_RATE 200.0		/* what the daemon must keep up with */
#define ROWS 32			/* per archive, one per round and more */
#define BASE ((time_t)1700000000)
#define PLUGIN_RUNS 5
/* The plugin runs' archives keep ten minutes: a slow run (ASan, a loaded machine) must not
 * outlast the rows its update went to before they are read back. */
#define PLUGIN_ROWS 600

static struct {
	char dir[PATH_MAX], journal[PATH_MAX], plugin[PATH_MAX];
	struct fx_rrdcached d;
	struct fx_snmpd agent;
	int written[NFILES];	/* updates archive_write reported written, per file */
} s;

static void file_path(int i, char *out, size_t len)
{
	assert_true((size_t)snprintf(out, len, "%s/rrd/f%04d.rrd", s.d.dir, i) < len);
}

static void plugin_file(int r, char *out, size_t len)
{
	assert_true((size_t)snprintf(out, len, "%s/rrd/plugin%d.rrd", s.d.dir, r) < len);
}

/* An archive with the plugins' data sources and one 1-s row per update. */
static void create_small(const char *path, time_t start, int rows)
{
	char layout[2048], rra[64];
	const char *argv[32], *ds[32];
	int argc = archive_layout(1, layout, sizeof(layout), argv, 32), n = 0;

	assert_true(argc > 0);
	for (int i = 0; i < argc; i++)
		if (strncmp(argv[i], "DS:", 3) == 0)
			ds[n++] = argv[i];
	snprintf(rra, sizeof(rra), "RRA:AVERAGE:0.5:1:%d", rows);
	ds[n++] = rra;
	rrd_clear_error();
	if (rrd_create_r(path, 1, start, n, ds) != 0)
		fail_msg("cannot create '%s': %s", path, rrd_get_error());
}

/* Updates in path from start on: the rows whose avail is known. */
static int landed(const char *path, time_t start, int rows)
{
	time_t t0 = start, t1 = start + rows - 1;
	unsigned long step, nds;
	char **names;
	rrd_value_t *data;
	int n = 0;

	rrd_clear_error();
	if (rrd_fetch_r(path, "AVERAGE", &t0, &t1, &step, &nds, &names, &data) != 0)
		fail_msg("cannot fetch '%s': %s", path, rrd_get_error());
	assert_int_equal(step, 1);
	for (time_t t = t0; t < t1; t++)
		n += !isnan(data[(size_t)(t - t0) * nds]);	/* avail is the first DS */
	for (unsigned long i = 0; i < nds; i++)
		rrd_freemem(names[i]);
	rrd_freemem(names);
	rrd_freemem(data);
	return n;
}

static void start_daemon(void)
{
	char err[1024];

	if (fx_rrdcached_start_journal(&s.d, s.dir, s.journal, err, sizeof(err)) != 0)
		fail_msg("%s", err);
}

static int group_setup(void **state)
{
	char path[PATH_MAX + 32], err[1024];

	(void)state;
	snprintf(s.dir, sizeof(s.dir), "/tmp/nines-scale.XXXXXX");
	if (mkdtemp(s.dir) == NULL)
		return -1;
	if ((size_t)snprintf(s.journal, sizeof(s.journal), "%s/journal", s.dir) >= sizeof(s.journal) ||
	    (size_t)snprintf(path, sizeof(path), "%s/rrd", s.dir) >= sizeof(path))
		return -1;
	snprintf(s.plugin, sizeof(s.plugin), "%s/plugins/check_snmp_avail", getenv("NINES_BUILD"));
	if (mkdir(s.journal, 0700) != 0 || mkdir(path, 0700) != 0 ||
	    fx_rrdcached_start_journal(&s.d, s.dir, s.journal, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	for (int i = 0; i < NFILES; i++) {
		file_path(i, path, sizeof(path));
		create_small(path, BASE, ROWS);
	}
	return fx_snmpd_start(&s.agent, NULL);
}

static int group_teardown(void **state)
{
	(void)state;
	fx_snmpd_stop(&s.agent);
	fx_rrdcached_stop(&s.d);
	fx_rmtree(s.dir);
	return 0;
}

/* One update of file i for round, through the plugins' path: 1 written, 0 not. */
static int update(int i, int round, char *msg, size_t msglen)
{
	struct archive_opts o = ARCHIVE_OPTS_INIT;
	struct archive_sample a = ARCHIVE_SAMPLE_INIT;
	char path[PATH_MAX];

	file_path(i, path, sizeof(path));
	o.file = path;
	o.rrdcached = s.d.addr;
	a.when = BASE + round;
	a.avail = 1;
	a.rtt = 0.001 * (i % 7);
	return archive_write(&o, &a, msg, msglen) == ARCHIVE_WRITTEN;
}

/*
 * Round round of updates for files [from, to), at RATE per second; every one must be
 * written (the daemon is up).  Returns the rate the daemon kept up with.
 */
static double drive(int round, int from, int to)
{
	double t0 = mono_now(), took;
	char msg[NINES_ERRLEN];

	for (int i = from; i < to; i++) {
		double ahead = t0 + (i - from) / RATE - mono_now();

		if (ahead > 0) {
			struct timespec ts = { (time_t)ahead, (long)((ahead - floor(ahead)) * 1e9) };

			while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
				;
		}
		if (!update(i, round, msg, sizeof(msg)))
			fail_msg("file %d, round %d: %s", i, round, msg);
		s.written[i]++;
	}
	took = mono_now() - t0;
	return took > 0 ? (to - from) / took : RATE;
}

/* FLUSHALL, then a FLUSH of each file, which returns once that file is written. */
static void flush_all(void)
{
	char path[PATH_MAX], reply[NINES_ERRLEN], err[NINES_ERRLEN];
	struct rrdcached *c = rrdcached_connect(s.d.addr, 10, err, sizeof(err));

	if (c == NULL)
		fail_msg("%s", err);
	if (rrdcached_command(c, "FLUSHALL", reply, sizeof(reply)) < 0)
		fail_msg("FLUSHALL: %s", reply);
	rrdcached_close(c);
	for (int i = 0; i < NFILES; i++) {
		file_path(i, path, sizeof(path));
		if (rrdcached_flush(s.d.addr, path, 10, err, sizeof(err)) != 0)
			fail_msg("%s", err);
	}
}

/* Updates written but not in their files, over all files. */
static int lost(void)
{
	char path[PATH_MAX];
	int missing = 0;

	for (int i = 0; i < NFILES; i++) {
		int n;

		file_path(i, path, sizeof(path));
		n = landed(path, BASE, ROWS);
		if (n > s.written[i])
			fail_msg("'%s' holds %d updates, %d were written", path, n, s.written[i]);
		missing += s.written[i] - n;
	}
	return missing;
}

/* A real check run writing its sample to file through the daemon; returns its exit code. */
static int run_plugin(const char *file, char *out, size_t outlen)
{
	return fx_run_plugin(s.plugin, &s.agent, NULL, out, outlen,
			     (const char *const[]){ "--rrd", file, "--rrdcached", s.d.addr, NULL });
}

/* A round at 400 updates/s and real plugin processes: everything written is there. */
static void test_steady(void **state)
{
	char path[PATH_MAX], out[4096];
	double rate;

	(void)state;
	rate = drive(1, 0, NFILES);
	fprintf(stderr, "steady: %d updates at %.0f updates/s\n", NFILES, rate);
	if (rate < MIN_RATE)
		fail_msg("the daemon kept up with %.0f updates/s only", rate);
	for (int r = 0; r < PLUGIN_RUNS; r++) {
		plugin_file(r, path, sizeof(path));
		create_small(path, time(NULL) - 2, PLUGIN_ROWS);
		if (run_plugin(path, out, sizeof(out)) != 0 || strstr(out, "archive") != NULL)
			fail_msg("plugin run %d: %s", r, out);
	}
	flush_all();
	assert_int_equal(lost(), 0);
	for (int r = 0; r < PLUGIN_RUNS; r++) {
		plugin_file(r, path, sizeof(path));
		assert_int_equal(rrdcached_flush(s.d.addr, path, 10, out, sizeof(out)), 0);
		assert_true(landed(path, time(NULL) - PLUGIN_ROWS + 1, PLUGIN_ROWS) >= 1);
	}
}

/*
 * While the daemon is away, the update path fails with the reason and a real check run is
 * UNKNOWN saying the archive was not written, never a silent OK.
 */
static void away(void)
{
	char msg[NINES_ERRLEN], out[4096], path[PATH_MAX];

	assert_int_equal(update(0, ROWS - 1, msg, sizeof(msg)), 0);
	if (strstr(msg, "rrdcached") == NULL || strstr(msg, "cannot") == NULL)
		fail_msg("update while away said: %s", msg);
	file_path(0, path, sizeof(path));
	assert_int_equal(run_plugin(path, out, sizeof(out)), 3);
	if (strncmp(out, "SNMP UNKNOWN - ", 15) != 0 || strstr(out, "archive not written") == NULL ||
	    strstr(out, "rrdcached") == NULL)
		fail_msg("plugin while away said: %s", out);
}

/* SIGTERM and a restart in the middle of a round: nothing is lost. */
static void test_clean_restart(void **state)
{
	(void)state;
	drive(2, 0, NFILES / 2);
	assert_int_equal(fx_rrdcached_stop(&s.d), 0);
	away();
	start_daemon();
	drive(2, NFILES / 2, NFILES);
	flush_all();
	assert_int_equal(lost(), 0);
}

/*
 * SIGKILL and a restart with the journal in the middle of a round: what is lost stays
 * within one journal buffer.  rrdcached 1.7.2 writes its journal through stdio without
 * flushing, so the lines of one buffer (the file system's block size) may never reach the
 * file: at most that many bytes of "update <file> <values>" lines, plus the one cut.
 */
static void test_kill_restart(void **state)
{
	char line[PATH_MAX + 128], path[PATH_MAX];
	struct stat st;
	long bound;
	int missing;

	(void)state;
	drive(3, 0, NFILES / 2);
	fx_rrdcached_kill(&s.d);
	away();
	start_daemon();
	drive(3, NFILES / 2, NFILES);
	flush_all();
	missing = lost();
	file_path(0, path, sizeof(path));
	/* The shortest journal line: the update of a file with the shortest value string. */
	snprintf(line, sizeof(line), "update %s %lld:1:0:0:0:U:60\n", path, (long long)BASE);
	assert_int_equal(stat(s.journal, &st), 0);
	bound = (long)st.st_blksize / (long)strlen(line) + 1;
	fprintf(stderr, "kill -9: %d of %d updates lost (bound %ld: %ld-byte buffer, %zu-byte lines)\n",
		missing, 3 * NFILES, bound, (long)st.st_blksize, strlen(line));
	if (missing > bound)
		fail_msg("%d updates lost, more than one journal buffer (%ld)", missing, bound);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_steady),
		cmocka_unit_test(test_clean_restart),
		cmocka_unit_test(test_kill_restart),
	};

	return cmocka_run_group_tests_name("rrdcached_scale", tests, group_setup, group_teardown);
}
