/*
 * check_snmp_avail against a real snmpd on 127.0.0.1: versions and security levels,
 * wrong credentials, a closed port, thresholds, restarts, the archive written directly
 * and through a real rrdcached, and 20 runs in parallel on one archive.
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
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <limits.h>
#include <unistd.h>

#include "fixture_rrdcached.h"
#include "fixture_snmpd.h"
#include "mono.h"
#include "rrdcached.h"
#include "state.h"

static struct fx_snmpd agent;
static char plugin[512], tmpdir[64], statedir[600], state_env[700];

/* Runs the plugin at the agent with args (NULL-terminated). */
static int run(char *out, size_t outlen, const char *const *args)
{
	char *env[] = { state_env, NULL };

	return fx_run_plugin(plugin, &agent, env, out, outlen, args);
}

#define RUN(out, ...) run(out, sizeof(out), (const char *const[]){ __VA_ARGS__, NULL })

static int setup(void **state)
{
	(void)state;
	snprintf(plugin, sizeof(plugin), "%s/plugins/check_snmp_avail", getenv("NINES_BUILD"));
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/nines-avail.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(statedir, sizeof(statedir), "%s/state", tmpdir);
	snprintf(state_env, sizeof(state_env), "NINES_STATE_DIR=%s", statedir);
	return fx_snmpd_start(&agent, NULL);
}

static int teardown(void **state)
{
	(void)state;
	fx_snmpd_stop(&agent);
	fx_rmtree(tmpdir);
	return 0;
}

/* Every version and security level the agent offers answers OK. */
static void test_versions(void **state)
{
	static const char *const cases[][12] = {
		{ "-P", "2c", "-C", "public" },
		{ "-P", "1" },
		{ "--tcp" },
		{ "-P", "3", "-U", "alice", "-L", "authPriv", "-a", "SHA", "-A", "authpass123", "-x", "AES" },
		{ "-P", "3", "-U", "bob", "-L", "authPriv", "-a", "MD5", "-A", "authpass123", "-x", "DES" },
		{ "-P", "3", "-U", "carol", "-L", "authNoPriv", "-a", "SHA-256", "-A", "authpass123" },
		{ "-P", "3", "-U", "dave", "-L", "authPriv", "-a", "SHA-512", "-A", "authpass123", "-x", "AES" },
		{ "-P", "3", "-U", "erin", "-L", "noAuthNoPriv" },
		{ "-P", "3", "-U", "frank", "-L", "authPriv", "-a", "SHA-256", "-A", "authpass123", "-x", "AES-256" },
		{ "-P", "3", "-U", "grace", "-L", "authPriv", "-a", "SHA-384", "-A", "authpass123", "-x", "AES-192" },
	};
	char out[4096];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *args[16];
		size_t n = 0;

		for (; n < 12 && cases[i][n] != NULL; n++)
			args[n] = cases[i][n];
		/* authPriv users take the priv password from the environment-free -X. */
		if (n > 6 && strcmp(args[5], "authPriv") == 0) {
			args[n++] = "-X";
			args[n++] = "privpass123";
		}
		args[n] = NULL;
		int rc = run(out, sizeof(out), args);
		if (rc != 0 || strncmp(out, "SNMP OK - 127.0.0.1 answered 1/1 GET, rta ", 42) != 0)
			fail_msg("case %zu (%s %s): rc %d: %s", i, args[0], args[1] ? args[1] : "", rc, out);
		assert_non_null(strstr(out, "| rta="));
		assert_non_null(strstr(out, "ms;;;0 rtmin="));
		assert_non_null(strstr(out, " pl=0%;;;0;100 uptime="));
	}
}

/* v3 secrets from a file or the environment, never only argv. */
static void test_v3_secrets(void **state)
{
	char out[4096], file[700], envs[2][64];
	char *env[] = { envs[0], envs[1], state_env, NULL };
	const char *const args[] = { "-P", "3", "-U", "alice", "-L", "authPriv", NULL };
	FILE *f;

	(void)state;
	snprintf(file, sizeof(file), "%s/secrets", tmpdir);
	f = fopen(file, "w");
	assert_non_null(f);
	fprintf(f, "# v3 secrets\nauthpass = authpass123\nprivpass = privpass123\n");
	fclose(f);
	assert_int_equal(RUN(out, "-P", "3", "-U", "alice", "-L", "authPriv", "--authfile", file), 0);
	snprintf(envs[0], sizeof(envs[0]), "NINES_SNMP_AUTHPASS=authpass123");
	snprintf(envs[1], sizeof(envs[1]), "NINES_SNMP_PRIVPASS=privpass123");
	assert_int_equal(fx_run_plugin(plugin, &agent, env, out, sizeof(out), args), 0);
	assert_int_equal(RUN(out, "-P", "3", "-U", "alice", "-L", "authPriv", "--authfile", "/nonexistent"), 3);
	assert_non_null(strstr(out, "cannot read '/nonexistent'"));
}

/* Wrong credentials: the community looks like silence, the v3 password is refused. */
static void test_wrong_credentials(void **state)
{
	char out[4096];
	double t0 = mono_now();

	(void)state;
	assert_int_equal(RUN(out, "-C", "wrong", "-t", "1"), 2);
	assert_true(mono_now() - t0 < 2.5);
	assert_non_null(strstr(out, "SNMP CRITICAL - 127.0.0.1: no answer to 1 GET within 1 s"));
	assert_int_equal(RUN(out, "-P", "3", "-U", "alice", "-L", "authPriv", "-A", "wrongpass123",
			     "-X", "privpass123", "-t", "2"), 3);
	assert_non_null(strstr(out, "SNMP UNKNOWN - 127.0.0.1: SNMPv3 authentication failed"));
	assert_int_equal(RUN(out, "-P", "3", "-U", "mallory", "-L", "authPriv", "-A", "authpass123",
			     "-X", "privpass123", "-t", "2"), 3);
	assert_non_null(strstr(out, "Unknown user name"));
}

/* Nothing listens: CRITICAL within -t, for UDP and TCP. */
static void test_closed_port(void **state)
{
	char out[4096], port[16];
	char *argv_udp[] = { plugin, "-H", "127.0.0.1", "-p", port, "-t", "1", NULL };
	char *argv_tcp[] = { plugin, "-H", "127.0.0.1", "-p", port, "-t", "1", "--tcp", NULL };
	char *env[] = { state_env, NULL };
	double t0;

	(void)state;
	snprintf(port, sizeof(port), "%d", fx_free_port());
	t0 = mono_now();
	assert_int_equal(fx_run(argv_udp, env, out, sizeof(out)), 2);
	assert_true(mono_now() - t0 < 2.0);
	assert_non_null(strstr(out, "SNMP CRITICAL - 127.0.0.1: no answer"));
	assert_non_null(strstr(out, "| pl=100%"));
	t0 = mono_now();
	assert_int_equal(fx_run(argv_tcp, env, out, sizeof(out)), 2);
	assert_true(mono_now() - t0 < 2.0);
}

static void test_thresholds(void **state)
{
	static const struct { const char *w, *c; int rc; const char *word; } cases[] = {
		{ "1000", "2000", 0, "OK" },
		{ "0.0001", "2000", 1, "WARNING" },
		{ "1000", "0.0001", 2, "CRITICAL" },
		{ "0.0001", "0.0001", 2, "CRITICAL" },
		{ "@0:1000", "2000", 1, "WARNING" },
	};
	char out[4096], want[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = RUN(out, "-n", "3", "-w", cases[i].w, "-c", cases[i].c);

		snprintf(want, sizeof(want), "SNMP %s - 127.0.0.1 answered 3/3 GETs", cases[i].word);
		if (rc != cases[i].rc || strncmp(out, want, strlen(want)) != 0)
			fail_msg("-w %s -c %s: rc %d: %s", cases[i].w, cases[i].c, rc, out);
		snprintf(want, sizeof(want), "ms;%s;%s;0 ", cases[i].w, cases[i].c);
		assert_non_null(strstr(out, want));
	}
}

static void test_bad_usage(void **state)
{
	static const struct {
		const char *args[3];
		const char *say;	/* what the status line must say after "SNMP UNKNOWN - " */
	} cases[] = {
		{ { "-w", "1:12%" }, "bad range '1:12%': junk '%' after the number" },
		{ { "-n", "0" }, "'0' is out of range (1 to 20)" },
		{ { "-n", "21" }, "'21' is out of range (1 to 20)" },
		{ { "-o", "sysUpTime.0" }, "bad OID 'sysUpTime.0': numeric OIDs only" },
		{ { "--bogus" }, "bad option '--bogus'" },
		{ { "-P", "4" }, "SNMP version '4'" },
		{ { "-t", "0" }, "'0' is out of range" },
		{ { "--rrd-dir", "/tmp" }, "--rrd-dir needs --host-name and --service" },
		{ { "-P", "3" }, "needs a user name" },
		{ { "--step", "60s" }, "invalid --step: '60s' is not a whole number" },
		{ { "--state-dir", "state" }, "invalid --state-dir 'state': not an absolute path" },
	};
	char out[4096];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = run(out, sizeof(out), cases[i].args);
		const char *nl = strchr(out, '\n');

		if (rc != 3 || strncmp(out, "SNMP UNKNOWN - ", 15) != 0 || nl == NULL ||
		    strstr(out, cases[i].say) == NULL || strstr(out, cases[i].say) > nl ||
		    strncmp(nl, "\nUsage: check_snmp_avail -H ADDR", 32) != 0)
			fail_msg("%s: rc %d: %s", cases[i].args[0], rc, out);
	}
	assert_int_equal(RUN(out, "--help"), 3);
	assert_non_null(strstr(out, "Usage: check_snmp_avail -H ADDR"));
	assert_non_null(strstr(out, "--rrdcached ADDR"));
	assert_int_equal(RUN(out, "-V"), 3);
	assert_non_null(strstr(out, "check_snmp_avail 0."));
}

static void test_nosuch_and_oid(void **state)
{
	char out[4096];

	(void)state;
	assert_int_equal(RUN(out, "-o", "1.3.6.1.2.1.1.99.0"), 3);
	assert_non_null(strstr(out, "does not exist on the agent (noSuchObject)"));
	assert_int_equal(RUN(out, "-o", ".1.3.6.1.2.1.1.5.0"), 0);
	assert_non_null(strstr(out, "uptime="));	/* sysUpTime rides along in the same GET */
	assert_int_equal(RUN(out, "-P", "1", "-o", "1.3.6.1.2.1.1.99.0"), 3);
}

/* A restart: uptime below the window, or lower than the last run said it would be. */
static void test_restart(void **state)
{
	char out[4096], key[64], val[64], err[512];

	(void)state;
	assert_int_equal(RUN(out, "--reboot-window", "30d"), 1);
	assert_non_null(strstr(out, "agent restarted"));
	assert_int_equal(RUN(out, "--reboot-window", "30d", "--reboot-state", "critical"), 2);
	assert_int_equal(RUN(out, "--reboot-window", "30d", "--reboot-state", "ok"), 0);
	assert_int_equal(RUN(out, "-t", "5"), 0);
	assert_non_null(strstr(out, ", uptime "));
	/* The previous run saw 100 days of uptime a minute ago: now it is minutes. */
	snprintf(key, sizeof(key), "uptime-127.0.0.1-%s", agent.portstr);
	snprintf(val, sizeof(val), "%lld 8640000.00", (long long)time(NULL) - 60);
	setenv("NINES_STATE_DIR", statedir, 1);
	assert_int_equal(state_save(key, val, err, sizeof(err)), 0);
	unsetenv("NINES_STATE_DIR");
	assert_int_equal(RUN(out, "-t", "5"), 1);
	assert_non_null(strstr(out, "agent restarted"));
	assert_int_equal(RUN(out, "-t", "5"), 0);		/* remembered: said once */
	assert_null(strstr(out, "state not kept"));
}

/* Plants, in dir, the record of a run that saw 100 days of uptime a minute ago. */
static void plant_restart(const char *dir, char *path, size_t len)
{
	char key[64], val[64], err[512];

	snprintf(key, sizeof(key), "uptime-127.0.0.1-%s", agent.portstr);
	snprintf(val, sizeof(val), "%lld 8640000.00", (long long)time(NULL) - 60);
	snprintf(path, len, "%s/%s", dir, key);
	(void)unlink(path);
	setenv("NINES_STATE_DIR", dir, 1);
	if (state_save(key, val, err, sizeof(err)) != 0)
		fail_msg("cannot plant: %s", err);
	unsetenv("NINES_STATE_DIR");
}

/*
 * State another user could have written is not believed: no false restart, and a line
 * says why the state was not kept.  --state-dir picks the directory; a directory that
 * cannot be made is said too.
 */
static void test_state_trust(void **state)
{
	char out[4096], dir[300], path[400], arg[400], env[400];
	char *env_bad[] = { env, NULL };

	(void)state;
	snprintf(dir, sizeof(dir), "%s/trust", tmpdir);
	/* A record of another user (as if planted through a shared directory). */
	plant_restart(dir, path, sizeof(path));
	assert_int_equal(chown(path, 65534, 65534), 0);
	snprintf(arg, sizeof(arg), "%s", dir);
	assert_int_equal(RUN(out, "-t", "5", "--state-dir", arg), 0);
	assert_null(strstr(out, "agent restarted"));
	assert_non_null(strstr(out, "\nstate not kept: ignored record '"));
	assert_non_null(strstr(out, "belongs to uid 65534"));
	/* A world-writable directory, with a record of ours in it. */
	plant_restart(dir, path, sizeof(path));
	assert_int_equal(chmod(dir, 0777), 0);
	assert_int_equal(RUN(out, "-t", "5", "--state-dir", arg), 0);
	assert_null(strstr(out, "agent restarted"));
	assert_non_null(strstr(out, "\nstate not kept: directory '"));
	assert_non_null(strstr(out, "is writable by others (mode 0777)"));
	assert_int_equal(chmod(dir, 0700), 0);
	/* The same record, now trusted: --state-dir is where the plugin looks. */
	assert_int_equal(RUN(out, "-t", "5", "--state-dir", arg), 1);
	assert_non_null(strstr(out, "agent restarted"));
	assert_null(strstr(out, "state not kept"));
	/* Nowhere to keep it: said, not silently skipped; the check itself is fine. */
	snprintf(env, sizeof(env), "NINES_STATE_DIR=/dev/null/state");
	assert_int_equal(fx_run_plugin(plugin, &agent, env_bad, out, sizeof(out),
				       (const char *const[]){ "-t", "5", NULL }), 0);
	assert_non_null(strstr(out, "\nstate not kept: cannot use '/dev/null/state': Not a directory"));
	assert_int_equal(RUN(out, "--state-dir", "relative"), 3);
	assert_non_null(strstr(out, "invalid --state-dir 'relative': not an absolute path"));
}

/* The last sample of an archive as "rrdtool lastupdate" prints it. */
static void lastupdate(const char *file, char *out, size_t len)
{
	char *argv[] = { "/usr/bin/rrdtool", "lastupdate", (char *)file, NULL };

	assert_int_equal(fx_run(argv, NULL, out, len), 0);
}

static void test_archive_direct(void **state)
{
	char out[4096], dir[200], file[400], lu[1024], port[16];
	char *argv_down[] = { plugin, "-H", "127.0.0.1", "-p", port, "-t", "0.5", "--rrd", file, NULL };
	double avail, rtt, warn, down, loss, cover;
	long long ts;
	struct stat st;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/rrd", tmpdir);
	/* A mistyped --rrd-dir is not made up: the run says so and ends UNKNOWN. */
	assert_int_equal(RUN(out, "--rrd-dir", dir, "--host-name", "core 1", "--service", "snmp/avail"), 3);
	assert_non_null(strstr(out, "archive not written"));
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(RUN(out, "--rrd-dir", dir, "--host-name", "core 1", "--service", "snmp/avail",
			     "-w", "0.0001"), 1);
	snprintf(file, sizeof(file), "%s/core%%201/snmp%%2Favail.rrd", dir);
	assert_int_equal(stat(file, &st), 0);
	lastupdate(file, lu, sizeof(lu));
	assert_non_null(strstr(lu, " avail rtt warn downtime loss cover"));
	assert_int_equal(sscanf(strstr(lu, "\n\n") + 2, "%lld: %lf %lf %lf %lf %lf %lf", &ts, &avail,
				&rtt, &warn, &down, &loss, &cover), 7);
	assert_true(avail == 1 && rtt > 0 && rtt < 0.5 && warn == 1 && down == 0 && loss == 0);
	assert_true(llabs(ts - (long long)time(NULL)) <= 2);

	/* A check in scheduled downtime against a dead port: down, and flagged. */
	snprintf(file, sizeof(file), "%s/dead.rrd", dir);
	snprintf(port, sizeof(port), "%d", fx_free_port());
	char *argv_dt[] = { plugin, "-H", "127.0.0.1", "-p", port, "-t", "0.5", "--rrd", file,
			    "--downtime", "1", NULL };
	assert_int_equal(fx_run(argv_dt, NULL, out, sizeof(out)), 2);
	lastupdate(file, lu, sizeof(lu));
	assert_non_null(strstr(lu, ": 0 U 0 1 1 "));
	(void)argv_down;

	/* A plugin failure (auth) is unknown time, never down. */
	snprintf(file, sizeof(file), "%s/auth.rrd", dir);
	assert_int_equal(RUN(out, "-P", "3", "-U", "alice", "-L", "authPriv", "-A", "wrongpass123",
			     "-X", "privpass123", "--rrd", file), 3);
	lastupdate(file, lu, sizeof(lu));
	assert_non_null(strstr(lu, ": U U 0 0 U "));
}

/*
 * A wrong v3 privacy password or protocol: the agent answers engine discovery, then drops
 * the request it cannot decrypt.  It is alive: UNKNOWN with a hint, never recorded as down.
 */
static void test_wrong_privacy(void **state)
{
	char out[4096], file[400], lu[1024];
	static const char *const wrong[][2] = {
		{ "-X", "wrongpriv123" },	/* alice's protocol is AES */
		{ "-x", "DES" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
		snprintf(file, sizeof(file), "%s/priv%zu.rrd", tmpdir, i);
		assert_int_equal(RUN(out, "-P", "3", "-U", "alice", "-L", "authPriv", "-A", "authpass123",
				     "-X", "privpass123", wrong[i][0], wrong[i][1], "-t", "2",
				     "--no-key-cache", "--rrd", file), 3);
		assert_non_null(strstr(out, "SNMP UNKNOWN - 127.0.0.1: "));
		assert_non_null(strstr(out, "privacy password or protocol"));
		lastupdate(file, lu, sizeof(lu));
		assert_non_null(strstr(lu, ": U U "));
	}
}

/* v3 against a silent agent waits for all of -t, as the text says, discovery included. */
static void test_v3_silent_whole_timeout(void **state)
{
	char out[4096], port[16];
	char *argv[] = { plugin, "-H", "127.0.0.1", "-p", port, "-t", "2", "-P", "3", "-U", "alice",
			 "-L", "authPriv", "-A", "authpass123", "-X", "privpass123", NULL };
	char *env[] = { state_env, NULL };
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t salen = sizeof(sa);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	double t0, took;

	(void)state;
	/* A bound socket that never answers: the requests are delivered and ignored. */
	assert_true(fd >= 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &salen), 0);
	snprintf(port, sizeof(port), "%d", ntohs(sa.sin_port));
	t0 = mono_now();
	assert_int_equal(fx_run(argv, env, out, sizeof(out)), 2);
	took = mono_now() - t0;
	close(fd);
	assert_non_null(strstr(out, "SNMP CRITICAL - 127.0.0.1: no answer to 1 GET within 2 s"));
	if (took < 1.8 || took > 3.5)
		fail_msg("a silent agent with -t 2 took %.2f s", took);
}

/*
 * The first run starts the archive's history: it makes nothing before it monitored (the
 * file starts a second before the sample), so no row "rrdtool fetch" returns is known yet.
 */
static void test_archive_fetch(void **state)
{
	char out[4096], file[400], fetched[8192], start[32];
	char *argv[] = { "/usr/bin/rrdtool", "fetch", file, "AVERAGE", "-r", "10", "-s", start,
			 "-e", "now", NULL };
	time_t before = time(NULL);

	(void)state;
	snprintf(file, sizeof(file), "%s/fetch.rrd", tmpdir);
	assert_int_equal(RUN(out, "--rrd", file, "--step", "10"), 0);
	snprintf(start, sizeof(start), "%lld", (long long)before - 60);
	assert_int_equal(fx_run(argv, NULL, fetched, sizeof(fetched)), 0);
	if (strstr(fetched, "avail") == NULL || strstr(fetched, "e+00 ") != NULL ||
	    strstr(fetched, "e-") != NULL)
		fail_msg("expected only unknown rows in:\n%s", fetched);
}

/* A file that is not ours: the check state stands, the run says so and ends UNKNOWN. */
static void test_archive_unwritable(void **state)
{
	char out[4096], file[400];
	FILE *f;

	(void)state;
	snprintf(file, sizeof(file), "%s/garbage.rrd", tmpdir);
	f = fopen(file, "w");
	assert_non_null(f);
	fputs("not an rrd\n", f);
	fclose(f);
	assert_int_equal(RUN(out, "--rrd", file), 3);
	assert_non_null(strstr(out, "SNMP UNKNOWN - 127.0.0.1 answered 1/1 GET"));
	assert_non_null(strstr(out, "archive not written"));
	/* ... but never hides a problem state. */
	assert_int_equal(RUN(out, "--rrd", file, "-c", "0.0001"), 2);
	assert_non_null(strstr(out, "archive not written"));
}

/* Starts a daemon in its own directory under tmpdir; files go below that directory. */
static void cached_start(struct fx_rrdcached *d, const char *name)
{
	char dir[300], err[1024];

	snprintf(dir, sizeof(dir), "%s/%s", tmpdir, name);
	assert_int_equal(mkdir(dir, 0700), 0);
	if (fx_rrdcached_start(d, dir, err, sizeof(err)) != 0)
		fail_msg("rrdcached: %s", err);
}

static void test_archive_rrdcached(void **state)
{
	struct fx_rrdcached d;
	char out[4096], file[PATH_MAX + 32], lu[1024], reply[1024];
	char *flush_argv[] = { "/usr/bin/rrdtool", "flushcached", "--daemon", d.addr, file, NULL };

	(void)state;
	cached_start(&d, "cached");
	snprintf(file, sizeof(file), "%s/cached.rrd", d.dir);
	assert_int_equal(RUN(out, "--rrd", file, "--rrdcached", d.addr), 0);
	assert_null(strstr(out, "archive"));
	/* The daemon holds the sample until it is flushed (it writes hourly here). */
	assert_int_equal(fx_run(flush_argv, NULL, reply, sizeof(reply)), 0);
	lastupdate(file, lu, sizeof(lu));
	assert_non_null(strstr(lu, ": 1 0."));
	assert_int_equal(fx_rrdcached_stop(&d), 0);
}

/* How many updates rrdcached holds for file, not yet written to it. */
static int pending_updates(const char *addr, const char *file)
{
	char reply[65536], err[256], line[PATH_MAX + 16];
	struct rrdcached *c = rrdcached_connect(addr, 5, err, sizeof(err));
	int n = 0;

	if (c == NULL)
		fail_msg("%s", err);
	snprintf(line, sizeof(line), "PENDING %s", file);
	if (rrdcached_command(c, line, reply, sizeof(reply)) < 0)
		fail_msg("PENDING: %s", reply);
	rrdcached_close(c);
	for (const char *p = reply; (p = strchr(p, '\n')) != NULL; p++)
		n++;
	return n;
}

/*
 * 20 checks at once on one archive, against a live agent: every one is OK, each either
 * wrote its sample or found one for the same second already there (said in its output),
 * and what the writers reported written is what landed.  Returns how many wrote.
 */
static int parallel_runs(const char *file, const char *rrdcached)
{
	char info[65536], lu[1024];
	char *info_argv[] = { "/usr/bin/rrdtool", "info", (char *)file, NULL };
	long long t0 = (long long)time(NULL), last;
	pid_t pids[20];
	int wrote = 0;

	for (int i = 0; i < 20; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			char out[4096];
			int rc = rrdcached ? RUN(out, "--rrd", file, "--rrdcached", rrdcached)
					   : RUN(out, "--rrd", file);
			int dup = strstr(out, "\narchive: ") != NULL &&
				  strstr(out, "illegal attempt to update using time") != NULL;

			if (rc != 0 || strncmp(out, "SNMP OK - 127.0.0.1 answered 1/1 GET", 36) != 0 ||
			    (!dup && strstr(out, "archive") != NULL)) {
				fprintf(stderr, "parallel run %d: rc %d: %s", i, rc, out);
				_exit(2);
			}
			_exit(dup);
		}
	}
	for (int i = 0; i < 20; i++) {
		int status;

		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) <= 1);
		wrote += WEXITSTATUS(status) == 0;
	}
	/*
	 * What landed: rrdcached lists the updates it holds; a file written directly has one
	 * sample a second at most, the last of them no older than the runs.
	 */
	assert_true(wrote >= 1 && wrote <= 20);
	if (rrdcached != NULL) {
		assert_int_equal(pending_updates(rrdcached, file), wrote);
	} else {
		lastupdate(file, lu, sizeof(lu));
		assert_int_equal(sscanf(strstr(lu, "\n\n") + 2, "%lld:", &last), 1);
		assert_true(last >= t0 && last <= (long long)time(NULL));
		assert_true(wrote <= (long long)time(NULL) - t0 + 1);
	}
	assert_int_equal(fx_run(info_argv, NULL, info, sizeof(info)), 0);
	assert_non_null(strstr(info, "ds[avail].type = \"GAUGE\""));
	return wrote;
}

static void test_parallel(void **state)
{
	struct fx_rrdcached d;
	char file[PATH_MAX + 32], reply[256];

	(void)state;
	snprintf(file, sizeof(file), "%s/parallel.rrd", tmpdir);
	parallel_runs(file, NULL);
	cached_start(&d, "parallel");
	snprintf(file, sizeof(file), "%s/parallel-cached.rrd", d.dir);
	parallel_runs(file, d.addr);
	assert_int_equal(rrdcached_flush(d.addr, file, 5, reply, sizeof(reply)), 0);
	assert_int_equal(fx_rrdcached_stop(&d), 0);
	parallel_runs(file, NULL);	/* what the daemon wrote is a sound archive */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_v3_secrets),
		cmocka_unit_test(test_wrong_credentials),
		cmocka_unit_test(test_wrong_privacy),
		cmocka_unit_test(test_v3_silent_whole_timeout),
		cmocka_unit_test(test_closed_port),
		cmocka_unit_test(test_thresholds),
		cmocka_unit_test(test_bad_usage),
		cmocka_unit_test(test_nosuch_and_oid),
		cmocka_unit_test(test_restart),
		cmocka_unit_test(test_state_trust),
		cmocka_unit_test(test_archive_direct),
		cmocka_unit_test(test_archive_fetch),
		cmocka_unit_test(test_archive_unwritable),
		cmocka_unit_test(test_archive_rrdcached),
		cmocka_unit_test(test_parallel),
	};
	return cmocka_run_group_tests_name("check_snmp_avail", tests, setup, teardown);
}
