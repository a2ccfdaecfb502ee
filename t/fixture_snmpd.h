/*
 * fx_snmpd — a real snmpd for integration tests: private config on 127.0.0.1 and a free
 * port (UDP and TCP), started by the test and stopped by its pid.
 *
 * v1/v2c community "public"; v3 users (passwords "authpass123" / "privpass123"):
 *   alice   SHA     AES     authPriv        bob    MD5 DES authPriv
 *   carol   SHA-256 (none)  authNoPriv      dave   SHA-512 AES authPriv
 *   erin    (none)          noAuthNoPriv
 */
#ifndef FIXTURE_SNMPD_H
#define FIXTURE_SNMPD_H

#include <sys/types.h>

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

/* Stops it by its pid (SIGTERM, then SIGKILL after 5 s) and removes its directory. */
void fx_snmpd_stop(struct fx_snmpd *d);

/* Removes a directory tree made by a test (mkdtemp).  Safe on NULL/"". */
void fx_rmtree(const char *dir);

/* Runs argv (argv[0] a path), captures up to outlen-1 bytes of stdout+stderr, returns the exit
 * status (or -1 when it could not run or was killed).  env: extra "NAME=value" strings or NULL. */
int fx_run(char *const argv[], char *const env[], char *out, size_t outlen);

#endif
