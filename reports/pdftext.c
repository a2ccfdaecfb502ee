#include "pdftext.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render_fmt.h"

/* Code points the fast path knows: Latin, Greek, punctuation, arrows, ✔ ✘ (U+2714/8). */
#define FAST_MAX 0x2800
#define MAX_FONTS 16
#define MAX_BATCHES 32

/* A code point's glyph in one font: index + 1 (0: not looked up), or MISSING. */
#define MISSING UINT32_MAX
struct glyph {
	uint32_t index1;
	double advance;
};

struct face {
	PangoFont *font;
	cairo_scaled_font_t *scaled;	/* NULL: this font takes no fast path */
	double height, baseline;	/* of a line, as pango sets it */
	struct glyph *glyphs;		/* [FAST_MAX], made on first use */
};

/* The glyphs of one font and colour waiting for pdftext_flush(). */
struct batch {
	int font;
	unsigned rgb;
	cairo_glyph_t *g;
	size_t n, cap;
};

struct pdftext {
	PangoFontDescription *const *fonts;
	struct face faces[MAX_FONTS];
	int nfonts;
	cairo_glyph_t *scratch;		/* the measured pieces' glyphs, relative to their corner */
	size_t nscratch, capscratch;
	struct batch batches[MAX_BATCHES];
	int nbatches;
};

static int grow(cairo_glyph_t **g, size_t *cap, size_t need)
{
	size_t cap2 = *cap ? *cap : 256;
	cairo_glyph_t *p;

	if (need <= *cap)
		return 0;
	while (cap2 < need)
		cap2 *= 2;
	if ((p = realloc(*g, cap2 * sizeof(*p))) == NULL)
		return -1;
	*g = p;
	*cap = cap2;
	return 0;
}

struct pdftext *pdftext_new(PangoContext *ctx, PangoFontDescription *const *fonts, int nfonts)
{
	struct pdftext *t = calloc(1, sizeof(*t));
	PangoLayout *l;

	if (t == NULL || nfonts > MAX_FONTS || (l = pango_layout_new(ctx)) == NULL) {
		free(t);
		return NULL;
	}
	t->fonts = fonts;
	t->nfonts = nfonts;
	for (int f = 0; f < nfonts; f++) {
		struct face *fc = &t->faces[f];
		int w, h;

		/* The line height and baseline of pango's own layout of one line. */
		pango_layout_set_font_description(l, fonts[f]);
		pango_layout_set_text(l, "Ag", -1);
		pango_layout_get_size(l, &w, &h);
		fc->height = h / (double)PANGO_SCALE;
		fc->baseline = pango_layout_get_baseline(l) / (double)PANGO_SCALE;
		fc->font = pango_context_load_font(ctx, fonts[f]);
		if (fc->font != NULL && PANGO_IS_CAIRO_FONT(fc->font))
			fc->scaled = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(fc->font));
		if (fc->scaled != NULL &&
		    cairo_scaled_font_status(fc->scaled) != CAIRO_STATUS_SUCCESS)
			fc->scaled = NULL;
		if (fc->scaled != NULL)
			cairo_scaled_font_reference(fc->scaled);
	}
	g_object_unref(l);
	return t;
}

void pdftext_free(struct pdftext *t)
{
	if (t == NULL)
		return;
	for (int f = 0; f < t->nfonts; f++) {
		if (t->faces[f].scaled != NULL)
			cairo_scaled_font_destroy(t->faces[f].scaled);
		if (t->faces[f].font != NULL)
			g_object_unref(t->faces[f].font);
		free(t->faces[f].glyphs);
	}
	for (int i = 0; i < t->nbatches; i++)
		free(t->batches[i].g);
	free(t->scratch);
	free(t);
}

void pdftext_reset(struct pdftext *t)
{
	t->nscratch = 0;
}

/*
 * The glyph of code point cp, whose UTF-8 bytes are u[0..n), in face fc: looked up once;
 * NULL when the font has none.
 */
static const struct glyph *glyph_of(struct face *fc, uint32_t cp, const char *u, int n)
{
	struct glyph *g;

	if (cp >= FAST_MAX || fc->scaled == NULL)
		return NULL;
	if (fc->glyphs == NULL && (fc->glyphs = calloc(FAST_MAX, sizeof(*fc->glyphs))) == NULL)
		return NULL;
	g = &fc->glyphs[cp];
	if (g->index1 == 0) {
		cairo_glyph_t *gl = NULL;
		int ng = 0;
		cairo_text_extents_t ext;

		g->index1 = MISSING;
		/* Index 0 is .notdef: the font has no glyph for cp, pango must find another. */
		if (cairo_scaled_font_text_to_glyphs(fc->scaled, 0, 0, u, n, &gl, &ng, NULL, NULL,
						     NULL) == CAIRO_STATUS_SUCCESS &&
		    ng == 1 && gl[0].index != 0 && gl[0].index < MISSING - 1) {
			cairo_scaled_font_glyph_extents(fc->scaled, gl, 1, &ext);
			g->index1 = (uint32_t)gl[0].index + 1;
			g->advance = ext.x_advance;
		}
		cairo_glyph_free(gl);
	}
	return g->index1 == MISSING ? NULL : g;
}

/* The code point of the UTF-8 character at *s (valid UTF-8), advancing *s. */
static uint32_t next_cp(const unsigned char **s)
{
	const unsigned char *p = *s;
	size_t n = render_utf8_len((const char *)p);
	uint32_t cp = n <= 1 ? p[0] : n == 2 ? p[0] & 0x1fu : n == 3 ? p[0] & 0x0fu : p[0] & 0x07u;

	for (size_t i = 1; i < n; i++)
		cp = cp << 6 | (p[i] & 0x3fu);
	*s = p + (n ? n : 1);
	return cp;
}

/* Shifts the glyphs [from, to) of the scratch by dx, dy. */
static void shift(struct pdftext *t, size_t from, size_t to, double dx, double dy)
{
	for (size_t i = from; i < to; i++) {
		t->scratch[i].x += dx;
		t->scratch[i].y += dy;
	}
}

/*
 * The fast path: s set glyph by glyph, a line broken after the last space that fits (or
 * inside a word longer than the line).  0, 1 when s needs pango, -1 out of memory.
 */
static int fast(struct pdftext *t, int font, const char *s, double width, int right,
		struct pdftext_piece *p)
{
	struct face *fc = &t->faces[font];
	const unsigned char *q = (const unsigned char *)s;
	size_t line0 = t->nscratch, brk = 0;	/* brk: first glyph after the last space */
	double x = 0, y = fc->baseline, widest = 0, brk_x = 0, ink = 0;
	int lines = 1;

	p->g0 = t->nscratch;
	while (*q != '\0') {
		const unsigned char *c0 = q;
		uint32_t cp = next_cp(&q);
		const struct glyph *g = glyph_of(fc, cp, (const char *)c0, (int)(q - c0));

		if (g == NULL)
			return 1;
		if (width > 0 && cp != ' ' && x + g->advance > width && t->nscratch > line0) {
			/* A new line: from the last break in this line, or here. */
			size_t from = brk > line0 ? brk : t->nscratch;
			double back = brk > line0 ? brk_x : x;

			if (right)
				shift(t, line0, from, width - ink, 0);
			widest = ink > widest ? ink : widest;
			shift(t, from, t->nscratch, -back, fc->height);
			x -= back;
			y += fc->height;
			line0 = from;
			brk = 0;
			ink = x;
			lines++;
		}
		if (grow(&t->scratch, &t->capscratch, t->nscratch + 1) != 0)
			return -1;
		t->scratch[t->nscratch++] = (cairo_glyph_t){ g->index1 - 1, x, y };
		x += g->advance;
		if (cp == ' ') {
			brk = t->nscratch;
			brk_x = x;
		} else
			ink = x;	/* the line's width without its trailing spaces */
	}
	if (right && width > 0)
		shift(t, line0, t->nscratch, width - ink, 0);
	widest = ink > widest ? ink : widest;
	p->layout = NULL;
	p->font = font;
	p->ng = t->nscratch - p->g0;
	p->width = widest;
	p->lines = lines;
	p->height = lines * fc->height;
	return 0;
}

int pdftext_measure(struct pdftext *t, PangoLayout *layout, int font, const char *s,
		    double width, int right, struct pdftext_piece *p)
{
	size_t mark = t->nscratch;
	int rc = fast(t, font, s, width, right, p), pw, ph;

	if (rc <= 0)
		return rc;
	t->nscratch = mark;
	pango_layout_set_font_description(layout, t->fonts[font]);
	pango_layout_set_width(layout, width > 0 ? (int)(width * PANGO_SCALE) : -1);
	pango_layout_set_alignment(layout, right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(layout, s, -1);
	pango_layout_get_size(layout, &pw, &ph);
	*p = (struct pdftext_piece){
		.layout = layout, .font = font, .width = pw / (double)PANGO_SCALE,
		.height = ph / (double)PANGO_SCALE, .lines = pango_layout_get_line_count(layout),
	};
	return 0;
}

static struct batch *batch_of(struct pdftext *t, cairo_t *cr, int font, unsigned rgb)
{
	for (int i = 0; i < t->nbatches; i++)
		if (t->batches[i].font == font && t->batches[i].rgb == rgb)
			return &t->batches[i];
	if (t->nbatches == MAX_BATCHES) {
		pdftext_flush(t, cr);
		for (int i = 0; i < t->nbatches; i++)
			free(t->batches[i].g);
		t->nbatches = 0;
	}
	t->batches[t->nbatches] = (struct batch){ .font = font, .rgb = rgb };
	return &t->batches[t->nbatches++];
}

int pdftext_draw(struct pdftext *t, cairo_t *cr, const struct pdftext_piece *p, double x,
		 double y, unsigned rgb)
{
	struct batch *b;

	if (p->layout != NULL) {
		cairo_set_source_rgb(cr, (rgb >> 16) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
				     (rgb & 0xff) / 255.0);
		cairo_move_to(cr, x, y);
		pango_cairo_show_layout(cr, p->layout);
		return 0;
	}
	b = batch_of(t, cr, p->font, rgb);
	if (grow(&b->g, &b->cap, b->n + p->ng) != 0)
		return -1;
	for (size_t i = 0; i < p->ng; i++) {
		const cairo_glyph_t *g = &t->scratch[p->g0 + i];

		b->g[b->n++] = (cairo_glyph_t){ g->index, g->x + x, g->y + y };
	}
	return 0;
}

void pdftext_flush(struct pdftext *t, cairo_t *cr)
{
	for (int i = 0; i < t->nbatches; i++) {
		struct batch *b = &t->batches[i];
		unsigned c = b->rgb;

		if (b->n == 0)
			continue;
		cairo_set_scaled_font(cr, t->faces[b->font].scaled);
		cairo_set_source_rgb(cr, (c >> 16) / 255.0, ((c >> 8) & 0xff) / 255.0,
				     (c & 0xff) / 255.0);
		cairo_show_glyphs(cr, b->g, (int)b->n);
		b->n = 0;
	}
}
