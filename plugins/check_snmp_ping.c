/*
 * check_snmp_ping — path latency measured by the device itself.
 *
 * Reads the latest result of a latency probe the agent runs: a DISMAN-PING-MIB test
 * (RFC 4560; Juniper RPM tests appear there too) or a Cisco IP SLA operation
 * (CISCO-RTTMON-MIB).  The probe's own verdict is the availability: a target that timed
 * out or is unreachable is down (CRITICAL, recorded as 0).  Results the device has not
 * refreshed within --max-age are stale: UNKNOWN, and recorded as unknown time, never as
 * down.  An agent that does not answer is CRITICAL (the operator must look) but recorded
 * as unknown time too, since the path the probe measures may well be up.
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "archive.h"
#include "civil.h"
#include "nines.h"
#include "num.h"
#include "plugin.h"
#include "plugin_cli.h"
#include "plugin_run.h"
#include "range.h"
#include "snmpx.h"
#include "state.h"

#define HRSYSTEMDATE	"1.3.6.1.2.1.25.1.2.0"
#define PING_MIB	"1.3.6.1.2.1.80.1"
#define PING_CTL	"1.3.6.1.2.1.80.1.2.1"		/* pingCtlEntry */
#define PING_RESULTS	"1.3.6.1.2.1.80.1.3.1"		/* pingResultsEntry */
#define PING_HISTORY	"1.3.6.1.2.1.80.1.4.1"		/* pingProbeHistoryEntry */
#define RTT_MIB		"1.3.6.1.4.1.9.9.42.1"
#define RTT_ADMIN	"1.3.6.1.4.1.9.9.42.1.2.1.1"	/* rttMonCtrlAdminEntry */
#define RTT_ECHO	"1.3.6.1.4.1.9.9.42.1.2.2.1"	/* rttMonEchoAdminEntry */
#define RTT_LATEST	"1.3.6.1.4.1.9.9.42.1.2.10.1"	/* rttMonLatestRttOperEntry */
#define RTT_JITTER	"1.3.6.1.4.1.9.9.42.1.5.2.1"	/* rttMonLatestJitterOperEntry */
#define RTT_TYPE_JITTER 9
#define MAX_NAME	32	/* SnmpAdminString (SIZE(0..32)) of owner and test name */
#define MAX_LIST	64
#define MAX_MATCH	8
#define WALK_ROWS	2000

static const char usage_line[] =
	"check_snmp_ping -H ADDR [SNMP options] (--owner NAME --test NAME | --entry N | --tag TAG | --list)\n"
	"       [-w MS] [-c MS] [--loss-warning PCT] [--loss-critical PCT] [--max-age SECONDS]\n"
	"       [--rrd FILE] [--rrd-dir DIR --host-name H --service S]";

static const char help_text[] =
	"check_snmp_ping " NINES_VERSION " — latency and loss measured by probes the device runs\n\n"
	"Usage: %s\n\n"
	"Probe (one of):\n"
	"      --owner NAME --test NAME  a DISMAN-PING-MIB test (RFC 4560), pingCtlOwnerIndex\n"
	"                          and pingCtlTestName; Juniper RPM tests are listed here too\n"
	"                          (owner = probe owner, test = test name)\n"
	"      --entry N           a Cisco IP SLA operation (CISCO-RTTMON-MIB) by number\n"
	"      --tag TAG           or by its rttMonCtrlAdminTag, matched exactly; a tag that\n"
	"                          several operations carry is UNKNOWN and lists them\n"
	"      --list              print the probes of both MIBs (target, type) and exit 0\n"
	"Check:\n"
	"  -w, --warning RANGE     average round-trip time in ms, e.g. 100 (alert above 100 ms)\n"
	"  -c, --critical RANGE    average round-trip time in ms, e.g. 250\n"
	"      --loss-warning R    probe loss in %%, e.g. 10 (also --wpl)\n"
	"      --loss-critical R   probe loss in %%, e.g. 50 (also --cpl)\n"
	"      --max-age SECONDS   results older than this are stale: UNKNOWN, recorded as unknown\n"
	"                          time (default 2 x the probe's frequency from the MIB)\n"
	"  -h, --help  -V, --version\n\n"
	"%s\n%s\n"
	"Ranges follow the Monitoring Plugins guidelines (10, 10:, ~:10, 10:20, @10:20).\n"
	"The probe's own verdict is the availability: timeout or unreachable target is\n"
	"CRITICAL and recorded as down.  Perfdata: rta, rtmin, rtmax (ms), pl (%%), and jitter\n"
	"(ms) for Cisco jitter operations.  An agent that does not answer is CRITICAL but\n"
	"recorded as unknown time (the probe's verdict is unknown); a missing MIB, test or\n"
	"operation is UNKNOWN.\n"
	"Exit: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.\n";

struct ping_opts {
	struct snmpx_target snmp;
	struct archive_opts archive;
	const char *owner, *test;	/* DISMAN-PING-MIB */
	long entry;			/* CISCO-RTTMON-MIB, 0 none */
	const char *tag;
	int list;
	long max_age;			/* 0: 2 x frequency */
	struct range warn, crit, loss_warn, loss_crit;
};

enum ping_verdict { PV_UP, PV_DOWN, PV_UNKNOWN };

struct ping_sample {
	enum snmpx_status status;	/* of talking to the agent */
	int failed;			/* the probe could not be judged: why says it */
	char why[NINES_ERRLEN];
	char state_err[NINES_ERRLEN];	/* why the v3 key cache cannot be kept, or "" */
	char what[200];			/* "test 'owner'/'name'", "entry 3 (tag 'core')" */
	char target[80];
	enum ping_verdict verdict;
	char verdict_text[80];		/* the probe's own words: "sense timeout", ... */
	long sent, answered;		/* probes of the latest result */
	double rta, rtmin, rtmax;	/* ms, NAN unknown */
	double jitter;			/* ms, NAN when the MIB gives none */
	long frequency;			/* s, 0 unknown */
	long age;			/* s since the latest result, -1 unknown */
	char list[4096];		/* --list: one line per probe */
	int ndisman, ncisco;
};

enum { OPT_LOSS_WARN = 0x500, OPT_LOSS_CRIT, OPT_MAX_AGE, OPT_OWNER, OPT_TEST, OPT_ENTRY,
       OPT_TAG, OPT_LIST };

static const struct option long_opts[] = {
	SNMPX_LONGOPTS,
	ARCHIVE_LONGOPTS,
	PLUGIN_CLI_LONGOPTS,
	{ "owner",         required_argument, NULL, OPT_OWNER },
	{ "test",          required_argument, NULL, OPT_TEST },
	{ "entry",         required_argument, NULL, OPT_ENTRY },
	{ "tag",           required_argument, NULL, OPT_TAG },
	{ "list",          no_argument,       NULL, OPT_LIST },
	{ "warning",       required_argument, NULL, 'w' },
	{ "critical",      required_argument, NULL, 'c' },
	{ "loss-warning",  required_argument, NULL, OPT_LOSS_WARN },
	{ "loss-critical", required_argument, NULL, OPT_LOSS_CRIT },
	{ "wpl",           required_argument, NULL, OPT_LOSS_WARN },
	{ "cpl",           required_argument, NULL, OPT_LOSS_CRIT },
	{ "max-age",       required_argument, NULL, OPT_MAX_AGE },
	{ "help",          no_argument,       NULL, 'h' },
	{ "version",       no_argument,       NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static int name_opt(const char *arg, const char *what, const char **out, char *err, size_t errlen)
{
	if (strlen(arg) > MAX_NAME) {
		snprintf(err, errlen, "%s '%s' is longer than %d bytes", what, arg, MAX_NAME);
		return -1;
	}
	*out = arg;
	return 0;
}

static int own_opt(void *ctx, int c, const char *arg, char *err, size_t errlen)
{
	struct ping_opts *o = ctx;

	switch (c) {
	case 'w': return range_parse(arg, &o->warn, err, errlen);
	case 'c': return range_parse(arg, &o->crit, err, errlen);
	case OPT_LOSS_WARN: return range_parse(arg, &o->loss_warn, err, errlen);
	case OPT_LOSS_CRIT: return range_parse(arg, &o->loss_crit, err, errlen);
	case OPT_MAX_AGE: return num_duration(arg, 1, 366L * 86400, &o->max_age, err, errlen);
	case OPT_OWNER: return name_opt(arg, "owner", &o->owner, err, errlen);
	case OPT_TEST: return name_opt(arg, "test name", &o->test, err, errlen);
	case OPT_ENTRY: return num_long(arg, 1, 2147483647L, &o->entry, err, errlen);
	case OPT_TAG:
		if (arg[0] == '\0' || strlen(arg) > 255) {
			snprintf(err, errlen, "bad --tag '%s': 1 to 255 bytes", arg);
			return -1;
		}
		o->tag = arg;
		return 0;
	case OPT_LIST: o->list = 1; return 0;
	default:
		snprintf(err, errlen, "unknown option");
		return -1;
	}
}

/* Exactly one way of naming a probe, or --list. */
static int check_selection(void *ctx, char *err, size_t errlen)
{
	const struct ping_opts *o = ctx;
	int ways = (o->owner != NULL || o->test != NULL) + (o->entry != 0) + (o->tag != NULL) + o->list;

	if (ways != 1) {
		snprintf(err, errlen, "%s", ways == 0 ?
			 "name a probe: --owner and --test, --entry, --tag, or use --list" :
			 "--owner/--test, --entry, --tag and --list exclude each other");
		return -1;
	}
	if ((o->owner == NULL) != (o->test == NULL)) {
		snprintf(err, errlen, "a DISMAN-PING-MIB test needs both --owner and --test");
		return -1;
	}
	return 0;
}

static const struct plugin_cli cli = {
	"check_snmp_ping", usage_line, help_text, "w:c:", long_opts, own_opt, check_selection,
};

static int ping_parse_args(int argc, char **argv, struct ping_opts *o, struct plugin_result *res)
{
	*o = (struct ping_opts){ .snmp = SNMPX_TARGET_INIT, .archive = ARCHIVE_OPTS_INIT,
				 .warn = RANGE_INIT, .crit = RANGE_INIT, .loss_warn = RANGE_INIT,
				 .loss_crit = RANGE_INIT };
	return plugin_cli_parse(&cli, argc, argv, &o->snmp, &o->archive, o, res);
}

/* ---- OIDs and values ---- */

/* base.col.index...: the OID of one column of a row. */
static void col_oid(struct snmpx_oid *o, const char *base, uint32_t col, const struct snmpx_oid *idx)
{
	char err[NINES_ERRLEN];

	snmpx_oid_parse(base, o, err, sizeof(err));
	snmpx_oid_append(o, col);
	for (size_t i = 0; idx != NULL && i < idx->len; i++)
		snmpx_oid_append(o, idx->v[i]);
}

/* A table index of two SnmpAdminStrings, each length-prefixed (neither is IMPLIED). */
static void disman_index(const char *owner, const char *test, struct snmpx_oid *idx)
{
	const char *parts[2] = { owner, test };

	idx->len = 0;
	for (int p = 0; p < 2; p++) {
		snmpx_oid_append(idx, (uint32_t)strlen(parts[p]));
		for (const unsigned char *c = (const unsigned char *)parts[p]; *c; c++)
			snmpx_oid_append(idx, *c);
	}
}

static int64_t num_value(const struct snmpx_value *v, int64_t dflt)
{
	if (v->type == SNMPX_T_INTEGER)
		return v->i;
	if (v->type == SNMPX_T_UNSIGNED || v->type == SNMPX_T_TIMETICKS || v->type == SNMPX_T_COUNTER64)
		return (int64_t)v->u;
	return dflt;
}

static int first_row(void *ctx, const struct snmpx_value *v)
{
	(void)v;
	*(int *)ctx = 1;
	return 1;
}

/* 1 when the agent has anything under root (the MIB is implemented), 0 not, -1 failed. */
static int mib_present(struct snmpx_session *ss, const char *root, struct ping_sample *s)
{
	struct snmpx_oid r;
	int any = 0;

	snmpx_oid_parse(root, &r, s->why, sizeof(s->why));
	s->status = snmpx_walk(ss, &r, first_row, &any, 2, snmpx_time_left(ss), s->why, sizeof(s->why));
	return s->status == SNMPX_OK ? any : -1;
}

/* Printable form of an address: IPv4/IPv6 when it has their length, else the text. */
static void format_address(const struct snmpx_value *v, char *out, size_t len)
{
	if (!snmpx_has_value(v) || v->len == 0) {
		snprintf(out, len, "?");
		return;
	}
	if ((v->len == 4 || v->len == 16) &&
	    inet_ntop(v->len == 4 ? AF_INET : AF_INET6, v->str, out, (socklen_t)len) != NULL)
		return;
	snprintf(out, len, "%.*s", (int)(len - 1), (const char *)v->str);
	for (char *c = out; *c; c++)
		if ((unsigned char)*c < 0x20 || (unsigned char)*c == 0x7f)
			*c = '?';
}

/*
 * DateAndTime (RFC 2579): year(2) month day hour min sec deci [dir hours mins from UTC]
 * as seconds since the epoch.  -1 for the all-zero "never" and for nonsense.
 */
static int date_and_time(const struct snmpx_value *v, time_t *out)
{
	const unsigned char *b = v->str;
	int year;
	time_t t;

	if (v->type != SNMPX_T_OCTETS || (v->len != 8 && v->len != 11))
		return -1;
	year = b[0] << 8 | b[1];
	if (year < 1970 || b[2] < 1 || b[2] > 12 || b[3] < 1 || b[3] > 31 || b[4] > 23 ||
	    b[5] > 59 || b[6] > 60)
		return -1;
	/* Not timegm(3): its first call reads /etc/localtime, ≈ 0.2 ms of every check. */
	t = (time_t)civil_days(year, b[2], b[3]) * 86400 + b[4] * 3600 + b[5] * 60 + b[6];
	if (v->len == 11 && (b[8] == '+' || b[8] == '-'))
		t -= (b[8] == '+' ? 1 : -1) * (time_t)(b[9] * 3600 + b[10] * 60);
	*out = t;
	return 0;
}

/* ---- DISMAN-PING-MIB ---- */

/* OperationResponseStatus (RFC 4560): what the last probe of a test said. */
static const struct { int code; const char *name; enum ping_verdict v; } probe_status[] = {
	{ 1, "responseReceived", PV_UP }, { 2, "unknown", PV_UNKNOWN },
	{ 3, "internalError", PV_UNKNOWN }, { 4, "requestTimedOut", PV_DOWN },
	{ 5, "unknownDestinationAddress", PV_DOWN }, { 6, "noRouteToTarget", PV_DOWN },
	{ 7, "interfaceInactiveToTarget", PV_DOWN }, { 8, "arpFailure", PV_DOWN },
	{ 9, "maxConcurrentLimitReached", PV_UNKNOWN }, { 10, "unableToResolveDnsName", PV_DOWN },
	{ 11, "invalidHostAddress", PV_DOWN },
};

struct history {
	time_t newest;
	uint32_t index;		/* pingProbeHistoryIndex of the newest probe */
	size_t base_len;
};

static int history_row(void *ctx, const struct snmpx_value *v)
{
	struct history *h = ctx;
	time_t t;

	if (v->name.len == h->base_len + 1 && date_and_time(v, &t) == 0 && t >= h->newest) {
		h->newest = t;
		h->index = v->name.v[v->name.len - 1];
	}
	return 0;
}

/*
 * The newest entry of the test's probe history: its time and status.  Only asked when
 * the results table cannot tell how fresh a failed test is (pingResultsLastGoodProbe
 * only moves on success).
 */
static void disman_history(struct snmpx_session *ss, const struct snmpx_oid *idx, time_t *last,
			   int *status)
{
	struct history h = { 0, 0, 0 };
	struct snmpx_oid root, st_oid;
	struct snmpx_value v;
	char err[NINES_ERRLEN];

	col_oid(&root, PING_HISTORY, 5, idx);
	h.base_len = root.len;
	if (snmpx_walk(ss, &root, history_row, &h, WALK_ROWS, snmpx_time_left(ss), err,
		       sizeof(err)) != SNMPX_OK || h.newest == 0)
		return;
	if (h.newest > *last)
		*last = h.newest;
	col_oid(&st_oid, PING_HISTORY, 3, idx);
	snmpx_oid_append(&st_oid, h.index);
	if (snmpx_get_some(ss, &st_oid, 1, &v, err, sizeof(err)) == SNMPX_OK && snmpx_has_value(&v))
		*status = (int)num_value(&v, 0);
}

static void disman_verdict(struct ping_sample *s, int oper, int last_status)
{
	const char *name = NULL;
	enum ping_verdict v = PV_DOWN;

	for (size_t i = 0; i < sizeof(probe_status) / sizeof(probe_status[0]); i++)
		if (probe_status[i].code == last_status) {
			name = probe_status[i].name;
			v = probe_status[i].v;
		}
	if (oper == 2) {
		s->verdict = PV_UNKNOWN;
		snprintf(s->verdict_text, sizeof(s->verdict_text), "test is disabled");
	} else if (s->sent == 0) {
		s->verdict = PV_UNKNOWN;
		snprintf(s->verdict_text, sizeof(s->verdict_text), "no probes sent yet");
	} else if (s->answered > 0) {
		s->verdict = PV_UP;
	} else if (name != NULL && v != PV_DOWN) {
		/* Every probe failed for a reason of the prober's own, not the path's. */
		s->verdict = PV_UNKNOWN;
		snprintf(s->verdict_text, sizeof(s->verdict_text), "last probe: %s", name);
	} else {
		s->verdict = PV_DOWN;
		if (name != NULL)
			snprintf(s->verdict_text, sizeof(s->verdict_text), "last probe: %s", name);
		else
			snprintf(s->verdict_text, sizeof(s->verdict_text), "no response to %ld probe%s",
				 s->sent, s->sent == 1 ? "" : "s");
	}
}

enum { D_OPER, D_MIN, D_MAX, D_AVG, D_RESP, D_SENT, D_GOOD, D_TADDR, D_FREQ, D_DATE, D_N };

static void disman_collect(const struct ping_opts *o, struct snmpx_session *ss, struct ping_sample *s)
{
	static const struct { const char *base; uint32_t col; } cols[D_N - 1] = {
		{ PING_RESULTS, 1 }, { PING_RESULTS, 4 }, { PING_RESULTS, 5 }, { PING_RESULTS, 6 },
		{ PING_RESULTS, 7 }, { PING_RESULTS, 8 }, { PING_RESULTS, 10 }, { PING_CTL, 4 },
		{ PING_CTL, 10 },
	};
	struct snmpx_oid idx, oids[D_N];
	struct snmpx_value v[D_N];
	time_t last = 0, now;
	int last_status = 0;

	snprintf(s->what, sizeof(s->what), "test '%s'/'%s'", o->owner, o->test);
	disman_index(o->owner, o->test, &idx);
	for (int i = 0; i < D_N - 1; i++)
		col_oid(&oids[i], cols[i].base, cols[i].col, &idx);
	snmpx_oid_parse(HRSYSTEMDATE, &oids[D_DATE], s->why, sizeof(s->why));
	if ((s->status = snmpx_get_some(ss, oids, D_N, v, s->why, sizeof(s->why))) != SNMPX_OK)
		return;
	if (!snmpx_has_value(&v[D_OPER]) || !snmpx_has_value(&v[D_SENT])) {
		int present = mib_present(ss, PING_MIB, s);

		if (present >= 0) {
			s->failed = 1;
			snprintf(s->why, sizeof(s->why), present ? "no %s on the agent (see --list)" :
				 "DISMAN-PING-MIB not available on agent", s->what);
		}
		return;
	}
	format_address(&v[D_TADDR], s->target, sizeof(s->target));
	s->frequency = (long)num_value(&v[D_FREQ], 0);
	s->sent = (long)num_value(&v[D_SENT], 0);
	s->answered = (long)num_value(&v[D_RESP], 0);
	if (s->answered > s->sent)
		s->answered = s->sent;
	if (s->answered > 0) {
		s->rta = (double)num_value(&v[D_AVG], 0);
		s->rtmin = (double)num_value(&v[D_MIN], 0);
		s->rtmax = (double)num_value(&v[D_MAX], 0);
	}
	if (date_and_time(&v[D_GOOD], &last) != 0)
		last = 0;
	if (s->answered == 0 || last == 0)
		disman_history(ss, &idx, &last, &last_status);
	/* The device's own clock, so that a skewed clock on either side does not age results. */
	if (date_and_time(&v[D_DATE], &now) != 0)
		now = time(NULL);
	/* A failed test without history leaves only the last good probe: its age says nothing. */
	if (last != 0 && (s->answered > 0 || last_status != 0))
		s->age = now > last ? (long)(now - last) : 0;
	disman_verdict(s, (int)num_value(&v[D_OPER], 0), last_status);
}

/* ---- CISCO-RTTMON-MIB ---- */

/* RttResponseSense (CISCO-RTTMON-TC-MIB): the probe's verdict on its latest operation. */
static const struct { const char *name; enum ping_verdict v; } senses[] = {
	{ "other", PV_UNKNOWN }, { "ok", PV_UP }, { "disconnected", PV_DOWN },
	{ "overThreshold", PV_UP }, { "timeout", PV_DOWN }, { "busy", PV_UNKNOWN },
	{ "notConnected", PV_DOWN }, { "dropped", PV_UNKNOWN }, { "sequenceError", PV_UNKNOWN },
	{ "verifyError", PV_DOWN }, { "applicationSpecific", PV_UNKNOWN },
	{ "dnsServerTimeout", PV_DOWN }, { "tcpConnectTimeout", PV_DOWN },
	{ "httpTransactionTimeout", PV_DOWN }, { "dnsQueryError", PV_DOWN },
	{ "httpError", PV_DOWN }, { "error", PV_UNKNOWN }, { "mplsLspEchoTxError", PV_UNKNOWN },
	{ "mplsLspUnreachable", PV_DOWN }, { "mplsLspMalformedReq", PV_UNKNOWN },
	{ "mplsLspReachButNotFEC", PV_DOWN }, { "enableOk", PV_UNKNOWN },
	{ "enableNoConnect", PV_UNKNOWN }, { "enableVersionFail", PV_UNKNOWN },
	{ "enableInternalError", PV_UNKNOWN }, { "enableAbort", PV_UNKNOWN },
	{ "enableFail", PV_UNKNOWN }, { "enableAuthFail", PV_UNKNOWN },
	{ "enableFormatError", PV_UNKNOWN }, { "enablePortInUse", PV_UNKNOWN },
	{ "statsRetrieveOk", PV_UNKNOWN }, { "statsRetrieveNoConnect", PV_UNKNOWN },
	{ "statsRetrieveVersionFail", PV_UNKNOWN }, { "statsRetrieveInternalError", PV_UNKNOWN },
	{ "statsRetrieveAbort", PV_UNKNOWN }, { "statsRetrieveFail", PV_UNKNOWN },
	{ "statsRetrieveAuthFail", PV_UNKNOWN }, { "statsRetrieveFormatError", PV_UNKNOWN },
	{ "statsRetrievePortInUse", PV_UNKNOWN },
};

/* RttMonRttType, index = value. */
static const char *const rtt_types[] = {
	"?", "echo", "pathEcho", "fileIO", "script", "udpEcho", "tcpConnect", "http", "dns",
	"jitter", "dlsw", "dhcp", "ftp", "voip", "rtp", "lspGroup", "icmpjitter", "lspPing",
	"lspTrace", "ethernetPing", "ethernetJitter", "lspPingPseudowire", "video",
	"y1731Delay", "y1731Loss", "mcastJitter", "fabricPathEcho",
};

static const char *rtt_type_name(int64_t t)
{
	return t > 0 && t < (int64_t)(sizeof(rtt_types) / sizeof(rtt_types[0])) ? rtt_types[t] : "?";
}

struct tag_match {
	const char *tag;
	size_t base_len, n;
	uint32_t entries[MAX_MATCH];
};

static int tag_row(void *ctx, const struct snmpx_value *v)
{
	struct tag_match *m = ctx;

	if (v->name.len == m->base_len + 1 && v->type == SNMPX_T_OCTETS &&
	    v->len == strlen(m->tag) && memcmp(v->str, m->tag, v->len) == 0) {
		if (m->n < MAX_MATCH)
			m->entries[m->n] = v->name.v[v->name.len - 1];
		m->n++;
	}
	return 0;
}

/* The one operation whose tag is exactly o->tag; 0 (failed or status set) when there is none. */
static uint32_t cisco_by_tag(const struct ping_opts *o, struct snmpx_session *ss, struct ping_sample *s)
{
	struct tag_match m = { o->tag, 0, 0, { 0 } };
	struct snmpx_oid root;
	size_t len;
	int present;

	col_oid(&root, RTT_ADMIN, 3, NULL);
	m.base_len = root.len;
	s->status = snmpx_walk(ss, &root, tag_row, &m, WALK_ROWS, snmpx_time_left(ss), s->why,
			       sizeof(s->why));
	if (s->status != SNMPX_OK)
		return 0;
	if (m.n == 1)
		return m.entries[0];
	s->failed = 1;
	if (m.n == 0) {
		if ((present = mib_present(ss, RTT_MIB, s)) >= 0)
			snprintf(s->why, sizeof(s->why), present ?
				 "no operation tagged '%s' on the agent (see --list)" :
				 "CISCO-RTTMON-MIB not available on agent", o->tag);
		s->failed = present >= 0;
		return 0;
	}
	len = (size_t)snprintf(s->why, sizeof(s->why), "tag '%s' is ambiguous: %zu operations carry it (entries",
			       o->tag, m.n);
	for (size_t i = 0; i < m.n && i < MAX_MATCH && len < sizeof(s->why); i++)
		len += (size_t)snprintf(s->why + len, sizeof(s->why) - len, " %u", m.entries[i]);
	if (len < sizeof(s->why))
		snprintf(s->why + len, sizeof(s->why) - len, "%s); use --entry",
			 m.n > MAX_MATCH ? " ..." : "");
	return 0;
}

enum { J_NUM, J_SUM, J_MIN, J_MAX, J_LOSS_SD, J_LOSS_DS, J_MIA, J_AVGJ, J_N };

/* Jitter operations: RTT over all packets of the operation, loss, and the average jitter. */
static void cisco_jitter(struct snmpx_session *ss, const struct snmpx_oid *idx, struct ping_sample *s)
{
	static const uint32_t cols[J_N] = { 1, 2, 4, 5, 26, 27, 29, 46 };
	struct snmpx_oid oids[J_N];
	struct snmpx_value v[J_N];
	char err[NINES_ERRLEN];
	int64_t num, lost;

	for (int i = 0; i < J_N; i++)
		col_oid(&oids[i], RTT_JITTER, cols[i], idx);
	if (snmpx_get_some(ss, oids, J_N, v, err, sizeof(err)) != SNMPX_OK || !snmpx_has_value(&v[J_NUM]))
		return;
	num = num_value(&v[J_NUM], 0);
	lost = num_value(&v[J_LOSS_SD], 0) + num_value(&v[J_LOSS_DS], 0) + num_value(&v[J_MIA], 0);
	s->sent = (long)(num + lost);
	s->answered = (long)num;
	if (num > 0) {
		s->rta = (double)num_value(&v[J_SUM], 0) / (double)num;
		s->rtmin = (double)num_value(&v[J_MIN], 0);
		s->rtmax = (double)num_value(&v[J_MAX], 0);
	}
	if (snmpx_has_value(&v[J_AVGJ]))
		s->jitter = (double)num_value(&v[J_AVGJ], 0);
}

static void cisco_verdict(struct ping_sample *s, int64_t sense, uint64_t when, uint64_t uptime)
{
	size_t nsenses = sizeof(senses) / sizeof(senses[0]);

	s->verdict = sense >= 0 && (size_t)sense < nsenses ? senses[sense].v : PV_UNKNOWN;
	snprintf(s->verdict_text, sizeof(s->verdict_text), "sense %s",
		 sense >= 0 && (size_t)sense < nsenses ? senses[sense].name : "unknown code");
	if (when == 0 || sense == 0) {
		s->verdict = PV_UNKNOWN;
		snprintf(s->verdict_text, sizeof(s->verdict_text), "no result yet");
	} else if (when > uptime) {
		/* TimeStamp counts in sysUpTime: a later one means the agent restarted since. */
		s->verdict = PV_UNKNOWN;
		snprintf(s->verdict_text, sizeof(s->verdict_text),
			 "result time is after sysUpTime.0 (agent restarted?)");
	} else {
		s->age = (long)((uptime - when) / 100);
	}
}

enum { C_UPTIME, C_COMPL, C_SENSE, C_TIME, C_FREQ, C_TYPE, C_TAG, C_TARGET, C_N };

static void cisco_collect(const struct ping_opts *o, struct snmpx_session *ss, struct ping_sample *s)
{
	static const struct { const char *base; uint32_t col; } cols[C_N] = {
		{ NULL, 0 }, { RTT_LATEST, 1 }, { RTT_LATEST, 2 }, { RTT_LATEST, 5 },
		{ RTT_ADMIN, 6 }, { RTT_ADMIN, 4 }, { RTT_ADMIN, 3 }, { RTT_ECHO, 2 },
	};
	struct snmpx_oid idx = { .len = 1 }, oids[C_N];
	struct snmpx_value v[C_N];
	int64_t type;

	idx.v[0] = o->tag != NULL ? cisco_by_tag(o, ss, s) : (uint32_t)o->entry;
	if (idx.v[0] == 0)
		return;
	snmpx_oid_parse(SNMPX_SYSUPTIME, &oids[C_UPTIME], s->why, sizeof(s->why));
	for (int i = 1; i < C_N; i++)
		col_oid(&oids[i], cols[i].base, cols[i].col, &idx);
	if ((s->status = snmpx_get_some(ss, oids, C_N, v, s->why, sizeof(s->why))) != SNMPX_OK)
		return;
	snprintf(s->what, sizeof(s->what), "entry %u", idx.v[0]);
	if (!snmpx_has_value(&v[C_SENSE]) || !snmpx_has_value(&v[C_TIME])) {
		int present = mib_present(ss, RTT_MIB, s);

		if (present >= 0) {
			s->failed = 1;
			snprintf(s->why, sizeof(s->why), present ? "no IP SLA %s on the agent (see --list)" :
				 "CISCO-RTTMON-MIB not available on agent", s->what);
		}
		return;
	}
	if (v[C_TAG].type == SNMPX_T_OCTETS && v[C_TAG].len > 0)
		snprintf(s->what, sizeof(s->what), "entry %u (tag '%.100s')", idx.v[0],
			 (const char *)v[C_TAG].str);
	format_address(&v[C_TARGET], s->target, sizeof(s->target));
	s->frequency = (long)num_value(&v[C_FREQ], 0);
	type = num_value(&v[C_TYPE], 0);
	cisco_verdict(s, num_value(&v[C_SENSE], -1), (uint64_t)num_value(&v[C_TIME], 0),
		      (uint64_t)num_value(&v[C_UPTIME], 0));
	s->sent = 1;
	s->answered = s->verdict == PV_UP;
	if (s->verdict == PV_UP)
		s->rta = s->rtmin = s->rtmax = (double)num_value(&v[C_COMPL], 0);
	if (type == RTT_TYPE_JITTER)
		cisco_jitter(ss, &idx, s);
	if (s->verdict == PV_DOWN)
		s->answered = 0;
}

/* ---- --list ---- */

struct lister {
	struct ping_sample *s;
	size_t base_len, used;
	int is_cisco;
	struct snmpx_session *ss;
};

static void list_line(struct lister *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void list_line(struct lister *l, const char *fmt, ...)
{
	struct ping_sample *s = l->s;
	va_list ap;
	int n;

	if (l->used >= sizeof(s->list))
		return;
	va_start(ap, fmt);
	n = vsnprintf(s->list + l->used, sizeof(s->list) - l->used, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->used += (size_t)n;
}

/* Decodes a length-prefixed string at name->v[*pos]; -1 when it does not fit the OID. */
static int index_string(const struct snmpx_oid *name, size_t *pos, char *out, size_t outlen)
{
	size_t n, i;

	if (*pos >= name->len || (n = name->v[*pos]) > MAX_NAME || *pos + 1 + n > name->len || n >= outlen)
		return -1;
	for (i = 0; i < n; i++) {
		uint32_t c = name->v[*pos + 1 + i];

		out[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	out[n] = '\0';
	*pos += 1 + n;
	return 0;
}

static const char *disman_type_name(const struct snmpx_value *v, char *buf, size_t len)
{
	static const char *const names[] = { "?", "icmpEcho", "udpEcho", "snmpQuery", "tcpConnectionAttempt" };
	static const uint32_t base[] = { 1, 3, 6, 1, 2, 1, 80, 3 };

	if (v->type != SNMPX_T_OID)
		return "?";
	if (v->oid.len == 9 && memcmp(v->oid.v, base, sizeof(base)) == 0 && v->oid.v[8] >= 1 && v->oid.v[8] <= 4)
		return names[v->oid.v[8]];
	snmpx_oid_format(&v->oid, buf, len);
	return buf;
}

static int disman_list_row(void *ctx, const struct snmpx_value *v)
{
	struct lister *l = ctx;
	char owner[MAX_NAME + 1], test[MAX_NAME + 1], target[80], typebuf[200], err[NINES_ERRLEN];
	struct snmpx_oid idx, type_oid;
	struct snmpx_value type;
	size_t pos = l->base_len;

	if (index_string(&v->name, &pos, owner, sizeof(owner)) != 0 ||
	    index_string(&v->name, &pos, test, sizeof(test)) != 0 || pos != v->name.len)
		return 0;
	if (++l->s->ndisman > MAX_LIST)
		return 0;
	format_address(v, target, sizeof(target));
	idx.len = 0;
	for (size_t i = l->base_len; i < v->name.len; i++)
		snmpx_oid_append(&idx, v->name.v[i]);
	col_oid(&type_oid, PING_CTL, 16, &idx);
	if (snmpx_get_some(l->ss, &type_oid, 1, &type, err, sizeof(err)) != SNMPX_OK)
		type.type = SNMPX_T_NULL;
	list_line(l, "DISMAN-PING-MIB --owner '%s' --test '%s': target %s, type %s\n", owner, test,
		  target, disman_type_name(&type, typebuf, sizeof(typebuf)));
	return 0;
}

static int cisco_list_row(void *ctx, const struct snmpx_value *v)
{
	enum { L_TAG, L_TYPE, L_TARGET, L_N };
	static const struct { const char *base; uint32_t col; } cols[L_N] = {
		{ RTT_ADMIN, 3 }, { RTT_ADMIN, 4 }, { RTT_ECHO, 2 },
	};
	struct lister *l = ctx;
	struct snmpx_oid idx = { .len = 1 }, oids[L_N];
	struct snmpx_value vals[L_N];
	char entry[16], tag[120], target[80], err[NINES_ERRLEN];

	if (v->name.len != l->base_len + 1 || ++l->s->ncisco > MAX_LIST)
		return 0;
	idx.v[0] = v->name.v[v->name.len - 1];
	for (int i = 0; i < L_N; i++)
		col_oid(&oids[i], cols[i].base, cols[i].col, &idx);
	if (snmpx_get_some(l->ss, oids, L_N, vals, err, sizeof(err)) != SNMPX_OK)
		return 0;
	snprintf(entry, sizeof(entry), "%u", idx.v[0]);
	snprintf(tag, sizeof(tag), "%.100s", vals[L_TAG].type == SNMPX_T_OCTETS ? (const char *)vals[L_TAG].str : "");
	format_address(&vals[L_TARGET], target, sizeof(target));
	list_line(l, "CISCO-RTTMON-MIB --entry %s --tag '%s': target %s, type %s\n", entry, tag,
		  target, rtt_type_name(num_value(&vals[L_TYPE], 0)));
	return 0;
}

static void list_collect(struct snmpx_session *ss, struct ping_sample *s)
{
	struct lister l = { s, 0, 0, 0, ss };
	struct snmpx_oid root;

	/* DISMAN rows are found by their target address column, Cisco ones by the RTT type. */
	col_oid(&root, PING_CTL, 4, NULL);
	l.base_len = root.len;
	s->status = snmpx_walk(ss, &root, disman_list_row, &l, WALK_ROWS, snmpx_time_left(ss),
			       s->why, sizeof(s->why));
	if (s->status != SNMPX_OK)
		return;
	col_oid(&root, RTT_ADMIN, 4, NULL);
	l.base_len = root.len;
	l.is_cisco = 1;
	s->status = snmpx_walk(ss, &root, cisco_list_row, &l, WALK_ROWS, snmpx_time_left(ss),
			       s->why, sizeof(s->why));
}

/* ---- collect, evaluate, record ---- */

static void ping_collect(const struct ping_opts *o, struct ping_sample *s)
{
	struct snmpx_session *ss;

	*s = (struct ping_sample){ .status = SNMPX_OK, .verdict = PV_UNKNOWN, .rta = NAN,
				   .rtmin = NAN, .rtmax = NAN, .jitter = NAN, .age = -1 };
	snprintf(s->target, sizeof(s->target), "?");
	/* The only state this plugin keeps is the v3 key cache, in the state directory. */
	if (o->snmp.version == 3 && o->snmp.key_cache == NULL)
		(void)state_ready(s->state_err, sizeof(s->state_err));
	ss = snmpx_open(&o->snmp, &s->status, s->why, sizeof(s->why));
	if (ss == NULL)
		return;
	if (o->list)
		list_collect(ss, s);
	else if (o->owner != NULL)
		disman_collect(o, ss, s);
	else
		cisco_collect(o, ss, s);
	snmpx_close(ss);
}

static void ping_list_evaluate(const struct ping_sample *s, const char *host, struct plugin_result *res)
{
	char *line, *save = NULL, copy[sizeof(s->list)];

	if (s->ndisman == 0 && s->ncisco == 0) {
		plugin_set(res, PLUGIN_UNKNOWN, "%s: no probes: neither DISMAN-PING-MIB nor "
			   "CISCO-RTTMON-MIB available on agent", host);
		return;
	}
	plugin_set(res, PLUGIN_OK, "%s: %d DISMAN-PING-MIB test%s, %d CISCO-RTTMON-MIB operation%s",
		   host, s->ndisman, s->ndisman == 1 ? "" : "s", s->ncisco, s->ncisco == 1 ? "" : "s");
	snprintf(copy, sizeof(copy), "%s", s->list);
	for (line = strtok_r(copy, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
		plugin_detail(res, "%s", line);
	if (s->ndisman > MAX_LIST || s->ncisco > MAX_LIST)
		plugin_detail(res, "(only the first %d of each MIB are listed)", MAX_LIST);
}

static void ping_perf(const struct ping_opts *o, const struct ping_sample *s, double loss,
		      struct plugin_result *res)
{
	if (s->verdict == PV_UP) {
		plugin_perf(res, "rta", s->rta, "ms", &o->warn, &o->crit, 0, NAN);
		plugin_perf(res, "rtmin", s->rtmin, "ms", NULL, NULL, 0, NAN);
		plugin_perf(res, "rtmax", s->rtmax, "ms", NULL, NULL, 0, NAN);
	}
	plugin_perf(res, "pl", loss, "%", &o->loss_warn, &o->loss_crit, 0, 100);
	if (!isnan(s->jitter))
		plugin_perf(res, "jitter", s->jitter, "ms", NULL, NULL, 0, NAN);
}

/* 0 when the result is fresh enough (or its age cannot be told); else says so. */
static int stale(const struct ping_opts *o, const struct ping_sample *s, const char *host,
		 struct plugin_result *res)
{
	long max_age = o->max_age > 0 ? o->max_age : 2 * s->frequency;
	char age[32], freq[32] = "unknown";

	if (s->age < 0 || max_age <= 0 || s->age <= max_age)
		return 0;
	plugin_duration(s->age, age, sizeof(age));
	if (s->frequency > 0)
		snprintf(freq, sizeof(freq), "%lds", s->frequency);
	plugin_set(res, PLUGIN_UNKNOWN, "%s %s to %s: results are %s old, probe frequency %s%s: stale",
		   host, s->what, s->target, age, freq, o->max_age > 0 ? " (--max-age exceeded)" : "");
	return 1;
}

static void ping_evaluate(const struct ping_opts *o, const struct ping_sample *s, struct plugin_result *res)
{
	const char *host = o->snmp.host;
	double loss = s->sent > 0 ? 100.0 * (double)(s->sent - s->answered) / (double)s->sent : 100;
	char age[32];

	plugin_run_state_note(res, s->state_err);
	switch (s->status) {
	case SNMPX_TIMEOUT:
		plugin_set(res, PLUGIN_CRITICAL, "%s: agent did not answer within %g s (%s%s); probe "
			   "results unknown", host, o->snmp.timeout, s->why,
			   plugin_run_silence_hint(&o->snmp));
		return;
	case SNMPX_OK:
		break;
	default:
		plugin_run_snmp_failure(res, &o->snmp, s->status, s->why);
		return;
	}
	if (o->list) {
		ping_list_evaluate(s, host, res);
		return;
	}
	if (s->failed) {
		plugin_set(res, PLUGIN_UNKNOWN, "%s: %s", host, s->why);
		return;
	}
	if (stale(o, s, host, res))
		return;
	if (s->verdict == PV_UNKNOWN) {
		plugin_set(res, PLUGIN_UNKNOWN, "%s %s to %s: %s", host, s->what, s->target, s->verdict_text);
		return;
	}
	if (s->verdict == PV_DOWN) {
		plugin_set(res, PLUGIN_CRITICAL, "%s %s to %s: target down (%s), %.0f%% lost", host,
			   s->what, s->target, s->verdict_text, loss);
	} else {
		plugin_set(res, PLUGIN_OK, "%s %s to %s: rta %.3f ms, %.0f%% lost (%ld/%ld)", host, s->what,
			   s->target, s->rta, loss, s->answered, s->sent);
		if (!isnan(s->jitter))
			plugin_append(res, "jitter %.3f ms", s->jitter);
		if (range_alert(&o->crit, s->rta) || range_alert(&o->loss_crit, loss))
			plugin_raise(res, PLUGIN_CRITICAL);
		else if (range_alert(&o->warn, s->rta) || range_alert(&o->loss_warn, loss))
			plugin_raise(res, PLUGIN_WARNING);
	}
	if (s->age >= 0) {
		plugin_duration(s->age, age, sizeof(age));
		plugin_append(res, "result %s old", age);
	}
	ping_perf(o, s, loss, res);
}

/*
 * One sample per run.  Only the probe's own verdict is recorded as up or down; stale
 * results, an agent that does not answer and plugin failures are unknown time.  Archive
 * trouble turns an OK into UNKNOWN but never hides a WARNING or CRITICAL.
 */
static void ping_record(const struct ping_opts *o, const struct ping_sample *s, struct plugin_result *res)
{
	struct archive_sample a = ARCHIVE_SAMPLE_INIT;

	if (o->list)
		return;
	a.when = time(NULL);
	a.downtime = o->archive.downtime > 0;
	if (res->state != PLUGIN_UNKNOWN && s->status == SNMPX_OK && s->verdict != PV_UNKNOWN) {
		a.avail = s->verdict == PV_UP;
		a.rtt = s->verdict == PV_UP ? s->rta / 1000.0 : NAN;
		a.warn = res->state == PLUGIN_WARNING;
		a.loss = s->sent > 0 ? (double)(s->sent - s->answered) / (double)s->sent : 1;
	}
	plugin_run_record(&o->archive, &a, res);
}

int main(int argc, char **argv)
{
	struct ping_opts opts;
	static struct ping_sample s;
	struct plugin_result res = PLUGIN_RESULT_INIT("SNMP");

	if (ping_parse_args(argc, argv, &opts, &res) == 0) {
		plugin_run_deadline(&opts.snmp, &opts.archive);
		ping_collect(&opts, &s);
		ping_evaluate(&opts, &s, &res);	/* pure: no I/O */
		ping_record(&opts, &s, &res);	/* never hides a problem state */
	}
	return plugin_finish(&res);		/* prints, returns 0..3 */
}
