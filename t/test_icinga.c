/*
 * The plugins under a real Icinga 2 (Debian's icinga2-bin), with the CheckCommands and the
 * example apply rules as `make install` installs them: a private config and private
 * state directories (-DConfiguration.*), hosts on 127.0.0.1 checked every 10 s, results
 * from a PerfdataWriter, downtime from a Downtime object, archives read back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture_daemon.h"

#define ICINGA2 "/usr/sbin/icinga2"
#define STEP 10			/* vars.nines_check_interval: the archives' step */
#define WAIT 60			/* the longest any result may take, seconds */

static struct fx_site site;
static pid_t icinga;
static char etc[128], perf[128], log_file[128];

static void put_config(void)
{
	char path[256];
	time_t now = time(NULL);
	FILE *f;

	snprintf(path, sizeof(path), "%s/icinga2.conf", etc);
	assert_non_null(f = fopen(path, "w"));
	fprintf(f, "include <itl>\ninclude <plugins>\nconst PluginDir = \"%s\"\n"
		"include \"%s/icinga2/check_snmp_avail.conf\"\n"
		"include \"%s/icinga2/check_snmp_if.conf\"\n"
		"include \"%s/icinga2/check_snmp_ping.conf\"\n"
		"include \"%s/icinga2/example.conf\"\n"
		"object CheckerComponent \"checker\" { }\n",
		site.plugins, site.contrib, site.contrib, site.contrib, site.contrib);
	/* One line per result; rotated every second into perf/service.<epoch>. */
	fprintf(f, "object PerfdataWriter \"perf\" {\n"
		"  service_perfdata_path = \"%s/service\"\n  service_temp_path = \"%s/service.tmp\"\n"
		"  host_perfdata_path = \"%s/host\"\n  host_temp_path = \"%s/host.tmp\"\n"
		"  service_format_template = \"$host.name$\\t$service.name$\\t$service.state$\\t"
		"$service.downtime_depth$\\t$service.output$\\t$service.perfdata$\"\n"
		"  rotation_interval = 1s\n}\n", perf, perf, perf, perf);
	/* What every host shares: the agent, the archive directory, the interval. */
	fprintf(f, "template Host \"agent\" {\n  check_command = \"dummy\"\n  address = \"127.0.0.1\"\n"
		"  vars.nines_snmp = true\n  vars.nines_port = %d\n  vars.nines_rrd_dir = \"%s\"\n"
		"  vars.nines_check_interval = %ds\n}\n", site.agent.port, site.rrd, STEP);
	fprintf(f, "object Host \"live\" {\n  import \"agent\"\n"
		"  vars.nines_interfaces[\"lo\"] = { }\n"
		"  vars.nines_ping_probes[\"core1\"] = { nines_ping_owner = \"%s\"; nines_ping_test = \"%s\" }\n}\n",
		FX_PROBE_OWNER, FX_PROBE_TEST);
	fprintf(f, "object Host \"v3\" {\n  import \"agent\"\n  vars.nines_protocol = \"3\"\n"
		"  vars.nines_v3_user = \"alice\"\n  vars.nines_v3_seclevel = \"authPriv\"\n"
		"  vars.nines_v3_authproto = \"SHA\"\n  vars.nines_v3_privproto = \"AES\"\n"
		"  vars.nines_v3_authfile = \"%s\"\n}\n", site.authfile);
	fprintf(f, "object Host \"dead\" {\n  import \"agent\"\n  vars.nines_port = %d\n"
		"  vars.nines_timeout = 2\n}\n", site.dead_port);
	fprintf(f, "object Host \"maint\" {\n  import \"agent\"\n}\n"
		"object Downtime \"maintenance\" {\n  host_name = \"maint\"\n"
		"  service_name = \"SNMP availability\"\n  author = \"nines\"\n  comment = \"test\"\n"
		"  start_time = %ld\n  end_time = %ld\n  fixed = true\n}\n", (long)now - 60, (long)now + 3600);
	assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
	static const char *const sub[] = { "etc", "data", "log", "cache", "spool", "run", "run/icinga2", "perf" };
	char path[256], d[8][160];

	(void)state;
	if (fx_site_start(&site) != 0)
		return -1;
	for (size_t i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", site.dir, sub[i]);
		if (mkdir(path, 0755) != 0)
			return -1;
	}
	snprintf(etc, sizeof(etc), "%s/etc", site.dir);
	snprintf(perf, sizeof(perf), "%s/perf", site.dir);
	snprintf(log_file, sizeof(log_file), "%s/icinga2.out", site.dir);
	put_config();
	snprintf(d[0], sizeof(d[0]), "-DConfiguration.ConfigDir=%s", etc);
	snprintf(d[1], sizeof(d[1]), "-DConfiguration.DataDir=%s/data", site.dir);
	snprintf(d[2], sizeof(d[2]), "-DConfiguration.LogDir=%s/log", site.dir);
	snprintf(d[3], sizeof(d[3]), "-DConfiguration.CacheDir=%s/cache", site.dir);
	snprintf(d[4], sizeof(d[4]), "-DConfiguration.SpoolDir=%s/spool", site.dir);
	snprintf(d[5], sizeof(d[5]), "-DConfiguration.InitRunDir=%s/run", site.dir);
	snprintf(d[6], sizeof(d[6]), "%s/icinga2.conf", etc);
	char *const argv[] = { ICINGA2, "daemon", d[0], d[1], d[2], d[3], d[4], d[5],
			       "-DConfiguration.RunAsUser=root", "-DConfiguration.RunAsGroup=root",
			       "-c", d[6], NULL };
	icinga = fx_spawn(argv, log_file);
	return icinga > 0 ? 0 : -1;
}

static void dump_log(void)
{
	char line[1024];
	FILE *f = fopen(log_file, "r");

	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		fprintf(stderr, "icinga2: %s", line);
	if (f != NULL)
		fclose(f);
}

static int teardown(void **state)
{
	(void)state;
	fx_stop_pid(icinga, 20);
	fx_kill_strays(site.dir);
	fx_site_stop(&site);
	return 0;
}

struct result {
	char state[16], output[1024], perfdata[1024];
	long depth;
};

/* The newest PerfdataWriter line of host/service, from the rotated files and the current
 * one; 0, or -1 when there is none yet. */
static int result_of(const char *host, const char *service, struct result *r)
{
	DIR *dir = opendir(perf);
	struct dirent *e;
	long newest = -1;
	int found = -1;

	while (dir != NULL && (e = readdir(dir)) != NULL) {
		char path[512], line[4096];
		long ts = strncmp(e->d_name, "service.", 8) == 0 ? strtol(e->d_name + 8, NULL, 10) : -1;
		FILE *f;

		if (strcmp(e->d_name, "service.tmp") == 0)
			ts = 1L << 40;		/* written after every rotated file */
		if (ts < newest || ts < 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", perf, e->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		while (fgets(line, sizeof(line), f) != NULL) {
			char *field[6], *save = NULL;
			int n = 0;

			line[strcspn(line, "\n")] = '\0';
			for (char *p = strtok_r(line, "\t", &save); p != NULL && n < 6;
			     p = strtok_r(NULL, "\t", &save))
				field[n++] = p;
			if (n < 5 || strcmp(field[0], host) != 0 || strcmp(field[1], service) != 0)
				continue;
			snprintf(r->state, sizeof(r->state), "%s", field[2]);
			r->depth = atol(field[3]);
			snprintf(r->output, sizeof(r->output), "%s", field[4]);
			snprintf(r->perfdata, sizeof(r->perfdata), "%s", n > 5 ? field[5] : "");
			newest = ts;
			found = 0;
		}
		fclose(f);
	}
	if (dir != NULL)
		closedir(dir);
	return found;
}

static void archive_path(const char *host, const char *service, char *path, size_t len)
{
	size_t n = (size_t)snprintf(path, len, "%s/%s/", site.rrd, host);

	for (const char *c = service; *c != '\0' && n + 4 < len; c++)	/* as the plugins encode */
		n += (size_t)(*c == ' ' ? snprintf(path + n, len - n, "%%20") :
					 snprintf(path + n, len - n, "%c", *c));
	snprintf(path + n, len - n, ".rrd");
}

/* OK with perfdata parsed by Icinga for v2c, v3, IF-MIB and a probe; CRITICAL when no agent
 * listens; each recorded in its archive, at the step of the check interval. */
static void test_states_and_archives(void **state)
{
	static const struct { const char *host, *service, *state, *output, *perf; double avail; } cases[] = {
		{ "live", "SNMP availability", "OK", "SNMP OK - 127.0.0.1 answered 1/1 GET", "rta=", 1 },
		{ "v3", "SNMP availability", "OK", "SNMP OK - 127.0.0.1 answered 1/1 GET", "rta=", 1 },
		{ "live", "Interface lo", "OK", "SNMP OK - ", "", 1 },
		{ "live", "Path core1", "OK", "SNMP OK - 127.0.0.1 test 'nines'/'core1'", "rta=12ms", 1 },
		{ "dead", "SNMP availability", "CRITICAL", "SNMP CRITICAL - 127.0.0.1: no answer", "pl=100%", 0 },
	};
	struct result r;
	char path[512];
	time_t when;
	double v;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = -1;

		for (int k = 0; k < WAIT * 5 && (got = result_of(cases[i].host, cases[i].service, &r)) != 0; k++)
			usleep(200 * 1000);
		if (got != 0) {
			dump_log();
			fail_msg("no result for %s/%s within %d s", cases[i].host, cases[i].service, WAIT);
		}
		if (strcmp(r.state, cases[i].state) != 0 || strstr(r.output, cases[i].output) == NULL ||
		    strstr(r.perfdata, cases[i].perf) == NULL || strchr(r.output, '|') != NULL)
			fail_msg("%s/%s: %s '%s' | '%s'; want %s '%s' | '%s'", cases[i].host,
				 cases[i].service, r.state, r.output, r.perfdata, cases[i].state,
				 cases[i].output, cases[i].perf);
		archive_path(cases[i].host, cases[i].service, path, sizeof(path));
		if (fx_rrd_last(path, "avail", &when, &v) != 0)
			fail_msg("no archive '%s'", path);
		if (v != cases[i].avail)
			fail_msg("'%s': avail %g, want %g", path, v, cases[i].avail);
		assert_true(when > time(NULL) - WAIT);
		assert_int_equal(fx_rrd_step(path), STEP);
	}
}

/* A Downtime object reaches the plugin as $service.downtime_depth$ and the archive. */
static void test_downtime(void **state)
{
	char path[512];
	time_t when;
	double v = NAN;
	struct result r;

	(void)state;
	archive_path("maint", "SNMP availability", path, sizeof(path));
	for (int k = 0; k < WAIT * 5; k++) {
		if (fx_rrd_last(path, "downtime", &when, &v) == 0 && v == 1)
			break;
		usleep(200 * 1000);
	}
	if (v != 1) {
		dump_log();
		fail_msg("'%s': downtime %g within %d s, want 1", path, v, WAIT);
	}
	assert_int_equal(fx_rrd_last(path, "avail", &when, &v), 0);
	assert_true(v == 1);	/* up while in maintenance */
	/* and Icinga itself had the service in downtime */
	for (int k = 0; k < WAIT * 5; k++) {
		if (result_of("maint", "SNMP availability", &r) == 0 && r.depth > 0)
			return;
		usleep(200 * 1000);
	}
	fail_msg("no result in downtime for maint/SNMP availability within %d s", WAIT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_states_and_archives),
		cmocka_unit_test(test_downtime),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
