#include "render_backtest.h"

#include <math.h>
#include <stdio.h>

#include "cal.h"
#include "chart.h"
#include "htmlw.h"
#include "render_attrib.h"
#include "render_fmt.h"
#include "window.h"

/*
 * A back-test as one self-contained page (htmlw.h): per service the proposed SLA, the
 * attainment of every window as bars against the target line, the windows, the summary
 * and the sweep table; then the total.  Every name goes through html_text().
 */

static void terms(FILE *out, const struct bt_service *bs)
{
	const struct bt_setup *s = &bs->set;
	char lat[64], win[32], pol[256];

	render_latency_text(&s->terms.objective, lat, sizeof(lat));
	cal_window_format(s->window, s->rolling_days, win, sizeof(win));
	render_backtest_policy(&s->policy, pol, sizeof(pol));
	fputs("<p class=\"meta terms\">Objective: availability ", out);
	html_num(out, s->terms.objective.target_percent, 6, "%");
	if (lat[0] != '\0') {
		fputs(", latency ", out);
		html_text(out, lat);
	}
	fprintf(out, "; window %s; calendar ", win);
	html_text(out, s->calendar_name);
	fputs("; zone ", out);
	html_text(out, s->tz);
	fputs("; policy ", out);
	html_text(out, pol);
	fputs(".</p>\n", out);
}

/* The windows; a composite's (bs->attrib) name the components down in each. */
static void windows(FILE *out, const struct bt_service *bs, const struct zone *z)
{
	char d[16];

	fprintf(out, "<table class=\"windows\"><tr><th class=\"name\">window</th>"
		"<th>availability</th><th class=\"name\">result</th><th>budget used</th>"
		"<th>outages</th><th>credit</th><th>coverage</th>%s</tr>\n",
		bs->attrib != NULL ? "<th class=\"name\">components</th>" : "");
	for (size_t i = 0; i < bs->nwindows; i++) {
		const struct bt_window *w = &bs->windows[i];

		zone_date(z, w->r.t0, d, sizeof(d));
		fprintf(out, "<tr><td class=\"name\">%s</td><td>", d);
		html_num(out, w->r.availability_percent, 5, "%");
		fprintf(out, "</td><td class=\"name v-%s\">%s%s</td><td>",
			sla_verdict_name(w->r.verdict), render_verdict_mark(w->r.verdict),
			w->chronic ? " (chronic breach)" : "");
		html_num(out, w->r.budget_consumed_percent, 1, "%");
		fprintf(out, "</td><td>%zu</td><td>", w->r.noutages);
		html_num(out, w->r.credit_percent, 2, "%");
		fputs("</td><td>", out);
		html_num(out, w->r.coverage_percent, 1, "%");
		if (bs->attrib != NULL) {
			fputs("</td><td class=\"name\">", out);
			render_attrib_html_cell(out, bs->set.service, &bs->attrib[i].total);
		}
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n", out);
	if (bs->attrib != NULL)
		render_attrib_html_table(out, "Over the windows above", bs->set.service,
					 &bs->attrib_total.total);
}

static void summary(FILE *out, const struct bt_service *bs)
{
	const struct bt_summary *s = &bs->summary;

	fprintf(out, "<p class=\"meta summary\">Met in <b>%zu of %zu</b> windows (missed %zu, "
		"insufficient data %zu, no data %zu); attained min ", s->met, s->n, s->missed,
		s->insufficient, s->unknown);
	html_num(out, s->min, 5, "%");
	fputs(", median ", out);
	html_num(out, s->median, 5, "%");
	fputs("; credits ", out);
	html_num(out, s->credit_percent, 2, "%");
	fputs(" of one window&#x2019;s bill; recommended target <b class=\"recommended\">", out);
	html_num(out, s->recommended, 5, "%");
	fprintf(out, "</b> (met in at least %zu of %zu windows).</p>\n", s->need, s->nknown);
}

static void sweep(FILE *out, const struct bt_report *r, const struct bt_service *bs)
{
	if (bs->sweep == NULL)
		return;
	fputs("<h3>Sweep</h3>\n<table class=\"sweep\"><tr><th>target</th><th>met</th>"
	      "<th>missed</th><th>insufficient</th><th>no data</th><th>credits</th>"
	      "<th>rewards</th><th>pages</th><th>tickets</th><th>chronic</th></tr>\n", out);
	for (size_t j = 0; j < r->ntargets; j++) {
		const struct bt_sweep_row *w = &bs->sweep[j];

		fputs("<tr><td>", out);
		html_num(out, w->target, 6, "%");
		fprintf(out, "</td><td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td><td>", w->met,
			w->missed, w->insufficient, w->unknown);
		html_num(out, w->credit_percent, 2, "%");
		fputs("</td><td>", out);
		html_num(out, w->reward_percent, 2, "%");
		fprintf(out, "</td><td>%zu</td><td>%zu</td><td>%zu</td></tr>\n",
			w->alerts[BT_PAGE], w->alerts[BT_TICKET], w->chronic);
	}
	fputs("</table>\n", out);
}

static int service(FILE *out, const struct bt_report *r, const struct bt_service *bs, size_t i)
{
	struct chart c;
	struct zone *z;
	int rc;

	fprintf(out, "<section class=\"service\" id=\"s%zu\">\n<h2>", i);
	html_text(out, bs->set.name);
	fputs("</h2>\n", out);
	terms(out, bs);
	if (bs->error != NULL) {
		fputs("<p class=\"error\">Cannot read: ", out);
		html_text(out, bs->error);
		fputs("</p>\n</section>\n", out);
		return 0;
	}
	/* Opened once per service: every bar and window names its day (NULL: epochs). */
	z = zone_open_entered(bs->set.tz);
	if ((rc = chart_backtest(r, bs, &c)) > 0)
		html_chart(out, &c, z);
	chart_release(&c);
	if (rc >= 0) {
		summary(out, bs);
		windows(out, bs, z);
	}
	zone_close_entered(z);
	if (rc < 0)
		return -1;
	sweep(out, r, bs);
	fputs("</section>\n", out);
	return 0;
}

int render_backtest_html(FILE *out, const struct bt_report *r)
{
	const struct bt_summary *t = &r->total;
	const char *title = r->title != NULL ? r->title : "SLA back-test";
	char when[64];

	html_begin(out, title);
	fputs("<h1>Back-test: ", out);
	html_text(out, title);
	cal_format(r->generated_at, r->tz, when, sizeof(when));
	fputs("</h1>\n<p class=\"meta\">Generated ", out);
	html_text(out, when);
	fputs("; had these SLAs been in force, each window of the history judged as the report "
	      "would have judged it.</p>\n", out);
	fprintf(out, "<p class=\"meta total\">Total over %zu services (%zu could not be read): met "
		"in <b>%zu of %zu</b> windows (missed %zu, insufficient data %zu, no data %zu); "
		"availability ", r->nservices, r->nerrors, t->met, t->n, t->missed,
		t->insufficient, t->unknown);
	html_num(out, t->total.availability_percent, 5, "%");
	fputs(" (time-weighted).</p>\n", out);
	html_legend(out);
	for (size_t i = 0; i < r->nservices; i++)
		if (service(out, r, &r->services[i], i) != 0)
			return -1;
	html_end(out);
	return ferror(out) ? -1 : 0;
}
