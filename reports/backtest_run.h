/*
 * backtest_run — a back-test of every selected service over its history: windows planned
 * on the calling thread (calendar math sets TZ), archives read and evaluated on the
 * reader's worker pool, one pass over each series, then the pure judging of backtest.h.
 * Nothing here formats output.
 */
#ifndef BACKTEST_RUN_H
#define BACKTEST_RUN_H

#include <stddef.h>
#include <time.h>

#include "attrib.h"
#include "backtest.h"
#include "config.h"
#include "reader.h"

/* The proposed SLA of one service: its config with the command line's overrides applied. */
struct bt_setup {
	const char *name;
	const struct config_archive *archive;
	/* The service as the config has it: read through source_read(), so composites work. */
	const struct config *config;
	const struct config_service *service;
	struct bt_terms terms;
	struct sla_policy policy;
	const struct cal *calendar;
	const char *calendar_name, *tz;
	enum cal_window_kind window;
	long rolling_days;
	const struct bt_alert_rule *alerts;	/* NULL: no alert replay */
	size_t nalerts;
};

struct bt_service {
	struct bt_setup set;
	enum reader_status status;	/* READER_OK, or the read failed: error says why */
	char *error;
	time_t first_data;		/* the first row with data; 0 when none */
	long step;			/* of the rows used */
	int coarse;
	struct bt_window *windows;
	size_t nwindows;
	time_t *episodes[BT_NSEVERITIES];	/* alert start times, in order */
	size_t nepisodes[BT_NSEVERITIES];
	struct bt_summary summary;
	struct bt_sweep_row *sweep;	/* one per candidate target, when a sweep was asked */
	/*
	 * A composite's down time by component (attrib.h): per window (nwindows, totals of
	 * its outages) and over the whole history (total only); NULL and zero otherwise.
	 */
	struct attrib *attrib;
	struct attrib attrib_total;
};

/* Which windows make the history. */
struct bt_history {
	const char *since;		/* windows from this day YYYY-MM-DD, in each service's
					   zone (NULL: from the archive's first data) */
	long periods;			/* the last N whole windows before now (0: all) */
	time_t now;			/* windows end at or before now */
	const char *rrdcached;		/* flush through this daemon before reading; NULL none */
};

struct bt_report {
	const char *title;
	const char *logo, *font;	/* of the PDF (NULL: none, the default) */
	const char *tz;			/* the zone times are shown in */
	time_t generated_at;
	double confidence;
	const double *targets;		/* the sweep's candidates (NULL: no sweep) */
	size_t ntargets;
	int alerts;			/* alert replay ran */
	struct bt_service *services;
	size_t nservices;
	size_t nerrors;
	/* Over every service read: windows met/missed/unknown, credits in money, alerts. */
	struct bt_summary total;
	int money;			/* some service has a bill */
};

/* How far back the default history reaches: the per-check rows the archives keep. */
#define BT_LOOKBACK_DAYS 400

/*
 * Back-tests set[0..n) (copied) over history h, generated at h->now, on nthreads workers
 * (0: one per core), with a sweep over targets[0..ntargets) when ntargets > 0.  A service
 * that cannot be read gets an error instead of results.  Fills r; caller frees with
 * bt_report_release().  0, or -1 with a message (bad calendar, out of memory).
 */
int bt_report_build(struct bt_report *r, const struct bt_setup *set, size_t n,
		    const struct bt_history *h, double confidence, const double *targets,
		    size_t ntargets, int nthreads, char *err, size_t errlen);
void bt_report_release(struct bt_report *r);

#endif
