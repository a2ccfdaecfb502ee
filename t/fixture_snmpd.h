/*
 * fx_snmpd — a real snmpd for integration tests: private config on 127.0.0.1 and a free
 * port (UDP and TCP), started by the test and stopped by its pid.
 *
 * v1/v2c community "public"; v3 users (passwords "authpass123" / "privpass123"):
 *   alice   SHA     AES     authPriv        bob    MD5 DES authPriv
 *   carol   SHA-256 (none)  authNoPriv      dave   SHA-512 AES authPriv
 *   erin    (none)          noAuthNoPriv
 *   frank   SHA-256 AES-256 authPriv        grace  SHA-384 AES-192 authPriv
 */
#ifndef FIXTURE_SNMPD_H
#define FIXTURE_SNMPD_H

#include <sys/types.h>

#include "fixture.h"

struct fx_snmpd {
	pid_t pid;
	int port;
	char dir[256];		/* mkdtemp dir holding config, log, pid file, persistent dir */
	char portstr[16];
};

/* A port on 127.0.0.1 that was free for both UDP and TCP a moment ago. */
int fx_free_port(void);

/*
 * Starts snmpd with the users above plus extra_conf lines (e.g. "pass_persist .1.3.6.1.2.1.80
 * /path/script"), waits until it answers a GET (up to 10 s).  0, or -1 with the log on stderr.
 */
int fx_snmpd_start(struct fx_snmpd *d, const char *extra_conf);

/*
 * Appends to conf (a string in a buffer of len bytes) the line that makes snmpd serve the
 * subtree root (e.g. ".1.3.6.1.2.1.80", or "-p 1 .1.3.6.1.2.1.2.2.1" to take over one of
 * its own) from the data file data through t/pp_table.pl.  0, or -1 when it does not fit.
 */
int fx_snmpd_table(char *conf, size_t len, const char *root, const char *data);

/* Stops it by its pid (SIGTERM, then SIGKILL after 5 s) and removes its directory. */
void fx_snmpd_stop(struct fx_snmpd *d);

/* The agent's sysUpTime.0 in ticks, or -1 when it does not answer within timeout seconds. */
long fx_snmpd_uptime(const struct fx_snmpd *d, double timeout);

/*
 * Runs the plugin at path with "-H 127.0.0.1 -p PORT" of d, then args (NULL-terminated), as
 * fx_run() does; -1 without running it when there are more than 58 args.
 */
int fx_run_plugin(const char *path, const struct fx_snmpd *d, char *const env[], char *out,
		  size_t outlen, const char *const *args);

#endif
