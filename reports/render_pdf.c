#include "render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "pdfw.h"
#include "render_attrib.h"
#include "render_fmt.h"
#include "render_scorecard.h"

/*
 * The report as a PDF (pdfw.h): a cover with the title, the period and the generation
 * time (and the logo), the summary with a mark per service, then per service its mark,
 * its figures (those of the HTML, then MTTR, MTBF, burn rate, credit and coverage), the
 * daily strip, the burn-down, the latency chart, the outage list and its policy (said once
 * under the summary when every service has the same).  The charts are the
 * chart.h models the HTML draws, drawn again with cairo (chart_cairo.h).
 */

static const struct pdfw_col summary_cols[] = {
	{ "service", 0.17, 0 }, { "status", 0.10, 0 }, { "availability", 0.11, 1 },
	{ "target", 0.08, 1 }, { "margin", 0.09, 1 }, { "down", 0.09, 1 },
	{ "outages", 0.08, 1 }, { "budget used", 0.09, 1 }, { "latency", 0.19, 0 },
};
#define SUMMARY_NCOLS (sizeof(summary_cols) / sizeof(summary_cols[0]))

static void summary_row(struct pdfw *w, const struct report_service *s)
{
	const struct sla_result *p = &s->period;
	char av[32], tg[32], mg[32], dn[32], no[32], bu[32], lat[128];
	const char *cells[SUMMARY_NCOLS] = { s->name, render_verdict_mark(s->verdict) };
	enum pdfw_tone t[SUMMARY_NCOLS] = { PDFW_PLAIN, pdfw_verdict_tone(s->verdict) };

	if (s->error != NULL) {
		cells[2] = "cannot read";
		t[2] = PDFW_BAD;
		pdfw_row(w, cells, t, 0);
		return;
	}
	render_hms(p->down, dn, sizeof(dn));
	snprintf(no, sizeof(no), "%zu", p->noutages);
	render_latency_cell(s, lat, sizeof(lat));
	cells[2] = render_num(p->availability_percent, 4, "%", av, sizeof(av));
	cells[3] = render_num(s->target_percent, 4, "%", tg, sizeof(tg));
	cells[4] = render_num(p->margin_percent, 4, "%", mg, sizeof(mg));
	cells[5] = dn;
	cells[6] = no;
	cells[7] = render_num(p->budget_consumed_percent, 1, "%", bu, sizeof(bu));
	cells[8] = lat;
	pdfw_row(w, cells, t, 0);
}

static void summary(struct pdfw *w, const struct report *r)
{
	const struct sla_result *t = &r->total;
	char av[32], dn[32], no[32], bu[32], counts[512];
	const char *cells[SUMMARY_NCOLS] = { "total", render_verdict_mark(t->verdict) };
	enum pdfw_tone tn[SUMMARY_NCOLS] = { PDFW_PLAIN, pdfw_verdict_tone(t->verdict) };

	pdfw_heading(w, 1, "Summary", NULL, PDFW_PLAIN, 40);
	pdfw_table(w, summary_cols, SUMMARY_NCOLS);
	for (size_t i = 0; i < r->nservices; i++)
		summary_row(w, &r->services[i]);
	render_hms(t->down, dn, sizeof(dn));
	snprintf(no, sizeof(no), "%zu", t->noutages);
	cells[2] = render_num(t->availability_percent, 4, "%", av, sizeof(av));
	cells[5] = dn;
	cells[6] = no;
	cells[7] = render_num(t->budget_consumed_percent, 1, "%", bu, sizeof(bu));
	pdfw_row(w, cells, tn, 1);
	pdfw_table_end(w);
	render_counts_text(r, counts, sizeof(counts));
	pdfw_paragraph(w, counts, 1);
	pdfw_legend(w);
}

/*
 * The figures the line above leaves out that a reader of the period asks for, in the
 * text's and HTML's words and roundings (render_num, render_hms); the JSON and CSV hold
 * every field to full precision.
 */
static void figures(struct pdfw *w, const struct report *r, const struct report_service *s)
{
	const struct sla_result *p = &s->period;
	char text[1024], mg[32], mt[32], lo[32], tr[32], tb[32], br[32], cr[32], cov[32];
	char note[512];

	render_hms(p->maintenance, mt, sizeof(mt));
	render_hms(p->longest_outage, lo, sizeof(lo));
	render_hms(p->mttr, tr, sizeof(tr));
	render_hms(p->mtbf, tb, sizeof(tb));
	render_coverage_note(r, s, note, sizeof(note));
	snprintf(text, sizeof(text), "Margin %s, maintenance %s, longest outage %s, MTTR %s, "
		 "MTBF %s, burn rate %s, service credit %s, coverage %s%s%s.",
		 render_num(p->margin_percent, 4, "%", mg, sizeof(mg)), mt, lo, tr, tb,
		 render_num(p->burn_rate, 4, "", br, sizeof(br)),
		 render_num(p->credit_percent, 4, "%", cr, sizeof(cr)),
		 render_num(p->coverage_percent, 2, "%", cov, sizeof(cov)),
		 note[0] != '\0' ? "; " : "", note);
	pdfw_paragraph(w, text, 1);
}

static const struct pdfw_col outage_cols[] = {
	{ "start", 0.40, 0 }, { "end", 0.40, 0 }, { "duration", 0.20, 1 },
};
/* A composite's: which components were down in each outage (render_attrib). */
static const struct pdfw_col composite_outage_cols[] = {
	{ "start", 0.25, 0 }, { "end", 0.25, 0 }, { "duration", 0.11, 1 },
	{ "components", 0.39, 0 },
};

static int outages(struct pdfw *w, const struct zone *z, const struct report_service *s)
{
	const struct sla_result *p = &s->period;
	const struct attrib *a = s->attrib;
	char head[64];

	snprintf(head, sizeof(head), "Outages (%zu)", p->noutages);
	pdfw_heading(w, 2, head, NULL, PDFW_PLAIN, p->noutages ? 30 : 12);
	if (p->noutages == 0) {
		pdfw_paragraph(w, "none", 1);
		return 0;
	}
	pdfw_table(w, a != NULL ? composite_outage_cols : outage_cols, a != NULL ? 4 : 3);
	for (size_t i = 0; i < p->noutages; i++) {
		char x[64], y[64], d[32], *comp = NULL;
		const char *cells[4] = {
			zone_when(z, p->outages[i].start, x, sizeof(x)),
			zone_when(z, p->outages[i].end, y, sizeof(y)), d, NULL,
		};

		render_hms((double)(p->outages[i].end - p->outages[i].start), d, sizeof(d));
		if (a != NULL && (cells[3] = comp = render_attrib_cell_string(s->cfg, &a->outages[i])) == NULL)
			return -1;
		pdfw_row(w, cells, NULL, 0);
		free(comp);
	}
	pdfw_table_end(w);
	if (a != NULL)
		render_attrib_pdf_table(w, "In the outages above", s->cfg, &a->total);
	return 0;
}

/*
 * The policy every listed service shares into buf, or "" when they differ (or none is
 * listed): a report of 200 services said it once, not 200 times.
 */
static void shared_policy(const struct report *r, char *buf, size_t len)
{
	char other[1024];
	int any = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < r->nservices; i++) {
		if (r->services[i].error != NULL)
			continue;
		if (!any) {
			render_policy_text(r->services[i].cfg, buf, len);
			any = 1;
			continue;
		}
		render_policy_text(r->services[i].cfg, other, sizeof(other));
		if (strcmp(other, buf) != 0) {
			buf[0] = '\0';
			return;
		}
	}
}

/* A service's own policy, unless the report stated it once for all (shared). */
static void policy(struct pdfw *w, const struct report_service *s, const char *shared)
{
	char text[1024], para[1100];

	if (shared[0] != '\0')
		return;
	render_policy_text(s->cfg, text, sizeof(text));
	snprintf(para, sizeof(para), "Policy: %s.", text);
	pdfw_paragraph(w, para, 1);
}

/* The chart made by build, or nothing when the service has none of that kind. */
static int chart(struct pdfw *w, const struct report *r, const struct zone *z,
		 const struct report_service *s,
		 int (*build)(const struct report *, const struct report_service *, struct chart *))
{
	struct chart c;
	int rc = build(r, s, &c);

	if (rc > 0)
		pdfw_chart(w, &c, z);
	chart_release(&c);
	return rc < 0 ? -1 : 0;
}

static int service(struct pdfw *w, const struct report *r, const struct zone *z,
		   const struct report_service *s, const char *shared)
{
	const struct sla_result *p = &s->period;
	char av[32], tg[32], dn[32], un[32], bu[32], al[32], lat[128], text[512];

	/* A service's heading stays with its figures. */
	pdfw_heading(w, 1, s->name, render_verdict_mark(s->verdict), pdfw_verdict_tone(s->verdict),
		     110);
	if (s->error != NULL) {
		snprintf(text, sizeof(text), "Cannot read: %s", s->error);
		pdfw_paragraph(w, text, 0);
		return 0;
	}
	render_hms(p->down, dn, sizeof(dn));
	render_hms(p->unmonitored, un, sizeof(un));
	render_hms(p->budget_allowed, al, sizeof(al));
	render_latency_cell(s, lat, sizeof(lat));
	snprintf(text, sizeof(text), "Availability %s (target %s), down %s, unmonitored %s, "
		 "error budget used %s of %s, latency %s.",
		 render_num(p->availability_percent, 4, "%", av, sizeof(av)),
		 render_num(s->target_percent, 4, "%", tg, sizeof(tg)), dn, un,
		 render_num(p->budget_consumed_percent, 1, "%", bu, sizeof(bu)), al, lat);
	pdfw_paragraph(w, text, 0);
	figures(w, r, s);
	if (chart(w, r, z, s, chart_strip) != 0 || chart(w, r, z, s, chart_burndown) != 0 ||
	    chart(w, r, z, s, chart_latency) != 0)
		return -1;
	if (outages(w, z, s) != 0)
		return -1;
	policy(w, s, shared);
	return 0;
}

/* The cover's lines and the footer: the period and when the report was made. */
static void cover(struct pdfw *w, const struct report *r, const struct zone *z,
		  const char *title, const char *generated)
{
	char a[64], b[64], period[256], range[128];
	const char *lines[3] = { period, range, generated };

	snprintf(period, sizeof(period), "Period %s to %s", zone_when(z, r->t0, a, sizeof(a)),
		 zone_when(z, r->t1, b, sizeof(b)));
	snprintf(range, sizeof(range), "(%lld..%lld, end exclusive)", (long long)r->t0,
		 (long long)r->t1);
	pdfw_cover(w, title, lines, 3);
}

/* What the layout of the document needs, besides the report. */
struct doc {
	const struct report *r;
	const struct zone *z;
	const char *title, *generated;
};

/* The document, laid out (pdfw_write() runs it twice); 0, or -1 when out of memory. */
static int body(struct pdfw *w, void *arg)
{
	const struct doc *d = arg;
	const struct report *r = d->r;
	char shared[1024], policy_all[1100];

	cover(w, r, d->z, d->title, d->generated);
	summary(w, r);
	shared_policy(r, shared, sizeof(shared));
	if (shared[0] != '\0') {
		snprintf(policy_all, sizeof(policy_all), "Policy of every service below: %s.",
			 shared);
		pdfw_paragraph(w, policy_all, 1);
	}
	if (r->scorecard != NULL)
		render_scorecard_pdf_section(w, r->scorecard, d->z);
	for (size_t i = 0; i < r->nservices; i++)
		if (service(w, r, d->z, &r->services[i], shared) != 0)
			return -1;
	return 0;
}

/* Writes the document; 0, or -1 with a message in err. */
static int document(FILE *out, const struct report *r, char *err, size_t errlen)
{
	const char *title = r->config->title != NULL ? r->config->title : "SLA report";
	char a[64], b[64], period[160], generated[128];
	struct zone *z;
	int rc;

	/* Opened and entered once: every cell of every chart names its day (NULL: epochs). */
	z = zone_open_entered(r->tz);
	/* The period as dates: the last day is the one before the exclusive end. */
	snprintf(period, sizeof(period), "%.10s to %.10s", zone_when(z, r->t0, a, sizeof(a)),
		 zone_when(z, r->t1 - 1, b, sizeof(b)));
	snprintf(generated, sizeof(generated), "Generated %s",
		 zone_when(z, r->generated_at, a, sizeof(a)));
	rc = pdfw_write(&(struct pdfw_opts){ .title = title, .subtitle = period,
					    .font = r->config->font, .logo = r->config->logo,
					    .footer = generated }, body,
			&(struct doc){ .r = r, .z = z, .title = title, .generated = generated },
			out, err, errlen);
	zone_close_entered(z);
	return rc;
}

int render_pdf(FILE *out, const struct report *r)
{
	char err[256];

	if (document(out, r, err, sizeof(err)) != 0) {
		fprintf(stderr, "sla-report: %s\n", err);
		return -1;
	}
	return ferror(out) ? -1 : 0;
}
