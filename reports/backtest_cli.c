#include "backtest_cli.h"

#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backtest_run.h"
#include "config.h"
#include "nines.h"
#include "num.h"
#include "outfile.h"
#include "pdfw.h"
#include "period.h"
#include "window.h"
#include "render_backtest.h"

#define EXIT_MET	0
#define EXIT_MISSED	1
#define EXIT_TROUBLE	2
#define MAX_TARGETS	100000
#define MAX_TIERS	64

static const char usage_text[] =
	"Usage: sla-report backtest -c FILE [--service NAME]... [overrides] [options]\n"
	"       sla-report backtest --rrd FILE --target PERCENT [overrides] [options]\n"
	"Had this SLA been in force over the history, how would we have fared?  Every past\n"
	"window judged by the sla-report engine, with a summary and a recommended target.\n"
	"\n"
	"  -c, --config FILE       SLA definitions (as for sla-report)\n"
	"  -s, --service NAME      only this service (repeatable)\n"
	"      --rrd FILE          no config: back-test this one archive (24x7, monthly)\n"
	"Overrides of the proposed SLA (every selected service):\n"
	"      --target PERCENT    availability target, e.g. 99.9\n"
	"      --latency SPEC      latency objective, e.g. \"p95<=200ms\" or \"99%<500ms\"\n"
	"      --window KIND       day, week, month, quarter, year or \"rolling 30d\"\n"
	"      --calendar CAL      24x7, a calendar a service of the config uses, or\n"
	"                          timeperiod lines separated by ';'\n"
	"      --tz ZONE           the SLA's time zone\n"
	"      --policy SPEC       e.g. maintenance=down,unmonitored=excluded,warning=down,\n"
	"                          merge_outages_within=5m,ignore_outages_shorter_than=1m\n"
	"      --credits TIERS     BELOW:CREDIT,...  e.g. 99.9:10,99:25,95:100\n"
	"      --rewards TIERS     AT:BONUS,...  e.g. 99.99:5,99.95:2 (bonus at or above)\n"
	"      --min-coverage P    a window with data for less than P % of its in-scope\n"
	"                          time is insufficient data: neither met nor missed\n"
	"      --bill AMOUNT       the bill per window, for credits and rewards in money\n"
	"      --chronic M/N       chronic breach: missed in M of any N consecutive windows\n"
	"      --alerts SPEC       burn-rate alerts: default, off, or SEVERITY:FACTORxLONG/SHORT,...\n"
	"                          e.g. page:14.4x1h/5m,page:6x6h/30m,ticket:3x1d/2h,ticket:1x3d/6h\n"
	"History (default: every whole window of the last 400 days from the first data):\n"
	"      --since DATE        windows from YYYY-MM-DD on\n"
	"      --periods N         the last N whole windows\n"
	"      --now EPOCH         the current time (windows end at or before it)\n"
	"Results:\n"
	"      --confidence C      share of windows the recommended target is met in (0.9)\n"
	"      --targets LIST      sweep: 99,99.5,99.9 or FROM..TO/STEP, e.g. 99..99.99/0.01\n"
	"  -f, --format FORMAT     text (default), csv, json, html or pdf\n"
	"      --title TEXT        the title (default: the config's title:)\n"
	"      --logo FILE         PNG on the PDF's cover (default: the config's logo:)\n"
	"      --font FAMILY       the PDF's font family (default: the config's font:,\n"
	"                          else \"DejaVu Sans\")\n"
	"  -o, --output FILE       write to FILE atomically (default: standard output)\n"
	"  -j, --threads N         archives read in parallel (default: one per core)\n"
	"  -h, --help              this text\n"
	"\n"
	"Exit status: 0 every window met, 1 some window missed, 2 usage, config or data error.\n";

enum {
	OPT_RRD = 0x100, OPT_TARGET, OPT_LATENCY, OPT_WINDOW, OPT_CALENDAR, OPT_TZ, OPT_POLICY,
	OPT_CREDITS, OPT_REWARDS, OPT_BILL, OPT_CHRONIC, OPT_ALERTS, OPT_SINCE, OPT_PERIODS,
	OPT_NOW, OPT_CONFIDENCE, OPT_TARGETS, OPT_MIN_COVERAGE, OPT_TITLE, OPT_LOGO, OPT_FONT,
};

static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "service", required_argument, NULL, 's' },
	{ "format", required_argument, NULL, 'f' },
	{ "output", required_argument, NULL, 'o' },
	{ "threads", required_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ "rrd", required_argument, NULL, OPT_RRD },
	{ "target", required_argument, NULL, OPT_TARGET },
	{ "latency", required_argument, NULL, OPT_LATENCY },
	{ "window", required_argument, NULL, OPT_WINDOW },
	{ "calendar", required_argument, NULL, OPT_CALENDAR },
	{ "tz", required_argument, NULL, OPT_TZ },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "credits", required_argument, NULL, OPT_CREDITS },
	{ "rewards", required_argument, NULL, OPT_REWARDS },
	{ "bill", required_argument, NULL, OPT_BILL },
	{ "chronic", required_argument, NULL, OPT_CHRONIC },
	{ "alerts", required_argument, NULL, OPT_ALERTS },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "periods", required_argument, NULL, OPT_PERIODS },
	{ "now", required_argument, NULL, OPT_NOW },
	{ "confidence", required_argument, NULL, OPT_CONFIDENCE },
	{ "targets", required_argument, NULL, OPT_TARGETS },
	{ "min-coverage", required_argument, NULL, OPT_MIN_COVERAGE },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "logo", required_argument, NULL, OPT_LOGO },
	{ "font", required_argument, NULL, OPT_FONT },
	{ NULL, 0, NULL, 0 },
};

typedef int (*render_fn)(FILE *out, const struct bt_report *r);

static const struct {
	const char *name;
	render_fn render;
	int pdf;		/* binary, with a font and a logo checked first */
} formats[] = {
	{ "text", render_backtest_text, 0 },
	{ "csv", render_backtest_csv, 0 },
	{ "json", render_backtest_json, 0 },
	{ "html", render_backtest_html, 0 },
	{ "pdf", render_backtest_pdf, 1 },
};

/* The options, and the overrides parsed from them (owned here, shared by every service). */
struct opts {
	const char *config, *rrd, *latency, *window, *calendar, *tz, *policy, *since, *output;
	const char *title, *logo, *font;
	const char **names;
	size_t nnames;
	double target, bill, confidence, min_coverage;
	long periods, threads;
	time_t now;
	render_fn render;
	int pdf;
	int done;
	struct sla_credit_tier *credits;
	size_t ncredits;
	int has_credits;
	struct bt_reward *rewards;
	size_t nrewards;
	int has_rewards;
	struct bt_chronic chronic;
	struct bt_alert_rule *alerts;
	size_t nalerts;
	enum { ALERTS_CONFIG, ALERTS_DEFAULT, ALERTS_OFF, ALERTS_LIST } alerts_mode;
	double *targets;
	size_t ntargets;
	struct owned_cal {		/* calendars made for overrides, one per spec and zone */
		struct cal *cal;
		const char *spec, *tz;
	} *cals;
	size_t ncals;
};

static void opts_release(struct opts *o)
{
	free(o->names);
	free(o->credits);
	free(o->rewards);
	free(o->alerts);
	free(o->targets);
	for (size_t i = 0; i < o->ncals; i++)
		cal_release(o->cals[i].cal);
	free(o->cals);
}

/* Splits s at sep into at most max pieces of up to len-1 characters; -1 when too many/long. */
static int split(const char *s, char sep, char (*out)[128], size_t max, size_t *n)
{
	*n = 0;
	while (*s != '\0') {
		const char *e = strchr(s, sep);
		size_t len = e ? (size_t)(e - s) : strlen(s);

		if (*n == max || len >= sizeof(out[0]))
			return -1;
		memcpy(out[*n], s, len);
		out[(*n)++][len] = '\0';
		s += len + (e != NULL);
	}
	return 0;
}

/* "A:B,C:D": pairs of numbers in [0, 100].  Sets *out to a new array of *n pairs. */
static int pairs(const char *what, const char *s, double (**out)[2], size_t *n, char *err,
		 size_t errlen)
{
	char item[MAX_TIERS][128];

	if (split(s, ',', item, MAX_TIERS, n) != 0 || *n == 0) {
		snprintf(err, errlen, "bad %s '%s': expected LEVEL:PERCENT,...", what, s);
		return -1;
	}
	if ((*out = calloc(*n, sizeof(**out))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < *n; i++) {
		char *colon = strchr(item[i], ':');

		if (colon == NULL) {
			snprintf(err, errlen, "bad %s '%s': expected LEVEL:PERCENT", what, item[i]);
			return -1;
		}
		*colon = '\0';
		if (num_double(item[i], 0, 100, &(*out)[i][0], err, errlen) != 0 ||
		    num_double(colon + 1, 0, 100, &(*out)[i][1], err, errlen) != 0)
			return -1;
	}
	return 0;
}

static int by_below_desc(const void *a, const void *b)
{
	double x = ((const struct sla_credit_tier *)a)->below_percent;
	double y = ((const struct sla_credit_tier *)b)->below_percent;

	return (x < y) - (x > y);
}

static int parse_credits(struct opts *o, const char *s, char *err, size_t errlen)
{
	double (*p)[2] = NULL;
	int rc = pairs("credits", s, &p, &o->ncredits, err, errlen);

	if (rc == 0 && (o->credits = calloc(o->ncredits, sizeof(*o->credits))) == NULL) {
		snprintf(err, errlen, "out of memory");
		rc = -1;
	}
	for (size_t i = 0; rc == 0 && i < o->ncredits; i++)
		o->credits[i] = (struct sla_credit_tier){ p[i][0], p[i][1] };
	if (rc == 0)
		qsort(o->credits, o->ncredits, sizeof(*o->credits), by_below_desc);
	o->has_credits = 1;
	free(p);
	return rc;
}

static int parse_rewards(struct opts *o, const char *s, char *err, size_t errlen)
{
	double (*p)[2] = NULL;
	int rc = pairs("rewards", s, &p, &o->nrewards, err, errlen);

	if (rc == 0 && (o->rewards = calloc(o->nrewards, sizeof(*o->rewards))) == NULL) {
		snprintf(err, errlen, "out of memory");
		rc = -1;
	}
	for (size_t i = 0; rc == 0 && i < o->nrewards; i++)
		o->rewards[i] = (struct bt_reward){ p[i][0], p[i][1] };
	o->has_rewards = 1;
	free(p);
	return rc;
}

static int parse_chronic(struct opts *o, const char *s, char *err, size_t errlen)
{
	const char *slash = strchr(s, '/');
	char m[32];
	long a, b;

	if (slash == NULL || (size_t)(slash - s) >= sizeof(m)) {
		snprintf(err, errlen, "bad chronic breach '%s': expected M/N, e.g. 3/6", s);
		return -1;
	}
	snprintf(m, sizeof(m), "%.*s", (int)(slash - s), s);
	if (num_long(m, 1, 1000, &a, err, errlen) != 0 ||
	    num_long(slash + 1, a, 1000, &b, err, errlen) != 0)
		return -1;
	o->chronic = (struct bt_chronic){ (int)a, (int)b };
	return 0;
}

/* "page:14.4x1h/5m" */
static int parse_rule(const char *s, struct bt_alert_rule *r, char *err, size_t errlen)
{
	char buf[128], *colon, *x, *slash;

	snprintf(buf, sizeof(buf), "%s", s);
	colon = strchr(buf, ':');
	x = colon ? strchr(colon, 'x') : NULL;
	slash = x ? strchr(x, '/') : NULL;
	if (slash == NULL) {
		snprintf(err, errlen, "bad alert '%s': expected SEVERITY:FACTORxLONG/SHORT", s);
		return -1;
	}
	*colon = *x = *slash = '\0';
	if (strcmp(buf, "page") != 0 && strcmp(buf, "ticket") != 0) {
		snprintf(err, errlen, "bad alert '%s': severity is page or ticket", s);
		return -1;
	}
	r->severity = strcmp(buf, "page") == 0 ? BT_PAGE : BT_TICKET;
	if (num_double(colon + 1, 1e-9, 1e6, &r->factor, err, errlen) != 0 ||
	    num_duration(x + 1, 1, 366L * 86400, &r->long_s, err, errlen) != 0 ||
	    num_duration(slash + 1, 1, 366L * 86400, &r->short_s, err, errlen) != 0)
		return -1;
	return 0;
}

static int parse_alerts(struct opts *o, const char *s, char *err, size_t errlen)
{
	char item[MAX_TIERS][128];

	if (strcmp(s, "off") == 0 || strcmp(s, "default") == 0) {
		o->alerts_mode = strcmp(s, "off") == 0 ? ALERTS_OFF : ALERTS_DEFAULT;
		return 0;
	}
	if (split(s, ',', item, MAX_TIERS, &o->nalerts) != 0 || o->nalerts == 0) {
		snprintf(err, errlen, "bad alerts '%s'", s);
		return -1;
	}
	if ((o->alerts = calloc(o->nalerts, sizeof(*o->alerts))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < o->nalerts; i++)
		if (parse_rule(item[i], &o->alerts[i], err, errlen) != 0)
			return -1;
	o->alerts_mode = ALERTS_LIST;
	return 0;
}

/* "99,99.5,99.9" or "FROM..TO/STEP" (TO included when it is on a step). */
static int parse_targets(struct opts *o, const char *s, char *err, size_t errlen)
{
	const char *dots = strstr(s, ".."), *slash = dots ? strchr(dots, '/') : NULL;
	char a[64], b[64];
	double from, to, step;
	size_t n;

	if (dots == NULL) {
		char (*item)[128] = calloc(MAX_TIERS * 16, sizeof(*item));

		if (item == NULL || split(s, ',', item, MAX_TIERS * 16, &n) != 0 || n == 0 ||
		    (o->targets = calloc(n, sizeof(*o->targets))) == NULL) {
			snprintf(err, errlen, "bad targets '%s'", s);
			free(item);
			return -1;
		}
		for (o->ntargets = 0; o->ntargets < n; o->ntargets++)
			if (num_double(item[o->ntargets], 0, 100, &o->targets[o->ntargets], err,
				       errlen) != 0) {
				free(item);
				return -1;
			}
		free(item);
		return 0;
	}
	if (slash == NULL || (size_t)(dots - s) >= sizeof(a) || (size_t)(slash - dots) >= sizeof(b)) {
		snprintf(err, errlen, "bad targets '%s': expected FROM..TO/STEP", s);
		return -1;
	}
	snprintf(a, sizeof(a), "%.*s", (int)(dots - s), s);
	snprintf(b, sizeof(b), "%.*s", (int)(slash - dots - 2), dots + 2);
	if (num_double(a, 0, 100, &from, err, errlen) != 0 ||
	    num_double(b, from, 100, &to, err, errlen) != 0 ||
	    num_double(slash + 1, 1e-9, 100, &step, err, errlen) != 0)
		return -1;
	n = (size_t)floor((to - from) / step + 1e-6) + 1;
	if (n > MAX_TARGETS || (o->targets = calloc(n, sizeof(*o->targets))) == NULL) {
		snprintf(err, errlen, "bad targets '%s': more than %d", s, MAX_TARGETS);
		return -1;
	}
	/* Rounded to 1e-9 so that 99 + 90 × 0.01 is 99.9, not 99.90000000000001. */
	for (size_t i = 0; i < n; i++)
		o->targets[i] = round((from + (double)i * step) * 1e9) / 1e9;
	o->ntargets = n;
	return 0;
}

/* --since is a day, read in each service's zone when its windows are planned. */
static int check_date(const char *s, char *err, size_t errlen)
{
	time_t t0, t1;

	if (strlen(s) != 10 || period_parse(s, 0, "UTC", &t0, &t1, err, errlen) != 0) {
		snprintf(err, errlen, "bad --since '%s': expected YYYY-MM-DD", s);
		return -1;
	}
	return 0;
}

static int set_format(struct opts *o, const char *s, char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(formats[i].name, s) == 0) {
			o->render = formats[i].render;
			o->pdf = formats[i].pdf;
			return 0;
		}
	snprintf(err, errlen, "unknown format '%s' (text, csv, json, html or pdf)", s);
	return -1;
}

static int one_opt(struct opts *o, int c, const char *arg, char *err, size_t errlen)
{
	long v;

	switch (c) {
	case 'c': o->config = arg; return 0;
	case 's': o->names[o->nnames++] = arg; return 0;
	case 'f': return set_format(o, arg, err, errlen);
	case 'o': o->output = arg; return 0;
	case 'j': return num_long(arg, 0, 1024, &o->threads, err, errlen);
	case 'h': fputs(usage_text, stdout); o->done = 1; return 0;
	case OPT_RRD: o->rrd = arg; return 0;
	case OPT_TARGET: return num_double(arg, 0, 100, &o->target, err, errlen);
	case OPT_LATENCY: o->latency = arg; return 0;
	case OPT_WINDOW: o->window = arg; return 0;
	case OPT_CALENDAR: o->calendar = arg; return 0;
	case OPT_TZ: o->tz = arg; return 0;
	case OPT_POLICY: o->policy = arg; return 0;
	case OPT_CREDITS: return parse_credits(o, arg, err, errlen);
	case OPT_REWARDS: return parse_rewards(o, arg, err, errlen);
	case OPT_MIN_COVERAGE: return num_double(arg, 0, 100, &o->min_coverage, err, errlen);
	case OPT_BILL: return num_double(arg, 0, 1e15, &o->bill, err, errlen);
	case OPT_CHRONIC: return parse_chronic(o, arg, err, errlen);
	case OPT_ALERTS: return parse_alerts(o, arg, err, errlen);
	case OPT_SINCE: o->since = arg; return 0;
	case OPT_TITLE: o->title = arg; return 0;
	case OPT_LOGO: o->logo = arg; return 0;
	case OPT_FONT: o->font = arg; return 0;
	case OPT_PERIODS: return num_long(arg, 1, 100000, &o->periods, err, errlen);
	case OPT_CONFIDENCE:
		if (num_double(arg, 0, 1, &o->confidence, err, errlen) != 0)
			return -1;
		if (o->confidence > 0)
			return 0;
		snprintf(err, errlen, "bad confidence '%s': above 0, up to 1", arg);
		return -1;
	case OPT_TARGETS: return parse_targets(o, arg, err, errlen);
	case OPT_NOW:
		if (num_long(arg, 0, LONG_MAX, &v, err, errlen) != 0)
			return -1;
		o->now = (time_t)v;
		return 0;
	default:
		snprintf(err, errlen, "unknown option (see sla-report backtest --help)");
		return -1;
	}
}

static int parse_args(int argc, char **argv, struct opts *o, char *err, size_t errlen)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->target = o->bill = o->min_coverage = NAN;
	o->confidence = 0.9;
	o->now = time(NULL);
	o->render = render_backtest_text;
	if ((o->names = calloc((size_t)argc + 1, sizeof(*o->names))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	opterr = 0;
	optind = 1;
	while (!o->done && (c = getopt_long(argc, argv, ":c:s:f:o:j:h", longopts, NULL)) != -1) {
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
	if ((o->config == NULL) == (o->rrd == NULL)) {
		snprintf(err, errlen, "give either -c FILE or --rrd FILE (see sla-report backtest "
			 "--help)");
		return -1;
	}
	if (o->since != NULL && o->periods > 0) {
		snprintf(err, errlen, "give --since or --periods, not both");
		return -1;
	}
	if (outfile_check_binary(o->output, o->pdf, err, errlen) != 0)
		return -1;
	return 0;
}

/* "maintenance=down,warning=up,merge_outages_within=5m" over p. */
static int apply_policy(const char *spec, struct sla_policy *p, char *err, size_t errlen)
{
	static const struct { const char *name; enum sla_count c; } counts[] = {
		{ "excluded", SLA_EXCLUDED }, { "up", SLA_AS_UP }, { "down", SLA_AS_DOWN },
	};
	char item[16][128];
	size_t n;

	if (split(spec, ',', item, 16, &n) != 0) {
		snprintf(err, errlen, "bad policy '%s'", spec);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		char *eq = strchr(item[i], '=');
		enum sla_count *kind = NULL;
		long *secs = NULL;
		size_t k;

		if (eq != NULL)
			*eq++ = '\0';
		if (eq == NULL)
			;
		else if (strcmp(item[i], "maintenance") == 0)
			kind = &p->maintenance;
		else if (strcmp(item[i], "unmonitored") == 0)
			kind = &p->unmonitored;
		else if (strcmp(item[i], "warning") == 0)
			kind = &p->warning;
		else if (strcmp(item[i], "merge_outages_within") == 0)
			secs = &p->merge_gap;
		else if (strcmp(item[i], "ignore_outages_shorter_than") == 0)
			secs = &p->ignore_shorter;
		if (secs != NULL) {
			if (num_duration(eq, 0, 366L * 86400, secs, err, errlen) != 0)
				return -1;
			continue;
		}
		for (k = 0; kind != NULL && k < 3; k++)
			if (strcmp(eq, counts[k].name) == 0 && (kind != &p->warning || k > 0))
				break;
		if (kind == NULL || k == 3) {
			snprintf(err, errlen, "bad policy item '%s%s%s' (maintenance, unmonitored: "
				 "excluded|up|down; warning: up|down; merge_outages_within, "
				 "ignore_outages_shorter_than: durations)", item[i], eq ? "=" : "",
				 eq ? eq : "");
			return -1;
		}
		*kind = counts[k].c;
	}
	return 0;
}

/* A calendar in zone tz made from spec ("24x7" or lines separated by ';'), kept in o. */
static const struct cal *own_calendar(struct opts *o, const char *spec, const char *tz,
				      char *err, size_t errlen)
{
	char line[64][128], msg[NINES_ERRLEN];
	struct owned_cal *v;
	struct cal *c;
	size_t n = 0;

	/* Services that share one share their plans too. */
	for (size_t i = 0; i < o->ncals; i++)
		if (strcmp(o->cals[i].spec, spec) == 0 && strcmp(o->cals[i].tz, tz) == 0)
			return o->cals[i].cal;
	if (strcmp(spec, "24x7") != 0 && split(spec, ';', line, 64, &n) != 0) {
		snprintf(err, errlen, "bad calendar '%s': too many or too long lines", spec);
		return NULL;
	}
	if ((c = cal_new(tz, err, errlen)) == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (cal_add(c, line[i], 1, msg, sizeof(msg)) != 0) {
			snprintf(err, errlen, "bad calendar line '%s': %s", line[i], msg);
			cal_release(c);
			return NULL;
		}
	if ((v = realloc(o->cals, (o->ncals + 1) * sizeof(*v))) == NULL) {
		snprintf(err, errlen, "out of memory");
		cal_release(c);
		return NULL;
	}
	o->cals = v;
	o->cals[o->ncals++] = (struct owned_cal){ c, spec, tz };
	return c;
}

/* The calendar the setup uses after --calendar and --tz. */
static int pick_calendar(struct opts *o, const struct config *c, struct bt_setup *s,
			 int zone_changed, char *err, size_t errlen)
{
	const char *spec = o->calendar != NULL ? o->calendar : s->calendar_name;

	/* A calendar of the config, in the same zone, is used as it is. */
	for (size_t i = 0; i < c->nservices; i++)
		if (strcmp(c->services[i].calendar_name, spec) == 0 &&
		    strcmp(c->services[i].tz, s->tz) == 0) {
			s->calendar = c->services[i].calendar;
			s->calendar_name = c->services[i].calendar_name;
			return 0;
		}
	if (o->calendar == NULL && !zone_changed)
		return 0;
	if (o->calendar == NULL && strcmp(spec, "24x7") != 0) {
		snprintf(err, errlen, "service '%s': calendar '%s' is defined in another zone; "
			 "give its lines with --calendar to read them in %s", s->name, spec, s->tz);
		return -1;
	}
	if ((s->calendar = own_calendar(o, spec, s->tz, err, errlen)) == NULL)
		return -1;
	s->calendar_name = spec;
	return 0;
}

static int setup_service(struct opts *o, const struct config *c, const struct config_service *cs,
			 struct bt_setup *s, char *err, size_t errlen)
{
	s->name = cs->name;
	s->archive = &cs->archive;
	s->config = c;
	s->service = cs;
	s->terms.objective = cs->objective;
	s->terms.rewards = cs->rewards;
	s->terms.nrewards = cs->nrewards;
	s->terms.chronic = cs->chronic;
	s->terms.bill = cs->bill;
	s->policy = cs->policy;
	s->calendar = cs->calendar;
	s->calendar_name = cs->calendar_name;
	s->tz = o->tz != NULL ? o->tz : cs->tz;
	s->window = cs->window;
	s->rolling_days = cs->rolling_days;
	s->alerts = cs->alerts_off ? NULL : cs->alerts ? cs->alerts : bt_default_alerts;
	s->nalerts = cs->alerts_off ? 0 : cs->alerts ? cs->nalerts : bt_ndefault_alerts;
	if (!isnan(o->target))
		s->terms.objective.target_percent = o->target;
	if (o->latency != NULL && config_latency(o->latency, &s->terms.objective, err, errlen) != 0)
		return -1;
	if (!isnan(o->min_coverage))
		s->terms.objective.min_coverage_percent = o->min_coverage;
	if (o->has_credits) {
		s->terms.objective.credits = o->credits;
		s->terms.objective.ncredits = o->ncredits;
	}
	if (o->has_rewards) {
		s->terms.rewards = o->rewards;
		s->terms.nrewards = o->nrewards;
	}
	if (!isnan(o->bill))
		s->terms.bill = o->bill;
	if (o->chronic.of > 0)
		s->terms.chronic = o->chronic;
	if (o->alerts_mode != ALERTS_CONFIG) {
		s->alerts = o->alerts_mode == ALERTS_OFF ? NULL :
			    o->alerts_mode == ALERTS_LIST ? o->alerts : bt_default_alerts;
		s->nalerts = o->alerts_mode == ALERTS_OFF ? 0 :
			     o->alerts_mode == ALERTS_LIST ? o->nalerts : bt_ndefault_alerts;
	}
	if (o->policy != NULL && apply_policy(o->policy, &s->policy, err, errlen) != 0)
		return -1;
	if (o->window != NULL &&
	    cal_window_parse(o->window, &s->window, &s->rolling_days, err, errlen) != 0)
		return -1;
	return pick_calendar(o, c, s, o->tz != NULL && strcmp(o->tz, cs->tz) != 0, err, errlen);
}

static int wanted(const struct opts *o, const char *name)
{
	if (o->nnames == 0)
		return 1;
	for (size_t i = 0; i < o->nnames; i++)
		if (strcmp(o->names[i], name) == 0)
			return 1;
	return 0;
}

/* The setups of the selected services; *out a new array (free()). */
static int setups(struct opts *o, const struct config *c, struct bt_setup **out, size_t *n,
		  char *err, size_t errlen)
{
	for (size_t i = 0; i < o->nnames; i++) {
		size_t k;

		for (k = 0; k < c->nservices && strcmp(c->services[k].name, o->names[i]) != 0; k++)
			;
		if (k == c->nservices) {
			snprintf(err, errlen, "no service named '%s' in '%s'", o->names[i], c->file);
			return -1;
		}
	}
	*n = 0;
	if ((*out = calloc(c->nservices ? c->nservices : 1, sizeof(**out))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < c->nservices; i++) {
		if (!wanted(o, c->services[i].name))
			continue;
		if (setup_service(o, c, &c->services[i], &(*out)[*n], err, errlen) != 0)
			return -1;
		(*n)++;
	}
	return 0;
}

/* What outfile_emit() hands the renderer. */
struct emit_ctx {
	render_fn render;
	const struct bt_report *r;
};

static int render_ctx(FILE *f, const void *ctx)
{
	const struct emit_ctx *e = ctx;

	return e->render(f, e->r);
}

static int emit(const struct opts *o, const struct bt_report *r, char *err, size_t errlen)
{
	return outfile_emit(o->output, render_ctx, &(struct emit_ctx){ o->render, r },
			    "back-test", err, errlen);
}

static int run(struct opts *o, const struct config *c, char *err, size_t errlen)
{
	struct bt_history h = { o->since, o->periods, o->now, c->rrdcached };
	struct bt_setup *set = NULL;
	struct bt_report r;
	size_t n = 0;
	int rc = EXIT_TROUBLE;

	if (o->since != NULL && check_date(o->since, err, errlen) != 0)
		return EXIT_TROUBLE;
	if (o->output != NULL && outfile_check(o->output, err, errlen) != 0)
		return EXIT_TROUBLE;
	if (o->pdf && pdfw_prepare(c->font, c->logo, err, errlen) != 0)
		return EXIT_TROUBLE;
	if (setups(o, c, &set, &n, err, errlen) != 0 ||
	    bt_report_build(&r, set, n, &h, o->confidence, o->targets, o->ntargets,
			    (int)o->threads, err, errlen) != 0) {
		free(set);
		return EXIT_TROUBLE;
	}
	r.title = c->title;
	r.logo = c->logo;
	r.font = c->font;
	r.tz = o->tz != NULL ? o->tz : n > 0 ? set[0].tz : "UTC";
	for (size_t i = 0; i < r.nservices; i++)
		if (r.services[i].error != NULL)
			fprintf(stderr, "sla-report: service '%s': %s\n", r.services[i].set.name,
				r.services[i].error);
	if (emit(o, &r, err, errlen) == 0)
		rc = r.nerrors > 0 ? EXIT_TROUBLE : r.total.missed > 0 ? EXIT_MISSED : EXIT_MET;
	else
		fprintf(stderr, "sla-report: %s\n", err);
	err[0] = '\0';
	bt_report_release(&r);
	free(set);
	return rc;
}

int backtest_main(int argc, char **argv)
{
	char err[1024] = "";
	struct config *c = NULL;
	struct opts o;
	int rc = EXIT_TROUBLE;

	if (parse_args(argc, argv, &o, err, sizeof(err)) != 0) {
		fprintf(stderr, "sla-report backtest: %s\n", err);
		opts_release(&o);
		return EXIT_TROUBLE;
	}
	if (o.done) {
		opts_release(&o);
		return fflush(stdout) == 0 ? EXIT_MET : EXIT_TROUBLE;
	}
	c = o.config != NULL ? config_load(o.config, err, sizeof(err)) :
			       config_single(o.rrd, o.target, o.latency, o.tz, err, sizeof(err));
	if (c == NULL) {
		fprintf(stderr, "%s\n", err);
		opts_release(&o);
		return EXIT_TROUBLE;
	}
	if (config_looks(c, o.title, o.logo, o.font, err, sizeof(err)) == 0)
		rc = run(&o, c, err, sizeof(err));
	if (err[0] != '\0')
		fprintf(stderr, "sla-report backtest: %s\n", err);
	config_release(c);
	opts_release(&o);
	return rc;
}
