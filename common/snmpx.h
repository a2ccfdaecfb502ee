/*
 * snmpx — the SNMP adapter: net-snmp behind plain structs, the only file that sees its
 * headers.  v1, v2c and v3 (noAuthNoPriv/authNoPriv/authPriv; MD5, SHA, SHA-224/256/384/512;
 * DES, AES, AES-192, AES-256), udp/udp6/tcp/tcp6, numeric OIDs only, no MIB loading and
 * no net-snmp configuration files read.
 *
 * Start-up is net-snmp's documented init_snmp() with configuration files, persistent
 * files and MIB loading switched off (t/test_snmpx.c holds net-snmp to that); v3
 * password-to-key hashing (1 MB of hashing per password, RFC 3414) is cached, see usmkey.h.
 */
#ifndef SNMPX_H
#define SNMPX_H

#include <stddef.h>
#include <stdint.h>

#define SNMPX_MAX_OID 128
#define SNMPX_SYSUPTIME "1.3.6.1.2.1.1.3.0"	/* sysUpTime.0, which every agent has */

struct snmpx_oid {
	uint32_t v[SNMPX_MAX_OID];
	size_t len;
};

enum snmpx_status {
	SNMPX_OK,
	SNMPX_TIMEOUT,		/* no answer at all: the availability signal */
	SNMPX_AUTH,		/* v3 authentication/privacy/time-window/unknown user */
	SNMPX_NOSUCH,		/* noSuchObject / noSuchInstance / v1 noSuchName */
	SNMPX_PROTO,		/* the agent answered with an error status or garbage */
	SNMPX_ERROR,		/* our side: bad address, cannot open a socket, ... */
};
const char *snmpx_status_name(enum snmpx_status s);

enum snmpx_type {
	SNMPX_T_NULL, SNMPX_T_INTEGER, SNMPX_T_UNSIGNED, SNMPX_T_COUNTER64, SNMPX_T_TIMETICKS,
	SNMPX_T_OCTETS, SNMPX_T_OID, SNMPX_T_IPADDR, SNMPX_T_NOSUCHOBJECT,
	SNMPX_T_NOSUCHINSTANCE, SNMPX_T_ENDOFMIBVIEW, SNMPX_T_OTHER,
};

struct snmpx_value {
	struct snmpx_oid name;	/* the OID this value came back for */
	enum snmpx_type type;
	int64_t i;		/* INTEGER */
	uint64_t u;		/* Gauge32, Counter32, Counter64, TimeTicks, Unsigned32 */
	unsigned char str[256];	/* OCTET STRING (NUL-terminated copy, maybe cut), IpAddress */
	size_t len;		/* bytes in str before any cut */
	struct snmpx_oid oid;	/* OBJECT IDENTIFIER values */
};

enum snmpx_seclevel { SNMPX_NOAUTH, SNMPX_AUTHNOPRIV, SNMPX_AUTHPRIV };
enum snmpx_auth { SNMPX_AUTH_MD5, SNMPX_AUTH_SHA, SNMPX_AUTH_SHA224, SNMPX_AUTH_SHA256,
		  SNMPX_AUTH_SHA384, SNMPX_AUTH_SHA512 };
enum snmpx_priv { SNMPX_PRIV_DES, SNMPX_PRIV_AES, SNMPX_PRIV_AES192, SNMPX_PRIV_AES256 };

/* Everything that says how to reach an agent; filled by snmpx_opt(). */
struct snmpx_target {
	const char *host;	/* -H */
	long port;		/* -p, default 161 */
	int family;		/* -4 / -6, 0 either */
	int tcp;		/* --tcp */
	int version;		/* -P 1|2c|3: 1, 2 or 3; default 2 */
	const char *community;	/* -C, default "public" */
	const char *secname;	/* -U */
	const char *context;	/* -N */
	enum snmpx_seclevel seclevel;	/* -L */
	enum snmpx_auth auth;	/* -a, default SHA */
	enum snmpx_priv priv;	/* -x, default AES */
	char authpass[256];	/* -A, --authfile, or $NINES_SNMP_AUTHPASS */
	char privpass[256];	/* -X, --authfile, or $NINES_SNMP_PRIVPASS */
	const char *key_cache;	/* --key-cache DIR; NULL default; "" none (--no-key-cache) */
	double timeout;		/* -t: seconds for the whole check, default 10 */
	long retries;		/* -e, default 1 */
	double request_timeout;	/* seconds one request may take with its retries; 0: timeout */
};
#define SNMPX_TARGET_INIT { NULL, 161, 0, 0, 2, "public", NULL, NULL, SNMPX_NOAUTH, \
			    SNMPX_AUTH_SHA, SNMPX_PRIV_AES, "", "", NULL, 10.0, 1, 0 }

/* Short options the SNMP part takes (-H -p -t -4 -6 -C -P -U -L -a -A -x -X -N -e). */
#define SNMPX_SHORTOPTS "H:p:t:46C:P:U:L:a:A:x:X:N:e:"
#define SNMPX_OPT_BASE 0x300
#define SNMPX_LONGOPTS \
	{ "hostname",     required_argument, NULL, 'H' }, \
	{ "port",         required_argument, NULL, 'p' }, \
	{ "timeout",      required_argument, NULL, 't' }, \
	{ "use-ipv4",     no_argument,       NULL, '4' }, \
	{ "use-ipv6",     no_argument,       NULL, '6' }, \
	{ "community",    required_argument, NULL, 'C' }, \
	{ "protocol",     required_argument, NULL, 'P' }, \
	{ "secname",      required_argument, NULL, 'U' }, \
	{ "seclevel",     required_argument, NULL, 'L' }, \
	{ "authproto",    required_argument, NULL, 'a' }, \
	{ "authpasswd",   required_argument, NULL, 'A' }, \
	{ "privproto",    required_argument, NULL, 'x' }, \
	{ "privpasswd",   required_argument, NULL, 'X' }, \
	{ "context",      required_argument, NULL, 'N' }, \
	{ "retries",      required_argument, NULL, 'e' }, \
	{ "authfile",     required_argument, NULL, SNMPX_OPT_BASE + 0 }, \
	{ "key-cache",    required_argument, NULL, SNMPX_OPT_BASE + 1 }, \
	{ "no-key-cache", no_argument,       NULL, SNMPX_OPT_BASE + 2 }, \
	{ "tcp",          no_argument,       NULL, SNMPX_OPT_BASE + 3 }
#define SNMPX_USAGE \
	"SNMP:\n" \
	"  -H, --hostname ADDR     agent address (required)\n" \
	"  -p, --port PORT         agent port (default 161)\n" \
	"  -4, -6, --tcp           force IPv4 / IPv6 / TCP (default UDP, either family)\n" \
	"  -t, --timeout SECONDS   give up after this long (default 10)\n" \
	"  -e, --retries N         retransmissions per request (default 1)\n" \
	"  -P, --protocol 1|2c|3   SNMP version (default 2c)\n" \
	"  -C, --community NAME    v1/v2c community (default public)\n" \
	"  -U, --secname NAME      v3 user;  -N, --context NAME  v3 context\n" \
	"  -L, --seclevel LEVEL    noAuthNoPriv | authNoPriv | authPriv\n" \
	"  -a, --authproto P       MD5 | SHA | SHA-224 | SHA-256 | SHA-384 | SHA-512\n" \
	"  -x, --privproto P       DES | AES | AES-192 | AES-256\n" \
	"  -A, -X PASSWORD         v3 passwords (visible in ps: prefer --authfile or the\n" \
	"                          NINES_SNMP_AUTHPASS / NINES_SNMP_PRIVPASS variables)\n" \
	"  --authfile FILE         lines 'authpass = ...' and 'privpass = ...'\n" \
	"  --key-cache DIR         cache of derived v3 keys (default: the state directory);\n" \
	"  --no-key-cache          derive keys on every run instead\n"

/* 1 handled (stored in t), 0 not an SNMP option, -1 bad value (message in err). */
int snmpx_opt(struct snmpx_target *t, int opt, const char *arg, char *err, size_t errlen);

/* After option parsing: checks required pieces, loads secrets from the environment. */
int snmpx_check(struct snmpx_target *t, char *err, size_t errlen);

/* Numeric OIDs only ("1.3.6.1.2.1.1.3.0", a leading dot allowed). */
int snmpx_oid_parse(const char *s, struct snmpx_oid *o, char *err, size_t errlen);
int snmpx_oid_format(const struct snmpx_oid *o, char *buf, size_t len);
/* 1 when o lies strictly below root. */
int snmpx_oid_under(const struct snmpx_oid *o, const struct snmpx_oid *root);
/* Appends one sub-identifier; -1 when full. */
int snmpx_oid_append(struct snmpx_oid *o, uint32_t sub);

struct snmpx_session;

/*
 * Opens a session to t.  net-snmp discovers a v3 agent's engine inside the first request,
 * which until then may use all that is left of t->timeout.  v3 authPriv: an agent that
 * answered discovery but not the first encrypted request is SNMPX_AUTH (a wrong privacy
 * password or protocol), not silence.  Returns a new session; close with snmpx_close().
 * NULL with *st and a message when the parameters are wrong.
 */
struct snmpx_session *snmpx_open(const struct snmpx_target *t, enum snmpx_status *st,
				 char *err, size_t errlen);
void snmpx_close(struct snmpx_session *s);

/*
 * One GET of n OIDs.  vals[i] is filled for each; rtt (may be NULL) receives the wall time
 * of the request/response on a monotonic clock, in seconds, including retransmissions.
 * SNMPX_NOSUCH when any value is noSuchObject/noSuchInstance (vals still filled).
 */
enum snmpx_status snmpx_get(struct snmpx_session *s, const struct snmpx_oid *oids, size_t n,
			    struct snmpx_value *vals, double *rtt, char *err, size_t errlen);

/* At most this many OIDs in one snmpx_get_some(). */
#define SNMPX_GET_SOME_MAX 16

/*
 * One GET that tolerates missing objects: v2c/v3 agents mark them in place, a v1 agent
 * fails the whole request on the first one, so it is asked again without it.  Missing
 * objects come back as noSuchObject; SNMPX_OK unless the agent could not be asked
 * (SNMPX_ERROR for more than SNMPX_GET_SOME_MAX OIDs).
 */
enum snmpx_status snmpx_get_some(struct snmpx_session *s, const struct snmpx_oid *oids,
				 size_t n, struct snmpx_value *vals, char *err, size_t errlen);

/* 1 when v holds a value: not nothing, noSuchObject, noSuchInstance or endOfMibView. */
int snmpx_has_value(const struct snmpx_value *v);

/*
 * Walks the subtree under root: GETBULK for v2c/v3, GETNEXT for v1.  fn is called for
 * each value in order; return non-zero from fn to stop.  Bounded: at most max_rows values
 * and max_seconds of wall time (SNMPX_ERROR with a message when a bound is hit); an agent
 * that returns non-increasing OIDs is stopped (SNMPX_PROTO).  An empty subtree is OK
 * with no calls.
 */
typedef int (*snmpx_walk_fn)(void *ctx, const struct snmpx_value *v);
enum snmpx_status snmpx_walk(struct snmpx_session *s, const struct snmpx_oid *root,
			     snmpx_walk_fn fn, void *ctx, size_t max_rows, double max_seconds,
			     char *err, size_t errlen);

/* Seconds left before the check's own timeout (-t) measured from snmpx_open(). */
double snmpx_time_left(const struct snmpx_session *s);

#endif
