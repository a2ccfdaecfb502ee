/*
 * bench_report — the pieces of the sla-report benchmark (t/bench/bench-report.sh) that
 * shell cannot do fast or exactly enough.
 *
 *   bench_report gen DIR NSERV DAYS [DISTINCT]
 *       Writes NSERV archives DIR/rrd/bench/svcNNN.rrd in the layout plugins write
 *       (archive_layout(60)), DAYS days of 60-s rows ending at GEN_END (2026-11-01 00:00
 *       UTC), and the config DIR/sla-NSERV.yml.  Each archive has its own latency level
 *       and outages, a monthly maintenance hour, and a few unmonitored gaps.  Feeding
 *       576,000 rows through rrd_update_r (8192 per call) takes about a second of CPU per
 *       file, so only DISTINCT archives (default 20) are computed, on all cores, and the
 *       others are byte copies of them (real copies, each with its own pages, not links):
 *       service i holds the data of service i % DISTINCT.  On two cores, 200 computed
 *       archives took 111 s, 20 computed and 180 copied 18 s.
 *       The config has an availability objective of 99.9 and a monthly window per service.
 *
 *   bench_report conf DIR NSERV
 *       Writes DIR/sla-NSERV.yml naming the first NSERV archives (for the memory runs).
 *
 *   bench_report floor DIR NSERV T0 T1
 *       The library's floor for reading what a report over [T0, T1) must read: for every
 *       archive, open + posix_fadvise(WILLNEED) + rrd_fetch_r(AVERAGE, 60 s) and a sum over
 *       the known avail values, on as many threads as there are online cores (as sla-report
 *       uses).  Prints the files, rows, the sum and the wall seconds.
 *
 *   bench_report cli [-j JOBS] DIR NSERV T0 T1 [T2 ...]
 *       The availabilities the way a script would get them from the rrdtool CLI: for each
 *       of the first NSERV archives and each window [Tk, Tk+1), one
 *       `rrdtool graph /dev/null ... VDEF:v=a,AVERAGE PRINT:v:%lf`, JOBS at a time
 *       (default 0: as many as there are online cores).  The mean of avail over the known
 *       rows: the same reading work, without the policies (maintenance counts as down).
 *       Fails when a run does not print a number (or nan, for a window without data).
 *
 *   bench_report time RUNS [-x MAXOK] CMD... [-- [-x MAXOK] CMD...]...
 *       Runs each CMD (up to 8) once to warm the page cache, then RUNS rounds of all of
 *       them in turn, so that load from elsewhere hits every command alike; each run is
 *       fork+exec+wait4 with output to /dev/null.  Prints one line per CMD,
 *       "median-wall-seconds max-rss-kb" (the largest ru_maxrss of its measured runs).
 *       An exit status above the command's MAXOK (default 0) fails.
 *
 * Exit status: 0 done, 1 a step failed (message on stderr), 2 usage.
 */
#include "archive.h"
#include "mono.h"
#include "nines.h"
#include "num.h"
#include "reader.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <rrd.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define GEN_END      1793491200L	/* 2026-11-01 00:00:00 UTC */
#define GEN_STEP     60L
#define GEN_BATCH    8192		/* update arguments per rrd_update_r call */
#define GEN_ARGLEN   96
#define GEN_DISTINCT 20
#define PATHLEN      4096
#define MAXRUNS      1000
#define MAXWINDOWS   400

static long ncores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n;
}

static int parse_long(const char *s, long min, long max, long *out)
{
	char err[NINES_ERRLEN];

	if (num_long(s, min, max, out, err, sizeof(err)) == 0)
		return 0;
	fprintf(stderr, "bench_report: %s\n", err);
	return -1;
}

static void archive_file(const char *dir, long i, char *out, size_t outlen)
{
	snprintf(out, outlen, "%s/rrd/bench/svc%03ld.rrd", dir, i);
}

/* reader_pool_run (the report's own thread pool) for steps that can fail: stops at one. */
struct stop_on_failure {
	int (*fn)(void *ctx, long i);
	void *ctx;
	atomic_int failed;
};

static void run_unless_failed(void *arg, size_t i)
{
	struct stop_on_failure *s = arg;

	if (!atomic_load(&s->failed) && s->fn(s->ctx, (long)i) != 0)
		atomic_store(&s->failed, 1);
}

/* Runs fn(ctx, i) for i in [0, n) on nthreads threads (0: the online cores). */
static int pool_run(long n, long nthreads, int (*fn)(void *ctx, long i), void *ctx)
{
	struct stop_on_failure s = { .fn = fn, .ctx = ctx };

	atomic_init(&s.failed, 0);
	reader_pool_run((size_t)n, (int)nthreads, run_unless_failed, &s);
	return atomic_load(&s.failed) ? -1 : 0;
}

/* ---- gen ---- */

struct gen {
	const char *dir;
	long days;
};

/* xorshift64*: cheap, and the same sequence for a service on every run. */
static double rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (double)((*s * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

/*
 * One row of service svc at time t: "t:avail:rtt:warn:downtime:loss:cover", or "" for
 * a check that did not run (an unmonitored gap).  *down and *gap count the minutes left
 * of the current outage and gap.
 */
static void gen_row(long svc, uint64_t *seed, long t, long *down, long *gap, char *out)
{
	double base = 0.002 + 0.0005 * (double)(svc % 40), rtt;
	int maint = (t / 86400) % 30 == (svc % 30) && t % 86400 >= 7200 && t % 86400 < 10800;

	out[0] = '\0';
	if (*gap > 0) {
		(*gap)--;
		return;
	}
	if (rnd(seed) < 1.0 / 14400.0) {	/* about three 1..10-minute gaps a month */
		*gap = 1 + (long)(rnd(seed) * 10);
		return;
	}
	if (*down == 0 && rnd(seed) < (double)(1 + svc % 5) / 43200.0)
		*down = 1 + (long)(rnd(seed) * 90);	/* 1..5 outages a month, up to 90 min */
	if (maint || *down > 0) {
		if (*down > 0)
			(*down)--;
		snprintf(out, GEN_ARGLEN, "%ld:0:U:0:%d:1:60", t, maint);
		return;
	}
	rtt = base * (0.8 + 0.4 * rnd(seed));
	if (rnd(seed) < 0.01)
		rtt *= 5;
	snprintf(out, GEN_ARGLEN, "%ld:1:%.6f:%d:0:0:60", t, rtt, rtt > 10 * base ? 1 : 0);
}

static int gen_one(void *ctx, long svc)
{
	const struct gen *g = ctx;
	char path[PATHLEN], layout[1024], *buf;
	const char *largv[16], **argv;
	long t = GEN_END - g->days * 86400, down = 0, gap = 0;
	uint64_t seed = 0x9e3779b97f4a7c15ULL * (uint64_t)(svc + 1);
	int largc = archive_layout(GEN_STEP, layout, sizeof(layout), largv, 16), rc = 0;

	archive_file(g->dir, svc, path, sizeof(path));
	buf = malloc((size_t)GEN_BATCH * GEN_ARGLEN);
	argv = malloc(GEN_BATCH * sizeof(*argv));
	rrd_clear_error();
	if (buf == NULL || argv == NULL || largc < 0 ||
	    rrd_create_r(path, GEN_STEP, t, largc, largv) != 0) {
		fprintf(stderr, "bench_report: cannot create '%s': %s\n", path, rrd_get_error());
		rc = -1;
	}
	while (rc == 0 && t < GEN_END) {
		int n = 0;

		for (; n < GEN_BATCH && t < GEN_END; t += GEN_STEP) {
			gen_row(svc, &seed, t + GEN_STEP, &down, &gap, buf + (size_t)n * GEN_ARGLEN);
			if (buf[(size_t)n * GEN_ARGLEN] != '\0') {
				argv[n] = buf + (size_t)n * GEN_ARGLEN;
				n++;
			}
		}
		rrd_clear_error();
		if (n > 0 && rrd_update_r(path, NULL, n, argv) != 0) {
			fprintf(stderr, "bench_report: cannot update '%s': %s\n", path, rrd_get_error());
			rc = -1;
		}
	}
	free(buf);
	free(argv);
	return rc;
}

static int copy_file(const char *from, const char *to)
{
	static char buf[1 << 20];
	int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n = 0;

	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			n = -1;
			break;
		}
	if (in < 0 || out < 0 || n < 0)
		fprintf(stderr, "bench_report: cannot copy '%s' to '%s': %s\n", from, to,
			strerror(errno));
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) != 0)
		n = -1;
	return in < 0 || out < 0 || n < 0 ? -1 : 0;
}

static int write_conf(const char *dir, long nserv)
{
	char path[PATHLEN], file[PATHLEN];
	FILE *f;

	snprintf(path, sizeof(path), "%s/sla-%ld.yml", dir, nserv);
	if ((f = fopen(path, "w")) == NULL) {
		fprintf(stderr, "bench_report: cannot write '%s': %s\n", path, strerror(errno));
		return -1;
	}
	fprintf(f, "title: sla-report benchmark, %ld services\n"
		   "defaults:\n  window: month\nservices:\n", nserv);
	for (long i = 0; i < nserv; i++) {
		archive_file(dir, i, file, sizeof(file));
		fprintf(f, "  - name: svc%03ld\n    archive: %s\n    availability: 99.9\n", i, file);
	}
	if (fclose(f) != 0) {
		fprintf(stderr, "bench_report: cannot write '%s'\n", path);
		return -1;
	}
	return 0;
}

static int cmd_gen(int argc, char **argv)
{
	struct gen g = { .dir = argv[0] };
	long nserv, distinct = GEN_DISTINCT;
	char path[PATHLEN], from[PATHLEN];
	double t0 = mono_now();

	if (argc < 3 || argc > 4 || parse_long(argv[1], 1, 100000, &nserv) != 0 ||
	    parse_long(argv[2], 1, ARCHIVE_FINE_DAYS, &g.days) != 0 ||
	    (argc == 4 && parse_long(argv[3], 1, 100000, &distinct) != 0))
		return 2;
	if (distinct > nserv)
		distinct = nserv;
	snprintf(path, sizeof(path), "%s/rrd", g.dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/rrd/bench", g.dir);
	if (mkdir(path, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "bench_report: cannot create '%s': %s\n", path, strerror(errno));
		return 1;
	}
	if (pool_run(distinct, 0, gen_one, &g) != 0)
		return 1;
	for (long i = distinct; i < nserv; i++) {
		archive_file(g.dir, i % distinct, from, sizeof(from));
		archive_file(g.dir, i, path, sizeof(path));
		if (copy_file(from, path) != 0)
			return 1;
	}
	if (write_conf(g.dir, nserv) != 0)
		return 1;
	printf("%ld archives (%ld computed, %ld copies), %ld days at 60 s, %.1f s\n", nserv,
	       distinct, nserv - distinct, g.days, mono_now() - t0);
	return 0;
}

static int cmd_conf(int argc, char **argv)
{
	long nserv;

	if (argc != 2 || parse_long(argv[1], 1, 100000, &nserv) != 0)
		return 2;
	return write_conf(argv[0], nserv) == 0 ? 0 : 1;
}

/* ---- floor ---- */

struct floor {
	const char *dir;
	time_t t0, t1;
	atomic_long rows;
	_Atomic double sum;
};

static int floor_one(void *ctx, long i)
{
	struct floor *f = ctx;
	char path[PATHLEN], **names = NULL;
	time_t start = f->t0, end = f->t1;
	unsigned long step = GEN_STEP, nds = 0, avail = 0;
	rrd_value_t *data = NULL;
	double sum = 0;
	long rows = 0;
	int fd, rc = 0;

	archive_file(f->dir, i, path, sizeof(path));
	if ((fd = open(path, O_RDONLY)) < 0) {
		fprintf(stderr, "bench_report: cannot read '%s': %s\n", path, strerror(errno));
		return -1;
	}
	posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED);
	rrd_clear_error();
	if (rrd_fetch_r(path, "AVERAGE", &start, &end, &step, &nds, &names, &data) != 0 ||
	    step != GEN_STEP) {
		fprintf(stderr, "bench_report: cannot read '%s': %s (step %lu)\n", path,
			rrd_get_error(), step);
		rc = -1;
	}
	while (rc == 0 && avail < nds && strcmp(names[avail], archive_ds_names[ARCHIVE_AVAIL]) != 0)
		avail++;
	if (rc == 0 && avail < nds) {
		rows = (long)((end - start) / (time_t)step);
		for (long r = 0; r < rows; r++)
			if (!isnan(data[(size_t)r * nds + avail]))
				sum += data[(size_t)r * nds + avail];
	}
	for (unsigned long k = 0; k < nds; k++)
		rrd_freemem(names[k]);
	rrd_freemem(names);
	rrd_freemem(data);
	close(fd);
	atomic_fetch_add(&f->rows, rows);
	for (double old = atomic_load(&f->sum); !atomic_compare_exchange_weak(&f->sum, &old, old + sum);)
		;
	return rc;
}

static int cmd_floor(int argc, char **argv)
{
	struct floor f = { .dir = argv[0] };
	long nserv, t0, t1;
	double start = mono_now();

	if (argc != 4 || parse_long(argv[1], 1, 100000, &nserv) != 0 ||
	    parse_long(argv[2], 0, GEN_END * 2, &t0) != 0 ||
	    parse_long(argv[3], t0 + 1, GEN_END * 2, &t1) != 0)
		return 2;
	f.t0 = (time_t)t0;
	f.t1 = (time_t)t1;
	atomic_init(&f.rows, 0);
	atomic_init(&f.sum, 0.0);
	if (pool_run(nserv, 0, floor_one, &f) != 0)
		return 1;
	printf("files %ld rows %ld avail-sum %.1f threads %ld seconds %.3f\n", nserv,
	       atomic_load(&f.rows), atomic_load(&f.sum), ncores() < nserv ? ncores() : nserv,
	       mono_now() - start);
	return 0;
}

/* ---- cli ---- */

struct cli {
	const char *dir;
	long nwin;
	long bounds[MAXWINDOWS + 1];
};

/*
 * One rrdtool graph run; checks that it printed a number after the "0x0" size line (nan
 * for a window without data is an answer too).
 */
static int cli_one(void *ctx, long job)
{
	const struct cli *c = ctx;
	char file[PATHLEN], def[PATHLEN + 64], t0[32], t1[32], out[256];
	char *args[] = { "rrdtool", "graph", "/dev/null", "--start", t0, "--end", t1, def,
			 "VDEF:v=a,AVERAGE", "PRINT:v:%lf", NULL };
	long w = job % c->nwin;
	int pfd[2], status;
	size_t len = 0;
	ssize_t n;
	double v;
	pid_t pid;

	archive_file(c->dir, job / c->nwin, file, sizeof(file));
	snprintf(def, sizeof(def), "DEF:a=%s:avail:AVERAGE:step=60", file);
	snprintf(t0, sizeof(t0), "%ld", c->bounds[w]);
	snprintf(t1, sizeof(t1), "%ld", c->bounds[w + 1]);
	/* Close-on-exec, so no other thread's rrdtool holds this pipe open past our child. */
	if (pipe2(pfd, O_CLOEXEC) != 0)
		return -1;
	if ((pid = fork()) < 0) {
		fprintf(stderr, "bench_report: cannot fork: %s\n", strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(pfd[1], 1);
		execvp(args[0], args);
		_exit(127);
	}
	close(pfd[1]);
	while ((n = read(pfd[0], out + len, sizeof(out) - 1 - len)) > 0)
		len += (size_t)n;
	close(pfd[0]);
	out[len] = '\0';
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    strchr(out, '\n') == NULL || sscanf(strchr(out, '\n') + 1, "%lf", &v) != 1 ||
	    !(isnan(v) || (v >= 0 && v <= 1))) {
		fprintf(stderr, "bench_report: rrdtool graph on '%s' failed: %s\n", file, out);
		return -1;
	}
	return 0;
}

static int cmd_cli(int argc, char **argv)
{
	static struct cli c;
	long nserv, jobs = 0;

	if (argc > 2 && strcmp(argv[0], "-j") == 0) {
		if (parse_long(argv[1], 0, 256, &jobs) != 0)
			return 2;
		argc -= 2;
		argv += 2;
	}
	c.dir = argv[0];
	if (argc < 4 || argc - 2 > MAXWINDOWS + 1 || parse_long(argv[1], 1, 100000, &nserv) != 0)
		return 2;
	c.nwin = argc - 3;
	for (long k = 0; k <= c.nwin; k++)
		if (parse_long(argv[2 + k], k == 0 ? 0 : c.bounds[k - 1] + 1, GEN_END * 2,
			       &c.bounds[k]) != 0)
			return 2;
	return pool_run(nserv * c.nwin, jobs, cli_one, &c) == 0 ? 0 : 1;
}

/* ---- time ---- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Wall seconds of one run (-1 on failure); *rss_kb its peak resident set. */
static double run_once(char **argv, int maxok, long *rss_kb)
{
	struct rusage ru;
	double t0 = mono_now();
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) > maxok) {
		fprintf(stderr, "bench_report: '%s' failed (%s %d)\n", argv[0],
			pid > 0 && WIFSIGNALED(status) ? "signal" : "exit status",
			pid > 0 && WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
		return -1;
	}
	*rss_kb = ru.ru_maxrss;
	return mono_now() - t0;
}

#define MAXCMDS 8

struct timed {
	char **argv;
	long maxok, peak;
	double t[MAXRUNS];
};

/* Splits "[-x N] CMD... [-- [-x N] CMD...]..." into cmds (argv is NULL-terminated). */
static int time_split(int argc, char **argv, struct timed *cmds, int *ncmds)
{
	*ncmds = 0;
	for (int i = 0; i < argc && *ncmds < MAXCMDS;) {
		struct timed *c = &cmds[(*ncmds)++];

		c->maxok = 0;
		c->peak = 0;
		if (i + 2 < argc && strcmp(argv[i], "-x") == 0) {
			if (parse_long(argv[i + 1], 0, 255, &c->maxok) != 0)
				return -1;
			i += 2;
		}
		c->argv = argv + i;
		while (i < argc && strcmp(argv[i], "--") != 0)
			i++;
		if (c->argv == argv + i)
			return -1;
		if (i < argc)
			argv[i++] = NULL;
	}
	return *ncmds > 0 && argv[argc] == NULL ? 0 : -1;
}

static int cmd_time(int argc, char **argv)
{
	static struct timed cmds[MAXCMDS];
	long runs, rss = 0;
	int n;

	if (argc < 2 || parse_long(argv[0], 1, MAXRUNS, &runs) != 0 ||
	    time_split(argc - 1, argv + 1, cmds, &n) != 0)
		return 2;
	for (int c = 0; c < n; c++)
		if (run_once(cmds[c].argv, (int)cmds[c].maxok, &rss) < 0)
			return 1;
	for (long i = 0; i < runs; i++)
		for (int c = 0; c < n; c++) {
			if ((cmds[c].t[i] = run_once(cmds[c].argv, (int)cmds[c].maxok, &rss)) < 0)
				return 1;
			if (rss > cmds[c].peak)
				cmds[c].peak = rss;
		}
	for (int c = 0; c < n; c++) {
		double *t = cmds[c].t;

		qsort(t, (size_t)runs, sizeof(t[0]), cmp_double);
		printf("%.3f %ld\n", runs % 2 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2,
		       cmds[c].peak);
	}
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} cmds[] = {
	{ "gen", cmd_gen }, { "conf", cmd_conf }, { "floor", cmd_floor },
	{ "cli", cmd_cli }, { "time", cmd_time },
};

int main(int argc, char **argv)
{
	for (size_t i = 0; argc > 1 && i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(argv[1], cmds[i].name) != 0)
			continue;
		if (argc > 2) {
			int rc = cmds[i].fn(argc - 2, argv + 2);

			if (rc != 2)
				return rc;
		}
		break;
	}
	fprintf(stderr, "usage: bench_report gen DIR NSERV DAYS [DISTINCT]\n"
			"       bench_report conf DIR NSERV\n"
			"       bench_report floor DIR NSERV T0 T1\n"
			"       bench_report cli [-j JOBS] DIR NSERV T0 T1 [T2 ...]\n"
			"       bench_report time RUNS [-x MAXOK] CMD... [-- [-x MAXOK] CMD...]...\n");
	return 2;
}
