/*
 * pdffont — a font family as the PDF writer (pdfw.c) uses it: pango's font map and
 * context set for print, one font description per size the writer asks for, and the
 * pdftext setter over them.  Loading it is fontconfig matching every size, milliseconds
 * a report need not wait for: pdffont_preload() loads it in a thread of its own while
 * the archives are read, and pdffont_take() hands it over.  Only pdfw.c includes this
 * header.
 */
#ifndef PDFFONT_H
#define PDFFONT_H

#include <pango/pangocairo.h>

#include "pdftext.h"

#define PDFFONT_MAX 16

/* One size of the family: points, and bold or regular. */
struct pdffont_spec {
	double size;
	int bold;
};

struct pdffont {
	char *family;
	PangoFontMap *fontmap;
	PangoContext *ctx;
	PangoFontDescription *fonts[PDFFONT_MAX];	/* one per spec, in its order */
	int nfonts;
	struct pdftext *tx;
};

/* k: family in the sizes spec[0..n) (n <= PDFFONT_MAX).  0, or -1 when out of memory. */
int pdffont_load(struct pdffont *k, const char *family, const struct pdffont_spec *spec, int n);
void pdffont_free(struct pdffont *k);

/*
 * Starts loading family in spec[0..n) (spec must outlive the load) in a thread of its
 * own; one load at a time, a second call while one is pending does nothing.
 */
void pdffont_preload(const char *family, const struct pdffont_spec *spec, int n);
/*
 * The preloaded family into k when it is family (waiting for the load to end): 0, or -1
 * when none was started or it is another family (then dropped) or it failed.
 */
int pdffont_take(struct pdffont *k, const char *family);

#endif
