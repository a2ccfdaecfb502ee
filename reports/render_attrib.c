#include "render_attrib.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "htmlw.h"
#include "jsonw.h"
#include "perf.h"
#include "render_fmt.h"

/* Room for a cleaned component name (an escape is at most 8 bytes per input byte). */
#define CLEAN_BUF 2048

const char render_attrib_explained[] =
	"a component's share is the part of the composite's down time in its outages during "
	"which that component was down; components can be down at the same time, so shares "
	"can add up to more than 100%";

void render_rule_text(const struct config_service *c, char *buf, size_t len)
{
	if (c->rule_k == c->ncomponents)
		snprintf(buf, len, "all");
	else if (c->rule_k == 1)
		snprintf(buf, len, "any");
	else
		snprintf(buf, len, "%zu of %zu", c->rule_k, c->ncomponents);
}

static void share_text(double v, char *buf, size_t len)
{
	char n[24];

	if (!isfinite(v) || perf_number(n, sizeof(n), v, 2) < 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%s%%", n);
}

/*
 * The components with time in s: "web down 0:10:00 (100%), lb unmonitored 0:02:00; no
 * component down 0:00:30", each name written by name() (text or HTML).
 */
static void line(FILE *out, const struct config_service *c, const struct attrib_span *s,
		 void (*name)(FILE *, const char *))
{
	char t[32], sh[32];
	const char *sep = "";

	for (size_t j = 0; j < c->ncomponents; j++) {
		const struct attrib_part *a = &s->parts[j];
		const double secs[] = { a->down, a->maint, a->unmon };
		static const char *const what[] = { "down", "in downtime", "unmonitored" };

		if (!attrib_part_listed(s, j))
			continue;
		fputs(sep, out);
		name(out, c->component_names[j]);
		for (size_t k = 0; k < 3; k++) {
			if (!(secs[k] > 0.5))
				continue;
			render_hms(secs[k], t, sizeof(t));
			fprintf(out, " %s %s", what[k], t);
			if (k == 0) {
				share_text(attrib_share_percent(s, j), sh, sizeof(sh));
				fprintf(out, " (%s)", sh);
			}
		}
		sep = ", ";
	}
	if (*sep == '\0')
		fprintf(out, "none down");
	if (s->no_component_down > 0.5) {
		render_hms(s->no_component_down, t, sizeof(t));
		fprintf(out, "; no component down %s", t);
	}
}

static void text_name(FILE *out, const char *s)
{
	char nm[CLEAN_BUF];

	fputs(render_text_clean(s, nm, sizeof(nm)), out);
}

void render_attrib_line_text(FILE *out, const char *indent, const char *label,
			     const struct config_service *c, const struct attrib_span *s)
{
	fprintf(out, "%s%s: ", indent, label);
	line(out, c, s, text_name);
	fputc('\n', out);
}

void render_attrib_html_cell(FILE *out, const struct config_service *c,
			     const struct attrib_span *s)
{
	if (s->down > 0)
		line(out, c, s, html_text);
}

static void raw_name(FILE *out, const char *s)
{
	fputs(s, out);
}

char *render_attrib_cell_string(const struct config_service *c, const struct attrib_span *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		return NULL;
	if (s->down > 0)
		line(f, c, s, raw_name);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

void render_attrib_html_table(FILE *out, const char *where, const struct config_service *c,
			      const struct attrib_span *s)
{
	char t[32];

	fprintf(out, "<h3>Down time by component</h3>\n<p class=\"meta\">%s, ", where);
	render_hms(s->down, t, sizeof(t));
	fprintf(out, "%s down (rule: ", t);
	render_rule_text(c, t, sizeof(t));
	fprintf(out, "%s); %s.</p>\n<table class=\"attribution\"><tr><th class=\"name\">"
		"component</th><th>down</th><th>share</th><th>in downtime</th>"
		"<th>unmonitored</th></tr>\n", t, render_attrib_explained);
	for (size_t j = 0; j < c->ncomponents; j++) {
		fputs("<tr><td class=\"name\">", out);
		html_text(out, c->component_names[j]);
		render_hms(s->parts[j].down, t, sizeof(t));
		fprintf(out, "</td><td>%s</td><td>", t);
		html_num(out, attrib_share_percent(s, j), 2, "%");
		render_hms(s->parts[j].maint, t, sizeof(t));
		fprintf(out, "</td><td>%s</td>", t);
		render_hms(s->parts[j].unmon, t, sizeof(t));
		fprintf(out, "<td>%s</td></tr>\n", t);
	}
	render_hms(s->no_component_down, t, sizeof(t));
	fprintf(out, "<tr><td class=\"name\">no component down</td><td>%s</td><td></td><td></td>"
		"<td></td></tr>\n</table>\n", t);
}

void render_attrib_table_text(FILE *out, const char *indent, const struct config_service *c,
			      const struct attrib_span *s)
{
	char nm[CLEAN_BUF], d[32], m[32], u[32], sh[32];
	int w = (int)strlen("no component down");

	for (size_t j = 0; j < c->ncomponents; j++) {
		int n = (int)strlen(render_text_clean(c->component_names[j], nm, sizeof(nm)));

		w = n > w ? (n > 40 ? 40 : n) : w;
	}
	fprintf(out, "%s%-*s  %10s  %8s  %11s  %11s\n", indent, w, "component", "down", "share",
		"in downtime", "unmonitored");
	for (size_t j = 0; j < c->ncomponents; j++) {
		render_hms(s->parts[j].down, d, sizeof(d));
		render_hms(s->parts[j].maint, m, sizeof(m));
		render_hms(s->parts[j].unmon, u, sizeof(u));
		share_text(attrib_share_percent(s, j), sh, sizeof(sh));
		fprintf(out, "%s%-*s  %10s  %8s  %11s  %11s\n", indent, w,
			render_text_clean(c->component_names[j], nm, sizeof(nm)), d, sh, m, u);
	}
	render_hms(s->no_component_down, d, sizeof(d));
	fprintf(out, "%s%-*s  %10s\n", indent, w, "no component down", d);
}

void render_attrib_json(struct jw *w, const struct config_service *c,
			const struct attrib_span *s, int listed_only)
{
	jw_num(w, "down_seconds", s->down, 3);
	jw_num(w, "no_component_down_seconds", s->no_component_down, 3);
	jw_open(w, "components", '[');
	for (size_t j = 0; j < c->ncomponents; j++) {
		if (listed_only && !attrib_part_listed(s, j))
			continue;
		jw_open(w, NULL, '{');
		jw_str(w, "name", c->component_names[j]);
		jw_num(w, "down_seconds", s->parts[j].down, 3);
		jw_num(w, "share_percent", attrib_share_percent(s, j), 6);
		jw_num(w, "maintenance_seconds", s->parts[j].maint, 3);
		jw_num(w, "unmonitored_seconds", s->parts[j].unmon, 3);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}
