/*
 * render_attrib — a composite's down time by component (attrib.h) as the renderers of
 * reports and back-tests print it (text, JSON, HTML, PDF), and the rule's name they share.
 */
#ifndef RENDER_ATTRIB_H
#define RENDER_ATTRIB_H

#include <stddef.h>
#include <stdio.h>

#include "attrib.h"
#include "config.h"

/* A composite's rule as the config says it: "all", "any" or "2 of 3". */
void render_rule_text(const struct config_service *c, char *buf, size_t len);

/*
 * One line: "<indent><label>: web down 0:10:00 (100%), lb unmonitored 0:02:00; no
 * component down 0:00:30", the components with time in s.  c is the composite (its
 * component names).
 */
void render_attrib_line_text(FILE *out, const char *indent, const char *label,
			     const struct config_service *c, const struct attrib_span *s);

/*
 * A composite's down time by component as a small table, one line per component (down,
 * share, in downtime, unmonitored), then the time no component was down.
 */
void render_attrib_table_text(FILE *out, const char *indent, const struct config_service *c,
			      const struct attrib_span *s);

struct jw;

/*
 * Into the open JSON object w: "down_seconds", "no_component_down_seconds" and
 * "components" (name, down_seconds, share_percent, maintenance_seconds,
 * unmonitored_seconds): every component, or with listed_only those with time in s.
 */
void render_attrib_json(struct jw *w, const struct config_service *c,
			const struct attrib_span *s, int listed_only);

/*
 * HTML (names through html_text()): the components with time in s as the content of a
 * table cell, as render_attrib_line_text() says them, and nothing when s has no down time
 * (a window without an outage); and the table of
 * render_attrib_table_text() with the explanation above it, which starts with where
 * ("In the outages above").
 */
void render_attrib_html_cell(FILE *out, const struct config_service *c,
			     const struct attrib_span *s);
/*
 * The same words with the names as they are, for a writer that cleans names itself (PDF),
 * as a new string (caller frees); NULL when out of memory.
 */
char *render_attrib_cell_string(const struct config_service *c, const struct attrib_span *s);
void render_attrib_html_table(FILE *out, const char *where, const struct config_service *c,
			      const struct attrib_span *s);

struct pdfw;

/*
 * The table of render_attrib_table_text() in a PDF (render_attrib_pdf.c): a heading, the
 * explanation that starts with where ("In the outages above"), one row per component and
 * the time no component was down.
 */
void render_attrib_pdf_table(struct pdfw *w, const char *where, const struct config_service *c,
			     const struct attrib_span *s);

/* The sentence that heads those tables: what a share is and why they can add up past 100 %. */
extern const char render_attrib_explained[];

#endif
