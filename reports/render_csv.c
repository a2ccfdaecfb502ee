#include "render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "perf.h"
#include "render_attrib.h"
#include "render_fmt.h"

/*
 * One header line, then per service one row for the whole period and, when any service
 * has several compliance windows, one row per window with window_start/window_end set
 * (empty on the period's row).  Columns are the scalar fields of the JSON schema, with
 * latency flattened to latency_*.  RFC 4180: CRLF line ends, fields quoted when they hold
 * a comma, quote, CR or LF, quotes doubled.
 */

static void field_sep(FILE *out, int *first)
{
	if (!*first)
		fputc(',', out);
	*first = 0;
}

static void put_str(FILE *out, int *first, const char *s)
{
	field_sep(out, first);
	if (s != NULL)
		render_csv_field(out, s);
}

static void put_num(FILE *out, int *first, double v, int decimals)
{
	char buf[64];

	field_sep(out, first);
	if (isfinite(v) && perf_number(buf, sizeof(buf), v, decimals) >= 0)
		fputs(buf, out);
}

static void put_bool(FILE *out, int *first, int v)
{
	put_str(out, first, v == 1 ? "true" : v == 0 ? "false" : "");
}

static void put_time(FILE *out, int *first, int wanted, time_t t)
{
	field_sep(out, first);
	if (wanted)
		fprintf(out, "%lld", (long long)t);
}

static const char *const head_cols[] = {
	"service", "period_start", "period_end", "window_start", "window_end", "target_percent",
	"min_coverage_percent", "met", "verdict",
};
static const char *const tail_cols[] = {
	"outage_count", "latency_objective", "latency_value_ms", "latency_share_percent",
	"latency_met", "latency_samples", "coarse", "calendar", "time_zone", "policy", "error",
	"generated_at",
};

/*
 * Only when the report has a composite: its down time by component, on rows of their own
 * after the composite's (component set; outage_start and outage_end set for one outage,
 * empty for the whole period), every other column of those rows empty but the service
 * and the period.
 */
static const char *const attrib_cols[] = {
	"component", "outage_start", "outage_end", "composite_down_seconds",
	"component_down_seconds", "share_percent", "component_maintenance_seconds",
	"component_unmonitored_seconds", "no_component_down_seconds",
};
#define NATTRIB_COLS (sizeof(attrib_cols) / sizeof(attrib_cols[0]))

static void header(FILE *out, int windows, int attrib)
{
	int first = 1;

	for (size_t i = 0; i < sizeof(head_cols) / sizeof(head_cols[0]); i++)
		if (windows || strncmp(head_cols[i], "window_", 7) != 0)
			put_str(out, &first, head_cols[i]);
	for (size_t i = 0; i < render_nfields; i++)
		put_str(out, &first, render_fields[i].name);
	for (size_t i = 0; i < sizeof(tail_cols) / sizeof(tail_cols[0]); i++)
		put_str(out, &first, tail_cols[i]);
	for (size_t i = 0; attrib && i < NATTRIB_COLS; i++)
		put_str(out, &first, attrib_cols[i]);
	fputs("\r\n", out);
}

/* "maintenance=excluded unmonitored=excluded warning=up merge_within=0 ignore_shorter=0" */
static void policy_text(const struct sla_policy *p, char *buf, size_t len)
{
	snprintf(buf, len, "maintenance=%s unmonitored=%s warning=%s merge_within=%ld "
		 "ignore_shorter=%ld", sla_count_name(p->maintenance),
		 sla_count_name(p->unmonitored), sla_count_name(p->warning), p->merge_gap,
		 p->ignore_shorter);
}

/*
 * One row; res NULL for a service that could not be read (no verdict then); is_window: a
 * window's row.
 */
static void row(FILE *out, const struct report *r, const struct report_service *s,
		const struct sla_result *res, int windows, int attrib, int is_window, int met,
		int latency_met, enum sla_verdict verdict)
{
	const struct sla_objective *o = &s->cfg->objective;
	char lat[64], pol[256];
	int first = 1;
	double v = res != NULL ? res->latency_value : NAN;

	put_str(out, &first, s->name);
	put_time(out, &first, 1, r->t0);
	put_time(out, &first, 1, r->t1);
	if (windows) {
		put_time(out, &first, is_window, res != NULL ? res->t0 : 0);
		put_time(out, &first, is_window, res != NULL ? res->t1 : 0);
	}
	put_num(out, &first, o->target_percent, 6);
	put_num(out, &first, o->min_coverage_percent, 6);
	put_bool(out, &first, met);
	put_str(out, &first, res != NULL ? sla_verdict_name(verdict) : NULL);
	for (size_t i = 0; i < render_nfields; i++)
		put_num(out, &first, res == NULL ? NAN :
			*(const double *)((const char *)res + render_fields[i].offset),
			render_fields[i].decimals);
	put_num(out, &first, res != NULL ? (double)res->noutages : NAN, 0);
	render_latency_text(o, lat, sizeof(lat));
	put_str(out, &first, lat);
	put_num(out, &first, o->latency == SLA_LATENCY_PERCENTILE ? v * 1000 : NAN, 3);
	put_num(out, &first, o->latency == SLA_LATENCY_SHARE ? v : NAN, 6);
	put_bool(out, &first, latency_met);
	put_num(out, &first, res != NULL ? (double)res->latency_samples : NAN, 0);
	put_bool(out, &first, res != NULL ? res->coarse : -1);
	put_str(out, &first, s->cfg->calendar_name);
	put_str(out, &first, s->cfg->tz);
	policy_text(&s->cfg->policy, pol, sizeof(pol));
	put_str(out, &first, pol);
	put_str(out, &first, s->error);
	put_time(out, &first, 1, r->generated_at);
	for (size_t i = 0; attrib && i < NATTRIB_COLS; i++)
		field_sep(out, &first);
	fputs("\r\n", out);
}

/* One attribution row: component j of composite s in span a (outage o, or NULL: period). */
static void attrib_row(FILE *out, const struct report *r, const struct report_service *s,
		       int windows, const struct sla_outage *o, const struct attrib_span *a,
		       size_t j)
{
	size_t empty = sizeof(head_cols) / sizeof(head_cols[0]) - 3 - (windows ? 0 : 2) +
		       render_nfields + sizeof(tail_cols) / sizeof(tail_cols[0]);
	int first = 1;

	put_str(out, &first, s->name);
	put_time(out, &first, 1, r->t0);
	put_time(out, &first, 1, r->t1);
	for (size_t i = 0; i < empty; i++)
		field_sep(out, &first);
	put_str(out, &first, j < s->cfg->ncomponents ? s->cfg->component_names[j] : NULL);
	put_time(out, &first, o != NULL, o != NULL ? o->start : 0);
	put_time(out, &first, o != NULL, o != NULL ? o->end : 0);
	put_num(out, &first, a->down, 3);
	if (j < s->cfg->ncomponents) {
		put_num(out, &first, a->parts[j].down, 3);
		put_num(out, &first, attrib_share_percent(a, j), 6);
		put_num(out, &first, a->parts[j].maint, 3);
		put_num(out, &first, a->parts[j].unmon, 3);
	} else {
		for (int i = 0; i < 4; i++)
			field_sep(out, &first);
	}
	put_num(out, &first, a->no_component_down, 3);
	fputs("\r\n", out);
}

/*
 * A composite's rows: every component over the period, then per outage the components
 * with time in it (one row without a component when none has).
 */
static void attrib_rows(FILE *out, const struct report *r, const struct report_service *s,
			int windows)
{
	const struct attrib *a = s->attrib;

	for (size_t j = 0; j < s->cfg->ncomponents; j++)
		attrib_row(out, r, s, windows, NULL, &a->total, j);
	for (size_t k = 0; k < a->noutages; k++) {
		size_t listed = 0;

		for (size_t j = 0; j < s->cfg->ncomponents; j++)
			if (attrib_part_listed(&a->outages[k], j)) {
				attrib_row(out, r, s, windows, &s->period.outages[k],
					   &a->outages[k], j);
				listed++;
			}
		if (listed == 0)
			attrib_row(out, r, s, windows, &s->period.outages[k], &a->outages[k],
				   (size_t)-1);
	}
}

int render_csv(FILE *out, const struct report *r)
{
	int windows = 0, attrib = 0;

	for (size_t i = 0; i < r->nservices; i++) {
		windows |= r->services[i].nwindows > 1;
		attrib |= r->services[i].error == NULL && r->services[i].attrib != NULL;
	}
	header(out, windows, attrib);
	for (size_t i = 0; i < r->nservices; i++) {
		const struct report_service *s = &r->services[i];

		row(out, r, s, s->error == NULL ? &s->period : NULL, windows, attrib, 0, s->met,
		    s->latency_met, s->verdict);
		for (size_t w = 0; windows && w < s->nwindows; w++)
			row(out, r, s, &s->windows[w], windows, attrib, 1, s->windows[w].met,
			    s->windows[w].latency_met, s->windows[w].verdict);
		if (s->error == NULL && s->attrib != NULL)
			attrib_rows(out, r, s, windows);
	}
	return ferror(out) ? -1 : 0;
}
