/*
 * The plugins under a real Nagios 4 (Debian's nagios4-core), with the command definitions
 * as `make install` installs them: a private main config on 127.0.0.1 with
 * interval_length=1, results read from status.dat while Nagios runs (it deletes the file
 * on exit), downtime scheduled through its external command file, archives read back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture_daemon.h"

#define NAGIOS "/usr/sbin/nagios4"
#define STEP 10			/* check_interval in seconds, = $USER5$ */
#define WAIT 60			/* the longest any result may take, seconds */

static struct fx_site site;
static pid_t nagios;
static char status_file[128], cmd_file[128], log_file[128];

/* Each service: its check_command, and how its archive is named. */
static const struct svc {
	const char *host, *desc, *command, *args;	/* $ARG1$ is the port; args NULL: v3 */
} svcs[] = {
	{ "live", "SNMP availability", "nines_snmp_avail", "200!500" },
	{ "live", "SNMP v3", "nines_snmp_avail_v3", NULL },
	{ "live", "Interface lo", "nines_snmp_if", "lo" },
	{ "live", "Path core1", "nines_snmp_ping", FX_PROBE_OWNER "!" FX_PROBE_TEST "!50!100!10!50" },
	{ "live", "Maintenance", "nines_snmp_avail", "200!500" },
	{ "dead", "SNMP availability", "nines_snmp_avail", "200!500" },
};
enum { AVAIL, V3, IF, PING, MAINT, DEAD, NSVC };

static void write_config(void)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/nagios.cfg", site.dir);
	assert_non_null(f = fopen(path, "w"));
	fprintf(f, "cfg_file=%s/nagios/check_snmp_avail.cfg\n"
		"cfg_file=%s/nagios/check_snmp_if.cfg\n"
		"cfg_file=%s/nagios/check_snmp_ping.cfg\n"
		"cfg_file=%s/objects.cfg\n"
		"resource_file=%s/resource.cfg\n",
		site.contrib, site.contrib, site.contrib, site.dir, site.dir);
	fprintf(f, "log_file=%s\nstatus_file=%s\ncommand_file=%s\n"
		"temp_file=%s/nagios.tmp\ntemp_path=%s\nlock_file=%s/nagios.lock\n"
		"object_cache_file=%s/objects.cache\nprecached_object_file=%s/objects.precache\n"
		"state_retention_file=%s/retention.dat\ncheck_result_path=%s\n"
		"query_socket=%s/nagios.qh\n",
		log_file, status_file, cmd_file, site.dir, site.dir, site.dir, site.dir, site.dir,
		site.dir, site.dir, site.dir);
	/* Seconds as the time unit, every check due at start, status written every second. */
	fputs("interval_length=1\nstatus_update_interval=1\ncheck_external_commands=1\n"
	      "nagios_user=root\nnagios_group=root\nretain_state_information=0\n"
	      "use_retained_program_state=0\nuse_retained_scheduling_info=0\n"
	      "service_inter_check_delay_method=n\nhost_inter_check_delay_method=n\n"
	      "max_service_check_spread=1\nmax_host_check_spread=1\n"
	      "enable_notifications=0\nuse_syslog=0\nlog_rotation_method=n\n"
	      "enable_flap_detection=0\nprocess_performance_data=0\n"
	      "check_service_freshness=0\ncheck_host_freshness=0\nenable_environment_macros=0\n"
	      "illegal_macro_output_chars=`~$&|'\"<>\n", f);
	assert_int_equal(fclose(f), 0);

	snprintf(path, sizeof(path), "%s/resource.cfg", site.dir);
	assert_non_null(f = fopen(path, "w"));
	fprintf(f, "$USER1$=%s\n$USER3$=public\n$USER4$=%s\n$USER5$=%d\n", site.plugins, site.rrd, STEP);
	assert_int_equal(fclose(f), 0);

	snprintf(path, sizeof(path), "%s/objects.cfg", site.dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("define timeperiod {\n timeperiod_name always\n alias always\n"
	      " sunday 00:00-24:00\n monday 00:00-24:00\n tuesday 00:00-24:00\n"
	      " wednesday 00:00-24:00\n thursday 00:00-24:00\n friday 00:00-24:00\n"
	      " saturday 00:00-24:00\n}\n"
	      "define command {\n command_name host_up\n command_line /bin/true\n}\n"
	      "define command {\n command_name check-host-alive\n command_line /bin/true\n}\n"
	      "define contact {\n contact_name nobody\n host_notifications_enabled 0\n"
	      " service_notifications_enabled 0\n host_notification_period always\n"
	      " service_notification_period always\n host_notification_options n\n"
	      " service_notification_options n\n host_notification_commands host_up\n"
	      " service_notification_commands host_up\n}\n", f);
	for (const char *h = "live"; h != NULL; h = strcmp(h, "live") == 0 ? "dead" : NULL)
		fprintf(f, "define host {\n host_name %s\n address 127.0.0.1\n check_command host_up\n"
			" max_check_attempts 1\n check_interval %d\n check_period always\n"
			" notification_period always\n contacts nobody\n}\n", h, STEP);
	for (int i = 0; i < NSVC; i++) {
		char cmd[256], v3[200];
		int port = i == DEAD ? site.dead_port : site.agent.port;

		snprintf(v3, sizeof(v3), "alice!%s", site.authfile);
		snprintf(cmd, sizeof(cmd), "%s!%d!%s", svcs[i].command, port,
			 svcs[i].args ? svcs[i].args : v3);
		fprintf(f, "define service {\n host_name %s\n service_description %s\n"
			" check_command %s\n max_check_attempts 1\n check_interval %d\n"
			" retry_interval %d\n check_period always\n notification_period always\n"
			" contacts nobody\n}\n", svcs[i].host, svcs[i].desc, cmd, STEP, STEP);
	}
	assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
	char cfg[256];

	(void)state;
	if (fx_site_start(&site) != 0)
		return -1;
	snprintf(status_file, sizeof(status_file), "%s/status.dat", site.dir);
	snprintf(cmd_file, sizeof(cmd_file), "%s/nagios.cmd", site.dir);
	snprintf(log_file, sizeof(log_file), "%s/nagios.log", site.dir);
	write_config();
	snprintf(cfg, sizeof(cfg), "%s/nagios.cfg", site.dir);
	char *const argv[] = { NAGIOS, cfg, NULL };
	nagios = fx_spawn(argv, log_file);
	return nagios > 0 ? 0 : -1;
}

static void dump_log(void)
{
	char line[1024];
	FILE *f = fopen(log_file, "r");

	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		fprintf(stderr, "nagios: %s", line);
	if (f != NULL)
		fclose(f);
}

static int teardown(void **state)
{
	(void)state;
	fx_stop_pid(nagios, 10);
	fx_kill_strays(site.dir);
	fx_site_stop(&site);
	return 0;
}

/* ---- status.dat ---- */

struct result {
	long state, last_check, depth;
	char output[1024], perfdata[1024];
};

/* The servicestatus block of host/desc in status.dat; 0, or -1 when not (yet) there. */
static int status_of(const char *host, const char *desc, struct result *r)
{
	char line[2048], h[256] = "", d[256] = "";
	int in = 0, found = -1;
	FILE *f = fopen(status_file, "r");

	if (f == NULL)
		return -1;
	memset(r, 0, sizeof(*r));
	while (fgets(line, sizeof(line), f) != NULL) {
		char *v;

		line[strcspn(line, "\n")] = '\0';
		if (strcmp(line, "servicestatus {") == 0) {
			in = 1;
			h[0] = d[0] = '\0';
			continue;
		}
		if (!in)
			continue;
		if (strcmp(line, "\t}") == 0) {
			in = 0;
			if (strcmp(h, host) == 0 && strcmp(d, desc) == 0) {
				found = 0;
				break;
			}
			memset(r, 0, sizeof(*r));
			continue;
		}
		if ((v = strchr(line, '=')) == NULL)
			continue;
		*v++ = '\0';
		if (strcmp(line, "\thost_name") == 0)
			snprintf(h, sizeof(h), "%s", v);
		else if (strcmp(line, "\tservice_description") == 0)
			snprintf(d, sizeof(d), "%s", v);
		else if (strcmp(line, "\tcurrent_state") == 0)
			r->state = atol(v);
		else if (strcmp(line, "\tlast_check") == 0)
			r->last_check = atol(v);
		else if (strcmp(line, "\tscheduled_downtime_depth") == 0)
			r->depth = atol(v);
		else if (strcmp(line, "\tplugin_output") == 0)
			snprintf(r->output, sizeof(r->output), "%s", v);
		else if (strcmp(line, "\tperformance_data") == 0)
			snprintf(r->perfdata, sizeof(r->perfdata), "%s", v);
	}
	fclose(f);
	return found;
}

/* Waits (at most WAIT s) for a result of svc checked at or after since, in downtime if asked. */
static void wait_result(int svc, time_t since, int in_downtime, struct result *r)
{
	for (int i = 0; i < WAIT * 5; i++) {
		if (status_of(svcs[svc].host, svcs[svc].desc, r) == 0 && r->last_check >= since &&
		    (!in_downtime || r->depth > 0))
			return;
		usleep(200 * 1000);
	}
	dump_log();
	fail_msg("no result for %s/%s since %ld within %d s (last %ld: %s)", svcs[svc].host,
		 svcs[svc].desc, (long)since, WAIT, r->last_check, r->output);
}

static void command(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void command(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int fd, n;

	n = snprintf(line, sizeof(line), "[%ld] ", (long)time(NULL));
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	line[n++] = '\n';
	/* The FIFO appears once Nagios is running. */
	for (int i = 0; i < WAIT * 10 && (fd = open(cmd_file, O_WRONLY | O_NONBLOCK)) < 0; i++)
		usleep(100 * 1000);
	if (fd < 0) {
		dump_log();
		fail_msg("cannot open the command file '%s': %s", cmd_file, strerror(errno));
	}
	assert_int_equal(write(fd, line, (size_t)n), n);
	close(fd);
}

/* The archive of svc: its step, and the last update's avail and downtime. */
static void expect_archive(int svc, time_t since, double avail, double downtime)
{
	char path[512];
	time_t when;
	double v;

	snprintf(path, sizeof(path), "%s/%s/%s.rrd", site.rrd, svcs[svc].host, svcs[svc].desc);
	for (char *p = strrchr(path, '/'); (p = strchr(p, ' ')) != NULL;) {	/* "%20" */
		memmove(p + 3, p + 1, strlen(p + 1) + 1);
		memcpy(p, "%20", 3);
	}
	if (fx_rrd_last(path, "avail", &when, &v) != 0)
		fail_msg("no archive '%s'", path);
	assert_int_equal(fx_rrd_step(path), STEP);
	if (when < since)
		fail_msg("'%s' last updated %ld, before %ld", path, (long)when, (long)since);
	if (v != avail)
		fail_msg("'%s': avail %g, want %g", path, v, avail);
	assert_int_equal(fx_rrd_last(path, "downtime", &when, &v), 0);
	if (v != downtime)
		fail_msg("'%s': downtime %g, want %g", path, v, downtime);
}

static void expect_state(int svc, const struct result *r, long state, const char *output,
			 const char *perf)
{
	if (r->state != state || strstr(r->output, output) == NULL ||
	    strstr(r->perfdata, perf) == NULL || strchr(r->output, '|') != NULL)
		fail_msg("%s/%s: state %ld '%s' | '%s'; want %ld '%s' | '%s'", svcs[svc].host,
			 svcs[svc].desc, r->state, r->output, r->perfdata, state, output, perf);
}

/* OK with perfdata for the live agent over v2c, v3, IF-MIB and a probe; CRITICAL when no
 * agent listens; every result also recorded in the archive at the step of the interval. */
static void test_states_and_archives(void **state)
{
	static const struct { int svc; long state; const char *output, *perf; double avail; } cases[] = {
		{ AVAIL, 0, "SNMP OK - 127.0.0.1 answered 3/3 GETs", "rta=", 1 },
		{ V3, 0, "SNMP OK - 127.0.0.1 answered 1/1 GET", "rta=", 1 },
		{ IF, 0, "SNMP OK - ", "", 1 },
		{ PING, 0, "SNMP OK - 127.0.0.1 test 'nines'/'core1'", "rta=12ms", 1 },
		{ DEAD, 2, "SNMP CRITICAL - 127.0.0.1: no answer", "pl=100%", 0 },
	};
	time_t start = time(NULL);
	struct result r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		wait_result(cases[i].svc, start - 5, 0, &r);
		expect_state(cases[i].svc, &r, cases[i].state, cases[i].output, cases[i].perf);
		expect_archive(cases[i].svc, r.last_check - 1, cases[i].avail, 0);
	}
}

/* Downtime scheduled through Nagios reaches the plugin and the archive's downtime DS. */
static void test_downtime(void **state)
{
	time_t now = time(NULL), forced;
	struct result r;

	(void)state;
	command("SCHEDULE_SVC_DOWNTIME;live;Maintenance;%ld;%ld;1;0;3600;nines;test", (long)now - 1,
		(long)now + 3600);
	for (int i = 0; i < WAIT * 5; i++) {
		if (status_of("live", "Maintenance", &r) == 0 && r.depth > 0)
			break;
		usleep(200 * 1000);
	}
	assert_true(r.depth > 0);
	forced = time(NULL);
	command("SCHEDULE_FORCED_SVC_CHECK;live;Maintenance;%ld", (long)forced);
	wait_result(MAINT, forced, 1, &r);
	expect_state(MAINT, &r, 0, "SNMP OK", "rta=");
	expect_archive(MAINT, r.last_check - 1, 1, 1);
}

/* The installed example hosts and services, with Debian's stock templates and the commands,
 * are a configuration Nagios accepts (objects.cfg stands in for check-host-alive, which
 * generic-switch uses and Debian's monitoring-plugins package defines). */
static void test_example_verifies(void **state)
{
	static const char *const stock[] = { "commands", "contacts", "timeperiods", "templates" };
	char cfg[256], out[16384];
	FILE *f;

	(void)state;
	snprintf(cfg, sizeof(cfg), "%s/verify.cfg", site.dir);
	assert_non_null(f = fopen(cfg, "w"));
	for (size_t i = 0; i < sizeof(stock) / sizeof(stock[0]); i++)
		fprintf(f, "cfg_file=/etc/nagios4/objects/%s.cfg\n", stock[i]);
	fprintf(f, "cfg_file=%s/objects.cfg\n", site.dir);
	fprintf(f, "cfg_file=%s/nagios/check_snmp_avail.cfg\ncfg_file=%s/nagios/check_snmp_if.cfg\n"
		"cfg_file=%s/nagios/check_snmp_ping.cfg\ncfg_file=%s/nagios/example.cfg\n"
		"resource_file=%s/resource.cfg\nlock_file=%s/verify.lock\ntemp_path=%s\n"
		"check_result_path=%s\nnagios_user=root\nnagios_group=root\n", site.contrib,
		site.contrib, site.contrib, site.contrib, site.dir, site.dir, site.dir, site.dir);
	assert_int_equal(fclose(f), 0);
	char *const argv[] = { NAGIOS, "-v", cfg, NULL };
	if (fx_run(argv, NULL, out, sizeof(out)) != 0)
		fail_msg("nagios4 -v rejects the example:\n%s", out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example_verifies),
		cmocka_unit_test(test_states_and_archives),
		cmocka_unit_test(test_downtime),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
