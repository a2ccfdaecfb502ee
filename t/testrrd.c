#include "testrrd.h"

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

#include "archive.h"

double trd_fetched(const char *path, time_t t, const char *ds)
{
	time_t start = t - 60, end = t;
	unsigned long step = 60, nds;	/* the resolution asked for */
	char **names;
	rrd_value_t *data;
	double v = 0;
	long row;
	int found = 0;

	rrd_clear_error();
	assert_int_equal(rrd_fetch_r(path, "AVERAGE", &start, &end, &step, &nds, &names, &data), 0);
	assert_int_equal(step, 60);	/* the per-check archive, not a coarser fallback */
	row = (long)((t - start) / (time_t)step) - 1;
	assert_true(row >= 0 && row < (long)((end - start) / (time_t)step));
	for (unsigned long i = 0; i < nds; i++) {
		if (strcmp(names[i], ds) == 0) {
			v = data[(unsigned long)row * nds + i];
			found = 1;
		}
		rrd_freemem(names[i]);
	}
	rrd_freemem(names);
	rrd_freemem(data);
	assert_true(found);
	return v;
}

void trd_assert_value(double got, double want)
{
	if (isnan(want))
		assert_true(isnan(got));
	else if (!(fabs(got - want) < 1e-9))
		fail_msg("got %.12g, want %.12g", got, want);
}

void trd_create(const char *path)
{
	char buf[4096];
	const char *layout[64], *argv[64];
	int n = archive_layout(60, buf, sizeof(buf), layout, 64), argc = 0;

	assert_true(n > 0);
	for (int i = 0; i < n; i++)
		if (strncmp(layout[i], "DS:", 3) == 0)
			argv[argc++] = layout[i];
	argv[argc++] = "RRA:AVERAGE:0.99:1:100";
	rrd_clear_error();
	if (rrd_create_r(path, 60, time(NULL) - 110, argc, argv) != 0)
		fail_msg("cannot create '%s': %s", path, rrd_get_error());
}

time_t trd_last_row(const char *path)
{
	time_t last;

	rrd_clear_error();
	last = rrd_last_r(path);
	if (last <= 0)
		fail_msg("cannot read the last update of '%s': %s", path, rrd_get_error());
	return last - last % 60;
}

static enum trd_kind kind_at(const struct trd_event *ev, size_t nev, time_t t)
{
	for (size_t i = 0; i < nev; i++)
		if (t > ev[i].from && t <= ev[i].to)
			return ev[i].kind;
	return TRD_UP;
}

void trd_history(const char *path, long step, time_t start, time_t end,
		 const struct trd_event *ev, size_t nev)
{
	char buf[4096];
	const char *argv[64];
	size_t cap = (size_t)((end - start) / step) + 1, n = 0;
	char (*vals)[96] = calloc(cap, sizeof(*vals));
	const char **ptrs = calloc(cap, sizeof(*ptrs));
	int argc = archive_layout(step, buf, sizeof(buf), argv, 64);

	assert_true(vals != NULL && ptrs != NULL && argc > 0);
	rrd_clear_error();
	if (rrd_create_r(path, (unsigned long)step, start, argc, argv) != 0)
		fail_msg("create %s: %s", path, rrd_get_error());
	for (time_t t = start + step; t <= end; t += step) {
		enum trd_kind k = kind_at(ev, nev, t);

		if (k == TRD_GAP)
			continue;
		/* avail:rtt:warn:downtime:loss:cover */
		snprintf(vals[n], sizeof(vals[n]), "%lld:%s:%s:0:%s:U:%ld", (long long)t,
			 k == TRD_UP ? "1" : "0", k == TRD_UP ? "0.010" : "U",
			 k == TRD_MAINT ? "1" : "0", step);
		ptrs[n] = vals[n];
		n++;
	}
	rrd_clear_error();
	if (rrd_update_r(path, NULL, (int)n, ptrs) != 0)
		fail_msg("update %s: %s", path, rrd_get_error());
	free(vals);
	free(ptrs);
}
