/*
 * nines-demo-history (contrib/demo): two months of the demo's history are written and read
 * back with librrd.  Per service and month, the down, maintenance and unmonitored seconds of
 * the per-check rows equal what the events it lists imply; the two web servers are never
 * down together except in the one planned story; latency is higher in business hours and
 * drifts up; the same seed gives the same history; an existing archive is never replaced.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <rrd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "fixture.h"
#include "history.h"

#define OCT 1790805600L		/* 2026-10-01 00:00 CEST */
#define NOV 1793487600L		/* 2026-11-01 00:00 CET */
#define DEC 1796079600L		/* 2026-12-01 00:00 CET */
#define STEP 60
#define MAX_EVENTS 512

struct ev {
	char host[32], service[32], kind[16], why[64];
	long long from, to;
};

static char gen[512], dir[64];
static struct ev evs[MAX_EVENTS];
static size_t nevs;

/* Runs the generator: two months before 2026-12-01 into sub/rrd, events into sub/events. */
static int generate(const char *sub, char *out, size_t outlen)
{
	char rrd[128], events[128];
	char *argv[] = { gen, "--months", "2", "--events", events, rrd, NULL };

	snprintf(rrd, sizeof(rrd), "%s/%s/rrd", dir, sub);
	snprintf(events, sizeof(events), "%s/%s/events", dir, sub);
	snprintf(out, outlen, "%s/%s", dir, sub);
	mkdir(out, 0755);
	return fx_run(argv, NULL, out, outlen);
}

static void read_events(const char *path)
{
	char line[512];
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	nevs = 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		struct ev *e = &evs[nevs];
		char *why;

		if (line[0] == '#')
			continue;
		assert_true(nevs < MAX_EVENTS);
		assert_int_equal(sscanf(line, "%31s %31s %15s %lld %lld", e->host, e->service,
					e->kind, &e->from, &e->to), 5);
		/* The story is what follows the local start "YYYY-MM-DD HH:MM:SS ZONE". */
		why = line;
		for (int k = 0; k < 9 && why != NULL; k++)
			why = strchr(why + 1, ' ');
		assert_non_null(why);
		snprintf(e->why, sizeof(e->why), "%s", why + 1);
		e->why[strcspn(e->why, "\n")] = '\0';
		nevs++;
	}
	fclose(f);
	assert_true(nevs > 20);
}

static int setup(void **state)
{
	char out[4096];

	(void)state;
	snprintf(gen, sizeof(gen), "%s/contrib/demo/nines-demo-history", getenv("NINES_BUILD"));
	snprintf(dir, sizeof(dir), "/tmp/nines-demo-history.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	if (generate("a", out, sizeof(out)) != 0) {
		fprintf(stderr, "%s\n", out);
		return -1;
	}
	snprintf(out, sizeof(out), "%s/a/events", dir);
	read_events(out);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_rmtree(dir);
	return 0;
}

/* The per-check rows (t - STEP, t] for t0 < t <= t1 of one data source, from sub/rrd. */
static double *fetch_in(const char *sub, const char *host, const char *service, time_t t0,
			time_t t1, const char *ds, size_t *n)
{
	char path[256];
	time_t start = t0, end = t1;
	unsigned long step = STEP, nds;
	char **names;
	rrd_value_t *data;
	double *v;
	long col = -1;

	snprintf(path, sizeof(path), "%s/%s/rrd/%s/%s.rrd", dir, sub, host, service);
	rrd_clear_error();
	if (rrd_fetch_r(path, "AVERAGE", &start, &end, &step, &nds, &names, &data) != 0)
		fail_msg("cannot fetch '%s': %s", path, rrd_get_error());
	assert_int_equal(step, STEP);
	assert_true(start <= t0 && end >= t1);
	for (unsigned long i = 0; i < nds; i++) {
		if (strcmp(names[i], ds) == 0)
			col = (long)i;
		rrd_freemem(names[i]);
	}
	rrd_freemem(names);
	assert_true(col >= 0);
	*n = (size_t)((t1 - t0) / STEP);
	v = malloc(*n * sizeof(*v));
	assert_non_null(v);
	for (size_t r = 0; r < *n; r++)
		v[r] = data[((size_t)(t0 - start) / STEP + r) * nds + (size_t)col];
	rrd_freemem(data);
	return v;
}

static double *fetch(const char *host, const char *service, time_t t0, time_t t1,
		     const char *ds, size_t *n)
{
	return fetch_in("a", host, service, t0, t1, ds, n);
}

static long long overlap(long long a0, long long a1, long long b0, long long b1)
{
	long long lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;

	return hi > lo ? hi - lo : 0;
}

/* Seconds of kind in [t0, t1) that the listed events of host/service imply. */
static long long implied(const char *host, const char *service, const char *kind, time_t t0,
			 time_t t1)
{
	long long sum = 0;

	for (size_t i = 0; i < nevs; i++)
		if (strcmp(evs[i].host, host) == 0 && strcmp(evs[i].service, service) == 0 &&
		    strcmp(evs[i].kind, kind) == 0)
			sum += overlap(evs[i].from, evs[i].to, t0, t1);
	return sum;
}

static void test_rows_match_events(void **state)
{
	const time_t months[][2] = { { OCT, NOV }, { NOV, DEC } };
	long long total_down = 0, total_maint = 0, total_gap = 0;

	(void)state;
	for (size_t s = 0; s < demo_nservices; s++) {
		for (size_t m = 0; m < 2; m++) {
			time_t t0 = months[m][0], t1 = months[m][1];
			size_t n;
			double *avail = fetch(demo_services[s].host, demo_services[s].service, t0, t1, "avail", &n);
			double *dt = fetch(demo_services[s].host, demo_services[s].service, t0, t1, "downtime", &n);
			long long down = 0, maint = 0, gap = 0;

			for (size_t r = 0; r < n; r++) {
				if (isnan(avail[r]))
					gap += STEP;
				else if (dt[r] > 0.5)
					maint += STEP;
				else if (avail[r] < 0.5)
					down += STEP;
			}
			if (down != implied(demo_services[s].host, demo_services[s].service, "down", t0, t1) ||
			    maint != implied(demo_services[s].host, demo_services[s].service, "maintenance", t0, t1) ||
			    gap != implied(demo_services[s].host, demo_services[s].service, "gap", t0, t1))
				fail_msg("%s/%s month %zu: down %lld maintenance %lld gap %lld s in the "
					 "archive, events say %lld %lld %lld", demo_services[s].host,
					 demo_services[s].service, m, down, maint, gap,
					 implied(demo_services[s].host, demo_services[s].service, "down", t0, t1),
					 implied(demo_services[s].host, demo_services[s].service, "maintenance", t0, t1),
					 implied(demo_services[s].host, demo_services[s].service, "gap", t0, t1));
			total_down += down;
			total_maint += maint;
			total_gap += gap;
			free(avail);
			free(dt);
		}
	}
	/* Every kind is there: the monthly maintenance, the stories' gap, many outages. */
	assert_true(total_down > 6 * 3600);
	assert_true(total_maint >= 4 * 90 * 60);
	assert_int_equal(total_gap, 6 * 45 * 60);	/* the monitoring host restarted on 11-21 */
}

/*
 * Each up row's WARNING flag is its latency over the service's warning threshold (the
 * plugin's -w), and a probe's loss is 1 exactly when it is down; services that record no
 * loss leave it unknown.  Some rows of November are WARNING, so the check holds something.
 */
static void test_warning_and_loss(void **state)
{
	size_t warned = 0, probed = 0;

	(void)state;
	for (size_t s = 0; s < demo_nservices; s++) {
		const struct demo_service *d = &demo_services[s];
		size_t n;
		double *avail = fetch(d->host, d->service, NOV, DEC, "avail", &n);
		double *rtt = fetch(d->host, d->service, NOV, DEC, "rtt", &n);
		double *warn = fetch(d->host, d->service, NOV, DEC, "warn", &n);
		double *loss = fetch(d->host, d->service, NOV, DEC, "loss", &n);

		for (size_t r = 0; r < n; r++) {
			if (avail[r] != 0 && avail[r] != 1)
				continue;
			if (avail[r] == 1 && warn[r] != (rtt[r] * 1000 > d->warn_ms))
				fail_msg("%s/%s row %zu: rtt %g ms, warn %g (threshold %g ms)", d->host,
					 d->service, r, rtt[r] * 1000, warn[r], d->warn_ms);
			if (d->loss ? loss[r] != 1 - avail[r] : !isnan(loss[r]))
				fail_msg("%s/%s row %zu: avail %g, loss %g", d->host, d->service, r,
					 avail[r], loss[r]);
			warned += warn[r] == 1;
			probed += d->loss && avail[r] == 0;
		}
		free(avail);
		free(rtt);
		free(warn);
		free(loss);
	}
	assert_true(warned > 0);
	assert_true(probed > 0);
}

/* The two web servers' down time overlaps only in the planned story, once. */
static void test_pair_fails_together_once(void **state)
{
	long long together = 0;
	int stories = 0;

	(void)state;
	for (size_t i = 0; i < nevs; i++) {
		if (strcmp(evs[i].host, "web1") != 0 || strcmp(evs[i].kind, "gap") == 0)
			continue;
		for (size_t j = 0; j < nevs; j++) {
			long long o;

			if (strcmp(evs[j].host, "web2") != 0 || strcmp(evs[j].kind, "gap") == 0)
				continue;
			o = overlap(evs[i].from, evs[i].to, evs[j].from, evs[j].to);
			if (o == 0)
				continue;
			if (strcmp(evs[i].why, "shared storage failed") != 0 ||
			    strcmp(evs[j].why, evs[i].why) != 0)
				fail_msg("web1 %s at %lld and web2 %s at %lld overlap", evs[i].kind,
					 evs[i].from, evs[j].kind, evs[j].from);
			together += o;
			stories++;
		}
	}
	assert_int_equal(stories, 1);
	assert_int_equal(together, 42 * 60);
}

/*
 * By construction, for any seed: over thirteen months each service's events are disjoint
 * and the second web server's never touch the first one's, but for the planned story.
 */
static void test_pair_apart_for_any_seed(void **state)
{
	enum { WEB1 = 2, WEB2 = 3 };
	char err[256];

	(void)state;
	assert_string_equal(demo_services[WEB1].host, "web1");
	assert_string_equal(demo_services[WEB2].host, "web2");
	for (uint64_t seed = 0; seed < 200; seed++) {
		struct demo_history h;
		int shared = 0;

		assert_int_equal(demo_history_make(&h, DEC - 395 * 86400L, DEC, STEP, seed, err,
						   sizeof(err)), 0);
		for (size_t s = 0; s < demo_nservices; s++)
			for (size_t i = 1; i < h.nevents[s]; i++)
				assert_true(h.events[s][i - 1].to < h.events[s][i].from);
		for (size_t i = 0; i < h.nevents[WEB1]; i++) {
			const struct demo_event *a = &h.events[WEB1][i];

			for (size_t j = 0; j < h.nevents[WEB2]; j++) {
				const struct demo_event *b = &h.events[WEB2][j];

				if (a->kind == DEMO_GAP || overlap(a->from, a->to, b->from, b->to) == 0)
					continue;
				if (strcmp(a->why, "shared storage failed") != 0 || a->from != b->from ||
				    a->to != b->to)
					fail_msg("seed %llu: web1 %s at %lld and web2 %s at %lld overlap",
						 (unsigned long long)seed, demo_kind_name(a->kind),
						 (long long)a->from, demo_kind_name(b->kind), (long long)b->from);
				shared++;
			}
		}
		assert_int_equal(shared, 1);
		demo_history_release(&h);
	}
}

static double mean(const double *v, size_t n, time_t t0, int (*keep)(time_t))
{
	double sum = 0;
	size_t k = 0;

	for (size_t r = 0; r < n; r++) {
		if (!isnan(v[r]) && (keep == NULL || keep(t0 + (time_t)(r + 1) * STEP))) {
			sum += v[r];
			k++;
		}
	}
	assert_true(k > 1000);
	return sum / (double)k;
}

/* Monday to Friday 10:00-12:00 local (CET in November: UTC + 1), inside business hours. */
static int busy(time_t t)
{
	long day = (long)((t - 1) / 86400), hour = (long)(((t - 1) % 86400) / 3600) + 1;
	long wday = (day + 4) % 7;	/* 0 Sunday */

	return wday >= 1 && wday <= 5 && hour >= 10 && hour < 12;
}

/* 01:00-05:00 local, any day. */
static int night(time_t t)
{
	long hour = (long)(((t - 1) % 86400) / 3600) + 1;

	return hour >= 1 && hour < 5;
}

static void test_latency_load_and_drift(void **state)
{
	size_t n;
	double *web = fetch("web1", "http", NOV, DEC, "rtt", &n);
	double *oct = fetch("core1", "wan-probe", OCT, NOV, "rtt", &n);
	double *nov, b, q, drift;

	(void)state;
	/* web1: 42 ms off hours, +90 % at the peak (the table's 10:00 and 11:00 weights 1.0, 0.9). */
	b = mean(web, (size_t)((DEC - NOV) / STEP), NOV, busy);
	q = mean(web, (size_t)((DEC - NOV) / STEP), NOV, night);
	if (!(b > q * 1.6 && b < q * 2.0))
		fail_msg("web1 business-hours rtt %.4f s against %.4f s at night", b, q);
	/* core1: +0.65 ms per 30 days, at night (no load); noise averages out over 4 hours a day. */
	nov = fetch("core1", "wan-probe", NOV, DEC, "rtt", &n);
	drift = mean(nov, n, NOV, night) - mean(oct, (size_t)((NOV - OCT) / STEP), OCT, night);
	if (!(drift > 0.00055 && drift < 0.00075))
		fail_msg("core1 night rtt rose %.6f s from October to November, want ~0.00066", drift);
	free(web);
	free(oct);
	free(nov);
}

static int same_file(const char *a, const char *b)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "cmp -s '%s' '%s'", a, b);
	return system(cmd) == 0;
}

/*
 * The events listed and every written value of the two months are the same (the files
 * are not: librrd starts each new archive's ring buffers at a random row).
 */
static void test_same_seed_same_history(void **state)
{
	static const char *const ds[] = { "avail", "rtt", "warn", "downtime", "loss" };
	char out[4096], a[256], b[256];

	(void)state;
	assert_int_equal(generate("b", out, sizeof(out)), 0);
	snprintf(a, sizeof(a), "%s/a/events", dir);
	snprintf(b, sizeof(b), "%s/b/events", dir);
	assert_true(same_file(a, b));
	for (size_t s = 0; s < demo_nservices; s++) {
		for (size_t d = 0; d < sizeof(ds) / sizeof(ds[0]); d++) {
			size_t n;
			double *x = fetch_in("a", demo_services[s].host, demo_services[s].service, OCT, DEC, ds[d], &n);
			double *y = fetch_in("b", demo_services[s].host, demo_services[s].service, OCT, DEC, ds[d], &n);

			for (size_t r = 0; r < n; r++)
				if (!(x[r] == y[r] || (isnan(x[r]) && isnan(y[r]))))
					fail_msg("%s/%s %s differs at row %zu: %g against %g",
						 demo_services[s].host, demo_services[s].service, ds[d], r, x[r], y[r]);
			free(x);
			free(y);
		}
	}
}

static void test_never_replaces_an_archive(void **state)
{
	char out[4096], path[256];
	struct stat before, after;

	(void)state;
	snprintf(path, sizeof(path), "%s/a/rrd/web1/http.rrd", dir);
	assert_int_equal(stat(path, &before), 0);
	assert_int_equal(generate("a", out, sizeof(out)), 2);
	assert_non_null(strstr(out, "web1/http.rrd"));
	assert_int_equal(stat(path, &after), 0);
	assert_true(before.st_mtim.tv_sec == after.st_mtim.tv_sec &&
		    before.st_mtim.tv_nsec == after.st_mtim.tv_nsec && before.st_size == after.st_size);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_match_events),
		cmocka_unit_test(test_warning_and_loss),
		cmocka_unit_test(test_pair_fails_together_once),
		cmocka_unit_test(test_pair_apart_for_any_seed),
		cmocka_unit_test(test_latency_load_and_drift),
		cmocka_unit_test(test_same_seed_same_history),
		cmocka_unit_test(test_never_replaces_an_archive),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
