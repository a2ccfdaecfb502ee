/*
 * import — Nagios/Naemon/Icinga state history (their logs) into timelines per service and
 * host, ready to be written as archives of the plugins' layout.
 *
 *   import_read()      files and directories of logs, plain or gzip, into one event list
 *                      in time order (files ordered by their first timestamp, whatever their
 *                      names; a line seen twice at the same second counted once; a timestamp
 *                      that goes backwards within a file taken as the one before it)
 *   import_replay()    the events through the state machine (README "sla-report import"
 *                      lists every rule) into a timeline per object
 *   import_updates()   one object's timeline as archive updates (import_write.c writes them)
 */
#ifndef IMPORT_H
#define IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "nagioslog.h"

#define IMPORT_MAX_SAMPLES 5	/* unusable lines and backwards timestamps shown as file:line */

/* What an object is in, from a given second on. */
enum import_state {
	IMPORT_NONE,		/* no state known: before the first, program stopped, UNKNOWN */
	IMPORT_UP,		/* OK, or host UP */
	IMPORT_WARNING,		/* WARNING: up, with the warn flag */
	IMPORT_DOWN,		/* CRITICAL, or host DOWN / UNREACHABLE */
};

struct import_segment {
	long long start;	/* the state holds from here to the next segment's start */
	unsigned char state;	/* enum import_state */
	unsigned char downtime;	/* 1 in scheduled downtime (its own, or its host's) */
};

struct import_object {
	char *host;
	char *service;		/* NULL: the host itself */
	size_t host_object;	/* index of the host's own object (itself for a host) */
	struct import_segment *segs;
	size_t nsegs, capsegs;
	size_t events;		/* log events that changed or confirmed its state */
	/* the state machine */
	int state;		/* enum import_state of the last state line */
	int downtime;
};

/* One usable log line, compact; names are the object's. */
struct import_event {
	long long when;
	uint64_t hash;		/* of the text after the timestamp: duplicate lines */
	uint32_t file, line, object;
	unsigned char kind, state, hard, downtime;
};

struct import_sample {
	char text[512];		/* "file:line: reason" */
};

struct import_log {
	char **files;			/* in the order given, directories expanded */
	size_t nfiles;
	struct import_event *events;	/* after import_read: sorted, duplicates removed */
	size_t nevents, capevents;
	struct import_object *objects;
	size_t nobjects, capobjects;
	size_t *table;			/* open addressing: object index + 1, 0 empty */
	size_t tablesize;
	/* what was read */
	size_t lines, duplicates, soft_skipped;
	size_t unusable[NAGIOSLOG_NERRORS];
	size_t nunusable;
	struct import_sample unusable_first[IMPORT_MAX_SAMPLES];
	size_t backwards;
	struct import_sample backwards_first[IMPORT_MAX_SAMPLES];
	long long first_time, last_time;	/* of every line with a timestamp */
	long long max_time;		/* later timestamps are unusable (0: no limit): set it to
					 * about now, so one damaged line cannot stretch every
					 * timeline into the future */
	int any_time;
};

struct import_options {
	int soft_states;		/* --soft-states: SOFT states count too */
	int assume_while_stopped;	/* --assume-states-while-stopped */
	long long since, until;		/* [since, until); until 0: the last timestamp read */
};

/* Adds one log file or directory of them to l->files. 0, or -1 with a message. */
int import_add_path(struct import_log *l, const char *path, char *err, size_t errlen);

/* Reads every file of l into l->events (see above).  0, or -1 with a message. */
int import_read(struct import_log *l, char *err, size_t errlen);

/*
 * Parses and records one line of file index file (line number lineno); the unit of
 * import_read(), public so that tests and the fuzzer can feed lines directly.  0, or -1
 * when out of memory.
 */
int import_line(struct import_log *l, const char *text, size_t len, uint32_t file,
		uint32_t lineno, long long *file_max);

/* Sorts l->events into time order and removes duplicate lines.  0, or -1 out of memory. */
int import_order(struct import_log *l);

/* Runs the events through the state machine into each object's segments.  0 or -1 (memory). */
int import_replay(struct import_log *l, const struct import_options *o);

/* The end of every timeline: o->until, or the last timestamp read. */
long long import_end(const struct import_log *l, const struct import_options *o);

/* One update of an archive: the values of the interval (previous update, when]. */
struct import_update {
	long long when;
	double avail, warn, downtime, cover;	/* NAN: unknown */
};

/*
 * The updates that write object obj's timeline, clipped to [since, end), for an archive
 * of this step: one at every change of state, one at least every 2 x step while a state is
 * known, none while it is not (so the gap shows as unmonitored).  Returns a new array of
 * *n updates (NULL with *n 0 when the object never had a known state); caller frees it.
 */
struct import_update *import_updates(const struct import_object *obj, long long since,
				     long long end, long step, size_t *n);

/* The seconds-since-previous-update rule of the archive's cover data source. */
double import_cover_value(long long prev, long long when, long step);

void import_log_release(struct import_log *l);

#endif
