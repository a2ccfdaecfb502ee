/*
 * check_snmp_if against real snmpd agents on 127.0.0.1: the agent's own loopback
 * interface, and a second agent whose IF-MIB (and sysUpTime) t/pp_table.pl serves from a
 * file the test rewrites, to drive every oper/admin status, flaps, restarts and a missing
 * MIB.  Each scenario's archive is read back with librrd.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fixture_snmpd.h"
#include "testrrd.h"

#define IFT "1.3.6.1.2.1.2.2.1"
#define IFX "1.3.6.1.2.1.31.1.1.1"
#define UPTIME 1000000ULL	/* sysUpTime of the forced agent: 2h46m40s in ticks */

static struct fx_snmpd lo_agent, forced;
static char plugin[512], tmpdir[64], statedir[600], state_env[700], datafile[128];
static int rrd_seq;

static int run_at(const struct fx_snmpd *a, char *out, size_t outlen, const char *const *args)
{
	char *env[] = { state_env, NULL };

	return fx_run_plugin(plugin, a, env, out, outlen, args);
}

#define RUN_LO(out, ...) run_at(&lo_agent, out, sizeof(out), (const char *const[]){ __VA_ARGS__, NULL })
#define RUN_F(out, ...) run_at(&forced, out, sizeof(out), (const char *const[]){ __VA_ARGS__, NULL })

/* One interface of the forced table. */
struct fif {
	int index, admin, oper;
	const char *name, *alias;
	unsigned long long change;
	unsigned highspeed;	/* Mbit/s, 0 none */
};

/*
 * Replaces the forced agent's data: sysUpTime, then ifTable and (with ifx) ifXTable rows.
 * Written aside and renamed, so pp_table.pl never reads half a file.
 */
static void serve(unsigned long long uptime, const struct fif *ifs, size_t n, int ifx)
{
	char tmp[200];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.new", datafile);
	f = fopen(tmp, "w");
	assert_non_null(f);
	fprintf(f, ".1.3.6.1.2.1.1.3.0 timeticks %llu\n", uptime);
	for (size_t i = 0; i < n; i++) {
		const struct fif *x = &ifs[i];

		fprintf(f, "." IFT ".1.%d integer %d\n", x->index, x->index);
		fprintf(f, "." IFT ".2.%d string Ethernet %s\n", x->index, x->name);
		fprintf(f, "." IFT ".5.%d gauge %u\n", x->index, x->highspeed ? 4294967295u : 100000000u);
		fprintf(f, "." IFT ".7.%d integer %d\n", x->index, x->admin);
		fprintf(f, "." IFT ".8.%d integer %d\n", x->index, x->oper);
		fprintf(f, "." IFT ".9.%d timeticks %llu\n", x->index, x->change);
		if (!ifx)
			continue;
		fprintf(f, "." IFX ".1.%d string %s\n", x->index, x->name);
		if (x->highspeed)
			fprintf(f, "." IFX ".15.%d gauge %u\n", x->index, x->highspeed);
		fprintf(f, "." IFX ".18.%d string %s\n", x->index, x->alias);
	}
	assert_int_equal(fclose(f), 0);
	assert_int_equal(rename(tmp, datafile), 0);
}

/* eth0 with the given status, eth1 and eth2 up: the usual forced table. */
static void serve_eth0(int admin, int oper, unsigned long long change, unsigned long long uptime)
{
	const struct fif ifs[] = {
		{ 10, admin, oper, "eth0", "uplink to core", change, 1000 },
		{ 11, 1, 1, "eth1", "backup", 500, 0 },
		{ 12, 1, 1, "eth2", "", 500, 0 },
	};

	serve(uptime, ifs, 3, 1);
}

static int setup(void **state)
{
	char conf[2048];
	static const char *const regs[] = { "-p 1 ." IFT, "-p 1 ." IFX ".1", "-p 1 ." IFX ".15",
					    "-p 1 ." IFX ".18", "-p 1 .1.3.6.1.2.1.1.3" };

	(void)state;
	snprintf(plugin, sizeof(plugin), "%s/plugins/check_snmp_if", getenv("NINES_BUILD"));
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/nines-if.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(statedir, sizeof(statedir), "%s/state", tmpdir);
	snprintf(state_env, sizeof(state_env), "NINES_STATE_DIR=%s", statedir);
	snprintf(datafile, sizeof(datafile), "%s/ifmib", tmpdir);
	serve_eth0(1, 1, 500, UPTIME);
	/*
	 * snmpd's own IF-MIB registers ifTable at the entry and ifXTable column by column; a
	 * pass_persist of the same subtrees at priority 1 takes them over (where it has no
	 * rows, snmpd's own show through).  Community "noif" sees no IF-MIB at all, "noifx"
	 * no ifXTable.
	 */
	snprintf(conf, sizeof(conf), "view noif included .1\nview noif excluded .1.3.6.1.2.1.2\n"
		 "view noif excluded .1.3.6.1.2.1.31\nrocommunity noif 127.0.0.1 -V noif\n"
		 "view noifx included .1\nview noifx excluded .1.3.6.1.2.1.31\n"
		 "rocommunity noifx 127.0.0.1 -V noifx\n");
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		if (fx_snmpd_table(conf, sizeof(conf), regs[i], datafile) != 0)
			return -1;
	if (fx_snmpd_start(&lo_agent, NULL) != 0)
		return -1;
	return fx_snmpd_start(&forced, conf);
}

static int teardown(void **state)
{
	(void)state;
	fx_snmpd_stop(&lo_agent);
	fx_snmpd_stop(&forced);
	fx_rmtree(tmpdir);
	return 0;
}

/* A fresh small archive with the plugins' data sources (see trd_create()). */
static void new_rrd(char *file, size_t len)
{
	snprintf(file, len, "%s/s%d.rrd", tmpdir, rrd_seq++);
	trd_create(file);
}

/* The sample a run wrote, read back through librrd (see new_rrd()). */
static void assert_recorded(const char *file, double avail, double warn, double downtime, int rtt_known)
{
	time_t row = trd_last_row(file);
	double rtt;

	trd_assert_value(trd_fetched(file, row, "avail"), avail);
	trd_assert_value(trd_fetched(file, row, "warn"), warn);
	trd_assert_value(trd_fetched(file, row, "downtime"), downtime);
	rtt = trd_fetched(file, row, "rtt");
	if (rtt_known)
		assert_true(rtt > 0 && rtt < 1);
	else
		assert_true(isnan(rtt));
}

static void forget_state(void)
{
	fx_rmtree(statedir);
}

/* The agent's own lo: found by every selector and version, up, recorded up. */
static void test_loopback(void **state)
{
	char out[8192], file[300], idx[16], want[64];
	const char *line;
	int rc;

	(void)state;
	assert_int_equal(RUN_LO(out, "--list"), 0);
	line = strstr(out, " lo ");
	assert_non_null(line);
	while (line > out && line[-1] != '\n')
		line--;
	assert_int_equal(sscanf(line, "%15s", idx), 1);
	snprintf(want, sizeof(want), "ifIndex %s", idx);

	static const char *const sel[][5] = {
		{ "--name", "lo" }, { "--index", NULL }, { "--descr", "lo" }, { "--name", "^l[o]$", "--regex" },
		{ "-P", "1", "--name", "lo" }, { "-P", "1", "--index", NULL },
		{ "-P", "3", "-U", "carol", "-L" },
	};
	for (size_t i = 0; i < sizeof(sel) / sizeof(sel[0]); i++) {
		const char *args[16];
		size_t n = 0;

		for (; n < 5 && sel[i][n] != NULL; n++)
			args[n] = sel[i][n];
		if (strcmp(args[n - 1], "--index") == 0)
			args[n++] = idx;
		if (strcmp(args[n - 1], "-L") == 0) {
			static const char *const v3[] = { "authNoPriv", "-a", "SHA-256", "-A", "authpass123",
							  "--name", "lo" };
			for (size_t k = 0; k < 7; k++)
				args[n++] = v3[k];
		}
		new_rrd(file, sizeof(file));
		args[n++] = "--rrd";
		args[n++] = file;
		args[n] = NULL;
		rc = run_at(&lo_agent, out, sizeof(out), args);
		if (rc != 0 || strncmp(out, "SNMP OK - lo up for ", 20) != 0 || strstr(out, want) == NULL)
			fail_msg("case %zu: rc %d: %s", i, rc, out);
		assert_non_null(strstr(out, "| oper_status=1;;;1;7 state_age="));
		assert_recorded(file, 1, 0, 0, 1);
	}
}

/* No match names the count of interfaces seen, which --list counts independently. */
static void test_loopback_no_match(void **state)
{
	char out[8192], want[128];
	size_t lines = 0;

	(void)state;
	assert_int_equal(RUN_LO(out, "--list"), 0);
	for (const char *p = out; (p = strchr(p, '\n')) != NULL; p++)
		lines++;
	/* Header line and column titles, then one line per interface. */
	snprintf(want, sizeof(want), "no ifName is 'no-such-if0' (%zu interfaces seen)", lines - 2);
	assert_int_equal(RUN_LO(out, "--name", "no-such-if0"), 3);
	assert_non_null(strstr(out, want));
	assert_int_equal(RUN_LO(out, "--descr", "^zz", "-r"), 3);
	assert_non_null(strstr(out, "no ifDescr matches '^zz'"));
}

/* Every status, its state and what the archive records (--name eth0, agent up 2h46m40s). */
static void test_states(void **state)
{
	static const struct {
		int admin, oper;
		const char *opt, *val;
		int rc;
		const char *text;
		double avail, warn, downtime;
	} cases[] = {
		/* ifLastChange UPTIME - 19200: 19200 ticks = 192 s = 3m12s. */
		{ 1, 1, NULL, NULL, 0, "SNMP OK - eth0 up for 3m12s, ifIndex 10, alias 'uplink to core'", 1, 0, 0 },
		{ 1, 2, NULL, NULL, 2, "SNMP CRITICAL - eth0 down for 3m12s", 0, 0, 0 },
		{ 1, 7, NULL, NULL, 2, "SNMP CRITICAL - eth0 lowerLayerDown for 3m12s", 0, 0, 0 },
		{ 1, 6, NULL, NULL, 2, "SNMP CRITICAL - eth0 notPresent for 3m12s", 0, 0, 0 },
		{ 2, 2, NULL, NULL, 1, "SNMP WARNING - eth0 admin down for 3m12s, oper down, scheduled", 0, 1, 1 },
		{ 2, 2, "--admin-down", "ok", 0, "SNMP OK - eth0 admin down", 0, 0, 1 },
		{ 2, 2, "--admin-down", "warning", 1, "SNMP WARNING - eth0 admin down", 0, 1, 1 },
		{ 2, 2, "--admin-down", "critical", 2, "SNMP CRITICAL - eth0 admin down", 0, 0, 1 },
		{ 1, 5, NULL, NULL, 0, "SNMP OK - eth0 dormant for 3m12s", 1, 0, 0 },
		{ 1, 5, "--dormant", "warning", 1, "SNMP WARNING - eth0 dormant", 1, 1, 0 },
		{ 1, 5, "--dormant", "critical", 2, "SNMP CRITICAL - eth0 dormant", 0, 0, 0 },
		{ 1, 3, NULL, NULL, 1, "SNMP WARNING - eth0 testing for 3m12s", 0, 1, 1 },
		{ 1, 3, "--testing", "ok", 0, "SNMP OK - eth0 testing", 0, 0, 1 },
		{ 1, 3, "--testing", "critical", 2, "SNMP CRITICAL - eth0 testing", 0, 0, 1 },
		{ 1, 4, NULL, NULL, 3, "SNMP UNKNOWN - eth0 unknown for 3m12s", NAN, 0, 0 },
	};
	char out[4096], file[300], perf[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc;

		forget_state();
		serve_eth0(cases[i].admin, cases[i].oper, UPTIME - 19200, UPTIME);
		new_rrd(file, sizeof(file));
		if (cases[i].opt)
			rc = RUN_F(out, "--name", "eth0", "--rrd", file, cases[i].opt, cases[i].val);
		else
			rc = RUN_F(out, "--name", "eth0", "--rrd", file);
		if (rc != cases[i].rc || strncmp(out, cases[i].text, strlen(cases[i].text)) != 0)
			fail_msg("case %zu: rc %d: %s", i, rc, out);
		snprintf(perf, sizeof(perf), "| oper_status=%d;;;1;7 state_age=192s;;;0 rta=", cases[i].oper);
		assert_non_null(strstr(out, perf));
		/* An UNKNOWN is unknown time: not down, no rtt. */
		assert_recorded(file, cases[i].avail, cases[i].warn, cases[i].downtime, !isnan(cases[i].avail));
	}
	/* Long durations: 2 days 4 hours = 187200 s = 18720000 ticks since the change. */
	serve_eth0(1, 1, 100, 100 + 18720000ULL);
	assert_int_equal(RUN_F(out, "--index", "10"), 0);
	assert_non_null(strstr(out, "eth0 up for 2d 04h"));
}

/* ifLastChange moved, the status is the same: a flap between checks, said once. */
static void test_flap(void **state)
{
	static const struct { const char *flap; int rc; } modes[] = {
		{ NULL, 1 }, { "critical", 2 }, { "ok", 0 },
	};
	char out[4096], file[300];

	(void)state;
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		const char *f = modes[i].flap ? modes[i].flap : "warning";

		forget_state();
		serve_eth0(1, 1, 5000, UPTIME);
		assert_int_equal(RUN_F(out, "--name", "eth0", "--flap", f), 0);
		assert_null(strstr(out, "flapped"));
		/* 6000 ticks later the link changed twice and is up again. */
		serve_eth0(1, 1, UPTIME + 3000, UPTIME + 6000);
		new_rrd(file, sizeof(file));
		if (modes[i].flap)
			assert_int_equal(RUN_F(out, "--name", "eth0", "--rrd", file, "--flap", f), modes[i].rc);
		else
			assert_int_equal(RUN_F(out, "--name", "eth0", "--rrd", file), modes[i].rc);
		assert_non_null(strstr(out, "eth0 up for 30s, flapped since last check"));
		assert_recorded(file, 1, modes[i].rc == 1, 0, 1);
		assert_int_equal(RUN_F(out, "--name", "eth0"), 0);	/* said once */
		assert_null(strstr(out, "flapped"));
	}
	/* A status change is a change, not a flap. */
	serve_eth0(1, 2, UPTIME + 9000, UPTIME + 9500);
	assert_int_equal(RUN_F(out, "--name", "eth0"), 2);
	assert_null(strstr(out, "flapped"));
	/* The agent restarted: uptime went back, ifLastChange with it; not a flap. */
	serve_eth0(1, 2, 200, 9000);
	assert_int_equal(RUN_F(out, "--name", "eth0"), 2);
	assert_null(strstr(out, "flapped"));
	assert_non_null(strstr(out, "eth0 down for 1m28s"));	/* (9000 - 200) / 100 = 88 s */
}

/* Selection on the forced table: exact, regex, ambiguous, index, v1, missing. */
static void test_select(void **state)
{
	char out[4096];

	(void)state;
	forget_state();
	serve_eth0(1, 1, 500, UPTIME);
	assert_int_equal(RUN_F(out, "--alias", "backup"), 0);
	assert_non_null(strstr(out, "SNMP OK - eth1 up for 2h46m, ifIndex 11, alias 'backup'"));
	assert_int_equal(RUN_F(out, "--alias", "^uplink", "--regex"), 0);
	assert_non_null(strstr(out, "eth0 up"));
	assert_int_equal(RUN_F(out, "--descr", "Ethernet eth2"), 0);
	assert_non_null(strstr(out, "eth2 up"));
	assert_int_equal(RUN_F(out, "--index", "12", "-P", "1"), 0);
	assert_non_null(strstr(out, "eth2 up"));
	assert_int_equal(RUN_F(out, "-P", "1", "--name", "eth1"), 0);
	assert_non_null(strstr(out, "eth1 up"));
	assert_int_equal(RUN_F(out, "-P", "1", "--name", "eth"), 3);
	assert_non_null(strstr(out, "no ifName is 'eth' (3 interfaces seen)"));
	assert_int_equal(RUN_F(out, "--name", "eth", "--regex"), 3);
	assert_non_null(strstr(out, "SNMP UNKNOWN - 127.0.0.1: 3 interfaces match ifName 'eth', "
				    "ifIndex 10 eth0 (alias 'uplink to core'), ifIndex 11 eth1 "
				    "(alias 'backup'), ifIndex 12 eth2\n"));
	assert_int_equal(RUN_F(out, "-P", "1", "--descr", "eth[01]$", "--regex"), 3);
	assert_non_null(strstr(out, "2 interfaces match ifDescr"));
	assert_int_equal(RUN_F(out, "--index", "99"), 3);
	assert_non_null(strstr(out, "no interface with ifIndex 99 (3 interfaces seen)"));
	assert_int_equal(RUN_F(out, "-P", "1", "--index", "99"), 3);
	assert_non_null(strstr(out, "no interface with ifIndex 99 (3 interfaces seen)"));
}

/* An agent without ifXTable: name and alias cannot be matched, index and descr still can. */
static void test_no_ifxtable(void **state)
{
	const struct fif ifs[] = { { 10, 1, 2, "eth0", "", 500, 0 }, { 11, 1, 1, "eth1", "", 500, 0 } };
	char out[4096];

	(void)state;
	serve(UPTIME, ifs, 2, 0);
	assert_int_equal(RUN_F(out, "-C", "noifx", "--name", "eth0"), 3);
	assert_non_null(strstr(out, "ifXTable (ifName, ifAlias) not available on agent, 2 interfaces seen"));
	assert_int_equal(RUN_F(out, "-C", "noifx", "-P", "1", "--alias", "x"), 3);
	assert_non_null(strstr(out, "ifXTable (ifName, ifAlias) not available on agent, 2 interfaces seen"));
	assert_int_equal(RUN_F(out, "-C", "noifx", "--descr", "Ethernet eth0"), 2);
	assert_non_null(strstr(out, "SNMP CRITICAL - Ethernet eth0 down"));
	assert_int_equal(RUN_F(out, "-C", "noifx", "-P", "1", "--index", "11"), 0);
	assert_non_null(strstr(out, "SNMP OK - Ethernet eth1 up"));
	/* v1 refuses a GET with a missing ifName whole: the candidates keep their ifDescr */
	assert_int_equal(RUN_F(out, "-C", "noifx", "-P", "1", "--descr", "eth", "--regex"), 3);
	assert_non_null(strstr(out, "ifIndex 10 Ethernet eth0, ifIndex 11 Ethernet eth1"));
	assert_int_equal(RUN_F(out, "-C", "noifx", "--list"), 0);
	assert_non_null(strstr(out, "\n11       Ethernet eth1        -                        up     up              100Mbit/s\n"));
}

/* A view without the IF-MIB: UNKNOWN naming the MIB, recorded as unknown time. */
static void test_no_ifmib(void **state)
{
	static const char *const sel[][4] = {
		{ "--name", "eth0" }, { "--descr", "eth0" }, { "--index", "10" }, { "--alias", "x" },
		{ "-P", "1", "--index", "10" }, { "-P", "1", "--name", "eth0" }, { "--list" },
	};
	char out[4096], file[300];

	(void)state;
	serve_eth0(1, 1, 500, UPTIME);
	for (size_t i = 0; i < sizeof(sel) / sizeof(sel[0]); i++) {
		const char *args[12] = { "-C", "noif" };
		size_t n = 2;
		int rc;

		for (size_t k = 0; k < 4 && sel[i][k] != NULL; n++, k++)
			args[n] = sel[i][k];
		if (strcmp(args[n - 1], "--list") != 0)
			new_rrd(file, sizeof(file));
		else
			snprintf(file, sizeof(file), "%s/list.rrd", tmpdir);
		args[n++] = "--rrd";
		args[n++] = file;
		args[n] = NULL;
		rc = run_at(&forced, out, sizeof(out), args);
		if (rc != 3 || strstr(out, "SNMP UNKNOWN - 127.0.0.1: IF-MIB not available on agent") == NULL)
			fail_msg("case %zu: rc %d: %s", i, rc, out);
		if (strcmp(args[n - 3], "--list") != 0)
			assert_recorded(file, NAN, 0, 0, 0);
		else
			assert_int_equal(access(file, F_OK), -1);
	}
}

/* --list: every interface with name, alias, admin/oper and speed; ifHighSpeed wins. */
static void test_list(void **state)
{
	char out[8192], file[300];

	(void)state;
	serve_eth0(2, 2, 500, UPTIME);
	snprintf(file, sizeof(file), "%s/list.rrd", tmpdir);
	for (int v = 1; v <= 2; v++) {
		assert_int_equal(RUN_F(out, "--list", "-P", v == 1 ? "1" : "2c", "--rrd", file), 0);
		assert_string_equal(out,
			"SNMP OK - 3 interfaces on 127.0.0.1\n"
			"ifIndex  name                 alias                    admin  oper            speed\n"
			"10       eth0                 uplink to core           down   down            1Gbit/s\n"
			"11       eth1                 backup                   up     up              100Mbit/s\n"
			"12       eth2                 -                        up     up              100Mbit/s\n");
	}
	assert_int_equal(access(file, F_OK), -1);	/* an operator's tool: nothing recorded */

	/* A '|' in an alias would start perfdata in the long output: it is shown as '/'. */
	{
		const struct fif odd[] = { { 10, 1, 1, "eth0", "core|edge", 500, 0 } };

		serve(UPTIME, odd, 1, 1);
		assert_int_equal(RUN_F(out, "--list"), 0);
		assert_non_null(strstr(out, "\n10       eth0                 core/edge "));
		assert_null(strchr(out, '|'));
	}
}

/* The bytes of s as pp_table.pl's "octet" value: any byte, a line break too. */
static void put_octets(FILE *f, const char *s)
{
	for (; *s != '\0'; s++)
		fprintf(f, "%02x%s", (unsigned char)*s, s[1] != '\0' ? " " : "");
	fputc('\n', f);
}

/*
 * 1500 interfaces, more than fit in a plugin's output, the first with a line break in its
 * ifName and the second with a carriage return in its alias, as a hostile agent sends.
 */
static void serve_many(size_t n)
{
	char tmp[200];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.new", datafile);
	f = fopen(tmp, "w");
	assert_non_null(f);
	fprintf(f, ".1.3.6.1.2.1.1.3.0 timeticks %llu\n", UPTIME);
	for (size_t i = 1; i <= n; i++) {
		fprintf(f, "." IFT ".1.%zu integer %zu\n", i, i);
		fprintf(f, "." IFT ".2.%zu string Ethernet port%zu\n", i, i);
		fprintf(f, "." IFT ".5.%zu gauge 100000000\n", i);
		fprintf(f, "." IFT ".7.%zu integer 1\n", i);
		fprintf(f, "." IFT ".8.%zu integer 1\n", i);
		fprintf(f, "." IFX ".1.%zu octet ", i);
		put_octets(f, i == 1 ? "eth0\nSNMP CRITICAL - fake" : i == 2 ? "eth1" : "port");
		fprintf(f, "." IFX ".18.%zu octet ", i);
		put_octets(f, i == 2 ? "a\rb" : "x");
	}
	assert_int_equal(fclose(f), 0);
	assert_int_equal(rename(tmp, datafile), 0);
}

/*
 * --list of 1500 interfaces: all counted, as many listed as fit, the output cut after a
 * whole line, and the agent's line breaks shown as escapes instead of making lines.
 */
static void test_list_many(void **state)
{
	char out[16384], *cut, *last;
	size_t n;

	(void)state;
	serve_many(1500);
	assert_int_equal(RUN_F(out, "--list", "-t", "60"), 0);
	n = strlen(out);
	assert_true(n < 8192);
	if (strncmp(out, "SNMP OK - 1500 interfaces on 127.0.0.1, the first ", 50) != 0)
		fail_msg("%.200s", out);
	assert_non_null(strstr(out, " listed (output is limited to 8192 bytes)\n"));
	assert_non_null(strstr(out, "\n1        eth0\\x0aSNMP CRITICAL - fake "));
	assert_non_null(strstr(out, "\n2        eth1                 a\\x0db "));
	assert_null(strstr(out, "\nSNMP"));
	assert_null(strchr(out, '\r'));
	/* The last line before the marker is a whole row, as the first line says. */
	assert_string_equal(out + n - 4, "...\n");
	out[n - 4] = '\0';
	cut = strrchr(out, '\n');
	assert_non_null(cut);
	*cut = '\0';
	last = strrchr(out, '\n') + 1;
	if (strcmp(last + strlen(last) - strlen("100Mbit/s"), "100Mbit/s") != 0)
		fail_msg("cut inside a line: '%s'", last);
	serve_eth0(1, 1, 500, UPTIME);
}

/* No answer: UNKNOWN by default (the host check covers reachability), or CRITICAL. */
static void test_unreachable(void **state)
{
	char out[4096], file[300], port[16];
	char *env[] = { state_env, NULL };

	(void)state;
	snprintf(port, sizeof(port), "%d", fx_free_port());
	new_rrd(file, sizeof(file));
	char *a1[] = { plugin, "-H", "127.0.0.1", "-p", port, "-t", "0.5", "--name", "eth0",
		       "--rrd", file, NULL };
	assert_int_equal(fx_run(a1, env, out, sizeof(out)), 3);
	assert_non_null(strstr(out, "SNMP UNKNOWN - 127.0.0.1: no answer within 0.5 s"));
	assert_recorded(file, NAN, 0, 0, 0);
	new_rrd(file, sizeof(file));
	char *a2[] = { plugin, "-H", "127.0.0.1", "-p", port, "-t", "0.5", "--index", "3",
		       "--unreachable", "critical", "--rrd", file, NULL };
	assert_int_equal(fx_run(a2, env, out, sizeof(out)), 2);
	assert_non_null(strstr(out, "SNMP CRITICAL - 127.0.0.1: no answer"));
	assert_recorded(file, 0, 0, 0, 0);
	/* Scheduled downtime from the monitoring system is recorded too. */
	new_rrd(file, sizeof(file));
	serve_eth0(1, 2, 500, UPTIME);
	assert_int_equal(RUN_F(out, "--name", "eth0", "--rrd", file, "--downtime", "1"), 2);
	assert_recorded(file, 0, 0, 1, 1);
}

static void test_bad_usage(void **state)
{
	static const char *const cases[][4] = {
		{ "--bogus" }, { "-t", "1" }, { "--name", "a", "--index", "1" }, { "--index", "0" },
		{ "--index", "1x" }, { "--index", "1", "--regex" }, { "--name", "(", "--regex" },
		{ "--name", "a", "--admin-down", "maybe" }, { "--name", "a", "--dormant", "" },
		{ "--name", "a", "--testing", "down" }, { "--name", "a", "--flap", "1" },
		{ "--name", "a", "--unreachable", "ok" }, { "--name", "a", "-w", "1:12%" },
		{ "--name", "a", "extra" }, { "--name", "a", "--max-interfaces", "0" },
		{ "--name", "a", "--rrd-dir", "/tmp" }, { "--name" },
	};
	char out[16384];	/* more than the plugin may print */

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = run_at(&forced, out, sizeof(out), cases[i]);

		if (rc != 3 || strncmp(out, "SNMP UNKNOWN - ", 15) != 0 || strstr(out, "\nUsage: ") == NULL)
			fail_msg("case %zu (%s): rc %d: %s", i, cases[i][0], rc, out);
	}
	assert_int_equal(RUN_F(out, "--help"), 3);
	assert_non_null(strstr(out, "Usage: check_snmp_if -H ADDR"));
	assert_non_null(strstr(out, "recorded as scheduled\n                          downtime"));
	assert_non_null(strstr(out, "--rrdcached ADDR"));
	/* whole: plugins cut output at 8192 bytes, so a help text too long would lose this */
	assert_non_null(strstr(out, "Exit: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.\n"));
	assert_true(strlen(out) < 8192);
	assert_int_equal(RUN_F(out, "-V"), 3);
	assert_non_null(strstr(out, "check_snmp_if 0."));
}

/* -w/-c on the round-trip time of the status GET, in ms. */
static void test_thresholds(void **state)
{
	char out[4096];

	(void)state;
	serve_eth0(1, 1, 500, UPTIME);
	assert_int_equal(RUN_F(out, "--name", "eth0", "-w", "0.0001", "-c", "5000"), 1);
	assert_non_null(strstr(out, "ms;0.0001;5000;0"));
	assert_int_equal(RUN_F(out, "--name", "eth0", "-w", "5000", "-c", "0.0001"), 2);
	assert_int_equal(RUN_F(out, "--name", "eth0", "-w", "5000", "-c", "6000"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loopback),
		cmocka_unit_test(test_loopback_no_match),
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_flap),
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_no_ifxtable),
		cmocka_unit_test(test_no_ifmib),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_list_many),
		cmocka_unit_test(test_unreachable),
		cmocka_unit_test(test_bad_usage),
		cmocka_unit_test(test_thresholds),
	};
	return cmocka_run_group_tests_name("check_snmp_if", tests, setup, teardown);
}
