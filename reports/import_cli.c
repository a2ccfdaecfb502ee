#include "import_cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "archive.h"
#include "import.h"
#include "import_write.h"
#include "nines.h"
#include "num.h"

#define EXIT_DONE	0
#define EXIT_TROUBLE	2
/* The host's own archive beside its services'; archive_name_encode never makes a name
 * starting with '%' followed by a lowercase letter, so no service can be called this. */
#define HOST_ARCHIVE "%host.rrd"

static const char usage_text[] =
	"Usage: sla-report import --nagios-log PATH... --rrd-dir DIR [options]\n"
	"Imports Nagios, Naemon or Icinga (compatlog) state history into one new archive\n"
	"per service, DIR/<host>/<service>.rrd, and per host, DIR/<host>/" HOST_ARCHIVE ".\n"
	"\n"
	"      --nagios-log PATH   a log file (plain or .gz) or a directory of them\n"
	"                          (repeatable; read in time order whatever their names)\n"
	"      --rrd-dir DIR       where the archives go (DIR must exist; existing\n"
	"                          archives are never written: the import refuses)\n"
	"      --since TIME        import from TIME (EPOCH, @EPOCH, YYYY-MM-DD or\n"
	"                          YYYY-MM-DDTHH:MM:SS, local time)\n"
	"      --until TIME        up to TIME, exclusive (default: the last line read)\n"
	"      --host NAME         only this host (repeatable)\n"
	"      --service NAME      only services of this name (repeatable)\n"
	"      --step SECONDS      archive step, 10..86400 (default 60)\n"
	"      --soft-states       SOFT states count too (default: HARD only)\n"
	"      --assume-states-while-stopped\n"
	"                          keep the last states while the program was stopped\n"
	"                          (default: that time is unmonitored)\n"
	"  -h, --help              this text\n";

enum { OPT_LOG = 0x100, OPT_DIR, OPT_SINCE, OPT_UNTIL, OPT_HOST, OPT_SERVICE, OPT_STEP,
       OPT_SOFT, OPT_ASSUME };

static const struct option longopts[] = {
	{ "nagios-log", required_argument, NULL, OPT_LOG },
	{ "rrd-dir", required_argument, NULL, OPT_DIR },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "host", required_argument, NULL, OPT_HOST },
	{ "service", required_argument, NULL, OPT_SERVICE },
	{ "step", required_argument, NULL, OPT_STEP },
	{ "soft-states", no_argument, NULL, OPT_SOFT },
	{ "assume-states-while-stopped", no_argument, NULL, OPT_ASSUME },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct cli {
	const char **logs, **hosts, **services;
	size_t nlogs, nhosts, nservices;
	const char *dir;
	long step;
	struct import_options o;
	int done;
};

/* EPOCH, @EPOCH, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS in the local zone (TZ). */
static int parse_time(const char *s, long long *out, char *err, size_t errlen)
{
	struct tm tm;
	const char *end;
	long v;

	if (*s == '@')
		s++;
	if (strchr(s, '-') == NULL) {
		if (num_long(s, 1, LONG_MAX, &v, err, errlen) != 0)
			return -1;
		*out = v;
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%d", &tm);
	if (end != NULL && *end == 'T')
		end = strptime(end + 1, "%H:%M:%S", &tm);
	if (end == NULL || *end != '\0') {
		snprintf(err, errlen, "'%s' is not EPOCH, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS", s);
		return -1;
	}
	tm.tm_isdst = -1;
	*out = (long long)mktime(&tm);
	return 0;
}

static int one_opt(struct cli *c, int opt, const char *arg, char *err, size_t errlen)
{
	switch (opt) {
	case OPT_LOG: c->logs[c->nlogs++] = arg; return 0;
	case OPT_DIR: c->dir = arg; return 0;
	case OPT_SINCE: return parse_time(arg, &c->o.since, err, errlen);
	case OPT_UNTIL: return parse_time(arg, &c->o.until, err, errlen);
	case OPT_HOST: c->hosts[c->nhosts++] = arg; return 0;
	case OPT_SERVICE: c->services[c->nservices++] = arg; return 0;
	case OPT_STEP: return num_long(arg, ARCHIVE_MIN_STEP, 86400, &c->step, err, errlen);
	case OPT_SOFT: c->o.soft_states = 1; return 0;
	case OPT_ASSUME: c->o.assume_while_stopped = 1; return 0;
	case 'h': fputs(usage_text, stdout); c->done = 1; return 0;
	default:
		snprintf(err, errlen, "unknown option (see sla-report import --help)");
		return -1;
	}
}

static int parse_args(int argc, char **argv, struct cli *c, char *err, size_t errlen)
{
	int opt;

	c->step = ARCHIVE_DEFAULT_STEP;
	optind = 1;
	opterr = 0;
	while (!c->done && (opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (opt == ':' || opt == '?') {
			snprintf(err, errlen, opt == ':' ? "option '%s' needs a value" :
				 "unknown option '%s'", argv[optind - 1]);
			return -1;
		}
		if (one_opt(c, opt, optarg, err, errlen) != 0)
			return -1;
	}
	if (c->done)
		return 0;
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (c->nlogs == 0 || c->dir == NULL) {
		snprintf(err, errlen, "give --nagios-log PATH and --rrd-dir DIR "
			 "(see sla-report import --help)");
		return -1;
	}
	if (c->o.until > 0 && c->o.until <= c->o.since) {
		snprintf(err, errlen, "--until must be after --since");
		return -1;
	}
	return 0;
}

static int listed(const char *name, const char **list, size_t n)
{
	if (n == 0)
		return 1;
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return 1;
	return 0;
}

/* Host archives follow the host filter, and are left out when services are picked by name. */
static int wanted(const struct cli *c, const struct import_object *obj)
{
	if (!listed(obj->host, c->hosts, c->nhosts))
		return 0;
	if (obj->service == NULL)
		return c->nservices == 0;
	return listed(obj->service, c->services, c->nservices);
}

static int object_path(const struct cli *c, const struct import_object *obj, char *out,
		       size_t outlen, char *err, size_t errlen)
{
	struct archive_opts ao = ARCHIVE_OPTS_INIT;
	char *slash;

	ao.dir = c->dir;
	ao.host = obj->host;
	ao.service = obj->service != NULL ? obj->service : "x";
	if (archive_path(&ao, out, outlen, err, errlen) != 0)
		return -1;
	if (obj->service == NULL) {
		slash = strrchr(out, '/');
		if ((size_t)(slash + 1 - out) + sizeof(HOST_ARCHIVE) > outlen) {
			snprintf(err, errlen, "cannot use host name '%s': path too long", obj->host);
			return -1;
		}
		strcpy(slash + 1, HOST_ARCHIVE);
	}
	return 0;
}

static void print_time(long long t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL || strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		snprintf(buf, len, "@%lld", t);
}

static void print_read(const struct import_log *l)
{
	printf("read %zu lines from %zu files: %zu state and downtime events, %zu duplicate "
	       "lines counted once, %zu SOFT states skipped\n", l->lines, l->nfiles,
	       l->nevents, l->duplicates, l->soft_skipped);
	if (l->nunusable > 0) {
		printf("unusable lines: %zu\n", l->nunusable);
		for (int e = 1; e < NAGIOSLOG_NERRORS; e++)
			if (l->unusable[e] > 0)
				printf("  %s: %zu\n", nagioslog_strerror((enum nagioslog_error)e),
				       l->unusable[e]);
		for (size_t i = 0; i < l->nunusable && i < IMPORT_MAX_SAMPLES; i++)
			printf("  %s\n", l->unusable_first[i].text);
	}
	if (l->backwards > 0) {
		printf("timestamps going backwards: %zu\n", l->backwards);
		for (size_t i = 0; i < l->backwards && i < IMPORT_MAX_SAMPLES; i++)
			printf("  %s\n", l->backwards_first[i].text);
	}
}

/* Checks every target first: an import that would touch an existing archive writes nothing. */
static int check_targets(const struct cli *c, const struct import_log *l, char *err,
			 size_t errlen)
{
	char path[PATH_MAX];
	struct stat st;

	for (size_t i = 0; i < l->nobjects; i++) {
		if (!wanted(c, &l->objects[i]))
			continue;
		if (object_path(c, &l->objects[i], path, sizeof(path), err, errlen) != 0)
			return -1;
		if (lstat(path, &st) == 0) {
			snprintf(err, errlen, "refusing to import: '%.600s' already exists (an import "
				 "never writes into an existing archive; remove it or import into "
				 "another --rrd-dir)", path);
			return -1;
		}
	}
	return 0;
}

static int write_all(const struct cli *c, const struct import_log *l, char *err, size_t errlen)
{
	long long end = import_end(l, &c->o);
	size_t services = 0, hosts = 0;

	for (size_t i = 0; i < l->nobjects; i++) {
		const struct import_object *obj = &l->objects[i];
		char path[PATH_MAX], from[32], to[32];
		struct import_update *u;
		size_t n;

		if (!wanted(c, obj))
			continue;
		u = import_updates(obj, c->o.since, end, c->step, &n);
		if (u == NULL && n > 0) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		if (n == 0)
			continue;
		if (object_path(c, obj, path, sizeof(path), err, errlen) != 0 ||
		    import_write_archive(path, c->step, u, n, err, errlen) != 0) {
			free(u);
			return -1;
		}
		print_time(u[0].when, from, sizeof(from));
		print_time(u[n - 1].when, to, sizeof(to));
		printf("  %s%s%s: %zu events, %s .. %s, %zu updates -> %s\n", obj->host,
		       obj->service ? ";" : "", obj->service ? obj->service : " (host)",
		       obj->events, from, to, n, path);
		if (obj->service != NULL)
			services++;
		else
			hosts++;
		free(u);
	}
	printf("imported %zu services and %zu hosts into %s\n", services, hosts, c->dir);
	return 0;
}

int import_main(int argc, char **argv)
{
	struct import_log l;
	struct cli c;
	char err[1024];
	int rc = EXIT_TROUBLE;

	memset(&c, 0, sizeof(c));
	memset(&l, 0, sizeof(l));
	c.logs = calloc((size_t)argc + 1, sizeof(char *));
	c.hosts = calloc((size_t)argc + 1, sizeof(char *));
	c.services = calloc((size_t)argc + 1, sizeof(char *));
	if (c.logs == NULL || c.hosts == NULL || c.services == NULL)
		snprintf(err, sizeof(err), "out of memory");
	else if (parse_args(argc, argv, &c, err, sizeof(err)) == 0) {
		rc = EXIT_DONE;
		if (c.done)
			goto out;
		rc = EXIT_TROUBLE;
		l.max_time = (long long)time(NULL) + 86400;
		for (size_t i = 0; i < c.nlogs; i++)
			if (import_add_path(&l, c.logs[i], err, sizeof(err)) != 0)
				goto fail;
		if (import_read(&l, err, sizeof(err)) != 0)
			goto fail;
		print_read(&l);
		if (import_replay(&l, &c.o) != 0) {
			snprintf(err, sizeof(err), "out of memory");
			goto fail;
		}
		if (check_targets(&c, &l, err, sizeof(err)) != 0 ||
		    write_all(&c, &l, err, sizeof(err)) != 0)
			goto fail;
		rc = EXIT_DONE;
		goto out;
	}
fail:
	fprintf(stderr, "sla-report import: %s\n", err);
out:
	import_log_release(&l);
	free(c.logs);
	free(c.hosts);
	free(c.services);
	return rc;
}
