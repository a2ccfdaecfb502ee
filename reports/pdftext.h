/*
 * pdftext — text for the PDF writer (pdfw.c): measured, wrapped and drawn.  Pango shapes
 * any text (font fallback, every script), but a report is thousands of short cells of
 * digits and Latin names, and shaping each alone was most of the time of a PDF.  So text
 * whose every character the font has (by code point, below U+2800) takes a fast path:
 * advances from a per-font cache, greedy word wrap, and glyphs collected per font and
 * colour and drawn with one cairo_show_glyphs() per page; anything else goes through a
 * pango layout.  The fast path does not kern; lines have pango's height and baseline so
 * both paths line up.  Only pdfw.c and pdffont.c include this header.
 */
#ifndef PDFTEXT_H
#define PDFTEXT_H

#include <stddef.h>

#include <cairo.h>
#include <pango/pangocairo.h>

/* A text measured for drawing: glyphs of the fast path, or a pango layout. */
struct pdftext_piece {
	PangoLayout *layout;	/* NULL: the fast path's glyphs [g0, g0 + ng) */
	int font;
	size_t g0, ng;
	double width, height;	/* the widest line; lines x line height */
	int lines;
};

struct pdftext;

/*
 * A text setter for fonts[0..nfonts) in context ctx (both must outlive it); caller frees
 * with pdftext_free().  NULL when out of memory.
 */
struct pdftext *pdftext_new(PangoContext *ctx, PangoFontDescription *const *fonts, int nfonts);
void pdftext_free(struct pdftext *t);

/* Forgets the pieces measured so far (their glyphs); drawn ones are kept. */
void pdftext_reset(struct pdftext *t);

/*
 * s (valid UTF-8) in font, wrapped at width (<= 0: one line), right-aligned in width when
 * right; into p.  layout is used when s cannot take the fast path: it must stay unchanged
 * until p is drawn.  0, or -1 when out of memory.
 */
int pdftext_measure(struct pdftext *t, PangoLayout *layout, int font, const char *s,
		    double width, int right, struct pdftext_piece *p);

/*
 * p with its top-left corner at (x, y) in colour rgb (0xRRGGBB): a layout is drawn on cr
 * at once, fast-path glyphs when pdftext_flush() is called.  0, or -1 when out of memory.
 */
int pdftext_draw(struct pdftext *t, cairo_t *cr, const struct pdftext_piece *p, double x,
		 double y, unsigned rgb);

/* Draws the glyphs collected since the last flush on cr (text over everything else). */
void pdftext_flush(struct pdftext *t, cairo_t *cr);

#endif
