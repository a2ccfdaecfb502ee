#include "render_backtest.h"

#include <math.h>
#include <stdio.h>

#include "cal.h"
#include "jsonw.h"
#include "render_attrib.h"
#include "render_fmt.h"
#include "report.h"
#include "window.h"

/* The layout is reports/sla-backtest.schema.json; change both together. */

static void put_terms(struct jw *w, const struct bt_setup *s)
{
	const struct sla_objective *o = &s->terms.objective;
	char buf[256];

	jw_open(w, "objective", '{');
	jw_num(w, "target_percent", o->target_percent, 6);
	render_latency_text(o, buf, sizeof(buf));
	jw_str(w, "latency", buf[0] ? buf : NULL);
	cal_window_format(s->window, s->rolling_days, buf, sizeof(buf));
	jw_str(w, "window", buf);
	jw_str(w, "calendar", s->calendar_name);
	jw_str(w, "time_zone", s->tz);
	render_backtest_policy(&s->policy, buf, sizeof(buf));
	jw_str(w, "policy", buf);
	jw_open(w, "credits", '[');
	for (size_t i = 0; i < o->ncredits; i++) {
		jw_open(w, NULL, '{');
		jw_num(w, "below_percent", o->credits[i].below_percent, 6);
		jw_num(w, "credit_percent", o->credits[i].credit_percent, 6);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_open(w, "rewards", '[');
	for (size_t i = 0; i < s->terms.nrewards; i++) {
		jw_open(w, NULL, '{');
		jw_num(w, "at_or_above_percent", s->terms.rewards[i].at_percent, 6);
		jw_num(w, "bonus_percent", s->terms.rewards[i].bonus_percent, 6);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_num(w, "bill", s->terms.bill, 2);
	if (s->terms.chronic.of > 0) {
		jw_open(w, "chronic_breach", '{');
		jw_int(w, "missed", s->terms.chronic.missed);
		jw_int(w, "of", s->terms.chronic.of);
		jw_close(w, '}');
	} else {
		jw_str(w, "chronic_breach", NULL);
	}
	jw_open(w, "alerts", '[');
	for (size_t i = 0; i < s->nalerts; i++) {
		jw_open(w, NULL, '{');
		jw_str(w, "severity", bt_severity_name(s->alerts[i].severity));
		jw_num(w, "burn_rate", s->alerts[i].factor, 6);
		jw_int(w, "long_seconds", s->alerts[i].long_s);
		jw_int(w, "short_seconds", s->alerts[i].short_s);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_close(w, '}');
}

/* A composite's down time by component in s (attrib.h); only composites have the member. */
static void put_attribution(struct jw *w, const struct bt_service *bs,
			    const struct attrib_span *s)
{
	char rule[32];

	render_rule_text(bs->set.service, rule, sizeof(rule));
	jw_open(w, "attribution", '{');
	jw_str(w, "rule", rule);
	render_attrib_json(w, bs->set.service, s, 0);
	jw_close(w, '}');
}

static void put_window(struct jw *w, const struct bt_service *bs, const struct bt_window *x)
{
	const struct sla_result *r = &x->r;

	jw_open(w, NULL, '{');
	jw_time(w, "start", "start_local", r->t0, bs->set.tz);
	jw_time(w, "end", "end_local", r->t1, bs->set.tz);
	jw_bool(w, "before_data", x->before_data);
	jw_num(w, "availability_percent", r->availability_percent, 6);
	jw_num(w, "latency_value", r->latency_value, 6);
	jw_bool(w, "availability_met", r->met);
	jw_bool(w, "latency_met", r->latency_met);
	jw_str(w, "verdict", sla_verdict_name(r->verdict));
	jw_num(w, "margin_seconds", r->budget_remaining, 3);
	jw_num(w, "margin_percent", r->margin_percent, 6);
	jw_num(w, "budget_consumed_percent", r->budget_consumed_percent, 6);
	jw_int(w, "outage_count", (long long)r->noutages);
	jw_num(w, "longest_outage_seconds", r->longest_outage, 3);
	jw_num(w, "credit_percent", r->credit_percent, 6);
	jw_num(w, "reward_percent", x->reward_percent, 6);
	jw_num(w, "coverage_percent", r->coverage_percent, 6);
	jw_num(w, "in_scope_seconds", r->in_scope, 3);
	jw_num(w, "unmonitored_seconds", r->unmonitored, 3);
	jw_int(w, "pages", (long long)x->alerts[BT_PAGE]);
	jw_int(w, "tickets", (long long)x->alerts[BT_TICKET]);
	jw_bool(w, "chronic_breach", bs->set.terms.chronic.of > 0 ? x->chronic : -1);
	if (bs->attrib != NULL)
		put_attribution(w, bs, &bs->attrib[x - bs->windows].total);
	jw_close(w, '}');
}

static void put_summary(struct jw *w, const char *key, const struct bt_summary *s,
			const struct bt_service *bs)
{
	jw_open(w, key, '{');
	jw_int(w, "windows", (long long)s->n);
	jw_int(w, "met", (long long)s->met);
	jw_int(w, "missed", (long long)s->missed);
	jw_int(w, "insufficient_data", (long long)s->insufficient);
	jw_int(w, "unknown", (long long)s->unknown);
	jw_num(w, "availability_percent", s->total.availability_percent, 6);
	if (bs != NULL && s->worst != (size_t)-1)
		jw_int(w, "worst_window_start", (long long)bs->windows[s->worst].r.t0);
	else
		jw_str(w, "worst_window_start", NULL);
	jw_num(w, "credit_percent", s->credit_percent, 6);
	jw_num(w, "reward_percent", s->reward_percent, 6);
	jw_num(w, "credit_money", s->credit_money, 2);
	jw_num(w, "reward_money", s->reward_money, 2);
	jw_num(w, "min_percent", s->min, 6);
	jw_num(w, "median_percent", s->median, 6);
	jw_num(w, "p10_percent", s->p10, 6);
	jw_num(w, "confidence", s->confidence, 6);
	jw_int(w, "recommended_met_in", (long long)s->need);
	jw_num(w, "recommended_target_percent", s->recommended, 6);
	if (bs != NULL && s->recommended_window != (size_t)-1)
		jw_int(w, "recommended_window_start",
		       (long long)bs->windows[s->recommended_window].r.t0);
	else
		jw_str(w, "recommended_window_start", NULL);
	jw_int(w, "chronic_triggers", (long long)s->chronic_triggers);
	jw_bool(w, "chronic_at_end", s->chronic_at_end);
	jw_int(w, "pages", (long long)s->alerts[BT_PAGE]);
	jw_int(w, "tickets", (long long)s->alerts[BT_TICKET]);
	if (bs != NULL && bs->attrib != NULL)
		put_attribution(w, bs, &bs->attrib_total.total);
	jw_close(w, '}');
}

static void put_alerts(struct jw *w, const struct bt_service *bs)
{
	jw_open(w, "alerts", '[');
	for (int k = 0; k < BT_NSEVERITIES; k++)
		for (size_t e = 0; e < bs->nepisodes[k]; e++) {
			jw_open(w, NULL, '{');
			jw_str(w, "severity", bt_severity_name((enum bt_severity)k));
			jw_time(w, "start", "start_local", bs->episodes[k][e], bs->set.tz);
			jw_close(w, '}');
		}
	jw_close(w, ']');
}

static void put_sweep(struct jw *w, const struct bt_report *r, const struct bt_service *bs)
{
	jw_open(w, "sweep", '[');
	for (size_t j = 0; bs->sweep != NULL && j < r->ntargets; j++) {
		const struct bt_sweep_row *x = &bs->sweep[j];

		jw_open(w, NULL, '{');
		jw_num(w, "target_percent", x->target, 6);
		jw_int(w, "met", (long long)x->met);
		jw_int(w, "missed", (long long)x->missed);
		jw_int(w, "insufficient_data", (long long)x->insufficient);
		jw_int(w, "unknown", (long long)x->unknown);
		jw_num(w, "credit_percent", x->credit_percent, 6);
		jw_num(w, "reward_percent", x->reward_percent, 6);
		jw_int(w, "pages", (long long)x->alerts[BT_PAGE]);
		jw_int(w, "tickets", (long long)x->alerts[BT_TICKET]);
		jw_int(w, "chronic_triggers", (long long)x->chronic);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void put_service(struct jw *w, const struct bt_report *r, const struct bt_service *bs)
{
	jw_open(w, NULL, '{');
	jw_str(w, "name", bs->set.name);
	jw_str(w, "error", bs->error);
	put_terms(w, &bs->set);
	jw_bool(w, "coarse", bs->error ? -1 : bs->coarse);
	if (bs->first_data != 0)
		jw_time(w, "first_data", "first_data_local", bs->first_data, bs->set.tz);
	else
		jw_str(w, "first_data", NULL);
	jw_open(w, "windows", '[');
	for (size_t i = 0; bs->error == NULL && i < bs->nwindows; i++)
		put_window(w, bs, &bs->windows[i]);
	jw_close(w, ']');
	if (bs->error == NULL)
		put_summary(w, "summary", &bs->summary, bs);
	else
		jw_str(w, "summary", NULL);
	put_alerts(w, bs);
	put_sweep(w, r, bs);
	jw_close(w, '}');
}

int render_backtest_json(FILE *out, const struct bt_report *r)
{
	struct jw w = { out, 0, 1 };

	jw_open(&w, NULL, '{');
	jw_str(&w, "schema", RENDER_BACKTEST_SCHEMA);
	jw_str(&w, "title", r->title);
	jw_time(&w, "generated_at", "generated_at_local", r->generated_at, r->tz);
	jw_open(&w, "services", '[');
	for (size_t i = 0; i < r->nservices; i++)
		put_service(&w, r, &r->services[i]);
	jw_close(&w, ']');
	put_summary(&w, "total", &r->total, NULL);
	jw_close(&w, '}');
	fputc('\n', out);
	return ferror(out) ? -1 : 0;
}
