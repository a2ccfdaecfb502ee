/*
 * pdfw — a small page-layout writer for the PDF renderers (reports, back-tests, scorecards):
 * A4 portrait pages with fixed margins, a cursor that moves down the page, text set with
 * pango in one font family found through fontconfig, tables whose rows are never split
 * across pages and whose header row repeats on every page the table reaches, charts
 * (chart.h) drawn as cairo vector paths, a header line on every page after the cover and a
 * footer "page N of M".
 *
 * The caller's layout runs twice (pdfw_write()): once without drawing, which counts the
 * pages (M), then for real, each page drawn into a cairo recording surface and handed,
 * once finished, to a thread that writes it into the PDF while the next pages are laid
 * out: cairo's PDF output is most of the time, and it no longer waits for the layout.
 *
 * Text is plain text, never pango markup: every name from a config or an archive is shown
 * as it is, with control characters and bytes that are not UTF-8 as C escapes (\x1b), as
 * in the text report (render_text_clean).  No cairo or pango type appears here; only
 * pdfw.c, pdffont.c, pdftext.c and chart_cairo.c include those headers (the Makefile's PDF_SRC).
 *
 * Usage (render_pdf.c is a whole example):
 *	if (pdfw_prepare(font, logo, err, len) != 0) ...	in the CLI, then the archives are read
 *	static int body(struct pdfw *w, void *arg)	the document, laid out
 *	{
 *		pdfw_cover(w, title, lines, nlines);	optional: a page of its own
 *		pdfw_heading(w, 1, "Summary", NULL, PDFW_PLAIN, 60);
 *		pdfw_paragraph(w, "text", 0);
 *		pdfw_table(w, cols, n);  pdfw_row(w, cells, tones, 0);  ...  pdfw_table_end(w);
 *		pdfw_chart(w, &chart, zone);
 *		return 0;
 *	}
 *	rc = pdfw_write(&(struct pdfw_opts){ .title = t, .font = f }, body, arg, out, err, len);
 * Every drawing call after a failure (out of memory, a cairo error) does nothing; the
 * failure is reported once, by pdfw_write().
 */
#ifndef PDFW_H
#define PDFW_H

#include <stddef.h>
#include <stdio.h>

#include "chart.h"
#include "zone.h"

#define PDFW_DEFAULT_FONT "DejaVu Sans"

struct pdfw_opts {
	const char *title;	/* document title (metadata) and the header line of each page */
	const char *subtitle;	/* right of the header line (e.g. the period), or NULL */
	const char *font;	/* font family; NULL: PDFW_DEFAULT_FONT */
	const char *logo;	/* PNG file shown on the cover, or NULL */
	const char *footer;	/* left of the footer (e.g. the generation time), or NULL */
};

/*
 * What a command does for a PDF before any work or output: checks that font is a family
 * fontconfig has (the family of its best match is the one asked for, not a substitute)
 * and that logo, when not NULL, is a readable PNG file cairo can decode; then starts
 * loading the family (pdfw_preload()) while the archives are read.  0, or -1 with a
 * one-line message (nothing started).
 */
int pdfw_prepare(const char *font, const char *logo, char *err, size_t errlen);

/*
 * Loads font family font (NULL: the default) in a thread of its own while the caller goes
 * on; the next pdfw_write() in that family waits for it and takes it, one in another
 * family loads its own.
 */
void pdfw_preload(const char *font);

struct pdfw;

/*
 * Writes to out the document body lays out with the calls below, in o's title, font,
 * logo and footer.  body runs twice with arg: first without drawing, to count the pages,
 * then drawing while the pages it has finished are written out; it must lay out the same
 * both times.  body returns 0, or -1 when out of memory.  0, or -1 with a one-line
 * message (out then holds part of a file).
 */
int pdfw_write(const struct pdfw_opts *o, int (*body)(struct pdfw *w, void *arg), void *arg,
	       FILE *out, char *err, size_t errlen);

/* Colours of text and marks, the same meaning as the charts' tones. */
enum pdfw_tone {
	PDFW_PLAIN,
	PDFW_GOOD,	/* met: green */
	PDFW_BAD,	/* missed: red */
	PDFW_WARN,	/* insufficient data: amber */
	PDFW_MUTED,	/* no data, no objective: grey */
};

/* The colour of a verdict's mark: met green, missed red, insufficient data amber, else grey. */
enum pdfw_tone pdfw_verdict_tone(enum sla_verdict v);

/*
 * A cover page: the logo (if any) at the top, title large, then each of lines[0..n) as a
 * paragraph (period, generation time, ...); the next content starts on a new page.
 */
void pdfw_cover(struct pdfw *w, const char *title, const char *const *lines, size_t n);

/*
 * A heading of level 1 (section) or 2 (subsection), then mark (NULL: none) in the colour
 * of tone, kept with at least keep points of what follows it: when less room than that
 * is left under it, it starts a new page.
 */
void pdfw_heading(struct pdfw *w, int level, const char *text, const char *mark,
		  enum pdfw_tone tone, double keep);
/* Wrapped text across the content width; small: the smaller, grey type of notes. */
void pdfw_paragraph(struct pdfw *w, const char *text, int small);
/* Vertical space in points, never carried over to the top of a new page. */
void pdfw_space(struct pdfw *w, double pt);
/* A new page unless the cursor is already at the top of an empty one. */
void pdfw_page_break(struct pdfw *w);
/* Starts a new page when less than pt points are left on this one. */
void pdfw_keep(struct pdfw *w, double pt);


struct pdfw_col {
	const char *head;	/* header text */
	double width;		/* share of the content width; the shares add up to 1 */
	int right;		/* right-aligned (numbers) */
};

/*
 * A table of ncols columns (cols must live until pdfw_table_end()).  Its header row is
 * drawn now and again at the top of every page a later row starts on; the header never
 * stands alone at the bottom of a page.
 */
void pdfw_table(struct pdfw *w, const struct pdfw_col *cols, size_t ncols);
/*
 * One row: cells[0..ncols) (NULL: empty), tones NULL or one per cell.  A row is never
 * split: when it does not fit under the cursor it starts a new page (after the header).
 * strong: bold type (a total row).
 */
void pdfw_row(struct pdfw *w, const char *const *cells, const enum pdfw_tone *tones,
	      int strong);
void pdfw_table_end(struct pdfw *w);

/* A line of coloured squares with words: what the chart colours mean. */
void pdfw_legend(struct pdfw *w);

/*
 * c drawn across the content width with its caption under it (what it shows, where a
 * line ends, the target), never split across pages; dates in zone z (NULL: epochs).
 */
void pdfw_chart(struct pdfw *w, const struct chart *c, const struct zone *z);

#endif
