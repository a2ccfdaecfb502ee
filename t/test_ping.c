/*
 * check_snmp_ping against a real snmpd on 127.0.0.1 that serves DISMAN-PING-MIB and
 * CISCO-RTTMON-MIB rows from data files (t/pp_table.pl) the test writes: verdicts,
 * thresholds, stale results, selection by owner/name, entry and exact tag, --list, a
 * missing MIB, v1 and v3, bad options; the archive is read back after every scenario.
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
#include "snmpx.h"
#include "testrrd.h"

#define RESULTS "1.3.6.1.2.1.80.1.3.1"
#define CTL     "1.3.6.1.2.1.80.1.2.1"
#define HISTORY "1.3.6.1.2.1.80.1.4.1"
#define ADMIN   "1.3.6.1.4.1.9.9.42.1.2.1.1"
#define ECHO    "1.3.6.1.4.1.9.9.42.1.2.2.1"
#define LATEST  "1.3.6.1.4.1.9.9.42.1.2.10.1"
#define JITTER  "1.3.6.1.4.1.9.9.42.1.5.2.1"

static struct fx_snmpd agent;
static char plugin[512], tmpdir[64], disman_file[128], cisco_file[128];
static int rrd_seq;

/* ---- the agent's data ---- */

/* Replaces a data file at once (pp_table.pl re-reads it when it changes). */
static void put(const char *path, const char *text)
{
	char tmp[200];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.new", path);
	f = fopen(tmp, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(rename(tmp, path), 0);
}

static void add(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

/* An OID index of two length-prefixed strings. */
static void idx2(const char *a, const char *b, char *out, size_t len)
{
	out[0] = '\0';
	add(out, len, "%zu", strlen(a));
	for (const char *c = a; *c; c++)
		add(out, len, ".%d", *c);
	add(out, len, ".%zu", strlen(b));
	for (const char *c = b; *c; c++)
		add(out, len, ".%d", *c);
}

/* DateAndTime of t in UTC with an explicit "+0:0" zone, as hex bytes. */
static void date_hex(time_t t, char *out, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, len, "%02X %02X %02X %02X %02X %02X %02X 00 2B 00 00", (tm.tm_year + 1900) >> 8,
		 (tm.tm_year + 1900) & 0xff, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

struct dtest {
	const char *owner, *test;
	long freq, oper, min, max, avg, resp, sent;
	long good_ago;		/* seconds since pingResultsLastGoodProbe, -1 never */
	long hist_status;	/* newest history entry's status, 0 no history */
	long hist_ago;
};

static void disman_rows(char *buf, size_t len, const struct dtest *t)
{
	char i[200], d[64];

	idx2(t->owner, t->test, i, sizeof(i));
	add(buf, len, CTL ".3.%s integer 1\n" CTL ".4.%s octet C0 00 02 %02lX\n" CTL ".10.%s gauge %ld\n"
	    CTL ".16.%s objectid .1.3.6.1.2.1.80.3.1\n", i, i, t->avg & 0xff, i, t->freq, i);
	add(buf, len, RESULTS ".1.%s integer %ld\n" RESULTS ".4.%s gauge %ld\n" RESULTS ".5.%s gauge %ld\n"
	    RESULTS ".6.%s gauge %ld\n" RESULTS ".7.%s gauge %ld\n" RESULTS ".8.%s gauge %ld\n",
	    i, t->oper, i, t->min, i, t->max, i, t->avg, i, t->resp, i, t->sent);
	if (t->good_ago >= 0) {
		date_hex(time(NULL) - t->good_ago, d, sizeof(d));
		add(buf, len, RESULTS ".10.%s octet %s\n", i, d);
	} else {
		add(buf, len, RESULTS ".10.%s octet 00 00 00 00 00 00 00 00\n", i);
	}
	if (t->hist_status != 0) {
		/* An older entry that answered, then the newest one. */
		date_hex(time(NULL) - 3600, d, sizeof(d));
		add(buf, len, HISTORY ".3.%s.1 integer 1\n" HISTORY ".5.%s.1 octet %s\n", i, i, d);
		date_hex(time(NULL) - t->hist_ago, d, sizeof(d));
		add(buf, len, HISTORY ".3.%s.2 integer %ld\n" HISTORY ".5.%s.2 octet %s\n", i,
		    t->hist_status, i, d);
	}
}

static void serve_disman(const struct dtest *tests, size_t n)
{
	char buf[16384] = "";

	for (size_t i = 0; i < n; i++)
		disman_rows(buf, sizeof(buf), &tests[i]);
	put(disman_file, buf);
}

struct cop {
	long entry;
	const char *tag;
	long type, freq, sense, compl;
	long ticks_ago;		/* rttMonLatestRttOperTime = sysUpTime.0 now - this; -1: time 1 */
	long jnum, jsum, jmin, jmax, jloss_sd, jloss_ds, jmia, javg;	/* type 9 only */
};

static void serve_cisco(const struct cop *ops, size_t n)
{
	char buf[16384] = "";
	long up = fx_snmpd_uptime(&agent, 2);	/* rttMonLatestRttOperTime counts in its ticks */

	assert_true(up >= 0);

	for (size_t k = 0; k < n; k++) {
		const struct cop *c = &ops[k];
		long e = c->entry;

		add(buf, sizeof(buf), ADMIN ".3.%ld string %s\n" ADMIN ".4.%ld integer %ld\n"
		    ADMIN ".6.%ld integer %ld\n" ECHO ".2.%ld octet 0A 00 00 %02lX\n", e, c->tag, e,
		    c->type, e, c->freq, e, e);
		add(buf, sizeof(buf), LATEST ".1.%ld gauge %ld\n" LATEST ".2.%ld integer %ld\n"
		    LATEST ".5.%ld timeticks %ld\n", e, c->compl, e, c->sense, e,
		    c->ticks_ago < 0 ? 1 : up - c->ticks_ago);
		if (c->type == 9)
			add(buf, sizeof(buf), JITTER ".1.%ld gauge %ld\n" JITTER ".2.%ld gauge %ld\n"
			    JITTER ".4.%ld gauge %ld\n" JITTER ".5.%ld gauge %ld\n" JITTER ".26.%ld gauge %ld\n"
			    JITTER ".27.%ld gauge %ld\n" JITTER ".29.%ld gauge %ld\n" JITTER ".46.%ld gauge %ld\n",
			    e, c->jnum, e, c->jsum, e, c->jmin, e, c->jmax, e, c->jloss_sd, e, c->jloss_ds,
			    e, c->jmia, e, c->javg);
	}
	put(cisco_file, buf);
}

/* ---- running the plugin ---- */

static int run(char *out, size_t outlen, const char *const *args)
{
	return fx_run_plugin(plugin, &agent, NULL, out, outlen, args);
}

#define RUN(out, ...) run(out, sizeof(out), (const char *const[]){ __VA_ARGS__, NULL })

/* Runs with a fresh archive (trd_create()) and returns the end of the row its sample went to. */
static time_t run_archived(char *out, size_t outlen, int *rc, char *file, size_t filelen,
			   const char *const *args)
{
	const char *all[40];
	size_t n = 0;

	snprintf(file, filelen, "%s/s%d.rrd", tmpdir, rrd_seq++);
	all[n++] = "--rrd";
	all[n++] = file;
	for (size_t i = 0; args[i] != NULL && n < 39; i++)
		all[n++] = args[i];
	all[n] = NULL;
	trd_create(file);
	*rc = run(out, outlen, all);
	return trd_last_row(file);
}

#define RUN_RRD(out, rc, file, ...) \
	run_archived(out, sizeof(out), rc, file, sizeof(file), (const char *const[]){ __VA_ARGS__, NULL })

static void expect(const char *out, int rc, int want_rc, const char *want)
{
	if (rc != want_rc || strstr(out, want) == NULL)
		fail_msg("rc %d (want %d), want '%s' in: %s", rc, want_rc, want, out);
}

/* avail, rtt (s), loss (0..1) and warn of the row ending at t. */
static void expect_row(const char *file, time_t t, double avail, double rtt, double loss, double warn)
{
	trd_assert_value(trd_fetched(file, t, "avail"), avail);
	trd_assert_value(trd_fetched(file, t, "rtt"), rtt);
	trd_assert_value(trd_fetched(file, t, "loss"), loss);
	trd_assert_value(trd_fetched(file, t, "warn"), warn);
}

static int setup(void **state)
{
	char conf[1024];
	const char *src = getenv("NINES_SRC");

	(void)state;
	snprintf(plugin, sizeof(plugin), "%s/plugins/check_snmp_ping", getenv("NINES_BUILD"));
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/nines-ping.XXXXXX");
	if (src == NULL || mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(disman_file, sizeof(disman_file), "%s/disman.txt", tmpdir);
	snprintf(cisco_file, sizeof(cisco_file), "%s/cisco.txt", tmpdir);
	conf[0] = '\0';
	if (fx_snmpd_table(conf, sizeof(conf), ".1.3.6.1.2.1.80", disman_file) != 0 ||
	    fx_snmpd_table(conf, sizeof(conf), ".1.3.6.1.4.1.9.9.42", cisco_file) != 0)
		return -1;
	return fx_snmpd_start(&agent, conf);
}

static int teardown(void **state)
{
	(void)state;
	fx_snmpd_stop(&agent);
	fx_rmtree(tmpdir);
	return 0;
}

/* 5/5 answered, average 12 ms, last good probe 20 s ago, every 60 s. */
static const struct dtest core1 = { "nines", "core1", 60, 1, 10, 14, 12, 5, 5, 20, 0, 0 };

static void test_disman_ok(void **state)
{
	char out[4096], file[200];
	int rc;
	time_t t;

	(void)state;
	serve_disman(&core1, 1);
	t = RUN_RRD(out, &rc, file, "--owner", "nines", "--test", "core1");
	expect(out, rc, 0, "SNMP OK - 127.0.0.1 test 'nines'/'core1' to 192.0.2.12: rta 12.000 ms, 0% lost (5/5)");
	expect(out, rc, 0, "| rta=12ms;;;0 rtmin=10ms;;;0 rtmax=14ms;;;0 pl=0%;;;0;100");
	/* rtt = 12 ms / 1000 */
	expect_row(file, t, 1, 0.012, 0, 0);
}

/* RTT 12 ms, and 4 of 5 answered (20 % loss) for the loss ranges. */
static void test_disman_thresholds(void **state)
{
	static const struct { long resp; const char *opt[4]; int rc; double warn; } cases[] = {
		{ 5, { "-w", "20", "-c", "30" }, 0, 0 },
		{ 5, { "-w", "10", "-c", "30" }, 1, 1 },
		{ 5, { "-w", "10", "-c", "11" }, 2, 0 },
		{ 4, { "--loss-warning", "25", "--loss-critical", "50" }, 0, 0 },
		{ 4, { "--loss-warning", "10", "--loss-critical", "50" }, 1, 1 },
		{ 4, { "--wpl", "10", "--cpl", "15" }, 2, 0 },
	};
	char out[4096], file[200];
	int rc;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dtest d = core1;
		time_t t;

		d.resp = cases[i].resp;
		serve_disman(&d, 1);
		t = RUN_RRD(out, &rc, file, "--owner", "nines", "--test", "core1", cases[i].opt[0],
			    cases[i].opt[1], cases[i].opt[2], cases[i].opt[3]);
		if (rc != cases[i].rc)
			fail_msg("case %zu: rc %d: %s", i, rc, out);
		/* loss = 1 - 4/5 = 0.2; the probe answered, so it is up whatever the thresholds */
		expect_row(file, t, 1, 0.012, cases[i].resp == 4 ? 0.2 : 0, cases[i].warn);
	}
	assert_non_null(strstr(out, "20% lost (4/5)"));
	assert_non_null(strstr(out, "pl=20%;10;15;0;100"));
}

/* Every probe lost, with the history saying why: down. */
static void test_disman_down(void **state)
{
	static const struct { long status; const char *word; } cases[] = {
		{ 4, "target down (last probe: requestTimedOut), 100% lost" },
		{ 6, "target down (last probe: noRouteToTarget), 100% lost" },
	};
	char out[4096], file[200];
	int rc;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dtest d = core1;
		time_t t;

		d.resp = 0;
		d.good_ago = 3600;	/* old, but the history shows the test ran 10 s ago */
		d.hist_status = cases[i].status;
		d.hist_ago = 10;
		serve_disman(&d, 1);
		t = RUN_RRD(out, &rc, file, "--owner", "nines", "--test", "core1");
		expect(out, rc, 2, cases[i].word);
		assert_non_null(strstr(out, "| pl=100%;;;0;100"));
		expect_row(file, t, 0, NAN, 1, 0);
	}
	/* The prober's own trouble is not the path's: unknown, not down. */
	{
		struct dtest d = core1;
		time_t t;

		d.resp = 0;
		d.hist_status = 9;	/* maxConcurrentLimitReached */
		d.hist_ago = 10;
		serve_disman(&d, 1);
		t = RUN_RRD(out, &rc, file, "--owner", "nines", "--test", "core1");
		expect(out, rc, 3, "last probe: maxConcurrentLimitReached");
		expect_row(file, t, NAN, NAN, NAN, 0);
	}
}

static void test_disman_stale(void **state)
{
	struct dtest d = core1;
	char out[4096], file[200];
	int rc;
	time_t t;

	(void)state;
	d.good_ago = 720;	/* 12 min > 2 x 60 s */
	serve_disman(&d, 1);
	t = RUN_RRD(out, &rc, file, "--owner", "nines", "--test", "core1");
	expect(out, rc, 3, "results are 12m0");
	expect(out, rc, 3, " old, probe frequency 60s: stale");
	expect_row(file, t, NAN, NAN, NAN, 0);
	/* 20 s is fresh for a 60-s probe, stale under --max-age 10. */
	serve_disman(&core1, 1);
	t = RUN_RRD(out, &rc, file, "--owner", "nines", "--test", "core1", "--max-age", "10");
	expect(out, rc, 3, "probe frequency 60s (--max-age exceeded): stale");
	expect_row(file, t, NAN, NAN, NAN, 0);
	/* The history makes a failed test fresh or stale too. */
	d = core1;
	d.resp = 0;
	d.good_ago = -1;
	d.hist_status = 4;
	d.hist_ago = 600;
	serve_disman(&d, 1);
	assert_int_equal(RUN(out, "--owner", "nines", "--test", "core1"), 3);
	assert_non_null(strstr(out, "results are 10m00s old"));
}

/* Same owner, same test name under another owner, names that share a prefix. */
static void test_disman_select(void **state)
{
	static const struct dtest tests[] = {
		{ "nines", "core1", 60, 1, 1, 99, 12, 5, 5, 20, 0, 0 },
		{ "nines", "core10", 60, 1, 1, 99, 77, 5, 5, 20, 0, 0 },
		{ "nines2", "core1", 60, 1, 1, 99, 33, 5, 5, 20, 0, 0 },
		{ "", "x", 60, 1, 1, 99, 44, 5, 5, 20, 0, 0 },
	};
	static const struct { const char *owner, *test, *want; } cases[] = {
		{ "nines", "core1", "rta 12.000 ms" }, { "nines", "core10", "rta 77.000 ms" },
		{ "nines2", "core1", "rta 33.000 ms" }, { "", "x", "rta 44.000 ms" },
	};
	char out[4096];

	(void)state;
	serve_disman(tests, sizeof(tests) / sizeof(tests[0]));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect(out, RUN(out, "--owner", cases[i].owner, "--test", cases[i].test), 0, cases[i].want);
	expect(out, RUN(out, "--owner", "nines", "--test", "core"), 3,
	       "no test 'nines'/'core' on the agent (see --list)");
}

/* entry 3 "core" answers in 7 ms, entry 4 "core-2" in 9 ms; both ran a moment ago. */
static const struct cop core = { 3, "core", 1, 60, 1, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
static const struct cop core2 = { 4, "core-2", 1, 60, 1, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0 };

static void test_cisco_ok_and_down(void **state)
{
	struct cop c = core;
	char out[4096], file[200];
	int rc;
	time_t t;

	(void)state;
	serve_cisco(&c, 1);
	t = RUN_RRD(out, &rc, file, "--entry", "3");
	expect(out, rc, 0, "SNMP OK - 127.0.0.1 entry 3 (tag 'core') to 10.0.0.3: rta 7.000 ms, 0% lost (1/1)");
	expect(out, rc, 0, "| rta=7ms;;;0 rtmin=7ms;;;0 rtmax=7ms;;;0 pl=0%;;;0;100");
	expect_row(file, t, 1, 0.007, 0, 0);
	c.sense = 4;	/* timeout */
	serve_cisco(&c, 1);
	t = RUN_RRD(out, &rc, file, "--entry", "3");
	expect(out, rc, 2, "entry 3 (tag 'core') to 10.0.0.3: target down (sense timeout), 100% lost");
	expect_row(file, t, 0, NAN, 1, 0);
	c.sense = 0;	/* other: the operation has not run yet */
	serve_cisco(&c, 1);
	t = RUN_RRD(out, &rc, file, "--entry", "3");
	expect(out, rc, 3, "no result yet");
	expect_row(file, t, NAN, NAN, NAN, 0);
	c.sense = 1;
	serve_cisco(&c, 1);
	expect(out, RUN(out, "--entry", "3", "-w", "5", "-c", "10"), 1, "rta=7ms;5;10;0");
	expect(out, RUN(out, "--entry", "3", "-w", "5", "-c", "6"), 2, "SNMP CRITICAL - ");
	expect(out, RUN(out, "--entry", "99"), 3, "no IP SLA entry 99 on the agent (see --list)");
}

/* The TimeStamp counts in the agent's own sysUpTime, so the test waits until it is 4 s. */
static void test_cisco_stale(void **state)
{
	struct cop c = core;
	char out[4096], file[200];
	int rc;
	time_t t;

	(void)state;
	for (int i = 0; fx_snmpd_uptime(&agent, 2) < 400; i++) {
		if (i == 100)
			fail_msg("the agent's uptime did not reach 4 s in 20 s");
		usleep(200 * 1000);
	}
	c.freq = 1;		/* default max age 2 s */
	c.ticks_ago = -1;	/* ran at tick 1 of the agent's life, >= 4 s ago */
	serve_cisco(&c, 1);
	t = RUN_RRD(out, &rc, file, "--entry", "3");
	expect(out, rc, 3, "entry 3 (tag 'core') to 10.0.0.3: results are ");
	expect(out, rc, 3, " old, probe frequency 1s: stale");
	expect_row(file, t, NAN, NAN, NAN, 0);
	c.ticks_ago = 0;
	serve_cisco(&c, 1);
	expect(out, RUN(out, "--entry", "3"), 0, "SNMP OK - ");
	expect(out, RUN(out, "--entry", "3", "--max-age", "1000"), 0, "SNMP OK - ");
}

static void test_cisco_tags(void **state)
{
	struct cop ops[5] = { core2, core, core, core, core };
	char out[4096];

	(void)state;
	ops[1].entry = 3;
	ops[2].entry = 5, ops[2].tag = "core-20", ops[2].compl = 11;
	ops[3].entry = 6, ops[3].tag = "edge";
	ops[4].entry = 7, ops[4].tag = "edge";
	serve_cisco(ops, 5);
	expect(out, RUN(out, "--tag", "core"), 0, "entry 3 (tag 'core') to 10.0.0.3: rta 7.000 ms");
	expect(out, RUN(out, "--tag", "core-2"), 0, "entry 4 (tag 'core-2') to 10.0.0.4: rta 9.000 ms");
	expect(out, RUN(out, "--tag", "core-20", "-P", "1"), 0, "entry 5 (tag 'core-20') to 10.0.0.5: rta 11.000 ms");
	expect(out, RUN(out, "--tag", "edge"), 3,
	       "tag 'edge' is ambiguous: 2 operations carry it (entries 6 7); use --entry");
	expect(out, RUN(out, "--tag", "cor"), 3, "no operation tagged 'cor' on the agent (see --list)");
}

/* udp-jitter: 90 RTTs summing to 1800 ms (20 ms average), 6 + 3 lost and 1 missing. */
static void test_cisco_jitter(void **state)
{
	const struct cop j = { 8, "voice", 9, 60, 1, 21, 0, 90, 1800, 15, 40, 6, 3, 1, 3 };
	char out[4096], file[200];
	int rc;
	time_t t;

	(void)state;
	serve_cisco(&j, 1);
	t = RUN_RRD(out, &rc, file, "--entry", "8", "--loss-warning", "5");
	/* loss = (6 + 3 + 1) / (90 + 10) = 10 % */
	expect(out, rc, 1, "rta 20.000 ms, 10% lost (90/100), jitter 3.000 ms");
	expect(out, rc, 1, "| rta=20ms;;;0 rtmin=15ms;;;0 rtmax=40ms;;;0 pl=10%;5;;0;100 jitter=3ms;;;0");
	expect_row(file, t, 1, 0.020, 0.1, 1);
}

static void test_list(void **state)
{
	static const struct dtest tests[] = {
		{ "nines", "core1", 60, 1, 1, 99, 12, 5, 5, 20, 0, 0 },
		{ "juniper", "rpm-1", 60, 1, 1, 99, 13, 5, 5, 20, 0, 0 },
	};
	const struct cop ops[2] = { core, { 8, "voice", 9, 60, 1, 21, 0, 1, 1, 1, 1, 0, 0, 0, 0 } };
	static const char *const versions[][12] = {
		{ "-P", "2c" }, { "-P", "1" },
		{ "-P", "3", "-U", "alice", "-L", "authPriv", "-A", "authpass123", "-X", "privpass123" },
	};
	char out[8192];

	(void)state;
	serve_disman(tests, 2);
	serve_cisco(ops, 2);
	for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
		const char *args[16] = { "--list" };
		size_t n = 1;

		for (size_t k = 0; k < 12 && versions[i][k] != NULL; k++)
			args[n++] = versions[i][k];
		args[n] = NULL;
		expect(out, run(out, sizeof(out), args), 0,
		       "SNMP OK - 127.0.0.1: 2 DISMAN-PING-MIB tests, 2 CISCO-RTTMON-MIB operations\n");
		expect(out, 0, 0, "DISMAN-PING-MIB --owner 'juniper' --test 'rpm-1': target 192.0.2.13, type icmpEcho\n");
		expect(out, 0, 0, "DISMAN-PING-MIB --owner 'nines' --test 'core1': target 192.0.2.12, type icmpEcho\n");
		expect(out, 0, 0, "CISCO-RTTMON-MIB --entry 3 --tag 'core': target 10.0.0.3, type echo\n");
		expect(out, 0, 0, "CISCO-RTTMON-MIB --entry 8 --tag 'voice': target 10.0.0.8, type jitter\n");
	}
}

/* -P 1 (GETNEXT walks, a v1 agent failing a whole GET on one missing object) and v3. */
static void test_versions(void **state)
{
	char out[4096];

	(void)state;
	serve_disman(&core1, 1);
	serve_cisco(&core, 1);
	expect(out, RUN(out, "-P", "1", "--owner", "nines", "--test", "core1"), 0, "rta 12.000 ms");
	expect(out, RUN(out, "-P", "1", "--entry", "3"), 0, "rta 7.000 ms");
	expect(out, RUN(out, "-P", "1", "--tag", "core"), 0, "rta 7.000 ms");
	expect(out, RUN(out, "-P", "3", "-U", "alice", "-L", "authPriv", "-A", "authpass123", "-X",
			"privpass123", "--tag", "core"), 0, "rta 7.000 ms");
	expect(out, RUN(out, "-P", "1", "--entry", "9"), 3, "no IP SLA entry 9 on the agent");
}

static void test_mib_missing(void **state)
{
	char out[4096], file[200];
	int rc;
	time_t t;

	(void)state;
	put(disman_file, "");
	put(cisco_file, "");
	t = RUN_RRD(out, &rc, file, "--owner", "nines", "--test", "core1");
	expect(out, rc, 3, "SNMP UNKNOWN - 127.0.0.1: DISMAN-PING-MIB not available on agent");
	expect_row(file, t, NAN, NAN, NAN, 0);
	expect(out, RUN(out, "-P", "1", "--owner", "nines", "--test", "core1"), 3,
	       "DISMAN-PING-MIB not available on agent");
	expect(out, RUN(out, "--entry", "3"), 3, "CISCO-RTTMON-MIB not available on agent");
	expect(out, RUN(out, "--tag", "core"), 3, "CISCO-RTTMON-MIB not available on agent");
	expect(out, RUN(out, "-P", "1", "--tag", "core"), 3, "CISCO-RTTMON-MIB not available on agent");
	expect(out, RUN(out, "--list"), 3, "neither DISMAN-PING-MIB nor CISCO-RTTMON-MIB available on agent");
}

/* Nothing listens: CRITICAL for the operator, but the path's state is unknown time. */
static void test_no_answer(void **state)
{
	char out[4096], file[200], port[16];
	int rc;
	time_t t;

	(void)state;
	snprintf(port, sizeof(port), "%d", fx_free_port());
	t = RUN_RRD(out, &rc, file, "-p", port, "-t", "1", "--entry", "3");
	expect(out, rc, 2, "SNMP CRITICAL - 127.0.0.1: agent did not answer");
	expect_row(file, t, NAN, NAN, NAN, 0);
}

static void test_bad_usage(void **state)
{
	static const char *const cases[][5] = {
		{ "--bogus" }, { NULL }, { "--owner", "x" }, { "--test", "x" }, { "--entry", "0" },
		{ "--entry", "3", "--tag", "a" }, { "--list", "--entry", "3" }, { "--tag", "" },
		{ "--entry", "3", "-w", "1:12%" }, { "--entry", "3", "--max-age", "10x" },
		{ "--owner", "123456789012345678901234567890123", "--test", "x" },
		{ "--entry", "3", "-P", "4" }, { "--entry", "3", "--rrd-dir", "/tmp" },
	};
	char out[16384];	/* more than the plugin may print */

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = run(out, sizeof(out), cases[i]);

		if (rc != 3 || strncmp(out, "SNMP UNKNOWN - ", 15) != 0 || strstr(out, "\nUsage: ") == NULL)
			fail_msg("case %zu: rc %d: %s", i, rc, out);
	}
	assert_int_equal(RUN(out, "--help"), 3);
	assert_non_null(strstr(out, "Usage: check_snmp_ping -H ADDR"));
	assert_non_null(strstr(out, "Juniper RPM"));
	/* whole: plugins cut output at 8192 bytes, so a help text too long would lose this */
	assert_non_null(strstr(out, "Exit: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.\n"));
	assert_true(strlen(out) < 8192);
	assert_int_equal(RUN(out, "-V"), 3);
	assert_non_null(strstr(out, "check_snmp_ping 0."));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_disman_ok),
		cmocka_unit_test(test_disman_thresholds),
		cmocka_unit_test(test_disman_down),
		cmocka_unit_test(test_disman_stale),
		cmocka_unit_test(test_disman_select),
		cmocka_unit_test(test_cisco_ok_and_down),
		cmocka_unit_test(test_cisco_stale),
		cmocka_unit_test(test_cisco_tags),
		cmocka_unit_test(test_cisco_jitter),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_mib_missing),
		cmocka_unit_test(test_no_answer),
		cmocka_unit_test(test_bad_usage),
	};
	return cmocka_run_group_tests_name("check_snmp_ping", tests, setup, teardown);
}
