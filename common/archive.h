/*
 * archive — the RRD archive every plugin writes and sla-report reads.
 *
 * One RRD per service at <rrd-dir>/<host>/<service>.rrd.  Data sources, SI base units,
 * in this order (readers look them up by name; only avail, and rtt for latency, are required):
 *
 *   avail     GAUGE    0..1  1 the service answered / was up, 0 it did not
 *   rtt       GAUGE    0..U  latency of this check in seconds, U when there was no answer
 *   warn      GAUGE    0..1  1 when the check state was WARNING (so policy can count it either way)
 *   downtime  GAUGE    0..1  1 when the service was in scheduled downtime ($SERVICEDOWNTIME$ > 0)
 *   loss      GAUGE    0..1  fraction of probes lost in this check, U when not measured
 *   cover     ABSOLUTE 0..U  legacy, written as the step on every update (heartbeat one year);
 *                            read only from archives made before monitored existed
 *   monitored COMPUTE        avail,UN,0,1,IF: librrd makes it 1 for every step whose avail is
 *                            known and 0 for every other, so a consolidated row's value is the
 *                            share of its steps that were monitored.  Not written: computed.
 *
 * Heartbeat of all but cover: 2 × step.  A check makes the time back to the previous one
 * known when that is within the heartbeat; a longer gap is unknown (unmonitored) time.
 * librrd keeps a step known when at most half of it is unknown, averaging over the known
 * part, so a per-step row is either monitored or not; monitored carries that into the
 * consolidated rows.  A new file starts one second before its first sample: the archive's
 * history starts at its first check.
 * RRAs (xff 0.99; a row is known when any of it is, and monitored says how much):
 *   AVERAGE at 1 step for ARCHIVE_FINE_DAYS days (per-check data for a year of monthly back-tests)
 *   AVERAGE and MAX at 1 hour for ARCHIVE_HOURLY_DAYS days, at 1 day for ARCHIVE_DAILY_DAYS days
 * A value applies to the interval ending at its timestamp.
 */
#ifndef ARCHIVE_H
#define ARCHIVE_H

#include <stddef.h>
#include <time.h>

#define ARCHIVE_DEFAULT_STEP  60
/* Per-check rows for ARCHIVE_FINE_DAYS at a 1-s step would make a 1.8 GB file per service. */
#define ARCHIVE_MIN_STEP      10
#define ARCHIVE_FINE_DAYS     430
#define ARCHIVE_HOURLY_DAYS   (5 * 366)
#define ARCHIVE_DAILY_DAYS    (10 * 366)
#define ARCHIVE_COVER_HEARTBEAT (366L * 86400)
#define ARCHIVE_XFF           "0.99"

enum archive_ds { ARCHIVE_AVAIL, ARCHIVE_RTT, ARCHIVE_WARN, ARCHIVE_DOWNTIME, ARCHIVE_LOSS,
		  ARCHIVE_COVER, ARCHIVE_NDS };
extern const char *const archive_ds_names[ARCHIVE_NDS];
/* The computed data source after the written ones (not part of an update line). */
#define ARCHIVE_MONITORED      "monitored"
#define ARCHIVE_MONITORED_RPN  "avail,UN,0,1,IF"
/* Data sources in the layout: the written ones and monitored. */
#define ARCHIVE_LAYOUT_NDS     (ARCHIVE_NDS + 1)

/* What one check run records.  NAN means unknown (written as U). */
struct archive_sample {
	time_t when;		/* end of the interval this sample describes */
	double avail;		/* 1 up, 0 down, NAN when the plugin itself failed */
	double rtt;		/* seconds, NAN when there was no answer */
	double warn;		/* 1 WARNING, 0 otherwise */
	double downtime;	/* 1 in scheduled downtime, 0 otherwise */
	double loss;		/* 0..1, NAN when not measured */
};
#define ARCHIVE_SAMPLE_INIT { 0, NAN, NAN, 0, 0, NAN }

/* Where and how to write; filled by archive_opt() from the command line. */
struct archive_opts {
	const char *file;	/* --rrd FILE */
	const char *dir;	/* --rrd-dir DIR, with host and service */
	const char *host;	/* --host-name NAME ($HOSTNAME$) */
	const char *service;	/* --service NAME ($SERVICEDESC$) */
	const char *rrdcached;	/* --rrdcached ADDR, else $RRDCACHED_ADDRESS; NULL: direct */
	long step;		/* --step SECONDS (ARCHIVE_MIN_STEP..86400), default ARCHIVE_DEFAULT_STEP */
	long downtime;		/* --downtime N ($SERVICEDOWNTIME$), 0 none */
	double lock_wait;	/* seconds to keep retrying a locked file, default 2 */
};
#define ARCHIVE_OPTS_INIT { NULL, NULL, NULL, NULL, NULL, ARCHIVE_DEFAULT_STEP, 0, 2.0 }

/* Long options every plugin accepts for the archive; ids from ARCHIVE_OPT_BASE up. */
#define ARCHIVE_OPT_BASE 0x400
#define ARCHIVE_LONGOPTS \
	{ "rrd",       required_argument, NULL, ARCHIVE_OPT_BASE + 0 }, \
	{ "rrd-dir",   required_argument, NULL, ARCHIVE_OPT_BASE + 1 }, \
	{ "host-name", required_argument, NULL, ARCHIVE_OPT_BASE + 2 }, \
	{ "service",   required_argument, NULL, ARCHIVE_OPT_BASE + 3 }, \
	{ "step",      required_argument, NULL, ARCHIVE_OPT_BASE + 4 }, \
	{ "rrdcached", required_argument, NULL, ARCHIVE_OPT_BASE + 5 }, \
	{ "downtime",  required_argument, NULL, ARCHIVE_OPT_BASE + 6 }
#define ARCHIVE_USAGE \
	"Archive (one sample per run; see README):\n" \
	"  --rrd FILE              write to this RRD file\n" \
	"  --rrd-dir DIR           or to DIR/<host-name>/<service>.rrd, with:\n" \
	"  --host-name NAME        host name, e.g. $HOSTNAME$\n" \
	"  --service NAME          service name, e.g. $SERVICEDESC$\n" \
	"  --step SECONDS          check interval = RRD step for new files, 10..86400\n" \
	"                          (default 60)\n" \
	"  --rrdcached ADDR        write through rrdcached (unix:/path or host[:port]);\n" \
	"                          default $RRDCACHED_ADDRESS; never mix with direct writes\n" \
	"  --downtime N            scheduled downtime depth, e.g. $SERVICEDOWNTIME$\n"

/*
 * Handles one archive option from getopt_long: returns 1 if opt was one of
 * ARCHIVE_LONGOPTS (stored in o), 0 if not, -1 with a message for a bad value.
 */
int archive_opt(struct archive_opts *o, int opt, const char *arg, char *err, size_t errlen);

/* 1 when the options ask for an archive at all (so plugins can skip the whole step). */
int archive_enabled(const struct archive_opts *o);

/*
 * Encodes one host or service name as a single path component that cannot escape its
 * directory: bytes outside [A-Za-z0-9_-.] and a leading '.' become %XX, so the mapping
 * is one-to-one and safe for rrdcached's space-separated protocol.  -1 on an empty name
 * or one that does not fit.
 */
int archive_name_encode(const char *name, char *out, size_t outlen);

/* The file the options name (--rrd as given, or dir/host/service.rrd). */
int archive_path(const struct archive_opts *o, char *out, size_t outlen, char *err, size_t errlen);

/*
 * The rrdcreate arguments of the layout above for a step ("DS:avail:GAUGE:120:0:1", ...,
 * "RRA:AVERAGE:0.99:1:619200", ...).  Fills argv with pointers into buf; returns argc or -1.
 */
int archive_layout(long step, char *buf, size_t buflen, const char **argv, int maxargs);

enum archive_status {
	ARCHIVE_OFF,		/* no archive asked for */
	ARCHIVE_WRITTEN,	/* sample recorded (file created first if it was missing) */
	ARCHIVE_DUPLICATE,	/* a sample for this second is already there: nothing to do */
	ARCHIVE_FAILED,		/* not recorded; msg says why */
};

/*
 * Records one sample: directly (creating the file and the host directory if missing,
 * retrying while another process holds the lock, for up to lock_wait seconds) or through
 * rrdcached (CREATE when missing, then UPDATE).  Direct writes load librrd on first use
 * with dlopen(), so plugins that write through rrdcached never pay for it.  On anything
 * but ARCHIVE_WRITTEN/OFF, msg says what happened.
 */
enum archive_status archive_write(const struct archive_opts *o, const struct archive_sample *s,
				  char *msg, size_t msglen);

#endif
