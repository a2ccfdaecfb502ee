#include "plugin.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "perf.h"

static const char *const state_names[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };

const char *plugin_state_name(enum plugin_state s)
{
	return (unsigned)s < 4 ? state_names[s] : "UNKNOWN";
}

int plugin_state_parse(const char *opt, const char *arg, enum plugin_state *out, char *err,
		       size_t errlen)
{
	static const char *const names[] = { [PLUGIN_OK] = "ok", [PLUGIN_WARNING] = "warning",
					     [PLUGIN_CRITICAL] = "critical" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(arg, names[i]) == 0) {
			*out = (enum plugin_state)i;
			return 0;
		}
	}
	snprintf(err, errlen, "bad --%s '%s': ok, warning or critical", opt, arg);
	return -1;
}

enum plugin_state plugin_worst(enum plugin_state a, enum plugin_state b)
{
	static const int severity[] = { 0, 2, 3, 1 };	/* OK, WARNING, CRITICAL, UNKNOWN */

	if ((unsigned)a > 3)
		a = PLUGIN_UNKNOWN;
	if ((unsigned)b > 3)
		b = PLUGIN_UNKNOWN;
	return severity[a] >= severity[b] ? a : b;
}

static void vappend(char *buf, size_t len, const char *sep, const char *fmt, va_list ap)
{
	size_t used = strlen(buf);

	if (used > 0 && sep != NULL && used < len)
		used += (size_t)snprintf(buf + used, len - used, "%s", sep);
	if (used < len)
		vsnprintf(buf + used, len - used, fmt, ap);
}

void plugin_set(struct plugin_result *r, enum plugin_state s, const char *fmt, ...)
{
	va_list ap;

	r->state = s;
	va_start(ap, fmt);
	vsnprintf(r->text, sizeof(r->text), fmt, ap);
	va_end(ap);
}

void plugin_raise(struct plugin_result *r, enum plugin_state s)
{
	r->state = plugin_worst(r->state, s);
}

void plugin_append(struct plugin_result *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vappend(r->text, sizeof(r->text), ", ", fmt, ap);
	va_end(ap);
}

/* A detail line is added whole or not at all; once one is dropped, "..." says so. */
void plugin_detail(struct plugin_result *r, const char *fmt, ...)
{
	static const char more[] = "\n...";
	char line[sizeof(r->details)];
	size_t used = strlen(r->details), n;
	va_list ap;

	if (used >= sizeof(more) - 1 && strcmp(r->details + used - (sizeof(more) - 1), more) == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	n = strlen(line) + (used ? 1 : 0);
	if (used + n + sizeof(more) <= sizeof(r->details)) {
		snprintf(r->details + used, sizeof(r->details) - used, "%s%s", used ? "\n" : "", line);
		return;
	}
	if (used + sizeof(more) <= sizeof(r->details))
		memcpy(r->details + used, more, sizeof(more));
}

void plugin_perf(struct plugin_result *r, const char *label, double value, const char *uom,
		 const struct range *warn, const struct range *crit, double min, double max)
{
	(void)perf_append(r->perf, sizeof(r->perf), label, value, uom, warn, crit, min, max);
}

void plugin_usage_error(struct plugin_result *r, const char *usage, const char *fmt, ...)
{
	va_list ap;

	r->state = PLUGIN_UNKNOWN;
	va_start(ap, fmt);
	vsnprintf(r->text, sizeof(r->text), fmt, ap);
	va_end(ap);
	r->perf[0] = '\0';
	snprintf(r->details, sizeof(r->details), "Usage: %s", usage);
}

/* Copies src into out, replacing what would break the output format. */
static size_t put_clean(char *out, size_t room, const char *src, int keep_newlines)
{
	size_t o = 0;

	for (; *src != '\0' && o < room; src++) {
		char c = *src;

		if (c == '|')
			c = '/';
		else if (c == '\n' && !keep_newlines)
			c = ' ';
		else if ((unsigned char)c < 0x20 && c != '\n')
			c = ' ';
		out[o++] = c;
	}
	return o;
}

size_t plugin_format(const struct plugin_result *r, char *buf, size_t len)
{
	static const char cut[] = "...\n";
	size_t room, o;
	int n;

	if (len > PLUGIN_OUTPUT_MAX)
		len = PLUGIN_OUTPUT_MAX;
	if (len < sizeof(cut) + 1)
		return 0;
	/* Keep space for the cut marker so a long output still ends cleanly. */
	room = len - sizeof(cut);
	if (r->raw != NULL) {
		n = snprintf(buf, len, "%s", r->raw);
		o = (size_t)n < room ? (size_t)n : room;
	} else {
		n = snprintf(buf, room, "%s %s - ", r->service ? r->service : "CHECK",
			     plugin_state_name(r->state));
		o = (size_t)n < room ? (size_t)n : room;
		o += put_clean(buf + o, room - o, r->text, 0);
		if (r->perf[0] != '\0' && o + 3 < room) {
			memcpy(buf + o, " | ", 3);
			o += 3;
			o += put_clean(buf + o, room - o, r->perf, 0);
		}
		if (r->details[0] != '\0' && o + 1 < room) {
			buf[o++] = '\n';
			o += put_clean(buf + o, room - o, r->details, 1);
		}
		if (o < room)
			buf[o++] = '\n';
	}
	if (o >= room) {
		/* Cut at the last full line when there is one, and say that it was cut. */
		const char *nl = memrchr(buf, '\n', room);

		o = nl != NULL ? (size_t)(nl - buf) + 1 : room;
		memcpy(buf + o, cut, sizeof(cut));
		return o + sizeof(cut) - 1;
	}
	buf[o] = '\0';
	return o;
}

int plugin_finish(const struct plugin_result *r)
{
	char out[PLUGIN_OUTPUT_MAX];
	size_t n = plugin_format(r, out, sizeof(out));

	fwrite(out, 1, n, stdout);
	fflush(stdout);
	return (unsigned)r->state <= 3 ? (int)r->state : PLUGIN_UNKNOWN;
}

void plugin_duration(long seconds, char *buf, size_t len)
{
	long d = seconds / 86400, h = seconds % 86400 / 3600, m = seconds % 3600 / 60;
	long sec = seconds % 60;

	if (seconds < 0)
		snprintf(buf, len, "?");
	else if (d > 0)
		snprintf(buf, len, "%ldd %02ldh", d, h);
	else if (h > 0)
		snprintf(buf, len, "%ldh%02ldm", h, m);
	else if (m > 0)
		snprintf(buf, len, "%ldm%02lds", m, sec);
	else
		snprintf(buf, len, "%lds", sec);
}
