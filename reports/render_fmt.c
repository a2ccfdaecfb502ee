#include "render_fmt.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

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
	F("coverage_percent", coverage_percent, 6),
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

const char *render_verdict_mark(enum sla_verdict v)
{
	static const char *const marks[] = {
		[SLA_NO_OBJECTIVE] = "\u2013 no objective", [SLA_NO_DATA] = "? no data",
		[SLA_MET] = "\u2714 met", [SLA_INSUFFICIENT] = "? insufficient data",
		[SLA_MISSED] = "\u2718 missed",
	};

	return (unsigned)v < sizeof(marks) / sizeof(marks[0]) ? marks[v] : "?";
}

void render_policy_text(const struct config_service *c, char *buf, size_t len)
{
	char win[32];

	cal_window_format(c->window, c->rolling_days, win, sizeof(win));
	snprintf(buf, len, "maintenance %s, unmonitored %s, warning %s, outages merged within "
		 "%lds, shorter than %lds ignored; window %s; calendar %s; zone %s",
		 sla_count_name(c->policy.maintenance), sla_count_name(c->policy.unmonitored),
		 sla_count_name(c->policy.warning), c->policy.merge_gap,
		 c->policy.ignore_shorter, win, c->calendar_name, c->tz);
}

void render_latency_cell(const struct report_service *s, char *buf, size_t len)
{
	const struct sla_objective *o = &s->cfg->objective;
	char v[32], obj[64];

	if (o->latency == SLA_LATENCY_NONE || s->error != NULL) {
		snprintf(buf, len, "\u2013");
		return;
	}
	render_latency_text(o, obj, sizeof(obj));
	if (o->latency == SLA_LATENCY_PERCENTILE)
		render_num(s->period.latency_value * 1000, 1, "ms", v, sizeof(v));
	else
		render_num(s->period.latency_value, 2, "%", v, sizeof(v));
	snprintf(buf, len, "%s (%s) %s", v, obj, s->latency_met == 1 ? "met" :
		 s->latency_met == 0 ? "missed" : "");
}

void render_counts_text(const struct report *r, char *buf, size_t len)
{
	snprintf(buf, len, "%zu services: %zu met, %zu missed, %zu with insufficient data, %zu "
		 "without data, %zu could not be read%s. The total is time-weighted (\u03a3 up / "
		 "\u03a3 counted).", r->ntotal, r->nmet, r->nmissed, r->ninsufficient, r->nnodata,
		 r->nerrors, r->only_violations ? "; only those needing attention are listed" : "");
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

void render_csv_field(FILE *out, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

const char *render_num(double v, int decimals, const char *unit, char *buf, size_t len)
{
	size_t u = strlen(unit);
	int k = isfinite(v) ? perf_number(buf, len, v, decimals) : -1;

	if (k < 0 || (size_t)k + u >= len)
		snprintf(buf, len, "\u2013");
	else
		memcpy(buf + k, unit, u + 1);
	return buf;
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

size_t render_utf8_len(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;
	unsigned long cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)	/* also stops at the NUL */
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* One character's escape or its bytes as they are, in out (room for 16); its length. */
static size_t clean_one(const char *s, size_t *used, char *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = render_utf8_len(s);

	*used = n ? n : 1;
	if (p[0] == '\\')
		return (size_t)snprintf(out, 16, "\\\\");
	if (p[0] == '\n' || p[0] == '\r' || p[0] == '\t')
		return (size_t)snprintf(out, 16, "\\%c", p[0] == '\n' ? 'n' : p[0] == '\r' ? 'r' : 't');
	if (n == 0 || p[0] < 0x20 || p[0] == 0x7f)
		return (size_t)snprintf(out, 16, "\\x%02x", p[0]);
	if (n == 2 && p[0] == 0xc2 && p[1] < 0xa0)	/* C1 controls: CSI is U+009B */
		return (size_t)snprintf(out, 16, "\\x%02x\\x%02x", p[0], p[1]);
	memcpy(out, s, n);
	return n;
}

const char *render_text_clean(const char *s, char *buf, size_t len)
{
	size_t o = 0, used, total = 0, room;
	char one[16];

	if (len == 0)
		return buf;
	for (const char *p = s; *p != '\0'; p += used)
		total += clean_one(p, &used, one);
	/* All of it, or what fits before "..." and the NUL. */
	room = total < len ? total : len >= 4 ? len - 4 : 0;
	for (const char *p = s; *p != '\0'; p += used) {
		size_t k = clean_one(p, &used, one);

		if (o + k > room)
			break;
		memcpy(buf + o, one, k);
		o += k;
	}
	if (total >= len && len >= 4) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}
