/*
 * plugin — one check result and the one exit path every plugin takes.
 *
 *   SERVICE STATE - text | perfdata
 *   detail line
 *   ...
 * whole output under PLUGIN_OUTPUT_MAX bytes; exit code = state.
 */
#ifndef PLUGIN_H
#define PLUGIN_H

#include <stddef.h>

enum plugin_state { PLUGIN_OK = 0, PLUGIN_WARNING = 1, PLUGIN_CRITICAL = 2, PLUGIN_UNKNOWN = 3 };

#define PLUGIN_OUTPUT_MAX 8192

struct plugin_result {
	const char *service;		/* "SNMP", printed first */
	enum plugin_state state;
	char text[1024];		/* the status text after "STATE - " */
	char perf[2048];		/* perfdata, built with plugin_perf() */
	char details[PLUGIN_OUTPUT_MAX];	/* further lines of long output (--list tables) */
	const char *raw;		/* when set (help, version), printed as is instead */
};
#define PLUGIN_RESULT_INIT(svc) { (svc), PLUGIN_OK, "", "", "", NULL }

const char *plugin_state_name(enum plugin_state s);

/*
 * The value of an option --opt that picks a state: "ok", "warning" or "critical".
 * 0, or -1 with "bad --opt 'arg': ok, warning or critical".
 */
int plugin_state_parse(const char *opt, const char *arg, enum plugin_state *out, char *err,
		       size_t errlen);

/* The more severe of two states: CRITICAL > WARNING > UNKNOWN > OK. */
enum plugin_state plugin_worst(enum plugin_state a, enum plugin_state b);

/* Sets state and replaces the text. */
void plugin_set(struct plugin_result *r, enum plugin_state s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Raises the state to s if s is worse. */
void plugin_raise(struct plugin_result *r, enum plugin_state s);
/* Appends to the text, separated by ", ". */
void plugin_append(struct plugin_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Adds one line of long output. */
void plugin_detail(struct plugin_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Adds one perfdata item (see perf.h); silently dropped when full. */
struct range;
void plugin_perf(struct plugin_result *r, const char *label, double value, const char *uom,
		 const struct range *warn, const struct range *crit, double min, double max);

/* A usage error: UNKNOWN, the message, then "Usage: ..." on the next line. */
void plugin_usage_error(struct plugin_result *r, const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Formats the whole output into buf (at most PLUGIN_OUTPUT_MAX - 1 bytes, cut cleanly
 * with "..." when longer; '|' and newlines in text are replaced so they cannot break
 * the perfdata).  Returns the length.
 */
size_t plugin_format(const struct plugin_result *r, char *buf, size_t len);

/* Formats seconds for people: "45s", "3m12s", "2h05m", "3d 04h". */
void plugin_duration(long seconds, char *buf, size_t len);

/* Prints the result to stdout and returns the exit code (the state). */
int plugin_finish(const struct plugin_result *r);

#endif
