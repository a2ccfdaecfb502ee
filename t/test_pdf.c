/*
 * sla-report --format pdf (and backtest --format pdf) end to end: the built binary over
 * archives written here in the plugins' layout, the document read back with poppler's
 * pdfinfo (pages, title), pdftotext (the text, page by page, in layout) and pdfimages
 * (the logo).  The figures must be the JSON's of the same report; a long report must
 * break across pages without splitting a table row and with the table's header on every
 * page; hostile names must come out as text; a font fontconfig does not have, a missing
 * logo and a logo that is not a PNG must be a one-line error, exit 2 and no file.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fixture.h"
#include "pdfw.h"
#include "render_fmt.h"
#include "testrrd.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define STEP 300
#define OUTLEN (8 << 20)

static char bin[PATH_MAX], dir[64];
static char *out, *text;

static void path_in(const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

/* Runs argv[0..] (NULL-terminated, at most 60) with bin first; output in out; exit status. */
static int run(const char *const *args)
{
	return fx_run_args(bin, args, NULL, out, OUTLEN);
}

#define RUN(...) run((const char *const[]){ __VA_ARGS__, NULL })

/* Runs `sla-report ARGS -f pdf -o NAME` (in dir); the exit status, output in out. */
static int pdf(const char *name, const char *const *args)
{
	char *argv[64], path[PATH_MAX];
	int n = 0;

	path_in(name, path, sizeof(path));
	argv[n++] = bin;
	for (size_t i = 0; args[i] != NULL && n < 59; i++)
		argv[n++] = (char *)args[i];
	argv[n++] = "-f";
	argv[n++] = "pdf";
	argv[n++] = "-o";
	argv[n++] = path;
	argv[n] = NULL;
	return fx_run(argv, NULL, out, OUTLEN);
}

#define PDF(name, ...) pdf(name, (const char *const[]){ __VA_ARGS__, NULL })

/* A poppler tool on file name (in dir) with args before it; its output in text. */
static void poppler(const char *tool, const char *name, const char *const *args)
{
	char *argv[16], path[PATH_MAX], prog[64];
	int n = 0, rc;

	path_in(name, path, sizeof(path));
	snprintf(prog, sizeof(prog), "/usr/bin/%s", tool);
	argv[n++] = prog;
	for (size_t i = 0; args[i] != NULL && n < 12; i++)
		argv[n++] = (char *)args[i];
	argv[n++] = path;
	if (strcmp(tool, "pdftotext") == 0)
		argv[n++] = "-";
	argv[n] = NULL;
	rc = fx_run(argv, NULL, text, OUTLEN);
	if (rc != 0)
		fail_msg("%s %s: exit %d\n%.2000s\nsla-report said:\n%.2000s", tool, name, rc, text,
			 out);
}

#define POPPLER(tool, name, ...) poppler(tool, name, (const char *const[]){ __VA_ARGS__, NULL })

/* The title pdfinfo read (in text), NUL-terminated at the line's end. */
static const char *title_of(void)
{
	char *p = strstr(text, "Title:"), *e;

	if (p == NULL)
		fail_msg("no title in:\n%s", text);
	p += 6 + strspn(p + 6, " ");
	if ((e = strchr(p, '\n')) != NULL)
		*e = '\0';
	return p;
}

/* The page count pdfinfo reads. */
static int pages(const char *name)
{
	const char *p;

	POPPLER("pdfinfo", name, "-enc", "UTF-8");
	if ((p = strstr(text, "\nPages:")) == NULL)
		fail_msg("no page count in:\n%s", text);
	return atoi(p + 7);
}

/* The text of page (1..) or of the whole document (0), laid out as on the page. */
static void page_text(const char *name, int page)
{
	char n[16];

	snprintf(n, sizeof(n), "%d", page);
	if (page > 0)
		POPPLER("pdftotext", name, "-enc", "UTF-8", "-layout", "-f", n, "-l", n);
	else
		POPPLER("pdftotext", name, "-enc", "UTF-8", "-layout");
}

static void write_file(const char *name, const char *data, size_t len)
{
	char path[PATH_MAX];
	FILE *f;

	path_in(name, path, sizeof(path));
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* The exit status got is want, or the test fails with what sla-report said. */
static void status_is(int got, int want)
{
	if (got != want)
		fail_msg("sla-report exited %d, not %d:\n%.4000s", got, want, out);
}

static int exists(const char *name)
{
	char path[PATH_MAX];
	struct stat st;

	path_in(name, path, sizeof(path));
	return stat(path, &st) == 0;
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;

	for (const char *p = strstr(s, what); p != NULL; p = strstr(p + 1, what))
		n++;
	return n;
}

/* ---- the histories (as in t/test_html.c) ---- */

/*
 * May 2025, 24x7, target 99.9, checks every 5 minutes: 20 minutes down on 05-10
 * 12:00..12:20: 100 - 1200/26784 = 99.955197 %, budget used 44.802867 %.
 */
static const struct trd_event outage_ev[] = {
	{ TRD_DOWN, 1746878400 /* 05-10 12:00 */, 1746878400 + 1200 },
};

/* No check on 05-20 and 10 minutes down on 05-31. */
static const struct trd_event gap_ev[] = {
	{ TRD_GAP, 1747699200 /* 05-20 00:00 */, 1747785600 /* 05-21 00:00 */ },
	{ TRD_DOWN, 1748692800 /* 05-31 12:00 */, 1748692800 + 600 },
};

/* 2025, target 99.9, monthly: February, June and October missed (as in t/test_html.c). */
static const struct trd_event year_ev[] = {
	{ TRD_DOWN, 1736899200 /* 01-15 00:00 */, 1736899200 + 1800 },
	{ TRD_DOWN, 1739620800 /* 02-15 12:00 */, 1739620800 + 3600 },
	{ TRD_DOWN, 1749988800 /* 06-15 12:00 */, 1749988800 + 2700 },
	{ TRD_DOWN, 1760529600 /* 10-15 12:00 */, 1760529600 + 3000 },
};

/* 120 outages of 10 minutes in May, one every 6 hours from 05-01 06:00: a long list. */
#define NFLAPS 120
static struct trd_event flap_ev[NFLAPS];

#define ALIEN_RRD "bad%FFname%3Cb%3E%26%22.rrd"
#define MAY "2025-05"
#define NOW_JUNE "1749000000"
#define NOW_2026 "1767225600"
#define NLONG 200

static const char hostile_yml[] =
	"title: \"Report <script>alert(1)</script> & co\"\n"
	"services:\n"
	"  - { name: \"<script>alert('x')</script> & \\\"q\\\"\", archive: %s/outage.rrd,"
	" availability: 99.9 }\n"
	"  - { name: \"ctl\\x01\\x1b[31mred\", archive: %s/outage.rrd, availability: 99.9 }\n"
	"  - { name: \"Z\u00fcrich \u2801\u2803 core\", archive: %s/outage.rrd, availability: 99.9 }\n";

/* A 2x2 PNG (RGB), as a drawing program writes it. */
static const unsigned char logo_png[] = {
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
	0x44, 0x52, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x08, 0x02, 0x00, 0x00,
	0x00, 0xfd, 0xd4, 0x9a, 0x73, 0x00, 0x00, 0x00, 0x10, 0x49, 0x44, 0x41, 0x54, 0x78,
	0x9c, 0x63, 0xf8, 0xcf, 0x00, 0x04, 0xff, 0x19, 0x20, 0x14, 0x00, 0x1b, 0xf2, 0x03,
	0xfd, 0xd6, 0x96, 0xf2, 0x2b, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
	0x42, 0x60, 0x82,
};

static int setup(void **state)
{
	char path[PATH_MAX], buf[8192];
	size_t n;

	(void)state;
	snprintf(bin, sizeof(bin), "%s/reports/sla-report", getenv("NINES_BUILD"));
	snprintf(dir, sizeof(dir), "/tmp/nines-pdf.XXXXXX");
	if (mkdtemp(dir) == NULL || (out = malloc(OUTLEN)) == NULL ||
	    (text = malloc(OUTLEN)) == NULL)
		return -1;
	assert_int_equal(fx_utc(2025, 5, 10, 12, 0), outage_ev[0].from);
	path_in("outage.rrd", path, sizeof(path));
	trd_history(path, STEP, fx_utc(2025, 5, 1, 0, 0), fx_utc(2025, 6, 1, 0, 0), outage_ev,
		    ARRAY_LEN(outage_ev));
	path_in("gap.rrd", path, sizeof(path));
	trd_history(path, STEP, fx_utc(2025, 5, 1, 0, 0), fx_utc(2025, 6, 1, 0, 0), gap_ev,
		    ARRAY_LEN(gap_ev));
	path_in(ALIEN_RRD, path, sizeof(path));
	trd_history(path, STEP, fx_utc(2025, 5, 1, 0, 0), fx_utc(2025, 6, 1, 0, 0), NULL, 0);
	path_in("year.rrd", path, sizeof(path));
	trd_history(path, STEP, fx_utc(2025, 1, 1, 0, 0), fx_utc(2026, 1, 1, 0, 0), year_ev,
		    ARRAY_LEN(year_ev));
	for (int i = 0; i < NFLAPS; i++) {
		time_t t = fx_utc(2025, 5, 1, 6, 0) + (time_t)i * 6 * 3600;

		flap_ev[i] = (struct trd_event){ TRD_DOWN, t, t + 600 };
	}
	path_in("flap.rrd", path, sizeof(path));
	trd_history(path, STEP, fx_utc(2025, 5, 1, 0, 0), fx_utc(2025, 6, 1, 0, 0), flap_ev, NFLAPS);

	n = (size_t)snprintf(buf, sizeof(buf),
			     "services:\n"
			     "  - { name: outage, archive: %s/outage.rrd, availability: 99.9,"
			     " latency: \"p95 <= 200ms\" }\n"
			     "  - { name: gap, archive: %s/gap.rrd, availability: 99.9 }\n", dir, dir);
	write_file("month.yml", buf, n);
	n = (size_t)snprintf(buf, sizeof(buf),
			     "services:\n"
			     "  - { name: outage, archive: %s/outage.rrd, availability: 99.9 }\n"
			     "  - { name: gap, archive: %s/gap.rrd, availability: 99.9 }\n"
			     "  - { name: web, components: [outage, gap], availability: 99.9 }\n",
			     dir, dir);
	write_file("composite.yml", buf, n);
	n = (size_t)snprintf(buf, sizeof(buf),
			     "services:\n"
			     "  - { name: outage, archive: %s/outage.rrd, availability: 99.9 }\n"
			     "  - { name: gap, archive: %s/gap.rrd, availability: 99.9,\n"
			     "      policy: { merge_outages_within: 5m } }\n", dir, dir);
	write_file("policies.yml", buf, n);
	n = (size_t)snprintf(buf, sizeof(buf), hostile_yml, dir, dir, dir);
	write_file("hostile.yml", buf, n);
	write_file("logo.png", (const char *)logo_png, sizeof(logo_png));
	write_file("logo.txt", "not a picture\n", 14);
	{
		/* 200 services, each the same archive under its own name. */
		FILE *f;

		path_in("long.yml", path, sizeof(path));
		f = fopen(path, "w");
		assert_non_null(f);
		fprintf(f, "title: Two hundred\nservices:\n");
		for (int i = 0; i < NLONG; i++)
			fprintf(f, "  - { name: svc-%03d, archive: %s/outage.rrd, availability: 99.9 }\n",
				i, dir);
		fprintf(f, "  - { name: flap, archive: %s/flap.rrd, availability: 99.9 }\n", dir);
		assert_int_equal(fclose(f), 0);
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_rmtree(dir);
	free(out);
	free(text);
	return 0;
}

static char cfg_month[PATH_MAX], cfg_hostile[PATH_MAX], cfg_long[PATH_MAX], alien[PATH_MAX];
static char year[PATH_MAX], outage[PATH_MAX], logo[PATH_MAX], notlogo[PATH_MAX];

static void paths(void)
{
	path_in("month.yml", cfg_month, sizeof(cfg_month));
	path_in("hostile.yml", cfg_hostile, sizeof(cfg_hostile));
	path_in("long.yml", cfg_long, sizeof(cfg_long));
	path_in(ALIEN_RRD, alien, sizeof(alien));
	path_in("year.rrd", year, sizeof(year));
	path_in("outage.rrd", outage, sizeof(outage));
	path_in("logo.png", logo, sizeof(logo));
	path_in("logo.txt", notlogo, sizeof(notlogo));
}

/* ---- the figures against the JSON ---- */

/* The token after "key": following "name": "svc" in the JSON (in json), into buf. */
static void json_token(const char *json, const char *svc, const char *key, char *buf,
		       size_t len)
{
	char k[128];
	const char *p;
	size_t n;

	snprintf(k, sizeof(k), "\"name\": \"%s\"", svc);
	if ((p = strstr(json, k)) == NULL)
		fail_msg("no service %s in:\n%.3000s", svc, json);
	snprintf(k, sizeof(k), "\"%s\": ", key);
	if ((p = strstr(p, k)) == NULL)
		fail_msg("no %s in:\n%.3000s", key, json);
	p += strlen(k);
	n = strcspn(p, ",\n}");
	snprintf(buf, len, "%.*s", (int)n, p);
}

/* Whether s has a line with name, then blanks, then value (a whole word, or before ';'). */
static int has_pair(const char *s, const char *name, const char *value)
{
	size_t nl = strlen(name), vl = strlen(value);

	for (const char *p = strstr(s, name); p != NULL; p = strstr(p + 1, name)) {
		const char *v = p + nl;

		if (*v != ' ')
			continue;
		v += strspn(v, " ");
		if (strncmp(v, value, vl) == 0 && strchr(" ;\n", v[vl]) != NULL)
			return 1;
	}
	return 0;
}

/* The JSON's figure key of svc (NAN for null), as the text shows it: a time or a number. */
static const char *shown(const char *json, const char *svc, const char *key, int decimals,
			 const char *unit, char *buf, size_t len)
{
	char tok[64];
	double v;

	json_token(json, svc, key, tok, sizeof(tok));
	v = strcmp(tok, "null") == 0 ? NAN : strtod(tok, NULL);
	if (decimals < 0)
		render_hms(v, buf, len);
	else
		render_num(v, decimals, unit, buf, len);
	return buf;
}

/*
 * Each service's figures in the PDF are its JSON's, as the text and HTML round them
 * (the summary's and the service's lines); the service names, the marks, the period and
 * the charts' captions are there too, and pdfinfo counts the pages: a cover, the
 * summary, a page per service.
 */
static void test_figures(void **state)
{
	static const char *const svcs[] = { "outage", "gap" };
	static const struct {
		const char *before, *key, *unit;
		int decimals;			/* -1: h:mm:ss */
	} figs[] = {
		{ "Availability ", "availability_percent", "%", 4 },
		{ "down ", "down_seconds", "", -1 },
		{ "unmonitored ", "unmonitored_seconds", "", -1 },
		{ "error budget used ", "budget_consumed_percent", "%", 1 },
		{ "Margin ", "margin_percent", "%", 4 },
		{ "maintenance ", "maintenance_seconds", "", -1 },
		{ "longest outage ", "longest_outage_seconds", "", -1 },
		{ "MTTR ", "mttr_seconds", "", -1 },
		{ "MTBF ", "mtbf_seconds", "", -1 },
		{ "burn rate ", "burn_rate", "", 4 },
		{ "service credit ", "credit_percent", "%", 4 },
		{ "coverage ", "coverage_percent", "%", 2 },
	};
	static char json[1 << 20];
	char tok[64], want[128], v[64];
	int n;

	(void)state;
	paths();
	status_is(RUN("-c", cfg_month, "-p", MAY, "--now", NOW_JUNE, "-f", "json"), 0);
	snprintf(json, sizeof(json), "%s", out);
	status_is(PDF("month.pdf", "-c", cfg_month, "-p", MAY, "--now", NOW_JUNE), 0);
	n = pages("month.pdf");
	assert_true(n >= 3 && n <= 6);
	assert_string_equal(title_of(), "SLA report");
	page_text("month.pdf", 0);
	for (size_t i = 0; i < ARRAY_LEN(svcs); i++) {
		/* The service's part of the text: from its heading to the next heading. */
		static char part[1 << 16];
		char head[64];
		const char *from, *to;

		snprintf(head, sizeof(head), "%s \u2714 met\n", svcs[i]);
		assert_non_null(from = strstr(text, head));
		snprintf(head, sizeof(head), "%s \u2714 met\n", svcs[1 - i]);
		to = strstr(text, head);
		if (to == NULL || to < from)
			to = from + strlen(from);
		snprintf(part, sizeof(part), "%.*s", (int)(to - from), from);
		for (size_t f = 0; f < ARRAY_LEN(figs); f++) {
			snprintf(want, sizeof(want), "%s%s", figs[f].before,
				 shown(json, svcs[i], figs[f].key, figs[f].decimals, figs[f].unit, v,
				       sizeof(v)));
			if (strstr(part, want) == NULL)
				fail_msg("%s: \"%s\" (%s in the JSON) is not in the PDF:\n%s", svcs[i],
					 want, figs[f].key, part);
		}
	}
	/* The header's period by its last day, the summary's total row and counts. */
	assert_non_null(strstr(text, "2025-05-01 to 2025-05-31"));
	assert_true(has_pair(text, "total", "\u2714 met"));
	assert_non_null(strstr(text, "2 services: 2 met, 0 missed"));
	/* The figures have values worth checking: outage has an outage, gap unmonitored time. */
	assert_non_null(strstr(text, "MTTR 0:"));
	assert_non_null(strstr(text, "unmonitored 0:0"));
	json_token(json, "outage", "availability_percent", tok, sizeof(tok));
	assert_string_equal(tok, "99.955197");
	assert_non_null(strstr(text, "outage \u2714 met"));
	assert_non_null(strstr(text, "gap \u2714 met"));
	assert_non_null(strstr(text, "Period 2025-05-01 00:00:00 UTC to 2025-06-01 00:00:00 UTC"));
	assert_non_null(strstr(text, "Error budget remaining: ends at 55.197%"));
	assert_non_null(strstr(text, "Latency: ends at 10ms; dashed: objective 200ms"));
	assert_int_equal(count(text, "Daily availability against target 99.9%"), 2);
	assert_null(strstr(text, "Daily availability; dashed"));
	assert_non_null(strstr(text, "page 1 of "));
	/* The summary row of outage: its figures as the HTML shows them. */
	assert_true(has_pair(text, "99.9552%", "99.9%"));
}

/*
 * The policy is said once, under the summary, when every service has the same; when they
 * differ each service says its own, and the reader is never left without one.
 */
static void test_policy(void **state)
{
	char cfg[PATH_MAX];
	const char *p;

	(void)state;
	paths();
	status_is(PDF("month.pdf", "-c", cfg_month, "-p", MAY, "--now", NOW_JUNE), 0);
	page_text("month.pdf", 0);
	assert_int_equal(count(text, "Policy of every service below: maintenance excluded, "), 1);
	assert_int_equal(count(text, "Policy:"), 0);
	/* Each service's coverage is still its own, with its other figures. */
	assert_non_null(p = strstr(text, "gap \u2714 met\n"));
	assert_non_null(strstr(p, "coverage 96.76%"));
	path_in("policies.yml", cfg, sizeof(cfg));
	status_is(PDF("policies.pdf", "-c", cfg, "-p", MAY, "--now", NOW_JUNE), 0);
	page_text("policies.pdf", 0);
	assert_int_equal(count(text, "Policy of every service"), 0);
	assert_int_equal(count(text, "Policy: maintenance excluded"), 2);
	assert_non_null(p = strstr(text, "gap \u2714 met\n"));
	assert_non_null(strstr(p, "outages merged within 300s"));
	assert_non_null(p = strstr(text, "outage \u2714 met\n"));
	assert_non_null(strstr(p, "outages merged within 0s"));
}

#ifdef __SANITIZE_ADDRESS__
/*
 * test_preload loads fonts in this process: as in sla-report, only the slow unwinder sees
 * through libfontconfig to the one leak of its own that t/lsan.supp names.
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}
#endif

static int one_line(struct pdfw *w, void *arg)
{
	(void)arg;
	pdfw_paragraph(w, "The fonts of this file are those asked for.", 0);
	return 0;
}

/* A one-line document in font written by pdfw to name, after a preload of family pre. */
static void preloaded(const char *pre, const char *font, const char *name)
{
	char path[PATH_MAX], err[256];
	FILE *f;

	pdfw_preload(pre);
	path_in(name, path, sizeof(path));
	assert_non_null(f = fopen(path, "wb"));
	if (pdfw_write(&(struct pdfw_opts){ .title = "preload", .font = font }, one_line, NULL, f,
		       err, sizeof(err)) != 0)
		fail_msg("pdfw_write: %s", err);
	assert_int_equal(fclose(f), 0);
	POPPLER("pdffonts", name, "-f", "1");
}

/*
 * A family loaded in the background never stands in for another: the file embeds the
 * family asked for, whether the preload was of that family or of another (a preload taken
 * whatever its family puts DejaVu Sans into other.pdf).
 */
static void test_preload(void **state)
{
	(void)state;
	paths();
	preloaded("DejaVu Serif", "DejaVu Serif", "serif.pdf");
	assert_non_null(strstr(text, "DejaVuSerif"));
	assert_null(strstr(text, "DejaVuSans"));
	preloaded("DejaVu Sans", "DejaVu Serif", "other.pdf");
	assert_non_null(strstr(text, "DejaVuSerif"));
	assert_null(strstr(text, "DejaVuSans"));
}

/* ---- the daily strip, as drawn ---- */

/* 'G' met, 'R' missed, 'n' the grey of no data or its hatching (or a blend of the two), 0 other. */
static int pixel_class(const unsigned char *p)
{
	unsigned c = (unsigned)p[0] << 16 | (unsigned)p[1] << 8 | p[2];

	if (c == 0x2e9d57)
		return 'G';
	if (c == 0xd62728)
		return 'R';
	return p[0] == p[1] && p[1] == p[2] && p[0] >= 0x88 && p[0] <= 0xe0 ? 'n' : 0;
}

/*
 * The rows of the strip on page of name, rasterised by pdftoppm at 144 dpi: for every
 * pixel row, its runs (at least 6 pixels) of the exact met and missed colours, as a
 * string of 'G' and 'R', and of the greys of a day without data, 'N' when the hatching's
 * lines cross it ('n' without); a day's cell is such a run, and the gap between two
 * cells breaks it.  How many rows read want (a strip is 44 rows high).
 */
static int strip_reads(const char *name, int page, const char *want)
{
	char path[PATH_MAX], root[PATH_MAX], ppm[PATH_MAX + 16], n[16], seq[256];
	char *argv[] = { "/usr/bin/pdftoppm", "-r", "144", "-f", n, "-l", n, "-singlefile",
			 path, root, NULL };
	int w, h, max, found = 0;
	unsigned char *px;
	FILE *f;

	snprintf(n, sizeof(n), "%d", page);
	path_in(name, path, sizeof(path));
	path_in("strip", root, sizeof(root));
	if (fx_run(argv, NULL, text, OUTLEN) != 0)
		fail_msg("pdftoppm %s: %s", name, text);
	snprintf(ppm, sizeof(ppm), "%s.ppm", root);
	assert_non_null(f = fopen(ppm, "rb"));
	assert_int_equal(fscanf(f, "P6 %d %d %d", &w, &h, &max), 3);
	assert_int_equal(fgetc(f), '\n');
	assert_non_null(px = malloc((size_t)w * (size_t)h * 3));
	assert_int_equal(fread(px, 3, (size_t)w * (size_t)h, f), (size_t)w * (size_t)h);
	fclose(f);
	for (int y = 0; y < h; y++) {
		size_t k = 0;

		for (int x = 0; x < w && k + 1 < sizeof(seq);) {
			int x0 = x, cls = pixel_class(px + ((size_t)y * (size_t)w + (size_t)x) * 3);
			int lines = 0;

			for (; x < w; x++) {
				const unsigned char *q = px + ((size_t)y * (size_t)w + (size_t)x) * 3;

				if (pixel_class(q) != cls)
					break;
				lines |= q[0] == 0x88;
			}
			if (x - x0 >= 6 && cls != 0)
				seq[k++] = (char)(cls == 'n' && lines ? 'N' : cls);
		}
		seq[k] = '\0';
		found += strcmp(seq, want) == 0;
	}
	free(px);
	return found;
}

/*
 * The PDF's strip of a month has a cell per day, in the day's colour, the gaps between
 * cells kept: outage's May is thirty met days and May 10 missed (its 20 minutes down);
 * gap's May 20, without a check, is grey and hatched, its May 31 missed.
 */
static void test_strip(void **state)
{
	int n, p;

	(void)state;
	paths();
	status_is(PDF("strip.pdf", "-c", cfg_month, "-s", "outage", "-p", MAY, "--now", NOW_JUNE),
		  0);
	n = pages("strip.pdf");
	for (p = 2; p <= n; p++)
		if (strip_reads("strip.pdf", p, "GGGGGGGGGRGGGGGGGGGGGGGGGGGGGGG") >= 30)
			break;
	if (p > n)
		fail_msg("no page of strip.pdf has outage's strip of May");
	status_is(PDF("strip.pdf", "-c", cfg_month, "-s", "gap", "-p", MAY, "--now", NOW_JUNE), 0);
	n = pages("strip.pdf");
	for (p = 2; p <= n; p++)
		if (strip_reads("strip.pdf", p, "GGGGGGGGGGGGGGGGGGGNGGGGGGGGGGR") >= 30)
			return;
	fail_msg("no page of strip.pdf has gap's strip of May");
}

/*
 * A composite (web: all of outage and gap) names the components down in each of its
 * outages, and its down time by component: outage 20 of 30 minutes (66.67 %), gap 10.
 */
static void test_composite(void **state)
{
	char cfg[PATH_MAX];

	(void)state;
	path_in("composite.yml", cfg, sizeof(cfg));
	status_is(PDF("composite.pdf", "-c", cfg, "-s", "web", "-p", MAY, "--now", NOW_JUNE), 0);
	page_text("composite.pdf", 0);
	assert_non_null(strstr(text, "web \u2714 met"));
	assert_true(has_pair(text, "2025-05-10 12:20:00 UTC", "0:20:00"));
	assert_non_null(strstr(text, "0:20:00 outage down 0:20:00 (100%)\n"));
	assert_non_null(strstr(text, "0:10:00 gap down 0:10:00 (100%)\n"));
	assert_non_null(strstr(text, "Down time by component"));
	assert_non_null(strstr(text, "In the outages above, 0:30:00 down (rule: all)"));
	assert_true(has_pair(text, "outage", "0:20:00"));
	assert_true(has_pair(text, "gap", "0:10:00"));
	assert_true(has_pair(text, "0:20:00", "66.67%"));
	assert_true(has_pair(text, "0:10:00", "33.33%"));
	/* Back-tested: May's window names both components, and the table over the windows. */
	status_is(PDF("composite-bt.pdf", "backtest", "-c", cfg, "-s", "web", "--now", NOW_JUNE),
		  0);
	page_text("composite-bt.pdf", 0);
	assert_true(has_pair(text, "2025-05-01", "99.93055%"));
	assert_non_null(strstr(text, "outage down 0:20:00 (66.67%),"));
	assert_non_null(strstr(text, "gap down 0:10:00 (33.33%)"));
	assert_non_null(strstr(text, "Over the windows above, 0:30:00 down (rule: all)"));
	assert_true(has_pair(text, "0:20:00", "66.67%"));
	assert_true(has_pair(text, "0:10:00", "33.33%"));
}

/* Single-archive mode: one service named after its file, the same figures. */
static void test_single(void **state)
{
	(void)state;
	paths();
	status_is(PDF("single.pdf", "--rrd", outage, "--target", "99.9", "-p", MAY,
			     "--now", NOW_JUNE, "--title", "Core & edge"), 0);
	assert_int_equal(pages("single.pdf"), 2);
	assert_string_equal(title_of(), "Core & edge");
	page_text("single.pdf", 0);
	assert_non_null(strstr(text, "outage \u2714 met"));
	assert_non_null(strstr(text, "Availability 99.9552% (target 99.9%)"));
	assert_non_null(strstr(text, "error budget used 44.8%"));
}

/*
 * 200 services and a list of 120 outages: the summary and the outage list run over
 * several pages; on every page each row holds all its cells on one line (a row is never
 * split), every row is there exactly once, and each page a table continues on starts
 * with the table's header again; every page's footer counts all of them ("page p of n",
 * n counted before the first page was written out).
 */
static void test_long(void **state)
{
	int n, seen[NLONG] = { 0 }, outages = 0, flaps = 0;
	char foot[64];

	(void)state;
	paths();
	status_is(PDF("long.pdf", "-c", cfg_long, "-p", MAY, "--now", NOW_JUNE), 1);
	n = pages("long.pdf");
	assert_true(n >= 10);
	for (int p = 1; p <= n; p++) {
		int rows = 0, orows = 0;
		char *line, *save = NULL;

		page_text("long.pdf", p);
		for (line = strtok_r(text, "\n", &save); line != NULL;
		     line = strtok_r(NULL, "\n", &save)) {
			int i;
			char *s = line + strspn(line, " ");

			/* A summary row: name, mark, availability ... budget used. */
			if (sscanf(s, "svc-%3d ", &i) == 1 && strcmp(s + 8, "\u2714 met") != 0) {
				if (strstr(s, "99.9552%") == NULL || strstr(s, "0:20:00") == NULL ||
				    strstr(s, "44.8%") == NULL)
					fail_msg("page %d: a summary row without all its cells: %s",
						 p, s);
				assert_true(i >= 0 && i < NLONG);
				seen[i]++;
				rows++;
			}
			/* An outage row: start, end, duration (flap's 0:10:00, the others' 0:20:00). */
			if (strncmp(s, "2025-05-", 8) == 0 && s[10] == ' ' && s[13] == ':') {
				if (count(s, "UTC") != 2 || (strstr(s, "UTC ") == NULL) ||
				    (strstr(s, " 0:10:00") == NULL && strstr(s, " 0:20:00") == NULL))
					fail_msg("page %d: an outage row without all its cells: %s", p,
						 s);
				flaps += strstr(s, " 0:10:00") != NULL;
				orows++;
			}
		}
		page_text("long.pdf", p);
		snprintf(foot, sizeof(foot), "page %d of %d\n", p, n);
		if (strstr(text, foot) == NULL)
			fail_msg("page %d: no \"%s\" in:\n%s", p, foot, text);
		if (rows > 0 && strstr(text, "service") == NULL)
			fail_msg("page %d: summary rows without the header:\n%s", p, text);
		if (rows > 0)
			assert_true(has_pair(text, "service", "status"));
		if (orows > 0 && !has_pair(text, "start", "end"))
			fail_msg("page %d: outage rows without the header:\n%s", p, text);
		outages += orows;
	}
	for (int i = 0; i < NLONG; i++)
		if (seen[i] != 1)
			fail_msg("svc-%03d is in the summary %d times", i, seen[i]);
	assert_int_equal(flaps, NFLAPS);
	assert_int_equal(outages, NFLAPS + NLONG);
}

/*
 * Names and titles from the config and an archive's file name come out as the text they
 * are: markup, quotes and ampersands as written, control characters and bytes that are
 * not UTF-8 as C escapes (as in the text report); nothing raw.  Text the fast path of
 * pdftext.c cannot set (here Braille) comes out through pango.
 */
static void test_hostile(void **state)
{
	(void)state;
	paths();
	status_is(PDF("hostile.pdf", "-c", cfg_hostile, "-p", MAY, "--now", NOW_JUNE), 0);
	pages("hostile.pdf");
	assert_string_equal(title_of(), "Report <script>alert(1)</script> & co");
	page_text("hostile.pdf", 0);
	assert_non_null(strstr(text, "<script>alert('x')</script> & \"q\" \u2714 met"));
	assert_non_null(strstr(text, "ctl\\x01\\x1b[31mred \u2714 met"));
	/* Latin-1 by the fast path, Braille (beyond it) by pango: both there, in order. */
	assert_non_null(strstr(text, "Z\u00fcrich \u2801\u2803 core \u2714 met"));
	assert_non_null(strstr(text, "Report <script>alert(1)</script> & co"));
	assert_null(strstr(text, "\x1b"));
	assert_null(strstr(text, "\x01"));
	status_is(PDF("alien.pdf", "--rrd", alien, "--target", "99", "-p", MAY, "--now",
			     NOW_JUNE), 0);
	page_text("alien.pdf", 0);
	assert_non_null(strstr(text, "bad\\xffname<b>&\" \u2714 met"));
	assert_null(strstr(text, "\xff"));
}

/* The logo is on the cover, as an image. */
static void test_logo(void **state)
{
	(void)state;
	paths();
	status_is(PDF("logo.pdf", "-c", cfg_month, "-p", MAY, "--now", NOW_JUNE, "--logo",
			     logo), 0);
	POPPLER("pdfimages", "logo.pdf", "-list");
	assert_int_equal(count(text, "\n   1     0 image       2     2  rgb"), 1);
	POPPLER("pdfimages", "logo.pdf", "-list", "-f", "2");
	assert_null(strstr(text, " image "));
}

struct bad_case {
	const char *what;
	const char *opt, *value;	/* value NULL: logo.txt or missing, see below */
	const char *message;
};

/*
 * A font fontconfig does not have, a missing or unreadable logo and a logo that is not a
 * PNG: one line on stderr, exit 2, and no file, nor a temporary one; an existing report
 * is left as it was.
 */
static void test_errors(void **state)
{
	char missing[PATH_MAX], path[PATH_MAX];
	const struct bad_case cases[] = {
		{ "font", "--font", "No Such Family Sans",
		  "font family 'No Such Family Sans' is not installed" },
		{ "missing logo", "--logo", missing, "cannot read logo '" },
		{ "text as logo", "--logo", notlogo, "' is not a PNG file" },
		{ "directory as logo", "--logo", dir, "cannot read logo '" },
	};

	(void)state;
	paths();
	path_in("no-such-logo.png", missing, sizeof(missing));
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const struct bad_case *c = &cases[i];

		status_is(PDF("bad.pdf", "-c", cfg_month, "-p", MAY, "--now", NOW_JUNE,
				     c->opt, c->value), 2);
		if (strstr(out, c->message) == NULL || count(out, "\n") != 1)
			fail_msg("%s: want one line with '%s', got:\n%s", c->what, c->message, out);
		assert_false(exists("bad.pdf"));
		status_is(PDF("bad.pdf", "backtest", "--rrd", year, "--target", "99.9",
				     "--now", NOW_2026, c->opt, c->value), 2);
		if (strstr(out, c->message) == NULL || count(out, "\n") != 1)
			fail_msg("backtest %s: want one line with '%s', got:\n%s", c->what,
				 c->message, out);
		assert_false(exists("bad.pdf"));
	}
	/* An existing report stays as it was. */
	write_file("old.pdf", "old\n", 4);
	status_is(PDF("old.pdf", "-c", cfg_month, "-p", MAY, "--now", NOW_JUNE, "--font",
			     "No Such Family Sans"), 2);
	path_in("old.pdf", path, sizeof(path));
	{
		char buf[16] = "";
		FILE *f = fopen(path, "r");

		assert_non_null(f);
		assert_non_null(fgets(buf, sizeof(buf), f));
		fclose(f);
		assert_string_equal(buf, "old\n");
	}
	/* From the config as well. */
	{
		char yml[1024];
		int n = snprintf(yml, sizeof(yml), "font: No Such Family Sans\nservices:\n"
				 "  - { name: outage, archive: %s, availability: 99.9 }\n", outage);

		write_file("badfont.yml", yml, (size_t)n);
		path_in("badfont.yml", path, sizeof(path));
		status_is(PDF("bad.pdf", "-c", path, "-p", MAY, "--now", NOW_JUNE), 2);
		assert_non_null(strstr(out, "font family 'No Such Family Sans'"));
		assert_false(exists("bad.pdf"));
		/* Other formats do not need the font. */
		status_is(RUN("-c", path, "-p", MAY, "--now", NOW_JUNE, "-f", "json"), 0);
	}
	/* A font that is there, named otherwise than the default. */
	status_is(PDF("mono.pdf", "-c", cfg_month, "-p", MAY, "--now", NOW_JUNE, "--font",
			     "DejaVu Sans Mono"), 0);
	POPPLER("pdffonts", "mono.pdf", "-l", "99");
	assert_non_null(strstr(text, "DejaVuSansMono"));
}

/* Runs argv with standard output and error on a new terminal; what it wrote; exit status. */
static int on_tty(char *const argv[])
{
	int master, st;
	ssize_t n;
	size_t got = 0;
	pid_t pid = forkpty(&master, NULL, NULL, NULL);

	assert_true(pid >= 0);
	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	while ((n = read(master, out + got, OUTLEN - 1 - got)) > 0)
		got += (size_t)n;
	out[got] = '\0';
	close(master);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A PDF (report or back-test) is not written to a terminal: one line, exit 2; to a pipe it is. */
static void test_terminal(void **state)
{
	char *argv[] = { bin, "-c", cfg_month, "-p", MAY, "--now", NOW_JUNE, "-f", "pdf", NULL };
	char *bt[] = { bin, "backtest", "--rrd", year, "--target", "99.9", "--now", NOW_2026, "-f",
		       "pdf", NULL };

	(void)state;
	paths();
	assert_int_equal(on_tty(argv), 2);
	assert_non_null(strstr(out, "will not write a PDF to a terminal"));
	assert_null(strstr(out, "%PDF"));
	assert_int_equal(on_tty(bt), 2);
	assert_non_null(strstr(out, "will not write a PDF to a terminal"));
	assert_null(strstr(out, "%PDF"));
	status_is(RUN("-c", cfg_month, "-p", MAY, "--now", NOW_JUNE, "-f", "pdf"), 0);
	assert_memory_equal(out, "%PDF-", 5);
}

/*
 * The back-test: the bars of the 12 months (their captions), the summary, the windows
 * and the sweep table with a row per candidate: 99 met in all 12, 99.9 in 9 of 12.
 */
static void test_backtest(void **state)
{
	(void)state;
	paths();
	status_is(PDF("backtest.pdf", "backtest", "--rrd", year, "--target", "99.9",
			     "--now", NOW_2026, "--targets", "99,99.9", "--title", "Proposal"), 1);
	assert_true(pages("backtest.pdf") >= 2);
	assert_string_equal(title_of(), "Proposal");
	page_text("backtest.pdf", 0);
	assert_non_null(strstr(text, "Attainment per window; dashed: target 99.9%"));
	assert_non_null(strstr(text, "Met in 9 of 12 windows"));
	assert_non_null(strstr(text, "Sweep"));
	assert_true(has_pair(text, "99%", "12"));
	assert_non_null(strstr(text, "99.9%"));
	/* The sweep rows: target, met, missed. */
	{
		const char *p = strstr(text, "Sweep");
		int met, missed;

		assert_non_null(p);
		assert_non_null(p = strstr(p, "\n"));
		assert_non_null(p = strstr(p, " 99%"));
		assert_int_equal(sscanf(p, " 99%% %d %d", &met, &missed), 2);
		assert_int_equal(met, 12);
		assert_int_equal(missed, 0);
		assert_non_null(p = strstr(p, " 99.9%"));
		assert_int_equal(sscanf(p, " 99.9%% %d %d", &met, &missed), 2);
		assert_int_equal(met, 9);
		assert_int_equal(missed, 3);
	}
	/* The windows table: February missed with its figure. */
	assert_non_null(strstr(text, "2025-02-01"));
	assert_true(has_pair(text, "2025-02-01", "99.85119%"));
	/* The terms, and the summary's figures as the back-test's JSON has them. */
	assert_non_null(strstr(text, "Objective: availability 99.9%"));
	{
		static char json[1 << 20];
		char want[256], mn[32], md[32], rc[32];

		status_is(RUN("backtest", "--rrd", year, "--target", "99.9", "--now", NOW_2026,
			      "--targets", "99,99.9", "-f", "json"), 1);
		snprintf(json, sizeof(json), "%s", out);
		snprintf(want, sizeof(want), "attained min %s, median %s;",
			 shown(json, "year", "min_percent", 5, "%", mn, sizeof(mn)),
			 shown(json, "year", "median_percent", 5, "%", md, sizeof(md)));
		if (strstr(text, want) == NULL)
			fail_msg("\"%s\" is not in the PDF:\n%s", want, text);
		snprintf(want, sizeof(want), "recommended target %s",
			 shown(json, "year", "recommended_target_percent", 5, "%", rc, sizeof(rc)));
		if (strstr(text, want) == NULL)
			fail_msg("\"%s\" is not in the PDF:\n%s", want, text);
	}
	/* With a config as well. */
	status_is(PDF("backtest2.pdf", "backtest", "-c", cfg_month, "--now", NOW_JUNE), 0);
	page_text("backtest2.pdf", 0);
	assert_non_null(strstr(text, "outage"));
	assert_non_null(strstr(text, "gap"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_figures),
		cmocka_unit_test(test_strip),
		cmocka_unit_test(test_policy),
		cmocka_unit_test(test_preload),
		cmocka_unit_test(test_single),
		cmocka_unit_test(test_composite),
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_logo),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_terminal),
		cmocka_unit_test(test_backtest),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
