/*
 * check_snmp_avail — is an SNMP agent answering, and how fast?
 *
 * Sends N GETs of one OID (default sysUpTime.0), times each request/response on a
 * monotonic clock, and judges the result by round-trip time (-w/-c, in ms) and loss.
 * No answer at all is CRITICAL and recorded as down; a failure of the plugin itself is
 * UNKNOWN and never recorded as down.  Every run records one sample in the archive.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "archive.h"
#include "nines.h"
#include "num.h"
#include "plugin.h"
#include "plugin_cli.h"
#include "plugin_run.h"
#include "range.h"
#include "snmpx.h"
#include "state.h"

#define MAX_COUNT 20

static const char usage_line[] =
	"check_snmp_avail -H ADDR [-P VERSION] [SNMP options] [-o OID] [-n COUNT]\n"
	"       [-w MS] [-c MS] [--loss-warning PCT] [--loss-critical PCT]\n"
	"       [--reboot-window SECONDS] [--rrd FILE] [--rrd-dir DIR --host-name H --service S]";

static const char help_text[] =
	"check_snmp_avail " NINES_VERSION " — availability and response time of an SNMP agent\n\n"
	"Usage: %s\n\n"
	"Check:\n"
	"  -o, --oid OID           numeric OID to GET (default sysUpTime.0, " SNMPX_SYSUPTIME ")\n"
	"  -n, --count N           GETs per check, 1..20 (default 1); loss = unanswered share\n"
	"  -w, --warning RANGE     round-trip time in ms, e.g. 200 (alert above 200 ms)\n"
	"  -c, --critical RANGE    round-trip time in ms, e.g. 500\n"
	"      --loss-warning R    packet loss in %%, e.g. 20\n"
	"      --loss-critical R   packet loss in %%, e.g. 60 (100%% loss is always CRITICAL)\n"
	"      --reboot-window S   report a restart when the uptime is below S seconds (default 0:\n"
	"                          off); an uptime that went backwards since the last run always is\n"
	"      --reboot-state S    state for a restart: ok, warning (default) or critical\n"
	"  -h, --help  -V, --version\n\n"
	"%s\n%s\n"
	"Ranges follow the Monitoring Plugins guidelines (10, 10:, ~:10, 10:20, @10:20).\n"
	"Exit: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.  No answer at all is CRITICAL.\n";

struct avail_opts {
	struct snmpx_target snmp;
	struct archive_opts archive;
	struct snmpx_oid oid;
	int oid_is_uptime;
	long count;
	struct range warn, crit, loss_warn, loss_crit;
	long reboot_window;
	enum plugin_state reboot_state;
};

struct avail_sample {
	long sent, answered;
	double rtt_sum, rtt_min, rtt_max;	/* seconds, over answered GETs */
	int have_uptime;
	double uptime;				/* seconds */
	enum snmpx_status status;		/* of the last failed request, or OK */
	char why[NINES_ERRLEN];
};

enum { OPT_LOSS_WARN = 0x500, OPT_LOSS_CRIT, OPT_REBOOT_WINDOW, OPT_REBOOT_STATE };

static const struct option long_opts[] = {
	SNMPX_LONGOPTS,
	ARCHIVE_LONGOPTS,
	PLUGIN_CLI_LONGOPTS,
	{ "oid",           required_argument, NULL, 'o' },
	{ "count",         required_argument, NULL, 'n' },
	{ "warning",       required_argument, NULL, 'w' },
	{ "critical",      required_argument, NULL, 'c' },
	{ "loss-warning",  required_argument, NULL, OPT_LOSS_WARN },
	{ "loss-critical", required_argument, NULL, OPT_LOSS_CRIT },
	{ "reboot-window", required_argument, NULL, OPT_REBOOT_WINDOW },
	{ "reboot-state",  required_argument, NULL, OPT_REBOOT_STATE },
	{ "help",          no_argument,       NULL, 'h' },
	{ "version",       no_argument,       NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static int own_opt(void *ctx, int c, const char *arg, char *err, size_t errlen)
{
	struct avail_opts *o = ctx;

	switch (c) {
	case 'o':
		o->oid_is_uptime = 0;
		return snmpx_oid_parse(arg, &o->oid, err, errlen);
	case 'n': return num_long(arg, 1, MAX_COUNT, &o->count, err, errlen);
	case 'w': return range_parse(arg, &o->warn, err, errlen);
	case 'c': return range_parse(arg, &o->crit, err, errlen);
	case OPT_LOSS_WARN: return range_parse(arg, &o->loss_warn, err, errlen);
	case OPT_LOSS_CRIT: return range_parse(arg, &o->loss_crit, err, errlen);
	case OPT_REBOOT_WINDOW: return num_duration(arg, 0, 10L * 366 * 86400, &o->reboot_window, err, errlen);
	case OPT_REBOOT_STATE:
		return plugin_state_parse("reboot-state", arg, &o->reboot_state, err, errlen);
	default:
		snprintf(err, errlen, "unknown option");
		return -1;
	}
}

static const struct plugin_cli cli = {
	"check_snmp_avail", usage_line, help_text, "o:n:w:c:", long_opts, own_opt, NULL,
};

static int avail_parse_args(int argc, char **argv, struct avail_opts *o, struct plugin_result *res)
{
	char err[NINES_ERRLEN];

	*o = (struct avail_opts){ .snmp = SNMPX_TARGET_INIT, .archive = ARCHIVE_OPTS_INIT,
				  .oid_is_uptime = 1, .count = 1, .warn = RANGE_INIT,
				  .crit = RANGE_INIT, .loss_warn = RANGE_INIT,
				  .loss_crit = RANGE_INIT, .reboot_state = PLUGIN_WARNING };
	snmpx_oid_parse(SNMPX_SYSUPTIME, &o->oid, err, sizeof(err));
	return plugin_cli_parse(&cli, argc, argv, &o->snmp, &o->archive, o, res);
}

/* The agent's uptime at the previous run, to see it go backwards (a restart). */
static void uptime_key(const struct avail_opts *o, char *key, size_t len)
{
	char host[200];

	if (archive_name_encode(o->snmp.host, host, sizeof(host)) != 0)
		snprintf(host, sizeof(host), "host");
	snprintf(key, len, "uptime-%s-%ld", host, o->snmp.port);
}

struct avail_memo {
	double prev_uptime;
	time_t prev_when, now;
	char state_err[NINES_ERRLEN];	/* why the uptime could not be kept, or "" */
};

static void uptime_remember(const struct avail_opts *o, struct avail_sample *s,
			    struct avail_memo *m)
{
	char key[256], buf[64], val[64], err[NINES_ERRLEN];
	long long when;
	double up;

	uptime_key(o, key, sizeof(key));
	m->prev_when = 0;
	if (state_load(key, buf, sizeof(buf), m->state_err, sizeof(m->state_err)) == 0 &&
	    sscanf(buf, "%lld %lf", &when, &up) == 2) {
		m->prev_when = (time_t)when;
		m->prev_uptime = up;
	}
	if (s->have_uptime) {
		snprintf(val, sizeof(val), "%lld %.2f", (long long)m->now, s->uptime);
		if (state_save(key, val, err, sizeof(err)) != 0 && m->state_err[0] == '\0')
			snprintf(m->state_err, sizeof(m->state_err), "%s", err);
	}
}

static int avail_collect(const struct avail_opts *o, struct avail_sample *s,
			 struct avail_memo *m)
{
	struct snmpx_target t = o->snmp;
	struct snmpx_oid oids[2] = { o->oid };
	struct snmpx_value vals[2];
	struct snmpx_session *sess;
	size_t n = 1;
	double rtt;

	*s = (struct avail_sample){ .rtt_min = INFINITY, .status = SNMPX_OK };
	if (!o->oid_is_uptime)
		snmpx_oid_parse(SNMPX_SYSUPTIME, &oids[n++], s->why, sizeof(s->why));
	/*
	 * Each request (and v3 discovery) may take an equal share of -t, so that one lost
	 * packet does not use up the time of the GETs after it and count them lost too.
	 */
	t.request_timeout = o->snmp.timeout / (double)(o->count + (t.version == 3));
	sess = snmpx_open(&t, &s->status, s->why, sizeof(s->why));
	if (sess == NULL) {
		s->sent = o->count;
		return 0;
	}
	for (long i = 0; i < o->count; i++) {
		enum snmpx_status st = snmpx_get(sess, oids, n, vals, &rtt, s->why, sizeof(s->why));
		/* The OID answered even if the sysUpTime riding along did not. */
		int value_ok = st == SNMPX_OK || (st == SNMPX_NOSUCH && n == 2 && snmpx_has_value(&vals[0]));

		s->sent++;
		if (value_ok) {
			const struct snmpx_value *u = &vals[n - 1];

			s->answered++;
			s->rtt_sum += rtt;
			s->rtt_min = rtt < s->rtt_min ? rtt : s->rtt_min;
			s->rtt_max = rtt > s->rtt_max ? rtt : s->rtt_max;
			if (u->type == SNMPX_T_TIMETICKS) {
				s->have_uptime = 1;
				s->uptime = (double)u->u / 100.0;
			}
		} else if (st == SNMPX_TIMEOUT) {
			if (s->answered == 0)
				s->status = SNMPX_TIMEOUT;
		} else {
			s->status = st;
			break;
		}
	}
	if (s->answered > 0 && s->status == SNMPX_TIMEOUT)
		s->status = SNMPX_OK;
	snmpx_close(sess);
	m->now = time(NULL);
	uptime_remember(o, s, m);
	return 0;
}

/* Did the agent restart?  Uptime below the window, or lower than it should be now. */
static int restarted(const struct avail_opts *o, const struct avail_sample *s,
		     const struct avail_memo *m)
{
	double expected;

	if (!s->have_uptime)
		return 0;
	if (o->reboot_window > 0 && s->uptime < (double)o->reboot_window)
		return 1;
	if (m->prev_when == 0 || m->now < m->prev_when)
		return 0;
	expected = m->prev_uptime + (double)(m->now - m->prev_when);
	/* sysUpTime wraps at 2^32 centiseconds (497 days): a wrap is not a restart. */
	if (expected >= 4294967296.0 / 100.0 - 120)
		return 0;
	return s->uptime + 120 < expected && s->uptime < m->prev_uptime + 1;
}

static void avail_evaluate(const struct avail_opts *o, const struct avail_sample *s,
			   const struct avail_memo *m, struct plugin_result *res)
{
	const char *host = o->snmp.host;
	double loss = s->sent ? 100.0 * (double)(s->sent - s->answered) / (double)s->sent : 100;
	double rta = s->answered ? 1000.0 * s->rtt_sum / (double)s->answered : NAN;
	char up[64];

	plugin_run_state_note(res, m->state_err);
	switch (s->status) {
	case SNMPX_TIMEOUT:
		plugin_set(res, PLUGIN_CRITICAL, "%s: no answer to %ld GET%s within %g s (%s%s)",
			   host, s->sent, s->sent == 1 ? "" : "s", o->snmp.timeout, s->why,
			   plugin_run_silence_hint(&o->snmp));
		plugin_perf(res, "pl", 100, "%", &o->loss_warn, &o->loss_crit, 0, 100);
		return;
	case SNMPX_NOSUCH:
		plugin_set(res, PLUGIN_UNKNOWN, "%s: OID %s does not exist on the agent (%s)", host,
			   o->oid_is_uptime ? SNMPX_SYSUPTIME : "given with -o", s->why);
		return;
	case SNMPX_AUTH:
	case SNMPX_PROTO:
	case SNMPX_ERROR:
		plugin_run_snmp_failure(res, &o->snmp, s->status, s->why);
		return;
	case SNMPX_OK:
		break;
	}
	plugin_set(res, PLUGIN_OK, "%s answered %ld/%ld GET%s, rta %.3f ms", host, s->answered,
		   s->sent, s->sent == 1 ? "" : "s", rta);
	if (range_alert(&o->crit, rta) || range_alert(&o->loss_crit, loss))
		plugin_raise(res, PLUGIN_CRITICAL);
	else if (range_alert(&o->warn, rta) || range_alert(&o->loss_warn, loss))
		plugin_raise(res, PLUGIN_WARNING);
	if (loss > 0)
		plugin_append(res, "%.0f%% lost", loss);
	if (s->have_uptime) {
		plugin_duration((long)s->uptime, up, sizeof(up));
		if (restarted(o, s, m)) {
			plugin_append(res, "agent restarted %s ago", up);
			plugin_raise(res, o->reboot_state);
		} else {
			plugin_append(res, "uptime %s", up);
		}
	}
	plugin_perf(res, "rta", rta, "ms", &o->warn, &o->crit, 0, NAN);
	plugin_perf(res, "rtmin", 1000.0 * s->rtt_min, "ms", NULL, NULL, 0, NAN);
	plugin_perf(res, "rtmax", 1000.0 * s->rtt_max, "ms", NULL, NULL, 0, NAN);
	plugin_perf(res, "pl", loss, "%", &o->loss_warn, &o->loss_crit, 0, 100);
	if (s->have_uptime)
		plugin_perf(res, "uptime", s->uptime, "s", NULL, NULL, 0, NAN);
}

/*
 * One sample per run.  A state the plugin could not judge (UNKNOWN) is recorded as
 * unknown time, never as down; archive trouble is said in the text and turns an OK into
 * UNKNOWN, but never hides a WARNING or CRITICAL.
 */
static void avail_record(const struct avail_opts *o, const struct avail_sample *s,
			 struct plugin_result *res)
{
	struct archive_sample a = ARCHIVE_SAMPLE_INIT;

	a.when = time(NULL);
	a.downtime = o->archive.downtime > 0;
	if (res->state != PLUGIN_UNKNOWN) {
		a.avail = s->answered > 0;
		a.rtt = s->answered ? s->rtt_sum / (double)s->answered : NAN;
		a.warn = res->state == PLUGIN_WARNING;
		a.loss = s->sent ? (double)(s->sent - s->answered) / (double)s->sent : NAN;
	}
	plugin_run_record(&o->archive, &a, res);
}

int main(int argc, char **argv)
{
	struct avail_opts opts;
	struct avail_sample s;
	struct avail_memo m = { 0, 0, 0, "" };
	struct plugin_result res = PLUGIN_RESULT_INIT("SNMP");

	if (avail_parse_args(argc, argv, &opts, &res) == 0) {
		plugin_run_deadline(&opts.snmp, &opts.archive);
		avail_collect(&opts, &s, &m);
		avail_evaluate(&opts, &s, &m, &res);	/* pure: no I/O */
		avail_record(&opts, &s, &res);		/* never hides a problem state */
	}
	return plugin_finish(&res);		/* prints, returns 0..3 */
}
