/*
 * sla-report — SLA reports from the nines RRD archives.  See README.md and usage() below.
 * Exit status: 0 every objective met, 1 an objective missed, 2 usage, config or data error,
 * or nothing could be judged.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "backtest_cli.h"
#include "config.h"
#include "import_cli.h"
#include "mail_cli.h"
#include "nines.h"
#include "outfile.h"
#include "num.h"
#include "pdfw.h"
#include "period.h"
#include "render.h"
#include "render_fmt.h"
#include "report.h"
#include "render_scorecard.h"
#include "scorecard_build.h"
#include "scorecard_cli.h"

#define EXIT_MET	0
#define EXIT_MISSED	1
#define EXIT_TROUBLE	2

#ifdef __SANITIZE_ADDRESS__
/*
 * Under make asan: libfontconfig has no frame pointers, so only the slow unwinder sees
 * through it to the function t/lsan.supp names for fontconfig's one leak of its own (the
 * loading of its configuration, once per PDF); the fast one would stop inside the library.
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}
#endif

static const char usage_text[] =
	"Usage: sla-report -c FILE [options]\n"
	"       sla-report --rrd FILE [--target PERCENT] [--latency SPEC]\n"
	"                  [--min-coverage PERCENT] [options]\n"
	"       sla-report import --nagios-log PATH... --rrd-dir DIR [options]\n"
	"       sla-report backtest ...  (see sla-report backtest --help)\n"
	"       sla-report mail-settings -c FILE [--to LIST]  (the report mail's settings)\n"
	"       sla-report scorecard -c FILE ...  (see sla-report scorecard --help)\n"
	"SLA reports from nines RRD archives: availability against target, outages, error\n"
	"budget, service credits and latency objectives, per compliance window.\n"
	"\n"
	"  -c, --config FILE       SLA definitions (YAML, see contrib/sla.example.yml)\n"
	"      --rrd FILE          no config: report this one archive (24x7, monthly\n"
	"                          windows, default policy), with:\n"
	"      --target PERCENT    availability target, e.g. 99.9\n"
	"      --latency SPEC      latency objective, e.g. \"p95<=200ms\" or \"99%<500ms\"\n"
	"      --min-coverage PERCENT  judge only windows with data for this share of\n"
	"                          their time (default 0)\n"
	"  -p, --period SPEC       last-month (default), this-month, last-week, this-week,\n"
	"                          yesterday, today, YYYY-MM, YYYY-Qn, YYYY, YYYY-MM-DD,\n"
	"                          FROM..TO (dates, TO exclusive) or @EPOCH..@EPOCH\n"
	"  -f, --format FORMAT     text (default), csv, json, html or pdf\n"
	"  -o, --output FILE       write to FILE atomically (default: standard output)\n"
	"      --title TEXT        the report's title (default: the config's title:)\n"
	"      --logo FILE         PNG on the PDF's cover (default: the config's logo:)\n"
	"      --font FAMILY       the PDF's font family (default: the config's font:,\n"
	"                          else \"DejaVu Sans\")\n"
	"  -s, --service NAME      only this service (repeatable)\n"
	"      --only-violations   list only services that missed an objective, could not\n"
	"                          be judged (insufficient or no data) or could not be\n"
	"                          read (totals still cover all); no text at all when\n"
	"                          every service met its objectives\n"
	"      --tz ZONE           read and show the period in ZONE (default: the first\n"
	"                          service's time_zone)\n"
	"      --now EPOCH         the current time, for reproducible reports\n"
	"  -j, --threads N         archives read in parallel (default: one per core)\n"
	"      --scorecard         with the config's scorecard: appended to the text,\n"
	"                          after the summary of the HTML and PDF, as\n"
	"                          \"scorecard\" in the JSON\n"
	"  -h, --help              this text\n"
	"  -V, --version           the version\n"
	"\n"
	"Exit status: 0 every objective met, 1 an objective missed, 2 usage, config or\n"
	"data error (services that could be read are still reported), or no service\n"
	"could be judged (no data, or insufficient data, for every one).\n";

enum {
	OPT_RRD = 0x100, OPT_TARGET, OPT_LATENCY, OPT_NOW, OPT_ONLY, OPT_TZ, OPT_MIN_COVERAGE,
	OPT_TITLE, OPT_LOGO, OPT_FONT, OPT_SCORECARD,
};

static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "period", required_argument, NULL, 'p' },
	{ "format", required_argument, NULL, 'f' },
	{ "output", required_argument, NULL, 'o' },
	{ "service", required_argument, NULL, 's' },
	{ "threads", required_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "rrd", required_argument, NULL, OPT_RRD },
	{ "target", required_argument, NULL, OPT_TARGET },
	{ "latency", required_argument, NULL, OPT_LATENCY },
	{ "now", required_argument, NULL, OPT_NOW },
	{ "only-violations", no_argument, NULL, OPT_ONLY },
	{ "tz", required_argument, NULL, OPT_TZ },
	{ "min-coverage", required_argument, NULL, OPT_MIN_COVERAGE },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "logo", required_argument, NULL, OPT_LOGO },
	{ "font", required_argument, NULL, OPT_FONT },
	{ "scorecard", no_argument, NULL, OPT_SCORECARD },
	{ NULL, 0, NULL, 0 },
};

static const struct {
	const char *name;
	int (*render)(FILE *out, const struct report *r);
	int days;		/* draws charts of the per-day results */
	int pdf;		/* binary, with a font and a logo checked first */
} formats[] = {
	{ "text", render_text, 0, 0 },
	{ "csv", render_csv, 0, 0 },
	{ "json", render_json, 0, 0 },
	{ "html", render_html, 1, 0 },
	{ "pdf", render_pdf, 1, 1 },
};

struct opts {
	const char *config, *rrd, *latency, *period, *output, *tz, *title, *logo, *font;
	double target, min_coverage;	/* NAN: not given */
	time_t now;
	long threads;
	int (*render)(FILE *out, const struct report *r);
	int pdf;
	struct report_filter filter;
	int done;		/* --help or --version was handled */
	int scorecard;		/* --scorecard */
};

static int set_format(struct opts *o, const char *s, char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(formats[i].name, s) == 0) {
			o->render = formats[i].render;
			o->filter.days = formats[i].days;
			o->pdf = formats[i].pdf;
			return 0;
		}
	snprintf(err, errlen, "unknown format '%s' (text, csv, json, html or pdf)", s);
	return -1;
}

static int one_opt(struct opts *o, int c, const char *arg, const char **names, char *err,
		   size_t errlen)
{
	long v;

	switch (c) {
	case 'c': o->config = arg; return 0;
	case 'p': o->period = arg; return 0;
	case 'f': return set_format(o, arg, err, errlen);
	case 'o': o->output = arg; return 0;
	case 's': names[o->filter.nservices++] = arg; return 0;
	case 'j': return num_long(arg, 0, 1024, &o->threads, err, errlen);
	case OPT_RRD: o->rrd = arg; return 0;
	case OPT_TARGET: return num_double(arg, 0, 100, &o->target, err, errlen);
	case OPT_MIN_COVERAGE: return num_double(arg, 0, 100, &o->min_coverage, err, errlen);
	case OPT_LATENCY: o->latency = arg; return 0;
	case OPT_ONLY: o->filter.only_violations = 1; return 0;
	case OPT_SCORECARD: o->scorecard = 1; return 0;
	case OPT_TZ: o->tz = arg; return 0;
	case OPT_TITLE: o->title = arg; return 0;
	case OPT_LOGO: o->logo = arg; return 0;
	case OPT_FONT: o->font = arg; return 0;
	case OPT_NOW:
		if (num_long(arg, 0, LONG_MAX, &v, err, errlen) != 0)
			return -1;
		o->now = (time_t)v;
		return 0;
	case 'h': fputs(usage_text, stdout); o->done = 1; return 0;
	case 'V': printf("sla-report %s\n", NINES_VERSION); o->done = 1; return 0;
	default:
		snprintf(err, errlen, "unknown option (see sla-report --help)");
		return -1;
	}
}

/* names has room for argc entries.  0, or -1 with a message. */
static int parse_args(int argc, char **argv, struct opts *o, const char **names, char *err,
		      size_t errlen)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->period = "last-month";
	o->target = o->min_coverage = NAN;
	o->now = time(NULL);
	o->render = render_text;
	o->filter.services = names;
	opterr = 0;
	while (!o->done && (c = getopt_long(argc, argv, ":c:p:f:o:s:j:hV", longopts, NULL)) != -1) {
		if (c == ':' || c == '?') {
			snprintf(err, errlen, c == ':' ? "option '%s' needs a value" :
				 "unknown option '%s'", argv[optind - 1]);
			return -1;
		}
		if (one_opt(o, c, optarg, names, err, errlen) != 0)
			return -1;
	}
	if (o->done)
		return 0;
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if ((o->config == NULL) == (o->rrd == NULL)) {
		snprintf(err, errlen, "give either -c FILE or --rrd FILE (see sla-report --help)");
		return -1;
	}
	if (o->config != NULL && (!isnan(o->target) || o->latency != NULL ||
				  !isnan(o->min_coverage))) {
		snprintf(err, errlen, "--target, --latency and --min-coverage go with --rrd; a "
			 "config file sets objectives per service");
		return -1;
	}
	if (o->filter.nservices == 0)
		o->filter.services = NULL;
	if (outfile_check_binary(o->output, o->pdf, err, errlen) != 0)
		return -1;
	if (o->scorecard && (o->config == NULL || o->render == render_csv)) {
		snprintf(err, errlen, "--scorecard goes with -c FILE and the text, json, html or "
			 "pdf format (sla-report scorecard writes it alone as csv)");
		return -1;
	}
	return 0;
}

/* What outfile_emit() hands the renderer. */
struct emit_ctx {
	const struct opts *o;
	const struct report *r;
};

static int render_ctx(FILE *f, const void *ctx)
{
	const struct emit_ctx *e = ctx;

	if (e->o->render(f, e->r) != 0)
		return -1;
	/* The HTML holds the scorecard in its summary; the text has it after the report. */
	if (e->r->scorecard != NULL && e->o->render == render_text)
		return fputc('\n', f) == EOF ? -1 : render_scorecard_text(f, e->r->scorecard);
	return 0;
}

static int emit(const struct opts *o, const struct report *r, char *err, size_t errlen)
{
	return outfile_emit(o->output, render_ctx, &(struct emit_ctx){ o, r }, "report", err,
			    errlen);
}

static struct config *load(const struct opts *o, char *err, size_t errlen)
{
	struct config *c;

	if (o->config != NULL)
		return config_load(o->config, err, errlen);
	c = config_single(o->rrd, o->target, o->latency, o->tz, err, errlen);
	if (c != NULL && !isnan(o->min_coverage))
		c->services[0].objective.min_coverage_percent = o->min_coverage;
	return c;
}

/*
 * The command line's title, logo and font over the config's; for a PDF the font and the
 * logo are checked here, before any work or output, and the font loads while the
 * archives are read.  0, or -1 with a message.
 */
static int looks(const struct opts *o, struct config *c, char *err, size_t errlen)
{
	if (config_looks(c, o->title, o->logo, o->font, err, errlen) != 0)
		return -1;
	return o->pdf ? pdfw_prepare(c->font, c->logo, err, errlen) : 0;
}

/*
 * The config's scorecard for r's period, hung on r.  The card reads every service, so a
 * report narrowed by --service or --only-violations does not serve it: it reads its own.
 */
static int with_scorecard(const struct opts *o, const struct config *c, struct report *r,
			  struct sc_card *card, char *err, size_t errlen)
{
	int whole = o->filter.services == NULL && !o->filter.only_violations;

	if (c->scorecard == NULL) {
		snprintf(err, errlen, "'%s' has no scorecard: section", c->file);
		return -1;
	}
	if (sc_build(card, c, r->tz, r->t0, r->t1, o->now, whole ? r : NULL, (int)o->threads,
		     err, errlen) != 0)
		return -1;
	r->scorecard = card;
	return 0;
}

/* 2 when a service could not be read or none could be judged, 1 a miss, else 0. */
static int exit_status(const struct report *r)
{
	if (r->nerrors > 0)
		return EXIT_TROUBLE;
	if (r->njudged == 0 && r->ntotal > 0) {
		fprintf(stderr, "sla-report: no service could be judged: %zu without data, "
			"%zu with insufficient data in the period\n", r->nnodata,
			r->ninsufficient);
		return EXIT_TROUBLE;
	}
	return r->nmissed > 0 ? EXIT_MISSED : EXIT_MET;
}

int main(int argc, char **argv)
{
	const char **names = calloc((size_t)argc + 1, sizeof(*names));
	char err[1024];
	struct config *c = NULL;
	struct report r;
	struct sc_card card;
	struct opts o;
	const char *tz;
	time_t t0, t1;
	int rc = EXIT_TROUBLE;

	/*
	 * Each archive read allocates tens of MB (librrd's fetch buffer, the series) and frees
	 * them again.  Above the mmap threshold every such block is fresh pages from the
	 * kernel, and faulting them in cost a third of a year's report; kept in the heap, the
	 * next archive reuses them.  Memory stays bounded by the workers, not the services.
	 */
	if (argc > 1 && strcmp(argv[1], "import") == 0) {
		free(names);
		return import_main(argc - 1, argv + 1);
	}
	if (argc > 1 && strcmp(argv[1], "mail-settings") == 0) {
		free(names);
		return mail_settings_main(argc - 1, argv + 1);
	}
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 512 << 20);
	if (argc > 1 && strcmp(argv[1], "backtest") == 0) {
		free(names);
		return backtest_main(argc - 1, argv + 1);
	}
	if (argc > 1 && strcmp(argv[1], "scorecard") == 0) {
		free(names);
		return scorecard_main(argc - 1, argv + 1);
	}
	if (names == NULL || parse_args(argc, argv, &o, names, err, sizeof(err)) != 0) {
		fprintf(stderr, "sla-report: %s\n", names ? err : "out of memory");
		free(names);
		return EXIT_TROUBLE;
	}
	if (o.done) {
		free(names);
		return fflush(stdout) == 0 ? EXIT_MET : EXIT_TROUBLE;
	}
	/* Checked before the work too, so that a wrong -o fails at once. */
	if (o.output != NULL && outfile_check(o.output, err, sizeof(err)) != 0) {
		fprintf(stderr, "sla-report: %s\n", err);
		free(names);
		return EXIT_TROUBLE;
	}
	if ((c = load(&o, err, sizeof(err))) == NULL) {
		fprintf(stderr, "%s\n", err);	/* file:line:col: message */
		free(names);
		return EXIT_TROUBLE;
	}
	if (looks(&o, c, err, sizeof(err)) != 0) {
		fprintf(stderr, "sla-report: %s\n", err);
		config_release(c);
		free(names);
		return EXIT_TROUBLE;
	}
	tz = o.tz != NULL ? o.tz : c->nservices > 0 ? c->services[0].tz : "UTC";
	if (period_parse(o.period, o.now, tz, &t0, &t1, err, sizeof(err)) != 0)
		fprintf(stderr, "sla-report: bad period: %s\n", err);
	else if (report_build(&r, c, tz, t0, t1, o.now, &o.filter, (int)o.threads, err,
			      sizeof(err)) != 0)
		fprintf(stderr, "sla-report: %s\n", err);
	else {
		for (size_t i = 0; i < r.nservices; i++)
			if (r.services[i].error != NULL) {
				char nm[1024], msg[2048];

				/* Escaped as in the text report: this goes to a terminal too. */
				fprintf(stderr, "sla-report: service '%s': %s\n",
					render_text_clean(r.services[i].name, nm, sizeof(nm)),
					render_text_clean(r.services[i].error, msg, sizeof(msg)));
			}
		if (o.scorecard && with_scorecard(&o, c, &r, &card, err, sizeof(err)) != 0)
			fprintf(stderr, "sla-report: %s\n", err);
		else if (emit(&o, &r, err, sizeof(err)) != 0)
			fprintf(stderr, "sla-report: %s\n", err);
		else
			rc = exit_status(&r);
		if (r.scorecard != NULL)
			sc_card_release(&card);
		report_release(&r);
	}
	config_release(c);
	free(names);
	return rc;
}
