#include "pdfw.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "chart_cairo.h"
#include "pdffont.h"
#include "pdftext.h"
#include "perf.h"
#include "render_fmt.h"

/* A4 portrait in points, and the frame of the content. */
#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN 50.0
#define CONTENT_W (PAGE_W - 2 * MARGIN)
#define TOP_Y 62.0
#define BOTTOM_Y (PAGE_H - 54.0)
#define HEADER_Y 30.0
#define FOOTER_Y (PAGE_H - 38.0)
#define CELL_PAD 2.5
#define MAX_COLS 16

enum font { F_BODY, F_SMALL, F_BOLD, F_H1, F_H2, F_TITLE, F_CELL, F_CELL_BOLD, F_LABEL, F_NFONTS };

static const struct pdffont_spec font_spec[F_NFONTS] = {
	[F_BODY] = { 9, 0 }, [F_SMALL] = { 7.5, 0 }, [F_BOLD] = { 9, 1 }, [F_H1] = { 14, 1 },
	[F_H2] = { 11, 1 }, [F_TITLE] = { 24, 1 }, [F_CELL] = { 7.5, 0 }, [F_CELL_BOLD] = { 7.5, 1 },
	[F_LABEL] = { 6.5, 0 },
};

static const unsigned tone_rgb[] = {
	[PDFW_PLAIN] = 0x222222, [PDFW_GOOD] = 0x1b7a3d, [PDFW_BAD] = 0xc62828,
	[PDFW_WARN] = 0x9a6700, [PDFW_MUTED] = 0x666666,
};

struct pdfw {
	char *title, *subtitle, *footer;
	cairo_surface_t *logo;		/* NULL: none */
	cairo_surface_t **pages;	/* recording surfaces, one per page */
	size_t npages, cap;
	int cover;			/* page 0 is the cover: no header line */
	cairo_t *cr;			/* on the last page */
	double y;			/* the cursor, from the top of the page */
	int empty;			/* nothing drawn under the header yet */
	int dry;			/* the first pass: pages counted, nothing drawn */
	size_t total;			/* the document's pages, as the first pass counted them */
	struct pdffont *font;		/* the family; its tx measures and draws all text */
	/* For text that needs pango: each kept until what was measured in it is drawn. */
	PangoLayout *text;		/* paragraphs, headings, the cover */
	PangoLayout *hf;		/* the header and footer of a page being finished */
	PangoLayout *cells[MAX_COLS];	/* one per column of a row */
	PangoLayout *label;		/* chart labels */
	struct pdftext_piece pcells[MAX_COLS];	/* the row measured last */
	double *rules;			/* the lines under this page's rows, drawn as one path */
	size_t nrules, caprules;
	const struct pdfw_col *cols;	/* the open table */
	size_t ncols;
	char *buf;			/* cleaned text */
	size_t bufcap;
	int failed;
	char err[256];
	/*
	 * The pages handed to the thread that writes them out (write_pages()): [0, ready)
	 * are finished; closed when no page will follow.  pages, ready and closed under lock.
	 */
	pthread_mutex_t lock;
	pthread_cond_t more;
	size_t ready;
	int closed;
	FILE *out;
	char *meta_title;		/* the title, cleaned, for the file's metadata */
	cairo_status_t written;		/* how writing the pages out went */
};

static void fail(struct pdfw *w, const char *what)
{
	if (!w->failed)
		snprintf(w->err, sizeof(w->err), "cannot draw the PDF: %s", what);
	w->failed = 1;
}

/*
 * s as valid UTF-8 for pango, in w->buf, cleaned as the text report cleans names
 * (render_text_clean): control characters and bytes that are not UTF-8 as C escapes.
 * Pango would refuse a string that is not UTF-8, and the fonts found on a plain system
 * have no glyphs for the Control Pictures the HTML uses.
 */
static const char *clean(struct pdfw *w, const char *s)
{
	size_t need;

	if (s == NULL)
		s = "";
	need = 4 * strlen(s) + 4;	/* \xHH per byte at most */
	if (need > w->bufcap) {
		char *b = realloc(w->buf, need);

		if (b == NULL) {
			fail(w, "out of memory");
			return "";
		}
		w->buf = b;
		w->bufcap = need;
	}
	return render_text_clean(s, w->buf, w->bufcap);
}

static void rgb(cairo_t *cr, unsigned c)
{
	cairo_set_source_rgb(cr, (c >> 16) / 255.0, ((c >> 8) & 0xff) / 255.0, (c & 0xff) / 255.0);
}

/* s measured in font f within width (<= 0: one line); l is the layout if pango must set it. */
static struct pdftext_piece piece(struct pdfw *w, PangoLayout *l, enum font f, const char *s,
				  double width, int right)
{
	struct pdftext_piece p = { 0 };

	if (pdftext_measure(w->font->tx, l, (int)f, clean(w, s), width, right, &p) != 0)
		fail(w, "out of memory");
	return p;
}

/* The same, forgetting what was measured before (one piece at a time). */
static struct pdftext_piece one(struct pdfw *w, enum font f, const char *s, double width)
{
	pdftext_reset(w->font->tx);
	return piece(w, w->text, f, s, width, 0);
}

static void draw(struct pdfw *w, cairo_t *cr, const struct pdftext_piece *p, double x, double y,
		 unsigned colour)
{
	if (w->dry)
		return;
	if (pdftext_draw(w->font->tx, cr, p, x, y, colour) != 0)
		fail(w, "out of memory");
}

/* What is drawn last on a page, over the rest: the rules under the rows, and the text. */
static void flush_page(struct pdfw *w, cairo_t *cr)
{
	if (w->nrules > 0) {
		for (size_t i = 0; i < w->nrules; i++) {
			cairo_move_to(cr, MARGIN, w->rules[i]);
			cairo_line_to(cr, PAGE_W - MARGIN, w->rules[i]);
		}
		rgb(cr, 0xe0e0e0);
		cairo_set_line_width(cr, 0.5);
		cairo_stroke(cr);
		w->nrules = 0;
	}
	pdftext_flush(w->font->tx, cr);
}

static void header(struct pdfw *w, cairo_t *cr);
static void footer(struct pdfw *w, cairo_t *cr, size_t i);

/*
 * The last page finished: its header and footer, the rules and text still pending, and
 * handed to the writer.  What was measured for the next page stays measured.
 */
static void close_page(struct pdfw *w)
{
	size_t i = w->npages - 1;
	cairo_status_t st;

	if (!(w->cover && i == 0))
		header(w, w->cr);
	footer(w, w->cr, i);
	flush_page(w, w->cr);
	if ((st = cairo_status(w->cr)) != CAIRO_STATUS_SUCCESS ||
	    (st = cairo_surface_status(w->pages[i])) != CAIRO_STATUS_SUCCESS)
		fail(w, cairo_status_to_string(st));
	cairo_destroy(w->cr);
	w->cr = NULL;
	pthread_mutex_lock(&w->lock);
	w->ready = w->npages;
	pthread_cond_signal(&w->more);
	pthread_mutex_unlock(&w->lock);
}

static void new_page(struct pdfw *w)
{
	static const cairo_rectangle_t a4 = { 0, 0, PAGE_W, PAGE_H };
	cairo_surface_t *rec;

	if (w->failed)
		return;
	w->y = TOP_Y;
	w->empty = 1;
	if (w->dry) {
		w->npages++;
		return;
	}
	if (w->cr != NULL)
		close_page(w);
	if (w->npages == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 16;
		cairo_surface_t **p;

		pthread_mutex_lock(&w->lock);
		if ((p = realloc(w->pages, cap * sizeof(*p))) != NULL) {
			w->pages = p;
			w->cap = cap;
		}
		pthread_mutex_unlock(&w->lock);
		if (p == NULL) {
			fail(w, "out of memory");
			return;
		}
	}
	rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &a4);
	w->pages[w->npages++] = rec;
	w->cr = cairo_create(rec);
	if (cairo_status(w->cr) != CAIRO_STATUS_SUCCESS)
		fail(w, cairo_status_to_string(cairo_status(w->cr)));
}

/* Room for h more points under the cursor, on a new page if need be; 0, or -1 on failure. */
static int room(struct pdfw *w, double h)
{
	if (w->failed)
		return -1;
	if (w->y + h > BOTTOM_Y && !w->empty)
		new_page(w);
	w->empty = 0;
	return w->failed ? -1 : 0;
}

void pdfw_preload(const char *font)
{
	pdffont_preload(font != NULL ? font : PDFW_DEFAULT_FONT, font_spec, F_NFONTS);
}

static int check(const char *font, const char *logo, char *err, size_t errlen)
{
	FcPattern *p, *m = NULL;
	FcResult res;
	FcChar8 *family;
	int found = 0;

	if (font == NULL)
		font = PDFW_DEFAULT_FONT;
	if ((p = FcPatternCreate()) != NULL &&
	    FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)font) &&
	    FcConfigSubstitute(NULL, p, FcMatchPattern)) {
		FcDefaultSubstitute(p);
		m = FcFontMatch(NULL, p, &res);
	}
	/* fontconfig always offers a substitute: only the family asked for will do. */
	for (int i = 0; m != NULL && !found &&
	     FcPatternGetString(m, FC_FAMILY, i, &family) == FcResultMatch; i++)
		found = FcStrCmpIgnoreCase(family, (const FcChar8 *)font) == 0;
	if (m != NULL)
		FcPatternDestroy(m);
	if (p != NULL)
		FcPatternDestroy(p);
	if (!found) {
		snprintf(err, errlen, "font family '%s' is not installed (fontconfig has no such "
			 "family; fc-list : family lists those it has)", font);
		return -1;
	}
	if (logo != NULL) {
		unsigned char sig[8];
		static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
		FILE *f = fopen(logo, "rb");
		size_t n = f != NULL ? fread(sig, 1, sizeof(sig), f) : 0;
		int e = errno;
		cairo_surface_t *s;

		if (f == NULL || ferror(f)) {
			snprintf(err, errlen, "cannot read logo '%s': %s", logo, strerror(e));
			if (f != NULL)
				fclose(f);
			return -1;
		}
		fclose(f);
		if (n != sizeof(sig) || memcmp(sig, png, sizeof(sig)) != 0) {
			snprintf(err, errlen, "logo '%s' is not a PNG file", logo);
			return -1;
		}
		s = cairo_image_surface_create_from_png(logo);
		if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
			snprintf(err, errlen, "cannot read logo '%s': %s", logo,
				 cairo_status_to_string(cairo_surface_status(s)));
			cairo_surface_destroy(s);
			return -1;
		}
		cairo_surface_destroy(s);
	}
	return 0;
}

int pdfw_prepare(const char *font, const char *logo, char *err, size_t errlen)
{
	if (check(font, logo, err, errlen) != 0)
		return -1;
	pdfw_preload(font);
	return 0;
}

static char *dup_or_null(const char *s, int *failed)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		*failed = 1;
	return d;
}

static void release_pass(struct pdfw *w)
{
	if (w == NULL)
		return;
	if (w->cr != NULL)
		cairo_destroy(w->cr);
	for (size_t i = 0; i < w->npages && !w->dry; i++)
		cairo_surface_destroy(w->pages[i]);
	free(w->pages);
	if (w->logo != NULL)
		cairo_surface_destroy(w->logo);
	for (int i = 0; i < MAX_COLS; i++)
		if (w->cells[i] != NULL)
			g_object_unref(w->cells[i]);
	if (w->text != NULL)
		g_object_unref(w->text);
	if (w->hf != NULL)
		g_object_unref(w->hf);
	if (w->label != NULL)
		g_object_unref(w->label);
	pthread_cond_destroy(&w->more);
	pthread_mutex_destroy(&w->lock);
	free(w->title);
	free(w->subtitle);
	free(w->footer);
	free(w->meta_title);
	free(w->buf);
	free(w->rules);
	free(w);
}

/* A writer on its first page, in font; dry: counting pages.  NULL with a message. */
static struct pdfw *open_pass(const struct pdfw_opts *o, struct pdffont *font, int dry,
			      char *err, size_t errlen)
{
	struct pdfw *w = calloc(1, sizeof(*w));
	int oom = 0;

	if (w == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->more, NULL);
	w->dry = dry;
	w->title = dup_or_null(o->title != NULL ? o->title : "", &oom);
	w->subtitle = dup_or_null(o->subtitle, &oom);
	w->footer = dup_or_null(o->footer, &oom);
	if (o->logo != NULL) {
		w->logo = cairo_image_surface_create_from_png(o->logo);
		if (cairo_surface_status(w->logo) != CAIRO_STATUS_SUCCESS) {
			snprintf(err, errlen, "cannot read logo '%s': %s", o->logo,
				 cairo_status_to_string(cairo_surface_status(w->logo)));
			release_pass(w);
			return NULL;
		}
	}
	w->font = font;
	pdftext_reset(font->tx);
	w->text = pango_layout_new(font->ctx);
	w->hf = pango_layout_new(font->ctx);
	w->label = pango_layout_new(font->ctx);
	for (int i = 0; i < MAX_COLS; i++)
		w->cells[i] = pango_layout_new(font->ctx);
	if (oom) {
		snprintf(err, errlen, "out of memory");
		release_pass(w);
		return NULL;
	}
	new_page(w);
	return w;
}

enum pdfw_tone pdfw_verdict_tone(enum sla_verdict v)
{
	return v == SLA_MET ? PDFW_GOOD : v == SLA_MISSED ? PDFW_BAD :
	       v == SLA_INSUFFICIENT ? PDFW_WARN : v == SLA_NO_OBJECTIVE || v == SLA_NO_DATA ?
	       PDFW_MUTED : PDFW_PLAIN;
}

void pdfw_cover(struct pdfw *w, const char *title, const char *const *lines, size_t n)
{
	struct pdftext_piece p;
	double y = 120;

	if (w->failed)
		return;
	if (w->npages == 1 && w->empty)
		w->cover = 1;
	else
		pdfw_page_break(w);
	if (w->logo != NULL) {
		double lw = cairo_image_surface_get_width(w->logo);
		double lh = cairo_image_surface_get_height(w->logo);
		double s = fmin(200 / lw, 100 / lh);

		if (!w->dry) {
			cairo_save(w->cr);
			cairo_translate(w->cr, MARGIN, 90);
			cairo_scale(w->cr, s, s);
			cairo_set_source_surface(w->cr, w->logo, 0, 0);
			cairo_paint(w->cr);
			cairo_restore(w->cr);
		}
		y = 90 + lh * s + 40;
	}
	p = one(w, F_TITLE, title, CONTENT_W);
	draw(w, w->cr, &p, MARGIN, y, 0x222222);
	y += p.height + 18;
	for (size_t i = 0; i < n; i++) {
		p = one(w, F_BODY, lines[i], CONTENT_W);
		draw(w, w->cr, &p, MARGIN, y, 0x444444);
		y += p.height + 4;
	}
	w->empty = 0;
	w->y = BOTTOM_Y;	/* what follows starts on the next page */
}

void pdfw_heading(struct pdfw *w, int level, const char *text, const char *mark,
		  enum pdfw_tone tone, double keep)
{
	enum font f = level <= 1 ? F_H1 : F_H2;
	double h, before = level <= 1 ? 10 : 6, x;
	struct pdftext_piece p, m;

	if (w->failed)
		return;
	p = one(w, f, text, CONTENT_W);
	h = p.height;
	if (room(w, before + h + 4 + keep) != 0)
		return;
	if (w->y > TOP_Y)
		w->y += before;
	draw(w, w->cr, &p, MARGIN, w->y, 0x222222);
	x = MARGIN + p.width + 8;
	if (mark != NULL) {
		m = one(w, F_BOLD, mark, -1);
		if (p.lines == 1 && x + m.width <= PAGE_W - MARGIN)
			draw(w, w->cr, &m, x, w->y + (h - m.height) * 0.7, tone_rgb[tone]);
		else {
			w->y += h;
			draw(w, w->cr, &m, MARGIN, w->y, tone_rgb[tone]);
			h = m.height;
		}
	}
	w->y += h + 2;
	if (level <= 1 && !w->dry) {
		rgb(w->cr, 0xcccccc);
		cairo_set_line_width(w->cr, 0.6);
		cairo_move_to(w->cr, MARGIN, w->y);
		cairo_line_to(w->cr, PAGE_W - MARGIN, w->y);
		cairo_stroke(w->cr);
	}
	w->y += 4;
}

void pdfw_paragraph(struct pdfw *w, const char *text, int small)
{
	struct pdftext_piece p;

	if (w->failed)
		return;
	p = one(w, small ? F_SMALL : F_BODY, text, CONTENT_W);
	if (room(w, p.height) != 0)
		return;
	draw(w, w->cr, &p, MARGIN, w->y, small ? 0x555555 : 0x222222);
	w->y += p.height + 3;
}

void pdfw_space(struct pdfw *w, double pt)
{
	if (!w->failed && !w->empty)
		w->y = fmin(w->y + pt, BOTTOM_Y);
}

void pdfw_page_break(struct pdfw *w)
{
	if (!w->failed && !w->empty)
		new_page(w);
}

void pdfw_keep(struct pdfw *w, double pt)
{
	if (!w->failed && w->y + pt > BOTTOM_Y && !w->empty)
		new_page(w);
}

/* The cells of one row measured into w->cells in font f; the row's height. */
static double measure(struct pdfw *w, const char *const *cells, enum font f)
{
	double h = 0;

	pdftext_reset(w->font->tx);
	for (size_t i = 0; i < w->ncols; i++) {
		w->pcells[i] = piece(w, w->cells[i], f, cells[i] != NULL ? cells[i] : "",
				     w->cols[i].width * CONTENT_W - 2 * CELL_PAD, w->cols[i].right);
		h = w->pcells[i].height > h ? w->pcells[i].height : h;
	}
	return h + 2 * CELL_PAD;
}

/* The measured row at the cursor; background fill (0: none). */
static void draw_row(struct pdfw *w, double h, const enum pdfw_tone *tones, unsigned fill)
{
	double x = MARGIN;

	if (w->dry) {		/* counting pages: only the cursor moves */
		w->y += h;
		return;
	}
	if (fill != 0) {
		rgb(w->cr, fill);
		cairo_rectangle(w->cr, MARGIN, w->y, CONTENT_W, h);
		cairo_fill(w->cr);
	}
	for (size_t i = 0; i < w->ncols; i++) {
		draw(w, w->cr, &w->pcells[i], x + CELL_PAD, w->y + CELL_PAD,
		     tone_rgb[tones != NULL ? tones[i] : PDFW_PLAIN]);
		x += w->cols[i].width * CONTENT_W;
	}
	if (w->nrules == w->caprules) {
		size_t cap = w->caprules ? 2 * w->caprules : 64;
		double *r = realloc(w->rules, cap * sizeof(*r));

		if (r == NULL) {
			fail(w, "out of memory");
			return;
		}
		w->rules = r;
		w->caprules = cap;
	}
	w->rules[w->nrules++] = w->y + h;
	w->y += h;
}

static double header_row(struct pdfw *w, int draw)
{
	const char *heads[MAX_COLS];
	double h;

	for (size_t i = 0; i < w->ncols; i++)
		heads[i] = w->cols[i].head;
	h = measure(w, heads, F_CELL_BOLD);
	if (draw)
		draw_row(w, h, NULL, 0xf0f0f0);
	return h;
}

void pdfw_table(struct pdfw *w, const struct pdfw_col *cols, size_t ncols)
{
	double h;

	if (w->failed)
		return;
	w->cols = cols;
	w->ncols = ncols > MAX_COLS ? MAX_COLS : ncols;
	h = header_row(w, 0);
	/* The header and at least one body row of about its height together. */
	if (room(w, 2 * h + 2) != 0)
		return;
	header_row(w, 1);
}

void pdfw_row(struct pdfw *w, const char *const *cells, const enum pdfw_tone *tones,
	      int strong)
{
	double h;

	if (w->failed || w->cols == NULL)
		return;
	h = measure(w, cells, strong ? F_CELL_BOLD : F_CELL);
	if (w->y + h > BOTTOM_Y) {
		new_page(w);
		if (w->failed)
			return;
		w->empty = 0;
		header_row(w, 1);
		h = measure(w, cells, strong ? F_CELL_BOLD : F_CELL);
	}
	draw_row(w, h, tones, 0);
}

void pdfw_table_end(struct pdfw *w)
{
	w->cols = NULL;
	w->ncols = 0;
	pdfw_space(w, 6);
}

void pdfw_legend(struct pdfw *w)
{
	static const char *const what[CHART_NTONES] = {
		[CHART_MET] = "target met", [CHART_DEGRADED] = "some downtime (no target)",
		[CHART_MISSED] = "below target", [CHART_PARTIAL] = "insufficient data",
		[CHART_NODATA] = "unmonitored / no data",
	};
	double x = MARGIN, h;
	struct pdftext_piece p;

	if (w->failed)
		return;
	p = one(w, F_SMALL, "Colours:", -1);
	h = p.height;
	if (room(w, 2 * h + 6) != 0)
		return;
	draw(w, w->cr, &p, x, w->y, 0x555555);
	x += p.width + 6;
	for (int t = 0; t < CHART_NTONES; t++) {
		p = one(w, F_SMALL, what[t], -1);
		if (x + 12 + p.width > PAGE_W - MARGIN) {
			x = MARGIN;
			w->y += h + 2;
		}
		if (!w->dry)
			chart_cairo_swatch(w->cr, (enum chart_tone)t, x, w->y + 1.5, h - 3);
		draw(w, w->cr, &p, x + h, w->y, 0x555555);
		x += h + p.width + 10;
	}
	w->y += h + 2;
	pdfw_paragraph(w, "A hatched top on a day: its unmonitored share.", 1);
}

static void caption(const struct chart *c, char *buf, size_t len)
{
	char n[32];
	size_t o;

	snprintf(buf, len, "%s", c->title);
	o = strlen(buf);
	if (c->kind == CHART_LINE && !isnan(c->last) && perf_number(n, sizeof(n), c->last, 3) >= 0)
		o += (size_t)snprintf(buf + o, len - o, ": ends at %s%s", n, c->unit);
	/* A strip draws no target line: its colours are the days against the target. */
	if (o < len && c->target_label != NULL && !isnan(c->target))
		o += (size_t)snprintf(buf + o, len - o, c->kind == CHART_STRIP ? " against %s" :
				      "; dashed: %s", c->target_label);
	if (o < len && !isnan(c->guide0))
		snprintf(buf + o, len - o, "; dotted: the allowed pace");
}

/* A label of a chart (chart_cairo_draw()): s with its top at y, aligned at x. */
static void chart_label(void *ctx, const char *s, double x, double y, int align, unsigned c)
{
	struct pdfw *w = ctx;
	struct pdftext_piece p;

	pdftext_reset(w->font->tx);
	p = piece(w, w->label, F_LABEL, s, -1, 0);
	draw(w, w->cr, &p, x - (align < 0 ? 0 : align == 0 ? p.width / 2 : p.width), y, c);
}

void pdfw_chart(struct pdfw *w, const struct chart *c, const struct zone *z)
{
	const struct chart_cairo_text labels = { chart_label, w };
	struct pdftext_piece p;
	char cap[256];
	double ch;

	if (w->failed)
		return;
	caption(c, cap, sizeof(cap));
	ch = chart_cairo_height(c, CONTENT_W);
	p = one(w, F_SMALL, cap, CONTENT_W);
	if (room(w, ch + p.height + 4) != 0)
		return;
	draw(w, w->cr, &p, MARGIN, w->y + ch, 0x444444);
	if (!w->dry)
		chart_cairo_draw(w->cr, &labels, c, z, MARGIN, w->y, CONTENT_W);
	w->y += ch + p.height + 6;
}

static cairo_status_t put(void *closure, const unsigned char *data, unsigned int len)
{
	return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS :
	       CAIRO_STATUS_WRITE_ERROR;
}

/*
 * A piece of the header or footer: measured in its own layout and after what is measured
 * already (a row or a paragraph waiting for the next page), and drawn at once.
 */
static struct pdftext_piece hf_piece(struct pdfw *w, const char *s, double width)
{
	return piece(w, w->hf, F_SMALL, s, width, 0);
}

/* The header line of every page but the cover: the title left, the subtitle right. */
static void header(struct pdfw *w, cairo_t *cr)
{
	struct pdftext_piece p = hf_piece(w, w->title, -1);

	if (p.width > CONTENT_W * 0.6) {
		/* A long title is cut with an ellipsis, which only pango does. */
		pango_layout_set_font_description(w->hf, w->font->fonts[F_SMALL]);
		pango_layout_set_width(w->hf, (int)(CONTENT_W * 0.6 * PANGO_SCALE));
		pango_layout_set_ellipsize(w->hf, PANGO_ELLIPSIZE_END);
		pango_layout_set_text(w->hf, clean(w, w->title), -1);
		rgb(cr, 0x555555);
		cairo_move_to(cr, MARGIN, HEADER_Y);
		pango_cairo_show_layout(cr, w->hf);
		pango_layout_set_ellipsize(w->hf, PANGO_ELLIPSIZE_NONE);
	} else
		draw(w, cr, &p, MARGIN, HEADER_Y, 0x555555);
	if (w->subtitle != NULL) {
		p = hf_piece(w, w->subtitle, -1);
		draw(w, cr, &p, PAGE_W - MARGIN - p.width, HEADER_Y, 0x555555);
	}
	rgb(cr, 0xbbbbbb);
	cairo_set_line_width(cr, 0.5);
	cairo_move_to(cr, MARGIN, HEADER_Y + 13);
	cairo_line_to(cr, PAGE_W - MARGIN, HEADER_Y + 13);
	cairo_stroke(cr);
}

/* The footer of page i: "page N of M", M as the first pass counted. */
static void footer(struct pdfw *w, cairo_t *cr, size_t i)
{
	char page[64];
	struct pdftext_piece p;

	snprintf(page, sizeof(page), "page %zu of %zu", i + 1, w->total);
	p = hf_piece(w, page, -1);
	draw(w, cr, &p, PAGE_W - MARGIN - p.width, FOOTER_Y, 0x555555);
	if (w->footer != NULL) {
		p = hf_piece(w, w->footer, CONTENT_W * 0.75);
		draw(w, cr, &p, MARGIN, FOOTER_Y, 0x555555);
	}
}

/*
 * The writer's thread: each page as soon as it is finished, into the PDF on w->out,
 * until the pages are closed.  Its outcome in w->written.
 */
static void *write_pages(void *arg)
{
	struct pdfw *w = arg;
	cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(put, w->out, PAGE_W, PAGE_H);
	cairo_status_t st;
	cairo_t *cr;

	cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_TITLE, w->meta_title);
	cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATOR, "nines sla-report");
	cr = cairo_create(pdf);
	for (size_t i = 0;; i++) {
		cairo_surface_t *page = NULL;

		pthread_mutex_lock(&w->lock);
		while (i >= w->ready && !w->closed)
			pthread_cond_wait(&w->more, &w->lock);
		if (i < w->ready)
			page = w->pages[i];
		pthread_mutex_unlock(&w->lock);
		if (page == NULL)
			break;
		cairo_set_source_surface(cr, page, 0, 0);
		cairo_paint(cr);
		cairo_show_page(cr);
	}
	st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(pdf);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(pdf);
	cairo_surface_destroy(pdf);
	w->written = st;
	return NULL;
}

/* Runs body on w; 0, or -1 with a message (body's failure is running out of memory). */
static int run_body(struct pdfw *w, int (*body)(struct pdfw *, void *), void *arg, char *err,
		    size_t errlen)
{
	int rc = body(w, arg);

	if (w->failed) {
		snprintf(err, errlen, "%s", w->err);
		return -1;
	}
	if (rc != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

int pdfw_write(const struct pdfw_opts *o, int (*body)(struct pdfw *w, void *arg), void *arg,
	       FILE *out, char *err, size_t errlen)
{
	const char *family = o->font != NULL ? o->font : PDFW_DEFAULT_FONT;
	struct pdffont font;
	struct pdfw *w;
	pthread_t writer;
	size_t total;
	int threaded, rc;

	if (pdffont_take(&font, family) != 0 &&
	    pdffont_load(&font, family, font_spec, F_NFONTS) != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* The first pass counts the pages, for the footers' "page N of M". */
	if ((w = open_pass(o, &font, 1, err, errlen)) == NULL) {
		pdffont_free(&font);
		return -1;
	}
	rc = run_body(w, body, arg, err, errlen);
	total = w->npages;
	release_pass(w);
	if (rc != 0 || (w = open_pass(o, &font, 0, err, errlen)) == NULL) {
		pdffont_free(&font);
		return -1;
	}
	/* The second draws them while the writer's thread writes out those finished. */
	w->total = total;
	w->out = out;
	if ((w->meta_title = strdup(clean(w, w->title))) == NULL)
		fail(w, "out of memory");
	threaded = !w->failed && pthread_create(&writer, NULL, write_pages, w) == 0;
	rc = run_body(w, body, arg, err, errlen);
	if (w->cr != NULL)
		close_page(w);
	pthread_mutex_lock(&w->lock);
	w->closed = 1;
	pthread_cond_signal(&w->more);
	pthread_mutex_unlock(&w->lock);
	if (threaded)
		pthread_join(writer, NULL);
	else if (rc == 0 && !w->failed)
		write_pages(w);
	if (rc == 0 && w->failed) {
		snprintf(err, errlen, "%s", w->err);
		rc = -1;
	} else if (rc == 0 && w->npages != total) {
		snprintf(err, errlen, "cannot write the PDF: %zu pages drawn, %zu counted",
			 w->npages, total);
		rc = -1;
	} else if (rc == 0 && w->written != CAIRO_STATUS_SUCCESS) {
		snprintf(err, errlen, "cannot write the PDF: %s",
			 cairo_status_to_string(w->written));
		rc = -1;
	}
	release_pass(w);
	pdffont_free(&font);
	return rc;
}
