/*
 * fixture_rrdcached — a real rrdcached for tests, on a UNIX socket in the test's own
 * directory, stopped by its pid.
 *
 * The daemon runs in the foreground (-g) with base directory dir (-b, restricted to it
 * with -B, no -R: it does not create directories), writes delayed by an hour (-w 3600)
 * so that data reaches a file only through FLUSH or when the daemon stops (-F), and its
 * log in dir/rrdcached.log.  Give it files by absolute paths under dir.
 */
#ifndef FIXTURE_RRDCACHED_H
#define FIXTURE_RRDCACHED_H

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/un.h>

struct fx_rrdcached {
	pid_t pid;				/* 0 when not running */
	char dir[PATH_MAX];			/* real path of the directory given */
	char sock[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char addr[sizeof(((struct sockaddr_un *)0)->sun_path) + 8];	/* "unix:" sock */
	char tcp[32];				/* "127.0.0.1:port" when also on TCP, else "" */
	char journal[PATH_MAX];			/* -j DIR when journaled, else "" */
};

/*
 * Starts rrdcached in dir (normally a mkdtemp directory) and waits until its socket
 * accepts connections.  0, or -1 with a message (including the daemon's log).
 * Stop it with fx_rrdcached_stop().
 */
int fx_rrdcached_start(struct fx_rrdcached *d, const char *dir, char *err, size_t errlen);

/* The same, also listening on a free TCP port of 127.0.0.1 (d->tcp). */
int fx_rrdcached_start_tcp(struct fx_rrdcached *d, const char *dir, char *err, size_t errlen);

/*
 * The same with a journal in journal_dir (-j), which a restart in the same directories
 * replays: what the daemon had acknowledged but not written survives a stop, and a crash
 * up to what its buffered journal had written out.
 */
int fx_rrdcached_start_journal(struct fx_rrdcached *d, const char *dir, const char *journal_dir,
			       char *err, size_t errlen);

/* Kills the daemon by its pid with SIGKILL, as a crash or the OOM killer would; waits for it. */
void fx_rrdcached_kill(struct fx_rrdcached *d);

/*
 * Stops the daemon by its pid: SIGTERM, then SIGKILL if it has not exited after 5 s;
 * waits for it and removes its socket, pid file and log.  Files it wrote stay.
 * Returns 0 when it exited on SIGTERM; safe to call on a stopped or never started one.
 */
int fx_rrdcached_stop(struct fx_rrdcached *d);

#endif
