#include "render_backtest.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cal.h"
#include "perf.h"
#include "render_attrib.h"
#include "render_fmt.h"
#include "report.h"
#include "window.h"

/*
 * Plain text: per service its proposed SLA, one line per window, the summary, the alert
 * start times and the sweep; then the total over services.
 */

static const char *verdict_word(enum sla_verdict v)
{
	return v == SLA_MET ? "met" : v == SLA_MISSED ? "MISSED" :
	       v == SLA_INSUFFICIENT ? "insuff" : "-";
}

static void pct(char *buf, size_t len, double v, int decimals)
{
	char n[24];

	if (!isfinite(v) || perf_number(n, sizeof(n), v, decimals) < 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%s%%", n);
}

/* Seconds as [-]h:mm:ss. */
static void signed_hms(double s, char *buf, size_t len)
{
	char h[24];

	render_hms(fabs(s), h, sizeof(h));
	snprintf(buf, len, "%s%s", isfinite(s) && llround(s) < 0 ? "-" : "", h);
}

static void day(time_t t, const char *tz, char *buf, size_t len)
{
	char full[64];

	if (cal_format(t, tz, full, sizeof(full)) != 0)
		snprintf(full, sizeof(full), "@%lld", (long long)t);
	snprintf(buf, len, "%.10s", full);
}

void render_backtest_policy(const struct sla_policy *p, char *buf, size_t len)
{
	snprintf(buf, len, "maintenance=%s unmonitored=%s warning=%s merge_within=%ld "
		 "ignore_shorter=%ld", sla_count_name(p->maintenance),
		 sla_count_name(p->unmonitored), sla_count_name(p->warning), p->merge_gap,
		 p->ignore_shorter);
}

static void terms(FILE *out, const struct bt_service *bs)
{
	const struct bt_setup *s = &bs->set;
	const struct sla_objective *o = &s->terms.objective;
	char buf[256], a[32], b[32], win[32];

	pct(a, sizeof(a), o->target_percent, 6);
	render_latency_text(o, buf, sizeof(buf));
	cal_window_format(s->window, s->rolling_days, win, sizeof(win));
	fprintf(out, "  objective: availability %s%s%s; window %s; calendar %s; zone %s\n", a,
		buf[0] ? ", latency " : "", buf, win, s->calendar_name, s->tz);
	render_backtest_policy(&s->policy, buf, sizeof(buf));
	fprintf(out, "  policy: %s\n", buf);
	fputs("  credits:", out);
	for (size_t i = 0; i < o->ncredits; i++) {
		pct(a, sizeof(a), o->credits[i].below_percent, 6);
		pct(b, sizeof(b), o->credits[i].credit_percent, 6);
		fprintf(out, " below %s: %s%s", a, b, i + 1 < o->ncredits ? "," : "");
	}
	fputs(o->ncredits ? "" : " none", out);
	fputs("; rewards:", out);
	for (size_t i = 0; i < s->terms.nrewards; i++) {
		pct(a, sizeof(a), s->terms.rewards[i].at_percent, 6);
		pct(b, sizeof(b), s->terms.rewards[i].bonus_percent, 6);
		fprintf(out, " at %s: %s%s", a, b, i + 1 < s->terms.nrewards ? "," : "");
	}
	fputs(s->terms.nrewards ? "" : " none", out);
	if (!isnan(s->terms.bill) && perf_number(a, sizeof(a), s->terms.bill, 2) >= 0)
		fprintf(out, "; bill %s per window", a);
	if (s->terms.chronic.of > 0)
		fprintf(out, "; chronic breach %d of %d", s->terms.chronic.missed,
			s->terms.chronic.of);
	fputs("\n  alerts:", out);
	for (size_t i = 0; i < s->nalerts; i++) {
		render_hms((double)s->alerts[i].long_s, a, sizeof(a));
		render_hms((double)s->alerts[i].short_s, b, sizeof(b));
		fprintf(out, " %s %gx %s/%s%s", bt_severity_name(s->alerts[i].severity),
			s->alerts[i].factor, a, b, i + 1 < s->nalerts ? "," : "");
	}
	fputs(s->alerts == NULL ? " off\n" : "\n", out);
}

static void window_line(FILE *out, const struct bt_service *bs, const struct bt_window *w,
			const char *tz)
{
	const struct sla_result *r = &w->r;
	char d[16], av[32], lat[32], margin[32], used[32], longest[32], cr[32], rw[32], cov[32];

	day(r->t0, tz, d, sizeof(d));
	pct(av, sizeof(av), r->availability_percent, 5);
	if (bs->set.terms.objective.latency == SLA_LATENCY_PERCENTILE && isfinite(r->latency_value))
		snprintf(lat, sizeof(lat), "%.1fms", r->latency_value * 1000);
	else
		pct(lat, sizeof(lat), r->latency_value, 2);
	signed_hms(r->budget_remaining, margin, sizeof(margin));
	pct(used, sizeof(used), r->budget_consumed_percent, 1);
	render_hms(r->longest_outage, longest, sizeof(longest));
	pct(cr, sizeof(cr), r->credit_percent, 2);
	pct(rw, sizeof(rw), w->reward_percent, 2);
	pct(cov, sizeof(cov), r->coverage_percent, 1);
	fprintf(out, "  %-10s %11s %9s %-6s %11s %8s %7zu %9s %7s %7s %7s %5zu %7zu %s%s\n", d,
		av, lat, verdict_word(r->verdict), margin, used, r->noutages, longest, cr, rw,
		cov, w->alerts[BT_PAGE], w->alerts[BT_TICKET], w->before_data ? " before-data" : "",
		w->chronic ? " CHRONIC" : "");
}

static void summary(FILE *out, const struct bt_service *bs, const char *tz)
{
	const struct bt_summary *s = &bs->summary;
	char a[32], b[32], c[32], d[16], money[80] = "";

	fprintf(out, "  met in %zu of %zu windows (missed %zu, insufficient data %zu, no data %zu)",
		s->met, s->n, s->missed, s->insufficient, s->unknown);
	if (s->worst != (size_t)-1) {
		day(bs->windows[s->worst].r.t0, tz, d, sizeof(d));
		pct(a, sizeof(a), bs->windows[s->worst].r.availability_percent, 5);
		fprintf(out, "; worst %s at %s", d, a);
	}
	pct(a, sizeof(a), s->credit_percent, 2);
	pct(b, sizeof(b), s->reward_percent, 2);
	if (!isnan(s->credit_money) && perf_number(c, sizeof(c), s->credit_money, 2) >= 0) {
		char e[32];

		perf_number(e, sizeof(e), s->reward_money, 2);
		snprintf(money, sizeof(money), " (%s / %s)", c, e);
	}
	fprintf(out, "\n  credits %s, rewards %s of one window's bill in total%s\n", a, b, money);
	pct(a, sizeof(a), s->min, 5);
	pct(b, sizeof(b), s->median, 5);
	pct(c, sizeof(c), s->p10, 5);
	fprintf(out, "  attained: min %s, median %s, p10 %s\n", a, b, c);
	pct(a, sizeof(a), s->recommended, 5);
	if (s->recommended_window != (size_t)-1)
		day(bs->windows[s->recommended_window].r.t0, tz, d, sizeof(d));
	fprintf(out, "  recommended target: %s (met in at least %zu of %zu windows, confidence %g%s%s)\n",
		a, s->need, s->nknown, s->confidence,
		s->recommended_window != (size_t)-1 ? ", from " : "",
		s->recommended_window != (size_t)-1 ? d : "");
	if (s->chronic_at_end >= 0) {
		fprintf(out, "  chronic breach: triggered at %zu windows", s->chronic_triggers);
		for (size_t i = 0; i < bs->nwindows; i++)
			if (bs->windows[i].chronic) {
				day(bs->windows[i].r.t0, tz, d, sizeof(d));
				fprintf(out, " %s", d);
			}
		fprintf(out, "; at the end: %s\n", s->chronic_at_end ? "TRIGGERED" : "no");
	}
}

static void episodes(FILE *out, const struct bt_service *bs, const char *tz)
{
	char when[64];

	if (bs->set.alerts == NULL)
		return;
	for (int k = 0; k < BT_NSEVERITIES; k++) {
		fprintf(out, "  %ss: %zu", bt_severity_name((enum bt_severity)k), bs->nepisodes[k]);
		for (size_t e = 0; e < bs->nepisodes[k]; e++) {
			cal_format(bs->episodes[k][e], tz, when, sizeof(when));
			fprintf(out, "%s%s", e == 0 ? ": " : ", ", when);
		}
		fputc('\n', out);
	}
}

static void sweep(FILE *out, const struct bt_report *r, const struct bt_service *bs)
{
	char t[32], cr[32], rw[32];

	if (bs->sweep == NULL)
		return;
	fprintf(out, "  sweep:\n  %12s %5s %6s %7s %7s %9s %9s %6s %7s %7s\n", "target", "met",
		"missed", "insuff", "no data", "credits", "rewards", "pages", "tickets", "chronic");
	for (size_t j = 0; j < r->ntargets; j++) {
		const struct bt_sweep_row *w = &bs->sweep[j];

		pct(t, sizeof(t), w->target, 6);
		pct(cr, sizeof(cr), w->credit_percent, 2);
		pct(rw, sizeof(rw), w->reward_percent, 2);
		fprintf(out, "  %12s %5zu %6zu %7zu %7zu %9s %9s %6zu %7zu %7zu\n", t, w->met,
			w->missed, w->insufficient, w->unknown, cr, rw, w->alerts[BT_PAGE], w->alerts[BT_TICKET], w->chronic);
	}
}

/* A composite's down time by component: over the history, then window by window. */
static void attribution(FILE *out, const struct bt_service *bs, const char *tz)
{
	const struct config_service *c = bs->set.service;
	char rule[32], d[16];

	if (bs->attrib == NULL)
		return;
	render_rule_text(c, rule, sizeof(rule));
	fprintf(out, "  down time by component (%s of them; %s):\n", rule, render_attrib_explained);
	render_attrib_table_text(out, "  ", c, &bs->attrib_total.total);
	for (size_t i = 0; i < bs->nwindows; i++) {
		if (!(bs->attrib[i].total.down > 0))
			continue;
		day(bs->windows[i].r.t0, tz, d, sizeof(d));
		render_attrib_line_text(out, "  ", d, c, &bs->attrib[i].total);
	}
}

static void service(FILE *out, const struct bt_report *r, const struct bt_service *bs)
{
	const char *tz = bs->set.tz;

	fprintf(out, "\nservice %s\n", bs->set.name);
	terms(out, bs);
	if (bs->error != NULL) {
		fprintf(out, "  ERROR: %s\n", bs->error);
		return;
	}
	if (bs->coarse)
		fprintf(out, "  computed from %ld-second rows (the per-check rows do not reach back)\n",
			bs->step);
	fprintf(out, "  %-10s %11s %9s %-6s %11s %8s %7s %9s %7s %7s %7s %5s %7s\n", "window",
		"avail", "latency", "result", "margin", "budget", "outages", "longest", "credit",
		"reward", "cover", "pages", "tickets");
	for (size_t i = 0; i < bs->nwindows; i++)
		window_line(out, bs, &bs->windows[i], tz);
	summary(out, bs, tz);
	attribution(out, bs, tz);
	episodes(out, bs, tz);
	sweep(out, r, bs);
}

int render_backtest_text(FILE *out, const struct bt_report *r)
{
	const struct bt_summary *t = &r->total;
	char when[64], a[32], b[32];

	cal_format(r->generated_at, r->tz, when, sizeof(when));
	fprintf(out, "SLA back-test: %s\ngenerated %s; margin = error budget left (negative: "
		"over); totals are time-weighted\n", r->title ? r->title : "", when);
	for (size_t i = 0; i < r->nservices; i++)
		service(out, r, &r->services[i]);
	pct(a, sizeof(a), t->total.availability_percent, 5);
	fprintf(out, "\ntotal over %zu services (%zu could not be read): met in %zu of %zu windows "
		"(missed %zu, insufficient data %zu, no data %zu), availability %s", r->nservices,
		r->nerrors, t->met, t->n, t->missed, t->insufficient, t->unknown, a);
	if (r->money && perf_number(a, sizeof(a), t->credit_money, 2) >= 0 &&
	    perf_number(b, sizeof(b), t->reward_money, 2) >= 0)
		fprintf(out, ", credits %s, rewards %s", a, b);
	if (r->alerts)
		fprintf(out, ", %zu pages, %zu tickets", t->alerts[BT_PAGE], t->alerts[BT_TICKET]);
	fputs("\n", out);
	return ferror(out) ? -1 : 0;
}
