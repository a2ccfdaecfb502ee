#include "fixture_rrdcached.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RRDCACHED_BIN "/usr/bin/rrdcached"
#define START_WAIT_MS 5000
#define STOP_WAIT_MS 5000
#define POLL_MS 5

static const char *const aux_files[] = { "rrdcached.sock", "rrdcached.pid", "rrdcached.log" };

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static int accepts(const char *sock)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), ok;

	if (fd < 0)
		return 0;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", sock);
	ok = connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0;
	close(fd);
	return ok;
}

static int accepts_tcp(const char *hostport)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	const char *colon = strrchr(hostport, ':');
	int fd, ok;

	if (colon == NULL)
		return 1;
	sin.sin_port = htons((unsigned short)atoi(colon + 1));
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	ok = connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0;
	close(fd);
	return ok;
}

/* The end of the daemon's log, so a failed start says why. */
static void log_tail(const struct fx_rrdcached *d, char *out, size_t outlen)
{
	char path[PATH_MAX + 32];
	FILE *f;
	size_t n = 0;

	out[0] = '\0';
	snprintf(path, sizeof(path), "%s/rrdcached.log", d->dir);
	f = fopen(path, "r");
	if (f == NULL)
		return;
	n = fread(out, 1, outlen - 1, f);
	out[n] = '\0';
	fclose(f);
	for (char *p = out; *p != '\0'; p++)
		if (*p == '\n')
			*p = ' ';
}

/*
 * A port the kernel just handed out and nobody holds; another process could take it
 * before the daemon binds it, which a test then reports as a failed start.
 */
static int free_port(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), port = -1;

	if (fd >= 0 && bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sin, &len) == 0)
		port = ntohs(sin.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

static void run_daemon(const struct fx_rrdcached *d)
{
	char listen[sizeof(d->sock) + 8], pidfile[PATH_MAX + 32], logfile[PATH_MAX + 32];
	int null = open("/dev/null", O_RDONLY), log;

	snprintf(listen, sizeof(listen), "unix:%s", d->sock);
	snprintf(pidfile, sizeof(pidfile), "%s/rrdcached.pid", d->dir);
	snprintf(logfile, sizeof(logfile), "%s/rrdcached.log", d->dir);
	log = open(logfile, O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (null < 0 || log < 0 || dup2(null, 0) < 0 || dup2(log, 1) < 0 || dup2(log, 2) < 0)
		_exit(126);
	/* -f must be at least twice -w or the daemon warns on every start. */
	if (d->journal[0] != '\0')
		execl(RRDCACHED_BIN, "rrdcached", "-g", "-l", listen, "-p", pidfile, "-o", logfile,
		      "-b", d->dir, "-B", "-F", "-w", "3600", "-f", "7200", "-j", d->journal,
		      (char *)NULL);
	else if (d->tcp[0] != '\0')
		execl(RRDCACHED_BIN, "rrdcached", "-g", "-l", listen, "-l", d->tcp, "-p", pidfile,
		      "-o", logfile, "-b", d->dir, "-B", "-F", "-w", "3600", "-f", "7200",
		      (char *)NULL);
	else
		execl(RRDCACHED_BIN, "rrdcached", "-g", "-l", listen, "-p", pidfile, "-o", logfile,
		      "-b", d->dir, "-B", "-F", "-w", "3600", "-f", "7200", (char *)NULL);
	_exit(127);
}

static int set_paths(struct fx_rrdcached *d, const char *dir, char *err, size_t errlen)
{
	memset(d, 0, sizeof(*d));
	/* rrdcached refuses a base directory reached through a symbolic link. */
	if (realpath(dir, d->dir) == NULL) {
		snprintf(err, errlen, "cannot start rrdcached in '%s': %s", dir, strerror(errno));
		return -1;
	}
	if ((size_t)snprintf(d->sock, sizeof(d->sock), "%s/%s", d->dir, aux_files[0]) >=
	    sizeof(d->sock)) {
		snprintf(err, errlen, "cannot start rrdcached in '%s': path too long for a socket",
			 dir);
		return -1;
	}
	snprintf(d->addr, sizeof(d->addr), "unix:%s", d->sock);
	return 0;
}

static int start(struct fx_rrdcached *d, const char *dir, int tcp, const char *journal,
		 char *err, size_t errlen)
{
	char tail[512];
	int status, port;

	if (set_paths(d, dir, err, errlen) != 0)
		return -1;
	if (journal != NULL && realpath(journal, d->journal) == NULL) {
		snprintf(err, errlen, "cannot use journal '%s': %s", journal, strerror(errno));
		return -1;
	}
	if (tcp) {
		port = free_port();
		if (port < 0) {
			snprintf(err, errlen, "cannot start rrdcached: no free port: %s", strerror(errno));
			return -1;
		}
		snprintf(d->tcp, sizeof(d->tcp), "127.0.0.1:%d", port);
	}
	d->pid = fork();
	if (d->pid < 0) {
		d->pid = 0;
		snprintf(err, errlen, "cannot start rrdcached: fork: %s", strerror(errno));
		return -1;
	}
	if (d->pid == 0)
		run_daemon(d);
	for (int waited = 0; waited < START_WAIT_MS; waited += POLL_MS) {
		if (accepts(d->sock) && accepts_tcp(d->tcp))
			return 0;
		if (waitpid(d->pid, &status, WNOHANG) == d->pid) {
			d->pid = 0;
			log_tail(d, tail, sizeof(tail));
			snprintf(err, errlen, "cannot start rrdcached in '%s': exited: %s", d->dir, tail);
			return -1;
		}
		sleep_ms(POLL_MS);
	}
	fx_rrdcached_stop(d);
	snprintf(err, errlen, "cannot start rrdcached in '%s': socket not ready after %d ms",
		 d->dir, START_WAIT_MS);
	return -1;
}

int fx_rrdcached_start(struct fx_rrdcached *d, const char *dir, char *err, size_t errlen)
{
	return start(d, dir, 0, NULL, err, errlen);
}

int fx_rrdcached_start_journal(struct fx_rrdcached *d, const char *dir, const char *journal_dir,
			       char *err, size_t errlen)
{
	return start(d, dir, 0, journal_dir, err, errlen);
}

int fx_rrdcached_start_tcp(struct fx_rrdcached *d, const char *dir, char *err, size_t errlen)
{
	return start(d, dir, 1, NULL, err, errlen);
}

void fx_rrdcached_kill(struct fx_rrdcached *d)
{
	char path[PATH_MAX + 32];

	if (d == NULL || d->pid <= 0)
		return;
	kill(d->pid, SIGKILL);
	waitpid(d->pid, NULL, 0);
	d->pid = 0;
	for (size_t i = 0; i < sizeof(aux_files) / sizeof(aux_files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", d->dir, aux_files[i]);
		unlink(path);
	}
}

int fx_rrdcached_stop(struct fx_rrdcached *d)
{
	char path[PATH_MAX + 32];
	int status = 0, done = 0;

	if (d == NULL || d->pid <= 0)
		return 0;
	kill(d->pid, SIGTERM);
	for (int waited = 0; waited < STOP_WAIT_MS && !done; waited += POLL_MS) {
		done = waitpid(d->pid, &status, WNOHANG) == d->pid;
		if (!done)
			sleep_ms(POLL_MS);
	}
	if (!done) {
		kill(d->pid, SIGKILL);
		waitpid(d->pid, &status, 0);
	}
	d->pid = 0;
	for (size_t i = 0; i < sizeof(aux_files) / sizeof(aux_files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", d->dir, aux_files[i]);
		unlink(path);
	}
	return done && WIFEXITED(status) ? 0 : -1;
}
