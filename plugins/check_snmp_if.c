/*
 * check_snmp_if — is one network interface up, and since when?
 *
 * Selects an interface of the IF-MIB by ifIndex, or by ifName, ifDescr or ifAlias (exact
 * or POSIX extended regex), reads its admin and oper status with one GET, and says how long
 * the state has lasted (ifLastChange against sysUpTime.0).  A state file per agent and
 * interface notices a link that went down and up again between two checks.  Every run
 * records one sample in the archive: up 1, down 0; an interface shut down on purpose
 * (admin down, testing) is recorded as scheduled downtime, not as an outage.
 */
#include <getopt.h>
#include <math.h>
#include <regex.h>
#include <stdint.h>
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

#define IF_ENTRY  "1.3.6.1.2.1.2.2.1"		/* ifTable */
#define IFX_ENTRY "1.3.6.1.2.1.31.1.1.1"	/* ifXTable */
#define MAX_CAND  8				/* candidates listed for an ambiguous match */
#define LIST_ROWS0 256				/* --list's first allocation; it grows */

enum { IF_DESCR = 2, IF_SPEED = 5, IF_ADMIN = 7, IF_OPER = 8, IF_LASTCHANGE = 9 };
enum { IFX_NAME = 1, IFX_HIGHSPEED = 15, IFX_ALIAS = 18 };

static const char usage_line[] =
	"check_snmp_if -H ADDR [SNMP options] (--index N | --name S | --descr S | --alias S)\n"
	"       [--regex] [--admin-down S] [--dormant S] [--testing S] [--flap S]\n"
	"       [--unreachable S] [-w MS] [-c MS] [--max-interfaces N]\n"
	"       [--rrd FILE | --rrd-dir DIR --host-name H --service S]\n"
	"       check_snmp_if -H ADDR [SNMP options] --list";

static const char help_text[] =
	"check_snmp_if " NINES_VERSION " — availability of one network interface (IF-MIB)\n\n"
	"Usage: %s\n\n"
	"Interface (exactly one of):\n"
	"  -i, --index N           ifIndex\n"
	"  -n, --name S            ifName (ifXTable), e.g. eth0 or Gi0/1\n"
	"  -d, --descr S           ifDescr (ifTable)\n"
	"      --alias S           ifAlias (ifXTable), the operator's description\n"
	"  -r, --regex             match --name/--descr/--alias as a POSIX extended regex\n"
	"                          (default: the whole string exactly); more than one match is\n"
	"                          UNKNOWN and lists the candidates\n"
	"  -l, --list              print every interface (index, name, alias, admin/oper status,\n"
	"                          speed) and exit 0; nothing is recorded\n\n"
	"States (ok, warning or critical):\n"
	"  oper up is OK, recorded up; down, lowerLayerDown, notPresent are CRITICAL, recorded\n"
	"  down; oper unknown is UNKNOWN, recorded as unknown time\n"
	"      --admin-down S      admin status down (default warning); recorded as scheduled\n"
	"                          downtime (avail 0, downtime 1), never as an outage: shutting\n"
	"                          a port is a decision, not a failure\n"
	"      --dormant S         oper dormant (default ok); recorded up unless critical\n"
	"      --testing S         oper testing (default warning); recorded as scheduled downtime\n"
	"      --flap S            ifLastChange moved but the status is the one of the last check:\n"
	"                          the link went down and up in between (default warning); an\n"
	"                          agent restart is not a flap\n"
	"      --unreachable S     the agent does not answer: unknown (default; the host check\n"
	"                          covers reachability, nothing is recorded as down) or critical\n"
	"                          (recorded down)\n"
	"  -w, --warning RANGE     round-trip time of the status GET in ms, e.g. 200\n"
	"  -c, --critical RANGE    round-trip time in ms, e.g. 500\n"
	"      --max-interfaces N  stop a selection walk after N interfaces (default 10000)\n"
	"  -h, --help  -V, --version\n\n"
	"%s\n%s\n"
	"State is kept per agent and ifIndex in $NINES_STATE_DIR (default ~/.cache/nines).\n"
	"Exit: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.\n";

enum if_by { IF_BY_NONE, IF_BY_INDEX, IF_BY_NAME, IF_BY_DESCR, IF_BY_ALIAS };

struct if_opts {
	struct snmpx_target snmp;
	struct archive_opts archive;
	enum if_by by;
	long index;
	const char *pattern;
	int use_regex, list;
	regex_t re;
	int re_ready;
	struct range warn, crit;
	enum plugin_state admin_down, dormant, testing, flap;
	int unreachable_critical;
	long max_rows;
};

struct if_row {
	long index;
	char name[256], descr[256], alias[256];
	long admin, oper;
	uint64_t speed;		/* bit/s, 0 unknown */
};

enum if_problem { IF_FOUND, IF_NO_MIB, IF_NO_IFX, IF_NO_MATCH, IF_AMBIGUOUS };

struct if_sample {
	enum snmpx_status status;
	char why[NINES_ERRLEN];
	enum if_problem problem;
	size_t seen, nmatch;
	struct if_row cand[MAX_CAND];
	struct if_row row;	/* the interface, when problem is IF_FOUND */
	int have_change, have_uptime;
	uint64_t change, uptime;	/* TimeTicks (1/100 s) */
	double rtt;		/* seconds, the status GET */
	int have_prev;		/* from the state file */
	char state_err[NINES_ERRLEN];	/* why it could not be kept, or "" */
	long prev_oper;
	uint64_t prev_change, prev_uptime;
};

/* What the archive gets: NAN avail when the state could not be judged. */
struct if_verdict {
	double avail;
	int downtime;
};

enum { OPT_ALIAS = 0x500, OPT_ADMIN, OPT_DORMANT, OPT_TESTING, OPT_FLAP, OPT_UNREACH,
       OPT_MAXROWS };

static const struct option long_opts[] = {
	SNMPX_LONGOPTS,
	ARCHIVE_LONGOPTS,
	PLUGIN_CLI_LONGOPTS,
	{ "index",          required_argument, NULL, 'i' },
	{ "name",           required_argument, NULL, 'n' },
	{ "descr",          required_argument, NULL, 'd' },
	{ "alias",          required_argument, NULL, OPT_ALIAS },
	{ "regex",          no_argument,       NULL, 'r' },
	{ "list",           no_argument,       NULL, 'l' },
	{ "warning",        required_argument, NULL, 'w' },
	{ "critical",       required_argument, NULL, 'c' },
	{ "admin-down",     required_argument, NULL, OPT_ADMIN },
	{ "dormant",        required_argument, NULL, OPT_DORMANT },
	{ "testing",        required_argument, NULL, OPT_TESTING },
	{ "flap",           required_argument, NULL, OPT_FLAP },
	{ "unreachable",    required_argument, NULL, OPT_UNREACH },
	{ "max-interfaces", required_argument, NULL, OPT_MAXROWS },
	{ "help",           no_argument,       NULL, 'h' },
	{ "version",        no_argument,       NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static int select_by(struct if_opts *o, enum if_by by, const char *arg, char *err, size_t errlen)
{
	if (o->by != IF_BY_NONE) {
		snprintf(err, errlen, "choose one of --index, --name, --descr, --alias");
		return -1;
	}
	o->by = by;
	o->pattern = arg;
	if (by == IF_BY_INDEX)
		return num_long(arg, 1, 2147483647L, &o->index, err, errlen);
	return 0;
}

static int own_opt(void *ctx, int c, const char *arg, char *err, size_t errlen)
{
	struct if_opts *o = ctx;

	switch (c) {
	case 'i': return select_by(o, IF_BY_INDEX, arg, err, errlen);
	case 'n': return select_by(o, IF_BY_NAME, arg, err, errlen);
	case 'd': return select_by(o, IF_BY_DESCR, arg, err, errlen);
	case OPT_ALIAS: return select_by(o, IF_BY_ALIAS, arg, err, errlen);
	case 'r': o->use_regex = 1; return 0;
	case 'l': o->list = 1; return 0;
	case 'w': return range_parse(arg, &o->warn, err, errlen);
	case 'c': return range_parse(arg, &o->crit, err, errlen);
	case OPT_ADMIN: return plugin_state_parse("admin-down", arg, &o->admin_down, err, errlen);
	case OPT_DORMANT: return plugin_state_parse("dormant", arg, &o->dormant, err, errlen);
	case OPT_TESTING: return plugin_state_parse("testing", arg, &o->testing, err, errlen);
	case OPT_FLAP: return plugin_state_parse("flap", arg, &o->flap, err, errlen);
	case OPT_UNREACH:
		if (strcmp(arg, "unknown") == 0 || strcmp(arg, "critical") == 0) {
			o->unreachable_critical = arg[0] == 'c';
			return 0;
		}
		snprintf(err, errlen, "bad --unreachable '%s': unknown or critical", arg);
		return -1;
	case OPT_MAXROWS: return num_long(arg, 1, 1000000, &o->max_rows, err, errlen);
	default:
		snprintf(err, errlen, "unknown option");
		return -1;
	}
}

/* What is left to check once every option is read. */
static int check_opts(void *ctx, char *err, size_t errlen)
{
	struct if_opts *o = ctx;
	int rc;

	if (o->list)
		return 0;
	if (o->by == IF_BY_NONE) {
		snprintf(err, errlen, "no interface given: use --index, --name, --descr or --alias (or --list)");
		return -1;
	}
	if (o->use_regex && o->by == IF_BY_INDEX) {
		snprintf(err, errlen, "--regex goes with --name, --descr or --alias");
		return -1;
	}
	if (o->use_regex) {
		rc = regcomp(&o->re, o->pattern, REG_EXTENDED | REG_NOSUB);
		if (rc != 0) {
			char why[128];

			regerror(rc, &o->re, why, sizeof(why));
			snprintf(err, errlen, "bad regex '%s': %s", o->pattern, why);
			return -1;
		}
		o->re_ready = 1;
	}
	return 0;
}

static const struct plugin_cli cli = {
	"check_snmp_if", usage_line, help_text, "i:n:d:rlw:c:", long_opts, own_opt, check_opts,
};

static int if_parse_args(int argc, char **argv, struct if_opts *o, struct plugin_result *res)
{
	*o = (struct if_opts){ .snmp = SNMPX_TARGET_INIT, .archive = ARCHIVE_OPTS_INIT,
			       .warn = RANGE_INIT, .crit = RANGE_INIT,
			       .admin_down = PLUGIN_WARNING, .dormant = PLUGIN_OK,
			       .testing = PLUGIN_WARNING, .flap = PLUGIN_WARNING,
			       .max_rows = 10000 };
	return plugin_cli_parse(&cli, argc, argv, &o->snmp, &o->archive, o, res);
}

/* --- SNMP ------------------------------------------------------------------------- */

/* entry.column.index as an OID (index 0: the column itself, for walks). */
static struct snmpx_oid col_oid(const char *entry, uint32_t column, long index)
{
	struct snmpx_oid o;
	char err[NINES_ERRLEN];

	snmpx_oid_parse(entry, &o, err, sizeof(err));
	snmpx_oid_append(&o, column);
	if (index > 0)
		snmpx_oid_append(&o, (uint32_t)index);
	return o;
}

static void copy_str(char *dst, size_t len, const struct snmpx_value *v)
{
	snprintf(dst, len, "%s", v->type == SNMPX_T_OCTETS ? (const char *)v->str : "");
}

/* The ifIndex a column value belongs to: the one sub-identifier after the column. */
static long row_index(const struct snmpx_value *v, size_t column_len)
{
	if (v->name.len != column_len + 1 || v->name.v[column_len] == 0 ||
	    v->name.v[column_len] > 2147483647u)
		return 0;
	return (long)v->name.v[column_len];
}

struct match_ctx {
	const struct if_opts *o;
	struct if_sample *s;
	size_t column_len;
};

static int match_one(void *ctx, const struct snmpx_value *v)
{
	struct match_ctx *m = ctx;
	const struct if_opts *o = m->o;
	struct if_sample *s = m->s;
	const char *str = v->type == SNMPX_T_OCTETS ? (const char *)v->str : "";
	long index = row_index(v, m->column_len);
	int hit;

	if (index == 0)
		return 0;
	s->seen++;
	hit = o->re_ready ? regexec(&o->re, str, 0, NULL, 0) == 0 : strcmp(str, o->pattern) == 0;
	if (!hit)
		return 0;
	if (s->nmatch < MAX_CAND) {
		struct if_row *r = &s->cand[s->nmatch];

		r->index = index;
		copy_str(o->by == IF_BY_NAME ? r->name : o->by == IF_BY_DESCR ? r->descr : r->alias,
			 o->by == IF_BY_DESCR ? sizeof(r->descr) : sizeof(r->name), v);
	}
	s->nmatch++;
	return 0;
}

static int count_one(void *ctx, const struct snmpx_value *v)
{
	(void)v;
	(*(size_t *)ctx)++;
	return 0;
}

/* How many interfaces ifDescr lists; 0 means the agent has no IF-MIB (or shows us none). */
static enum snmpx_status count_interfaces(struct snmpx_session *sess, const struct if_opts *o,
					  struct if_sample *s, size_t *n)
{
	struct snmpx_oid col = col_oid(IF_ENTRY, IF_DESCR, 0);

	*n = 0;
	return snmpx_walk(sess, &col, count_one, n, (size_t)o->max_rows,
			  snmpx_time_left(sess), s->why, sizeof(s->why));
}

/* Fills in the name and alias of the candidates for the message; failures leave them empty. */
static void describe_candidates(struct snmpx_session *sess, struct if_sample *s)
{
	size_t n = s->nmatch < MAX_CAND ? s->nmatch : MAX_CAND;
	char err[NINES_ERRLEN];

	for (size_t i = 0; i < n; i++) {
		struct if_row *r = &s->cand[i];
		struct snmpx_oid oids[3] = { col_oid(IFX_ENTRY, IFX_NAME, r->index),
					     col_oid(IFX_ENTRY, IFX_ALIAS, r->index),
					     col_oid(IF_ENTRY, IF_DESCR, r->index) };
		struct snmpx_value vals[3];

		/* v1 without ifXTable: ifDescr still comes back */
		if (snmpx_get_some(sess, oids, 3, vals, err, sizeof(err)) != SNMPX_OK)
			return;
		copy_str(r->name, sizeof(r->name), &vals[0]);
		copy_str(r->alias, sizeof(r->alias), &vals[1]);
		copy_str(r->descr, sizeof(r->descr), &vals[2]);
	}
}

/* Walks the column --name/--descr/--alias names and keeps the rows that match. */
static void select_by_walk(struct snmpx_session *sess, const struct if_opts *o, struct if_sample *s)
{
	int ifx = o->by != IF_BY_DESCR;
	struct snmpx_oid col = ifx ? col_oid(IFX_ENTRY, o->by == IF_BY_NAME ? IFX_NAME : IFX_ALIAS, 0)
				   : col_oid(IF_ENTRY, IF_DESCR, 0);
	struct match_ctx m = { o, s, col.len };
	size_t n;

	s->status = snmpx_walk(sess, &col, match_one, &m, (size_t)o->max_rows,
			       snmpx_time_left(sess), s->why, sizeof(s->why));
	if (s->status != SNMPX_OK)
		return;
	if (s->seen == 0) {
		if (!ifx || (s->status = count_interfaces(sess, o, s, &n)) != SNMPX_OK)
			s->problem = IF_NO_MIB;
		else {
			s->problem = n == 0 ? IF_NO_MIB : IF_NO_IFX;
			s->seen = n;
		}
		return;
	}
	if (s->nmatch == 0) {
		s->problem = IF_NO_MATCH;
	} else if (s->nmatch > 1) {
		s->problem = IF_AMBIGUOUS;
		describe_candidates(sess, s);
	} else {
		s->row = s->cand[0];
	}
}

/* The interface is not there: is it the interface or the whole MIB? */
static void not_found(struct snmpx_session *sess, const struct if_opts *o, struct if_sample *s)
{
	size_t n = 0;

	s->status = count_interfaces(sess, o, s, &n);
	s->seen = n;
	s->problem = n == 0 ? IF_NO_MIB : IF_NO_MATCH;
}

/*
 * One GET for the status (timed: the rtt of the check).  v1 fails a whole GET on one
 * missing object, so there the optional ifXTable labels come in a second GET.
 */
static void status_get(struct snmpx_session *sess, const struct if_opts *o, struct if_sample *s)
{
	long i = s->row.index;
	struct snmpx_oid oids[7] = {
		col_oid(IF_ENTRY, IF_ADMIN, i), col_oid(IF_ENTRY, IF_OPER, i),
		col_oid(IF_ENTRY, IF_LASTCHANGE, i), col_oid(IF_ENTRY, IF_DESCR, i), { { 0 }, 0 },
		col_oid(IFX_ENTRY, IFX_NAME, i), col_oid(IFX_ENTRY, IFX_ALIAS, i),
	};
	struct snmpx_value vals[7];
	size_t n = o->snmp.version == 1 ? 5 : 7;
	char err[NINES_ERRLEN];

	snmpx_oid_parse(SNMPX_SYSUPTIME, &oids[4], err, sizeof(err));
	s->status = snmpx_get(sess, oids, n, vals, &s->rtt, s->why, sizeof(s->why));
	if (s->status == SNMPX_NOSUCH && (o->snmp.version == 1 || !snmpx_has_value(&vals[1]))) {
		not_found(sess, o, s);
		return;
	}
	if (s->status != SNMPX_OK && s->status != SNMPX_NOSUCH)
		return;
	s->status = SNMPX_OK;
	if (o->snmp.version == 1 &&
	    snmpx_get(sess, &oids[5], 2, &vals[5], NULL, err, sizeof(err)) != SNMPX_OK)
		vals[5].type = vals[6].type = SNMPX_T_NULL;
	s->row.admin = vals[0].type == SNMPX_T_INTEGER ? (long)vals[0].i : 0;
	s->row.oper = vals[1].type == SNMPX_T_INTEGER ? (long)vals[1].i : 0;
	s->have_change = vals[2].type == SNMPX_T_TIMETICKS;
	s->change = vals[2].u;
	s->have_uptime = vals[4].type == SNMPX_T_TIMETICKS;
	s->uptime = vals[4].u;
	copy_str(s->row.descr, sizeof(s->row.descr), &vals[3]);
	copy_str(s->row.name, sizeof(s->row.name), &vals[5]);
	copy_str(s->row.alias, sizeof(s->row.alias), &vals[6]);
}

/* The last oper status, ifLastChange and sysUpTime seen, per agent and ifIndex. */
static void if_remember(const struct if_opts *o, struct if_sample *s)
{
	char host[200], key[300], buf[128], val[128], err[NINES_ERRLEN];
	unsigned long long change, uptime;
	long oper;

	if (archive_name_encode(o->snmp.host, host, sizeof(host)) != 0)
		snprintf(host, sizeof(host), "host");
	snprintf(key, sizeof(key), "if-%s-%ld-%ld", host, o->snmp.port, s->row.index);
	if (state_load(key, buf, sizeof(buf), s->state_err, sizeof(s->state_err)) == 0 &&
	    sscanf(buf, "%ld %llu %llu", &oper, &change, &uptime) == 3) {
		s->have_prev = 1;
		s->prev_oper = oper;
		s->prev_change = change;
		s->prev_uptime = uptime;
	}
	if (s->have_change && s->have_uptime) {
		snprintf(val, sizeof(val), "%ld %llu %llu", s->row.oper,
			 (unsigned long long)s->change, (unsigned long long)s->uptime);
		if (state_save(key, val, err, sizeof(err)) != 0 && s->state_err[0] == '\0')
			snprintf(s->state_err, sizeof(s->state_err), "%s", err);
	}
}

static void if_collect(const struct if_opts *o, struct if_sample *s)
{
	struct snmpx_session *sess;

	memset(s, 0, sizeof(*s));
	s->rtt = NAN;
	sess = snmpx_open(&o->snmp, &s->status, s->why, sizeof(s->why));
	if (sess == NULL)
		return;
	if (o->by == IF_BY_INDEX)
		s->row.index = o->index;
	else
		select_by_walk(sess, o, s);
	if (s->status == SNMPX_OK && s->problem == IF_FOUND)
		status_get(sess, o, s);
	snmpx_close(sess);
	if (s->status == SNMPX_OK && s->problem == IF_FOUND)
		if_remember(o, s);
}

/* --- evaluation (pure) -------------------------------------------------------------- */

static const char *status_name(long v)
{
	static const char *const names[] = { "?", "up", "down", "testing", "unknown", "dormant",
					     "notPresent", "lowerLayerDown" };

	return v >= 1 && v <= 7 ? names[v] : "?";
}

/* "eth0", else ifDescr, else "ifIndex N". */
static const char *row_label(const struct if_row *r, char *buf, size_t len)
{
	if (r->name[0] != '\0')
		return r->name;
	if (r->descr[0] != '\0')
		return r->descr;
	snprintf(buf, len, "ifIndex %ld", r->index);
	return buf;
}

static void eval_problem(const struct if_opts *o, const struct if_sample *s,
			 struct plugin_result *res)
{
	static const char *const by_name[] = { "", "ifIndex", "ifName", "ifDescr", "ifAlias" };
	const char *host = o->snmp.host;
	char label[64];

	switch (s->problem) {
	case IF_NO_MIB:
		plugin_set(res, PLUGIN_UNKNOWN, "%s: IF-MIB not available on agent (no ifTable rows)", host);
		break;
	case IF_NO_IFX:
		plugin_set(res, PLUGIN_UNKNOWN, "%s: IF-MIB ifXTable (ifName, ifAlias) not available on "
			   "agent, %zu interfaces seen: select with --descr or --index", host, s->seen);
		break;
	case IF_NO_MATCH:
		if (o->by == IF_BY_INDEX)
			plugin_set(res, PLUGIN_UNKNOWN, "%s: no interface with ifIndex %ld (%zu interfaces seen)",
				   host, o->index, s->seen);
		else
			plugin_set(res, PLUGIN_UNKNOWN, "%s: no %s %s '%s' (%zu interfaces seen)", host,
				   by_name[o->by], o->use_regex ? "matches" : "is", o->pattern, s->seen);
		break;
	case IF_AMBIGUOUS:
		plugin_set(res, PLUGIN_UNKNOWN, "%s: %zu interfaces match %s '%s'", host, s->nmatch,
			   by_name[o->by], o->pattern);
		for (size_t i = 0; i < s->nmatch && i < MAX_CAND; i++)
			plugin_append(res, "ifIndex %ld %s%s%s%s", s->cand[i].index,
				      row_label(&s->cand[i], label, sizeof(label)),
				      s->cand[i].alias[0] ? " (alias '" : "", s->cand[i].alias,
				      s->cand[i].alias[0] ? "')" : "");
		if (s->nmatch > MAX_CAND)
			plugin_append(res, "and %zu more", s->nmatch - MAX_CAND);
		break;
	case IF_FOUND:
		break;
	}
}

/* The agent was silent (the state is silence: CRITICAL or UNKNOWN) or refused the request. */
static void eval_no_answer(const struct snmpx_target *snmp, const struct if_sample *s,
			   enum plugin_state silence, struct plugin_result *res)
{
	if (s->status == SNMPX_TIMEOUT)
		plugin_set(res, silence, "%s: no answer within %g s, interface state unknown (%s%s)",
			   snmp->host, snmp->timeout, s->why, plugin_run_silence_hint(snmp));
	else
		plugin_run_snmp_failure(res, snmp, s->status, s->why);
}

/*
 * The verdict for an oper status (admin down takes precedence): state, whether the
 * time is recorded up, and whether it is scheduled downtime.
 */
static void judge(const struct if_opts *o, const struct if_row *r, enum plugin_state *st,
		  struct if_verdict *v)
{
	v->avail = 0;
	v->downtime = 0;
	if (r->admin == 2) {
		*st = o->admin_down;
		v->downtime = 1;
		return;
	}
	switch (r->oper) {
	case 1: *st = PLUGIN_OK; v->avail = 1; break;
	case 2: case 6: case 7: *st = PLUGIN_CRITICAL; break;
	case 3: *st = o->testing; v->downtime = 1; break;
	case 5: *st = o->dormant; v->avail = o->dormant == PLUGIN_CRITICAL ? 0 : 1; break;
	default: *st = PLUGIN_UNKNOWN; v->avail = NAN; break;
	}
}

/* Went down and up (or up and down) between two checks, on the same agent uptime. */
static int flapped(const struct if_sample *s)
{
	return s->have_prev && s->have_change && s->have_uptime && s->prev_oper == s->row.oper &&
	       s->prev_change != s->change && s->uptime >= s->prev_uptime;
}

static void if_evaluate(const struct if_opts *o, const struct if_sample *s,
			struct plugin_result *res, struct if_verdict *v)
{
	const struct if_row *r = &s->row;
	double rta = 1000.0 * s->rtt, age = NAN;
	enum plugin_state st;
	char label[64], dur[64];

	v->avail = NAN;
	v->downtime = 0;
	plugin_run_state_note(res, s->state_err);
	if (s->status != SNMPX_OK) {
		eval_no_answer(&o->snmp, s, o->unreachable_critical ? PLUGIN_CRITICAL : PLUGIN_UNKNOWN,
			       res);
		if (s->status == SNMPX_TIMEOUT && o->unreachable_critical)
			v->avail = 0;
		return;
	}
	if (s->problem != IF_FOUND) {
		eval_problem(o, s, res);
		return;
	}
	judge(o, r, &st, v);
	dur[0] = '\0';
	if (s->have_change && s->have_uptime && s->uptime >= s->change) {
		age = (double)(s->uptime - s->change) / 100.0;
		plugin_duration((long)age, dur, sizeof(dur));
	}
	/* ifLastChange 0: the state dates from before the agent's own start. */
	plugin_set(res, st, "%s %s%s%s%s", row_label(r, label, sizeof(label)),
		   r->admin == 2 ? "admin down" : status_name(r->oper), dur[0] ? " for " : "",
		   dur[0] && s->change == 0 ? "at least " : "", dur);
	if (r->admin == 2)
		plugin_append(res, "oper %s, scheduled downtime by policy", status_name(r->oper));
	if (st == PLUGIN_UNKNOWN)
		plugin_append(res, "ifOperStatus %ld", r->oper);
	if (flapped(s)) {
		plugin_append(res, "flapped since last check");
		plugin_raise(res, o->flap);
	}
	if (range_alert(&o->crit, rta))
		plugin_raise(res, PLUGIN_CRITICAL);
	else if (range_alert(&o->warn, rta))
		plugin_raise(res, PLUGIN_WARNING);
	plugin_append(res, "ifIndex %ld", r->index);
	if (r->alias[0] != '\0')
		plugin_append(res, "alias '%s'", r->alias);
	plugin_perf(res, "oper_status", (double)r->oper, "", NULL, NULL, 1, 7);
	plugin_perf(res, "state_age", age, "s", NULL, NULL, 0, NAN);
	plugin_perf(res, "rta", rta, "ms", &o->warn, &o->crit, 0, NAN);
}

/* --- archive -------------------------------------------------------------------------- */

/*
 * One sample per run.  Archive trouble is said in the text and turns an OK into UNKNOWN,
 * but never hides a WARNING or CRITICAL.
 */
static void if_record(const struct if_opts *o, const struct if_sample *s,
		      const struct if_verdict *v, struct plugin_result *res)
{
	struct archive_sample a = ARCHIVE_SAMPLE_INIT;

	a.when = time(NULL);
	a.avail = v->avail;
	a.rtt = isnan(v->avail) || s->status != SNMPX_OK ? NAN : s->rtt;
	a.warn = res->state == PLUGIN_WARNING;
	a.downtime = o->archive.downtime > 0 || v->downtime;
	plugin_run_record(&o->archive, &a, res);
}

/* --- --list ---------------------------------------------------------------------------- */

struct list_ctx {
	struct if_row *rows;
	size_t n, cap, column_len;
	uint32_t column;
	int ifx, nomem;
};

static struct if_row *find_row(struct list_ctx *l, long index)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->rows[mid].index == index)
			return &l->rows[mid];
		if (l->rows[mid].index < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int list_one(void *ctx, const struct snmpx_value *v)
{
	struct list_ctx *l = ctx;
	long index = row_index(v, l->column_len);
	struct if_row *r;

	if (index == 0)
		return 0;
	if (!l->ifx && l->column == IF_DESCR) {
		/* The first walk makes the rows; a walk returns them in ifIndex order. */
		if (l->n > 0 && l->rows[l->n - 1].index >= index)
			return 0;
		if (l->n == l->cap) {
			size_t cap = l->cap ? 2 * l->cap : LIST_ROWS0;
			struct if_row *rows = realloc(l->rows, cap * sizeof(*rows));

			if (rows == NULL) {
				l->nomem = 1;
				return 1;
			}
			l->rows = rows;
			l->cap = cap;
		}
		r = &l->rows[l->n++];
		memset(r, 0, sizeof(*r));
		r->index = index;
	} else if ((r = find_row(l, index)) == NULL) {
		return 0;
	}
	if (l->ifx && l->column == IFX_HIGHSPEED && v->type == SNMPX_T_UNSIGNED && v->u > 0)
		r->speed = v->u * 1000000;	/* Mbit/s, for links beyond ifSpeed's 4.29 Gbit/s */
	else if (!l->ifx && l->column == IF_SPEED && v->type == SNMPX_T_UNSIGNED && r->speed == 0)
		r->speed = v->u;
	else if (l->column == IF_DESCR && !l->ifx)
		copy_str(r->descr, sizeof(r->descr), v);
	else if (l->ifx && l->column == IFX_NAME)
		copy_str(r->name, sizeof(r->name), v);
	else if (l->ifx && l->column == IFX_ALIAS)
		copy_str(r->alias, sizeof(r->alias), v);
	else if (!l->ifx && v->type == SNMPX_T_INTEGER)
		*(l->column == IF_ADMIN ? &r->admin : &r->oper) = (long)v->i;
	return 0;
}

static void speed_text(uint64_t bps, char *buf, size_t len)
{
	static const struct { uint64_t div; const char *unit; } units[] = {
		{ 1000000000000ULL, "T" }, { 1000000000ULL, "G" }, { 1000000ULL, "M" },
		{ 1000ULL, "k" }, { 1ULL, "" },
	};

	if (bps == 0) {
		snprintf(buf, len, "-");
		return;
	}
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (bps >= units[i].div) {
			snprintf(buf, len, "%g%sbit/s", (double)bps / (double)units[i].div, units[i].unit);
			return;
		}
	}
}

/* Walks the columns --list shows (ifHighSpeed before ifSpeed: it wins when set). */
static enum snmpx_status list_walk(struct snmpx_session *sess, const struct if_opts *o,
				   struct list_ctx *l, char *err, size_t errlen)
{
	static const struct { int ifx; uint32_t column; } cols[] = {
		{ 0, IF_DESCR }, { 1, IFX_NAME }, { 1, IFX_ALIAS }, { 0, IF_ADMIN }, { 0, IF_OPER },
		{ 1, IFX_HIGHSPEED }, { 0, IF_SPEED },
	};

	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		struct snmpx_oid col = col_oid(cols[i].ifx ? IFX_ENTRY : IF_ENTRY, cols[i].column, 0);
		enum snmpx_status st;

		l->ifx = cols[i].ifx;
		l->column = cols[i].column;
		l->column_len = col.len;
		st = snmpx_walk(sess, &col, list_one, l, (size_t)o->max_rows, snmpx_time_left(sess),
				err, errlen);
		if (st != SNMPX_OK)
			return st;
		if (i == 0 && l->n == 0)
			return SNMPX_NOSUCH;
	}
	return SNMPX_OK;
}

/*
 * An agent's string as one line of text: a control byte (a line break in an ifName would
 * make a row of its own) is shown as \xHH, and so is a backslash's own lead-in.
 */
static const char *one_line(const char *s, char *buf, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (; *s != '\0' && o + 5 <= len; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f || c == '\\') {
			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex[c >> 4];
			buf[o++] = hex[c & 15];
		} else {
			buf[o++] = (char)c;
		}
	}
	buf[o] = '\0';
	return buf;
}

/* Lines of long output so far, "..." (the rest dropped) not counted. */
static size_t detail_lines(const struct plugin_result *res)
{
	size_t n = res->details[0] != '\0';

	for (const char *p = res->details; (p = strchr(p, '\n')) != NULL; p++)
		n += strcmp(p + 1, "...") != 0;
	return n;
}

/* The table as detail lines; the status line counts every row, listed or not. */
static void list_format(const struct if_opts *o, const struct list_ctx *l,
			struct plugin_result *res)
{
	char speed[32], label[64], name[4 * sizeof(l->rows->name)], alias[4 * sizeof(l->rows->alias)];
	size_t shown;

	plugin_set(res, PLUGIN_OK, "%zu interface%s on %s", l->n, l->n == 1 ? "" : "s",
		   o->snmp.host);
	plugin_detail(res, "%-8s %-20s %-24s %-6s %-15s %s", "ifIndex", "name", "alias", "admin",
		      "oper", "speed");
	for (size_t i = 0; i < l->n; i++) {
		const struct if_row *r = &l->rows[i];

		speed_text(r->speed, speed, sizeof(speed));
		plugin_detail(res, "%-8ld %-20s %-24s %-6s %-15s %s", r->index,
			      one_line(row_label(r, label, sizeof(label)), name, sizeof(name)),
			      r->alias[0] ? one_line(r->alias, alias, sizeof(alias)) : "-",
			      status_name(r->admin), status_name(r->oper), speed);
	}
	shown = detail_lines(res) - 1;
	if (shown < l->n)
		plugin_append(res, "the first %zu listed (output is limited to %d bytes)", shown,
			      PLUGIN_OUTPUT_MAX);
}

/* --list: an operator's tool, OK with the table, or UNKNOWN; never recorded. */
static void if_list(const struct if_opts *o, struct plugin_result *res)
{
	struct list_ctx l = { NULL, 0, 0, 0, 0, 0, 0 };
	struct if_sample s;
	struct snmpx_session *sess;

	memset(&s, 0, sizeof(s));
	sess = snmpx_open(&o->snmp, &s.status, s.why, sizeof(s.why));
	if (sess != NULL) {
		s.status = list_walk(sess, o, &l, s.why, sizeof(s.why));
		if (l.nomem) {
			s.status = SNMPX_ERROR;
			snprintf(s.why, sizeof(s.why), "out of memory for %zu interfaces", l.n);
		}
		snmpx_close(sess);
	}
	if (s.status == SNMPX_NOSUCH) {
		plugin_set(res, PLUGIN_UNKNOWN, "%s: IF-MIB not available on agent (no ifTable rows)",
			   o->snmp.host);
	} else if (s.status != SNMPX_OK) {
		eval_no_answer(&o->snmp, &s, PLUGIN_UNKNOWN, res);	/* --list records nothing */
	} else {
		list_format(o, &l, res);
	}
	free(l.rows);
}

int main(int argc, char **argv)
{
	struct if_opts opts;
	struct if_sample s;
	struct if_verdict v;
	struct plugin_result res = PLUGIN_RESULT_INIT("SNMP");

	if (if_parse_args(argc, argv, &opts, &res) == 0) {
		plugin_run_deadline(&opts.snmp, &opts.archive);
		if (opts.list) {
			if_list(&opts, &res);
		} else {
			if_collect(&opts, &s);
			if_evaluate(&opts, &s, &res, &v);	/* pure: no I/O */
			if_record(&opts, &s, &v, &res);		/* never hides a problem state */
		}
	}
	if (opts.re_ready)
		regfree(&opts.re);
	return plugin_finish(&res);		/* prints, returns 0..3 */
}
