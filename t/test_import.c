/*
 * sla-report import: parity with Nagios's own avail.cgi.  Each history is written as a
 * Nagios log; avail.cgi (nagios4-cgi, run as a CGI from the command line with a private
 * cgi.cfg, main config and status.dat) computes the seconds per state, sla-report import
 * writes archives from the same log (split, renamed, gzip'ed, overlapping) and the report
 * engine's seconds must be the same, to the second.
 */
#include <errno.h>
#include <signal.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "config.h"
#include "fixture.h"
#include "fixture_daemon.h"
#include "import.h"
#include "import_write.h"
#include "report.h"

#define AVAIL_CGI "/usr/lib/cgi-bin/nagios4/avail.cgi"
#define T0 1767225600LL		/* 2026-01-01 00:00:00 UTC */
#define DAY 86400LL
#define OUTBUF (1 << 16)

struct line {
	long long at;		/* seconds after T0 */
	const char *text;	/* after "[epoch] " */
};

/*
 * One day of core1: ping has outages (with SOFT attempts before), a WARNING period,
 * scheduled downtime that begins while OK and ends inside a CRITICAL, a program restart
 * gap, SOFT-only trouble, a host downtime covering a CRITICAL, an UNKNOWN; web first
 * appears at noon.  Changes between known and unknown time fall on whole minutes (see
 * README: a step that is mostly unknown counts as unmonitored); all others are at odd seconds.
 */
static const struct line day_log[] = {
	{ 0, "Nagios 4.4.6 starting... (PID=4242)" },
	{ 0, "INITIAL HOST STATE: core1;UP;HARD;1;PING OK" },
	{ 0, "INITIAL SERVICE STATE: core1;ping;OK;HARD;1;PING OK" },
	{ 1007, "SERVICE ALERT: core1;ping;CRITICAL;SOFT;1;PING CRITICAL" },
	{ 1067, "SERVICE ALERT: core1;ping;CRITICAL;SOFT;2;PING CRITICAL" },
	{ 1127, "SERVICE ALERT: core1;ping;CRITICAL;HARD;3;PING CRITICAL" },
	{ 2003, "SERVICE ALERT: core1;ping;OK;HARD;1;PING OK" },
	{ 5011, "SERVICE ALERT: core1;ping;WARNING;HARD;3;PING WARNING" },
	{ 7219, "SERVICE ALERT: core1;ping;OK;HARD;1;PING OK" },
	{ 10013, "SERVICE DOWNTIME ALERT: core1;ping;STARTED; Service has entered a period of scheduled downtime" },
	{ 11111, "SERVICE ALERT: core1;ping;CRITICAL;HARD;3;PING CRITICAL" },
	{ 12345, "SERVICE DOWNTIME ALERT: core1;ping;STOPPED; Service has exited from a period of scheduled downtime" },
	{ 13001, "SERVICE ALERT: core1;ping;OK;HARD;1;PING OK" },
	{ 15003, "HOST ALERT: core1;DOWN;SOFT;1;PING CRITICAL" },
	{ 15123, "HOST ALERT: core1;DOWN;HARD;3;PING CRITICAL" },
	{ 16001, "HOST ALERT: core1;UNREACHABLE;HARD;3;parent down" },
	{ 17011, "HOST ALERT: core1;UP;HARD;1;PING OK" },
	{ 20000, "SERVICE NOTIFICATION: admin;core1;ping;OK;notify;PING OK" },
	{ 30000, "Caught SIGTERM, shutting down..." },
	{ 33000, "Nagios 4.4.6 starting... (PID=4343)" },
	{ 40029, "SERVICE ALERT: core1;ping;CRITICAL;SOFT;1;PING CRITICAL" },
	{ 40089, "SERVICE ALERT: core1;ping;OK;SOFT;2;PING OK" },
	{ 43200, "SERVICE ALERT: core1;web;OK;HARD;1;HTTP OK" },
	{ 50017, "HOST DOWNTIME ALERT: core1;STARTED; Host has entered a period of scheduled downtime" },
	{ 50111, "SERVICE ALERT: core1;web;CRITICAL;HARD;3;HTTP CRITICAL" },
	{ 50999, "SERVICE ALERT: core1;web;OK;HARD;1;HTTP OK" },
	{ 51001, "SERVICE ALERT: core1;ping;CRITICAL;HARD;3;PING CRITICAL" },
	{ 52003, "SERVICE ALERT: core1;ping;OK;HARD;1;PING OK" },
	{ 53333, "HOST DOWNTIME ALERT: core1;STOPPED; Host has exited from a period of scheduled downtime" },
	{ 60000, "SERVICE ALERT: core1;ping;UNKNOWN;HARD;3;PING UNKNOWN" },
	{ 61200, "SERVICE ALERT: core1;ping;OK;HARD;1;PING OK" },
	{ 70001, "SERVICE ALERT: core1;web;WARNING;HARD;3;HTTP WARNING" },
	{ 75013, "SERVICE ALERT: core1;web;CRITICAL;HARD;3;HTTP CRITICAL" },
	{ 80021, "SERVICE ALERT: core1;web;OK;HARD;1;HTTP OK" },
	{ 86400, "LOG ROTATION: DAILY" },
	{ 86400, "CURRENT HOST STATE: core1;UP;HARD;1;PING OK" },
	{ 86400, "CURRENT SERVICE STATE: core1;ping;OK;HARD;1;PING OK" },
	{ 86400, "CURRENT SERVICE STATE: core1;web;OK;HARD;1;HTTP OK" },
};
#define NLINES (sizeof(day_log) / sizeof(day_log[0]))

static const char objects_cfg[] =
	"define timeperiod{\n timeperiod_name 24x7\n alias 24x7\n sunday 00:00-24:00\n"
	" monday 00:00-24:00\n tuesday 00:00-24:00\n wednesday 00:00-24:00\n"
	" thursday 00:00-24:00\n friday 00:00-24:00\n saturday 00:00-24:00\n}\n"
	"define command{\n command_name dummy\n command_line /bin/true\n}\n"
	"define contact{\n contact_name admin\n host_notifications_enabled 0\n"
	" service_notifications_enabled 0\n host_notification_period 24x7\n"
	" service_notification_period 24x7\n host_notification_options n\n"
	" service_notification_options n\n host_notification_commands dummy\n"
	" service_notification_commands dummy\n}\n"
	"define host{\n host_name core1\n address 127.0.0.1\n check_command dummy\n"
	" max_check_attempts 3\n check_period 24x7\n notification_period 24x7\n contacts admin\n}\n"
	"define service{\n host_name core1\n service_description ping\n check_command dummy\n"
	" max_check_attempts 3\n check_interval 1\n retry_interval 1\n check_period 24x7\n"
	" notification_period 24x7\n contacts admin\n}\n"
	"define service{\n host_name core1\n service_description web\n check_command dummy\n"
	" max_check_attempts 3\n check_interval 1\n retry_interval 1\n check_period 24x7\n"
	" notification_period 24x7\n contacts admin\n}\n";

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Lines [from, to) of the log as text; "extra" lines are appended (malformed ones). */
static char *log_text(size_t from, size_t to)
{
	size_t cap = 256 * NLINES, used = 0;
	char *s = malloc(cap);

	assert_non_null(s);
	s[0] = '\0';
	for (size_t i = from; i < to; i++)
		used += (size_t)snprintf(s + used, cap - used, "[%lld] %s\n", T0 + day_log[i].at,
					 day_log[i].text);
	return s;
}

/* Nagios's private world: main config, cgi.cfg, objects, a hand-written status.dat, the log. */
static void nagios_setup(const char *dir)
{
	char text[4096], *log = log_text(0, NLINES);

	write_file(dir, "objects.cfg", objects_cfg);
	write_file(dir, "objects.cache", objects_cfg);
	snprintf(text, sizeof(text),
		 "log_file=%s/nagios.log\ncfg_file=%s/objects.cfg\nobject_cache_file=%s/objects.cache\n"
		 "status_file=%s/status.dat\nlog_archive_path=%s\nlock_file=%s/nagios.lock\n"
		 "temp_file=%s/nagios.tmp\ntemp_path=%s\ncommand_file=%s/nagios.cmd\n"
		 "check_result_path=%s\nlog_rotation_method=n\n",
		 dir, dir, dir, dir, dir, dir, dir, dir, dir, dir);
	write_file(dir, "nagios.cfg", text);
	snprintf(text, sizeof(text),
		 "main_config_file=%s/nagios.cfg\nphysical_html_path=%s\nurl_html_path=/nagios4\n"
		 "use_authentication=0\ndefault_user_name=admin\n"
		 "authorized_for_all_services=*\nauthorized_for_all_hosts=*\n", dir, dir);
	write_file(dir, "cgi.cfg", text);
	snprintf(text, sizeof(text), "info {\n\tcreated=%lld\n\tversion=4.4.6\n\t}\n\n"
		 "programstatus {\n\tnagios_pid=1\n\tprogram_start=%lld\n\t}\n",
		 T0 + DAY, T0);
	write_file(dir, "status.dat", text);
	write_file(dir, "nagios.log", log);
	free(log);
}

/* avail.cgi's seconds for one service (host: UP as OK, DOWN as CRITICAL), by CSV column. */
struct cgi_times {
	double ok_s, ok_u, warn_s, warn_u, unknown_s, unknown_u, crit_s, crit_u, undetermined;
	double unreach_s, unreach_u;
};

struct cgi_column {
	const char *column;
	size_t offset;
};

static const struct cgi_column host_columns[] = {
	{ "TIME_UP_SCHEDULED", offsetof(struct cgi_times, ok_s) },
	{ "TIME_UP_UNSCHEDULED", offsetof(struct cgi_times, ok_u) },
	{ "TIME_DOWN_SCHEDULED", offsetof(struct cgi_times, crit_s) },
	{ "TIME_DOWN_UNSCHEDULED", offsetof(struct cgi_times, crit_u) },
	{ "TIME_UNREACHABLE_SCHEDULED", offsetof(struct cgi_times, unreach_s) },
	{ "TIME_UNREACHABLE_UNSCHEDULED", offsetof(struct cgi_times, unreach_u) },
	{ "TOTAL_TIME_UNDETERMINED", offsetof(struct cgi_times, undetermined) },
	{ NULL, 0 },
};

static const struct cgi_column cgi_columns[] = {
	{ "TIME_OK_SCHEDULED", offsetof(struct cgi_times, ok_s) },
	{ "TIME_OK_UNSCHEDULED", offsetof(struct cgi_times, ok_u) },
	{ "TIME_WARNING_SCHEDULED", offsetof(struct cgi_times, warn_s) },
	{ "TIME_WARNING_UNSCHEDULED", offsetof(struct cgi_times, warn_u) },
	{ "TIME_UNKNOWN_SCHEDULED", offsetof(struct cgi_times, unknown_s) },
	{ "TIME_UNKNOWN_UNSCHEDULED", offsetof(struct cgi_times, unknown_u) },
	{ "TIME_CRITICAL_SCHEDULED", offsetof(struct cgi_times, crit_s) },
	{ "TIME_CRITICAL_UNSCHEDULED", offsetof(struct cgi_times, crit_u) },
	{ "TOTAL_TIME_UNDETERMINED", offsetof(struct cgi_times, undetermined) },
	{ NULL, 0 },
};

/* Splits a CSV line of avail.cgi (", " separated, names quoted) into at most max fields. */
static size_t csv_fields(char *line, char **f, size_t max)
{
	size_t n = 0;

	for (char *p = line; p != NULL && n < max;) {
		char *comma = strchr(p, ',');

		if (comma != NULL)
			*comma = '\0';
		while (*p == ' ' || *p == '"')
			p++;
		for (char *e = p + strlen(p); e > p && (e[-1] == '"' || e[-1] == ' ' ||
							e[-1] == '\r');)
			*--e = '\0';
		f[n++] = p;
		p = comma != NULL ? comma + 1 : NULL;
	}
	return n;
}

static void run_cgi_period(const char *dir, const char *service, int soft, int assume,
			   long long t1, long long t2, struct cgi_times *t)
{
	static char out[OUTBUF];
	char cfg[1024], query[1024], *argv[] = { AVAIL_CGI, NULL };
	char *env[] = { cfg, "REQUEST_METHOD=GET", "REMOTE_USER=admin", query, NULL };
	char *header = NULL, *row = NULL, *hf[64], *rf[64];
	const struct cgi_column *cols = service != NULL ? cgi_columns : host_columns;
	size_t nh, nr;

	snprintf(cfg, sizeof(cfg), "NAGIOS_CGI_CONFIG=%s/cgi.cfg", dir);
	snprintf(query, sizeof(query),
		 "QUERY_STRING=show_log_entries=&host=core1%s%s&timeperiod=custom"
		 "&t1=%lld&t2=%lld&assumeinitialstates=yes&assumestateretention=yes"
		 "&assumestatesduringnotrunning=%s&includesoftstates=%s"
		 "&initialassumedservicestate=0&initialassumedhoststate=0&backtrack=0&csvoutput=",
		 service ? "&service=" : "", service ? service : "", t1, t2, assume ? "yes" : "no", soft ? "yes" : "no");
	assert_int_equal(fx_run(argv, env, out, sizeof(out)), 0);
	for (char *line = strtok(out, "\n"); line != NULL; line = strtok(NULL, "\n")) {
		if (strncmp(line, "HOST_NAME,", 10) == 0)
			header = line;
		else if (strncmp(line, "\"core1\"", 7) == 0)
			row = line;
	}
	if (header == NULL || row == NULL)
		fail_msg("avail.cgi gave no CSV for core1;%s", service ? service : "(host)");
	nh = csv_fields(header, hf, 64);
	nr = csv_fields(row, rf, 64);
	memset(t, 0, sizeof(*t));
	for (size_t c = 0; cols[c].column != NULL; c++) {
		size_t k = 0;

		while (k < nh && strcmp(hf[k], cols[c].column) != 0)
			k++;
		if (k >= nh || k >= nr)
			fail_msg("avail.cgi CSV has no column %s", cols[c].column);
		*(double *)(void *)((char *)t + cols[c].offset) = strtod(rf[k], NULL);
	}
}

static void run_cgi(const char *dir, const char *service, int soft, int assume,
		    struct cgi_times *t)
{
	run_cgi_period(dir, service, soft, assume, T0, T0 + DAY, t);
}

/* The importer's view of the same log: three files with misleading names, one gzip'ed,
 * overlapping by a few lines, plus malformed and truncated lines. */
static void import_inputs(const char *dir)
{
	char path[1024], *a = log_text(0, 12), *b = log_text(9, 25), *c = log_text(25, NLINES);
	gzFile gz;

	snprintf(path, sizeof(path), "%s/logs", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	write_file(path, "nagios-12-31-2026-00.log", a);	/* the oldest lines, the newest name */
	snprintf(path, sizeof(path), "%s/logs/a.log.gz", dir);
	assert_non_null(gz = gzopen(path, "wb"));
	assert_true(gzputs(gz, b) > 0);
	assert_true(gzputs(gz, "garbage without a timestamp\n") > 0);
	assert_int_equal(gzclose(gz), Z_OK);
	snprintf(path, sizeof(path), "%s/logs", dir);
	{
		size_t n = strlen(c) + 256;
		char *cc = malloc(n);

		assert_non_null(cc);
		/* A clock stepped back, then a line cut off by a crash. */
		snprintf(cc, n, "%s[%lld] LOG VERSION: 2.0\n[%lld] SERVICE ALERT: core1;ping;CRI",
			 c, T0 + 30000, T0 + DAY);
		write_file(path, "nagios.log", cc);
		free(cc);
	}
	free(a);
	free(b);
	free(c);
}

static void run_import(const char *dir, const char *rrd, int soft, int assume, char *out,
		       size_t outlen)
{
	char bin[1024], logs[1024];
	char *argv[12] = { bin, "import", "--nagios-log", logs, "--rrd-dir", (char *)rrd,
			   "--step", "60" };
	size_t n = 8;

	if (soft)
		argv[n++] = "--soft-states";
	if (assume)
		argv[n++] = "--assume-states-while-stopped";
	argv[n] = NULL;
	snprintf(bin, sizeof(bin), "%s/reports/sla-report", getenv("NINES_BUILD"));
	snprintf(logs, sizeof(logs), "%s/logs", dir);
	assert_int_equal(mkdir(rrd, 0755), 0);
	if (fx_run(argv, NULL, out, outlen) != 0)
		fail_msg("import failed: %s", out);
}

/* The engine's seconds for one archive over [t1, t2), WARNING counted as up or as down. */
static struct sla_result report_period(const char *rrd, const char *warning, long long t1,
				       long long t2)
{
	char yaml[2048], err[1024];
	struct config *c;
	struct report r;
	struct sla_result res;

	snprintf(yaml, sizeof(yaml),
		 "services:\n  - name: s\n    archive: %s\n    availability: 99\n"
		 "    policy: { warning: %s }\n", rrd, warning);
	if ((c = config_load_string(yaml, "test", err, sizeof(err))) == NULL)
		fail_msg("config: %s", err);
	if (report_build(&r, c, "UTC", (time_t)t1, (time_t)t2, (time_t)t2, NULL, 1, err,
			 sizeof(err)) != 0)
		fail_msg("report: %s", err);
	if (r.services[0].error != NULL)
		fail_msg("report of '%s': %s", rrd, r.services[0].error);
	res = r.services[0].period;
	res.outages = NULL;
	report_release(&r);
	config_release(c);
	return res;
}

static struct sla_result report_of(const char *rrd, const char *warning)
{
	return report_period(rrd, warning, T0, T0 + DAY);
}

static void expect_seconds(const char *what, const char *service, double nines, double nagios)
{
	if (fabs(nines - nagios) > 0.01)
		fail_msg("core1;%s %s: nines %.3f s, avail.cgi %.3f s", service, what, nines, nagios);
}

/* The host's own archive: UP up, DOWN and UNREACHABLE down, its downtime maintenance. */
static void host_parity(const char *dir, const char *rrd, int soft, int assume)
{
	char file[1200];
	struct cgi_times t;
	struct sla_result r;

	run_cgi(dir, NULL, soft, assume, &t);
	snprintf(file, sizeof(file), "%s/core1/%%host.rrd", rrd);
	r = report_of(file, "up");
	expect_seconds("up (UP, unscheduled)", "(host)", r.up, t.ok_u);
	expect_seconds("down (DOWN + UNREACHABLE, unscheduled)", "(host)", r.down,
		       t.crit_u + t.unreach_u);
	expect_seconds("maintenance (scheduled)", "(host)", r.maintenance,
		       t.ok_s + t.crit_s + t.unreach_s);
	expect_seconds("unmonitored (undetermined)", "(host)", r.unmonitored, t.undetermined);
	if (t.crit_u + t.unreach_u < 1)
		fail_msg("the history has no host outage: avail.cgi says %.0f s", t.crit_u);
}

static void expect_output(const char *out, const char *want)
{
	if (strstr(out, want) == NULL)
		fail_msg("import output lacks '%s':\n%s", want, out);
}

static void parity(const char *dir, int soft, int assume)
{
	static const char *const services[] = { "ping", "web" };
	char rrd[1024], out[OUTBUF], want[256];

	snprintf(rrd, sizeof(rrd), "%s/rrd-%d%d", dir, soft, assume);
	run_import(dir, rrd, soft, assume, out, sizeof(out));
	/* Three lines sit in two files: counted once.  What could not be used is named. */
	expect_output(out, "3 duplicate lines counted once");
	expect_output(out, "unusable lines: 2\n  no timestamp: 1\n  missing fields: 1\n");
	expect_output(out, "logs/a.log.gz:17: no timestamp\n");
	snprintf(want, sizeof(want), "logs/nagios.log:%zu: missing fields\n", NLINES - 25 + 2);
	expect_output(out, want);
	expect_output(out, "timestamps going backwards: 1\n");
	snprintf(want, sizeof(want), "logs/nagios.log:%zu: timestamp %lld before %lld",
		 NLINES - 25 + 1, T0 + 30000, T0 + DAY);
	expect_output(out, want);
	expect_output(out, "imported 2 services and 1 hosts");
	for (size_t i = 0; i < 2; i++) {
		char file[1200];
		struct cgi_times t;
		struct sla_result up, down;

		run_cgi(dir, services[i], soft, assume, &t);
		snprintf(file, sizeof(file), "%s/core1/%s.rrd", rrd, services[i]);
		up = report_of(file, "up");
		down = report_of(file, "down");
		expect_seconds("up (OK + WARNING, unscheduled)", services[i], up.up, t.ok_u + t.warn_u);
		expect_seconds("down (CRITICAL, unscheduled)", services[i], up.down, t.crit_u);
		expect_seconds("WARNING, unscheduled", services[i], down.down - up.down, t.warn_u);
		expect_seconds("maintenance (OK + WARNING + CRITICAL, scheduled)", services[i],
			       up.maintenance, t.ok_s + t.warn_s + t.crit_s);
		expect_seconds("unmonitored (UNKNOWN + undetermined)", services[i], up.unmonitored,
			       t.unknown_s + t.unknown_u + t.undetermined);
	}
	host_parity(dir, rrd, soft, assume);
}

/* An import never writes into an archive that exists, and writes nothing then. */
static void test_refuses_existing(void **state)
{
	const char *dir = *state;
	char bin[1024], logs[1024], rrd[1024], hostdir[1100], file[1200], out[OUTBUF];
	char *argv[] = { bin, "import", "--nagios-log", logs, "--rrd-dir", rrd, NULL };
	struct stat st;
	FILE *f;

	snprintf(bin, sizeof(bin), "%s/reports/sla-report", getenv("NINES_BUILD"));
	snprintf(logs, sizeof(logs), "%s/nagios.log", dir);
	snprintf(rrd, sizeof(rrd), "%s/rrd", dir);
	snprintf(hostdir, sizeof(hostdir), "%s/core1", rrd);
	snprintf(file, sizeof(file), "%s/web.rrd", hostdir);
	{
		char *log = log_text(0, NLINES);

		write_file(dir, "nagios.log", log);
		free(log);
	}
	assert_int_equal(mkdir(rrd, 0755), 0);
	assert_int_equal(mkdir(hostdir, 0755), 0);
	assert_non_null(f = fopen(file, "w"));
	fputs("live", f);
	fclose(f);
	assert_int_equal(fx_run(argv, NULL, out, sizeof(out)), 2);
	expect_output(out, "refusing to import: ");
	expect_output(out, "core1/web.rrd' already exists");
	snprintf(file, sizeof(file), "%s/ping.rrd", hostdir);
	assert_int_not_equal(stat(file, &st), 0);
	snprintf(file, sizeof(file), "%s/%%host.rrd", hostdir);
	assert_int_not_equal(stat(file, &st), 0);
	/* Elsewhere the same log imports, with the host's own archive. */
	snprintf(rrd, sizeof(rrd), "%s/rrd2", dir);
	assert_int_equal(mkdir(rrd, 0755), 0);
	if (fx_run(argv, NULL, out, sizeof(out)) != 0)
		fail_msg("import failed: %s", out);
	snprintf(file, sizeof(file), "%s/core1/%%host.rrd", rrd);
	assert_int_equal(stat(file, &st), 0);
	expect_output(out, "core1 (host): ");
}

struct want_update {
	long long when;
	double avail, warn, cover;	/* -1: U */
};

static void expect_updates(const struct import_object *obj, long long since, long long end,
			   const struct want_update *w, size_t nw)
{
	size_t n;
	struct import_update *u = import_updates(obj, since, end, 60, &n);

	for (size_t i = 0; i < n && i < nw; i++) {
		double a = isnan(u[i].avail) ? -1 : u[i].avail, k = u[i].cover;
		double wn = isnan(u[i].warn) ? -1 : u[i].warn;

		if (u[i].when != w[i].when || a != w[i].avail || wn != w[i].warn || k != w[i].cover)
			fail_msg("update %zu: %lld avail %g warn %g cover %g, expected %lld %g %g %g",
				 i, u[i].when, a, wn, k, w[i].when, w[i].avail, w[i].warn,
				 w[i].cover);
	}
	if (n != nw)
		fail_msg("%zu updates, expected %zu", n, nw);
	free(u);
}

/*
 * A known state is written at its start (closing what came before), every 2 x step and at
 * its end; unknown time is a gap with no update, so the next update's cover is 0; the
 * last state lasts to the end of its step.
 */
static void test_updates(void **state)
{
	struct import_segment segs[] = {
		{ 100, IMPORT_UP, 0 }, { 250, IMPORT_DOWN, 0 }, { 400, IMPORT_NONE, 0 },
		{ 1000, IMPORT_WARNING, 0 },
	};
	struct import_object obj = { .segs = segs, .nsegs = 4 };
	static const struct want_update all[] = {
		{ 100, -1, -1, 0 }, { 120, 1, 0, 20 }, { 240, 1, 0, 120 }, { 250, 1, 0, 10 },
		{ 360, 0, 0, 110 }, { 400, 0, 0, 40 },
		{ 1000, -1, -1, 0 }, { 1080, 1, 1, 80 }, { 1140, 1, 1, 60 },
	};
	static const struct want_update clipped[] = {	/* --since 300 --until 1030 */
		{ 300, -1, -1, 0 }, { 360, 0, 0, 60 }, { 400, 0, 0, 40 },
		{ 1000, -1, -1, 0 }, { 1080, 1, 1, 80 },
	};

	(void)state;
	expect_updates(&obj, 0, 1130, all, sizeof(all) / sizeof(all[0]));
	expect_updates(&obj, 300, 1030, clipped, sizeof(clipped) / sizeof(clipped[0]));
	obj.nsegs = 1;
	segs[0].state = IMPORT_NONE;
	expect_updates(&obj, 0, 1130, NULL, 0);
}

/* The update line, in the order of archive_ds_names: avail rtt warn downtime loss cover. */
static void test_format(void **state)
{
	static const struct {
		struct import_update u;
		const char *line;
	} cases[] = {
		{ { 1767225600, 1, 0, 0, 120 }, "1767225600:1:U:0:0:U:120" },
		{ { 1767225660, 0, 0, 1, 60 }, "1767225660:0:U:0:1:U:60" },
		{ { 1767225661, 1, 1, 0, 1 }, "1767225661:1:U:1:0:U:1" },
		{ { 100, NAN, NAN, NAN, 0 }, "100:U:U:U:U:U:0" },
	};
	char out[96], small[8];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		import_format_update(&cases[i].u, out, sizeof(out));
		assert_string_equal(out, cases[i].line);
	}
	import_format_update(&cases[0].u, small, sizeof(small));
	assert_string_equal(small, "1767225");
}

static void test_cover_rule(void **state)
{
	static const struct { long long prev, when; double cover; } cases[] = {
		{ -1, 100, 0 },		/* the first update of an archive */
		{ 100, 160, 60 }, { 100, 220, 120 },	/* within the heartbeat: the seconds */
		{ 100, 221, 0 },	/* after a gap */
		{ 100, 100, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (import_cover_value(cases[i].prev, cases[i].when, 60) != cases[i].cover)
			fail_msg("cover(%lld, %lld): expected %g", cases[i].prev, cases[i].when,
				 cases[i].cover);
}

/* --host and --service pick archives; a host archive only when no service is named. */
static void test_filters(void **state)
{
	const char *dir = *state;
	char bin[1024], logs[1024], rrd[1024], file[1200], out[OUTBUF];
	char *argv[] = { bin, "import", "--nagios-log", logs, "--rrd-dir", rrd,
			 "--service", "web", "--host", "core1", NULL };
	char *log = log_text(0, NLINES);
	struct stat st;

	snprintf(bin, sizeof(bin), "%s/reports/sla-report", getenv("NINES_BUILD"));
	snprintf(logs, sizeof(logs), "%s/nagios.log", dir);
	snprintf(rrd, sizeof(rrd), "%s/rrd", dir);
	write_file(dir, "nagios.log", log);
	free(log);
	assert_int_equal(mkdir(rrd, 0755), 0);
	if (fx_run(argv, NULL, out, sizeof(out)) != 0)
		fail_msg("import failed: %s", out);
	expect_output(out, "imported 1 services and 0 hosts");
	snprintf(file, sizeof(file), "%s/core1/web.rrd", rrd);
	assert_int_equal(stat(file, &st), 0);
	snprintf(file, sizeof(file), "%s/core1/ping.rrd", rrd);
	assert_int_not_equal(stat(file, &st), 0);
	snprintf(file, sizeof(file), "%s/core1/%%host.rrd", rrd);
	assert_int_not_equal(stat(file, &st), 0);
}

/* ---- one real history: a private Nagios 4 running the plugin against a flapping agent ---- */

#define NAGIOS "/usr/sbin/nagios4"
#define REAL_STEP 10
#define REAL_RUN 64		/* seconds Nagios runs */
#define REAL_FLIP 12		/* the agent answers, then not, every this many seconds */

static void real_config(const struct fx_site *site)
{
	char text[8192], path[512];
	const char *d = site->dir;

	snprintf(text, sizeof(text),
		 "#!/bin/sh\nexec %s/check_snmp_avail -H 127.0.0.1 -p \"$(cat %s/port)\" -C public "
		 "-t 1 -e 0\n", site->plugins, d);
	write_file(d, "flap.sh", text);
	snprintf(path, sizeof(path), "%s/flap.sh", d);
	assert_int_equal(chmod(path, 0755), 0);
	snprintf(text, sizeof(text),
		 "define timeperiod {\n timeperiod_name always\n alias always\n"
		 " sunday 00:00-24:00\n monday 00:00-24:00\n tuesday 00:00-24:00\n"
		 " wednesday 00:00-24:00\n thursday 00:00-24:00\n friday 00:00-24:00\n"
		 " saturday 00:00-24:00\n}\n"
		 "define command {\n command_name host_up\n command_line /bin/true\n}\n"
		 "define command {\n command_name flap\n command_line %s/flap.sh\n}\n"
		 "define contact {\n contact_name nobody\n host_notifications_enabled 0\n"
		 " service_notifications_enabled 0\n host_notification_period always\n"
		 " service_notification_period always\n host_notification_options n\n"
		 " service_notification_options n\n host_notification_commands host_up\n"
		 " service_notification_commands host_up\n}\n"
		 "define host {\n host_name core1\n address 127.0.0.1\n check_command host_up\n"
		 " max_check_attempts 1\n check_interval 5\n check_period always\n"
		 " notification_period always\n contacts nobody\n}\n"
		 "define service {\n host_name core1\n service_description flap\n"
		 " check_command flap\n max_check_attempts 1\n check_interval 1\n"
		 " retry_interval 1\n check_period always\n notification_period always\n"
		 " contacts nobody\n}\n", d);
	write_file(d, "objects.cfg", text);
	snprintf(text, sizeof(text),
		 "cfg_file=%s/objects.cfg\nlog_file=%s/nagios.log\nstatus_file=%s/status.dat\n"
		 "command_file=%s/nagios.cmd\ntemp_file=%s/nagios.tmp\ntemp_path=%s\n"
		 "lock_file=%s/nagios.lock\nobject_cache_file=%s/objects.cache\n"
		 "precached_object_file=%s/objects.precache\nstate_retention_file=%s/retention.dat\n"
		 "check_result_path=%s\nquery_socket=%s/nagios.qh\nlog_archive_path=%s\n"
		 "interval_length=1\nstatus_update_interval=1\nnagios_user=root\nnagios_group=root\n"
		 "retain_state_information=0\nuse_retained_program_state=0\n"
		 "service_inter_check_delay_method=n\nhost_inter_check_delay_method=n\n"
		 "max_service_check_spread=1\nmax_host_check_spread=1\nenable_notifications=0\n"
		 "use_syslog=0\nlog_rotation_method=n\nenable_flap_detection=0\n"
		 "log_initial_states=1\ncheck_service_freshness=0\ncheck_host_freshness=0\n",
		 d, d, d, d, d, d, d, d, d, d, d, d, d);
	write_file(d, "nagios.cfg", text);
}

/* avail.cgi reads the log Nagios wrote and its object cache; Nagios removed its status.dat. */
static void real_cgi_config(const char *d, long long now)
{
	char text[2048];

	snprintf(text, sizeof(text),
		 "main_config_file=%s/nagios.cfg\nphysical_html_path=%s\nurl_html_path=/nagios4\n"
		 "use_authentication=0\ndefault_user_name=admin\n"
		 "authorized_for_all_services=*\nauthorized_for_all_hosts=*\n", d, d);
	write_file(d, "cgi.cfg", text);
	snprintf(text, sizeof(text), "info {\n\tcreated=%lld\n\tversion=4.4.6\n\t}\n\n"
		 "programstatus {\n\tnagios_pid=1\n\tprogram_start=%lld\n\t}\n", now, now);
	write_file(d, "status.dat", text);
}

/* The first state line of core1;flap and the program's stop, from the log. */
static void real_bounds(const char *d, long long *first, long long *stop)
{
	char path[512], line[2048];
	FILE *f;

	snprintf(path, sizeof(path), "%s/nagios.log", d);
	assert_non_null(f = fopen(path, "r"));
	*first = *stop = 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		long long t = atoll(line + 1);

		if (*first == 0 && strstr(line, "SERVICE STATE: core1;flap;") != NULL)
			*first = t;
		if (*first == 0 && strstr(line, "SERVICE ALERT: core1;flap;") != NULL)
			*first = t;
		if (strstr(line, "shutting down...") != NULL)
			*stop = t;
	}
	fclose(f);
}

static struct fx_site site;
static pid_t nagios = -1;

static int real_setup(void **state)
{
	(void)state;
	return fx_site_start(&site);
}

/* Stops by pid whatever the test started, also when it failed half-way. */
static int real_teardown(void **state)
{
	(void)state;
	fx_stop_pid(nagios, 10);
	fx_kill_strays(site.dir);
	fx_site_stop(&site);
	return 0;
}

static void test_real_nagios(void **state)
{
	char cfg[512], out_file[512], port[32], rrd[512], file[600], out[OUTBUF], logs[512];
	char bin[1024];
	long long first, stop, t1, t2;
	struct cgi_times t;
	struct sla_result up;

	(void)state;
	real_config(&site);
	snprintf(port, sizeof(port), "%d\n", site.agent.port);
	write_file(site.dir, "port", port);
	snprintf(cfg, sizeof(cfg), "%s/nagios.cfg", site.dir);
	snprintf(out_file, sizeof(out_file), "%s/nagios.out", site.dir);
	{
		char *const argv[] = { NAGIOS, cfg, NULL };

		nagios = fx_spawn(argv, out_file);
	}
	assert_true(nagios > 0);
	for (int s = 1; s <= REAL_RUN; s++) {
		sleep(1);
		if (s % REAL_FLIP == 0) {
			snprintf(port, sizeof(port), "%d\n",
				 (s / REAL_FLIP) % 2 ? site.dead_port : site.agent.port);
			write_file(site.dir, "port", port);
		}
	}
	fx_stop_pid(nagios, 10);
	nagios = -1;
	fx_kill_strays(site.dir);

	real_bounds(site.dir, &first, &stop);
	if (first == 0 || stop == 0)
		fail_msg("nagios logged no state of core1;flap or no stop (see %s/nagios.log)",
			 site.dir);
	/* Whole steps after the first state and before the stop: all of it known. */
	t1 = (first / REAL_STEP + 1) * REAL_STEP;
	t2 = stop / REAL_STEP * REAL_STEP;
	assert_true(t2 - t1 >= 40);
	real_cgi_config(site.dir, stop);
	run_cgi_period(site.dir, "flap", 0, 0, t1, t2, &t);
	if (t.ok_u < 1 || t.crit_u < 1)
		fail_msg("the agent did not flap: OK %.0f s, CRITICAL %.0f s", t.ok_u, t.crit_u);

	snprintf(bin, sizeof(bin), "%s/reports/sla-report", getenv("NINES_BUILD"));
	snprintf(logs, sizeof(logs), "%s/nagios.log", site.dir);
	snprintf(rrd, sizeof(rrd), "%s/imported", site.dir);
	assert_int_equal(mkdir(rrd, 0755), 0);
	{
		char *const argv[] = { bin, "import", "--nagios-log", logs, "--rrd-dir", rrd,
				       "--step", "10", NULL };

		if (fx_run(argv, NULL, out, sizeof(out)) != 0)
			fail_msg("import failed: %s", out);
	}
	snprintf(file, sizeof(file), "%s/core1/flap.rrd", rrd);
	up = report_period(file, "up", t1, t2);
	expect_seconds("up (OK + WARNING)", "flap", up.up, t.ok_u + t.warn_u);
	expect_seconds("down (CRITICAL)", "flap", up.down, t.crit_u);
	expect_seconds("unmonitored", "flap", up.unmonitored,
		       t.unknown_s + t.unknown_u + t.undetermined);
}

static void test_parity(void **state)
{
	const char *dir = *state;

	nagios_setup(dir);
	import_inputs(dir);
	parity(dir, 0, 0);
	parity(dir, 1, 0);
	parity(dir, 0, 1);
	parity(dir, 1, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_updates),
		cmocka_unit_test(test_cover_rule),
		cmocka_unit_test(test_format),
		cmocka_unit_test_setup_teardown(test_filters, fx_tmpdir_setup, fx_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_parity, fx_tmpdir_setup, fx_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_refuses_existing, fx_tmpdir_setup,
						fx_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_real_nagios, real_setup, real_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
