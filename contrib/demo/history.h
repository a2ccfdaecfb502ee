/*
 * history — what happened to the demo's services over a stretch of time: a deterministic
 * schedule of outages, scheduled maintenance and monitoring gaps (fixed stories and, from
 * a seeded generator, many short outages and a few long ones), and the check each service
 * would have recorded at any step (latency with a business-hours load pattern, a drift
 * over the months, noise).  Pure: nothing here writes a file.
 *
 * An event covers the samples stamped t with from < t <= to, so it is to - from seconds
 * of the archive: down and maintenance samples are written with avail 0 (downtime 1 for
 * maintenance); a gap's samples are left out, and since a gap is longer than the
 * heartbeat (2 steps), librrd makes all of (from, to] unknown, its last sample included.
 */
#ifndef DEMO_HISTORY_H
#define DEMO_HISTORY_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "archive.h"

struct zone;

enum demo_kind { DEMO_UP, DEMO_DOWN, DEMO_MAINT, DEMO_GAP };

/* Its name in the events listing: "up", "down", "maintenance", "gap". */
const char *demo_kind_name(enum demo_kind k);

struct demo_event {
	enum demo_kind kind;
	time_t from, to;	/* samples stamped from < t <= to */
	const char *why;	/* a fixed story's text, "" for a drawn one */
};

/* One monitored service of the demo: where its archive goes and how it behaves. */
struct demo_service {
	const char *host, *service;	/* the plugins' --host-name and --service */
	double rtt_ms;			/* latency outside business hours, at the start */
	double busy;			/* extra share of rtt_ms at the business-hours peak */
	double drift_ms;		/* added latency per 30 days */
	double warn_ms;			/* a check above this is WARNING (the plugin's -w) */
	int loss;			/* records loss (a probe): 0 up, 1 down; else U */
	int short_min, short_max;	/* short outages drawn per month, 1 to 15 min */
	int long_permille;		/* chance per month of a long outage, 30 min to 3 h */
};

extern const struct demo_service demo_services[];
extern const size_t demo_nservices;

#define DEMO_MAX_SERVICES 16

/* The schedule of every service over (start, end]. */
struct demo_history {
	time_t start, end;
	long step;
	uint64_t seed;
	struct demo_event *events[DEMO_MAX_SERVICES];	/* per service, sorted, disjoint */
	size_t nevents[DEMO_MAX_SERVICES];
	struct zone *zone;		/* DEMO_ZONE */
};

/* The zone of the business hours, the maintenance windows and the stories. */
#define DEMO_ZONE "Europe/Berlin"

/*
 * Draws the schedule of every service for (start, end] (whole steps, end - start at least a
 * day) from seed.  Returns 0, or -1 with a message; release with demo_history_release().
 */
int demo_history_make(struct demo_history *h, time_t start, time_t end, long step,
		      uint64_t seed, char *err, size_t errlen);
void demo_history_release(struct demo_history *h);

/* Walks one service's samples in time order; see demo_history_next(). */
struct demo_cursor {
	const struct demo_history *h;
	size_t svc, next_event;
	time_t t;		/* the last sample's stamp */
	long hour;		/* the local hour cached below, as t / 3600 */
	int busy_hour;		/* that hour is in business hours: 0 no, 1..10 its rank */
};

void demo_cursor_init(struct demo_cursor *c, const struct demo_history *h, size_t svc);

/*
 * The next sample of the service: 1 with *s filled (its when, avail, rtt, warn, downtime,
 * loss), 0 when the history is over.  Samples inside a gap are skipped.
 */
int demo_history_next(struct demo_cursor *c, struct archive_sample *s);

#endif
