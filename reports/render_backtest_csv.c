#include "render_backtest.h"

#include <math.h>
#include <stdio.h>

#include "perf.h"
#include "render_attrib.h"
#include "render_fmt.h"

/*
 * One header, then rows whose `record` column says what they are: `window` (one per
 * service and window), `summary` (one per service; the service column empty for the
 * total over services), `sweep` (one per service and candidate target), `alert` (one
 * per alert episode) and, only when a composite is back-tested, `attribution` (its down
 * time by component: one per component and window, then one per component over the
 * history with window_start/window_end of the whole history and the columns from
 * `component` on, which only such a file has).  Columns a record does not have are empty.  RFC 4180: CRLF line
 * ends, fields quoted when they hold a comma, quote, CR or LF.
 */

enum col {
	C_RECORD, C_SERVICE, C_WSTART, C_WEND, C_BEFORE, C_TARGET, C_AVAIL, C_LATENCY, C_MET,
	C_VERDICT,
	C_MARGIN, C_BUDGET, C_OUTAGES, C_LONGEST, C_CREDIT, C_REWARD, C_COVER, C_PAGES,
	C_TICKETS, C_CHRONIC, C_NWIN, C_NMET, C_NMISSED, C_NINSUFFICIENT, C_NUNKNOWN, C_CREDIT_MONEY,
	C_REWARD_MONEY, C_MIN, C_MEDIAN, C_P10, C_RECOMMENDED, C_REC_WINDOW, C_SEVERITY,
	C_ALERT_START, C_ERROR, NCOLS_BASE,
	C_COMPONENT = NCOLS_BASE, C_COMPOSITE_DOWN, C_COMPONENT_DOWN, C_SHARE, C_COMPONENT_MAINT,
	C_COMPONENT_UNMON, C_NO_COMPONENT_DOWN, NCOLS
};

static const char *const names[NCOLS] = {
	"record", "service", "window_start", "window_end", "before_data", "target_percent",
	"availability_percent", "latency_value", "met", "verdict", "margin_seconds",
	"budget_consumed_percent", "outage_count", "longest_outage_seconds", "credit_percent",
	"reward_percent", "coverage_percent", "pages", "tickets", "chronic_breach", "windows",
	"windows_met", "windows_missed", "windows_insufficient_data", "windows_unknown", "credit_money", "reward_money",
	"min_percent", "median_percent", "p10_percent", "recommended_target_percent",
	"recommended_window_start", "alert_severity", "alert_start", "error",
	"component", "composite_down_seconds", "component_down_seconds", "share_percent",
	"component_maintenance_seconds", "component_unmonitored_seconds",
	"no_component_down_seconds",
};

struct cell {
	const char *s;
	double v;
	int decimals, set;
};

/* wide: the file has the attribution columns (a composite was back-tested). */
static void emit(FILE *out, const struct cell *c, int wide)
{
	char buf[64];

	for (int i = 0; i < (wide ? NCOLS : NCOLS_BASE); i++) {
		if (i > 0)
			fputc(',', out);
		if (c[i].s != NULL)
			render_csv_field(out, c[i].s);
		else if (c[i].set && isfinite(c[i].v) &&
			 perf_number(buf, sizeof(buf), c[i].v, c[i].decimals) >= 0)
			fputs(buf, out);
	}
	fputs("\r\n", out);
}

static void num(struct cell *c, enum col k, double v, int decimals)
{
	c[k] = (struct cell){ NULL, v, decimals, 1 };
}

static void tri(struct cell *c, enum col k, int v)
{
	c[k].s = v == 1 ? "true" : v == 0 ? "false" : "";
}

static void window_row(FILE *out, const struct bt_service *bs, const struct bt_window *w,
		       int wide)
{
	const struct sla_result *r = &w->r;
	struct cell c[NCOLS] = { { 0 } };

	c[C_RECORD].s = "window";
	c[C_SERVICE].s = bs->set.name;
	num(c, C_WSTART, (double)r->t0, 0);
	num(c, C_WEND, (double)r->t1, 0);
	tri(c, C_BEFORE, w->before_data);
	num(c, C_TARGET, bs->set.terms.objective.target_percent, 6);
	num(c, C_AVAIL, r->availability_percent, 6);
	num(c, C_LATENCY, r->latency_value, 6);
	tri(c, C_MET, r->verdict == SLA_MET ? 1 : r->verdict == SLA_MISSED ? 0 : -1);
	c[C_VERDICT].s = sla_verdict_name(r->verdict);
	num(c, C_MARGIN, r->budget_remaining, 3);
	num(c, C_BUDGET, r->budget_consumed_percent, 3);
	num(c, C_OUTAGES, (double)r->noutages, 0);
	num(c, C_LONGEST, r->longest_outage, 3);
	num(c, C_CREDIT, r->credit_percent, 6);
	num(c, C_REWARD, w->reward_percent, 6);
	num(c, C_COVER, r->coverage_percent, 6);
	if (bs->set.alerts != NULL) {
		num(c, C_PAGES, (double)w->alerts[BT_PAGE], 0);
		num(c, C_TICKETS, (double)w->alerts[BT_TICKET], 0);
	}
	if (bs->set.terms.chronic.of > 0)
		tri(c, C_CHRONIC, w->chronic);
	emit(out, c, wide);
}

static void summary_row(FILE *out, const char *name, const struct bt_summary *s,
			const struct bt_service *bs, int alerts, const char *error, int wide)
{
	struct cell c[NCOLS] = { { 0 } };

	c[C_RECORD].s = "summary";
	c[C_SERVICE].s = name;
	c[C_ERROR].s = error;
	if (error != NULL) {
		emit(out, c, wide);
		return;
	}
	if (s->n > 0) {
		num(c, C_WSTART, (double)s->total.t0, 0);
		num(c, C_WEND, (double)s->total.t1, 0);
	}
	if (bs != NULL)
		num(c, C_TARGET, bs->set.terms.objective.target_percent, 6);
	num(c, C_AVAIL, s->total.availability_percent, 6);
	tri(c, C_MET, s->n == 0 ? -1 : s->missed == 0);
	num(c, C_OUTAGES, (double)s->total.noutages, 0);
	num(c, C_LONGEST, s->total.longest_outage, 3);
	num(c, C_CREDIT, s->credit_percent, 6);
	num(c, C_REWARD, s->reward_percent, 6);
	if (alerts) {
		num(c, C_PAGES, (double)s->alerts[BT_PAGE], 0);
		num(c, C_TICKETS, (double)s->alerts[BT_TICKET], 0);
	}
	if (s->chronic_at_end >= 0)
		num(c, C_CHRONIC, (double)s->chronic_triggers, 0);
	num(c, C_NWIN, (double)s->n, 0);
	num(c, C_NMET, (double)s->met, 0);
	num(c, C_NMISSED, (double)s->missed, 0);
	num(c, C_NINSUFFICIENT, (double)s->insufficient, 0);
	num(c, C_NUNKNOWN, (double)s->unknown, 0);
	num(c, C_CREDIT_MONEY, s->credit_money, 2);
	num(c, C_REWARD_MONEY, s->reward_money, 2);
	num(c, C_MIN, s->min, 6);
	num(c, C_MEDIAN, s->median, 6);
	num(c, C_P10, s->p10, 6);
	num(c, C_RECOMMENDED, s->recommended, 6);
	if (bs != NULL && s->recommended_window != (size_t)-1)
		num(c, C_REC_WINDOW, (double)bs->windows[s->recommended_window].r.t0, 0);
	emit(out, c, wide);
}

static void sweep_rows(FILE *out, const struct bt_report *r, const struct bt_service *bs,
		       int wide)
{
	for (size_t j = 0; bs->sweep != NULL && j < r->ntargets; j++) {
		const struct bt_sweep_row *w = &bs->sweep[j];
		struct cell c[NCOLS] = { { 0 } };

		c[C_RECORD].s = "sweep";
		c[C_SERVICE].s = bs->set.name;
		num(c, C_TARGET, w->target, 6);
		num(c, C_CREDIT, w->credit_percent, 6);
		num(c, C_REWARD, w->reward_percent, 6);
		if (bs->set.alerts != NULL) {
			num(c, C_PAGES, (double)w->alerts[BT_PAGE], 0);
			num(c, C_TICKETS, (double)w->alerts[BT_TICKET], 0);
		}
		if (bs->set.terms.chronic.of > 0)
			num(c, C_CHRONIC, (double)w->chronic, 0);
		num(c, C_NWIN, (double)bs->nwindows, 0);
		num(c, C_NMET, (double)w->met, 0);
		num(c, C_NMISSED, (double)w->missed, 0);
		num(c, C_NINSUFFICIENT, (double)w->insufficient, 0);
		num(c, C_NUNKNOWN, (double)w->unknown, 0);
		emit(out, c, wide);
	}
}

static void alert_rows(FILE *out, const struct bt_service *bs, int wide)
{
	for (int k = 0; k < BT_NSEVERITIES; k++)
		for (size_t e = 0; e < bs->nepisodes[k]; e++) {
			struct cell c[NCOLS] = { { 0 } };

			c[C_RECORD].s = "alert";
			c[C_SERVICE].s = bs->set.name;
			c[C_SEVERITY].s = bt_severity_name((enum bt_severity)k);
			num(c, C_ALERT_START, (double)bs->episodes[k][e], 0);
			emit(out, c, wide);
		}
}

/* Component j's part of s; t0, t1 the window (or the history) it covers. */
static void attrib_row(FILE *out, const struct bt_service *bs, time_t t0, time_t t1,
		       const struct attrib_span *s, size_t j)
{
	struct cell c[NCOLS] = { { 0 } };

	c[C_RECORD].s = "attribution";
	c[C_SERVICE].s = bs->set.name;
	num(c, C_WSTART, (double)t0, 0);
	num(c, C_WEND, (double)t1, 0);
	c[C_COMPONENT].s = bs->set.service->component_names[j];
	num(c, C_COMPOSITE_DOWN, s->down, 3);
	num(c, C_COMPONENT_DOWN, s->parts[j].down, 3);
	num(c, C_SHARE, attrib_share_percent(s, j), 6);
	num(c, C_COMPONENT_MAINT, s->parts[j].maint, 3);
	num(c, C_COMPONENT_UNMON, s->parts[j].unmon, 3);
	num(c, C_NO_COMPONENT_DOWN, s->no_component_down, 3);
	emit(out, c, 1);
}

static void attrib_rows(FILE *out, const struct bt_service *bs)
{
	size_t n = bs->set.service->ncomponents;

	if (bs->error != NULL || bs->attrib == NULL || bs->nwindows == 0)
		return;
	for (size_t w = 0; w < bs->nwindows; w++)
		for (size_t j = 0; j < n; j++)
			attrib_row(out, bs, bs->windows[w].r.t0, bs->windows[w].r.t1,
				   &bs->attrib[w].total, j);
	for (size_t j = 0; j < n; j++)
		attrib_row(out, bs, bs->windows[0].r.t0, bs->windows[bs->nwindows - 1].r.t1,
			   &bs->attrib_total.total, j);
}

int render_backtest_csv(FILE *out, const struct bt_report *r)
{
	int wide = 0;

	for (size_t i = 0; i < r->nservices; i++)
		wide |= r->services[i].error == NULL && r->services[i].attrib != NULL;
	for (int i = 0; i < (wide ? NCOLS : NCOLS_BASE); i++)
		fprintf(out, "%s%s", i ? "," : "", names[i]);
	fputs("\r\n", out);
	for (size_t i = 0; i < r->nservices; i++) {
		const struct bt_service *bs = &r->services[i];

		for (size_t w = 0; bs->error == NULL && w < bs->nwindows; w++)
			window_row(out, bs, &bs->windows[w], wide);
		summary_row(out, bs->set.name, &bs->summary, bs, bs->set.alerts != NULL, bs->error,
			    wide);
		attrib_rows(out, bs);
		sweep_rows(out, r, bs, wide);
		alert_rows(out, bs, wide);
	}
	summary_row(out, "", &r->total, NULL, r->alerts, NULL, wide);
	return ferror(out) ? -1 : 0;
}
