#include "archive.h"
#include "mono.h"
#include "nines.h"
#include "num.h"
#include "perf.h"
#include "rrdcached.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <rrd.h>

/*
 * librrd is loaded with dlopen() and never linked: linking it pulls in ~49 shared objects
 * (cairo, pango, glib, ...) and costs every plugin run about 11 ms.  The pointer types are
 * taken from the prototypes in <rrd.h>, so the compiler checks every call against the
 * installed librrd; a direct call to a librrd function would fail to link the plugins.
 */
typedef __typeof__(rrd_create_r) *rrd_create_fn;
typedef __typeof__(rrd_update_r) *rrd_update_fn;
typedef __typeof__(rrd_get_error) *rrd_get_error_fn;
typedef __typeof__(rrd_clear_error) *rrd_clear_error_fn;

static struct {
	void *handle;
	rrd_create_fn create;
	rrd_update_fn update;
	rrd_get_error_fn get_error;
	rrd_clear_error_fn clear_error;
	char err[NINES_ERRLEN];
} librrd;
static pthread_once_t librrd_once = PTHREAD_ONCE_INIT;

const char *const archive_ds_names[ARCHIVE_NDS] = {
	"avail", "rtt", "warn", "downtime", "loss", "cover",
};

/* What a reply from librrd or rrdcached means for us; the rest is a plain failure. */
enum outcome { OUT_FAILED, OUT_DUPLICATE, OUT_LOCKED, OUT_MISSING };
static const struct {
	const char *text;
	enum outcome outcome;
} outcomes[] = {
	{ "illegal attempt to update using time", OUT_DUPLICATE },
	{ "could not lock RRD", OUT_LOCKED },
	{ "No such file", OUT_MISSING },
};

#define PATH_BUF     PATH_MAX
#define NAME_MAXLEN  255		/* longest file name component (NAME_MAX) */
/*
 * A new file is first made as "<name>.<pid>.<ns>.tmp" (create_direct), which librrd in turn
 * writes as "<that>XXXXXX": an archive's file name leaves room for both (pid_max is 2^22).
 */
#define TMP_SUFFIX_MAX (sizeof(".4194304.999999999.tmp") - 1 + sizeof("XXXXXX") - 1)
#define FILE_NAME_MAX  (NAME_MAXLEN - TMP_SUFFIX_MAX)
#define LAYOUT_BUF   1024
#define LAYOUT_MAXARGS 16
#define VALUE_BUF    32
#define UPDATE_BUF   (VALUE_BUF * (ARCHIVE_NDS + 1))
#define LOCK_BACKOFF_MIN 0.001
#define LOCK_BACKOFF_MAX 0.050
/* rrdcached gets lock_wait seconds per connect, read and write, but never less than this. */
#define RRDCACHED_MIN_TIMEOUT 1.0

static enum outcome classify(const char *reply)
{
	for (size_t i = 0; i < sizeof(outcomes) / sizeof(outcomes[0]); i++)
		if (reply != NULL && strstr(reply, outcomes[i].text) != NULL)
			return outcomes[i].outcome;
	return OUT_FAILED;
}

/* ---- options and names ---- */

enum opt_kind { OPT_STRING, OPT_LONG };
static const struct {
	const char *name;
	enum opt_kind kind;
	size_t offset;
	long lo, hi;
} archive_options[] = {
	{ "--rrd", OPT_STRING, offsetof(struct archive_opts, file), 0, 0 },
	{ "--rrd-dir", OPT_STRING, offsetof(struct archive_opts, dir), 0, 0 },
	{ "--host-name", OPT_STRING, offsetof(struct archive_opts, host), 0, 0 },
	{ "--service", OPT_STRING, offsetof(struct archive_opts, service), 0, 0 },
	{ "--step", OPT_LONG, offsetof(struct archive_opts, step), ARCHIVE_MIN_STEP, 86400 },
	{ "--rrdcached", OPT_STRING, offsetof(struct archive_opts, rrdcached), 0, 0 },
	{ "--downtime", OPT_LONG, offsetof(struct archive_opts, downtime), 0, LONG_MAX },
};

int archive_opt(struct archive_opts *o, int opt, const char *arg, char *err, size_t errlen)
{
	const size_t n = sizeof(archive_options) / sizeof(archive_options[0]);
	char why[NINES_ERRLEN];
	size_t i;

	if (opt < ARCHIVE_OPT_BASE || (size_t)(opt - ARCHIVE_OPT_BASE) >= n)
		return 0;
	i = (size_t)(opt - ARCHIVE_OPT_BASE);
	if (arg == NULL) {
		snprintf(err, errlen, "invalid %s: missing value", archive_options[i].name);
		return -1;
	}
	if (archive_options[i].kind == OPT_STRING) {
		*(const char **)(void *)((char *)o + archive_options[i].offset) = arg;
		return 1;
	}
	if (num_long(arg, archive_options[i].lo, archive_options[i].hi,
		     (long *)(void *)((char *)o + archive_options[i].offset), why, sizeof(why)) != 0) {
		snprintf(err, errlen, "invalid %s: %s", archive_options[i].name, why);
		return -1;
	}
	return 1;
}

int archive_enabled(const struct archive_opts *o)
{
	return o != NULL && (o->file != NULL || o->dir != NULL);
}

/* Only these bytes pass unchanged; the test is ASCII whatever the locale says. */
static int name_safe(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.';
}

int archive_name_encode(const char *name, char *out, size_t outlen)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;

	if (name == NULL || *name == '\0' || out == NULL)
		return -1;
	for (size_t i = 0; name[i] != '\0'; i++) {
		unsigned char c = (unsigned char)name[i];
		int plain = name_safe(c) && !(i == 0 && c == '.');
		size_t need = plain ? 1 : 3;

		if (n + need > NAME_MAXLEN || n + need >= outlen)
			return -1;
		if (plain) {
			out[n++] = (char)c;
		} else {
			out[n++] = '%';
			out[n++] = hex[c >> 4];
			out[n++] = hex[c & 15];
		}
	}
	out[n] = '\0';
	return 0;
}

static int path_from_dir(const struct archive_opts *o, char *out, size_t outlen,
			 char *err, size_t errlen)
{
	char host[NAME_MAXLEN + 1], service[NAME_MAXLEN + 1];
	size_t dirlen = strlen(o->dir);
	int n;

	if (o->host == NULL || *o->host == '\0' || o->service == NULL || *o->service == '\0') {
		snprintf(err, errlen, "--rrd-dir needs --host-name and --service");
		return -1;
	}
	if (dirlen == 0) {
		snprintf(err, errlen, "--rrd-dir needs a directory");
		return -1;
	}
	if (archive_name_encode(o->host, host, sizeof(host)) != 0) {
		snprintf(err, errlen, "cannot use host name '%s': too long for a file name", o->host);
		return -1;
	}
	/* The service name becomes "<service>.rrd", which must still be one component. */
	if (archive_name_encode(o->service, service, FILE_NAME_MAX - 4 + 1) != 0) {
		snprintf(err, errlen, "cannot use service name '%s': too long for a file name "
			 "(at most %zu bytes once encoded)", o->service, FILE_NAME_MAX - 4);
		return -1;
	}
	while (dirlen > 0 && o->dir[dirlen - 1] == '/')
		dirlen--;
	n = snprintf(out, outlen, "%.*s/%s/%s.rrd", (int)dirlen, o->dir, host, service);
	if (n < 0 || (size_t)n >= outlen) {
		snprintf(err, errlen, "cannot use --rrd-dir '%s': path too long", o->dir);
		return -1;
	}
	return 0;
}

int archive_path(const struct archive_opts *o, char *out, size_t outlen, char *err, size_t errlen)
{
	if (o->file != NULL) {
		if (*o->file == '\0') {
			snprintf(err, errlen, "--rrd needs a file name");
			return -1;
		}
		const char *base = strrchr(o->file, '/');

		if (strlen(o->file) >= outlen) {
			snprintf(err, errlen, "cannot use --rrd '%s': path too long", o->file);
			return -1;
		}
		if (strlen(base != NULL ? base + 1 : o->file) > FILE_NAME_MAX) {
			snprintf(err, errlen, "cannot use --rrd '%s': file name longer than %zu bytes",
				 o->file, FILE_NAME_MAX);
			return -1;
		}
		strcpy(out, o->file);
		return 0;
	}
	if (o->dir != NULL)
		return path_from_dir(o, out, outlen, err, errlen);
	snprintf(err, errlen, "no archive: give --rrd or --rrd-dir");
	return -1;
}

/*
 * rrdcached resolves a relative path against its own base directory, not against ours:
 * what it is sent is the path a direct write would use, from our working directory.
 */
static int absolute_path(const char *path, char *out, size_t outlen, char *err, size_t errlen)
{
	char cwd[PATH_BUF];
	int n;

	if (path[0] == '/') {
		n = snprintf(out, outlen, "%s", path);
	} else if (getcwd(cwd, sizeof(cwd)) == NULL) {
		snprintf(err, errlen, "cannot make '%s' absolute: %s", path, strerror(errno));
		return -1;
	} else {
		n = snprintf(out, outlen, "%s/%s", strcmp(cwd, "/") == 0 ? "" : cwd, path);
	}
	if (n < 0 || (size_t)n >= outlen) {
		snprintf(err, errlen, "cannot use '%s': path too long", path);
		return -1;
	}
	return 0;
}

/* ---- layout ---- */

static const struct {
	enum archive_ds ds;
	const char *type;
	const char *max;
} ds_layout[ARCHIVE_NDS] = {
	{ ARCHIVE_AVAIL, "GAUGE", "1" },
	{ ARCHIVE_RTT, "GAUGE", "U" },
	{ ARCHIVE_WARN, "GAUGE", "1" },
	{ ARCHIVE_DOWNTIME, "GAUGE", "1" },
	{ ARCHIVE_LOSS, "GAUGE", "1" },
	{ ARCHIVE_COVER, "ABSOLUTE", "U" },
};

/* row_seconds 0 means one step per row (the per-check archive). */
static const struct {
	const char *cf;
	long row_seconds;
	long days;
} rra_layout[] = {
	{ "AVERAGE", 0, ARCHIVE_FINE_DAYS },
	{ "AVERAGE", 3600, ARCHIVE_HOURLY_DAYS },
	{ "MAX", 3600, ARCHIVE_HOURLY_DAYS },
	{ "AVERAGE", 86400, ARCHIVE_DAILY_DAYS },
	{ "MAX", 86400, ARCHIVE_DAILY_DAYS },
};

/* Appends one formatted argument to buf at *used and records it in argv. */
static int layout_add(char *buf, size_t buflen, size_t *used, const char **argv, int maxargs,
		      int *argc, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
static int layout_add(char *buf, size_t buflen, size_t *used, const char **argv, int maxargs,
		      int *argc, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*argc >= maxargs || *used >= buflen)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(buf + *used, buflen - *used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= buflen - *used)
		return -1;
	argv[(*argc)++] = buf + *used;
	*used += (size_t)n + 1;
	return 0;
}

int archive_layout(long step, char *buf, size_t buflen, const char **argv, int maxargs)
{
	size_t used = 0;
	int argc = 0;

	if (step < 1 || step > 86400 || buf == NULL || argv == NULL)
		return -1;
	for (int i = 0; i < ARCHIVE_NDS; i++) {
		long heartbeat = ds_layout[i].ds == ARCHIVE_COVER ? ARCHIVE_COVER_HEARTBEAT : 2 * step;

		if (layout_add(buf, buflen, &used, argv, maxargs, &argc, "DS:%s:%s:%ld:0:%s",
			       archive_ds_names[ds_layout[i].ds], ds_layout[i].type, heartbeat,
			       ds_layout[i].max) != 0)
			return -1;
	}
	if (layout_add(buf, buflen, &used, argv, maxargs, &argc, "DS:%s:COMPUTE:%s",
		       ARCHIVE_MONITORED, ARCHIVE_MONITORED_RPN) != 0)
		return -1;
	for (size_t i = 0; i < sizeof(rra_layout) / sizeof(rra_layout[0]); i++) {
		long steps = rra_layout[i].row_seconds / step;
		long row, rows;

		if (steps < 1)
			steps = 1;
		row = steps * step;
		rows = (rra_layout[i].days * 86400 + row - 1) / row;
		if (layout_add(buf, buflen, &used, argv, maxargs, &argc, "RRA:%s:%s:%ld:%ld",
			       rra_layout[i].cf, ARCHIVE_XFF, steps, rows) != 0)
			return -1;
	}
	return argc;
}

/* ---- the update line ---- */

/*
 * Plain decimal with up to nine fraction digits, by the perfdata formatter (no exponent;
 * nothing here calls setlocale, so the point is '.').  No data source of the layout holds
 * a value near 1e9 (an rtt of 31 years), so larger values are written as unknown.
 */
static void format_value(double v, char *out, size_t outlen)
{
	if (v >= 1e9 || v <= -1e9 || perf_number(out, outlen, v, 9) < 0)
		snprintf(out, outlen, "U");
}

/* "when:avail:rtt:warn:downtime:loss:cover", the order of archive_ds_names. */
static void format_update(const struct archive_opts *o, const struct archive_sample *s,
			  char *out, size_t outlen)
{
	const double v[ARCHIVE_NDS] = {
		[ARCHIVE_AVAIL] = s->avail, [ARCHIVE_RTT] = s->rtt, [ARCHIVE_WARN] = s->warn,
		[ARCHIVE_DOWNTIME] = s->downtime, [ARCHIVE_LOSS] = s->loss,
		/* Legacy (see archive.h): kept so that one update line fits every archive. */
		[ARCHIVE_COVER] = (double)o->step,
	};
	size_t used = (size_t)snprintf(out, outlen, "%lld", (long long)s->when);

	for (int i = 0; i < ARCHIVE_NDS && used < outlen; i++) {
		char num[VALUE_BUF];

		format_value(v[i], num, sizeof(num));
		used += (size_t)snprintf(out + used, outlen - used, ":%s", num);
	}
}

static void sleep_seconds(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - floor(s)) * 1e9) };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* The host directory of a --rrd-dir path: everything before the last '/'. */
static int make_host_dir(const struct archive_opts *o, const char *path)
{
	char dir[PATH_BUF];
	const char *slash = strrchr(path, '/');

	if (o->file != NULL || o->dir == NULL || slash == NULL || (size_t)(slash - path) >= sizeof(dir))
		return 0;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* ---- direct writes through librrd ---- */

static void *librrd_sym(const char *name)
{
	void *p = dlsym(librrd.handle, name);

	if (p == NULL && librrd.err[0] == '\0')
		snprintf(librrd.err, sizeof(librrd.err), "cannot load librrd: no symbol '%s'", name);
	return p;
}

static void librrd_load(void)
{
	static const char *const names[] = { "librrd.so.8", "librrd.so" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && librrd.handle == NULL; i++)
		librrd.handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (librrd.handle == NULL) {
		snprintf(librrd.err, sizeof(librrd.err), "cannot load librrd: %s", dlerror());
		return;
	}
	/* POSIX guarantees that a data pointer from dlsym() converts to a function pointer. */
	librrd.create = (rrd_create_fn)librrd_sym("rrd_create_r");
	librrd.update = (rrd_update_fn)librrd_sym("rrd_update_r");
	librrd.get_error = (rrd_get_error_fn)librrd_sym("rrd_get_error");
	librrd.clear_error = (rrd_clear_error_fn)librrd_sym("rrd_clear_error");
}

/* librrd's message, without the "path: " it sometimes starts with (ours names the file). */
static const char *librrd_error(const char *path)
{
	const char *e = librrd.get_error();
	size_t n = strlen(path);

	if (e == NULL || *e == '\0')
		return "unknown librrd error";
	if (strncmp(e, path, n) == 0 && strncmp(e + n, ": ", 2) == 0)
		return e + n + 2;
	return e;
}

/*
 * Creates the file under a private temporary name and links it into place, so that
 * parallel first runs never see a half-written file; the loser of the race uses the
 * winner's file.  librrd itself would rename over an existing file.
 */
/*
 * A new file starts one second before its first sample.  A sample makes the time back
 * to the previous one known, and the first sample has none: an earlier start would let
 * it claim time before the first check as monitored.
 */
static time_t create_start(time_t when)
{
	return when - 1;
}

static int create_direct(const struct archive_opts *o, const char *path, time_t when,
			 char *msg, size_t msglen)
{
	char tmp[PATH_BUF], layout[LAYOUT_BUF];
	const char *argv[LAYOUT_MAXARGS];
	struct timespec ts;
	int argc, rc = 0;

	clock_gettime(CLOCK_REALTIME, &ts);
	argc = archive_layout(o->step, layout, sizeof(layout), argv, LAYOUT_MAXARGS);
	if (argc < 0 || snprintf(tmp, sizeof(tmp), "%s.%ld.%ld.tmp", path, (long)getpid(),
				 (long)ts.tv_nsec) >= (int)sizeof(tmp)) {
		snprintf(msg, msglen, "cannot create '%s': path or step out of range", path);
		return -1;
	}
	librrd.clear_error();
	if (librrd.create(tmp, (unsigned long)o->step, create_start(when), argc, argv) != 0) {
		snprintf(msg, msglen, "cannot create '%s': %s", path, librrd_error(path));
		unlink(tmp);
		return -1;
	}
	if (link(tmp, path) != 0 && errno != EEXIST &&
	    renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) != 0 && errno != EEXIST) {
		snprintf(msg, msglen, "cannot create '%s': %s", path, strerror(errno));
		rc = -1;
	}
	unlink(tmp);
	return rc;
}

/* Retries while another process holds librrd's non-blocking lock, with backoff. */
static enum archive_status update_direct(const struct archive_opts *o, const char *path,
					 const char *values, char *msg, size_t msglen)
{
	char tmpl[64] = "";
	const char *argv[1] = { values };
	double start = mono_now(), delay = LOCK_BACKOFF_MIN;

	/* Names, not positions: a file whose DS differ from ours fails with a clear message. */
	for (int i = 0; i < ARCHIVE_NDS; i++) {
		strcat(tmpl, i > 0 ? ":" : "");
		strcat(tmpl, archive_ds_names[i]);
	}
	for (;;) {
		double waited, left;

		librrd.clear_error();
		if (librrd.update(path, tmpl, 1, argv) == 0)
			return ARCHIVE_WRITTEN;
		switch (classify(librrd_error(path))) {
		case OUT_DUPLICATE:
			snprintf(msg, msglen, "cannot update '%s': %s", path, librrd_error(path));
			return ARCHIVE_DUPLICATE;
		case OUT_LOCKED:
			break;
		default:
			snprintf(msg, msglen, "cannot update '%s': %s", path, librrd_error(path));
			return ARCHIVE_FAILED;
		}
		waited = mono_now() - start;
		left = o->lock_wait - waited;
		if (left <= 0) {
			snprintf(msg, msglen, "cannot update '%s': could not lock RRD "
				 "(held by another process for %.1f s)", path, waited);
			return ARCHIVE_FAILED;
		}
		sleep_seconds(delay < left ? delay : left);
		delay = delay * 2 < LOCK_BACKOFF_MAX ? delay * 2 : LOCK_BACKOFF_MAX;
	}
}

static enum archive_status write_direct(const struct archive_opts *o, const char *path,
					const struct archive_sample *s, char *msg, size_t msglen)
{
	char values[UPDATE_BUF];
	struct stat st;

	pthread_once(&librrd_once, librrd_load);
	if (librrd.err[0] != '\0') {
		snprintf(msg, msglen, "cannot update '%s': %s", path, librrd.err);
		return ARCHIVE_FAILED;
	}
	if (stat(path, &st) != 0 && errno == ENOENT) {
		if (make_host_dir(o, path) != 0) {
			snprintf(msg, msglen, "cannot create directory for '%s': %s", path,
				 strerror(errno));
			return ARCHIVE_FAILED;
		}
		if (create_direct(o, path, s->when, msg, msglen) != 0)
			return ARCHIVE_FAILED;
	}
	format_update(o, s, values, sizeof(values));
	return update_direct(o, path, values, msg, msglen);
}

/* ---- writes through rrdcached ---- */

static int is_unix_addr(const char *addr)
{
	return strncmp(addr, "unix:", 5) == 0 || addr[0] == '/';
}

/*
 * rrdcached creates missing directories only when started with -B -R.  When it listens
 * on a UNIX socket it runs on this host, so an absolute host directory can be made here
 * first; for a remote daemon a local directory would be meaningless.
 */
static int create_cached(struct rrdcached *c, const struct archive_opts *o, const char *addr,
			 const char *path, const char *qpath, time_t when,
			 char *reply, size_t replylen)
{
	char layout[LAYOUT_BUF], line[PATH_BUF * 2 + LAYOUT_BUF];
	const char *argv[LAYOUT_MAXARGS];
	int argc = archive_layout(o->step, layout, sizeof(layout), argv, LAYOUT_MAXARGS);
	size_t used;

	if (argc < 0) {
		snprintf(reply, replylen, "step out of range");
		return -1;
	}
	if (is_unix_addr(addr) && path[0] == '/')
		(void)make_host_dir(o, path);	/* if this fails, rrdcached says why */
	used = (size_t)snprintf(line, sizeof(line), "CREATE %s -s %ld -b %lld -O", qpath, o->step,
				(long long)create_start(when));
	for (int i = 0; i < argc && used < sizeof(line); i++)
		used += (size_t)snprintf(line + used, sizeof(line) - used, " %s", argv[i]);
	if (used >= sizeof(line)) {
		snprintf(reply, replylen, "path too long");
		return -1;
	}
	return rrdcached_command(c, line, reply, replylen) < 0 ? -1 : 0;
}

static enum archive_status cached_status(const char *path, const char *addr, int rc,
					 const char *reply, char *msg, size_t msglen)
{
	if (rc >= 0)
		return ARCHIVE_WRITTEN;
	snprintf(msg, msglen, "cannot update '%s' through rrdcached '%s': %s", path, addr, reply);
	return rc != RRDCACHED_EIO && classify(reply) == OUT_DUPLICATE ? ARCHIVE_DUPLICATE
								 : ARCHIVE_FAILED;
}

static enum archive_status write_cached(const struct archive_opts *o, const char *addr,
					const char *path, const struct archive_sample *s,
					char *msg, size_t msglen)
{
	char qpath[PATH_BUF * 2], line[PATH_BUF * 2 + UPDATE_BUF + 16];
	char reply[NINES_ERRLEN], created[NINES_ERRLEN];
	double timeout = o->lock_wait > RRDCACHED_MIN_TIMEOUT ? o->lock_wait : RRDCACHED_MIN_TIMEOUT;
	struct rrdcached *c;
	size_t used;
	int rc;

	if (rrdcached_quote_path(path, qpath, sizeof(qpath)) != 0) {
		snprintf(msg, msglen, "cannot update '%s' through rrdcached: "
			 "path too long or has a line break", path);
		return ARCHIVE_FAILED;
	}
	c = rrdcached_connect(addr, timeout, reply, sizeof(reply));
	if (c == NULL) {
		snprintf(msg, msglen, "cannot update '%s': %s", path, reply);
		return ARCHIVE_FAILED;
	}
	used = (size_t)snprintf(line, sizeof(line), "UPDATE %s ", qpath);
	format_update(o, s, line + used, sizeof(line) - used);
	rc = rrdcached_command(c, line, reply, sizeof(reply));
	if (rc < 0 && rc != RRDCACHED_EIO && classify(reply) == OUT_MISSING) {
		/* Losing a CREATE race to another writer is fine: the UPDATE then succeeds. */
		int crc = create_cached(c, o, addr, path, qpath, s->when, created, sizeof(created));

		rc = rrdcached_command(c, line, reply, sizeof(reply));
		if (crc != 0 && rc < 0 && rc != RRDCACHED_EIO && classify(reply) == OUT_MISSING)
			snprintf(reply, sizeof(reply), "%s", created);
	}
	rrdcached_close(c);
	return cached_status(path, addr, rc, reply, msg, msglen);
}

enum archive_status archive_write(const struct archive_opts *o, const struct archive_sample *s,
				  char *msg, size_t msglen)
{
	char path[PATH_BUF], given[PATH_BUF];
	const char *addr;

	if (msglen > 0)
		msg[0] = '\0';
	if (!archive_enabled(o))
		return ARCHIVE_OFF;
	if (archive_path(o, path, sizeof(path), msg, msglen) != 0)
		return ARCHIVE_FAILED;
	if (o->step < 1 || o->step > 86400 || s->when <= o->step) {
		snprintf(msg, msglen, "cannot update '%s': step or sample time out of range", path);
		return ARCHIVE_FAILED;
	}
	/* An empty --rrdcached asks for direct writes even when the environment names a daemon. */
	addr = o->rrdcached != NULL ? o->rrdcached : getenv("RRDCACHED_ADDRESS");
	if (addr != NULL && *addr != '\0') {
		memcpy(given, path, sizeof(given));
		if (absolute_path(given, path, sizeof(path), msg, msglen) != 0)
			return ARCHIVE_FAILED;
		return write_cached(o, addr, path, s, msg, msglen);
	}
	return write_direct(o, path, s, msg, msglen);
}
