/*
 * config — SLA definitions loaded from a YAML file (libyaml), or built from the command
 * line for the single-archive mode.  Errors carry "file:line:col: what is wrong".
 */
#ifndef CONFIG_H
#define CONFIG_H

#include <stddef.h>

#include "backtest.h"
#include "cal.h"
#include "scorecard.h"
#include "sla.h"

struct config_archive {
	char *path;		/* explicit RRD file, or NULL */
	char *dir, *host, *service;	/* or <dir>/<host>/<service>.rrd (names encoded as the plugins do) */
};

struct config_service {
	char *name;
	struct config_archive archive;
	struct sla_objective objective;	/* credits point into credits below */
	struct sla_credit_tier *credits;
	size_t ncredits;
	struct sla_policy policy;
	/* Never NULL (24x7 when the file names none); one of the config's calendars, shared
	   by every service of the same calendar and time zone. */
	struct cal *calendar;
	char *calendar_name;		/* "24x7" when none */
	char *tz;			/* the SLA's time zone, e.g. "Europe/Berlin"; "UTC" default */
	enum cal_window_kind window;	/* compliance window; default CAL_MONTH */
	long rolling_days;
	/* Back-test terms (sla-report backtest, backtest.h). */
	double bill;			/* per window, for credits in money; NAN: none */
	struct bt_reward *rewards;
	size_t nrewards;
	struct bt_chronic chronic;	/* of 0: no clause */
	struct bt_alert_rule *alerts;	/* NULL: the default rules, unless alerts_off */
	size_t nalerts;
	int alerts_off;
	int line;			/* where the service was defined, for messages */
	/*
	 * A composite (business service) has no archive: its history is its components'
	 * combined step by step, up while at least rule_k of them are up (all: ncomponents,
	 * any: 1).  components index config->services, each defined above this one.
	 */
	char **component_names;
	size_t *components;
	size_t ncomponents;
	size_t rule_k;
};

/* mail: — the monthly mail of nines-mail-report; every value checked by mailaddr.h. */
struct config_mail {
	char **to;			/* recipients; nto 0: none in the file */
	size_t nto;
	char *from;			/* NULL: the mail tool's default sender */
	char *subject;			/* NULL: the title */
};

struct config {
	char *file;			/* the file it came from, or "(command line)" */
	char *rrdcached;		/* flush through this daemon before reading; NULL none */
	char *title;			/* report title; default "SLA report" */
	char *logo;			/* PNG on the PDF's cover; NULL: none */
	char *font;			/* the PDF's font family; NULL: the default */
	struct config_service *services;
	size_t nservices;
	struct cal **calendars;		/* owned; the services' calendars point here */
	size_t ncalendars;
	struct config_mail mail;
	struct sc_def *scorecard;	/* the balanced scorecard; NULL when the file has none */
};

/* A config file is a regular file of at most 16 MiB (a 1500-service config is 200 KB). */
#define CONFIG_MAX_BYTES (16 << 20)

/*
 * Loads path, which must be a regular file of at most CONFIG_MAX_BYTES.  Returns a new
 * config; caller frees with config_release().  NULL with "file:line:col: message" in err;
 * nothing is half-loaded.
 */
struct config *config_load(const char *path, char *err, size_t errlen);
/* The same from a string (tests, and the embedded demo config); name is used in messages. */
struct config *config_load_string(const char *text, const char *name, char *err, size_t errlen);
/*
 * A one-service config for `sla-report --rrd FILE --target P [--latency SPEC]`: the service is
 * named after the file's base name, decoded as the plugins encode names ("SNMP%20ping.rrd"
 * is "SNMP ping"), everything else has its default (24x7, UTC unless tz,
 * monthly window, default policy).  target_percent NAN: none; latency NULL: none, else the
 * same syntax as the file ("p95 <= 200ms", "99% < 500ms").  Returns a new config.
 */
struct config *config_single(const char *rrd, double target_percent, const char *latency,
			     const char *tz, char *err, size_t errlen);
void config_release(struct config *c);

/*
 * The report's title, logo and font from the command line over those of the file, each
 * only when not NULL (the strings are copied).  0, or -1 when out of memory.
 */
int config_looks(struct config *c, const char *title, const char *logo, const char *font,
		 char *err, size_t errlen);

/* The latency part of o from "p95 <= 200ms" or "99% < 500ms" (as in the file).  0 or -1. */
int config_latency(const char *spec, struct sla_objective *o, char *err, size_t errlen);

#endif
