#include "fixture_snmpd.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "snmpx.h"

#define SNMPD "/usr/sbin/snmpd"

static const char users_conf[] =
	"rocommunity public 127.0.0.1\n"
	"createUser alice SHA \"authpass123\" AES \"privpass123\"\n"
	"createUser bob MD5 \"authpass123\" DES \"privpass123\"\n"
	"createUser carol SHA-256 \"authpass123\"\n"
	"createUser dave SHA-512 \"authpass123\" AES \"privpass123\"\n"
	"createUser erin\n"
	"createUser frank SHA-256 \"authpass123\" AES-256 \"privpass123\"\n"
	"createUser grace SHA-384 \"authpass123\" AES-192 \"privpass123\"\n"
	"rouser alice priv\nrouser bob priv\nrouser carol auth\nrouser dave priv\nrouser erin noauth\n"
	"rouser frank priv\nrouser grace priv\n"
	"sysLocation nines test rack\nsysContact nobody\n";

static int bind_free(int type, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, type, 0), got = -1;

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		got = ntohs(a.sin_port);
	close(fd);
	return got;
}

int fx_free_port(void)
{
	for (int i = 0; i < 50; i++) {
		int p = bind_free(SOCK_DGRAM, 0);

		if (p > 0 && bind_free(SOCK_STREAM, p) == p)
			return p;
	}
	return -1;
}

long fx_snmpd_uptime(const struct fx_snmpd *d, double timeout)
{
	struct snmpx_target t = SNMPX_TARGET_INIT;
	struct snmpx_session *s;
	struct snmpx_oid oid;
	struct snmpx_value v;
	enum snmpx_status st;
	char err[256];

	t.host = "127.0.0.1";
	t.port = d->port;
	t.timeout = timeout;
	t.retries = 0;
	snmpx_oid_parse("1.3.6.1.2.1.1.3.0", &oid, err, sizeof(err));
	s = snmpx_open(&t, &st, err, sizeof(err));
	if (s == NULL)
		return -1;
	st = snmpx_get(s, &oid, 1, &v, NULL, err, sizeof(err));
	snmpx_close(s);
	return st == SNMPX_OK ? (long)v.u : -1;
}

static void dump_log(const struct fx_snmpd *d)
{
	char path[300], line[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/snmpd.log", d->dir);
	if ((f = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL)
		fprintf(stderr, "snmpd: %s", line);
	fclose(f);
}

int fx_snmpd_table(char *conf, size_t len, const char *root, const char *data)
{
	const char *src = getenv("NINES_SRC");
	size_t used = strlen(conf);
	int n;

	if (src == NULL || used >= len)
		return -1;
	n = snprintf(conf + used, len - used, "pass_persist %s /usr/bin/perl %s/t/pp_table.pl %s\n",
		     root, src, data);
	return n < 0 || (size_t)n >= len - used ? -1 : 0;
}

int fx_snmpd_start(struct fx_snmpd *d, const char *extra_conf)
{
	char conf[300], log[300], pidf[300], persist[300], listen[64];
	FILE *f;

	memset(d, 0, sizeof(*d));
	snprintf(d->dir, sizeof(d->dir), "/tmp/nines-snmpd.XXXXXX");
	if (mkdtemp(d->dir) == NULL || (d->port = fx_free_port()) < 0)
		return -1;
	snprintf(d->portstr, sizeof(d->portstr), "%d", d->port);
	snprintf(conf, sizeof(conf), "%s/snmpd.conf", d->dir);
	snprintf(log, sizeof(log), "%s/snmpd.log", d->dir);
	snprintf(pidf, sizeof(pidf), "%s/snmpd.pid", d->dir);
	snprintf(persist, sizeof(persist), "%s/persist", d->dir);
	snprintf(listen, sizeof(listen), "udp:127.0.0.1:%d,tcp:127.0.0.1:%d", d->port, d->port);
	if ((f = fopen(conf, "w")) == NULL)
		return -1;
	fprintf(f, "%s%s\n", users_conf, extra_conf ? extra_conf : "");
	fclose(f);
	d->pid = fork();
	if (d->pid < 0)
		return -1;
	if (d->pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0); dup2(null, 1); dup2(null, 2);
		setenv("MIBS", "", 1);
		setenv("MIBDIRS", "/nonexistent", 1);
		setenv("SNMP_PERSISTENT_DIR", persist, 1);
		setenv("SNMPCONFPATH", d->dir, 1);
		execl(SNMPD, SNMPD, "-f", "-Lf", log, "-C", "-c", conf, "-p", pidf,
		      "--persistentDir", persist, "-I", "-smux,mteTrigger,mteTriggerConf", listen,
		      (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 100; i++) {
		int status;

		if (waitpid(d->pid, &status, WNOHANG) == d->pid) {
			d->pid = 0;
			fprintf(stderr, "snmpd exited at start-up (status %d)\n", status);
			dump_log(d);
			return -1;
		}
		if (fx_snmpd_uptime(d, 0.2) >= 0)
			return 0;
		usleep(100 * 1000);
	}
	fprintf(stderr, "snmpd did not answer within 10 s\n");
	dump_log(d);
	fx_snmpd_stop(d);
	return -1;
}

void fx_snmpd_stop(struct fx_snmpd *d)
{
	if (d->pid > 0) {
		int status;

		kill(d->pid, SIGTERM);
		for (int i = 0; i < 50 && waitpid(d->pid, &status, WNOHANG) == 0; i++)
			usleep(100 * 1000);
		if (waitpid(d->pid, &status, WNOHANG) == 0) {
			kill(d->pid, SIGKILL);
			waitpid(d->pid, &status, 0);
		}
		d->pid = 0;
	}
	fx_rmtree(d->dir);
	d->dir[0] = '\0';
}

int fx_run_plugin(const char *path, const struct fx_snmpd *d, char *const env[], char *out,
		  size_t outlen, const char *const *args)
{
	char *argv[64];
	int n = 0;

	argv[n++] = (char *)path;
	argv[n++] = "-H";
	argv[n++] = "127.0.0.1";
	argv[n++] = "-p";
	argv[n++] = (char *)d->portstr;
	for (size_t i = 0; args[i] != NULL; i++) {
		if (n == 63)
			return -1;	/* more than this caller's argv holds: not run */
		argv[n++] = (char *)args[i];
	}
	argv[n] = NULL;
	return fx_run(argv, env, out, outlen);
}
