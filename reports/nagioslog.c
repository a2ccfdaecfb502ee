#include "nagioslog.h"

#include <string.h>

#define MAX_FIELDS 4

/* A span of the line: the fields between ';' are spans, never copies. */
struct span {
	const char *p;
	size_t n;
};

enum shape { SHAPE_SERVICE_STATE, SHAPE_HOST_STATE, SHAPE_SERVICE_DOWNTIME, SHAPE_HOST_DOWNTIME };

static const struct {
	const char *prefix;
	enum shape shape;
	int initial;
} prefixes[] = {
	{ "SERVICE ALERT: ", SHAPE_SERVICE_STATE, 0 },
	{ "INITIAL SERVICE STATE: ", SHAPE_SERVICE_STATE, 1 },
	{ "CURRENT SERVICE STATE: ", SHAPE_SERVICE_STATE, 1 },
	{ "HOST ALERT: ", SHAPE_HOST_STATE, 0 },
	{ "INITIAL HOST STATE: ", SHAPE_HOST_STATE, 1 },
	{ "CURRENT HOST STATE: ", SHAPE_HOST_STATE, 1 },
	{ "SERVICE DOWNTIME ALERT: ", SHAPE_SERVICE_DOWNTIME, 0 },
	{ "HOST DOWNTIME ALERT: ", SHAPE_HOST_DOWNTIME, 0 },
};

/* How many ';'-separated fields each shape needs before the free text. */
static const struct {
	enum nagioslog_kind kind;
	int names;		/* 2: host and service, 1: host */
	int fields;		/* names + state + type, or names + STARTED|... */
} shapes[] = {
	[SHAPE_SERVICE_STATE] = { NAGIOSLOG_SERVICE_STATE, 2, 4 },
	[SHAPE_HOST_STATE] = { NAGIOSLOG_HOST_STATE, 1, 3 },
	[SHAPE_SERVICE_DOWNTIME] = { NAGIOSLOG_SERVICE_DOWNTIME, 2, 3 },
	[SHAPE_HOST_DOWNTIME] = { NAGIOSLOG_HOST_DOWNTIME, 1, 2 },
};

static const char *const service_states[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };
static const char *const host_states[] = { "UP", "DOWN", "UNREACHABLE" };

/* The program's own start and stop lines, as avail.cgi recognises them. */
static const struct {
	const char *text;
	enum nagioslog_kind kind;
} program_lines[] = {
	{ " starting...", NAGIOSLOG_PROGRAM_START },
	{ " restarting...", NAGIOSLOG_PROGRAM_START },
	{ "active mode...", NAGIOSLOG_PROGRAM_START },
	{ " shutting down...", NAGIOSLOG_PROGRAM_STOP },
	{ "Bailing out", NAGIOSLOG_PROGRAM_STOP },
	{ "standby mode...", NAGIOSLOG_PROGRAM_STOP },
};

static const char *const errors[NAGIOSLOG_NERRORS] = {
	[NAGIOSLOG_VALID] = "valid",
	[NAGIOSLOG_ENOTIME] = "no timestamp",
	[NAGIOSLOG_EFIELDS] = "missing fields",
	[NAGIOSLOG_ESTATE] = "unknown state",
	[NAGIOSLOG_ETYPE] = "state type not HARD or SOFT",
	[NAGIOSLOG_EDOWNTIME] = "downtime not STARTED, STOPPED or CANCELLED",
	[NAGIOSLOG_ENAME] = "empty host or service name, or one with a NUL byte",
	[NAGIOSLOG_ERANGE] = "timestamp out of range",
};

const char *nagioslog_strerror(enum nagioslog_error e)
{
	return (unsigned)e < NAGIOSLOG_NERRORS ? errors[e] : "unknown error";
}

static int span_is(struct span s, const char *word)
{
	return strlen(word) == s.n && memcmp(s.p, word, s.n) == 0;
}

static int word_index(struct span s, const char *const *words, int nwords)
{
	for (int i = 0; i < nwords; i++)
		if (span_is(s, words[i]))
			return i;
	return -1;
}

static int contains(const char *p, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (p[i] == needle[0] && memcmp(p + i, needle, k) == 0)
			return 1;
	return 0;
}

/* "[digits] ": the epoch, and where the text starts.  -1 when the line has none. */
static int parse_time(const char *line, size_t len, long long *when, size_t *text)
{
	long long v = 0;
	size_t i = 1;

	if (len < 4 || line[0] != '[')
		return -1;
	for (; i < len && line[i] >= '0' && line[i] <= '9'; i++) {
		if (v > (999999999999LL - (line[i] - '0')) / 10)
			return -1;	/* past the year 33658: not a timestamp */
		v = v * 10 + (line[i] - '0');
	}
	if (i == 1 || i + 1 >= len || line[i] != ']' || line[i + 1] != ' ')
		return -1;
	*when = v;
	*text = i + 2;
	return 0;
}

/* Splits p[0..n) into want fields at ';'; the last may run to the end or stop at ';'. */
static int split(const char *p, size_t n, struct span *f, int want)
{
	size_t start = 0;

	for (int k = 0; k < want; k++) {
		const char *semi;

		if (start > n || (k > 0 && start == n && k < want))
			return -1;
		semi = memchr(p + start, ';', n - start);
		if (semi == NULL && k < want - 1)
			return -1;
		f[k].p = p + start;
		f[k].n = semi != NULL ? (size_t)(semi - (p + start)) : n - start;
		start += f[k].n + 1;
	}
	return 0;
}

static enum nagioslog_error parse_shape(enum shape shape, const char *p, size_t n,
					struct nagioslog_event *ev)
{
	struct span f[MAX_FIELDS];
	int names = shapes[shape].names, word;

	if (split(p, n, f, shapes[shape].fields) != 0)
		return NAGIOSLOG_EFIELDS;
	/* A name is a C string from here on (intern, archive names): no NUL inside it. */
	for (int k = 0; k < names; k++)
		if (f[k].n == 0 || memchr(f[k].p, '\0', f[k].n) != NULL)
			return NAGIOSLOG_ENAME;
	ev->kind = shapes[shape].kind;
	ev->host = f[0].p;
	ev->hostlen = f[0].n;
	if (names == 2) {
		ev->service = f[1].p;
		ev->servicelen = f[1].n;
	}
	if (shape == SHAPE_SERVICE_DOWNTIME || shape == SHAPE_HOST_DOWNTIME) {
		if (span_is(f[names], "STARTED"))
			ev->downtime = 1;
		else if (span_is(f[names], "STOPPED") || span_is(f[names], "CANCELLED"))
			ev->downtime = 0;
		else
			return NAGIOSLOG_EDOWNTIME;
		return NAGIOSLOG_VALID;
	}
	word = shape == SHAPE_SERVICE_STATE ? word_index(f[names], service_states, 4)
					    : word_index(f[names], host_states, 3);
	if (word < 0)
		return NAGIOSLOG_ESTATE;
	ev->state = word;
	if (span_is(f[names + 1], "HARD"))
		ev->hard = 1;
	else if (span_is(f[names + 1], "SOFT"))
		ev->hard = 0;
	else
		return NAGIOSLOG_ETYPE;
	return NAGIOSLOG_VALID;
}

enum nagioslog_error nagioslog_parse(const char *line, size_t len, struct nagioslog_event *ev)
{
	size_t text;
	const char *p;
	size_t n;

	memset(ev, 0, sizeof(*ev));
	if (parse_time(line, len, &ev->when, &text) != 0)
		return NAGIOSLOG_ENOTIME;
	if (ev->when < NAGIOSLOG_MIN_TIME)
		return NAGIOSLOG_ERANGE;
	p = line + text;
	n = len - text;
	ev->rest = p;
	ev->restlen = n;
	ev->kind = NAGIOSLOG_IGNORED;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t k = strlen(prefixes[i].prefix);

		if (n >= k && memcmp(p, prefixes[i].prefix, k) == 0) {
			ev->initial = prefixes[i].initial;
			return parse_shape(prefixes[i].shape, p + k, n - k, ev);
		}
	}
	for (size_t i = 0; i < sizeof(program_lines) / sizeof(program_lines[0]); i++)
		if (contains(p, n, program_lines[i].text)) {
			ev->kind = program_lines[i].kind;
			break;
		}
	return NAGIOSLOG_VALID;
}
