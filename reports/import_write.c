#include "import_write.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <rrd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "archive.h"

#define BATCH 4096
#define LINE 96
#define LAYOUT_BUF 1024
#define LAYOUT_MAXARGS 16

/*
 * Writes ":v" at out: archive values are 0, 1, whole seconds or unknown, so integers or U.
 * By hand rather than with snprintf: a year of 200 services is 50 million updates, and
 * snprintf's format parsing was a tenth of the whole import.  Returns the bytes written.
 */
static size_t put_value(double v, char *out)
{
	char digits[24];
	size_t n = 0, k = 0;
	long long x;

	out[n++] = ':';
	if (isnan(v) || v < 0 || v > 1e15) {
		out[n++] = 'U';
		return n;
	}
	x = (long long)v;
	do {
		digits[k++] = (char)('0' + x % 10);
		x /= 10;
	} while (x > 0);
	while (k > 0)
		out[n++] = digits[--k];
	return n;
}

void import_format_update(const struct import_update *u, char *out, size_t outlen)
{
	const double v[ARCHIVE_NDS] = {
		[ARCHIVE_AVAIL] = u->avail, [ARCHIVE_RTT] = NAN, [ARCHIVE_WARN] = u->warn,
		[ARCHIVE_DOWNTIME] = u->downtime, [ARCHIVE_LOSS] = NAN, [ARCHIVE_COVER] = u->cover,
	};
	char buf[ARCHIVE_NDS * 20 + 24];
	size_t used = put_value((double)u->when, buf) - 1;

	memmove(buf, buf + 1, used);
	for (int i = 0; i < ARCHIVE_NDS; i++)
		used += put_value(v[i], buf + used);
	if (outlen == 0)
		return;
	if (used >= outlen)
		used = outlen - 1;
	memcpy(out, buf, used);
	out[used] = '\0';
}

static const char *rrd_message(void)
{
	const char *e = rrd_get_error();

	return e != NULL && *e != '\0' ? e : "unknown librrd error";
}

static int make_parent(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');

	if (slash == NULL || (size_t)(slash - path) >= sizeof(dir))
		return 0;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	return mkdir(dir, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

/* Creates path under a temporary name and links it into place: an existing file wins. */
static int create(const char *path, long step, long long start, char *err, size_t errlen)
{
	char tmp[4096], layout[LAYOUT_BUF];
	const char *argv[LAYOUT_MAXARGS];
	int argc = archive_layout(step, layout, sizeof(layout), argv, LAYOUT_MAXARGS);
	int rc = 0;

	if (argc < 0 || snprintf(tmp, sizeof(tmp), "%s.%ld.import.tmp", path, (long)getpid()) >=
				(int)sizeof(tmp)) {
		snprintf(err, errlen, "cannot create '%s': path or step out of range", path);
		return -1;
	}
	if (make_parent(path) != 0) {
		snprintf(err, errlen, "cannot create the directory of '%s': %s", path,
			 strerror(errno));
		return -1;
	}
	rrd_clear_error();
	if (rrd_create_r(tmp, (unsigned long)step, (time_t)start, argc, argv) != 0) {
		snprintf(err, errlen, "cannot create '%s': %s", path, rrd_message());
		unlink(tmp);
		return -1;
	}
	if (link(tmp, path) != 0) {
		snprintf(err, errlen, errno == EEXIST ? "refusing to write '%s': it already exists"
			 : "cannot create '%s': %s", path, strerror(errno));
		rc = -1;
	}
	unlink(tmp);
	return rc;
}

int import_write_archive(const char *path, long step, const struct import_update *u, size_t n,
			 char *err, size_t errlen)
{
	char tmpl[128] = "", *lines = NULL;
	const char **argv = NULL;
	struct stat st;
	int rc = 0;

	if (n == 0)
		return 0;
	/* Names, not positions: the values follow archive_ds_names' order. */
	for (int i = 0; i < ARCHIVE_NDS; i++) {
		strcat(tmpl, i > 0 ? ":" : "");
		strcat(tmpl, archive_ds_names[i]);
	}
	if (lstat(path, &st) == 0 || errno != ENOENT) {
		snprintf(err, errlen, "refusing to write '%s': it already exists", path);
		return -1;
	}
	/*
	 * The archive starts where the step of the first update begins, so the time before
	 * the first state is that row's unmonitored share (cover 0) and the rest of the row
	 * counts exactly; a start inside the row would leave its head out of the row's average.
	 */
	if (create(path, step, (u[0].when - 1) / step * step, err, errlen) != 0)
		return -1;
	lines = malloc((size_t)BATCH * LINE);
	argv = malloc(BATCH * sizeof(*argv));
	if (lines == NULL || argv == NULL) {
		snprintf(err, errlen, "out of memory");
		rc = -1;
	}
	for (size_t i = 0; rc == 0 && i < n; i += BATCH) {
		size_t k = n - i < BATCH ? n - i : BATCH;

		for (size_t j = 0; j < k; j++) {
			argv[j] = lines + j * LINE;
			import_format_update(&u[i + j], lines + j * LINE, LINE);
		}
		rrd_clear_error();
		if (rrd_update_r(path, tmpl, (int)k, argv) != 0) {
			snprintf(err, errlen, "cannot update '%s': %s", path, rrd_message());
			rc = -1;
		}
	}
	free(lines);
	free(argv);
	if (rc != 0)
		unlink(path);
	return rc;
}
