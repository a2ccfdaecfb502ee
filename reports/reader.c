#include "reader.h"
#include "archive.h"
#include "mono.h"
#include "nines.h"
#include "rrdcached.h"
#include "rrdhead.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <rrd.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Linux reads at most max(read_ahead_kb, max_sectors_kb) per WILLNEED call (8 MB on the
 * dev machine, often 1.25 MB): one call for a whole 30-MB archive reads only its start.
 */
#define PREFETCH_CHUNK (1L << 20)
#define DS_LIST_BUF 200
/* strerror is not thread-safe; this is the GNU strerror_r, which returns the text. */
#define SYS_ERROR(e, buf) strerror_r((e), (buf), sizeof(buf))

static const char *const status_names[] = {
	[READER_OK] = "ok",
	[READER_MISSING] = "missing",
	[READER_UNREADABLE] = "unreadable",
	[READER_CORRUPT] = "corrupt",
	[READER_FOREIGN] = "foreign",
	[READER_NO_DATA] = "no-data",
};

/* librrd messages that mean something other than a damaged file (the file changed under us). */
static const struct {
	const char *text;
	enum reader_status status;
} librrd_errors[] = {
	{ "No such file", READER_MISSING },
	{ "Permission denied", READER_UNREADABLE },
	{ "Input/output error", READER_UNREADABLE },
	{ "could not lock RRD", READER_UNREADABLE },
};


/* What the file header says, as far as reading needs it. */
struct header {
	unsigned long pdp_step, header_size, nds;
	time_t last_update;
	struct rrdhead_rra *rra;	/* every RRA, in file order; freed by reader_read */
	unsigned long nrra;
	long finest;		/* the finest AVERAGE row, seconds; 0 when there is none */
	int reaches;		/* some AVERAGE RRA keeps rows that start before t1 */
	int has_avail;
	char ds[DS_LIST_BUF];	/* the data source names, for the message on a foreign file */
};

const char *reader_status_name(enum reader_status s)
{
	if ((size_t)s >= sizeof(status_names) / sizeof(status_names[0]) || status_names[s] == NULL)
		return "unknown";
	return status_names[s];
}

static enum reader_status fail(char *err, size_t errlen, const char *path, enum reader_status s,
			       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static enum reader_status fail(char *err, size_t errlen, const char *path, enum reader_status s,
			       const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err, errlen, "cannot read '%s': ", path);

	if (n >= 0 && (size_t)n < errlen) {
		va_start(ap, fmt);
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return s;
}

static enum reader_status errno_status(int e)
{
	return e == ENOENT || e == ENOTDIR ? READER_MISSING : READER_UNREADABLE;
}

static enum reader_status librrd_fail(const char *path, char *err, size_t errlen)
{
	const char *e = rrd_get_error();
	enum reader_status s = READER_CORRUPT;

	if (e == NULL || *e == '\0')
		e = "unknown librrd error";
	for (size_t i = 0; i < sizeof(librrd_errors) / sizeof(librrd_errors[0]); i++)
		if (strstr(e, librrd_errors[i].text) != NULL)
			s = librrd_errors[i].status;
	return fail(err, errlen, path, s, "%s", e);
}

/*
 * Opens the file ourselves first so that a missing or unreadable file is told apart from
 * a damaged one, and asks rrdcached to write what it holds.  On READER_OK *fd is open and
 * *size is the file's size.
 */
static enum reader_status open_checked(const char *path, const char *rrdcached,
				       double flush_deadline, int *fd_out, off_t *size, char *err,
				       size_t errlen)
{
	double left = flush_deadline - mono_now();
	char why[NINES_ERRLEN], cookie[4];
	enum reader_status s = READER_OK;
	struct stat st;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);	/* a FIFO must not block */

	if (fd < 0)
		return fail(err, errlen, path, errno_status(errno), "%s", SYS_ERROR(errno, why));
	if (fstat(fd, &st) != 0)
		s = fail(err, errlen, path, READER_UNREADABLE, "%s", SYS_ERROR(errno, why));
	else if (S_ISDIR(st.st_mode))
		s = fail(err, errlen, path, READER_UNREADABLE, "%s", SYS_ERROR(EISDIR, why));
	else if (!S_ISREG(st.st_mode))
		s = fail(err, errlen, path, READER_UNREADABLE, "not a regular file");
	else if (rrdcached != NULL && left <= 0)
		s = fail(err, errlen, path, READER_UNREADABLE, "not flushed: rrdcached '%s' used up "
			 "the %.0f s all FLUSHes of a report may take", rrdcached, READER_FLUSH_TOTAL);
	else if (rrdcached != NULL &&
		 rrdcached_flush(rrdcached, path, left, why, sizeof(why)) != 0)
		s = fail(err, errlen, path, READER_UNREADABLE, "%s", why);
	if (s != READER_OK) {
		close(fd);
		return s;
	}
	got = pread(fd, cookie, sizeof(cookie), 0);
	if (got < 0)
		s = fail(err, errlen, path, READER_UNREADABLE, "%s", SYS_ERROR(errno, why));
	else if (got == 0)
		s = fail(err, errlen, path, READER_CORRUPT, "empty file, not an RRD file");
	else if ((size_t)got < sizeof(cookie) || memcmp(cookie, "RRD", sizeof(cookie)) != 0)
		s = fail(err, errlen, path, READER_CORRUPT, "not an RRD file");
	if (s != READER_OK)
		close(fd);
	else {
		*fd_out = fd;
		*size = st.st_size;
	}
	return s;
}

/* "rra[3].rows" → 3 and "rows"; 0 for any other key. */
static int rra_key(const char *key, unsigned long *idx, const char **field)
{
	char *end;

	if (strncmp(key, "rra[", 4) != 0)
		return 0;
	errno = 0;
	*idx = strtoul(key + 4, &end, 10);
	if (end == key + 4 || errno != 0 || strncmp(end, "].", 2) != 0)
		return 0;
	*field = end + 2;
	return 1;
}

/* "ds[avail].index" → "avail"; NULL for any other key. */
static const char *ds_key(const char *key, size_t *len)
{
	size_t n = strlen(key);
	static const char suffix[] = "].index";

	if (strncmp(key, "ds[", 3) != 0 || n < 3 + sizeof(suffix) ||
	    strcmp(key + n - (sizeof(suffix) - 1), suffix) != 0)
		return NULL;
	*len = n - 3 - (sizeof(suffix) - 1);
	return key + 3;
}

static void add_ds(struct header *h, const char *name, size_t len)
{
	size_t used = strlen(h->ds);

	if (len == strlen(archive_ds_names[ARCHIVE_AVAIL]) &&
	    strncmp(name, archive_ds_names[ARCHIVE_AVAIL], len) == 0)
		h->has_avail = 1;
	h->nds++;
	if (used + len + 3 < sizeof(h->ds))
		snprintf(h->ds + used, sizeof(h->ds) - used, "%s%.*s", used > 0 ? ", " : "",
			 (int)len, name);
}

/* The scalar fields and the number of RRAs. */
static unsigned long header_scalars(const rrd_info_t *info, struct header *h)
{
	unsigned long nrra = 0, idx;
	const char *field, *name;
	size_t len;

	for (const rrd_info_t *i = info; i != NULL; i = i->next) {
		if (strcmp(i->key, "step") == 0 && i->type == RD_I_CNT)
			h->pdp_step = i->value.u_cnt;
		else if (strcmp(i->key, "last_update") == 0 && i->type == RD_I_CNT)
			h->last_update = (time_t)i->value.u_cnt;
		else if (strcmp(i->key, "header_size") == 0 && i->type == RD_I_CNT)
			h->header_size = i->value.u_cnt;
		else if ((name = ds_key(i->key, &len)) != NULL)
			add_ds(h, name, len);
		else if (rra_key(i->key, &idx, &field) && idx >= nrra)
			nrra = idx + 1;
	}
	return nrra;
}

static void rra_fields(const rrd_info_t *info, struct rrdhead_rra *rra, unsigned long nrra)
{
	unsigned long idx;
	const char *field;

	for (const rrd_info_t *i = info; i != NULL; i = i->next) {
		if (!rra_key(i->key, &idx, &field) || idx >= nrra)
			continue;
		if (strcmp(field, "cf") == 0 && i->type == RD_I_STR)
			rra[idx].average = strcmp(i->value.u_str, "AVERAGE") == 0;
		else if (strcmp(field, "rows") == 0 && i->type == RD_I_CNT)
			rra[idx].rows = i->value.u_cnt;
		else if (strcmp(field, "pdp_per_row") == 0 && i->type == RD_I_CNT)
			rra[idx].pdp_per_row = i->value.u_cnt;
		else if (strcmp(field, "cur_row") == 0 && i->type == RD_I_CNT)
			rra[idx].cur_row = i->value.u_cnt;
	}
}

/*
 * The finest AVERAGE row, and whether the oldest row of any AVERAGE RRA starts before t1.
 * An RRA spans what librrd's fetch credits it with: row_cnt rows ending at the last
 * update rounded down to the row.
 */
static void header_rras(time_t t1, struct header *h)
{
	for (unsigned long i = 0; i < h->nrra; i++) {
		const struct rrdhead_rra *rra = &h->rra[i];
		long row = (long)(h->pdp_step * rra->pdp_per_row);
		time_t end, oldest;

		if (!rra->average || row <= 0)
			continue;
		if (h->finest == 0 || row < h->finest)
			h->finest = row;
		end = h->last_update - h->last_update % row;
		oldest = end - (time_t)rra->rows * row;
		if (t1 > oldest)
			h->reaches = 1;
	}
}

/* The numbers librrd's fetch divides by, checked before it does (rrdhead.h). */
static enum reader_status check_header(const char *path, const struct header *h, off_t size,
				       char *err, size_t errlen)
{
	const struct rrdhead hh = {
		.pdp_step = h->pdp_step, .header_size = h->header_size, .nds = h->nds,
		.last_update = (long long)h->last_update, .rra = h->rra, .nrra = h->nrra,
		.file_size = (unsigned long long)size,
	};
	char why[NINES_ERRLEN];

	if (rrdhead_check(&hh, why, sizeof(why)) != 0)
		return fail(err, errlen, path, READER_CORRUPT, "%s", why);
	return READER_OK;
}

/* Fills h, which starts zeroed; h->rra is the caller's to free whatever the outcome. */
static enum reader_status read_header(const char *path, time_t t1, off_t size, struct header *h,
				      char *err, size_t errlen)
{
	rrd_info_t *info;

	rrd_clear_error();
	info = rrd_info_r(path);
	if (info == NULL)
		return librrd_fail(path, err, errlen);
	h->nrra = header_scalars(info, h);
	h->rra = calloc(h->nrra > 0 ? h->nrra : 1, sizeof(*h->rra));
	if (h->rra == NULL) {
		rrd_info_free(info);
		return fail(err, errlen, path, READER_UNREADABLE, "out of memory");
	}
	rra_fields(info, h->rra, h->nrra);
	rrd_info_free(info);
	if (check_header(path, h, size, err, errlen) != READER_OK)
		return READER_CORRUPT;
	header_rras(t1, h);
	if (!h->has_avail)
		return fail(err, errlen, path, READER_FOREIGN,
			    "no data source 'avail' (it has: %s)", h->ds[0] ? h->ds : "none");
	if (h->finest == 0)
		return fail(err, errlen, path, READER_FOREIGN, "no AVERAGE archive");
	return READER_OK;
}

static void advise(int fd, off_t off, off_t len)
{
	for (off_t done = 0; done < len; done += PREFETCH_CHUNK)
		(void)posix_fadvise(fd, off + done, len - done < PREFETCH_CHUNK ? len - done
						: PREFETCH_CHUNK, POSIX_FADV_WILLNEED);
}

/*
 * The rows of one RRA that hold [t0, t1), counted back in its ring buffer from the newest
 * row (cur_row, ending at the last update rounded down): one byte range, or two when they
 * wrap around the end.
 */
static void prefetch_rra(int fd, off_t base, const struct rrdhead_rra *r, const struct header *h,
			 time_t t0, time_t t1)
{
	const off_t rowbytes = (off_t)(h->nds * sizeof(rrd_value_t));
	time_t row = (time_t)(h->pdp_step * r->pdp_per_row), newest, oldest, first, last;
	unsigned long idx, count, tail;

	if (row <= 0 || r->rows == 0 || r->cur_row >= r->rows)
		return;
	newest = h->last_update - h->last_update % row;
	oldest = newest - row * (time_t)(r->rows - 1);
	first = t0 - t0 % row + row;
	last = (t1 - 1) - (t1 - 1) % row + row;
	if (first < oldest)
		first = oldest;
	if (last > newest)
		last = newest;
	if (first > last)
		return;
	count = (unsigned long)((last - first) / row) + 1;
	idx = (r->cur_row + r->rows - (unsigned long)((newest - first) / row)) % r->rows;
	tail = r->rows - idx < count ? r->rows - idx : count;
	advise(fd, base + (off_t)idx * rowbytes, (off_t)tail * rowbytes);
	advise(fd, base, (off_t)(count - tail) * rowbytes);
}

/*
 * librrd maps the file MADV_RANDOM and faults it in 4 KB at a time; asking the kernel
 * for the window's rows first makes that a few large reads.  Every AVERAGE RRA's rows
 * are asked for, because librrd may choose a coarser one; those are few.
 */
static void prefetch(int fd, const struct header *h, time_t t0, time_t t1)
{
	off_t base = (off_t)h->header_size;

	for (unsigned long i = 0; i < h->nrra; i++) {
		if (h->rra[i].average)
			prefetch_rra(fd, base, &h->rra[i], h, t0, t1);
		base += (off_t)(h->nds * h->rra[i].rows * sizeof(rrd_value_t));
	}
}

static void free_fetched(unsigned long nds, char **names, rrd_value_t *data)
{
	for (unsigned long i = 0; names != NULL && i < nds; i++)
		rrd_freemem(names[i]);
	rrd_freemem(names);
	rrd_freemem(data);
}

/* The column of a data source by name, -1 when the archive has none. */
static long column(unsigned long nds, char **names, const char *name)
{
	for (unsigned long c = 0; c < nds; c++)
		if (strcmp(names[c], name) == 0)
			return (long)c;
	return -1;
}

/*
 * Which column says how much of a row was monitored (archive.h).  A per-step row is
 * monitored when its avail is known (librrd keeps a step known only when at most half of
 * it was unknown): no column.  A consolidated row: monitored, the share of its steps with
 * known avail; archives made before it existed have only the legacy cover, the checks'
 * count times the step per second, which is exact only for checks exactly a step apart.
 * Rows older than a monitored column added later (rrdtool tune) take cover's value.
 */
static long coverage_column(size_t n, unsigned long nds, char **names, rrd_value_t *data,
			    long step, long archive_step)
{
	long mon = column(nds, names, ARCHIVE_MONITORED);
	long cover = column(nds, names, archive_ds_names[ARCHIVE_COVER]);

	if (step <= archive_step)
		return -1;
	if (mon < 0)
		return cover;
	for (size_t i = 0; cover >= 0 && i < n; i++)
		if (isnan(data[i * nds + (size_t)mon]))
			data[i * nds + (size_t)mon] = data[i * nds + (size_t)cover];
	return mon;
}

/*
 * Turns librrd's row-major fetch buffer into a series without copying it (the series
 * owns data from now on, also on failure); NULL when out of memory.
 */
static struct series *to_series(time_t start, long step, size_t n, unsigned long nds,
				char **names, rrd_value_t *data, long archive_step)
{
	long col[ARCHIVE_NDS];
	struct series *s;

	/* The plugins' data sources, found by name: other tools' archives need only avail. */
	for (int d = 0; d < ARCHIVE_NDS; d++)
		col[d] = column(nds, names, archive_ds_names[d]);
	col[ARCHIVE_COVER] = coverage_column(n, nds, names, data, step, archive_step);
	s = series_wrap(start, step, n, data, nds, col[ARCHIVE_AVAIL], col[ARCHIVE_RTT],
			col[ARCHIVE_WARN], col[ARCHIVE_DOWNTIME], col[ARCHIVE_COVER]);
	if (s == NULL)
		return NULL;
	s->archive_step = archive_step;
	return s;
}

/*
 * Asking for the finest step makes librrd pick the finest AVERAGE RRA that reaches back
 * to t0, or else a coarser one, and align start down and end up to that RRA's row.
 * end = t1 - 1 because librrd moves an aligned end one row further.
 */
static enum reader_status fetch(const char *path, time_t t0, time_t t1, const struct header *h,
				struct series **out, char *err, size_t errlen)
{
	time_t start = t0, end = t1 - 1;
	unsigned long step = (unsigned long)h->finest, nds = 0;
	char **names = NULL;
	rrd_value_t *data = NULL;
	size_t n;

	rrd_clear_error();
	if (rrd_fetch_r(path, "AVERAGE", &start, &end, &step, &nds, &names, &data) != 0)
		return librrd_fail(path, err, errlen);
	if (step == 0 || start > t0 || end < t1 || (end - start) % (time_t)step != 0) {
		free_fetched(nds, names, data);
		return fail(err, errlen, path, READER_CORRUPT, "librrd returned rows that do not "
			    "cover the window (step %lu)", step);
	}
	n = (size_t)((end - start) / (time_t)step);
	*out = to_series(start, (long)step, n, nds, names, data, h->finest);
	free_fetched(nds, names, NULL);
	if (*out == NULL)
		return fail(err, errlen, path, READER_UNREADABLE, "out of memory for %zu rows", n);
	return READER_OK;
}

enum reader_status reader_read(const char *path, time_t t0, time_t t1, const char *rrdcached,
			       struct series **out, char *err, size_t errlen)
{
	return reader_read_until(path, t0, t1, rrdcached, mono_now() + READER_FLUSH_TOTAL,
				 out, err, errlen);
}

enum reader_status reader_read_until(const char *path, time_t t0, time_t t1,
				     const char *rrdcached, double flush_deadline,
				     struct series **out, char *err, size_t errlen)
{
	struct header h = { 0 };
	enum reader_status s;
	int fd = -1;
	off_t size = 0;

	*out = NULL;
	if (errlen > 0)
		err[0] = '\0';
	if (t1 <= t0)
		return fail(err, errlen, path, READER_NO_DATA, "empty window");
	if ((s = open_checked(path, rrdcached, flush_deadline, &fd, &size, err, errlen)) !=
	    READER_OK)
		return s;
	s = read_header(path, t1, size, &h, err, errlen);
	/* A window after the last update is not an error: it reads as unknown rows. */
	if (s == READER_OK && !h.reaches)
		s = fail(err, errlen, path, READER_NO_DATA,
			 "the window ends before the oldest row the archive keeps");
	if (s == READER_OK)
		prefetch(fd, &h, t0, t1);
	close(fd);
	if (s == READER_OK)
		s = fetch(path, t0, t1, &h, out, err, errlen);
	free(h.rra);
	return s;
}

/* ---- the pool ---- */

struct pool {
	atomic_size_t next;
	size_t n;
	void (*fn)(void *ctx, size_t i);
	void *ctx;
};

static void *pool_work(void *arg)
{
	struct pool *p = arg;
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->n)
		p->fn(p->ctx, i);
	return NULL;
}

/* The calling thread works too, so nthreads - 1 threads are started. */
int reader_pool_run(size_t n, int nthreads, void (*fn)(void *ctx, size_t i), void *ctx)
{
	struct pool p = { .n = n, .fn = fn, .ctx = ctx };
	pthread_t *tids;
	size_t want, started = 0;
	int rc = 0;

	atomic_init(&p.next, 0);
	if (nthreads <= 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);

		nthreads = cpus > 0 ? (int)(cpus < 4096 ? cpus : 4096) : 1;
	}
	want = (size_t)nthreads < n ? (size_t)nthreads : n;
	tids = want > 1 ? calloc(want - 1, sizeof(*tids)) : NULL;
	if (want > 1 && tids == NULL)
		rc = -1;
	for (; tids != NULL && started < want - 1; started++)
		if (pthread_create(&tids[started], NULL, pool_work, &p) != 0) {
			rc = -1;
			break;
		}
	pool_work(&p);
	for (size_t t = 0; t < started; t++)
		pthread_join(tids[t], NULL);
	free(tids);
	return rc;
}
