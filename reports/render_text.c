#include "render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cal.h"
#include "perf.h"
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

static int name_width(const struct report *r)
{
	size_t w = strlen("service");
	char nm[CLEAN_BUF];

	for (size_t i = 0; i < r->nservices; i++)
		if (strlen(CLEAN(r->services[i].name, nm)) > w)
			w = strlen(nm);
	return (int)(w > 40 ? 40 : w);
}

static void table_row(FILE *out, int nw, const struct report_service *s)
{
	const struct sla_result *p = &s->period;
	char avail[32], target[32], down[32], used[32], credit[32], lat[160], nm[CLEAN_BUF];

	CLEAN(s->name, nm);
	if (s->error != NULL) {
		fprintf(out, "%-*s  %s\n", nw, nm, "ERROR (see below)");
		return;
	}
	pct(avail, sizeof(avail), p->availability_percent, 4);
	pct(target, sizeof(target), s->target_percent, 4);
	render_hms(p->down, down, sizeof(down));
	pct(used, sizeof(used), p->budget_consumed_percent, 1);
	pct(credit, sizeof(credit), p->credit_percent, 2);
	latency_cell(s, lat, sizeof(lat));
	fprintf(out, "%-*s  %12s  %9s  %-6s  %10s  %7zu  %11s  %6s  %s\n", nw, nm, avail,
		target, yes_no(s->met), down, p->noutages, used, credit, lat);
}

static void table(FILE *out, const struct report *r)
{
	int nw = name_width(r);
	char avail[32], down[32], used[32];

	fprintf(out, "%-*s  %12s  %9s  %-6s  %10s  %7s  %11s  %6s  %s\n", nw, "service",
		"availability", "target", "status", "down time", "outages", "budget used",
		"credit", "latency");
	for (size_t i = 0; i < r->nservices; i++)
		table_row(out, nw, &r->services[i]);
	pct(avail, sizeof(avail), r->total.availability_percent, 4);
	render_hms(r->total.down, down, sizeof(down));
	pct(used, sizeof(used), r->total.budget_consumed_percent, 1);
	fprintf(out, "\nTotal, time-weighted over %zu service%s (sum of up time / sum of counted "
		"time, not a mean of percentages): availability %s, down %s, %zu outage%s, "
		"budget used %s.\n", r->ntotal - r->nerrors, r->ntotal - r->nerrors == 1 ? "" : "s",
		avail, down, r->total.noutages, r->total.noutages == 1 ? "" : "s", used);
	fprintf(out, "%zu of %zu services missed an objective; %zu could not be read.%s\n",
		r->nmissed, r->ntotal, r->nerrors,
		r->only_violations ? " Only violations are listed." : "");
}

static void windows(FILE *out, const struct report *r)
{
	int any = 0;
	char a[64], b[64], avail[32], down[32], nm[CLEAN_BUF];

	for (size_t i = 0; i < r->nservices; i++) {
		const struct report_service *s = &r->services[i];

		if (s->nwindows < 2)
			continue;
		if (!any++)
			fprintf(out, "\nCompliance windows\n");
		fprintf(out, "  %s\n", CLEAN(s->name, nm));
		for (size_t w = 0; w < s->nwindows; w++) {
			const struct sla_result *x = &s->windows[w];

			cal_format(x->t0, r->tz, a, sizeof(a));
			cal_format(x->t1, r->tz, b, sizeof(b));
			pct(avail, sizeof(avail), x->availability_percent, 4);
			render_hms(x->down, down, sizeof(down));
			fprintf(out, "    %s .. %s  %12s  %-6s  down %s, %zu outage%s\n", a, b,
				avail, yes_no(x->met), down, x->noutages,
				x->noutages == 1 ? "" : "s");
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
		}
	}
}

static const char *counts_as(enum sla_count c)
{
	return c == SLA_EXCLUDED ? "excluded" : c == SLA_AS_UP ? "counted as up" : "counted as down";
}

static void policy(FILE *out, const struct report *r)
{
	char win[64], below[32], credit[32], nm[CLEAN_BUF], cal[CLEAN_BUF], tz[CLEAN_BUF];

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
		fprintf(out, "%s\n", c->ncredits ? "" : " none");
	}
}

static void coverage(FILE *out, const struct report *r)
{
	char un[32], share[32], note[256], nm[CLEAN_BUF], msg[CLEAN_BUF];

	fprintf(out, "\nData coverage\n");
	for (size_t i = 0; i < r->nservices; i++) {
		const struct report_service *s = &r->services[i];

		if (s->error != NULL) {
			fprintf(out, "  %s: no data: %s\n", CLEAN(s->name, nm), CLEAN(s->error, msg));
			continue;
		}
		render_hms(s->period.unmonitored, un, sizeof(un));
		pct(share, sizeof(share), s->period.in_scope > 0 ?
		    100 * s->period.unmonitored / s->period.in_scope : NAN, 2);
		render_coverage_note(r, s, note, sizeof(note));
		fprintf(out, "  %s: %s unmonitored (%s of in-scope time)%s%s\n", CLEAN(s->name, nm),
			un,
			share, *note ? "; " : "", note);
	}
}

int render_text(FILE *out, const struct report *r)
{
	char a[64], b[64], g[64], title[CLEAN_BUF];

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
	policy(out, r);
	coverage(out, r);
	return ferror(out) ? -1 : 0;
}
