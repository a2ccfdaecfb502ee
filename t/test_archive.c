/* Tests of archive: names, paths, options, the layout, and direct writes to real RRD files. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <rrd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "archive.h"
#include "fixture.h"
#include "mono.h"
#include "testrrd.h"
#include "nines.h"
#include "rrdcached.h"

/* A past time on a minute boundary, so each 60-s sample fills exactly one row. */
#define T0 ((time_t)1699999980)
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ---- */

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static const rrd_info_t *info_find(const rrd_info_t *i, const char *key)
{
	for (; i != NULL; i = i->next)
		if (strcmp(i->key, key) == 0)
			return i;
	fail_msg("rrd info has no key '%s'", key);
	return NULL;
}

static unsigned long info_cnt(const rrd_info_t *i, const char *key)
{
	i = info_find(i, key);
	assert_int_equal(i->type, RD_I_CNT);
	return i->value.u_cnt;
}

static size_t info_count(const rrd_info_t *i, const char *prefix, const char *suffix)
{
	size_t n = 0, pl = strlen(prefix), sl = strlen(suffix);

	for (; i != NULL; i = i->next) {
		size_t kl = strlen(i->key);

		n += strncmp(i->key, prefix, pl) == 0 && kl > sl && strcmp(i->key + kl - sl, suffix) == 0;
	}
	return n;
}

static time_t last_update(const char *path)
{
	rrd_info_t *info;
	time_t t;

	rrd_clear_error();
	info = rrd_info_r(path);
	assert_non_null(info);
	t = (time_t)info_find(info, "last_update")->value.u_cnt;
	rrd_info_free(info);
	return t;
}

/* The value of a data source as last written ("ds[NAME].last_ds"). */
static void assert_last_ds(const char *path, const char *ds, const char *want)
{
	char key[64];
	rrd_info_t *info;

	snprintf(key, sizeof(key), "ds[%s].last_ds", ds);
	rrd_clear_error();
	info = rrd_info_r(path);
	assert_non_null(info);
	assert_string_equal(info_find(info, key)->value.u_str, want);
	rrd_info_free(info);
}

static void path_in(const char *dir, const char *name, char *out, size_t outlen)
{
	assert_true((size_t)snprintf(out, outlen, "%s/%s", dir, name) < outlen);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	buf = malloc(*len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, *len, f), *len);
	fclose(f);
	return buf;
}

static struct archive_sample sample_at(time_t when, double avail, double rtt)
{
	struct archive_sample s = ARCHIVE_SAMPLE_INIT;

	s.when = when;
	s.avail = avail;
	s.rtt = rtt;
	return s;
}

/* ---- names ---- */

static void test_name_encode(void **state)
{
	static const struct {
		const char *name;
		const char *want;	/* NULL: an error */
	} cases[] = {
		{ "core1", "core1" },
		{ "a.b-c_D9", "a.b-c_D9" },
		{ "web server", "web%20server" },
		{ "web%20server", "web%2520server" },
		{ "../../etc/passwd", "%2E.%2F..%2Fetc%2Fpasswd" },
		{ ".hidden", "%2Ehidden" },
		{ ".", "%2E" },
		{ "..", "%2E." },
		{ "a/b", "a%2Fb" },
		{ "a\\b", "a%5Cb" },
		{ "\xc3\xbc", "%C3%BC" },
		{ "tab\there\n", "tab%09here%0A" },
		{ "\x01\x7f", "%01%7F" },
		{ "", NULL },
	};
	char out[256];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		int rc = archive_name_encode(cases[i].name, out, sizeof(out));

		if (cases[i].want == NULL) {
			assert_int_equal(rc, -1);
			continue;
		}
		assert_int_equal(rc, 0);
		assert_string_equal(out, cases[i].want);
	}
}

static void test_name_encode_lengths(void **state)
{
	static const struct {
		char fill;
		size_t count;
		size_t outlen;
		int rc;
	} cases[] = {
		{ 'a', 255, 256, 0 },	/* the longest file name */
		{ 'a', 256, 512, -1 },	/* longer than any file system takes */
		{ '/', 85, 256, 0 },	/* 255 bytes once encoded */
		{ '/', 86, 512, -1 },	/* 258 bytes once encoded */
		{ 'a', 5, 6, 0 },	/* fits with its terminator */
		{ 'a', 5, 5, -1 },	/* does not */
		{ '/', 1, 3, -1 },	/* "%2F" needs 4 bytes */
	};
	char name[300], out[512];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		memset(name, cases[i].fill, cases[i].count);
		name[cases[i].count] = '\0';
		assert_int_equal(archive_name_encode(name, out, cases[i].outlen), cases[i].rc);
		if (cases[i].rc == 0)
			assert_int_equal(strlen(out), cases[i].count * (cases[i].fill == '/' ? 3 : 1));
	}
}

/* No byte and no mix of bytes can give a separator or a name that means a directory. */
static void test_name_encode_never_escapes(void **state)
{
	static const char *const prefixes[] = { "", ".", "..", "a", "./" };
	char name[8], out[32];

	(void)state;
	for (size_t p = 0; p < ARRAY_LEN(prefixes); p++) {
		for (int c = 1; c < 256; c++) {
			snprintf(name, sizeof(name), "%s%c", prefixes[p], c);
			assert_int_equal(archive_name_encode(name, out, sizeof(out)), 0);
			assert_null(strchr(out, '/'));
			assert_string_not_equal(out, ".");
			assert_string_not_equal(out, "..");
			assert_true(out[0] != '.');
			for (const char *q = out; *q != '\0'; q++)
				assert_true((unsigned char)*q > 0x20 && (unsigned char)*q < 0x7f);
		}
	}
}

/* ---- paths ---- */

static void test_path(void **state)
{
	static const struct {
		const char *file, *dir, *host, *service;
		size_t outlen;
		const char *want;	/* the path, or text the error must contain */
		int rc;
	} cases[] = {
		{ "x.rrd", NULL, NULL, NULL, 256, "x.rrd", 0 },
		{ "/var/lib/nines/a b.rrd", NULL, NULL, NULL, 256, "/var/lib/nines/a b.rrd", 0 },
		{ "x.rrd", "/d", "h", "s", 256, "x.rrd", 0 },	/* --rrd wins */
		{ "", NULL, NULL, NULL, 256, "--rrd needs a file name", -1 },
		{ "x.rrd", NULL, NULL, NULL, 5, "path too long", -1 },
		{ NULL, "/d", "core1", "ping", 256, "/d/core1/ping.rrd", 0 },
		{ NULL, "/d/", "core1", "ping", 256, "/d/core1/ping.rrd", 0 },
		{ NULL, "/", "core1", "ping", 256, "/core1/ping.rrd", 0 },
		{ NULL, "rrd", "web 1", "HTTP check", 256, "rrd/web%201/HTTP%20check.rrd", 0 },
		{ NULL, "/d", "../x", "a/../../b", 256, "/d/%2E.%2Fx/a%2F..%2F..%2Fb.rrd", 0 },
		{ NULL, "/d", NULL, "ping", 256, "--rrd-dir needs --host-name and --service", -1 },
		{ NULL, "/d", "core1", NULL, 256, "--rrd-dir needs --host-name and --service", -1 },
		{ NULL, "/d", "", "ping", 256, "--rrd-dir needs --host-name and --service", -1 },
		{ NULL, "", "core1", "ping", 256, "--rrd-dir needs a directory", -1 },
		{ NULL, "/d", "core1", "ping", 17, "path too long", -1 },
		{ NULL, "/d", "core1", "ping", 18, "/d/core1/ping.rrd", 0 },
		{ NULL, NULL, "core1", "ping", 256, "give --rrd or --rrd-dir", -1 },
	};
	char out[256], err[NINES_ERRLEN];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct archive_opts o = ARCHIVE_OPTS_INIT;
		int rc;

		o.file = cases[i].file;
		o.dir = cases[i].dir;
		o.host = cases[i].host;
		o.service = cases[i].service;
		err[0] = '\0';
		rc = archive_path(&o, out, cases[i].outlen, err, sizeof(err));
		assert_int_equal(rc, cases[i].rc);
		if (rc == 0)
			assert_string_equal(out, cases[i].want);
		else
			assert_non_null(strstr(err, cases[i].want));
	}
}

/*
 * "<service>.rrd" must still be one file name of at most 255 bytes while it is created
 * under its temporary name (".<pid>.<ns>.tmp", then librrd's own "XXXXXX"): 223 bytes
 * encoded at most.  --rrd's file name has the same room.
 */
static void test_path_long_service(void **state)
{
	static const struct { char fill; size_t len; int rc; } cases[] = {
		{ 's', 223, 0 }, { 's', 224, -1 }, { 's', 230, -1 }, { 's', 251, -1 },
		{ 's', 252, -1 }, { '/', 74, 0 }, { '/', 75, -1 },
	};
	char service[300], out[PATH_MAX], err[NINES_ERRLEN], file[320];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct archive_opts o = ARCHIVE_OPTS_INIT;
		size_t enc = cases[i].len * (cases[i].fill == '/' ? 3 : 1);

		memset(service, cases[i].fill, cases[i].len);
		service[cases[i].len] = '\0';
		o.dir = "/d";
		o.host = "h";
		o.service = service;
		assert_int_equal(archive_path(&o, out, sizeof(out), err, sizeof(err)), cases[i].rc);
		if (cases[i].rc == 0)
			assert_int_equal(strlen(out), strlen("/d/h/") + enc + strlen(".rrd"));
		else
			assert_non_null(strstr(err, "service name"));
		if (cases[i].fill != 's')
			continue;
		o = (struct archive_opts)ARCHIVE_OPTS_INIT;
		snprintf(file, sizeof(file), "/d/%s.rrd", service);
		o.file = file;
		assert_int_equal(archive_path(&o, out, sizeof(out), err, sizeof(err)), cases[i].rc);
		if (cases[i].rc != 0)
			if (strstr(err, "cannot use --rrd") == NULL)
				fail_msg("%zu: %s", cases[i].len, err);
	}
}

/* Every service name the path accepts can really be created, and written, directly. */
static void test_long_names_created(void **state)
{
	const char *dir = *state;
	char service[300], msg[NINES_ERRLEN];

	for (size_t len = 200; len <= 251; len++) {
		struct archive_opts o = ARCHIVE_OPTS_INIT;
		struct archive_sample s = sample_at(T0 + 60, 1, 0.01);
		enum archive_status st;

		memset(service, 'a' + (int)(len % 26), len);
		service[len] = '\0';
		o.dir = dir;
		o.host = "h";
		o.service = service;
		st = archive_write(&o, &s, msg, sizeof(msg));
		if (st == ARCHIVE_WRITTEN)
			continue;
		if (st != ARCHIVE_FAILED || strstr(msg, "service name") == NULL)
			fail_msg("service of %zu bytes: %d: %s", len, (int)st, msg);
		assert_true(len > 223);
	}
}

/* ---- options ---- */

static void test_opt(void **state)
{
	static const struct {
		int opt;
		const char *arg;
		int rc;
		long step, downtime;	/* expected afterwards (defaults 60 and 0) */
		const char *err;	/* text the message must contain */
	} cases[] = {
		{ ARCHIVE_OPT_BASE + 4, "300", 1, 300, 0, NULL },
		{ ARCHIVE_OPT_BASE + 4, "10", 1, 10, 0, NULL },
		{ ARCHIVE_OPT_BASE + 4, "9", -1, 60, 0, "invalid --step" },
		{ ARCHIVE_OPT_BASE + 4, "86400", 1, 86400, 0, NULL },
		{ ARCHIVE_OPT_BASE + 4, "86401", -1, 60, 0, "invalid --step" },
		{ ARCHIVE_OPT_BASE + 4, "0", -1, 60, 0, "invalid --step" },
		{ ARCHIVE_OPT_BASE + 4, "-5", -1, 60, 0, "invalid --step" },
		{ ARCHIVE_OPT_BASE + 4, "60s", -1, 60, 0, "'60s'" },
		{ ARCHIVE_OPT_BASE + 4, "abc", -1, 60, 0, "'abc'" },
		{ ARCHIVE_OPT_BASE + 4, "1e3", -1, 60, 0, "'1e3'" },
		{ ARCHIVE_OPT_BASE + 4, "", -1, 60, 0, "invalid --step" },
		{ ARCHIVE_OPT_BASE + 4, NULL, -1, 60, 0, "invalid --step" },
		{ ARCHIVE_OPT_BASE + 6, "0", 1, 60, 0, NULL },
		{ ARCHIVE_OPT_BASE + 6, "2", 1, 60, 2, NULL },
		{ ARCHIVE_OPT_BASE + 6, "-1", -1, 60, 0, "invalid --downtime" },
		{ ARCHIVE_OPT_BASE + 6, "1.5", -1, 60, 0, "invalid --downtime" },
		{ 'H', "x", 0, 60, 0, NULL },
		{ ARCHIVE_OPT_BASE - 1, "x", 0, 60, 0, NULL },
		{ ARCHIVE_OPT_BASE + 7, "x", 0, 60, 0, NULL },
	};
	char err[NINES_ERRLEN];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct archive_opts o = ARCHIVE_OPTS_INIT;

		err[0] = '\0';
		assert_int_equal(archive_opt(&o, cases[i].opt, cases[i].arg, err, sizeof(err)),
				 cases[i].rc);
		assert_int_equal(o.step, cases[i].step);
		assert_int_equal(o.downtime, cases[i].downtime);
		if (cases[i].err != NULL)
			assert_non_null(strstr(err, cases[i].err));
	}
}

/* The option table and archive_opt() agree, through getopt_long as plugins use them. */
static void test_opt_getopt(void **state)
{
	static const struct option longopts[] = { ARCHIVE_LONGOPTS, { NULL, 0, NULL, 0 } };
	char *argv[] = { "check", "--rrd", "f.rrd", "--rrd-dir", "/d", "--host-name", "core1",
			 "--service", "ping", "--step", "300", "--rrdcached", "unix:/s",
			 "--downtime", "1", NULL };
	struct archive_opts o = ARCHIVE_OPTS_INIT;
	char err[NINES_ERRLEN];
	int c;

	(void)state;
	optind = 1;
	while ((c = getopt_long(ARRAY_LEN(argv) - 1, argv, "", longopts, NULL)) != -1)
		assert_int_equal(archive_opt(&o, c, optarg, err, sizeof(err)), 1);
	assert_string_equal(o.file, "f.rrd");
	assert_string_equal(o.dir, "/d");
	assert_string_equal(o.host, "core1");
	assert_string_equal(o.service, "ping");
	assert_int_equal(o.step, 300);
	assert_string_equal(o.rrdcached, "unix:/s");
	assert_int_equal(o.downtime, 1);
	assert_true(o.lock_wait == 2.0);
}

static void test_enabled(void **state)
{
	static const struct { const char *file, *dir, *host; int want; } cases[] = {
		{ NULL, NULL, NULL, 0 },
		{ NULL, NULL, "core1", 0 },
		{ "f.rrd", NULL, NULL, 1 },
		{ NULL, "/d", NULL, 1 },
		{ "", NULL, NULL, 1 },	/* asked for, so a bad value is reported, not skipped */
	};

	(void)state;
	assert_int_equal(archive_enabled(NULL), 0);
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct archive_opts o = ARCHIVE_OPTS_INIT;

		o.file = cases[i].file;
		o.dir = cases[i].dir;
		o.host = cases[i].host;
		assert_int_equal(archive_enabled(&o), cases[i].want);
	}
}

/* ---- layout ---- */

#define MONITORED "DS:" ARCHIVE_MONITORED ":COMPUTE:" ARCHIVE_MONITORED_RPN

static void test_layout(void **state)
{
	/* Rows worked out by hand: 430 d = 37152000 s; 1830 d = 158112000 s; 3660 d = 316224000 s. */
	static const struct {
		long step;
		const char *want[12];
	} cases[] = {
		{ 60, { "DS:avail:GAUGE:120:0:1", "DS:rtt:GAUGE:120:0:U", "DS:warn:GAUGE:120:0:1",
			"DS:downtime:GAUGE:120:0:1", "DS:loss:GAUGE:120:0:1",
			"DS:cover:ABSOLUTE:31622400:0:U", MONITORED, "RRA:AVERAGE:0.99:1:619200",
			"RRA:AVERAGE:0.99:60:43920", "RRA:MAX:0.99:60:43920",
			"RRA:AVERAGE:0.99:1440:3660", "RRA:MAX:0.99:1440:3660" } },
		{ 300, { "DS:avail:GAUGE:600:0:1", "DS:rtt:GAUGE:600:0:U", "DS:warn:GAUGE:600:0:1",
			 "DS:downtime:GAUGE:600:0:1", "DS:loss:GAUGE:600:0:1",
			 "DS:cover:ABSOLUTE:31622400:0:U", MONITORED, "RRA:AVERAGE:0.99:1:123840",
			 "RRA:AVERAGE:0.99:12:43920", "RRA:MAX:0.99:12:43920",
			 "RRA:AVERAGE:0.99:288:3660", "RRA:MAX:0.99:288:3660" } },
		/* Longer than an hour: the "hourly" rows are one step each. */
		{ 7200, { "DS:avail:GAUGE:14400:0:1", "DS:rtt:GAUGE:14400:0:U",
			  "DS:warn:GAUGE:14400:0:1", "DS:downtime:GAUGE:14400:0:1",
			  "DS:loss:GAUGE:14400:0:1", "DS:cover:ABSOLUTE:31622400:0:U", MONITORED,
			  "RRA:AVERAGE:0.99:1:5160", "RRA:AVERAGE:0.99:1:21960",
			  "RRA:MAX:0.99:1:21960", "RRA:AVERAGE:0.99:12:3660",
			  "RRA:MAX:0.99:12:3660" } },
		/* Not a divisor of an hour: rows of 514 × 7 = 3598 s, rounded up to cover the days. */
		{ 7, { "DS:avail:GAUGE:14:0:1", "DS:rtt:GAUGE:14:0:U", "DS:warn:GAUGE:14:0:1",
		       "DS:downtime:GAUGE:14:0:1", "DS:loss:GAUGE:14:0:1",
		       "DS:cover:ABSOLUTE:31622400:0:U", MONITORED, "RRA:AVERAGE:0.99:1:5307429",
		       "RRA:AVERAGE:0.99:514:43945", "RRA:MAX:0.99:514:43945",
		       "RRA:AVERAGE:0.99:12342:3661", "RRA:MAX:0.99:12342:3661" } },
	};
	char buf[1024];
	const char *argv[16];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		assert_int_equal(archive_layout(cases[i].step, buf, sizeof(buf), argv, 16), 12);
		for (int a = 0; a < 12; a++)
			assert_string_equal(argv[a], cases[i].want[a]);
	}
}

static void test_layout_limits(void **state)
{
	static const struct { long step; size_t buflen; int maxargs; int rc; } cases[] = {
		{ 0, 1024, 16, -1 },
		{ -60, 1024, 16, -1 },
		{ 86401, 1024, 16, -1 },
		{ 86400, 1024, 16, 12 },
		{ 60, 1024, 11, -1 },
		{ 60, 1024, 12, 12 },
		{ 60, 100, 16, -1 },
	};
	char buf[1024];
	const char *argv[16];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++)
		assert_int_equal(archive_layout(cases[i].step, buf, cases[i].buflen, argv,
						cases[i].maxargs), cases[i].rc);
}

/* ---- direct writes ---- */

static void test_write_off_and_bad_options(void **state)
{
	struct archive_opts o = ARCHIVE_OPTS_INIT;
	struct archive_sample s = sample_at(T0, 1, 0.01);
	char msg[NINES_ERRLEN] = "stale";

	(void)state;
	assert_int_equal(archive_write(&o, &s, msg, sizeof(msg)), ARCHIVE_OFF);
	assert_string_equal(msg, "");
	o.dir = "/nonexistent";
	o.host = "core1";
	assert_int_equal(archive_write(&o, &s, msg, sizeof(msg)), ARCHIVE_FAILED);
	assert_string_equal(msg, "--rrd-dir needs --host-name and --service");
}

/* A new file has exactly the documented layout, for two steps, in a new host directory. */
static void test_create_layout(void **state)
{
	static const struct {
		long step;
		unsigned long rows[5], per_row[5];
	} cases[] = {
		{ 60, { 619200, 43920, 43920, 3660, 3660 }, { 1, 60, 60, 1440, 1440 } },
		{ 300, { 123840, 43920, 43920, 3660, 3660 }, { 1, 12, 12, 288, 288 } },
	};
	static const struct { const char *type; double max; } ds[ARCHIVE_NDS] = {
		{ "GAUGE", 1 }, { "GAUGE", NAN }, { "GAUGE", 1 }, { "GAUGE", 1 }, { "GAUGE", 1 },
		{ "ABSOLUTE", NAN },
	};
	static const char *const cf[5] = { "AVERAGE", "AVERAGE", "MAX", "AVERAGE", "MAX" };
	const char *dir = *state;
	char msg[NINES_ERRLEN], service[16], path[PATH_MAX], key[64];

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct archive_opts o = ARCHIVE_OPTS_INIT;
		struct archive_sample s = sample_at(T0 + 60, 1, 0.01);
		rrd_info_t *info;
		struct stat st;

		snprintf(service, sizeof(service), "svc%ld", cases[i].step);
		o.dir = dir;
		o.host = "core 1";
		o.service = service;
		o.step = cases[i].step;
		assert_int_equal(archive_write(&o, &s, msg, sizeof(msg)), ARCHIVE_WRITTEN);
		snprintf(path, sizeof(path), "%s/core%%201", dir);
		assert_int_equal(stat(path, &st), 0);
		assert_true(S_ISDIR(st.st_mode));
		snprintf(path, sizeof(path), "%s/core%%201/%s.rrd", dir, service);
		rrd_clear_error();
		info = rrd_info_r(path);
		assert_non_null(info);
		assert_int_equal(info_cnt(info, "step"), cases[i].step);
		assert_int_equal(info_find(info, "last_update")->value.u_cnt, T0 + 60);
		assert_int_equal(info_count(info, "ds[", ".type"), ARCHIVE_LAYOUT_NDS);
		assert_string_equal(info_find(info, "ds[monitored].type")->value.u_str, "COMPUTE");
		assert_string_equal(info_find(info, "ds[monitored].cdef")->value.u_str,
				    ARCHIVE_MONITORED_RPN);
		for (int d = 0; d < ARCHIVE_NDS; d++) {
			const char *name = archive_ds_names[d];
			long hb = d == ARCHIVE_COVER ? 366L * 86400 : 2 * cases[i].step;

			snprintf(key, sizeof(key), "ds[%s].type", name);
			assert_string_equal(info_find(info, key)->value.u_str, ds[d].type);
			snprintf(key, sizeof(key), "ds[%s].minimal_heartbeat", name);
			assert_int_equal(info_cnt(info, key), hb);
			snprintf(key, sizeof(key), "ds[%s].min", name);
			trd_assert_value(info_find(info, key)->value.u_val, 0);
			snprintf(key, sizeof(key), "ds[%s].max", name);
			trd_assert_value(info_find(info, key)->value.u_val, ds[d].max);
		}
		assert_int_equal(info_count(info, "rra[", "].cf"), 5);
		for (int r = 0; r < 5; r++) {
			snprintf(key, sizeof(key), "rra[%d].cf", r);
			assert_string_equal(info_find(info, key)->value.u_str, cf[r]);
			snprintf(key, sizeof(key), "rra[%d].rows", r);
			assert_int_equal(info_cnt(info, key), cases[i].rows[r]);
			snprintf(key, sizeof(key), "rra[%d].pdp_per_row", r);
			assert_int_equal(info_cnt(info, key), cases[i].per_row[r]);
			snprintf(key, sizeof(key), "rra[%d].xff", r);
			trd_assert_value(info_find(info, key)->value.u_val, 0.99);
		}
		rrd_info_free(info);
	}
}

/*
 * Values come back as written: U for NAN, monitored 1 for every step with known avail and
 * 0 for every other (the first sample's own step, the steps of a gap); legacy cover 1 per
 * regular check, a share after a gap.
 */
static void test_update_values(void **state)
{
	static const struct {
		int k;			/* sample at T0 + 60 k */
		double avail, rtt, warn, downtime, loss;
	} written[] = {
		{ 0, 1, 0.5, 0, 0, NAN },	/* the first check: nothing before it is known */
		{ 1, 1, 0.0125, 0, 0, NAN },
		{ 2, 0, NAN, 0, 1, 0.25 },
		{ 3, 1, 0.000001, 1, 0, 0 },
		{ 6, 1, 2.5, 0, 0, 1 },		/* after two missed checks */
	};
	static const struct {
		int k;			/* the row ending at T0 + 60 k */
		double v[ARCHIVE_NDS], monitored;
	} rows[] = {
		{ 0, { NAN, NAN, NAN, NAN, NAN, NAN }, 0 },
		{ 1, { 1, 0.0125, 0, 0, NAN, 1 }, 1 },
		{ 2, { 0, NAN, 0, 1, 0.25, 1 }, 1 },
		{ 3, { 1, 0.000001, 1, 0, 0, 1 }, 1 },
		/* 180 s with no check beat the 120-s heartbeat: unknown; one check covers a third. */
		{ 4, { NAN, NAN, NAN, NAN, NAN, 1.0 / 3 }, 0 },
		{ 5, { NAN, NAN, NAN, NAN, NAN, 1.0 / 3 }, 0 },
		{ 6, { NAN, NAN, NAN, NAN, NAN, 1.0 / 3 }, 0 },
	};
	const char *dir = *state;
	struct archive_opts o = ARCHIVE_OPTS_INIT;
	char msg[NINES_ERRLEN], path[PATH_MAX];

	path_in(dir, "values.rrd", path, sizeof(path));
	o.file = path;
	for (size_t i = 0; i < ARRAY_LEN(written); i++) {
		struct archive_sample s = sample_at(T0 + 60 * written[i].k, written[i].avail,
						    written[i].rtt);

		s.warn = written[i].warn;
		s.downtime = written[i].downtime;
		s.loss = written[i].loss;
		assert_int_equal(archive_write(&o, &s, msg, sizeof(msg)), ARCHIVE_WRITTEN);
	}
	assert_int_equal(last_update(path), T0 + 360);
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		for (int d = 0; d < ARCHIVE_NDS; d++)
			trd_assert_value(trd_fetched(path, T0 + 60 * rows[i].k, archive_ds_names[d]),
				     rows[i].v[d]);
		trd_assert_value(trd_fetched(path, T0 + 60 * rows[i].k, ARCHIVE_MONITORED),
			     rows[i].monitored);
	}
}

static void test_duplicate(void **state)
{
	static const time_t again[] = { T0 + 120, T0 + 60 };	/* the same second, an older one */
	const char *dir = *state;
	struct archive_opts o = ARCHIVE_OPTS_INIT;
	struct archive_sample s = sample_at(T0 + 120, 1, 0.01);
	char msg[NINES_ERRLEN], path[PATH_MAX], *before, *after;
	size_t blen, alen;

	path_in(dir, "dup.rrd", path, sizeof(path));
	o.file = path;
	assert_int_equal(archive_write(&o, &s, msg, sizeof(msg)), ARCHIVE_WRITTEN);
	before = slurp(path, &blen);
	for (size_t i = 0; i < ARRAY_LEN(again); i++) {
		struct archive_sample d = sample_at(again[i], 0, NAN);

		assert_int_equal(archive_write(&o, &d, msg, sizeof(msg)), ARCHIVE_DUPLICATE);
		assert_non_null(strstr(msg, "illegal attempt to update using time"));
		assert_non_null(strstr(msg, path));
	}
	after = slurp(path, &alen);
	assert_int_equal(alen, blen);
	assert_memory_equal(after, before, blen);
	free(before);
	free(after);
}

/* A child takes the same whole-file fcntl write lock librrd takes, holds it, and exits. */
static pid_t hold_lock(const char *path, long ms)
{
	int p[2];
	char c;
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
		int fd = open(path, O_RDWR);

		if (fd < 0 || fcntl(fd, F_SETLK, &fl) != 0 || write(p[1], "L", 1) != 1)
			_exit(1);
		sleep_ms(ms);
		_exit(0);
	}
	close(p[1]);
	assert_int_equal(read(p[0], &c, 1), 1);
	close(p[0]);
	return pid;
}

static void reap(pid_t pid)
{
	int status;

	kill(pid, SIGTERM);
	assert_int_equal(waitpid(pid, &status, 0), pid);
}

static void test_lock_retry(void **state)
{
	static const struct {
		long hold_ms;
		double lock_wait;
		enum archive_status want;
		double min_s, max_s;	/* how long the write may take */
	} cases[] = {
		{ 300, 2.0, ARCHIVE_WRITTEN, 0.25, 1.5 },
		{ 1500, 0.3, ARCHIVE_FAILED, 0.29, 1.0 },
	};
	const char *dir = *state;
	char msg[NINES_ERRLEN], path[PATH_MAX], want[NINES_ERRLEN + PATH_MAX];
	struct archive_opts o = ARCHIVE_OPTS_INIT;
	struct archive_sample s = sample_at(T0 + 60, 1, 0.01);

	path_in(dir, "locked.rrd", path, sizeof(path));
	o.file = path;
	assert_int_equal(archive_write(&o, &s, msg, sizeof(msg)), ARCHIVE_WRITTEN);
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		pid_t pid = hold_lock(path, cases[i].hold_ms);
		double t = mono_now(), took;
		enum archive_status st;

		s.when += 60;
		o.lock_wait = cases[i].lock_wait;
		st = archive_write(&o, &s, msg, sizeof(msg));
		took = mono_now() - t;
		reap(pid);
		assert_int_equal(st, cases[i].want);
		assert_true(took >= cases[i].min_s && took < cases[i].max_s);
		if (st == ARCHIVE_FAILED) {
			snprintf(want, sizeof(want), "cannot update '%s': could not lock RRD "
				 "(held by another process for 0.3 s)", path);
			assert_string_equal(msg, want);
		}
	}
	assert_int_equal(last_update(path), T0 + 120);	/* the one the lock held back is lost */
}

static void test_foreign_files(void **state)
{
	static const struct {
		const char *name;
		const char *content;		/* NULL: an RRD with the single DS "x" */
		const char *reason;		/* what librrd's message says */
	} cases[] = {
		{ "foreign.rrd", NULL, "unknown DS name" },
		{ "text.rrd", "not an rrd at all\n", "" },
		{ "empty.rrd", "", "" },
	};
	static const char *const foreign[] = { "DS:x:GAUGE:120:0:1", "RRA:AVERAGE:0.5:1:10" };
	const char *dir = *state;
	char msg[NINES_ERRLEN], path[PATH_MAX], prefix[PATH_MAX + 32];
	struct archive_sample s = sample_at(T0 + 60, 1, 0.01);

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct archive_opts o = ARCHIVE_OPTS_INIT;

		path_in(dir, cases[i].name, path, sizeof(path));
		if (cases[i].content == NULL) {
			rrd_clear_error();
			assert_int_equal(rrd_create_r(path, 60, T0, 2, (const char **)foreign), 0);
		} else {
			FILE *f = fopen(path, "w");

			assert_non_null(f);
			fputs(cases[i].content, f);
			fclose(f);
		}
		o.file = path;
		assert_int_equal(archive_write(&o, &s, msg, sizeof(msg)), ARCHIVE_FAILED);
		snprintf(prefix, sizeof(prefix), "cannot update '%s': ", path);
		assert_memory_equal(msg, prefix, strlen(prefix));
		assert_true(strlen(msg) > strlen(prefix));
		assert_non_null(strstr(msg, cases[i].reason));
	}
}

static void test_missing_directory(void **state)
{
	const char *dir = *state;
	struct archive_opts o = ARCHIVE_OPTS_INIT;
	struct archive_sample s = sample_at(T0 + 60, 1, 0.01);
	char msg[NINES_ERRLEN], path[PATH_MAX];

	/* --rrd names a file as given: its directory is not made. */
	path_in(dir, "no/such/dir.rrd", path, sizeof(path));
	o.file = path;
	assert_int_equal(archive_write(&o, &s, msg, sizeof(msg)), ARCHIVE_FAILED);
	assert_non_null(strstr(msg, "cannot create"));
	/* --rrd-dir makes the host directory, not the directory it names. */
	path_in(dir, "absent", path, sizeof(path));
	o.file = NULL;
	o.dir = path;
	o.host = "core1";
	o.service = "ping";
	assert_int_equal(archive_write(&o, &s, msg, sizeof(msg)), ARCHIVE_FAILED);
	assert_non_null(strstr(msg, "cannot create directory"));
}

/*
 * A new archive's history starts at its first check: a sample makes the time back to the
 * previous one known, and the first has none.  librrd keeps a step known when at most
 * half of it is unknown, so the first check's own step is monitored only when the check
 * ran in its first half (the file starts a second before it); the step before never is.
 */
static void test_history_starts_at_first_check(void **state)
{
	static const long offsets[] = { 0, 1, 29, 30, 31, 32, 45, 59 };
	const char *dir = *state;
	char msg[NINES_ERRLEN], path[PATH_MAX];

	for (size_t i = 0; i < ARRAY_LEN(offsets); i++) {
		struct archive_opts o = ARCHIVE_OPTS_INIT;
		time_t row = T0 + 600;
		int known = offsets[i] - 1 <= 30;

		snprintf(path, sizeof(path), "%s/first-%ld.rrd", dir, offsets[i]);
		o.file = path;
		for (int k = 0; k < 3; k++) {
			struct archive_sample s = sample_at(row + offsets[i] + 60 * k, 1, 0.02);

			assert_int_equal(archive_write(&o, &s, msg, sizeof(msg)), ARCHIVE_WRITTEN);
		}
		trd_assert_value(trd_fetched(path, row, "avail"), NAN);
		trd_assert_value(trd_fetched(path, row + 60, "avail"), known ? 1 : NAN);
		trd_assert_value(trd_fetched(path, row + 60, ARCHIVE_MONITORED), known);
		trd_assert_value(trd_fetched(path, row + 120, "avail"), 1);
		trd_assert_value(trd_fetched(path, row + 120, ARCHIVE_MONITORED), 1);
	}
}

/* Parallel first runs: one file, complete, exactly one sample written, no temp files left. */
static void test_parallel_create(void **state)
{
	enum { RUNS = 20 };
	const char *dir = *state;
	struct archive_opts o = ARCHIVE_OPTS_INIT;
	struct archive_sample s = sample_at(T0 + 60, 1, 0.01);
	int go[2], counts[ARCHIVE_FAILED + 1] = { 0 };
	char path[PATH_MAX];
	pid_t pids[RUNS];
	struct dirent *e;
	DIR *d;

	o.dir = dir;
	o.host = "race";
	o.service = "ping";
	assert_int_equal(pipe(go), 0);
	for (int i = 0; i < RUNS; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			char c, msg[NINES_ERRLEN];

			close(go[1]);
			if (read(go[0], &c, 1) != 0)	/* runs start together when go closes */
				_exit(100);
			_exit((int)archive_write(&o, &s, msg, sizeof(msg)));
		}
	}
	close(go[0]);
	close(go[1]);
	for (int i = 0; i < RUNS; i++) {
		int status;

		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) <= ARCHIVE_FAILED);
		counts[WEXITSTATUS(status)]++;
	}
	assert_int_equal(counts[ARCHIVE_WRITTEN], 1);
	assert_int_equal(counts[ARCHIVE_DUPLICATE], RUNS - 1);
	path_in(dir, "race/ping.rrd", path, sizeof(path));
	assert_int_equal(last_update(path), T0 + 60);
	assert_last_ds(path, "avail", "1");
	path_in(dir, "race", path, sizeof(path));
	d = opendir(path);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		assert_true(strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
			    strcmp(e->d_name, "ping.rrd") == 0);
	closedir(d);
}

#define TMP_TEST(f) cmocka_unit_test_setup_teardown(f, fx_tmpdir_setup, fx_tmpdir_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_encode),
		cmocka_unit_test(test_name_encode_lengths),
		cmocka_unit_test(test_name_encode_never_escapes),
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_path_long_service),
		cmocka_unit_test(test_opt),
		cmocka_unit_test(test_opt_getopt),
		cmocka_unit_test(test_enabled),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_layout_limits),
		cmocka_unit_test(test_write_off_and_bad_options),
		TMP_TEST(test_create_layout),
		TMP_TEST(test_update_values),
		TMP_TEST(test_duplicate),
		TMP_TEST(test_lock_retry),
		TMP_TEST(test_foreign_files),
		TMP_TEST(test_missing_directory),
		TMP_TEST(test_parallel_create),
		TMP_TEST(test_history_starts_at_first_check),
		TMP_TEST(test_long_names_created),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
