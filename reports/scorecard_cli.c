#include "scorecard_cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "nines.h"
#include "num.h"
#include "outfile.h"
#include "pdfw.h"
#include "period.h"
#include "render_fmt.h"
#include "render_scorecard.h"
#include "report.h"
#include "scorecard_build.h"

#define EXIT_GREEN	0
#define EXIT_RED	1
#define EXIT_TROUBLE	2

static const char usage_text[] =
	"Usage: sla-report scorecard -c FILE [options]\n"
	"The balanced scorecard of the config's scorecard: section for a period, with\n"
	"the trend against the previous period (see sla.yml(5)).\n"
	"\n"
	"  -c, --config FILE       SLA definitions with a scorecard: section\n"
	"  -p, --period SPEC       as for reports (default last-month); the trend compares\n"
	"                          with the period before it\n"
	"  -f, --format FORMAT     text (default), csv, json, html or pdf\n"
	"  -o, --output FILE       write to FILE atomically (default: standard output)\n"
	"      --title TEXT        the title (default: the config's title:)\n"
	"      --logo FILE         PNG on the PDF's cover (default: the config's logo:)\n"
	"      --font FAMILY       the PDF's font family (default: the config's font:,\n"
	"                          else \"DejaVu Sans\")\n"
	"      --tz ZONE           read and show the period in ZONE (default: the first\n"
	"                          service's time_zone)\n"
	"      --now EPOCH         the current time, for reproducible output\n"
	"  -j, --threads N         archives read in parallel (default: one per core)\n"
	"  -h, --help              this text\n"
	"\n"
	"Exit status: 0 no KPI red, 1 a KPI red, 2 usage, config or data error (an\n"
	"archive that could not be read: the card is still written).\n";

enum { OPT_NOW = 0x100, OPT_TZ, OPT_TITLE, OPT_LOGO, OPT_FONT };

static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "period", required_argument, NULL, 'p' },
	{ "format", required_argument, NULL, 'f' },
	{ "output", required_argument, NULL, 'o' },
	{ "threads", required_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ "tz", required_argument, NULL, OPT_TZ },
	{ "now", required_argument, NULL, OPT_NOW },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "logo", required_argument, NULL, OPT_LOGO },
	{ "font", required_argument, NULL, OPT_FONT },
	{ NULL, 0, NULL, 0 },
};

typedef int (*sc_render_fn)(FILE *out, const struct sc_card *c);

static const struct {
	const char *name;
	sc_render_fn render;
	int pdf;		/* binary, with a font and a logo checked first */
} formats[] = {
	{ "text", render_scorecard_text, 0 }, { "csv", render_scorecard_csv, 0 },
	{ "json", render_scorecard_json, 0 }, { "html", render_scorecard_html, 0 },
	{ "pdf", render_scorecard_pdf, 1 },
};

struct opts {
	const char *config, *period, *output, *tz, *title, *logo, *font;
	time_t now;
	long threads;
	sc_render_fn render;
	int pdf;
	int done;
};

static int one_opt(struct opts *o, int c, const char *arg, char *err, size_t errlen)
{
	long v;

	switch (c) {
	case 'c': o->config = arg; return 0;
	case 'p': o->period = arg; return 0;
	case 'o': o->output = arg; return 0;
	case OPT_TZ: o->tz = arg; return 0;
	case OPT_TITLE: o->title = arg; return 0;
	case OPT_LOGO: o->logo = arg; return 0;
	case OPT_FONT: o->font = arg; return 0;
	case 'j': return num_long(arg, 0, 1024, &o->threads, err, errlen);
	case OPT_NOW:
		if (num_long(arg, 0, LONG_MAX, &v, err, errlen) != 0)
			return -1;
		o->now = (time_t)v;
		return 0;
	case 'f':
		for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
			if (strcmp(formats[i].name, arg) == 0) {
				o->render = formats[i].render;
				o->pdf = formats[i].pdf;
				return 0;
			}
		snprintf(err, errlen, "unknown format '%s' (text, csv, json, html or pdf)", arg);
		return -1;
	case 'h': fputs(usage_text, stdout); o->done = 1; return 0;
	default:
		snprintf(err, errlen, "unknown option (see sla-report scorecard --help)");
		return -1;
	}
}

static int parse_args(int argc, char **argv, struct opts *o, char *err, size_t errlen)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->period = "last-month";
	o->now = time(NULL);
	o->render = render_scorecard_text;
	opterr = 0;
	optind = 1;
	while (!o->done && (c = getopt_long(argc, argv, ":c:p:f:o:j:h", longopts, NULL)) != -1) {
		if (c == ':' || c == '?') {
			snprintf(err, errlen, c == ':' ? "option '%s' needs a value" :
				 "unknown option '%s'", argv[optind - 1]);
			return -1;
		}
		if (one_opt(o, c, optarg, err, errlen) != 0)
			return -1;
	}
	if (o->done)
		return 0;
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (o->config == NULL) {
		snprintf(err, errlen, "give -c FILE (see sla-report scorecard --help)");
		return -1;
	}
	if (outfile_check_binary(o->output, o->pdf, err, errlen) != 0)
		return -1;
	return 0;
}

struct emit_ctx {
	sc_render_fn render;
	const struct sc_card *card;
};

static int render_ctx(FILE *f, const void *ctx)
{
	const struct emit_ctx *e = ctx;

	return e->render(f, e->card);
}

static int emit(const struct opts *o, const struct sc_card *card, char *err, size_t errlen)
{
	return outfile_emit(o->output, render_ctx, &(struct emit_ctx){ o->render, card },
			    "scorecard", err, errlen);
}

/* 1 when a KPI is red this period. */
static int any_red(const struct sc_card *c)
{
	for (size_t p = 0; p < SC_NPERSP; p++)
		for (size_t i = 0; i < c->persp[p].def->nkpis; i++)
			if (c->persp[p].kpis[i].cur.colour == SC_RED)
				return 1;
	return 0;
}

/* The card of o's config and period, written; the exit status. */
static int run(const struct opts *o, const struct config *c, char *err, size_t errlen)
{
	const char *tz = o->tz != NULL ? o->tz : c->nservices > 0 ? c->services[0].tz : "UTC";
	struct sc_card card;
	struct report r;
	time_t t0, t1;
	int rc = EXIT_TROUBLE;

	if (c->scorecard == NULL) {
		snprintf(err, errlen, "'%s' has no scorecard: section", c->file);
		return EXIT_TROUBLE;
	}
	if (period_parse(o->period, o->now, tz, &t0, &t1, err, errlen) != 0)
		return EXIT_TROUBLE;
	if (report_build(&r, c, tz, t0, t1, o->now, NULL, (int)o->threads, err, errlen) != 0)
		return EXIT_TROUBLE;
	if (sc_build(&card, c, tz, t0, t1, o->now, &r, (int)o->threads, err, errlen) == 0) {
		for (size_t i = 0; i < r.nservices; i++)
			if (r.services[i].error != NULL) {
				char nm[1024], msg[2048];

				fprintf(stderr, "sla-report: service '%s': %s\n",
					render_text_clean(r.services[i].name, nm, sizeof(nm)),
					render_text_clean(r.services[i].error, msg, sizeof(msg)));
			}
		if (emit(o, &card, err, errlen) == 0)
			rc = r.nerrors > 0 ? EXIT_TROUBLE : any_red(&card) ? EXIT_RED : EXIT_GREEN;
		sc_card_release(&card);
	}
	report_release(&r);
	return rc;
}

int scorecard_main(int argc, char **argv)
{
	char err[1024] = "";
	struct config *c;
	struct opts o;
	int rc;

	if (parse_args(argc, argv, &o, err, sizeof(err)) != 0) {
		fprintf(stderr, "sla-report scorecard: %s\n", err);
		return EXIT_TROUBLE;
	}
	if (o.done)
		return fflush(stdout) == 0 ? EXIT_GREEN : EXIT_TROUBLE;
	if (o.output != NULL && outfile_check(o.output, err, sizeof(err)) != 0) {
		fprintf(stderr, "sla-report scorecard: %s\n", err);
		return EXIT_TROUBLE;
	}
	if ((c = config_load(o.config, err, sizeof(err))) == NULL) {
		fprintf(stderr, "%s\n", err);	/* file:line:col: message */
		return EXIT_TROUBLE;
	}
	/* The PDF's font and logo are checked before any work or output. */
	if (config_looks(c, o.title, o.logo, o.font, err, sizeof(err)) != 0 ||
	    (o.pdf && pdfw_prepare(c->font, c->logo, err, sizeof(err)) != 0))
		rc = EXIT_TROUBLE;
	else
		rc = run(&o, c, err, sizeof(err));
	if (rc == EXIT_TROUBLE && err[0] != '\0')
		fprintf(stderr, "sla-report scorecard: %s\n", err);
	config_release(c);
	return rc;
}
