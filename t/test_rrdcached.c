/* Tests of the rrdcached client and of archive writes through a real rrdcached. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <netinet/in.h>
#include <rrd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "archive.h"
#include "fixture.h"
#include "fixture_rrdcached.h"
#include "mono.h"
#include "testrrd.h"
#include "nines.h"
#include "rrdcached.h"

/* A past time on a minute boundary, so each 60-s sample fills exactly one row. */
#define T0 ((time_t)1699999980)
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define TIMEOUT 2.0

struct env {
	char dir[PATH_MAX];
	struct fx_rrdcached d;
};

/* ---- helpers ---- */

static int group_setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	char err[NINES_ERRLEN];

	if (e == NULL)
		return -1;
	snprintf(e->dir, sizeof(e->dir), "/tmp/nines-rrdc-XXXXXX");
	if (mkdtemp(e->dir) == NULL || fx_rrdcached_start_tcp(&e->d, e->dir, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		free(e);
		return -1;
	}
	*state = e;
	return 0;
}

static int group_teardown(void **state)
{
	struct env *e = *state;
	int rc = fx_rrdcached_stop(&e->d);

	fx_rmtree(e->dir);
	free(e);
	return rc;
}

static void path_in(const char *dir, const char *name, char *out, size_t outlen)
{
	assert_true((size_t)snprintf(out, outlen, "%s/%s", dir, name) < outlen);
}

static time_t last_update(const char *path)
{
	rrd_info_t *info, *i;
	time_t t = 0;

	rrd_clear_error();
	info = rrd_info_r(path);
	assert_non_null(info);
	for (i = info; i != NULL; i = i->next)
		if (strcmp(i->key, "last_update") == 0)
			t = (time_t)i->value.u_cnt;
	rrd_info_free(info);
	return t;
}



/* One command on a new connection; returns its status, the reply text in msg. */
static int command(const char *addr, const char *line, char *msg, size_t msglen)
{
	char err[NINES_ERRLEN];
	struct rrdcached *c = rrdcached_connect(addr, TIMEOUT, err, sizeof(err));
	int rc;

	if (c == NULL)
		fail_msg("%s", err);
	rc = rrdcached_command(c, line, msg, msglen);
	rrdcached_close(c);
	return rc;
}

/* The updates the daemon holds for path, one per line. */
static void pending(const struct env *e, const char *path, char *out, size_t outlen)
{
	char line[PATH_MAX + 16];

	snprintf(line, sizeof(line), "PENDING %s", path);
	assert_true(command(e->d.addr, line, out, outlen) >= 0);
}

static struct archive_sample sample_at(time_t when, double avail, double rtt)
{
	struct archive_sample s = ARCHIVE_SAMPLE_INIT;

	s.when = when;
	s.avail = avail;
	s.rtt = rtt;
	return s;
}

/* A loopback port nobody listens on (the kernel just handed it out and it was let go). */
static int closed_port(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	close(fd);
	return ntohs(sin.sin_port);
}

/* ---- writes through the daemon ---- */

/* CREATE on first use (in a host directory made here), UPDATE queued, FLUSH writes it. */
static void test_write_create_update_flush(void **state)
{
	struct env *e = *state;
	struct archive_opts o = ARCHIVE_OPTS_INIT;
	struct archive_sample s1 = sample_at(T0 + 60, 1, 0.0000125), s2 = sample_at(T0 + 120, 0, NAN);
	char msg[NINES_ERRLEN], path[PATH_MAX], reply[1024];

	o.dir = e->d.dir;
	o.host = "core1";
	o.service = "ping";
	o.rrdcached = e->d.addr;
	s1.downtime = 1;
	s2.loss = 0.5;
	assert_int_equal(archive_write(&o, &s1, msg, sizeof(msg)), ARCHIVE_WRITTEN);
	path_in(e->d.dir, "core1/ping.rrd", path, sizeof(path));
	assert_int_equal(access(path, F_OK), 0);
	/* The daemon holds the value: the file has none yet, and the line is plain decimal. */
	assert_int_equal(last_update(path), T0 + 59);
	pending(e, path, reply, sizeof(reply));
	assert_string_equal(reply, "updates pending\n1700000040:1:0.0000125:0:1:U:60");
	assert_int_equal(archive_write(&o, &s2, msg, sizeof(msg)), ARCHIVE_WRITTEN);
	assert_int_equal(rrdcached_flush(e->d.addr, path, TIMEOUT, msg, sizeof(msg)), 0);
	assert_int_equal(last_update(path), T0 + 120);
	/* The first sample's own step precedes the history; the second's is monitored. */
	trd_assert_value(trd_fetched(path, T0 + 60, "avail"), NAN);
	trd_assert_value(trd_fetched(path, T0 + 120, ARCHIVE_MONITORED), 1);
	trd_assert_value(trd_fetched(path, T0 + 120, "cover"), 1);
	trd_assert_value(trd_fetched(path, T0 + 120, "downtime"), 0);
	trd_assert_value(trd_fetched(path, T0 + 120, "avail"), 0);
	trd_assert_value(trd_fetched(path, T0 + 120, "rtt"), NAN);
	trd_assert_value(trd_fetched(path, T0 + 120, "loss"), 0.5);
}

static void test_duplicate(void **state)
{
	static const time_t again[] = { T0 + 60, T0 + 60, T0 };	/* same second twice, older */
	struct env *e = *state;
	struct archive_opts o = ARCHIVE_OPTS_INIT;
	char msg[NINES_ERRLEN], path[PATH_MAX];

	path_in(e->d.dir, "dup.rrd", path, sizeof(path));
	o.file = path;
	o.rrdcached = e->d.addr;
	for (size_t i = 0; i < ARRAY_LEN(again); i++) {
		struct archive_sample s = sample_at(again[i], 1, 0.01);

		assert_int_equal(archive_write(&o, &s, msg, sizeof(msg)),
				 i == 0 ? ARCHIVE_WRITTEN : ARCHIVE_DUPLICATE);
		if (i > 0)
			assert_non_null(strstr(msg, "illegal attempt to update using time"));
	}
}

/* rrdcached splits commands at spaces: a path with one must still name one file. */
static void test_path_with_space(void **state)
{
	struct env *e = *state;
	struct archive_opts o = ARCHIVE_OPTS_INIT;
	struct archive_sample s = sample_at(T0 + 60, 1, 0.01);
	char msg[NINES_ERRLEN], path[PATH_MAX];

	path_in(e->d.dir, "web server.rrd", path, sizeof(path));
	o.file = path;
	o.rrdcached = e->d.addr;
	assert_int_equal(archive_write(&o, &s, msg, sizeof(msg)), ARCHIVE_WRITTEN);
	assert_int_equal(rrdcached_flush(e->d.addr, path, TIMEOUT, msg, sizeof(msg)), 0);
	assert_int_equal(last_update(path), T0 + 60);
}

/*
 * A relative --rrd names a file from the plugin's working directory, as a direct write
 * would, not from the daemon's base directory.
 */
static void test_relative_path(void **state)
{
	struct env *e = *state;
	struct archive_opts o = ARCHIVE_OPTS_INIT;
	struct archive_sample s = sample_at(T0 + 60, 1, 0.01);
	char msg[NINES_ERRLEN], path[PATH_MAX], sub[PATH_MAX], cwd[PATH_MAX];

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	path_in(e->d.dir, "sub", sub, sizeof(sub));
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(chdir(sub), 0);
	o.file = "rel.rrd";
	o.rrdcached = e->d.addr;
	assert_int_equal(archive_write(&o, &s, msg, sizeof(msg)), ARCHIVE_WRITTEN);
	assert_int_equal(chdir(cwd), 0);
	path_in(sub, "rel.rrd", path, sizeof(path));
	assert_int_equal(rrdcached_flush(e->d.addr, path, TIMEOUT, msg, sizeof(msg)), 0);
	assert_int_equal(last_update(path), T0 + 60);
	path_in(e->d.dir, "rel.rrd", path, sizeof(path));
	assert_int_equal(access(path, F_OK), -1);
}

static void test_tcp(void **state)
{
	struct env *e = *state;
	struct archive_opts o = ARCHIVE_OPTS_INIT;
	struct archive_sample s = sample_at(T0 + 60, 1, 0.01);
	char msg[NINES_ERRLEN], path[PATH_MAX], bracketed[64];
	const char *colon = strrchr(e->d.tcp, ':');

	snprintf(bracketed, sizeof(bracketed), "[127.0.0.1]%s", colon);
	assert_int_equal(command(e->d.tcp, "PING", msg, sizeof(msg)), 0);
	assert_string_equal(msg, "PONG");
	assert_int_equal(command(bracketed, "PING", msg, sizeof(msg)), 0);
	path_in(e->d.dir, "tcp.rrd", path, sizeof(path));
	o.file = path;
	o.rrdcached = e->d.tcp;
	assert_int_equal(archive_write(&o, &s, msg, sizeof(msg)), ARCHIVE_WRITTEN);
	assert_int_equal(rrdcached_flush(e->d.tcp, path, TIMEOUT, msg, sizeof(msg)), 0);
	assert_int_equal(last_update(path), T0 + 60);
}

/* Nothing listens: a clear failure at once, never a wait for the timeout. */
static void test_nothing_listens(void **state)
{
	struct env *e = *state;
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char bound[PATH_MAX], addrs[3][PATH_MAX + 16], msg[NINES_ERRLEN], path[PATH_MAX];
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	/* A socket file that was bound but never listened on refuses connections. */
	path_in(e->d.dir, "bound.sock", bound, sizeof(bound));
	assert_true((size_t)snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", bound) <
		    sizeof(sun.sun_path));
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	close(fd);
	assert_true((size_t)snprintf(addrs[0], sizeof(addrs[0]), "unix:%s/nothing.sock",
				     e->d.dir) < sizeof(addrs[0]));
	snprintf(addrs[1], sizeof(addrs[1]), "%s", bound);
	snprintf(addrs[2], sizeof(addrs[2]), "127.0.0.1:%d", closed_port());
	path_in(e->d.dir, "never.rrd", path, sizeof(path));
	for (size_t i = 0; i < ARRAY_LEN(addrs); i++) {
		struct archive_opts o = ARCHIVE_OPTS_INIT;
		struct archive_sample s = sample_at(T0 + 60, 1, 0.01);
		double t = mono_now();

		o.file = path;
		o.rrdcached = addrs[i];
		assert_int_equal(archive_write(&o, &s, msg, sizeof(msg)), ARCHIVE_FAILED);
		assert_true(mono_now() - t < 1.0);
		assert_non_null(strstr(msg, "cannot connect to rrdcached"));
		assert_non_null(strstr(msg, addrs[i]));
		assert_int_equal(rrdcached_flush(addrs[i], path, TIMEOUT, msg, sizeof(msg)), -1);
		assert_non_null(strstr(msg, "cannot connect to rrdcached"));
	}
	assert_int_equal(access(path, F_OK), -1);
	unlink(bound);
}

/* $RRDCACHED_ADDRESS when --rrdcached is not given; an empty --rrdcached writes directly. */
static void test_environment(void **state)
{
	struct env *e = *state;
	char msg[NINES_ERRLEN], path[PATH_MAX], dead[PATH_MAX + 16], reply[1024];
	struct archive_opts o = ARCHIVE_OPTS_INIT;
	struct archive_sample s = sample_at(T0 + 60, 1, 0.5);

	path_in(e->d.dir, "env.rrd", path, sizeof(path));
	o.file = path;
	assert_int_equal(setenv("RRDCACHED_ADDRESS", e->d.addr, 1), 0);
	assert_int_equal(archive_write(&o, &s, msg, sizeof(msg)), ARCHIVE_WRITTEN);
	unsetenv("RRDCACHED_ADDRESS");
	assert_int_equal(last_update(path), T0 + 59);
	pending(e, path, reply, sizeof(reply));
	assert_string_equal(reply, "updates pending\n1700000040:1:0.5:0:0:U:60");

	assert_true((size_t)snprintf(dead, sizeof(dead), "unix:%s/nothing.sock", e->d.dir) <
		    sizeof(dead));
	path_in(e->d.dir, "direct.rrd", path, sizeof(path));
	assert_int_equal(setenv("RRDCACHED_ADDRESS", dead, 1), 0);
	o.file = path;
	o.rrdcached = "";
	assert_int_equal(archive_write(&o, &s, msg, sizeof(msg)), ARCHIVE_WRITTEN);
	unsetenv("RRDCACHED_ADDRESS");
	assert_int_equal(last_update(path), T0 + 60);
}

/* ---- the protocol client ---- */

static size_t count_lines(const char *s)
{
	size_t n = 1;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

/* "N message" with N > 0 has N more lines; the next command must read its own reply. */
static void test_command_replies(void **state)
{
	struct env *e = *state;
	char err[NINES_ERRLEN], msg[4096], line[PATH_MAX + 128];
	struct rrdcached *c = rrdcached_connect(e->d.addr, TIMEOUT, err, sizeof(err));
	int rc;

	assert_non_null(c);
	rc = rrdcached_command(c, "STATS", msg, sizeof(msg));
	assert_true(rc >= 9);
	assert_int_equal(count_lines(msg), (size_t)rc + 1);
	assert_memory_equal(msg, "Statistics follow\n", 18);
	assert_non_null(strstr(msg, "\nQueueLength: "));
	assert_int_equal(rrdcached_command(c, "PING", msg, sizeof(msg)), 0);
	assert_string_equal(msg, "PONG");
	rc = rrdcached_command(c, "HELP", msg, sizeof(msg));
	assert_true(rc > 10);
	assert_int_equal(count_lines(msg), (size_t)rc + 1);
	assert_int_equal(rrdcached_command(c, "PING", msg, sizeof(msg)), 0);

	snprintf(line, sizeof(line), "UPDATE %s/missing.rrd %lld:1", e->d.dir, (long long)T0);
	assert_int_equal(rrdcached_command(c, line, msg, sizeof(msg)), -1);
	assert_memory_equal(msg, "No such file: ", 14);
	/* This error reply spans two lines under status -1. */
	snprintf(line, sizeof(line), "CREATE %s/nodir/x.rrd -s 60 -b %lld DS:a:GAUGE:120:0:1 "
		 "RRA:AVERAGE:0.5:1:10", e->d.dir, (long long)T0);
	assert_int_equal(rrdcached_command(c, line, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "No permission to recursively create"));
	assert_non_null(strstr(msg, "\nDid you pass -R"));
	assert_int_equal(rrdcached_command(c, "PING", msg, sizeof(msg)), 0);
	assert_string_equal(msg, "PONG");

	assert_int_equal(rrdcached_command(c, "PING\nPING", msg, sizeof(msg)), RRDCACHED_EIO);
	assert_non_null(strstr(msg, "line break"));
	/* A reply longer than msg is cut, and still read to its end. */
	assert_true(rrdcached_command(c, "HELP", msg, 8) > 10);
	assert_string_equal(msg, "Command");
	assert_int_equal(rrdcached_command(c, "PING", msg, sizeof(msg)), 0);
	rrdcached_close(c);
	rrdcached_close(NULL);
}

static void test_bad_addresses(void **state)
{
	static const char *const addrs[] = { "", "unix:", "127.0.0.1:", "[::1", "[::1]x", ":42217" };
	char err[NINES_ERRLEN];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(addrs); i++) {
		assert_null(rrdcached_connect(addrs[i], TIMEOUT, err, sizeof(err)));
		assert_non_null(strstr(err, "not an address"));
	}
	assert_null(rrdcached_connect(NULL, TIMEOUT, err, sizeof(err)));
}

/* A peer that accepts but never answers: the read gives up after the timeout. */
static void test_timeout(void **state)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sin);
	char addr[64], err[NINES_ERRLEN], msg[NINES_ERRLEN];
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct rrdcached *c;
	double t;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(listen(fd, 4), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	snprintf(addr, sizeof(addr), "127.0.0.1:%d", ntohs(sin.sin_port));
	c = rrdcached_connect(addr, 0.2, err, sizeof(err));
	assert_non_null(c);
	t = mono_now();
	assert_int_equal(rrdcached_command(c, "PING", msg, sizeof(msg)), RRDCACHED_EIO);
	t = mono_now() - t;
	assert_true(t >= 0.19 && t < 1.0);
	assert_non_null(strstr(msg, "no answer within 0.2 s"));
	assert_int_equal(rrdcached_command(c, "PING", msg, sizeof(msg)), RRDCACHED_EIO);
	assert_non_null(strstr(msg, "an earlier command failed"));
	rrdcached_close(c);
	close(fd);
}

static void test_flush(void **state)
{
	struct env *e = *state;
	char msg[NINES_ERRLEN], path[PATH_MAX];

	path_in(e->d.dir, "missing.rrd", path, sizeof(path));
	assert_int_equal(rrdcached_flush(e->d.addr, path, TIMEOUT, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "No such file"));
	assert_non_null(strstr(msg, "cannot flush"));
	/* A file the daemon holds nothing for is already up to date. */
	path_in(e->d.dir, "direct.rrd", path, sizeof(path));
	assert_int_equal(rrdcached_flush(e->d.addr, path, TIMEOUT, msg, sizeof(msg)), 0);
	assert_int_equal(rrdcached_flush(e->d.addr, "", TIMEOUT, msg, sizeof(msg)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_create_update_flush),
		cmocka_unit_test(test_duplicate),
		cmocka_unit_test(test_path_with_space),
		cmocka_unit_test(test_relative_path),
		cmocka_unit_test(test_tcp),
		cmocka_unit_test(test_nothing_listens),
		cmocka_unit_test(test_environment),
		cmocka_unit_test(test_command_replies),
		cmocka_unit_test(test_bad_addresses),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_flush),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
