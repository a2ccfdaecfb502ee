#include "render_attrib.h"

#include <stdio.h>

#include "pdfw.h"
#include "render_fmt.h"

/* As render_attrib_html_table(), with the same columns and words. */
static const struct pdfw_col cols[] = {
	{ "component", 0.36, 0 }, { "down", 0.16, 1 }, { "share", 0.16, 1 },
	{ "in downtime", 0.16, 1 }, { "unmonitored", 0.16, 1 },
};
#define NCOLS (sizeof(cols) / sizeof(cols[0]))

void render_attrib_pdf_table(struct pdfw *w, const char *where, const struct config_service *c,
			     const struct attrib_span *s)
{
	char t[32], rule[32], text[512];

	render_hms(s->down, t, sizeof(t));
	render_rule_text(c, rule, sizeof(rule));
	pdfw_heading(w, 2, "Down time by component", NULL, PDFW_PLAIN, 40);
	snprintf(text, sizeof(text), "%s, %s down (rule: %s); %s.", where, t, rule,
		 render_attrib_explained);
	pdfw_paragraph(w, text, 1);
	pdfw_table(w, cols, NCOLS);
	for (size_t j = 0; j < c->ncomponents; j++) {
		char d[32], sh[32], m[32], u[32];
		const char *cells[NCOLS] = { c->component_names[j], d, sh, m, u };

		render_hms(s->parts[j].down, d, sizeof(d));
		render_num(attrib_share_percent(s, j), 2, "%", sh, sizeof(sh));
		render_hms(s->parts[j].maint, m, sizeof(m));
		render_hms(s->parts[j].unmon, u, sizeof(u));
		pdfw_row(w, cells, NULL, 0);
	}
	render_hms(s->no_component_down, t, sizeof(t));
	pdfw_row(w, (const char *const[]){ "no component down", t, NULL, NULL, NULL }, NULL, 0);
	pdfw_table_end(w);
}
