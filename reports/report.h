/*
 * report — one SLA report as plain structs: for every service of a config, the compliance
 * windows inside a period and the whole period evaluated by the engine, plus totals over
 * services.  Reading and evaluation run on a worker pool; nothing here formats output.
 */
#ifndef REPORT_H
#define REPORT_H

#include <stddef.h>
#include <time.h>

#include "attrib.h"
#include "config.h"
#include "reader.h"
#include "scorecard.h"
#include "sla.h"

/*
 * One day of the period (local midnight to midnight in the report's zone, cut at the
 * period's ends): the engine's result for that day, sla_evaluate over it with the
 * service's calendar, policy and objective, kept as the few figures charts draw.
 */
struct report_day {
	time_t t0, t1;
	double availability_percent;		/* NAN when nothing is counted */
	double in_scope, counted, down, unmonitored;	/* seconds */
	double down_counted;			/* counted - up as counted: what spends the budget */
	double coverage_percent;		/* NAN when nothing is in scope */
	double latency_value;			/* NAN without a latency objective or rtt data */
	enum sla_verdict verdict;
	int met;				/* availability target: 1, 0, -1 unknown */
	size_t noutages;
};

struct report_service {
	const struct config_service *cfg;	/* name, objective, policy, calendar, zone */
	const char *name;
	double target_percent;			/* NAN: no availability objective */
	/* Read failure: status other than READER_OK, message in error; no results then. */
	enum reader_status status;
	char *error;
	struct sla_result *windows;		/* the compliance windows inside the period */
	size_t nwindows;
	struct sla_result period;		/* the whole period */
	/* The worst of the windows' verdicts (see enum sla_verdict); SLA_NO_DATA on error. */
	enum sla_verdict verdict;
	int met;				/* every known window met: 1, a window missed: 0, -1 unknown */
	int latency_met;			/* the same for the latency objective */
	/* met and latency_met are -1 unless the verdict is met or missed. */
	size_t njudged;				/* windows met or missed */
	int coarse;				/* computed from consolidated rows */
	long step;				/* the step of the rows used (0 on error or without rows) */
	struct report_day *days;		/* only when report_filter.days asked; else NULL */
	size_t ndays;
	/* A composite's period outages attributed to its components (attrib.h); else NULL. */
	struct attrib *attrib;
};

struct report_filter {
	const char *const *services;		/* only these names (NULL: all) */
	size_t nservices;
	int only_violations;			/* keep only services not met (see report_attention) */
	int days;				/* also evaluate each day of the period (charts) */
};

struct report {
	const struct config *config;
	const char *tz;				/* the zone the period is read and shown in */
	time_t t0, t1;				/* the period [t0, t1) */
	time_t generated_at;
	struct report_service *services;	/* after filters */
	size_t nservices;
	size_t ntotal;				/* services in the total (before --only-violations) */
	size_t nerrors;				/* services that could not be read (of ntotal) */
	size_t nmissed;				/* services with a missed objective (of ntotal) */
	size_t nmet;				/* services that met every objective judged */
	size_t ninsufficient;			/* services with a window of insufficient data */
	size_t nnodata;				/* services without any data in the period */
	size_t njudged;				/* services with a window met or missed; 0: nothing judged */
	int only_violations;			/* the services were filtered down to violations */
	struct sla_result total;		/* time-weighted over the services read */
	/* The balanced scorecard shown with the report (--scorecard); NULL: none.  Not owned. */
	const struct sc_card *scorecard;
};

/*
 * Builds the report of config c for [t0, t1) in zone tz, generated at now.  Calendar and
 * window math runs first, on this thread; then the archives are read and evaluated on
 * nthreads workers (0: one per core), each series released as soon as it is evaluated.
 * A service that cannot be read gets an error instead of results.  Fills r; caller frees
 * with report_release().  0, or -1 with a message (unknown service name, bad calendar,
 * out of memory); per-service read errors are not failures.
 */
int report_build(struct report *r, const struct config *c, const char *tz, time_t t0,
		 time_t t1, time_t now, const struct report_filter *f, int nthreads,
		 char *err, size_t errlen);
void report_release(struct report *r);

/*
 * Whether a service needs someone's attention: it missed an objective, could not be judged
 * (insufficient or no data) or could not be read.  --only-violations keeps these.
 */
int report_attention(const struct report_service *rs);

/* The file a service's archive lives in.  0, or -1 with a message. */
int report_archive_path(const struct config_archive *a, char *out, size_t outlen,
			char *err, size_t errlen);

#endif
