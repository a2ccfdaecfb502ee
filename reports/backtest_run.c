#include "backtest_run.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mono.h"
#include "nines.h"
#include "period.h"
#include "rrdcached.h"
#include "report.h"
#include "source.h"
#include "window.h"

/* What the main thread works out before the workers start (cal_* sets TZ). */
struct plan {
	struct ival_list scope;
	struct ival *windows;
	size_t nwindows;
};

struct job {
	struct bt_report *r;
	const struct bt_history *h;
	struct plan *plans;
	const struct plan **plan_of;
	double flush_deadline;		/* one bound for every FLUSH (reader.h) */
};

/*
 * The whole windows of the history: from since, or the last `periods` before now, or every
 * window of the last BT_LOOKBACK_DAYS (trimmed later to the archive's first data).
 */
static int plan_make(const struct bt_setup *s, const struct bt_history *h, struct plan *p,
		     char *err, size_t errlen)
{
	time_t t0 = h->now - (time_t)BT_LOOKBACK_DAYS * 86400, day_end;
	char msg[NINES_ERRLEN];

	if (h->since != NULL) {
		if (period_parse(h->since, h->now, s->tz, &t0, &day_end, msg, sizeof(msg)) != 0)
			goto fail;
	} else if (h->periods > 0)
		t0 = h->now - (time_t)(h->periods + 1) * cal_window_max_days(s->window, s->rolling_days) *
			      (time_t)86400;
	if (cal_windows(s->window, s->rolling_days, s->tz, t0, h->now, 0, &p->windows,
			&p->nwindows, NULL, msg, sizeof(msg)) != 0)
		goto fail;
	if (h->periods > 0 && p->nwindows > (size_t)h->periods) {
		memmove(p->windows, p->windows + p->nwindows - (size_t)h->periods,
			(size_t)h->periods * sizeof(*p->windows));
		p->nwindows = (size_t)h->periods;
	}
	if (p->nwindows == 0) {
		snprintf(err, errlen, "service '%s': no whole window between the start of the "
			 "history and --now", s->name);
		return -1;
	}
	if (cal_intervals(s->calendar, p->windows[0].start, p->windows[p->nwindows - 1].end,
			  &p->scope, msg, sizeof(msg)) == 0)
		return 0;
fail:
	snprintf(err, errlen, "service '%s': %s", s->name, msg);
	return -1;
}

/* The first service whose plan service i shares (same calendar, zone and windows); i if none. */
static size_t plan_twin(const struct bt_report *r, size_t i)
{
	const struct bt_setup *a = &r->services[i].set;

	for (size_t k = 0; k < i; k++) {
		const struct bt_setup *b = &r->services[k].set;

		if (a->calendar == b->calendar && strcmp(a->tz, b->tz) == 0 &&
		    a->window == b->window && a->rolling_days == b->rolling_days)
			return k;
	}
	return i;
}

static void set_error(struct bt_service *bs, enum reader_status st, const char *msg)
{
	bs->status = st;
	free(bs->error);
	bs->error = strdup(msg);
	if (bs->error == NULL)
		bs->error = strdup("out of memory");
}

static time_t first_data(const struct series *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (!isnan(series_get(s, s->avail, i)))
			return s->start + (time_t)i * s->step;
	return 0;
}

/* Evaluates the windows [from, p->nwindows) of the plan: one engine call each. */
static int evaluate(struct bt_service *bs, const struct plan *p, size_t from,
		    const struct series *s, char *err, size_t errlen)
{
	size_t n = p->nwindows - from;

	if ((bs->windows = calloc(n ? n : 1, sizeof(*bs->windows))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (size_t w = 0; w < n; w++) {
		const struct ival *iv = &p->windows[from + w];
		struct bt_window *bw = &bs->windows[w];

		if (sla_evaluate(s, iv->start, iv->end, &p->scope, &bs->set.policy,
				 &bs->set.terms.objective, &bw->r, err, errlen) != 0)
			return -1;
		bs->nwindows++;
		bw->before_data = iv->start < bs->first_data;
	}
	return 0;
}

/* Alert replay over the windows: episodes at the objective's target, counted per window. */
static int alerts(struct bt_service *bs, const struct plan *p, const struct series *s,
		  struct bt_alert_levels *lv, char *err, size_t errlen)
{
	time_t t0 = bs->windows[0].r.t0, t1 = bs->windows[bs->nwindows - 1].r.t1;
	double target = bs->set.terms.objective.target_percent;

	if (bt_alert_replay(s, t0, t1, &p->scope, &bs->set.policy, bs->set.alerts,
			    bs->set.nalerts, lv, err, errlen) != 0)
		return -1;
	for (int k = 0; k < BT_NSEVERITIES && !isnan(target); k++) {
		size_t n = bt_alert_episodes(lv, (enum bt_severity)k, target, NULL, 0), w = 0;

		bs->episodes[k] = malloc((n ? n : 1) * sizeof(time_t));
		if (bs->episodes[k] == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		bs->nepisodes[k] = bt_alert_episodes(lv, (enum bt_severity)k, target,
						     bs->episodes[k], n);
		for (size_t e = 0; e < n; e++) {
			while (w < bs->nwindows && bs->windows[w].r.t1 < bs->episodes[k][e])
				w++;
			/* Evaluated at the end of a step: an episode at t belongs to (t0, t1]. */
			if (w < bs->nwindows)
				bs->windows[w].alerts[k]++;
		}
	}
	return 0;
}

static int judge(struct bt_service *bs, const struct bt_report *r,
		 const struct bt_alert_levels *lv, char *err, size_t errlen)
{
	bt_judge(bs->windows, bs->nwindows, &bs->set.terms);
	bt_summarise(bs->windows, bs->nwindows, &bs->set.terms, r->confidence, &bs->summary);
	if (r->ntargets == 0)
		return 0;
	if ((bs->sweep = calloc(r->ntargets, sizeof(*bs->sweep))) == NULL ||
	    bt_sweep(bs->windows, bs->nwindows, &bs->set.terms, lv, r->targets, r->ntargets,
		     bs->sweep) != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* A composite's windows attributed to its components (parts: their series), and the sum. */
static int attribute(struct bt_service *bs, const struct plan *p, const struct series *s,
		     struct series **parts, size_t nparts, char *err, size_t errlen)
{
	if (parts == NULL)
		return 0;
	if ((bs->attrib = calloc(bs->nwindows ? bs->nwindows : 1, sizeof(*bs->attrib))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (size_t w = 0; w < bs->nwindows; w++)
		if (attrib_compute(s, (const struct series *const *)parts, nparts,
				   &bs->windows[w].r, &p->scope, &bs->set.policy, &bs->attrib[w],
				   err, errlen) != 0)
			return -1;
	return attrib_sum(bs->attrib, bs->nwindows, nparts, &bs->attrib_total, err, errlen);
}

static int backtest_one(struct bt_service *bs, const struct bt_report *r, const struct plan *p,
			const struct bt_history *h, const struct series *s,
			struct series **parts, size_t nparts, char *err, size_t errlen)
{
	struct bt_alert_levels lv = { 0 };
	size_t from = 0;
	int rc;

	if ((bs->first_data = first_data(s)) == 0) {
		snprintf(err, errlen, "no data in any whole window of the history (is it "
			 "shorter than one window?)");
		return -1;
	}
	/*
	 * By default the history starts with the window holding the first data (the rows
	 * read are those of the windows, so some window ends after it).
	 */
	while (h->since == NULL && h->periods == 0 && p->windows[from].end <= bs->first_data)
		from++;
	if (evaluate(bs, p, from, s, err, errlen) != 0 ||
	    attribute(bs, p, s, parts, nparts, err, errlen) != 0)
		return -1;
	if (bs->set.alerts != NULL && alerts(bs, p, s, &lv, err, errlen) != 0)
		return -1;
	rc = judge(bs, r, bs->set.alerts != NULL ? &lv : NULL, err, errlen);
	bt_alert_levels_release(&lv);
	return rc;
}

/* One worker item: read, back-test, release the series at once. */
static void run_one(void *ctx, size_t i)
{
	struct job *j = ctx;
	struct bt_service *bs = &j->r->services[i];
	const struct plan *p = j->plan_of[i];
	char err[NINES_ERRLEN];
	struct series *s = NULL, **parts = NULL;
	size_t nparts = 0;
	enum reader_status st;

	st = source_read_parts(bs->set.config, bs->set.service, p->windows[0].start,
			       p->windows[p->nwindows - 1].end, j->flush_deadline, &s, &parts,
			       &nparts, err, sizeof(err));
	if (st != READER_OK) {
		set_error(bs, st, err);
		return;
	}
	bs->step = s->step;
	bs->coarse = s->step > s->archive_step;
	if (backtest_one(bs, j->r, p, j->h, s, parts, nparts, err, sizeof(err)) != 0)
		set_error(bs, READER_OK, err);
	source_parts_release(parts, nparts);
	series_release(s);
}

static void summarise(struct bt_report *r)
{
	struct bt_summary *t = &r->total;
	time_t t0 = 0, t1 = 0;

	for (size_t i = 0; i < r->nservices; i++) {
		const struct bt_service *bs = &r->services[i];

		if (bs->error == NULL && bs->nwindows > 0) {
			t0 = t0 == 0 || bs->windows[0].r.t0 < t0 ? bs->windows[0].r.t0 : t0;
			t1 = bs->windows[bs->nwindows - 1].r.t1 > t1 ?
			     bs->windows[bs->nwindows - 1].r.t1 : t1;
		}
	}
	memset(t, 0, sizeof(*t));
	t->worst = (size_t)-1;
	t->recommended = t->min = t->median = t->p10 = NAN;
	t->recommended_window = (size_t)-1;
	t->chronic_at_end = -1;
	t->credit_percent = t->reward_percent = NAN;
	t->confidence = r->confidence;
	sla_total_init(&t->total, t0, t1);
	for (size_t i = 0; i < r->nservices; i++) {
		const struct bt_service *bs = &r->services[i];
		const struct bt_summary *s = &bs->summary;

		if (bs->error != NULL) {
			r->nerrors++;
			continue;
		}
		t->n += s->n;
		t->met += s->met;
		t->missed += s->missed;
		t->insufficient += s->insufficient;
		t->unknown += s->unknown;
		t->chronic_triggers += s->chronic_triggers;
		for (int k = 0; k < BT_NSEVERITIES; k++)
			t->alerts[k] += s->alerts[k];
		if (!isnan(s->credit_money)) {
			r->money = 1;
			t->credit_money = s->credit_money + (isnan(t->credit_money) ? 0 : t->credit_money);
			t->reward_money = s->reward_money + (isnan(t->reward_money) ? 0 : t->reward_money);
		}
		sla_total_add(&t->total, &s->total);
	}
	if (!r->money)
		t->credit_money = t->reward_money = NAN;
}

static void plans_release(struct plan *p, size_t n)
{
	for (size_t i = 0; p != NULL && i < n; i++) {
		ival_list_release(&p[i].scope);
		free(p[i].windows);
	}
	free(p);
}

int bt_report_build(struct bt_report *r, const struct bt_setup *set, size_t n,
		    const struct bt_history *h, double confidence, const double *targets,
		    size_t ntargets, int nthreads, char *err, size_t errlen)
{
	struct job j = { r, h, NULL, NULL, mono_now() + READER_FLUSH_TOTAL };
	int rc = 0;

	memset(r, 0, sizeof(*r));
	r->generated_at = h->now;
	r->confidence = confidence;
	r->targets = ntargets > 0 ? targets : NULL;
	r->ntargets = ntargets;
	r->services = calloc(n ? n : 1, sizeof(*r->services));
	j.plans = calloc(n ? n : 1, sizeof(*j.plans));
	j.plan_of = calloc(n ? n : 1, sizeof(*j.plan_of));
	if (r->services == NULL || j.plans == NULL || j.plan_of == NULL) {
		snprintf(err, errlen, "out of memory");
		rc = -1;
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		r->services[i].set = set[i];
		r->services[i].status = READER_OK;
		r->alerts |= set[i].alerts != NULL;
		r->nservices++;
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		size_t k = plan_twin(r, i);

		j.plan_of[i] = k < i ? j.plan_of[k] : &j.plans[i];
		if (k == i)
			rc = plan_make(&set[i], h, &j.plans[i], err, errlen);
	}
	if (rc == 0) {
		reader_pool_run(n, nthreads, run_one, &j);
		summarise(r);
	}
	plans_release(j.plans, n);
	free(j.plan_of);
	if (rc != 0)
		bt_report_release(r);
	return rc;
}

void bt_report_release(struct bt_report *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nservices; i++) {
		struct bt_service *bs = &r->services[i];

		for (size_t w = 0; w < bs->nwindows; w++) {
			sla_result_release(&bs->windows[w].r);
			if (bs->attrib != NULL)
				attrib_release(&bs->attrib[w]);
		}
		free(bs->windows);
		free(bs->attrib);
		attrib_release(&bs->attrib_total);
		for (int k = 0; k < BT_NSEVERITIES; k++)
			free(bs->episodes[k]);
		free(bs->sweep);
		free(bs->error);
	}
	free(r->services);
	r->services = NULL;
	r->nservices = 0;
}
