#include "render_backtest.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "chart.h"
#include "pdfw.h"
#include "render_attrib.h"
#include "render_fmt.h"
#include "window.h"

/*
 * A back-test as a PDF (pdfw.h): a cover with the title and the total, then per service
 * the proposed SLA, the attainment of every window as bars against the target line (the
 * chart.h model the HTML draws), the summary, the windows and the sweep table.  The
 * figures are rounded as in the HTML page.
 */

static void terms(struct pdfw *w, const struct bt_service *bs)
{
	const struct bt_setup *s = &bs->set;
	char lat[64], win[32], pol[256], tg[32], text[1024];

	render_latency_text(&s->terms.objective, lat, sizeof(lat));
	cal_window_format(s->window, s->rolling_days, win, sizeof(win));
	render_backtest_policy(&s->policy, pol, sizeof(pol));
	snprintf(text, sizeof(text), "Objective: availability %s%s%s; window %s; calendar %s; "
		 "zone %s; policy %s.", render_num(s->terms.objective.target_percent, 6, "%", tg,
					    sizeof(tg)),
		 lat[0] != '\0' ? ", latency " : "", lat, win, s->calendar_name, s->tz, pol);
	pdfw_paragraph(w, text, 1);
}

static void summary(struct pdfw *w, const struct bt_service *bs)
{
	const struct bt_summary *s = &bs->summary;
	char mn[32], md[32], cr[32], rc[32], text[512];

	snprintf(text, sizeof(text), "Met in %zu of %zu windows (missed %zu, insufficient data "
		 "%zu, no data %zu); attained min %s, median %s; credits %s of one window\u2019s "
		 "bill; recommended target %s (met in at least %zu of %zu windows).", s->met, s->n,
		 s->missed, s->insufficient, s->unknown, render_num(s->min, 5, "%", mn, sizeof(mn)),
		 render_num(s->median, 5, "%", md, sizeof(md)),
		 render_num(s->credit_percent, 2, "%", cr, sizeof(cr)),
		 render_num(s->recommended, 5, "%", rc, sizeof(rc)), s->need, s->nknown);
	pdfw_paragraph(w, text, 0);
}

static const struct pdfw_col window_cols[] = {
	{ "window", 0.16, 0 }, { "availability", 0.15, 1 }, { "result", 0.25, 0 },
	{ "budget used", 0.12, 1 }, { "outages", 0.10, 1 }, { "credit", 0.10, 1 },
	{ "coverage", 0.12, 1 },
};
/* A composite's windows also name the components down in each (bs->attrib). */
static const struct pdfw_col composite_window_cols[] = {
	{ "window", 0.12, 0 }, { "availability", 0.12, 1 }, { "result", 0.14, 0 },
	{ "budget used", 0.09, 1 }, { "outages", 0.08, 1 }, { "credit", 0.08, 1 },
	{ "coverage", 0.09, 1 }, { "components", 0.28, 0 },
};
#define WINDOW_NCOLS (sizeof(composite_window_cols) / sizeof(composite_window_cols[0]))

static int windows(struct pdfw *w, const struct bt_service *bs, const struct zone *z)
{
	const struct attrib *a = bs->attrib;

	pdfw_table(w, a != NULL ? composite_window_cols : window_cols,
		   a != NULL ? WINDOW_NCOLS : WINDOW_NCOLS - 1);
	for (size_t i = 0; i < bs->nwindows; i++) {
		const struct bt_window *x = &bs->windows[i];
		char d[16], av[32], res[64], bu[32], no[32], cr[32], cv[32], *comp = NULL;
		const char *cells[WINDOW_NCOLS] = {
			zone_date(z, x->r.t0, d, sizeof(d)),
			render_num(x->r.availability_percent, 5, "%", av, sizeof(av)), res,
			render_num(x->r.budget_consumed_percent, 1, "%", bu, sizeof(bu)), no,
			render_num(x->r.credit_percent, 2, "%", cr, sizeof(cr)),
			render_num(x->r.coverage_percent, 1, "%", cv, sizeof(cv)), NULL,
		};
		enum pdfw_tone t[WINDOW_NCOLS] = { [2] = pdfw_verdict_tone(x->r.verdict) };

		snprintf(res, sizeof(res), "%s%s", render_verdict_mark(x->r.verdict),
			 x->chronic ? " (chronic breach)" : "");
		snprintf(no, sizeof(no), "%zu", x->r.noutages);
		if (a != NULL &&
		    (cells[WINDOW_NCOLS - 1] = comp = render_attrib_cell_string(bs->set.service,
										&a[i].total)) == NULL)
			return -1;
		pdfw_row(w, cells, t, 0);
		free(comp);
	}
	pdfw_table_end(w);
	if (a != NULL)
		render_attrib_pdf_table(w, "Over the windows above", bs->set.service,
					&bs->attrib_total.total);
	return 0;
}

static const struct pdfw_col sweep_cols[] = {
	{ "target", 0.13, 1 }, { "met", 0.08, 1 }, { "missed", 0.09, 1 },
	{ "insufficient", 0.13, 1 }, { "no data", 0.10, 1 }, { "credits", 0.11, 1 },
	{ "rewards", 0.11, 1 }, { "pages", 0.08, 1 }, { "tickets", 0.09, 1 },
	{ "chronic", 0.08, 1 },
};
#define SWEEP_NCOLS (sizeof(sweep_cols) / sizeof(sweep_cols[0]))

static void sweep(struct pdfw *w, const struct bt_report *r, const struct bt_service *bs)
{
	if (bs->sweep == NULL)
		return;
	pdfw_heading(w, 2, "Sweep", NULL, PDFW_PLAIN, 30);
	pdfw_table(w, sweep_cols, SWEEP_NCOLS);
	for (size_t j = 0; j < r->ntargets; j++) {
		const struct bt_sweep_row *x = &bs->sweep[j];
		char v[SWEEP_NCOLS][32];
		const char *cells[SWEEP_NCOLS];

		render_num(x->target, 6, "%", v[0], sizeof(v[0]));
		snprintf(v[1], sizeof(v[1]), "%zu", x->met);
		snprintf(v[2], sizeof(v[2]), "%zu", x->missed);
		snprintf(v[3], sizeof(v[3]), "%zu", x->insufficient);
		snprintf(v[4], sizeof(v[4]), "%zu", x->unknown);
		render_num(x->credit_percent, 2, "%", v[5], sizeof(v[5]));
		render_num(x->reward_percent, 2, "%", v[6], sizeof(v[6]));
		snprintf(v[7], sizeof(v[7]), "%zu", x->alerts[BT_PAGE]);
		snprintf(v[8], sizeof(v[8]), "%zu", x->alerts[BT_TICKET]);
		snprintf(v[9], sizeof(v[9]), "%zu", x->chronic);
		for (size_t k = 0; k < SWEEP_NCOLS; k++)
			cells[k] = v[k];
		pdfw_row(w, cells, NULL, 0);
	}
	pdfw_table_end(w);
}

static int service(struct pdfw *w, const struct bt_report *r, const struct bt_service *bs)
{
	struct chart c;
	char text[512];
	struct zone *z;
	int rc;

	pdfw_heading(w, 1, bs->set.name, NULL, PDFW_PLAIN, 200);
	terms(w, bs);
	if (bs->error != NULL) {
		snprintf(text, sizeof(text), "Cannot read: %s", bs->error);
		pdfw_paragraph(w, text, 0);
		return 0;
	}
	/* Opened once per service: every bar and window names its day (NULL: epochs). */
	z = zone_open_entered(bs->set.tz);
	if ((rc = chart_backtest(r, bs, &c)) > 0)
		pdfw_chart(w, &c, z);
	chart_release(&c);
	if (rc >= 0) {
		summary(w, bs);
		if (windows(w, bs, z) != 0)
			rc = -1;
	}
	zone_close_entered(z);
	if (rc < 0)
		return -1;
	sweep(w, r, bs);
	return 0;
}

/* What the layout of the back-test's document needs. */
struct doc {
	const struct bt_report *r;
	const char *heading;
	const char *const *lines;
};

/* The back-test's document, laid out (pdfw_write() runs it twice). */
static int body(struct pdfw *w, void *arg)
{
	const struct doc *d = arg;

	pdfw_cover(w, d->heading, d->lines, 3);
	pdfw_legend(w);
	for (size_t i = 0; i < d->r->nservices; i++)
		if (service(w, d->r, &d->r->services[i]) != 0)
			return -1;
	return 0;
}

static int document(FILE *out, const struct bt_report *r, char *err, size_t errlen)
{
	const struct bt_summary *t = &r->total;
	const char *title = r->title != NULL ? r->title : "SLA back-test";
	char when[64], generated[96], heading[512], total[512], av[32];
	const char *lines[3] = { generated, total,
		"Had these SLAs been in force, each window of the history judged as the report "
		"would have judged it." };
	cal_format(r->generated_at, r->tz, when, sizeof(when));
	snprintf(generated, sizeof(generated), "Generated %s", when);
	snprintf(heading, sizeof(heading), "Back-test: %s", title);
	snprintf(total, sizeof(total), "Total over %zu services (%zu could not be read): met in "
		 "%zu of %zu windows (missed %zu, insufficient data %zu, no data %zu); availability "
		 "%s (time-weighted).", r->nservices, r->nerrors, t->met, t->n, t->missed,
		 t->insufficient, t->unknown,
		 render_num(t->total.availability_percent, 5, "%", av, sizeof(av)));
	return pdfw_write(&(struct pdfw_opts){ .title = title, .subtitle = "back-test",
					       .font = r->font, .logo = r->logo,
					       .footer = generated }, body,
			  &(struct doc){ .r = r, .heading = heading, .lines = lines }, out, err,
			  errlen);
}

int render_backtest_pdf(FILE *out, const struct bt_report *r)
{
	char err[256];

	if (document(out, r, err, sizeof(err)) != 0) {
		fprintf(stderr, "sla-report backtest: %s\n", err);
		return -1;
	}
	return ferror(out) ? -1 : 0;
}
