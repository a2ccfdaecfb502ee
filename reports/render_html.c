#include "render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "htmlw.h"
#include "render_attrib.h"
#include "render_fmt.h"
#include "render_scorecard.h"
#include "window.h"

/*
 * One self-contained HTML page (htmlw.h): the summary with a mark per service, then per
 * service its figures, the daily availability strip, the error-budget burn-down, the
 * latency over the period and the outage list; the policy and coverage under each.  Every
 * string from the config, the archives or the command line goes through html_text().
 * The charts are the chart.h models of the report's per-day results (report_filter.days).
 */

/* A verdict as a mark and a word: the class (v-<JSON name>) colours it. */
static void mark(FILE *out, enum sla_verdict v)
{
	fprintf(out, "<span class=\"mark v-%s\">%s</span>", sla_verdict_name(v),
		render_verdict_mark(v));
}

static void when(FILE *out, time_t t, const struct zone *z)
{
	char buf[64];

	html_text(out, zone_when(z, t, buf, sizeof(buf)));
}

static void hms(FILE *out, double seconds)
{
	char buf[32];

	render_hms(seconds, buf, sizeof(buf));
	fputs(buf, out);
}

static void latency_cell(FILE *out, const struct report_service *s)
{
	char buf[160];

	render_latency_cell(s, buf, sizeof(buf));
	html_text(out, buf);
}

static void summary_row(FILE *out, const struct report_service *s, size_t i)
{
	const struct sla_result *p = &s->period;

	fprintf(out, "<tr><td class=\"name\"><a href=\"#s%zu\">", i);
	html_text(out, s->name);
	fputs("</a></td><td class=\"name\">", out);
	mark(out, s->verdict);
	if (s->error != NULL) {
		fputs(" <span class=\"error\">cannot read</span></td><td colspan=\"7\"></td></tr>\n",
		      out);
		return;
	}
	fputs("</td><td>", out);
	html_num(out, p->availability_percent, 4, "%");
	fputs("</td><td>", out);
	html_num(out, s->target_percent, 4, "%");
	fputs("</td><td>", out);
	html_num(out, p->margin_percent, 4, "%");
	fputs("</td><td>", out);
	hms(out, p->down);
	fprintf(out, "</td><td>%zu</td><td>", p->noutages);
	html_num(out, p->budget_consumed_percent, 1, "%");
	fputs("</td><td>", out);
	latency_cell(out, s);
	fputs("</td></tr>\n", out);
}

static void summary(FILE *out, const struct report *r)
{
	const struct sla_result *t = &r->total;
	char counts[512];

	fputs("<h2 id=\"summary\">Summary</h2>\n<table class=\"summary\">\n<tr>"
	      "<th class=\"name\">service</th><th class=\"name\">status</th><th>availability</th>"
	      "<th>target</th><th>margin</th><th>down</th><th>outages</th><th>budget used</th>"
	      "<th>latency</th></tr>\n", out);
	for (size_t i = 0; i < r->nservices; i++)
		summary_row(out, &r->services[i], i);
	fputs("<tr class=\"total\"><th class=\"name\">total</th><th class=\"name\">", out);
	mark(out, t->verdict);
	fputs("</th><th>", out);
	html_num(out, t->availability_percent, 4, "%");
	fputs("</th><th></th><th></th><th>", out);
	hms(out, t->down);
	fprintf(out, "</th><th>%zu</th><th>", t->noutages);
	html_num(out, t->budget_consumed_percent, 1, "%");
	fputs("</th><th></th></tr>\n</table>\n", out);
	render_counts_text(r, counts, sizeof(counts));
	fputs("<p class=\"meta counts\">", out);
	html_text(out, counts);
	fputs("</p>\n", out);
}

/* The outage list; a composite's (a non-NULL attribution) names the components in each. */
static void outages(FILE *out, const struct zone *z, const struct sla_result *p,
		    const struct report_service *s)
{
	const struct attrib *a = s->attrib;

	fprintf(out, "<h3>Outages (%zu)</h3>\n", p->noutages);
	if (p->noutages == 0) {
		fputs("<p class=\"meta\">none</p>\n", out);
		return;
	}
	fprintf(out, "<table class=\"outages\"><tr><th class=\"name\">start</th><th class=\"name\">"
		"end</th><th>duration</th>%s</tr>\n",
		a != NULL ? "<th class=\"name\">components</th>" : "");
	for (size_t i = 0; i < p->noutages; i++) {
		fputs("<tr><td class=\"name\">", out);
		when(out, p->outages[i].start, z);
		fputs("</td><td class=\"name\">", out);
		when(out, p->outages[i].end, z);
		fputs("</td><td>", out);
		hms(out, (double)(p->outages[i].end - p->outages[i].start));
		if (a != NULL) {
			fputs("</td><td class=\"name\">", out);
			render_attrib_html_cell(out, s->cfg, &a->outages[i]);
		}
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n", out);
	if (a != NULL)
		render_attrib_html_table(out, "In the outages above", s->cfg, &a->total);
}

/* The chart made by build, or nothing when the service has none of that kind. */
static int chart(FILE *out, const struct report *r, const struct zone *z,
		 const struct report_service *s,
		 int (*build)(const struct report *, const struct report_service *, struct chart *))
{
	struct chart c;
	int rc = build(r, s, &c);

	if (rc > 0)
		html_chart(out, &c, z);
	chart_release(&c);
	return rc < 0 ? -1 : 0;
}

static void policy(FILE *out, const struct report *r, const struct report_service *s)
{
	char text[1024], note[512];

	render_policy_text(s->cfg, text, sizeof(text));
	fputs("<p class=\"meta policy\">Policy: ", out);
	html_text(out, text);
	fputs("; coverage ", out);
	html_num(out, s->period.coverage_percent, 2, "%");
	render_coverage_note(r, s, note, sizeof(note));
	if (note[0] != '\0') {
		fputs("; ", out);
		html_text(out, note);
	}
	fputs(".</p>\n", out);
}

static int service(FILE *out, const struct report *r, const struct zone *z,
		   const struct report_service *s, size_t i)
{
	const struct sla_result *p = &s->period;

	fprintf(out, "<section class=\"service\" id=\"s%zu\">\n<h2>", i);
	html_text(out, s->name);
	fputs(" ", out);
	mark(out, s->verdict);
	fputs("</h2>\n", out);
	if (s->error != NULL) {
		fputs("<p class=\"error\">Cannot read: ", out);
		html_text(out, s->error);
		fputs("</p>\n</section>\n", out);
		return 0;
	}
	fputs("<p class=\"meta figures\">Availability <b>", out);
	html_num(out, p->availability_percent, 4, "%");
	fputs("</b> (target ", out);
	html_num(out, s->target_percent, 4, "%");
	fputs("), down ", out);
	hms(out, p->down);
	fputs(", unmonitored ", out);
	hms(out, p->unmonitored);
	fputs(", error budget used <b>", out);
	html_num(out, p->budget_consumed_percent, 1, "%");
	fputs("</b> of ", out);
	hms(out, p->budget_allowed);
	fputs(", latency ", out);
	latency_cell(out, s);
	fputs(".</p>\n", out);
	if (chart(out, r, z, s, chart_strip) != 0 || chart(out, r, z, s, chart_burndown) != 0 ||
	    chart(out, r, z, s, chart_latency) != 0)
		return -1;
	outages(out, z, p, s);
	policy(out, r, s);
	fputs("</section>\n", out);
	return 0;
}

int render_html(FILE *out, const struct report *r)
{
	const char *title = r->config->title != NULL ? r->config->title : "SLA report";
	/*
	 * Opened and entered once (TZ stays switched while the page is written): every cell
	 * of every chart names its day.  NULL: dates as epochs.
	 */
	struct zone *z = zone_open_entered(r->tz);
	size_t i;

	html_begin(out, title);
	fputs("<h1>", out);
	html_text(out, title);
	fputs("</h1>\n<p class=\"meta period\">Period ", out);
	when(out, r->t0, z);
	fputs(" to ", out);
	when(out, r->t1, z);
	fprintf(out, " (%lld..%lld, end exclusive); generated ", (long long)r->t0,
		(long long)r->t1);
	when(out, r->generated_at, z);
	fputs(".</p>\n", out);
	summary(out, r);
	if (r->scorecard != NULL)
		render_scorecard_html_section(out, r->scorecard, z);
	html_legend(out);
	for (i = 0; i < r->nservices; i++)
		if (service(out, r, z, &r->services[i], i) != 0)
			break;
	zone_close_entered(z);
	if (i < r->nservices)
		return -1;
	html_end(out);
	return ferror(out) ? -1 : 0;
}
