/*
 * Scheduled delivery as installed: `make install` into a DESTDIR, then the installed
 * nines-mail-report over real archives, with s-nail handing the message to a capture
 * program instead of sendmail (MAILRC sets its mta).  t/mail-check.py reads the captured
 * message with Python's email module: its MIME structure, the attachments' bytes against
 * the files written, the recipients in the headers and on the MTA's command line.
 * The installed systemd units are checked with systemd-analyze verify when it is there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fixture.h"
#include "fixture_install.h"
#include "testrrd.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define STEP 300
#define OUTLEN 16384

static char dest[256];		/* the PREFIX=/usr installation */
static char work[256];		/* archives, configs, the capture program, reports/ */
static char script[512], reports[512], out[OUTLEN];
/* Last month, which the shipped timer and cron job report: the archives cover it. */
static int year, mon;
static char month[16];

/* The formats mailed, and the files attached in that order. */
static const char *const formats = "html,pdf";
static const char *const exts[] = { "html", "pdf" };

static time_t utc(int y, int mo, int d)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d };

	return timegm(&tm);
}

static void in_work(const char *name, char *path, size_t len)
{
	snprintf(path, len, "%s/%s", work, name);
}

static void write_file(const char *name, mode_t mode, const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;
	FILE *f;

	in_work(name, path, sizeof(path));
	assert_non_null(f = fopen(path, "w"));
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static int exists(const char *name)
{
	char path[PATH_MAX];
	struct stat st;

	in_work(name, path, sizeof(path));
	return stat(path, &st) == 0;
}

/*
 * A config over the archives of setup(): core1 met its target last month, edge2 (down
 * for a day) missed 99.9; "missing" has no archive at all.  mail is the
 * config's mail: section, verbatim.
 */
static void write_config(const char *name, const char *mail, int edge2, int missing)
{
	write_file(name, 0644,
		   "title: \"Network SLA\"\n%s"
		   "services:\n"
		   "  - name: core1 ping\n    archive: %s/core1.rrd\n    availability: 99\n"
		   "%s%s%s%s%s%s",
		   mail, work,
		   edge2 ? "  - name: edge2 http\n    archive: " : "", edge2 ? work : "",
		   edge2 ? "/edge2.rrd\n    availability: 99.9\n" : "",
		   missing ? "  - name: lost\n    archive: " : "", missing ? work : "",
		   missing ? "/missing.rrd\n    availability: 99\n" : "");
}

static const char mail_section[] =
	"mail:\n  to: [sla@example.org, noc@example.net]\n  from: nines@example.org\n"
	"  subject: Monthly SLA\n";

static int setup(void **state)
{
	time_t now = time(NULL);
	struct trd_event down;
	struct tm tm;
	char path[PATH_MAX];

	(void)state;
	gmtime_r(&now, &tm);	/* the runner's TZ is UTC, as the script's clock */
	year = tm.tm_mon == 0 ? tm.tm_year + 1899 : tm.tm_year + 1900;
	mon = tm.tm_mon == 0 ? 12 : tm.tm_mon;
	snprintf(month, sizeof(month), "%04d-%02d", year, mon);
	down = (struct trd_event){ TRD_DOWN, utc(year, mon, 10), utc(year, mon, 11) };
	if (fx_install("/usr", dest, sizeof(dest)) != 0)
		return -1;
	snprintf(work, sizeof(work), "/tmp/nines-delivery.XXXXXX");
	if (mkdtemp(work) == NULL)
		return -1;
	/* The recipients of a test come from its config or from its own env only. */
	unsetenv("NINES_MAIL_TO");
	snprintf(script, sizeof(script), "%s/usr/bin/nines-mail-report", dest);
	snprintf(reports, sizeof(reports), "%s/reports", work);
	if (mkdir(reports, 0755) != 0)
		return -1;
	in_work("core1.rrd", path, sizeof(path));
	trd_history(path, STEP, utc(year, mon, 1) - 7 * 86400, utc(year, mon + 1, 1), NULL, 0);
	in_work("edge2.rrd", path, sizeof(path));
	trd_history(path, STEP, utc(year, mon, 1) - 7 * 86400, utc(year, mon + 1, 1), &down, 1);
	/* The MTA: what s-nail hands over, its arguments one per line and the message. */
	write_file("mta", 0755, "#!/bin/sh\nfor a; do printf '%%s\\n' \"$a\"; done >%s/argv\n"
		   "cat >%s/message\n", work, work);
	write_file("mta-down", 0755, "#!/bin/sh\ncat >/dev/null\necho 'mta: no route' >&2\n"
		   "exit 75\n");
	write_file("mailrc", 0644, "set mta=%s/mta\n", work);
	write_file("mailrc-down", 0644, "set mta=%s/mta-down\n", work);
	write_config("met.yml", mail_section, 0, 0);
	write_config("missed.yml", mail_section, 1, 0);
	write_config("error.yml", mail_section, 1, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_rmtree(dest);
	fx_rmtree(work);
	return 0;
}

/*
 * Runs the installed nines-mail-report for last month with config (in work), the
 * formats of this file and MAILRC mailrc; to: NINES_MAIL_TO, or NULL for none.  Removes
 * the previous capture first.  Returns its exit status; its output is in out.
 */
static int run_script(const char *config, const char *to, const char *mailrc)
{
	char cfg[PATH_MAX], rc[PATH_MAX], envrc[PATH_MAX + 8], envto[1024], path[PATH_MAX];
	char *const argv[] = { script, "-c", cfg, "-d", reports, "-m", month, "-f",
			       (char *)formats, NULL };
	char *const env[] = { envrc, to != NULL ? envto : NULL, NULL };

	in_work("message", path, sizeof(path));
	unlink(path);
	in_work("argv", path, sizeof(path));
	unlink(path);
	in_work(config, cfg, sizeof(cfg));
	in_work(mailrc, rc, sizeof(rc));
	snprintf(envrc, sizeof(envrc), "MAILRC=%s", rc);
	if (to != NULL)
		snprintf(envto, sizeof(envto), "NINES_MAIL_TO=%s", to);
	return fx_run(argv, env, out, sizeof(out));
}

/* Does the installed service unit count status as success (0, or in SuccessExitStatus=)? */
static int unit_succeeds(int status)
{
	char path[PATH_MAX], line[512];
	int ok = status == 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/usr/lib/systemd/system/nines-sla-report.service", dest);
	assert_non_null(f = fopen(path, "r"));
	while (fgets(line, sizeof(line), f) != NULL) {
		char *save = NULL;

		if (strncmp(line, "SuccessExitStatus=", 18) != 0)
			continue;
		for (char *w = strtok_r(line + 18, " \n", &save); w != NULL;
		     w = strtok_r(NULL, " \n", &save))
			if (atoi(w) == status && status != 0)
				ok = 1;
	}
	fclose(f);
	return ok;
}

/*
 * t/mail-check.py on the captured message; args are its options after MESSAGE ARGV, each
 * file of this run's formats attached unless bare.  Fails the test with its complaints.
 */
static void check_mail(int bare, const char *const *args)
{
	char msg[PATH_MAX], av[PATH_MAX], checker[PATH_MAX], files[4][600];
	char *argv[64];
	size_t n = 0;
	int rc;

	in_work("message", msg, sizeof(msg));
	in_work("argv", av, sizeof(av));
	snprintf(checker, sizeof(checker), "%s/t/mail-check.py", getenv("NINES_SRC"));
	argv[n++] = "/usr/bin/python3";
	argv[n++] = checker;
	argv[n++] = msg;
	argv[n++] = av;
	for (; *args != NULL; args++)
		argv[n++] = (char *)*args;
	for (size_t i = 0; !bare && i < ARRAY_LEN(exts); i++) {
		snprintf(files[i], sizeof(files[i]), "%s/sla-%s.%s", reports, month, exts[i]);
		argv[n++] = "--attach";
		argv[n++] = files[i];
	}
	argv[n] = NULL;
	if ((rc = fx_run(argv, NULL, out, sizeof(out))) != 0)
		fail_msg("mail-check.py (status %d):\n%s", rc, out);
}

/* An objective missed: the mail goes out with both reports, and the unit does not fail. */
static void test_missed_is_mailed(void **state)
{
	char subject[64];
	const char *const args[] = {
		"--to", "sla@example.org", "--to", "noc@example.net", "--from", "nines@example.org",
		"--subject", subject, "--body-has", "edge2 http", "--body-has", "MISSED", NULL,
	};
	int rc = run_script("missed.yml", NULL, "mailrc");

	(void)state;
	snprintf(subject, sizeof(subject), "Monthly SLA %s: objectives missed", month);
	if (rc != 1)
		fail_msg("status %d, want 1:\n%s", rc, out);
	assert_true(unit_succeeds(rc));
	check_mail(0, args);
}

static void test_met_is_mailed(void **state)
{
	char subject[64];
	const char *const args[] = {
		"--to", "sla@example.org", "--to", "noc@example.net",
		"--subject", subject, "--body-has", "Every service met", NULL,
	};
	int rc = run_script("met.yml", NULL, "mailrc");

	(void)state;
	snprintf(subject, sizeof(subject), "Monthly SLA %s", month);
	if (rc != 0)
		fail_msg("status %d, want 0:\n%s", rc, out);
	assert_string_equal(out, "");	/* nothing for cron to mail to MAILTO */
	check_mail(0, args);
}

/* NINES_MAIL_TO replaces mail: to:, blank- or comma-separated. */
static void test_env_recipients_win(void **state)
{
	static const char *const args[] = {
		"--to", "ops@example.com", "--to", "boss.x+sla@mail.example.com", NULL,
	};
	int rc = run_script("met.yml", "ops@example.com, boss.x+sla@mail.example.com", "mailrc");

	(void)state;
	if (rc != 0)
		fail_msg("status %d, want 0:\n%s", rc, out);
	check_mail(0, args);
}

/*
 * An archive that cannot be read: the unit fails, the recipients get a note without
 * attachments, and the errors go to the output (cron mails them to MAILTO).
 */
static void test_error_fails_without_attachments(void **state)
{
	char subject[64];
	const char *const args[] = {
		"--to", "sla@example.org", "--to", "noc@example.net", "--subject", subject,
		"--body-has", "nothing is attached", "--body-has", "missing.rrd", NULL,
	};
	int rc = run_script("error.yml", NULL, "mailrc");

	(void)state;
	snprintf(subject, sizeof(subject), "Monthly SLA %s: could not be made", month);
	if (rc != 2)
		fail_msg("status %d, want 2:\n%s", rc, out);
	assert_false(unit_succeeds(rc));
	assert_non_null(strstr(out, "missing.rrd"));
	check_mail(1, args);
}

/* A config that cannot be read, or a mail the MTA refuses: status 2, nothing sent. */
static void test_failures_are_status_2(void **state)
{
	static const struct { const char *config, *mailrc, *says; } cases[] = {
		{ "broken.yml", "mailrc", "broken.yml:3" },
		{ "met.yml", "mailrc-down", "could not be sent" },
		{ "nomail.yml", "mailrc", "no mail recipients" },
	};

	(void)state;
	write_file("broken.yml", 0644, "services:\n  - name: [unclosed\n");
	write_config("nomail.yml", "", 0, 0);
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		int rc = run_script(cases[i].config, NULL, cases[i].mailrc);

		if (rc != 2 || strstr(out, cases[i].says) == NULL)
			fail_msg("%s with %s: status %d, want 2 and '%s':\n%s", cases[i].config,
				 cases[i].mailrc, rc, cases[i].says, out);
		assert_false(unit_succeeds(rc));
		assert_false(exists("message"));
	}
}

/*
 * Values that would become a command-line option, a header, a second recipient, a pipe
 * or a file in the mail tool are refused with a clear error, and no mail is sent.
 */
static void test_hostile_values_refused(void **state)
{
	static const struct { const char *mail, *env, *says; } cases[] = {
		{ "mail:\n  to: -oQ/tmp/q@example.org\n", NULL, "not a mail address" },
		{ "mail:\n  to: \"sla@example.org\\nBcc: evil@example.net\"\n", NULL,
		  "not a mail address" },
		{ "mail:\n  to: [\"sla@example.org, evil@example.net\"]\n", NULL,
		  "not a mail address" },
		{ "mail:\n  to: \"|sh -c id@example.org\"\n", NULL, "not a mail address" },
		{ "mail:\n  to: /etc/passwd\n", NULL, "not a mail address" },
		{ "mail:\n  to: sla@example.org\n  from: -fevil@example.net\n", NULL,
		  "not a mail address" },
		{ "mail:\n  to: sla@example.org\n  subject: \"SLA\\nBcc: evil@example.net\"\n", NULL,
		  "control characters" },
		{ mail_section, "-oi@example.org", "not a mail address" },
		{ mail_section, "sla@example.org\nBcc: evil@example.net", "not a mail address" },
		{ mail_section, "sla@example.org -- -oQ", "not a mail address" },
		{ mail_section, "sla@example.org;touch /tmp/x", "not a mail address" },
		{ mail_section, "$(id)@example.org", "not a mail address" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		int rc;

		write_config("hostile.yml", cases[i].mail, 0, 0);
		rc = run_script("hostile.yml", cases[i].env, "mailrc");
		if (rc != 2 || strstr(out, cases[i].says) == NULL)
			fail_msg("case %zu: status %d, want 2 and '%s':\n%s", i, rc, cases[i].says,
				 out);
		if (exists("message") || exists("argv"))
			fail_msg("case %zu: a mail was sent", i);
	}
}

/* s with every from replaced by to, in dst (of len bytes). */
static void replace_all(const char *s, const char *from, const char *to, char *dst, size_t len)
{
	size_t used = 0, n = strlen(from);

	for (const char *p; (p = strstr(s, from)) != NULL; s = p + n)
		used += (size_t)snprintf(dst + used, len - used, "%.*s%s", (int)(p - s), s, to);
	snprintf(dst + used, len - used, "%s", s);
	assert_true(used < len);
}

/*
 * The command lines as shipped, the service's ExecStart and the cron job, run with the
 * installation's paths under DESTDIR and the test's config and directory: last month by
 * default, a missed objective mails both the report and status 1.
 */
static void test_shipped_commands(void **state)
{
	static const struct { const char *file, *starts; } shipped[] = {
		{ "/usr/lib/systemd/system/nines-sla-report.service",
		  "ExecStart=/usr/bin/nines-mail-report " },
		{ "/usr/share/doc/nines/contrib/cron/nines-sla-report", "0 6 1 * *  nagios  " },
	};
	static const char *const args[] = {
		"--to", "sla@example.org", "--to", "noc@example.net", "--body-has", "edge2 http", NULL,
	};
	char path[512], line[1024], a[2048], b[2048], cmd[2048], bin[512], cfg[512], rc_env[600];
	char *const argv[] = { "/bin/sh", "-c", cmd, NULL };
	char *const env[] = { rc_env, NULL };

	(void)state;
	snprintf(bin, sizeof(bin), "%s/usr/bin/", dest);
	in_work("missed.yml", cfg, sizeof(cfg));
	in_work("mailrc", path, sizeof(path));
	snprintf(rc_env, sizeof(rc_env), "MAILRC=%s", path);
	for (size_t i = 0; i < ARRAY_LEN(shipped); i++) {
		size_t n = strlen(shipped[i].starts);
		int found = 0, rc;
		FILE *f;

		snprintf(path, sizeof(path), "%s%s", dest, shipped[i].file);
		assert_non_null(f = fopen(path, "r"));
		while (!found && fgets(line, sizeof(line), f) != NULL)
			found = strncmp(line, shipped[i].starts, n) == 0 &&
				strstr(line, "/usr/bin/nines-mail-report ") != NULL;
		fclose(f);
		if (!found)
			fail_msg("%s: no line '%s...nines-mail-report'", shipped[i].file, shipped[i].starts);
		line[strcspn(line, "\n")] = '\0';
		replace_all(line + (i == 0 ? strlen("ExecStart=") : n), "/usr/bin/", bin, a, sizeof(a));
		replace_all(a, "/etc/nines/sla.yml", cfg, b, sizeof(b));
		replace_all(b, "/var/lib/nines/reports", reports, cmd, sizeof(cmd));
		in_work("message", path, sizeof(path));
		unlink(path);
		rc = fx_run(argv, env, out, sizeof(out));
		if (rc != 1)
			fail_msg("%s: '%s': status %d, want 1:\n%s", shipped[i].file, cmd, rc, out);
		check_mail(0, args);
	}
}

/* The installed units: the service runs the installed script, and systemd accepts both. */
static void test_units_verify(void **state)
{
	static const char *const units[] = { "nines-sla-report.service", "nines-sla-report.timer" };
	char src[512], dst[512], cmd[2048], bin[512];
	char *const argv[] = { "/bin/sh", "-c", cmd, NULL };
	int rc;

	(void)state;
	snprintf(src, sizeof(src), "%s/usr/lib/systemd/system/nines-sla-report.service", dest);
	snprintf(cmd, sizeof(cmd), "grep -x 'ExecStart=/usr/bin/nines-mail-report .*' %s", src);
	if (fx_run(argv, NULL, out, sizeof(out)) != 0)
		fail_msg("the service does not run /usr/bin/nines-mail-report");
	if (access("/usr/bin/systemd-analyze", X_OK) != 0)
		skip();	/* cmocka says SKIPPED: there is nothing to verify the units with */
	/* Copies whose commands are those of the DESTDIR, which verify wants to exist. */
	snprintf(bin, sizeof(bin), "%s/usr/bin/", dest);
	for (size_t i = 0; i < ARRAY_LEN(units); i++) {
		snprintf(src, sizeof(src), "%s/usr/lib/systemd/system/%s", dest, units[i]);
		in_work(units[i], dst, sizeof(dst));
		snprintf(cmd, sizeof(cmd), "sed 's|/usr/bin/|%s|g' %s >%s", bin, src, dst);
		assert_int_equal(fx_run(argv, NULL, out, sizeof(out)), 0);
	}
	/* verify only warns about a bad setting, with status 0: any output is a failure. */
	snprintf(cmd, sizeof(cmd), "cd %s && /usr/bin/systemd-analyze verify --man=no %s %s 2>&1",
		 work, units[0], units[1]);
	rc = fx_run(argv, NULL, out, sizeof(out));
	if (rc != 0 || out[0] != '\0')
		fail_msg("systemd-analyze verify: status %d:\n%s", rc, out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missed_is_mailed),
		cmocka_unit_test(test_met_is_mailed),
		cmocka_unit_test(test_env_recipients_win),
		cmocka_unit_test(test_error_fails_without_attachments),
		cmocka_unit_test(test_failures_are_status_2),
		cmocka_unit_test(test_hostile_values_refused),
		cmocka_unit_test(test_shipped_commands),
		cmocka_unit_test(test_units_verify),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
