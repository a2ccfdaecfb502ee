#include "import.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#define READ_CHUNK (1 << 20)
#define TABLE_MIN 1024

static char *dup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 64;
	void *q;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	if ((q = realloc(*p, n * size)) == NULL)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

/* ---- files ---- */

static int add_file(struct import_log *l, const char *path)
{
	char **f = realloc(l->files, (l->nfiles + 1) * sizeof(*f));

	if (f == NULL)
		return -1;
	l->files = f;
	if ((f[l->nfiles] = strdup(path)) == NULL)
		return -1;
	l->nfiles++;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A directory's regular files, not hidden ones; their order is settled by their contents. */
static int add_dir(struct import_log *l, const char *path, char *err, size_t errlen)
{
	DIR *d = opendir(path);
	struct dirent *e;
	size_t first = l->nfiles;

	if (d == NULL) {
		snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		char full[4096];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		if (snprintf(full, sizeof(full), "%s/%s", path, e->d_name) >= (int)sizeof(full) ||
		    stat(full, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (add_file(l, full) != 0) {
			closedir(d);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	closedir(d);
	qsort(l->files + first, l->nfiles - first, sizeof(*l->files), by_name);
	return 0;
}

int import_add_path(struct import_log *l, const char *path, char *err, size_t errlen)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		return add_dir(l, path, err, errlen);
	if (add_file(l, path) != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* ---- objects ---- */

static uint64_t hash_bytes(uint64_t h, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

#define HASH_SEED 14695981039346656037ULL

static int table_grow(struct import_log *l)
{
	size_t n = l->tablesize ? l->tablesize * 2 : TABLE_MIN;
	size_t *t = calloc(n, sizeof(*t));

	if (t == NULL)
		return -1;
	for (size_t i = 0; i < l->nobjects; i++) {
		const struct import_object *o = &l->objects[i];
		uint64_t h = hash_bytes(HASH_SEED, o->host, strlen(o->host) + 1);
		size_t k;

		if (o->service != NULL)
			h = hash_bytes(h, o->service, strlen(o->service));
		for (k = h & (n - 1); t[k] != 0; k = (k + 1) & (n - 1))
			;
		t[k] = i + 1;
	}
	free(l->table);
	l->table = t;
	l->tablesize = n;
	return 0;
}

/* Whether the C string a is the n bytes at b (never reads a past its end). */
static int same_name(const char *a, const char *b, size_t n)
{
	return a != NULL && strnlen(a, n + 1) == n && memcmp(a, b, n) == 0;
}

/* The index of the object host;service (service NULL: the host), created when new; -1 memory. */
static long intern(struct import_log *l, const char *host, size_t hostlen, const char *service,
		   size_t servicelen)
{
	long hi = -1;
	uint64_t h;
	size_t k;
	struct import_object *o;

	/* The host first: a service points to its host's object. */
	if (service != NULL && (hi = intern(l, host, hostlen, NULL, 0)) < 0)
		return -1;
	if (2 * (l->nobjects + 1) > l->tablesize && table_grow(l) != 0)
		return -1;
	h = hash_bytes(HASH_SEED, host, hostlen);
	h = hash_bytes(h, "", 1);
	if (service != NULL)
		h = hash_bytes(h, service, servicelen);
	for (k = h & (l->tablesize - 1); l->table[k] != 0; k = (k + 1) & (l->tablesize - 1)) {
		o = &l->objects[l->table[k] - 1];
		if (same_name(o->host, host, hostlen) &&
		    (service == NULL ? o->service == NULL : same_name(o->service, service, servicelen)))
			return (long)(l->table[k] - 1);
	}
	if (grow((void **)&l->objects, &l->capobjects, l->nobjects + 1, sizeof(*o)) != 0)
		return -1;
	o = &l->objects[l->nobjects];
	memset(o, 0, sizeof(*o));
	o->host = dup_n(host, hostlen);
	o->service = service != NULL ? dup_n(service, servicelen) : NULL;
	if (o->host == NULL || (service != NULL && o->service == NULL)) {
		free(o->host);
		free(o->service);
		return -1;
	}
	o->host_object = service != NULL ? (size_t)hi : l->nobjects;
	l->table[k] = ++l->nobjects;
	return (long)(l->nobjects - 1);
}

/* ---- lines ---- */

static void sample(struct import_sample *s, size_t count, const char *file, uint32_t line,
		   const char *what)
{
	if (count <= IMPORT_MAX_SAMPLES)
		snprintf(s[count - 1].text, sizeof(s[count - 1].text), "%s:%lu: %s", file,
			 (unsigned long)line, what);
}

int import_line(struct import_log *l, const char *text, size_t len, uint32_t file,
		uint32_t lineno, long long *file_max)
{
	const char *name = file < l->nfiles ? l->files[file] : "-";
	struct nagioslog_event ev;
	enum nagioslog_error e;
	struct import_event *out;
	long obj = 0;

	l->lines++;
	if (len > 0 && text[len - 1] == '\r')
		len--;
	if (len == 0)
		return 0;
	e = nagioslog_parse(text, len, &ev);
	if (e == NAGIOSLOG_VALID && l->max_time > 0 && ev.when > l->max_time)
		e = NAGIOSLOG_ERANGE;
	if (e != NAGIOSLOG_VALID) {
		l->unusable[e]++;
		l->nunusable++;
		sample(l->unusable_first, l->nunusable, name, lineno, nagioslog_strerror(e));
		return 0;
	}
	if (ev.when < *file_max) {
		char what[128];

		l->backwards++;
		snprintf(what, sizeof(what), "timestamp %lld before %lld, taken as %lld", ev.when,
			 *file_max, *file_max);
		sample(l->backwards_first, l->backwards, name, lineno, what);
		ev.when = *file_max;
	}
	*file_max = ev.when;
	if (!l->any_time || ev.when < l->first_time)
		l->first_time = ev.when;
	if (!l->any_time || ev.when > l->last_time)
		l->last_time = ev.when;
	l->any_time = 1;
	if (ev.kind == NAGIOSLOG_IGNORED)
		return 0;
	if (ev.host != NULL &&
	    (obj = intern(l, ev.host, ev.hostlen, ev.service, ev.servicelen)) < 0)
		return -1;
	if (grow((void **)&l->events, &l->capevents, l->nevents + 1, sizeof(*out)) != 0)
		return -1;
	out = &l->events[l->nevents++];
	out->when = ev.when;
	out->hash = hash_bytes(HASH_SEED, ev.rest, ev.restlen);
	out->file = file;
	out->line = lineno;
	out->object = (uint32_t)obj;
	out->kind = (unsigned char)ev.kind;
	out->state = (unsigned char)ev.state;
	out->hard = (unsigned char)ev.hard;
	out->downtime = (unsigned char)ev.downtime;
	return 0;
}

/* Reads one file, plain or gzip (zlib reads both), line by line; a last line without a
 * newline is still a line (a log cut while being written). */
static int read_file(struct import_log *l, uint32_t file, char *err, size_t errlen)
{
	const char *path = l->files[file];
	gzFile gz = gzopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, have = 0;
	uint32_t lineno = 0;
	long long file_max = 0;
	int n, rc = 0;

	if (gz == NULL) {
		snprintf(err, errlen, "cannot read '%s': %s", path,
			 errno ? strerror(errno) : "out of memory");
		return -1;
	}
	gzbuffer(gz, 256 * 1024);
	for (;;) {
		size_t start = 0;
		char *nl;

		if (grow((void **)&buf, &cap, have + READ_CHUNK, 1) != 0) {
			snprintf(err, errlen, "out of memory");
			rc = -1;
			break;
		}
		n = gzread(gz, buf + have, READ_CHUNK);
		if (n < 0) {
			int zerr;

			snprintf(err, errlen, "cannot read '%s': %s", path, gzerror(gz, &zerr));
			rc = -1;
			break;
		}
		have += (size_t)n;
		while ((nl = memchr(buf + start, '\n', have - start)) != NULL) {
			if (import_line(l, buf + start, (size_t)(nl - (buf + start)), file, ++lineno,
					&file_max) != 0) {
				snprintf(err, errlen, "out of memory");
				rc = -1;
				goto out;
			}
			start = (size_t)(nl - buf) + 1;
		}
		memmove(buf, buf + start, have - start);
		have -= start;
		if (n == 0) {
			if (have > 0 && import_line(l, buf, have, file, ++lineno, &file_max) != 0) {
				snprintf(err, errlen, "out of memory");
				rc = -1;
			}
			break;
		}
	}
out:
	free(buf);
	gzclose(gz);
	return rc;
}

/* ---- order ---- */

/* Each file's rank: files in the order of their first timestamp, whatever their names. */
static uint32_t *file_ranks(const struct import_log *l)
{
	long long *first = malloc((l->nfiles + 1) * sizeof(*first));
	uint32_t *rank = calloc(l->nfiles + 1, sizeof(*rank));

	if (first == NULL || rank == NULL) {
		free(first);
		free(rank);
		return NULL;
	}
	for (size_t f = 0; f < l->nfiles; f++)
		first[f] = -1;
	for (size_t i = 0; i < l->nevents; i++) {
		uint32_t f = l->events[i].file;

		if (f < l->nfiles && (first[f] < 0 || l->events[i].when < first[f]))
			first[f] = l->events[i].when;
	}
	for (size_t f = 0; f < l->nfiles; f++)
		for (size_t g = 0; g < l->nfiles; g++)
			if (first[g] < first[f] || (first[g] == first[f] && g < f))
				rank[f]++;
	free(first);
	return rank;
}

static const uint32_t *sort_rank;

static int by_time_hash(const void *pa, const void *pb)
{
	const struct import_event *a = pa, *b = pb;

	if (a->when != b->when)
		return a->when < b->when ? -1 : 1;
	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	if (sort_rank[a->file] != sort_rank[b->file])
		return sort_rank[a->file] < sort_rank[b->file] ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

static int by_time_file(const void *pa, const void *pb)
{
	const struct import_event *a = pa, *b = pb;

	if (a->when != b->when)
		return a->when < b->when ? -1 : 1;
	if (sort_rank[a->file] != sort_rank[b->file])
		return sort_rank[a->file] < sort_rank[b->file] ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

int import_order(struct import_log *l)
{
	uint32_t *rank = file_ranks(l);
	size_t kept = 0;

	if (rank == NULL)
		return -1;
	if (l->nevents == 0) {	/* qsort must not see the NULL of an empty list */
		free(rank);
		return 0;
	}
	sort_rank = rank;
	qsort(l->events, l->nevents, sizeof(*l->events), by_time_hash);
	for (size_t i = 0; i < l->nevents; i++) {
		if (kept > 0 && l->events[kept - 1].when == l->events[i].when &&
		    l->events[kept - 1].hash == l->events[i].hash) {
			l->duplicates++;
			continue;
		}
		l->events[kept++] = l->events[i];
	}
	l->nevents = kept;
	qsort(l->events, l->nevents, sizeof(*l->events), by_time_file);
	sort_rank = NULL;
	free(rank);
	return 0;
}

int import_read(struct import_log *l, char *err, size_t errlen)
{
	for (size_t f = 0; f < l->nfiles; f++)
		if (read_file(l, (uint32_t)f, err, errlen) != 0)
			return -1;
	if (import_order(l) != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

void import_log_release(struct import_log *l)
{
	if (l == NULL)
		return;
	for (size_t f = 0; f < l->nfiles; f++)
		free(l->files[f]);
	free(l->files);
	for (size_t i = 0; i < l->nobjects; i++) {
		free(l->objects[i].host);
		free(l->objects[i].service);
		free(l->objects[i].segs);
	}
	free(l->objects);
	free(l->events);
	free(l->table);
	memset(l, 0, sizeof(*l));
}
