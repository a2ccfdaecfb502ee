#include "history.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "date.h"
#include "zone.h"

#define DAY 86400L
#define MONTH_SECONDS (30 * DAY)

/* Indexes into demo_services, for the stories below. */
enum { CORE1, CORE2, WEB1, WEB2, LB1, EDGE1, NSVC };

const struct demo_service demo_services[] = {
	[CORE1] = { "core1", "wan-probe", 11.0, 0.5, 0.65, 40.0, 1, 2, 6, 120 },
	[CORE2] = { "core2", "snmp", 1.8, 1.2, 0.0, 25.0, 0, 1, 4, 80 },
	[WEB1] = { "web1", "http", 42.0, 0.9, 0.4, 250.0, 0, 2, 5, 100 },
	[WEB2] = { "web2", "http", 44.0, 0.9, 0.4, 250.0, 0, 2, 5, 100 },
	[LB1] = { "lb1", "vip", 1.1, 0.6, 0.0, 20.0, 0, 0, 2, 40 },
	[EDGE1] = { "edge1", "uplink", 0.9, 0.3, 0.0, 20.0, 0, 0, 3, 60 },
};
const size_t demo_nservices = NSVC;

const char *demo_kind_name(enum demo_kind k)
{
	static const char *const names[] = { "up", "down", "maintenance", "gap" };

	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "?";
}

/*
 * The stories a report of the demo has to tell, in local time of DEMO_ZONE: the long
 * outages a service manager remembers, the poller's own failures (a gap in every
 * archive), and the one time both web servers failed together.
 */
static const struct {
	int svc;		/* -1: every service */
	int svc2;		/* a second service with the same event, or -1 */
	enum demo_kind kind;
	int y, mo, d, h, mi, minutes;
	const char *why;
} stories[] = {
	{ -1, -1, DEMO_GAP, 2026, 1, 17, 3, 10, 270, "poller disk full" },
	{ LB1, -1, DEMO_DOWN, 2026, 3, 12, 9, 15, 85, "failover did not trigger" },
	{ CORE1, -1, DEMO_DOWN, 2026, 6, 3, 16, 20, 225, "fibre cut on the WAN link" },
	{ -1, -1, DEMO_GAP, 2026, 9, 5, 11, 0, 50, "poller moved to a new VM" },
	{ EDGE1, -1, DEMO_MAINT, 2026, 11, 7, 6, 0, 120, "uplink moved to a new port" },
	{ CORE2, -1, DEMO_DOWN, 2026, 11, 10, 10, 0, 210, "line card failed" },
	{ WEB1, WEB2, DEMO_DOWN, 2026, 11, 18, 14, 5, 42, "shared storage failed" },
	{ -1, -1, DEMO_GAP, 2026, 11, 21, 1, 20, 45, "monitoring host restarted" },
};

/* Scheduled maintenance: the nth weekday of every month (or of every third month). */
static const struct {
	int svc, nth, wday;	/* wday 0 Sunday .. 6 Saturday */
	int every;		/* months: 1 monthly, 3 quarterly (January, April, ...) */
	int h, mi, minutes;
	const char *why;
} windows[] = {
	{ WEB1, 2, 2, 1, 22, 0, 90, "monthly patching" },
	{ WEB2, 2, 3, 1, 22, 0, 90, "monthly patching" },
	{ CORE2, 1, 6, 1, 6, 0, 60, "firmware window" },
	{ CORE1, 1, 0, 3, 2, 0, 120, "quarterly carrier maintenance" },
};

/* Busy share per business hour 08..17: a morning and an afternoon peak. */
static const double load_shape[10] = { 0.5, 0.8, 1.0, 0.9, 0.6, 0.8, 1.0, 0.9, 0.7, 0.5 };

/* splitmix64: a small, well-mixed generator; also a hash of (seed, service, time). */
static uint64_t mix(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ULL;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
	return x ^ (x >> 31);
}

static uint64_t rnd(uint64_t *state)
{
	*state += 0x9E3779B97F4A7C15ULL;
	return mix(*state);
}

/* A uniform number in [lo, hi]. */
static long rnd_range(uint64_t *state, long lo, long hi)
{
	return lo + (long)(rnd(state) % (uint64_t)(hi - lo + 1));
}

static time_t local_time(const struct zone *z, int y, int mo, int d, int h, int mi)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h,
			 .tm_min = mi };

	return zone_mktime(z, &tm);
}

/* 1 when [from, to) comes within one step of an event of list. */
static int clashes(const struct demo_event *list, size_t n, time_t from, time_t to, long step)
{
	for (size_t i = 0; i < n; i++)
		if (from < list[i].to + step && list[i].from < to + step)
			return 1;
	return 0;
}

/*
 * Adds an event to service svc when it lies inside the history and keeps clear of the
 * service's events (and, for either web server, of the other one's: the pair fails
 * together only in the story that says so).  1 added, 0 not, -1 out of memory.
 */
static int add_event(struct demo_history *h, size_t svc, enum demo_kind kind, time_t from,
		     time_t to, const char *why, int forced)
{
	int other = svc == WEB1 ? WEB2 : svc == WEB2 ? WEB1 : -1;
	struct demo_event *ev;

	from -= from % h->step;
	to -= to % h->step;
	if (from < h->start || to > h->end || to <= from ||
	    (kind == DEMO_GAP && to - from <= 2 * h->step))
		return 0;
	if (!forced && (clashes(h->events[svc], h->nevents[svc], from, to, h->step) ||
			(other >= 0 && clashes(h->events[other], h->nevents[other], from, to, h->step))))
		return 0;
	ev = realloc(h->events[svc], (h->nevents[svc] + 1) * sizeof(*ev));
	if (ev == NULL)
		return -1;
	h->events[svc] = ev;
	ev[h->nevents[svc]++] = (struct demo_event){ kind, from, to, why };
	return 1;
}

static int add_stories(struct demo_history *h)
{
	for (size_t i = 0; i < sizeof(stories) / sizeof(stories[0]); i++) {
		time_t from = local_time(h->zone, stories[i].y, stories[i].mo, stories[i].d,
					 stories[i].h, stories[i].mi);
		time_t to = from + 60L * stories[i].minutes;

		for (size_t s = 0; s < NSVC; s++) {
			if (stories[i].svc >= 0 && (int)s != stories[i].svc && (int)s != stories[i].svc2)
				continue;
			if (add_event(h, s, stories[i].kind, from, to, stories[i].why, 1) < 0)
				return -1;
		}
	}
	return 0;
}

/* The nth weekday wday of month y-mo as a day number. */
static long nth_weekday(int y, int mo, int nth, int wday)
{
	long first = civil_days(y, mo, 1);

	return first + (wday - date_weekday(first) + 7) % 7 + 7L * (nth - 1);
}

static int add_month(struct demo_history *h, uint64_t *state, int y, int mo)
{
	time_t m0 = local_time(h->zone, y, mo, 1, 0, 0);
	time_t m1 = local_time(h->zone, mo == 12 ? y + 1 : y, mo == 12 ? 1 : mo + 1, 1, 0, 0);

	for (size_t i = 0; i < sizeof(windows) / sizeof(windows[0]); i++) {
		int yy, mm, dd;
		time_t from;

		if ((mo - 1) % windows[i].every != 0)
			continue;
		civil_date(nth_weekday(y, mo, windows[i].nth, windows[i].wday), &yy, &mm, &dd);
		from = local_time(h->zone, yy, mm, dd, windows[i].h, windows[i].mi);
		if (add_event(h, (size_t)windows[i].svc, DEMO_MAINT, from,
			      from + 60L * windows[i].minutes, windows[i].why, 0) < 0)
			return -1;
	}
	for (size_t s = 0; s < NSVC; s++) {
		const struct demo_service *d = &demo_services[s];
		long n = rnd_range(state, d->short_min, d->short_max);
		int want_long = rnd_range(state, 0, 999) < d->long_permille;

		for (long k = 0; k < n + want_long; k++) {
			long minutes = k < n ? rnd_range(state, 1, 15) : rnd_range(state, 30, 180);

			/* A few tries for a place that is free; a month without it is fine. */
			for (int tries = 0; tries < 20; tries++) {
				time_t from = m0 + rnd_range(state, 0, (long)(m1 - m0) / 60) * 60;
				int rc = add_event(h, s, DEMO_DOWN, from, from + 60 * minutes, "", 0);

				if (rc < 0)
					return -1;
				if (rc > 0)
					break;
			}
		}
	}
	return 0;
}

static int by_from(const void *a, const void *b)
{
	const struct demo_event *x = a, *y = b;

	return (x->from > y->from) - (x->from < y->from);
}

int demo_history_make(struct demo_history *h, time_t start, time_t end, long step,
		      uint64_t seed, char *err, size_t errlen)
{
	uint64_t state = mix(seed);
	struct tm tm;
	int y, mo;

	memset(h, 0, sizeof(*h));
	if (step < ARCHIVE_MIN_STEP || step > 3600 || start % step != 0 || end % step != 0 ||
	    end - start < DAY) {
		snprintf(err, errlen, "bad history: start and end must be whole steps of 10..3600 s, "
			 "at least a day apart");
		return -1;
	}
	h->start = start;
	h->end = end;
	h->step = step;
	h->seed = seed;
	if ((h->zone = zone_open(DEMO_ZONE, err, errlen)) == NULL)
		return -1;
	if (add_stories(h) != 0)
		goto nomem;
	zone_local(h->zone, start, &tm);
	y = tm.tm_year + 1900;
	mo = tm.tm_mon + 1;
	while (local_time(h->zone, y, mo, 1, 0, 0) < end) {
		if (add_month(h, &state, y, mo) != 0)
			goto nomem;
		if (++mo > 12) {
			mo = 1;
			y++;
		}
	}
	for (size_t s = 0; s < NSVC; s++)
		if (h->nevents[s] > 0)
			qsort(h->events[s], h->nevents[s], sizeof(h->events[s][0]), by_from);
	return 0;
nomem:
	snprintf(err, errlen, "out of memory");
	demo_history_release(h);
	return -1;
}

void demo_history_release(struct demo_history *h)
{
	if (h == NULL)
		return;
	for (size_t s = 0; s < DEMO_MAX_SERVICES; s++)
		free(h->events[s]);
	zone_release(h->zone);
	memset(h, 0, sizeof(*h));
}

void demo_cursor_init(struct demo_cursor *c, const struct demo_history *h, size_t svc)
{
	*c = (struct demo_cursor){ h, svc, 0, h->start, -1, 0 };
}

/* What the service did in the step ending at t; moves the cursor past ended events. */
static enum demo_kind kind_at(struct demo_cursor *c, time_t t, const struct demo_event **ev)
{
	const struct demo_event *list = c->h->events[c->svc];
	size_t n = c->h->nevents[c->svc];

	while (c->next_event < n && list[c->next_event].to < t)
		c->next_event++;
	*ev = c->next_event < n ? &list[c->next_event] : NULL;
	if (*ev != NULL && (*ev)->from < t && t <= (*ev)->to)
		return (*ev)->kind;
	return DEMO_UP;
}

/* Business hours (monday-friday 08:00-18:00 local): the hour's rank 1..10, else 0. */
static int busy_rank(struct demo_cursor *c, time_t t)
{
	struct tm tm;

	/* The zone's offsets are whole hours, so the local hour changes only on UTC hours. */
	if ((t - 1) / 3600 != c->hour) {
		c->hour = (t - 1) / 3600;
		zone_local(c->h->zone, t - 1, &tm);
		c->busy_hour = tm.tm_wday >= 1 && tm.tm_wday <= 5 && tm.tm_hour >= 8 &&
			       tm.tm_hour < 18 ? tm.tm_hour - 7 : 0;
	}
	return c->busy_hour;
}

/* Latency in ms at t: base, business-hours load, drift, noise and the odd spike. */
static double rtt_ms(struct demo_cursor *c, time_t t)
{
	const struct demo_service *d = &demo_services[c->svc];
	uint64_t r = mix(c->h->seed ^ mix((uint64_t)t * 16 + c->svc));
	double u = ((double)(r >> 11) + 0.5) / 9007199254740992.0;	/* (0, 1) */
	int rank = busy_rank(c, t);
	double ms = d->rtt_ms * (1 + (rank > 0 ? d->busy * load_shape[rank - 1] : 0));

	ms += d->drift_ms * (double)(t - c->h->start) / MONTH_SECONDS;
	ms += d->rtt_ms * 0.08 * -log(u);
	if ((r & 0x7FF) == 0)
		ms *= 4;
	return ms;
}

int demo_history_next(struct demo_cursor *c, struct archive_sample *s)
{
	const struct demo_event *ev;
	enum demo_kind k;
	time_t t = c->t;

	do {
		t += c->h->step;
		if (t > c->h->end)
			return 0;
		k = kind_at(c, t, &ev);
		/* A gap's last sample is written: librrd makes its step unknown all the same. */
	} while (k == DEMO_GAP && t < ev->to);
	c->t = t;
	*s = (struct archive_sample)ARCHIVE_SAMPLE_INIT;
	s->when = t;
	s->warn = 0;
	s->downtime = k == DEMO_MAINT;
	if (k == DEMO_DOWN || k == DEMO_MAINT) {
		s->avail = 0;
		s->loss = demo_services[c->svc].loss ? 1 : NAN;
	} else {
		s->avail = 1;
		s->rtt = rtt_ms(c, t) / 1000;
		s->warn = s->rtt * 1000 > demo_services[c->svc].warn_ms;
		s->loss = demo_services[c->svc].loss ? 0 : NAN;
	}
	return 1;
}
