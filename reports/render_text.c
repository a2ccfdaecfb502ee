#include "render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cal.h"
#include "perf.h"
#include "render_attrib.h"
#include "render_fmt.h"

/*
 * Plain text for terminals and mail bodies: a table, then outages, policy and coverage.
 * Every string from the config, the command line or the file system goes through
 * render_text_clean(): a newline in a name must not write a row of its own.
 */

/* Room for a cleaned name or message (an escape is at most 8 bytes per input byte). */
#define CLEAN_BUF 2048
#define CLEAN(s, buf) render_text_clean((s), (buf), sizeof(buf))

static const char *yes_no(int met)
{
	return met == 1 ? "met" : met == 0 ? "MISSED" : "-";
}

/* A verdict as the status column says it; only a miss shouts. */
static const char *verdict_text(enum sla_verdict v)
{
	static const char *const words[] = {
		[SLA_NO_OBJECTIVE] = "-", [SLA_NO_DATA] = "no data", [SLA_MET] = "met",
		[SLA_INSUFFICIENT] = "insufficient data", [SLA_MISSED] = "MISSED",
	};

	return (unsigned)v < sizeof(words) / sizeof(words[0]) ? words[v] : "?";
}

static void pct(char *buf, size_t len, double v, int decimals)
{
	char n[24];

	if (!isfinite(v) || perf_number(n, sizeof(n), v, decimals) < 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%s%%", n);
}

static void latency_cell(const struct report_service *s, char *buf, size_t len)
{
	const struct sla_objective *o = &s->cfg->objective;
	char obj[64], v[64];
	double x = s->period.latency_value;

	render_latency_text(o, obj, sizeof(obj));
	if (o->latency == SLA_LATENCY_NONE) {
		snprintf(buf, len, "-");
		return;
	}
	if (!isfinite(x))
		snprintf(v, sizeof(v), "no data");
	else if (o->latency == SLA_LATENCY_PERCENTILE)
		snprintf(v, sizeof(v), "%.1fms", x * 1000);
	else
		snprintf(v, sizeof(v), "%.2f%%", x);
	snprintf(buf, len, "%s (%s) %s", v, obj, yes_no(s->latency_met));
}

/* Column widths that depend on the services listed; credits only when a service has tiers. */
struct cols {
	int name, status, credit;
};

static struct cols columns(const struct report *r)
{
	struct cols c = { (int)strlen("service"), (int)strlen("status"), 0 };
	char nm[CLEAN_BUF];

	for (size_t i = 0; i < r->nservices; i++) {
		const struct report_service *s = &r->services[i];
		int n = (int)strlen(CLEAN(s->name, nm)), v = (int)strlen(verdict_text(s->verdict));

		c.name = n > c.name ? n : c.name;
		c.status = s->error == NULL && v > c.status ? v : c.status;
		c.credit |= s->cfg->ncredits > 0;
	}
	c.name = c.name > 40 ? 40 : c.name;
	return c;
}

static void table_row(FILE *out, const struct cols *c, const struct report_service *s)
{
	const struct sla_result *p = &s->period;
	char avail[32], target[32], cov[32], down[32], maint[32], used[32], credit[32] = "";
	char lat[160], nm[CLEAN_BUF];

	CLEAN(s->name, nm);
	if (s->error != NULL) {
		fprintf(out, "%-*s  %s\n", c->name, nm, "ERROR (see below)");
		return;
	}
	pct(avail, sizeof(avail), p->availability_percent, 4);
	pct(target, sizeof(target), s->target_percent, 4);
	pct(cov, sizeof(cov), p->coverage_percent, 2);
	render_hms(p->down, down, sizeof(down));
	render_hms(p->maintenance, maint, sizeof(maint));
	pct(used, sizeof(used), p->budget_consumed_percent, 1);
	/* Without tiers there is no credit to speak of, not a credit of 0 %. */
	if (s->cfg->ncredits > 0)
		pct(credit, sizeof(credit), p->credit_percent, 2);
	latency_cell(s, lat, sizeof(lat));
	fprintf(out, "%-*s  %12s  %9s  %-*s  %8s  %10s  %11s  %7zu  %11s  ", c->name, nm,
		avail, target, c->status, verdict_text(s->verdict), cov, down, maint,
		p->noutages, used);
	if (c->credit)
		fprintf(out, "%6s  ", credit);
	fprintf(out, "%s\n", lat);
}

/* "2 of 9 services missed an objective, 5 met, 1 insufficient data, 1 no data; ..." */
static void counts(FILE *out, const struct report *r)
{
	fprintf(out, "%zu of %zu services missed an objective, %zu met", r->nmissed, r->ntotal,
		r->nmet);
	if (r->ninsufficient > 0)
		fprintf(out, ", %zu insufficient data (a window with less data than min_coverage, "
			"or without any: neither met nor missed)", r->ninsufficient);
	if (r->nnodata > 0)
		fprintf(out, ", %zu no data in the period", r->nnodata);
	fprintf(out, "; %zu could not be read.%s\n", r->nerrors,
		r->only_violations ? " Only services that need attention are listed." : "");
}

static void table(FILE *out, const struct report *r)
{
	struct cols c = columns(r);
	char avail[32], down[32], maint[32], used[32], cov[32];

	fprintf(out, "%-*s  %12s  %9s  %-*s  %8s  %10s  %11s  %7s  %11s  ", c.name, "service",
		"availability", "target", c.status, "status", "coverage", "down time",
		"maintenance", "outages", "budget used");
	if (c.credit)
		fprintf(out, "%6s  ", "credit");
	fprintf(out, "%s\n", "latency");
	for (size_t i = 0; i < r->nservices; i++)
		table_row(out, &c, &r->services[i]);
	pct(avail, sizeof(avail), r->total.availability_percent, 4);
	render_hms(r->total.down, down, sizeof(down));
	render_hms(r->total.maintenance, maint, sizeof(maint));
	pct(used, sizeof(used), r->total.budget_consumed_percent, 1);
	pct(cov, sizeof(cov), r->total.coverage_percent, 2);
	fprintf(out, "\nTotal, time-weighted over %zu service%s (sum of up time / sum of counted "
		"time, not a mean of percentages): availability %s, down %s, %zu outage%s, "
		"maintenance %s, budget used %s, coverage %s.\n", r->ntotal - r->nerrors,
		r->ntotal - r->nerrors == 1 ? "" : "s", avail, down, r->total.noutages,
		r->total.noutages == 1 ? "" : "s", maint, used, cov);
	counts(out, r);
}

static void windows(FILE *out, const struct report *r)
{
	int any = 0;
	char a[64], b[64], avail[32], down[32], maint[32], cov[32], nm[CLEAN_BUF];

	for (size_t i = 0; i < r->nservices; i++) {
		const struct report_service *s = &r->services[i];

		if (s->nwindows < 2)
			continue;
		int vw = (int)strlen("MISSED");

		if (!any++)
			fprintf(out, "\nCompliance windows\n");
		fprintf(out, "  %s\n", CLEAN(s->name, nm));
		for (size_t w = 0; w < s->nwindows; w++)
			if ((int)strlen(verdict_text(s->windows[w].verdict)) > vw)
				vw = (int)strlen(verdict_text(s->windows[w].verdict));
		for (size_t w = 0; w < s->nwindows; w++) {
			const struct sla_result *x = &s->windows[w];

			cal_format(x->t0, r->tz, a, sizeof(a));
			cal_format(x->t1, r->tz, b, sizeof(b));
			pct(avail, sizeof(avail), x->availability_percent, 4);
			pct(cov, sizeof(cov), x->coverage_percent, 2);
			render_hms(x->down, down, sizeof(down));
			render_hms(x->maintenance, maint, sizeof(maint));
			fprintf(out, "    %s .. %s  %12s  %-*s  coverage %s, down %s, %zu outage%s, "
				"maintenance %s\n", a, b, avail, vw, verdict_text(x->verdict), cov,
				down, x->noutages, x->noutages == 1 ? "" : "s", maint);
		}
	}
}

static void outages(FILE *out, const struct report *r)
{
	char a[64], b[64], d[32], nm[CLEAN_BUF];

	fprintf(out, "\nOutages (local time, %s)\n", CLEAN(r->tz, nm));
	for (size_t i = 0; i < r->nservices; i++) {
		const struct report_service *s = &r->services[i];

		if (s->error != NULL)
			continue;
		fprintf(out, "  %s:%s\n", CLEAN(s->name, nm), s->period.noutages ? "" : " none");
		for (size_t k = 0; k < s->period.noutages; k++) {
			const struct sla_outage *o = &s->period.outages[k];

			cal_format(o->start, r->tz, a, sizeof(a));
			cal_format(o->end, r->tz, b, sizeof(b));
			render_hms((double)(o->end - o->start), d, sizeof(d));
			fprintf(out, "    %s .. %s  %10s\n", a, b, d);
			if (s->attrib != NULL)
				render_attrib_line_text(out, "      ", "components", s->cfg,
							&s->attrib->outages[k]);
		}
	}
}

/* Each composite's down time by component; nothing when the report has no composite. */
static void attribution(FILE *out, const struct report *r)
{
	char d[32], rule[32], nm[CLEAN_BUF];
	int any = 0;

	for (size_t i = 0; i < r->nservices; i++) {
		const struct report_service *s = &r->services[i];

		if (s->error != NULL || s->attrib == NULL)
			continue;
		if (!any++)
			fprintf(out, "\nDown time by component (composites; %s)\n",
				render_attrib_explained);
		render_hms(s->attrib->total.down, d, sizeof(d));
		render_rule_text(s->cfg, rule, sizeof(rule));
		fprintf(out, "  %s (%s of its components): %s down in %zu outage%s\n",
			CLEAN(s->name, nm), rule, d, s->attrib->noutages,
			s->attrib->noutages == 1 ? "" : "s");
		render_attrib_table_text(out, "    ", s->cfg, &s->attrib->total);
	}
}

static const char *counts_as(enum sla_count c)
{
	return c == SLA_EXCLUDED ? "excluded" : c == SLA_AS_UP ? "counted as up" : "counted as down";
}

static void policy(FILE *out, const struct report *r)
{
	char win[64], below[32], credit[32], cov[32], nm[CLEAN_BUF], cal[CLEAN_BUF], tz[CLEAN_BUF];

	fprintf(out, "\nPolicy\n");
	for (size_t i = 0; i < r->nservices; i++) {
		const struct config_service *c = r->services[i].cfg;
		const struct sla_policy *p = &c->policy;

		cal_window_format(c->window, c->rolling_days, win, sizeof(win));
		fprintf(out, "  %s: calendar %s in %s, %s windows; maintenance %s, unmonitored "
			"time %s, WARNING %s; outages split by less than %ld s merged, outages "
			"shorter than %ld s ignored; credits:", CLEAN(c->name, nm),
			CLEAN(c->calendar_name, cal), CLEAN(c->tz, tz),
			win, counts_as(p->maintenance), counts_as(p->unmonitored),
			counts_as(p->warning), p->merge_gap, p->ignore_shorter);
		for (size_t k = 0; k < c->ncredits; k++) {
			pct(below, sizeof(below), c->credits[k].below_percent, 4);
			pct(credit, sizeof(credit), c->credits[k].credit_percent, 2);
			fprintf(out, "%s below %s owes %s", k ? "," : "", below, credit);
		}
		fprintf(out, "%s", c->ncredits ? "" : " none");
		pct(cov, sizeof(cov), c->objective.min_coverage_percent, 2);
		if (c->objective.min_coverage_percent > 0)
			fprintf(out, "; windows with data for less than %s of their in-scope "
				"time are insufficient data", cov);
		fputc('\n', out);
	}
}

/* "; 1 of 3 windows below min_coverage 90%" when windows were not judged for want of data. */
static void insufficient_windows(FILE *out, const struct report_service *s)
{
	size_t n = 0;
	char cov[32];

	for (size_t w = 0; w < s->nwindows; w++)
		n += s->windows[w].verdict == SLA_INSUFFICIENT;
	if (n == 0)
		return;
	pct(cov, sizeof(cov), s->cfg->objective.min_coverage_percent, 2);
	fprintf(out, "; %zu of %zu window%s below min_coverage %s", n, s->nwindows,
		s->nwindows == 1 ? "" : "s", cov);
}

static void coverage(FILE *out, const struct report *r)
{
	char un[32], share[32], note[256], nm[CLEAN_BUF], msg[CLEAN_BUF];

	fprintf(out, "\nData coverage\n");
	for (size_t i = 0; i < r->nservices; i++) {
		const struct report_service *s = &r->services[i];

		if (s->error != NULL) {
			/* "no data" is a verdict; this is the table's "ERROR (see below)". */
			fprintf(out, "  %s: ERROR: %s\n", CLEAN(s->name, nm), CLEAN(s->error, msg));
			continue;
		}
		render_hms(s->period.unmonitored, un, sizeof(un));
		pct(share, sizeof(share), s->period.in_scope > 0 ?
		    100 * s->period.unmonitored / s->period.in_scope : NAN, 2);
		render_coverage_note(r, s, note, sizeof(note));
		fprintf(out, "  %s: %s unmonitored (%s of in-scope time)", CLEAN(s->name, nm), un,
			share);
		insufficient_windows(out, s);
		fprintf(out, "%s%s\n", *note ? "; " : "", note);
	}
}

int render_text(FILE *out, const struct report *r)
{
	char a[64], b[64], g[64], title[CLEAN_BUF];

	/* Nothing needs attention: no text, so that a cron job mails nothing. */
	if (r->only_violations && r->nservices == 0)
		return 0;
	cal_format(r->t0, r->tz, a, sizeof(a));
	cal_format(r->t1, r->tz, b, sizeof(b));
	cal_format(r->generated_at, r->tz, g, sizeof(g));
	fprintf(out, "%s\n", CLEAN(r->config->title, title));
	fprintf(out, "Period:    %s .. %s (epoch %lld..%lld, end exclusive)\n", a, b,
		(long long)r->t0, (long long)r->t1);
	fprintf(out, "Generated: %s (epoch %lld)\n\n", g, (long long)r->generated_at);
	table(out, r);
	windows(out, r);
	outages(out, r);
	attribution(out, r);
	policy(out, r);
	coverage(out, r);
	return ferror(out) ? -1 : 0;
}
