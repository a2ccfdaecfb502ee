#include "pdffont.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

void pdffont_free(struct pdffont *k)
{
	pdftext_free(k->tx);
	for (int f = 0; f < k->nfonts; f++)
		if (k->fonts[f] != NULL)
			pango_font_description_free(k->fonts[f]);
	if (k->ctx != NULL)
		g_object_unref(k->ctx);
	if (k->fontmap != NULL)
		g_object_unref(k->fontmap);
	free(k->family);
	memset(k, 0, sizeof(*k));
}

int pdffont_load(struct pdffont *k, const char *family, const struct pdffont_spec *spec, int n)
{
	cairo_font_options_t *fo;

	memset(k, 0, sizeof(*k));
	if (n > PDFFONT_MAX || (k->family = strdup(family)) == NULL)
		return -1;
	/*
	 * Text is laid out for print: 72 units per inch (sizes are points), no hinting of
	 * metrics, so that widths do not depend on a screen's grid.
	 */
	k->fontmap = pango_cairo_font_map_new();
	k->ctx = pango_font_map_create_context(k->fontmap);
	pango_cairo_context_set_resolution(k->ctx, 72);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(k->ctx, fo);
	cairo_font_options_destroy(fo);
	k->nfonts = n;
	for (int f = 0; f < n; f++) {
		k->fonts[f] = pango_font_description_new();
		pango_font_description_set_family(k->fonts[f], family);
		pango_font_description_set_absolute_size(k->fonts[f], spec[f].size * PANGO_SCALE);
		pango_font_description_set_weight(k->fonts[f], spec[f].bold ? PANGO_WEIGHT_BOLD :
						  PANGO_WEIGHT_NORMAL);
	}
	if ((k->tx = pdftext_new(k->ctx, k->fonts, n)) == NULL) {
		pdffont_free(k);
		return -1;
	}
	return 0;
}

/* The one load in the background: started by pdffont_preload(), joined by pdffont_take(). */
static struct {
	pthread_t thread;
	int started, rc;
	char *family;
	const struct pdffont_spec *spec;
	int n;
	struct pdffont font;
} preload;

static void *preload_run(void *arg)
{
	(void)arg;
	preload.rc = pdffont_load(&preload.font, preload.family, preload.spec, preload.n);
	return NULL;
}

void pdffont_preload(const char *family, const struct pdffont_spec *spec, int n)
{
	if (preload.started || (preload.family = strdup(family)) == NULL)
		return;
	preload.spec = spec;
	preload.n = n;
	if (pthread_create(&preload.thread, NULL, preload_run, NULL) == 0)
		preload.started = 1;
	else {
		free(preload.family);
		preload.family = NULL;
	}
}

int pdffont_take(struct pdffont *k, const char *family)
{
	int same;

	if (!preload.started)
		return -1;
	pthread_join(preload.thread, NULL);
	preload.started = 0;
	same = preload.rc == 0 && strcmp(preload.family, family) == 0;
	free(preload.family);
	preload.family = NULL;
	if (!same) {
		if (preload.rc == 0)
			pdffont_free(&preload.font);
		return -1;
	}
	*k = preload.font;
	memset(&preload.font, 0, sizeof(preload.font));
	return 0;
}
