#include "fixture_daemon.h"

#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <rrd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture_install.h"

#define RESULTS "1.3.6.1.2.1.80.1.3.1"
#define CTL     "1.3.6.1.2.1.80.1.2.1"

static void add(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

static int put(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	size_t n = strlen(text);

	if (fd < 0)
		return -1;
	if (write(fd, text, n) != (ssize_t)n) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/* One DISMAN-PING-MIB test that ran a moment ago: 5 of 5 answered, 10/14/12 ms, every 60 s. */
static int put_probe(const char *path)
{
	char buf[4096] = "", idx[128] = "";
	const char *const part[] = { FX_PROBE_OWNER, FX_PROBE_TEST };
	time_t now = time(NULL);
	struct tm tm;

	for (int k = 0; k < 2; k++) {
		add(idx, sizeof(idx), "%s%zu", k ? "." : "", strlen(part[k]));
		for (const char *c = part[k]; *c; c++)
			add(idx, sizeof(idx), ".%d", *c);
	}
	gmtime_r(&now, &tm);
	add(buf, sizeof(buf), CTL ".3.%s integer 1\n" CTL ".4.%s octet C0 00 02 0C\n"
	    CTL ".10.%s gauge 60\n" CTL ".16.%s objectid .1.3.6.1.2.1.80.3.1\n", idx, idx, idx, idx);
	add(buf, sizeof(buf), RESULTS ".1.%s integer 1\n" RESULTS ".4.%s gauge 10\n"
	    RESULTS ".5.%s gauge 14\n" RESULTS ".6.%s gauge 12\n" RESULTS ".7.%s gauge 5\n"
	    RESULTS ".8.%s gauge 5\n", idx, idx, idx, idx, idx, idx);
	add(buf, sizeof(buf), RESULTS ".10.%s octet %02X %02X %02X %02X %02X %02X %02X 00 2B 00 00\n",
	    idx, (tm.tm_year + 1900) >> 8, (tm.tm_year + 1900) & 0xff, tm.tm_mon + 1, tm.tm_mday,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
	return put(path, buf, 0644);
}

int fx_site_start(struct fx_site *s)
{
	char conf[512];
	const char *src = getenv("NINES_SRC");

	memset(s, 0, sizeof(*s));
	snprintf(s->dir, sizeof(s->dir), "/tmp/nines-daemon.XXXXXX");
	if (src == NULL || mkdtemp(s->dir) == NULL)
		return -1;
	/* The daemons run as root here, but their plugins must not need it. */
	chmod(s->dir, 0755);
	snprintf(s->rrd, sizeof(s->rrd), "%s/rrd", s->dir);
	snprintf(s->authfile, sizeof(s->authfile), "%s/alice.auth", s->dir);
	snprintf(s->probes, sizeof(s->probes), "%s/disman.txt", s->dir);
	if (mkdir(s->rrd, 0755) != 0 || put_probe(s->probes) != 0 ||
	    put(s->authfile, "authpass = authpass123\nprivpass = privpass123\n", 0600) != 0)
		goto fail;
	if (fx_install("/usr", s->dest, sizeof(s->dest)) != 0)
		goto fail;
	snprintf(s->plugins, sizeof(s->plugins), "%s/usr/lib/nagios/plugins", s->dest);
	snprintf(s->contrib, sizeof(s->contrib), "%s/usr/share/doc/nines/contrib", s->dest);
	conf[0] = '\0';
	if (fx_snmpd_table(conf, sizeof(conf), ".1.3.6.1.2.1.80", s->probes) != 0 ||
	    fx_snmpd_start(&s->agent, conf) != 0)
		goto fail;
	if ((s->dead_port = fx_free_port()) < 0)
		goto fail;
	return 0;
fail:
	fprintf(stderr, "cannot set up the monitored site in %s\n", s->dir);
	fx_site_stop(s);
	return -1;
}

void fx_site_stop(struct fx_site *s)
{
	fx_snmpd_stop(&s->agent);
	fx_rmtree(s->dest);
	fx_rmtree(s->dir);
	s->dest[0] = s->dir[0] = '\0';
}

pid_t fx_spawn(char *const argv[], const char *logfile)
{
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		int log = open(logfile, O_WRONLY | O_CREAT | O_APPEND, 0644);

		setpgid(0, 0);
		dup2(null, 0);
		dup2(log, 1);
		dup2(log, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

void fx_stop_pid(pid_t pid, int grace)
{
	int status;

	if (pid <= 0)
		return;
	kill(pid, SIGTERM);
	for (int i = 0; i < grace * 10; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return;
		usleep(100 * 1000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
}

int fx_rrd_last(const char *path, const char *ds, time_t *when, double *value)
{
	unsigned long n = 0;
	char **names = NULL, **vals = NULL;
	int found = -1;

	rrd_clear_error();
	if (rrd_lastupdate_r(path, when, &n, &names, &vals) != 0)
		return -1;
	for (unsigned long i = 0; i < n; i++) {
		if (strcmp(names[i], ds) == 0) {
			*value = strcmp(vals[i], "U") == 0 ? NAN : strtod(vals[i], NULL);
			found = 0;
		}
		free(names[i]);
		free(vals[i]);
	}
	free(names);
	free(vals);
	return found;
}

long fx_rrd_step(const char *path)
{
	rrd_info_t *info, *i;
	long step = -1;

	rrd_clear_error();
	if ((info = rrd_info_r(path)) == NULL)
		return -1;
	for (i = info; i != NULL; i = i->next)
		if (strcmp(i->key, "step") == 0)
			step = (long)i->value.u_cnt;
	rrd_info_free(info);
	return step;
}

void fx_kill_strays(const char *marker)
{
	DIR *proc = opendir("/proc");
	struct dirent *e;

	while (proc != NULL && (e = readdir(proc)) != NULL) {
		char path[300], cmd[4096];
		long pid = strtol(e->d_name, NULL, 10);
		ssize_t n;
		int fd;

		if (pid <= 0 || pid == (long)getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/cmdline", pid);
		if ((fd = open(path, O_RDONLY)) < 0)
			continue;
		n = read(fd, cmd, sizeof(cmd) - 1);
		close(fd);
		if (n <= 0)
			continue;
		for (ssize_t i = 0; i < n; i++)		/* the arguments, as one string */
			if (cmd[i] == '\0')
				cmd[i] = ' ';
		cmd[n] = '\0';
		if (strstr(cmd, marker) != NULL)
			kill((pid_t)pid, SIGKILL);
	}
	if (proc != NULL)
		closedir(proc);
}
