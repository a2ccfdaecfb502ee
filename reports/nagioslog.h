/*
 * nagioslog — one line of a Nagios, Naemon or Icinga (compatlog) log, as an event.
 *
 * Pure: no I/O, no allocation.  The names of an event point into the line it came from.
 * The lines that matter for availability:
 *   [T] SERVICE ALERT: host;service;OK|WARNING|CRITICAL|UNKNOWN;HARD|SOFT;attempt;output
 *   [T] INITIAL SERVICE STATE: ... / CURRENT SERVICE STATE: ...   (same fields)
 *   [T] HOST ALERT: host;UP|DOWN|UNREACHABLE;HARD|SOFT;attempt;output (and INITIAL/CURRENT)
 *   [T] SERVICE DOWNTIME ALERT: host;service;STARTED|STOPPED|CANCELLED;text
 *   [T] HOST DOWNTIME ALERT: host;STARTED|STOPPED|CANCELLED;text
 *   [T] ... starting... / ... restarting...            the program started
 *   [T] ... shutting down... / ... Bailing out ...     the program stopped
 * Every other line with a timestamp is NAGIOSLOG_IGNORED (notifications, checks, ...).
 */
#ifndef NAGIOSLOG_H
#define NAGIOSLOG_H

#include <stddef.h>

enum nagioslog_kind {
	NAGIOSLOG_IGNORED,
	NAGIOSLOG_SERVICE_STATE,
	NAGIOSLOG_HOST_STATE,
	NAGIOSLOG_SERVICE_DOWNTIME,
	NAGIOSLOG_HOST_DOWNTIME,
	NAGIOSLOG_PROGRAM_START,
	NAGIOSLOG_PROGRAM_STOP,
};

/* Service states as Nagios numbers them; host UP 0, DOWN 1, UNREACHABLE 2. */
enum nagioslog_state { NAGIOSLOG_OK, NAGIOSLOG_WARNING, NAGIOSLOG_CRITICAL, NAGIOSLOG_UNKNOWN };
#define NAGIOSLOG_UP 0

/* 2000-01-01 00:00:00 UTC: no Nagios, NetSaint or Icinga log is older, so a smaller
 * timestamp is damage, which would otherwise stretch a timeline over decades. */
#define NAGIOSLOG_MIN_TIME 946684800LL

enum nagioslog_error {
	NAGIOSLOG_VALID,
	NAGIOSLOG_ENOTIME,	/* no "[epoch] " at the start */
	NAGIOSLOG_EFIELDS,	/* fewer fields than the kind needs (a truncated line) */
	NAGIOSLOG_ESTATE,	/* a state name the kind does not have */
	NAGIOSLOG_ETYPE,	/* neither HARD nor SOFT */
	NAGIOSLOG_EDOWNTIME,	/* neither STARTED, STOPPED nor CANCELLED */
	NAGIOSLOG_ENAME,	/* an empty host or service name, or one with a NUL byte */
	NAGIOSLOG_ERANGE,	/* before NAGIOSLOG_MIN_TIME, or (import_line) after the log's max */
	NAGIOSLOG_NERRORS
};

struct nagioslog_event {
	long long when;			/* seconds since the epoch, as written */
	enum nagioslog_kind kind;
	const char *host;		/* into the line; not terminated */
	size_t hostlen;
	const char *service;		/* NULL for host events */
	size_t servicelen;
	int state;			/* enum nagioslog_state, or the host state */
	int hard;			/* 1 HARD, 0 SOFT */
	int initial;			/* 1 for INITIAL/CURRENT ... STATE lines */
	int downtime;			/* 1 STARTED, 0 STOPPED or CANCELLED */
	const char *rest;		/* the line after "[epoch] ", for telling lines apart */
	size_t restlen;
};

/* Parses line[0..len) (no newline).  NAGIOSLOG_VALID fills ev; anything else says why not. */
enum nagioslog_error nagioslog_parse(const char *line, size_t len, struct nagioslog_event *ev);

/* "no timestamp", "missing fields", ...: what an error means, for messages. */
const char *nagioslog_strerror(enum nagioslog_error e);

#endif
