/*
 * chart — the charts of reports and back-tests as plain data, without any drawing: a
 * time axis, a value axis, cells (a daily strip), bars (one per window) or a line, and a
 * target line.  Every renderer that draws (HTML as inline SVG, PDF with cairo) builds its
 * charts with the chart_* builders below and only decides how a struct chart looks, so
 * the formats cannot disagree about what a chart shows.  The figures come from the
 * engine's results (the report's per-day results, report_day, and the back-test's
 * windows), never computed a second way.
 */
#ifndef CHART_H
#define CHART_H

#include <stddef.h>
#include <time.h>

#include "backtest_run.h"
#include "report.h"

/* What a cell or bar says, as a colour class: the same word in every format. */
enum chart_tone {
	CHART_MET,		/* availability target met (or, without a target, nothing down) */
	CHART_DEGRADED,		/* no target, but some time down */
	CHART_MISSED,		/* availability below the target */
	CHART_PARTIAL,		/* insufficient data: coverage below the objective's minimum */
	CHART_NODATA,		/* no in-scope time with data (unmonitored, or out of scope) */
};
#define CHART_NTONES 5
/* "met", "degraded", "missed", "partial", "no-data". */
const char *chart_tone_name(enum chart_tone t);

/* One cell of a strip (a day) or one bar (a window): [t0, t1) and its value. */
struct chart_cell {
	time_t t0, t1;
	double value;			/* availability %, NAN when nothing is counted */
	double unmonitored;		/* share of the in-scope time without data, 0..1 */
	enum chart_tone tone;
};

/* A point of a line; y NAN is a gap (no data that day). */
struct chart_point {
	time_t x;
	double y;
};

enum chart_kind {
	CHART_STRIP,		/* cells side by side, equal width, no value axis */
	CHART_BARS,		/* cells as bars of height value on the value axis */
	CHART_LINE,		/* points joined, on the value axis */
};

struct chart {
	enum chart_kind kind;
	const char *key;		/* what it shows: "strip", "burndown", "latency", "backtest" */
	const char *title;		/* static text: "Daily availability", ... */
	const char *unit;		/* of the value axis: "%", "ms" */
	time_t x0, x1;			/* the time axis [x0, x1) */
	double y0, y1;			/* the value axis, y0 < y1 */
	double target;			/* the target or allowed line; NAN: none */
	const char *target_label;	/* "target 99.9%", "allowed pace", ... (static or buf) */
	char target_buf[64];
	int lower_is_better;		/* LINE: values above the target are bad (latency) */
	/* A second, straight line from (x0, guide0) to (x1, guide1); NAN: none. */
	double guide0, guide1;
	struct chart_cell *cells;	/* STRIP and BARS */
	size_t ncells;
	struct chart_point *points;	/* LINE */
	size_t npoints;
	double last;			/* LINE: the last known y (NAN: none), what it ends at */
};

/*
 * The builders fill c (chart_release() frees it) and return 1 when there is a chart, 0
 * when there is nothing to draw (no days asked for, no target, no latency objective), -1
 * when out of memory.  A service needs its days (report_filter.days).
 */

/* One cell per day of the period, coloured by the day's availability verdict. */
int chart_strip(const struct report *r, const struct report_service *s, struct chart *c);
/*
 * The error budget of the period, remaining in % of what the period allows: 100 at the
 * start, less each day by the time that day spent, ending at 100 − the period's consumed
 * % (the guide is the allowed pace, straight from 100 to 0).  Only with a target.
 */
int chart_burndown(const struct report *r, const struct report_service *s, struct chart *c);
/* The day's latency (ms for a percentile, % under the threshold for a share) and the objective. */
int chart_latency(const struct report *r, const struct report_service *s, struct chart *c);
/* A back-test: one bar per window, its attained availability, and the target line. */
int chart_backtest(const struct bt_report *r, const struct bt_service *s, struct chart *c);

void chart_release(struct chart *c);

#endif
