/*
 * `make install` / `make uninstall` into a DESTDIR: what lands where, the paths of the
 * actual PREFIX in the scheduling files, man pages that document every option --help
 * shows, and nothing left behind by uninstall.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fixture.h"
#include "fixture_install.h"

static char dest[256];		/* the PREFIX=/usr installation every test but the last reads */
static char scratch[256];	/* a test's own installation, removed even when it fails */

static int setup(void **state)
{
	(void)state;
	return fx_install("/usr", dest, sizeof(dest));
}

static int teardown(void **state)
{
	(void)state;
	fx_rmtree(dest);
	return 0;
}

static int rm_scratch(void **state)
{
	(void)state;
	fx_rmtree(scratch);
	scratch[0] = '\0';
	return 0;
}

/* The whole file at root/rel as a new string; caller frees.  Fails the test when absent. */
static char *slurp(const char *root, const char *rel)
{
	char path[512];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	if ((f = fopen(path, "r")) == NULL)
		fail_msg("not installed: %s", rel);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void test_layout(void **state)
{
	static const struct { const char *path; unsigned mode; } files[] = {
		{ "/usr/lib/nagios/plugins/check_snmp_avail", 0755 },
		{ "/usr/lib/nagios/plugins/check_snmp_if", 0755 },
		{ "/usr/lib/nagios/plugins/check_snmp_ping", 0755 },
		{ "/usr/bin/sla-report", 0755 },
		{ "/usr/bin/nines-mail-report", 0755 },
		{ "/usr/share/man/man1/check_snmp_avail.1", 0644 },
		{ "/usr/share/man/man1/check_snmp_if.1", 0644 },
		{ "/usr/share/man/man1/check_snmp_ping.1", 0644 },
		{ "/usr/share/man/man1/sla-report.1", 0644 },
		{ "/usr/share/man/man1/nines-mail-report.1", 0644 },
		{ "/usr/share/man/man5/sla.yml.5", 0644 },
		{ "/usr/share/doc/nines/README.md", 0644 },
		{ "/usr/share/doc/nines/sla.example.yml", 0644 },
		{ "/usr/share/doc/nines/contrib/icinga2/check_snmp_avail.conf", 0644 },
		{ "/usr/share/doc/nines/contrib/icinga2/check_snmp_if.conf", 0644 },
		{ "/usr/share/doc/nines/contrib/icinga2/check_snmp_ping.conf", 0644 },
		{ "/usr/share/doc/nines/contrib/icinga2/example.conf", 0644 },
		{ "/usr/share/doc/nines/contrib/nagios/check_snmp_avail.cfg", 0644 },
		{ "/usr/share/doc/nines/contrib/nagios/check_snmp_if.cfg", 0644 },
		{ "/usr/share/doc/nines/contrib/nagios/check_snmp_ping.cfg", 0644 },
		{ "/usr/share/doc/nines/contrib/nagios/example.cfg", 0644 },
		{ "/usr/share/doc/nines/contrib/systemd/nines-sla-report.service", 0644 },
		{ "/usr/share/doc/nines/contrib/systemd/nines-sla-report.timer", 0644 },
		{ "/usr/share/doc/nines/contrib/cron/nines-sla-report", 0644 },
		{ "/usr/lib/systemd/system/nines-sla-report.service", 0644 },
		{ "/usr/lib/systemd/system/nines-sla-report.timer", 0644 },
		{ "/var/lib/nines/rrd", 040755 },
		{ "/var/lib/nines/reports", 040755 },
		/* v3 keys are cached there: as secret as the passwords. */
		{ "/var/lib/nines/state", 040700 },
	};
	char path[512];
	struct stat st;

	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", dest, files[i].path);
		if (stat(path, &st) != 0)
			fail_msg("not installed: %s", files[i].path);
		if ((st.st_mode & 047777) != files[i].mode)
			fail_msg("%s: mode %o, want %o", files[i].path, st.st_mode & 047777, files[i].mode);
	}
}

/* The scheduling files run the sla-report of this PREFIX, and their documentation exists. */
static void test_prefix_substituted(void **state)
{
	static const struct { const char *prefix, *exec; } cases[] = {
		{ "/usr", "ExecStart=/usr/bin/sla-report " },
		{ "/opt/nines", "ExecStart=/opt/nines/bin/sla-report " },
	};
	static const char *const texts[] = {
		"/lib/systemd/system/nines-sla-report.service",
		"/share/doc/nines/contrib/systemd/nines-sla-report.service",
		"/share/doc/nines/contrib/cron/nines-sla-report",
		"/share/man/man1/sla-report.1",
		"/share/man/man1/nines-mail-report.1",
		"/bin/nines-mail-report",
		"/share/man/man1/check_snmp_avail.1",
		"/share/man/man5/sla.yml.5",
	};
	char *d = scratch, rel[300], cron[300], doc[512], docfile[800];
	struct stat st;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *p = cases[i].prefix;
		char *unit, *text, *at;

		assert_int_equal(fx_install(p, d, sizeof(scratch)), 0);
		for (size_t j = 0; j < sizeof(texts) / sizeof(texts[0]); j++) {
			snprintf(rel, sizeof(rel), "%s%s", p, texts[j]);
			text = slurp(d, rel);
			if (strstr(text, "@BINDIR@") != NULL || strstr(text, "@DOCDIR@") != NULL ||
			    strstr(text, "/usr/local") != NULL)
				fail_msg("%s: a path not of PREFIX=%s", rel, p);
			free(text);
		}
		snprintf(rel, sizeof(rel), "%s/lib/systemd/system/nines-sla-report.service", p);
		unit = slurp(d, rel);
		assert_non_null(strstr(unit, cases[i].exec));
		/* Documentation=file:///PATH names a file that was installed. */
		at = strstr(unit, "Documentation=file://");
		assert_non_null(at);
		assert_int_equal(sscanf(at + strlen("Documentation=file://"), "%511s", doc), 1);
		snprintf(docfile, sizeof(docfile), "%s%s", d, doc);
		if (stat(docfile, &st) != 0)
			fail_msg("Documentation=%s is not installed", doc);
		free(unit);
		snprintf(cron, sizeof(cron), "%s/share/doc/nines/contrib/cron/nines-sla-report", p);
		text = slurp(d, cron);
		snprintf(rel, sizeof(rel), " %s/bin/sla-report ", p);
		assert_non_null(strstr(text, rel));
		snprintf(rel, sizeof(rel), " %s/bin/nines-mail-report ", p);
		assert_non_null(strstr(text, rel));
		free(text);
		fx_rmtree(d);
	}
}

/* Is --opt in the roff source as a whole option (not the prefix of a longer one)? */
static int man_has(const char *man, const char *opt)
{
	size_t n = strlen(opt);

	for (const char *p = man; (p = strstr(p, opt)) != NULL; p += n) {
		char next = p[n];

		if (!isalnum((unsigned char)next) && next != '-' && next != '_')
			return 1;
	}
	return 0;
}

/* Every long option --help lists is in the man page (with roff's escapes removed), the
 * options of sla-report's subcommands too. */
static void test_man_matches_help(void **state)
{
	/* min: how many long options the help has at least (to tell that it was read at all). */
	static const struct { const char *bin, *sub, *man; int min; } pages[] = {
		{ "/usr/lib/nagios/plugins/check_snmp_avail", NULL, "/usr/share/man/man1/check_snmp_avail.1", 10 },
		{ "/usr/lib/nagios/plugins/check_snmp_if", NULL, "/usr/share/man/man1/check_snmp_if.1", 10 },
		{ "/usr/lib/nagios/plugins/check_snmp_ping", NULL, "/usr/share/man/man1/check_snmp_ping.1", 10 },
		{ "/usr/bin/sla-report", NULL, "/usr/share/man/man1/sla-report.1", 10 },
		{ "/usr/bin/sla-report", "import", "/usr/share/man/man1/sla-report.1", 10 },
		{ "/usr/bin/sla-report", "backtest", "/usr/share/man/man1/sla-report.1", 10 },
		{ "/usr/bin/sla-report", "mail-settings", "/usr/share/man/man1/sla-report.1", 3 },
		{ "/usr/bin/nines-mail-report", NULL, "/usr/share/man/man1/nines-mail-report.1", 5 },
		{ "/usr/bin/sla-report", "scorecard", "/usr/share/man/man1/sla-report.1", 8 },
	};
	static char help[16384];
	char bin[512];

	(void)state;
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		char *man = slurp(dest, pages[i].man), *w = man;
		int found = 0;

		for (const char *r = man; *r != '\0'; r++)	/* "\-\-rrd\-dir" -> "--rrd-dir" */
			if (*r != '\\')
				*w++ = *r;
		*w = '\0';
		snprintf(bin, sizeof(bin), "%s%s", dest, pages[i].bin);
		char *const argv[] = { bin, pages[i].sub ? (char *)pages[i].sub : "--help",
				       pages[i].sub ? "--help" : NULL, NULL };
		fx_run(argv, NULL, help, sizeof(help));
		for (const char *p = help; (p = strstr(p, "--")) != NULL;) {
			char opt[64];
			size_t n = 2;

			while (n < sizeof(opt) - 1 && (isalnum((unsigned char)p[n]) || p[n] == '-'))
				n++;
			memcpy(opt, p, n);
			opt[n] = '\0';
			p += n;
			if (n < 4 || !isalpha((unsigned char)opt[2]))
				continue;
			found++;
			if (!man_has(man, opt))
				fail_msg("%s: %s is in %s%s--help but not in the man page",
					 pages[i].man, opt, pages[i].sub ? pages[i].sub : "",
					 pages[i].sub ? " " : "");
		}
		assert_true(found >= pages[i].min);
		free(man);
	}
}

static int count_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb; (void)ftw;
	if (flag != FTW_D && flag != FTW_DP)
		fail_msg("left behind by make uninstall: %s", path);
	return 0;
}

/* Files and nines' own directories go; the empty directories of the hierarchy may stay. */
static void test_uninstall_leaves_nothing(void **state)
{
	static const char *const gone[] = { "/usr/share/doc/nines", "/var/lib/nines" };
	char *d = scratch, path[512];
	struct stat st;

	(void)state;
	assert_int_equal(fx_install("/usr", d, sizeof(scratch)), 0);
	assert_int_equal(fx_uninstall("/usr", d), 0);
	assert_int_equal(nftw(d, count_entry, 16, FTW_PHYS), 0);
	for (size_t i = 0; i < sizeof(gone) / sizeof(gone[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", d, gone[i]);
		if (stat(path, &st) == 0)
			fail_msg("left behind by make uninstall: %s", gone[i]);
	}
}

/* Archives are data: uninstall keeps a non-empty archive directory and what is in it. */
static void test_uninstall_keeps_archives(void **state)
{
	char *d = scratch, path[512];
	struct stat st;
	FILE *f;

	(void)state;
	assert_int_equal(fx_install("/usr", d, sizeof(scratch)), 0);
	snprintf(path, sizeof(path), "%s/var/lib/nines/rrd/core1", d);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/var/lib/nines/rrd/core1/ping.rrd", d);
	assert_non_null(f = fopen(path, "w"));
	fclose(f);
	assert_int_equal(fx_uninstall("/usr", d), 0);
	assert_int_equal(stat(path, &st), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test_teardown(test_prefix_substituted, rm_scratch),
		cmocka_unit_test(test_man_matches_help),
		cmocka_unit_test_teardown(test_uninstall_leaves_nothing, rm_scratch),
		cmocka_unit_test_teardown(test_uninstall_keeps_archives, rm_scratch),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
