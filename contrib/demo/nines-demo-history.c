/*
 * nines-demo-history — writes months of check history for the demo's services (history.h)
 * into archives of the plugins' layout, DIR/<host>/<service>.rrd, created from
 * archive_layout() so they cannot drift from what the plugins write, and lists every
 * outage, maintenance window and gap it put there.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
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
#include "date.h"
#include "history.h"
#include "nines.h"
#include "num.h"
#include "reader.h"
#include "zone.h"

#define BATCH 4096
#define LINE 96
#define LAYOUT_BUF 1024
#define LAYOUT_MAXARGS 16

static const char usage[] =
	"Usage: nines-demo-history [options] DIR\n"
	"Writes the demo's check history into DIR/<host>/<service>.rrd (new files only;\n"
	"DIR is created when missing).\n"
	"  --end DATE        the history ends at local midnight of DATE (YYYY-MM-DD,\n"
	"                    " DEMO_ZONE "; default 2026-12-01)\n"
	"  --months N        months of history before --end, 1..14 (default 13)\n"
	"  --step SECONDS    check interval, 10..3600 (default 60)\n"
	"  --seed N          seed of the drawn outages (default 16)\n"
	"  --events FILE     list the outages, maintenance and gaps written into FILE\n"
	"  -j, --threads N   archives written in parallel (default: one per core)\n";

struct job {
	const struct demo_history *h;
	const char *dir;
	char err[DEMO_MAX_SERVICES][NINES_ERRLEN];
};

/*
 * Writes v at out as a plain decimal with at most six fraction digits (microseconds of
 * rtt), or U for NAN; returns the bytes written.  By hand: snprintf("%f") of seven values
 * for each of 3.4 million samples was half of the generator's time.
 */
static size_t put_value(double v, char *out)
{
	char digits[24];
	long long x, ip;
	int frac, k = 0, last;
	size_t n = 0;

	if (isnan(v) || v < 0 || v >= 1e12) {
		out[0] = 'U';
		return 1;
	}
	x = llround(v * 1e6);
	ip = x / 1000000;
	frac = (int)(x % 1000000);
	do {
		digits[k++] = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip > 0);
	while (k > 0)
		out[n++] = digits[--k];
	if (frac == 0)
		return n;
	out[n++] = '.';
	for (last = 0; frac % 10 == 0; last++)
		frac /= 10;
	for (int i = 0; i < 6 - last; i++) {
		digits[i] = (char)('0' + frac % 10);
		frac /= 10;
	}
	for (int i = 5 - last; i >= 0; i--)
		out[n++] = digits[i];
	return n;
}

/* "when:avail:rtt:warn:downtime:loss:cover" in the order of archive_ds_names. */
static void format_sample(const struct archive_sample *s, long step, char *out)
{
	const double v[ARCHIVE_NDS] = {
		[ARCHIVE_AVAIL] = s->avail, [ARCHIVE_RTT] = s->rtt, [ARCHIVE_WARN] = s->warn,
		[ARCHIVE_DOWNTIME] = s->downtime, [ARCHIVE_LOSS] = s->loss,
		[ARCHIVE_COVER] = (double)step,
	};
	size_t used = put_value((double)s->when, out);

	for (int i = 0; i < ARCHIVE_NDS; i++) {
		out[used++] = ':';
		used += put_value(v[i], out + used);
	}
	out[used] = '\0';
}

static const char *rrd_message(void)
{
	const char *e = rrd_get_error();

	return e != NULL && *e != '\0' ? e : "unknown librrd error";
}

/* Creates path with the plugins' layout, its history starting at h->start; never replaces a file. */
static int create(const struct demo_history *h, const char *path, char *err, size_t errlen)
{
	char layout[LAYOUT_BUF];
	const char *argv[LAYOUT_MAXARGS];
	int argc = archive_layout(h->step, layout, sizeof(layout), argv, LAYOUT_MAXARGS);

	if (argc < 0) {
		snprintf(err, errlen, "cannot create '%s': no layout for step %ld", path, h->step);
		return -1;
	}
	rrd_clear_error();
	if (rrd_create_r2(path, (unsigned long)h->step, h->start, 1, NULL, NULL, argc, argv) != 0) {
		snprintf(err, errlen, "cannot create '%s': %s", path, rrd_message());
		return -1;
	}
	return 0;
}

/* Writes service svc's archive under dir; 0, or -1 with a message (the file removed). */
static int write_service(const struct demo_history *h, const char *dir, size_t svc, char *err,
			 size_t errlen)
{
	struct archive_opts o = ARCHIVE_OPTS_INIT;
	struct archive_sample s;
	struct demo_cursor c;
	char path[PATH_MAX], tmpl[64] = "", *lines;
	const char *argv[BATCH];
	int n = 0, rc = 0;

	o.dir = dir;
	o.host = demo_services[svc].host;
	o.service = demo_services[svc].service;
	if (archive_path(&o, path, sizeof(path), err, errlen) != 0)
		return -1;
	*strrchr(path, '/') = '\0';
	if (mkdir(path, 0755) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create directory '%.200s': %s", path,
			 strerror(errno));
		return -1;
	}
	path[strlen(path)] = '/';
	if (create(h, path, err, errlen) != 0)
		return -1;	/* an existing file is left alone */
	for (int i = 0; i < ARCHIVE_NDS; i++) {
		strcat(tmpl, i > 0 ? ":" : "");
		strcat(tmpl, archive_ds_names[i]);
	}
	if ((lines = malloc((size_t)BATCH * LINE)) == NULL) {
		snprintf(err, errlen, "out of memory");
		unlink(path);
		return -1;
	}
	demo_cursor_init(&c, h, svc);
	for (int more = 1; more && rc == 0;) {
		more = demo_history_next(&c, &s);
		if (more) {
			format_sample(&s, h->step, lines + (size_t)n * LINE);
			argv[n] = lines + (size_t)n * LINE;
			n++;
		}
		if (n == BATCH || (!more && n > 0)) {
			rrd_clear_error();
			if (rrd_update_r(path, tmpl, n, argv) != 0) {
				snprintf(err, errlen, "cannot update '%s': %s", path, rrd_message());
				rc = -1;
			}
			n = 0;
		}
	}
	free(lines);
	if (rc != 0)
		unlink(path);
	return rc;
}

static void write_job(void *ctx, size_t i)
{
	struct job *j = ctx;

	write_service(j->h, j->dir, i, j->err[i], sizeof(j->err[i]));
}

/* One line per event: host service kind from to seconds local-from why. */
static int list_events(const struct demo_history *h, const char *file, char *err, size_t errlen)
{
	FILE *f = fopen(file, "w");

	if (f == NULL) {
		snprintf(err, errlen, "cannot write '%s': %s", file, strerror(errno));
		return -1;
	}
	fprintf(f, "# host service kind from to seconds local-start why (samples from < t <= to)\n");
	for (size_t s = 0; s < demo_nservices; s++) {
		for (size_t i = 0; i < h->nevents[s]; i++) {
			const struct demo_event *e = &h->events[s][i];
			char local[64];

			zone_format(h->zone, e->from, local, sizeof(local));
			fprintf(f, "%s %s %s %lld %lld %lld %s %s\n", demo_services[s].host,
				demo_services[s].service, demo_kind_name(e->kind), (long long)e->from,
				(long long)e->to, (long long)(e->to - e->from), local,
				*e->why ? e->why : "-");
		}
	}
	if (fclose(f) != 0) {
		snprintf(err, errlen, "cannot write '%s': %s", file, strerror(errno));
		return -1;
	}
	return 0;
}

/* Local midnight of the first of the month `months` before day dn, and of dn itself. */
static int history_span(const char *end_date, long months, time_t *t0, time_t *t1, char *err,
			size_t errlen)
{
	struct zone *z = zone_open(DEMO_ZONE, err, errlen);
	long dn;

	if (z == NULL)
		return -1;
	if (date_parse(end_date, &dn) != 0) {
		snprintf(err, errlen, "bad --end '%s': expected YYYY-MM-DD", end_date);
		zone_release(z);
		return -1;
	}
	*t1 = zone_midnight(z, dn);
	*t0 = zone_midnight(z, date_month_start(dn, -(int)months));
	zone_release(z);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "end", required_argument, NULL, 'E' },
		{ "months", required_argument, NULL, 'M' },
		{ "step", required_argument, NULL, 'S' },
		{ "seed", required_argument, NULL, 'R' },
		{ "events", required_argument, NULL, 'e' },
		{ "threads", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *end_date = "2026-12-01", *events = NULL;
	long months = 13, step = 60, seed = 16, threads = 0;
	/* The numeric options: their names, ranges and where they go. */
	const struct {
		int opt;
		const char *name;
		long lo, hi, *to;
	} nums[] = {
		{ 'M', "months", 1, 14, &months }, { 'S', "step", ARCHIVE_MIN_STEP, 3600, &step },
		{ 'R', "seed", 0, LONG_MAX, &seed }, { 'j', "threads", 0, 64, &threads },
	};
	char msg[NINES_ERRLEN];
	struct demo_history h;
	struct job job;
	time_t t0, t1;
	int opt, rc = 0;

	while ((opt = getopt_long(argc, argv, "j:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'E':
			end_date = optarg;
			break;
		case 'e':
			events = optarg;
			break;
		case 'M': case 'S': case 'R': case 'j':
			for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
				if (nums[i].opt == opt &&
				    num_long(optarg, nums[i].lo, nums[i].hi, nums[i].to, msg,
					     sizeof(msg)) != 0)
					errx(2, "invalid --%s: %s", nums[i].name, msg);
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		fputs(usage, stderr);
		return 2;
	}
	if (history_span(end_date, months, &t0, &t1, msg, sizeof(msg)) != 0 ||
	    demo_history_make(&h, t0, t1, step, (uint64_t)seed, msg, sizeof(msg)) != 0)
		errx(2, "%s", msg);
	if (events != NULL && list_events(&h, events, msg, sizeof(msg)) != 0)
		errx(2, "%s", msg);
	memset(&job, 0, sizeof(job));
	job.h = &h;
	job.dir = argv[optind];
	if (mkdir(job.dir, 0755) != 0 && errno != EEXIST)
		err(2, "cannot create '%s'", job.dir);
	reader_pool_run(demo_nservices, (int)threads, write_job, &job);
	for (size_t s = 0; s < demo_nservices; s++) {
		if (job.err[s][0] != '\0') {
			warnx("%s", job.err[s]);
			rc = 2;
		}
	}
	demo_history_release(&h);
	return rc;
}
