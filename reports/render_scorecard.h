/*
 * render_scorecard — the balanced scorecard (scorecard.h) in each output format: every
 * KPI with its value, thresholds, score, status, previous value and trend, and the trace
 * to the report figure it came from; the perspectives' and the card's weighted scores.
 * Each returns 0, or -1 when writing failed.
 */
#ifndef RENDER_SCORECARD_H
#define RENDER_SCORECARD_H

#include <stdio.h>

#include "scorecard.h"
#include "zone.h"

struct pdfw;

#define RENDER_SCORECARD_SCHEMA "nines-sla-scorecard/1"

int render_scorecard_text(FILE *out, const struct sc_card *c);
int render_scorecard_csv(FILE *out, const struct sc_card *c);
int render_scorecard_json(FILE *out, const struct sc_card *c);
struct jw;
/* The card as a JSON object under key (NULL: an array element or the document). */
void render_scorecard_json_object(struct jw *w, const char *key, const struct sc_card *c);
/* One self-contained page (htmlw.h). */
int render_scorecard_html(FILE *out, const struct sc_card *c);
/* The scorecard as a section of another page (the report's summary); dates in z. */
void render_scorecard_html_section(FILE *out, const struct sc_card *c, const struct zone *z);

/* A4 PDF (pdfw.h) with a cover; the card's font and logo checked first with pdfw_prepare(). */
int render_scorecard_pdf(FILE *out, const struct sc_card *c);
/* The scorecard as a section of the report's PDF; dates in z. */
void render_scorecard_pdf_section(struct pdfw *w, const struct sc_card *c, const struct zone *z);

/* A KPI's value as text in its unit: h:mm:ss for MTTR and MTBF, else a plain decimal. */
void render_scorecard_value(const struct sc_kpi *k, double v, char *buf, size_t len);

#endif
