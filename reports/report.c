#include "report.h"
#include "source.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "mono.h"
#include "nines.h"
#include "rrdcached.h"
#include "window.h"

/* What the main thread works out per service before the workers start. */
struct plan {
	struct ival_list scope;
	struct ival *windows;
	size_t nwindows;
};

struct job {
	struct report *r;
	struct plan *plans;		/* per service; filled only for the first of equal plans */
	const struct plan **plan_of;	/* per service: its plan, maybe another service's */
	double flush_deadline;		/* one bound for every FLUSH (reader.h) */
	struct ival *days;		/* the period's days when report_filter.days; else NULL */
	size_t ndays;
};

int report_archive_path(const struct config_archive *a, char *out, size_t outlen,
			char *err, size_t errlen)
{
	struct archive_opts o = ARCHIVE_OPTS_INIT;
	char why[NINES_ERRLEN];

	/* The same name the plugins write to, by the same function. */
	o.file = a->path;
	o.dir = a->dir;
	o.host = a->host;
	o.service = a->service;
	if (archive_path(&o, out, outlen, why, sizeof(why)) != 0) {
		snprintf(err, errlen, "cannot name the archive: %s", why);
		return -1;
	}
	return 0;
}

/*
 * The compliance windows of s inside [t0, t1).  Calendar windows cut by the period's ends
 * are kept, clipped (a report from the 15th still judges the rest of that month); rolling
 * windows only whole, since one cut at t0 would judge a few days as if they were N.  One
 * window equal to the period when not even one whole window fits.  Sets *out to a new
 * array (free()).
 */
static int plan_windows(const struct config_service *s, time_t t0, time_t t1,
			struct ival **out, size_t *n, char *err, size_t errlen)
{
	size_t whole;

	if (cal_windows(s->window, s->rolling_days, s->tz, t0, t1, s->window != CAL_ROLLING, out,
			n, &whole, err, errlen) != 0)
		return -1;
	if (whole == 0) {
		free(*out);
		if ((*out = malloc(sizeof(**out))) == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		(*out)[0] = (struct ival){ t0, t1 };
		*n = 1;
	}
	return 0;
}

/* The first service whose plan service i shares (same calendar, zone and windows); i if none. */
static size_t plan_twin(const struct report *r, size_t i)
{
	const struct config_service *a = r->services[i].cfg;

	for (size_t k = 0; k < i; k++) {
		const struct config_service *b = r->services[k].cfg;

		if (strcmp(a->calendar_name, b->calendar_name) == 0 && strcmp(a->tz, b->tz) == 0 &&
		    a->window == b->window && a->rolling_days == b->rolling_days)
			return k;
	}
	return i;
}

static int plan_make(const struct report *r, size_t i, struct plan *p, char *err, size_t errlen)
{
	const struct config_service *s = r->services[i].cfg;
	char msg[NINES_ERRLEN];

	if (plan_windows(s, r->t0, r->t1, &p->windows, &p->nwindows, msg, sizeof(msg)) != 0 ||
	    cal_intervals(s->calendar, r->t0, r->t1, &p->scope, msg, sizeof(msg)) != 0) {
		snprintf(err, errlen, "service '%s': %s", s->name, msg);
		return -1;
	}
	return 0;
}

static void set_error(struct report_service *rs, enum reader_status st, const char *msg)
{
	rs->status = st;
	rs->error = strdup(msg);
	if (rs->error == NULL)
		rs->error = strdup("out of memory");
}

/* dst = a deep copy of src (its own outages array); -1 with a message when out of memory. */
static int copy_result(struct sla_result *dst, const struct sla_result *src, char *err,
		       size_t errlen)
{
	*dst = *src;
	dst->outages = NULL;
	if (src->noutages == 0)
		return 0;
	dst->outages = malloc(src->noutages * sizeof(*dst->outages));
	if (dst->outages == NULL) {
		dst->noutages = 0;
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memcpy(dst->outages, src->outages, src->noutages * sizeof(*dst->outages));
	return 0;
}

static int evaluate(struct report_service *rs, const struct plan *p, const struct series *s,
		    time_t t0, time_t t1, char *err, size_t errlen)
{
	const struct config_service *c = rs->cfg;

	rs->windows = calloc(p->nwindows, sizeof(*rs->windows));
	if (rs->windows == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (size_t w = 0; w < p->nwindows; w++) {
		if (sla_evaluate(s, p->windows[w].start, p->windows[w].end, &p->scope, &c->policy,
				 &c->objective, &rs->windows[w], err, errlen) != 0)
			return -1;
		rs->nwindows++;
		rs->met = sla_met_and(rs->met, rs->windows[w].met);
		rs->latency_met = sla_met_and(rs->latency_met, rs->windows[w].latency_met);
		rs->verdict = sla_verdict_worse(rs->verdict, rs->windows[w].verdict);
		rs->njudged += rs->windows[w].verdict == SLA_MET ||
			       rs->windows[w].verdict == SLA_MISSED;
	}
	if (rs->verdict != SLA_MET && rs->verdict != SLA_MISSED)
		rs->met = rs->latency_met = -1;
	/* A period that is exactly one window (a month reported monthly) is not walked twice. */
	if (p->nwindows == 1 && p->windows[0].start == t0 && p->windows[0].end == t1)
		return copy_result(&rs->period, &rs->windows[0], err, errlen);
	return sla_evaluate(s, t0, t1, &p->scope, &c->policy, &c->objective, &rs->period, err,
			    errlen);
}

/*
 * The engine's result for each day, reduced to what the charts draw: computed here because
 * the series is released as soon as the service is evaluated.
 */
static int evaluate_days(struct report_service *rs, const struct plan *p,
			 const struct series *s, const struct ival *days, size_t ndays,
			 char *err, size_t errlen)
{
	const struct config_service *c = rs->cfg;
	struct sla_result d;

	if (ndays == 0)
		return 0;
	if ((rs->days = calloc(ndays, sizeof(*rs->days))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < ndays; i++) {
		struct report_day *o = &rs->days[i];

		if (sla_evaluate(s, days[i].start, days[i].end, &p->scope, &c->policy,
				 &c->objective, &d, err, errlen) != 0)
			return -1;
		*o = (struct report_day){
			.t0 = d.t0, .t1 = d.t1, .availability_percent = d.availability_percent,
			.in_scope = d.in_scope, .counted = d.counted, .down = d.down,
			.unmonitored = d.unmonitored, .coverage_percent = d.coverage_percent,
			.latency_value = d.latency_value, .verdict = d.verdict, .met = d.met,
			.noutages = d.noutages,
			.down_counted = d.counted > 0 && !isnan(d.availability_percent) ?
					d.counted * (1 - d.availability_percent / 100) : 0,
		};
		rs->ndays++;
		sla_result_release(&d);
	}
	return 0;
}

/* A composite's period outages attributed to its components (parts: their series). */
static int attribute(struct report_service *rs, const struct plan *p, const struct series *s,
		     struct series **parts, size_t nparts, char *err, size_t errlen)
{
	if (parts == NULL)
		return 0;
	if ((rs->attrib = calloc(1, sizeof(*rs->attrib))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return attrib_compute(s, (const struct series *const *)parts, nparts, &rs->period,
			      &p->scope, &rs->cfg->policy, rs->attrib, err, errlen);
}

/* One worker item: read, evaluate, release the series at once (only results are kept). */
static void run_one(void *ctx, size_t i)
{
	struct job *j = ctx;
	struct report_service *rs = &j->r->services[i];
	char err[NINES_ERRLEN];
	struct series *s = NULL, **parts = NULL;
	size_t nparts = 0;
	enum reader_status st;

	st = source_read_parts(j->r->config, rs->cfg, j->r->t0, j->r->t1, j->flush_deadline, &s,
			       &parts, &nparts, err, sizeof(err));
	if (st != READER_OK) {
		set_error(rs, st, err);
		return;
	}
	rs->step = s->n > 0 ? s->step : 0;
	rs->coarse = s->step > s->archive_step;
	/*
	 * Walked once for the period and once per day: indexed (the same results, faster;
	 * without memory for the index the walks are only slower).
	 */
	if (j->ndays > 0)
		(void)sla_index(s);
	if (evaluate(rs, j->plan_of[i], s, j->r->t0, j->r->t1, err, sizeof(err)) != 0 ||
	    evaluate_days(rs, j->plan_of[i], s, j->days, j->ndays, err, sizeof(err)) != 0 ||
	    attribute(rs, j->plan_of[i], s, parts, nparts, err, sizeof(err)) != 0)
		set_error(rs, READER_OK, err);
	source_parts_release(parts, nparts);
	series_release(s);
}

static const struct config_service *find_service(const struct config *c, const char *name)
{
	for (size_t i = 0; i < c->nservices; i++)
		if (strcmp(c->services[i].name, name) == 0)
			return &c->services[i];
	return NULL;
}

static int wanted(const struct report_filter *f, const char *name)
{
	if (f == NULL || f->services == NULL)
		return 1;
	for (size_t i = 0; i < f->nservices; i++)
		if (strcmp(f->services[i], name) == 0)
			return 1;
	return 0;
}

static int select_services(struct report *r, const struct report_filter *f, char *err,
			   size_t errlen)
{
	const struct config *c = r->config;

	for (size_t i = 0; f != NULL && f->services != NULL && i < f->nservices; i++)
		if (find_service(c, f->services[i]) == NULL) {
			snprintf(err, errlen, "no service named '%s' in '%s'", f->services[i],
				 c->file);
			return -1;
		}
	r->services = calloc(c->nservices ? c->nservices : 1, sizeof(*r->services));
	if (r->services == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < c->nservices; i++) {
		struct report_service *rs = &r->services[r->nservices];

		if (!wanted(f, c->services[i].name))
			continue;
		rs->cfg = &c->services[i];
		rs->name = rs->cfg->name;
		rs->target_percent = rs->cfg->objective.target_percent;
		rs->status = READER_OK;
		rs->met = rs->latency_met = -1;
		rs->verdict = SLA_NO_OBJECTIVE;
		sla_total_init(&rs->period, r->t0, r->t1);
		r->nservices++;
	}
	return 0;
}

static void service_release(struct report_service *rs)
{
	for (size_t w = 0; w < rs->nwindows; w++)
		sla_result_release(&rs->windows[w]);
	free(rs->windows);
	free(rs->days);
	attrib_release(rs->attrib);
	free(rs->attrib);
	sla_result_release(&rs->period);
	free(rs->error);
	memset(rs, 0, sizeof(*rs));
}

int report_attention(const struct report_service *rs)
{
	return rs->error != NULL || rs->verdict == SLA_MISSED ||
	       rs->verdict == SLA_INSUFFICIENT || rs->verdict == SLA_NO_DATA;
}

/* Totals and counts over every selected service, then --only-violations. */
static void summarise(struct report *r, const struct report_filter *f)
{
	enum sla_verdict worst = SLA_NO_OBJECTIVE;
	size_t k = 0;

	sla_total_init(&r->total, r->t0, r->t1);
	r->ntotal = r->nservices;
	for (size_t i = 0; i < r->nservices; i++) {
		struct report_service *rs = &r->services[i];

		if (rs->error != NULL) {
			r->nerrors++;
			rs->verdict = SLA_NO_DATA;
			continue;
		}
		sla_total_add(&r->total, &rs->period);
		worst = sla_verdict_worse(worst, rs->verdict);
		r->nmissed += rs->verdict == SLA_MISSED;
		r->nmet += rs->verdict == SLA_MET;
		r->ninsufficient += rs->verdict == SLA_INSUFFICIENT;
		r->nnodata += rs->verdict == SLA_NO_DATA;
		r->njudged += rs->njudged > 0;
	}
	/* The total's verdict is the services' (over their windows), not the whole period's. */
	r->total.verdict = worst;
	if (f == NULL || !f->only_violations)
		return;
	r->only_violations = 1;
	for (size_t i = 0; i < r->nservices; i++) {
		if (report_attention(&r->services[i]))
			r->services[k++] = r->services[i];
		else
			service_release(&r->services[i]);
	}
	r->nservices = k;
}

static void plans_release(struct plan *p, size_t n)
{
	for (size_t i = 0; p != NULL && i < n; i++) {
		ival_list_release(&p[i].scope);
		free(p[i].windows);
	}
	free(p);
}

int report_build(struct report *r, const struct config *c, const char *tz, time_t t0,
		 time_t t1, time_t now, const struct report_filter *f, int nthreads,
		 char *err, size_t errlen)
{
	struct job j;
	size_t nplans;
	int rc = 0;

	memset(r, 0, sizeof(*r));
	r->config = c;
	r->tz = tz != NULL && *tz != '\0' ? tz : "UTC";
	r->t0 = t0;
	r->t1 = t1;
	r->generated_at = now;
	sla_total_init(&r->total, t0, t1);
	if (t1 <= t0) {
		snprintf(err, errlen, "the period is empty");
		return -1;
	}
	if (select_services(r, f, err, errlen) != 0)
		return -1;
	j.r = r;
	j.days = NULL;
	j.ndays = 0;
	/* Days in the report's zone, planned here: calendar math is not for the workers. */
	if (f != NULL && f->days &&
	    cal_windows(CAL_DAY, 0, r->tz, t0, t1, 1, &j.days, &j.ndays, NULL, err, errlen) != 0) {
		report_release(r);
		return -1;
	}
	nplans = r->nservices;
	j.plans = calloc(nplans ? nplans : 1, sizeof(*j.plans));
	j.plan_of = calloc(nplans ? nplans : 1, sizeof(*j.plan_of));
	if (j.plans == NULL || j.plan_of == NULL) {
		snprintf(err, errlen, "out of memory");
		rc = -1;
	}
	/* Services of one calendar, zone and window kind (most of a config) share a plan. */
	for (size_t i = 0; rc == 0 && i < nplans; i++) {
		size_t k = plan_twin(r, i);

		j.plan_of[i] = k < i ? j.plan_of[k] : &j.plans[i];
		if (k == i)
			rc = plan_make(r, i, &j.plans[i], err, errlen);
	}
	if (rc == 0) {
		j.flush_deadline = mono_now() + READER_FLUSH_TOTAL;
		reader_pool_run(r->nservices, nthreads, run_one, &j);
		summarise(r, f);
	}
	plans_release(j.plans, nplans);
	free(j.plan_of);
	free(j.days);
	if (rc != 0)
		report_release(r);
	return rc;
}

void report_release(struct report *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nservices; i++)
		service_release(&r->services[i]);
	free(r->services);
	r->services = NULL;
	r->nservices = 0;
}
