#include "render.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "cal.h"
#include "jsonw.h"
#include "perf.h"
#include "render_attrib.h"
#include "render_fmt.h"
#include "render_scorecard.h"

/* The layout is reports/sla-report.schema.json; change both together. */

static void put_outages(struct jw *w, const struct sla_result *res)
{
	jw_open(w, "outages", '[');
	for (size_t i = 0; res != NULL && i < res->noutages; i++) {
		jw_open(w, NULL, '{');
		jw_int(w, "start", (long long)res->outages[i].start);
		jw_int(w, "end", (long long)res->outages[i].end);
		jw_int(w, "duration_seconds",
		       (long long)(res->outages[i].end - res->outages[i].start));
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void put_latency(struct jw *w, const struct sla_objective *o,
			const struct sla_result *res, int met)
{
	char text[64];
	double v = res != NULL ? res->latency_value : NAN;

	render_latency_text(o, text, sizeof(text));
	jw_open(w, "latency", '{');
	jw_str(w, "objective", o->latency == SLA_LATENCY_NONE ? NULL : text);
	jw_num(w, "value_ms", o->latency == SLA_LATENCY_PERCENTILE ? v * 1000 : NAN, 3);
	jw_num(w, "share_percent", o->latency == SLA_LATENCY_SHARE ? v : NAN, 6);
	jw_bool(w, "met", met);
	if (res != NULL)
		jw_int(w, "samples", (long long)res->latency_samples);
	else
		jw_str(w, "samples", NULL);
	jw_close(w, '}');
}

/* The fields every result has; res NULL (a service that could not be read): nulls. */
static void put_result(struct jw *w, const struct sla_objective *o,
		       const struct sla_result *res, int met, int latency_met, const char *verdict)
{
	jw_num(w, "target_percent", o != NULL ? o->target_percent : NAN, 6);
	jw_bool(w, "met", met);
	jw_str(w, "verdict", verdict);
	for (size_t i = 0; i < render_nfields; i++)
		jw_num(w, render_fields[i].name, res == NULL ? NAN :
		       *(const double *)((const char *)res + render_fields[i].offset),
		       render_fields[i].decimals);
	if (res == NULL)
		jw_str(w, "outage_count", NULL);
	else
		jw_int(w, "outage_count", (long long)res->noutages);
	if (o != NULL)
		put_latency(w, o, res, latency_met);
	if (res != NULL)
		jw_bool(w, "coarse", res->coarse);
}

static void put_policy(struct jw *w, const struct config_service *c)
{
	jw_open(w, "policy", '{');
	jw_str(w, "maintenance", sla_count_name(c->policy.maintenance));
	jw_str(w, "unmonitored", sla_count_name(c->policy.unmonitored));
	jw_str(w, "warning", sla_count_name(c->policy.warning));
	jw_int(w, "merge_outages_within_seconds", c->policy.merge_gap);
	jw_int(w, "ignore_outages_shorter_than_seconds", c->policy.ignore_shorter);
	jw_close(w, '}');
	jw_open(w, "credits", '[');
	for (size_t i = 0; i < c->objective.ncredits; i++) {
		jw_open(w, NULL, '{');
		jw_num(w, "below_percent", c->objective.credits[i].below_percent, 6);
		jw_num(w, "credit_percent", c->objective.credits[i].credit_percent, 6);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void put_windows(struct jw *w, const struct report *r, const struct report_service *s)
{
	const struct config_service *c = s->cfg;

	jw_open(w, "windows", '[');
	for (size_t i = 0; i < s->nwindows; i++) {
		const struct sla_result *res = &s->windows[i];

		jw_open(w, NULL, '{');
		jw_time(w, "start", "start_local", res->t0, r->tz);
		jw_time(w, "end", "end_local", res->t1, r->tz);
		put_result(w, &c->objective, res, res->met, res->latency_met,
			   sla_verdict_name(res->verdict));
		put_outages(w, res);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

/* A composite's period outages by component (attrib.h); only composites have the member. */
static void put_attribution(struct jw *w, const struct report_service *s)
{
	const struct attrib *a = s->attrib;
	char rule[32];

	render_rule_text(s->cfg, rule, sizeof(rule));
	jw_open(w, "attribution", '{');
	jw_str(w, "rule", rule);
	render_attrib_json(w, s->cfg, &a->total, 0);
	jw_open(w, "outages", '[');
	for (size_t k = 0; k < a->noutages; k++) {
		jw_open(w, NULL, '{');
		jw_int(w, "start", (long long)s->period.outages[k].start);
		jw_int(w, "end", (long long)s->period.outages[k].end);
		render_attrib_json(w, s->cfg, &a->outages[k], 1);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_close(w, '}');
}

static void put_service(struct jw *w, const struct report *r, const struct report_service *s)
{
	const struct config_service *c = s->cfg;
	const struct sla_result *res = s->error == NULL ? &s->period : NULL;
	char buf[4096], msg[256];
	int named = report_archive_path(&c->archive, buf, sizeof(buf), msg, sizeof(msg)) == 0;

	jw_open(w, NULL, '{');
	jw_str(w, "name", s->name);
	jw_str(w, "archive", named ? buf : NULL);
	jw_str(w, "error", s->error);
	jw_str(w, "error_kind", s->error != NULL ? reader_status_name(s->status) : NULL);
	put_result(w, &c->objective, res, s->met, s->latency_met,
		   res != NULL ? sla_verdict_name(s->verdict) : NULL);
	put_outages(w, res);
	jw_str(w, "calendar", c->calendar_name);
	jw_str(w, "time_zone", c->tz);
	cal_window_format(c->window, c->rolling_days, buf, sizeof(buf));
	jw_str(w, "window", buf);
	put_policy(w, c);
	jw_open(w, "coverage", '{');
	jw_num(w, "unmonitored_seconds", res != NULL ? res->unmonitored : NAN, 3);
	jw_num(w, "min_coverage_percent", c->objective.min_coverage_percent, 6);
	jw_bool(w, "coarse", res != NULL ? s->coarse : -1);
	if (res != NULL && s->step > 0)
		jw_int(w, "row_step_seconds", s->step);
	else
		jw_str(w, "row_step_seconds", NULL);
	render_coverage_note(r, s, buf, sizeof(buf));
	jw_str(w, "note", res != NULL && s->coarse ? buf : NULL);
	jw_close(w, '}');
	put_windows(w, r, s);
	if (s->error == NULL && s->attrib != NULL)
		put_attribution(w, s);
	jw_close(w, '}');
}

static void put_total(struct jw *w, const struct report *r)
{
	jw_open(w, "total", '{');
	jw_str(w, "weighting", "time-weighted");
	jw_int(w, "services", (long long)r->ntotal);
	jw_int(w, "services_with_errors", (long long)r->nerrors);
	jw_int(w, "services_missed", (long long)r->nmissed);
	jw_int(w, "services_met", (long long)r->nmet);
	jw_int(w, "services_insufficient_data", (long long)r->ninsufficient);
	jw_int(w, "services_no_data", (long long)r->nnodata);
	jw_int(w, "services_judged", (long long)r->njudged);
	put_result(w, NULL, &r->total, r->total.met, r->total.latency_met,
		   r->ntotal > r->nerrors ? sla_verdict_name(r->total.verdict) : NULL);
	jw_bool(w, "latency_met", r->total.latency_met);
	jw_int(w, "latency_samples", (long long)r->total.latency_samples);
	jw_close(w, '}');
}

int render_json(FILE *out, const struct report *r)
{
	struct jw w = { out, 0, 1 };

	jw_open(&w, NULL, '{');
	jw_str(&w, "schema", RENDER_JSON_SCHEMA);
	jw_str(&w, "title", r->config->title);
	jw_time(&w, "generated_at", "generated_at_local", r->generated_at, r->tz);
	jw_open(&w, "period", '{');
	jw_time(&w, "start", "start_local", r->t0, r->tz);
	jw_time(&w, "end", "end_local", r->t1, r->tz);
	jw_str(&w, "time_zone", r->tz);
	jw_close(&w, '}');
	jw_bool(&w, "only_violations", r->only_violations);
	jw_open(&w, "services", '[');
	for (size_t i = 0; i < r->nservices; i++)
		put_service(&w, r, &r->services[i]);
	jw_close(&w, ']');
	put_total(&w, r);
	if (r->scorecard != NULL)
		render_scorecard_json_object(&w, "scorecard", r->scorecard);
	jw_close(&w, '}');
	fputc('\n', out);
	return ferror(out) ? -1 : 0;
}
