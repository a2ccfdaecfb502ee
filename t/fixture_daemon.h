/*
 * fx_site — what the monitoring-daemon tests share: the tree installed into a DESTDIR
 * (`make install`, so the daemons read the contrib files as installed), a private snmpd
 * serving a DISMAN-PING-MIB probe (t/pp_table.pl), an SNMPv3 password file, an archive
 * directory and a port with nothing listening; and starting and stopping a daemon by pid.
 */
#ifndef FIXTURE_DAEMON_H
#define FIXTURE_DAEMON_H

#include <sys/types.h>
#include <time.h>

#include "fixture_snmpd.h"

struct fx_site {
	struct fx_snmpd agent;
	int dead_port;		/* free on 127.0.0.1 a moment ago: nothing answers there */
	char dir[64];		/* mkdtemp dir for the daemon's files */
	char dest[256];		/* DESTDIR of `make install PREFIX=/usr` */
	char plugins[320];	/* dest/usr/lib/nagios/plugins */
	char contrib[320];	/* dest/usr/share/doc/nines/contrib */
	char rrd[128];		/* dir/rrd, the archive directory */
	char authfile[128];	/* alice's v3 passwords, mode 0600 */
	char probes[128];	/* the pp_table.pl data file */
};

/* The DISMAN-PING-MIB test the agent serves: owner "nines", name "core1", 5/5, rtt 12 ms. */
#define FX_PROBE_OWNER "nines"
#define FX_PROBE_TEST "core1"

/* 0, or -1 with the reason on stderr (what was started is stopped again). */
int fx_site_start(struct fx_site *s);
void fx_site_stop(struct fx_site *s);

/* Starts argv (argv[0] a path) with stdout and stderr into logfile, in its own process
 * group; its pid, or -1. */
pid_t fx_spawn(char *const argv[], const char *logfile);

/* SIGTERM to pid, SIGKILL after grace seconds; reaps it.  Safe on pid <= 0. */
void fx_stop_pid(pid_t pid, int grace);

/*
 * Kills (by pid) what a stopped daemon left running whose command line contains marker,
 * a test's own mkdtemp path: checks still in flight when the daemon went, which it does
 * not wait for.
 */
void fx_kill_strays(const char *marker);

/* The file's last update and the value of ds in it (NaN for U); 0, or -1 (no such file). */
int fx_rrd_last(const char *path, const char *ds, time_t *when, double *value);

/* The file's step in seconds, or -1. */
long fx_rrd_step(const char *path);

#endif
