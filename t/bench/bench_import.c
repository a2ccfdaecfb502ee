/*
 * bench_import — the helpers of `make bench` section import (t/bench/bench-import.sh):
 *   bench_import gen DIR SERVICES DAYS     a year of Nagios logs, one file a day, in DIR
 *   bench_import floor LOGDIR RRDDIR STEP  the reference: the updates the import would
 *                                          write, computed first (not timed), then written
 *                                          by a bare rrd_create_r + rrd_update_r loop into
 *                                          the same archives; prints "seconds updates"
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <rrd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "archive.h"
#include "import.h"
#include "import_write.h"
#include "mono.h"

#define T_START 1735689600LL	/* 2025-01-01 00:00:00 UTC */
#define DAY 86400LL
#define CHANGES_PER_DAY 4
#define LINE 96
#define BATCH 4096

static const char *const states[] = { "OK", "WARNING", "CRITICAL" };

struct alert {
	long long when;
	int svc, state;
};

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int by_time(const void *a, const void *b)
{
	const struct alert *x = a, *y = b;

	return x->when < y->when ? -1 : x->when > y->when ? 1 : x->svc - y->svc;
}

/* Each service: a few changes a day (CRITICAL or WARNING and back to OK) at random seconds. */
static int cmd_gen(const char *dir, long nserv, long days)
{
	struct alert *a = malloc((size_t)nserv * CHANGES_PER_DAY * sizeof(*a));
	int *cur = calloc((size_t)nserv, sizeof(*cur));
	uint64_t seed = 0x9e3779b97f4a7c15ULL;

	if (a == NULL || cur == NULL)
		return -1;
	for (long d = 0; d < days; d++) {
		long long t0 = T_START + d * DAY;
		time_t tt = (time_t)t0;
		struct tm tm;
		char path[PATH_MAX];
		size_t n = 0;
		FILE *f;

		gmtime_r(&tt, &tm);
		snprintf(path, sizeof(path), "%s/nagios-%02d-%02d-%04d-00.log", dir, tm.tm_mon + 1,
			 tm.tm_mday, tm.tm_year + 1900);
		if ((f = fopen(path, "w")) == NULL)
			return -1;
		fprintf(f, "[%lld] LOG ROTATION: DAILY\n[%lld] LOG VERSION: 2.0\n", t0, t0);
		if (d == 0)
			fprintf(f, "[%lld] Nagios 4.4.6 starting... (PID=1)\n", t0);
		for (long s = 0; s < nserv; s++)
			fprintf(f, "[%lld] CURRENT SERVICE STATE: host%03ld;svc%03ld;%s;HARD;1;ok\n", t0,
				s / 10, s, states[cur[s]]);
		for (long s = 0; s < nserv; s++)
			for (int k = 0; k < CHANGES_PER_DAY; k++) {
				a[n].when = t0 + 1 + (long long)(rnd(&seed) % (DAY - 1));
				a[n].svc = (int)s;
				n++;
			}
		qsort(a, n, sizeof(*a), by_time);
		for (size_t i = 0; i < n; i++) {
			int s = a[i].svc, st = cur[s] != 0 ? 0 : rnd(&seed) % 4 == 0 ? 1 : 2;

			cur[s] = st;
			fprintf(f, "[%lld] SERVICE ALERT: host%03d;svc%03d;%s;HARD;3;output\n", a[i].when,
				s / 10, s, states[st]);
			fprintf(f, "[%lld] SERVICE NOTIFICATION: admin;host%03d;svc%03d;%s;notify;output\n",
				a[i].when, s / 10, s, states[st]);
		}
		if (fclose(f) != 0)
			return -1;
	}
	free(a);
	free(cur);
	return 0;
}

struct job {
	char path[PATH_MAX];
	long long start;
	char *lines;
	const char **argv;
	size_t n;
};

/* The updates of every service, formatted, before the clock starts. */
static struct job *prepare(const char *logdir, const char *rrddir, long step, size_t *njobs)
{
	struct import_log l;
	struct import_options o = { 0, 0, 0, 0 };
	struct job *jobs;
	char err[1024];
	size_t k = 0;

	memset(&l, 0, sizeof(l));
	if (import_add_path(&l, logdir, err, sizeof(err)) != 0 ||
	    import_read(&l, err, sizeof(err)) != 0 || import_replay(&l, &o) != 0) {
		fprintf(stderr, "bench_import: %s\n", err);
		return NULL;
	}
	if ((jobs = calloc(l.nobjects, sizeof(*jobs))) == NULL)
		return NULL;
	for (size_t i = 0; i < l.nobjects; i++) {
		const struct import_object *obj = &l.objects[i];
		struct archive_opts ao = ARCHIVE_OPTS_INIT;
		struct import_update *u;
		struct job *j = &jobs[k];
		size_t n;

		if (obj->service == NULL)
			continue;
		u = import_updates(obj, 0, import_end(&l, &o), step, &n);
		if (n == 0)
			continue;
		ao.dir = rrddir;
		ao.host = obj->host;
		ao.service = obj->service;
		j->lines = malloc(n * LINE);
		j->argv = malloc(n * sizeof(*j->argv));
		if (u == NULL || j->lines == NULL || j->argv == NULL ||
		    archive_path(&ao, j->path, sizeof(j->path), err, sizeof(err)) != 0)
			return NULL;
		for (size_t m = 0; m < n; m++) {
			import_format_update(&u[m], j->lines + m * LINE, LINE);
			j->argv[m] = j->lines + m * LINE;
		}
		j->start = (u[0].when - 1) / step * step;
		j->n = n;
		free(u);
		k++;
	}
	import_log_release(&l);
	*njobs = k;
	return jobs;
}

static int cmd_floor(const char *logdir, const char *rrddir, long step)
{
	char layout[1024], dir[PATH_MAX + 8];
	const char *largv[16];
	int largc = archive_layout(step, layout, sizeof(layout), largv, 16);
	size_t njobs = 0, total = 0;
	struct job *jobs = prepare(logdir, rrddir, step, &njobs);
	double t0;

	if (jobs == NULL || largc < 0)
		return -1;
	t0 = mono_now();
	for (size_t i = 0; i < njobs; i++) {
		struct job *j = &jobs[i];

		snprintf(dir, sizeof(dir), "%s", j->path);
		*strrchr(dir, '/') = '\0';
		if (mkdir(dir, 0755) != 0 && errno != EEXIST)
			return -1;
		rrd_clear_error();
		if (rrd_create_r(j->path, (unsigned long)step, (time_t)j->start, largc, largv) != 0) {
			fprintf(stderr, "bench_import: %s\n", rrd_get_error());
			return -1;
		}
		for (size_t m = 0; m < j->n; m += BATCH) {
			size_t k = j->n - m < BATCH ? j->n - m : BATCH;

			rrd_clear_error();
			if (rrd_update_r(j->path, "avail:rtt:warn:downtime:loss:cover", (int)k,
					 j->argv + m) != 0) {
				fprintf(stderr, "bench_import: %s\n", rrd_get_error());
				return -1;
			}
		}
		total += j->n;
	}
	printf("%.3f %zu\n", mono_now() - t0, total);
	for (size_t i = 0; i < njobs; i++) {
		free(jobs[i].lines);
		free(jobs[i].argv);
	}
	free(jobs);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "gen") == 0)
		return cmd_gen(argv[2], atol(argv[3]), atol(argv[4])) == 0 ? 0 : 1;
	if (argc == 5 && strcmp(argv[1], "floor") == 0)
		return cmd_floor(argv[2], argv[3], atol(argv[4])) == 0 ? 0 : 1;
	fprintf(stderr, "usage: bench_import gen DIR SERVICES DAYS | floor LOGDIR RRDDIR STEP\n");
	return 2;
}
