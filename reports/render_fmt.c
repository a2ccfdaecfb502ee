#include "render_fmt.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>

#include "cal.h"
#include "perf.h"

/* Named as in reports/sla-report.schema.json; change both together. */
#define F(name, field, dec) { name, offsetof(struct sla_result, field), dec }
const struct render_field render_fields[] = {
	F("availability_percent", availability_percent, 6),
	F("margin_percent", margin_percent, 6),
	F("in_scope_seconds", in_scope, 3),
	F("counted_seconds", counted, 3),
	F("up_seconds", up, 3),
	F("down_seconds", down, 3),
	F("maintenance_seconds", maintenance, 3),
	F("unmonitored_seconds", unmonitored, 3),
	F("longest_outage_seconds", longest_outage, 3),
	F("mttr_seconds", mttr, 3),
	F("mtbf_seconds", mtbf, 3),
	F("budget_allowed_seconds", budget_allowed, 3),
	F("budget_consumed_percent", budget_consumed_percent, 6),
	F("budget_remaining_seconds", budget_remaining, 3),
	F("burn_rate", burn_rate, 6),
	F("credit_percent", credit_percent, 6),
};
#undef F
const size_t render_nfields = sizeof(render_fields) / sizeof(render_fields[0]);

void render_coverage_note(const struct report *r, const struct report_service *s, char *buf,
			  size_t len)
{
	char rows[32], when[64];

	if (len > 0)
		buf[0] = '\0';
	if (s->error != NULL || !s->coarse)
		return;
	render_step_text(s->step, rows, sizeof(rows));
	cal_format(r->t0, r->tz, when, sizeof(when));
	snprintf(buf, len, "computed from %s rows: per-check data does not reach back to %s",
		 rows, when);
}

void render_latency_text(const struct sla_objective *o, char *buf, size_t len)
{
	char a[64], ms[64];

	if (len > 0)
		buf[0] = '\0';
	if (o->latency == SLA_LATENCY_NONE)
		return;
	perf_number(ms, sizeof(ms), o->threshold_s * 1000, 3);
	if (o->latency == SLA_LATENCY_PERCENTILE) {
		perf_number(a, sizeof(a), o->percentile, 3);
		snprintf(buf, len, "p%s <= %sms", a, ms);
	} else {
		perf_number(a, sizeof(a), o->share_percent, 3);
		snprintf(buf, len, "%s%% < %sms", a, ms);
	}
}

void render_hms(double seconds, char *buf, size_t len)
{
	long long s;

	if (isnan(seconds)) {
		snprintf(buf, len, "-");
		return;
	}
	s = llround(seconds < 0 ? 0 : seconds);
	snprintf(buf, len, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
}

void render_step_text(long step, char *buf, size_t len)
{
	if (step == 3600)
		snprintf(buf, len, "hourly");
	else if (step == 86400)
		snprintf(buf, len, "daily");
	else
		snprintf(buf, len, "%ld-second", step);
}
