#include "snmpx.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/library/snmpUDPDomain.h>
#include <net-snmp/library/snmpUDPIPv6Domain.h>
#include <net-snmp/library/snmpTCPDomain.h>
#include <net-snmp/library/snmpTCPIPv6Domain.h>

#include "mono.h"
#include "num.h"
#include "usmkey.h"

struct snmpx_session {
	void *ss;		/* net-snmp single-session handle */
	int version;
	double deadline;	/* monotonic seconds when -t runs out */
	double per_try;		/* seconds one try of a request may wait, at most */
	int priv_unproven;	/* v3 authPriv: no encrypted request answered yet */
};

const char *snmpx_status_name(enum snmpx_status s)
{
	static const char *const names[] = { "ok", "no answer", "authentication failed",
					     "no such object", "protocol error", "error" };

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "error";
}

/* --- options ---------------------------------------------------------------------- */

struct name_val {
	const char *name;
	int val;
};

static int lookup(const struct name_val *t, size_t n, const char *s, int *out)
{
	for (size_t i = 0; i < n; i++) {
		if (strcasecmp(t[i].name, s) == 0) {
			*out = t[i].val;
			return 0;
		}
	}
	return -1;
}

static const struct name_val seclevels[] = {
	{ "noAuthNoPriv", SNMPX_NOAUTH }, { "authNoPriv", SNMPX_AUTHNOPRIV },
	{ "authPriv", SNMPX_AUTHPRIV },
};
static const struct name_val auths[] = {
	{ "MD5", SNMPX_AUTH_MD5 }, { "SHA", SNMPX_AUTH_SHA }, { "SHA1", SNMPX_AUTH_SHA },
	{ "SHA-224", SNMPX_AUTH_SHA224 }, { "SHA224", SNMPX_AUTH_SHA224 },
	{ "SHA-256", SNMPX_AUTH_SHA256 }, { "SHA256", SNMPX_AUTH_SHA256 },
	{ "SHA-384", SNMPX_AUTH_SHA384 }, { "SHA384", SNMPX_AUTH_SHA384 },
	{ "SHA-512", SNMPX_AUTH_SHA512 }, { "SHA512", SNMPX_AUTH_SHA512 },
};
static const struct name_val privs[] = {
	{ "DES", SNMPX_PRIV_DES }, { "AES", SNMPX_PRIV_AES }, { "AES128", SNMPX_PRIV_AES },
	{ "AES-128", SNMPX_PRIV_AES }, { "AES192", SNMPX_PRIV_AES192 },
	{ "AES-192", SNMPX_PRIV_AES192 }, { "AES256", SNMPX_PRIV_AES256 },
	{ "AES-256", SNMPX_PRIV_AES256 },
};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int read_authfile(struct snmpx_target *t, const char *path, char *err, size_t errlen);

static int copy_secret(char *dst, size_t len, const char *src, const char *what,
		       char *err, size_t errlen)
{
	if (strlen(src) >= len) {
		snprintf(err, errlen, "%s is too long", what);
		return -1;
	}
	memcpy(dst, src, strlen(src) + 1);
	return 0;
}

static int enum_opt(const struct name_val *t, size_t n, const char *arg, int *out,
		    const char *what, char *err, size_t errlen)
{
	if (lookup(t, n, arg, out) == 0)
		return 1;
	snprintf(err, errlen, "unknown %s '%s'", what, arg);
	return -1;
}

int snmpx_opt(struct snmpx_target *t, int opt, const char *arg, char *err, size_t errlen)
{
	long v;
	int e;

	switch (opt) {
	case 'H': t->host = arg; return 1;
	case 'p':
		if (num_long(arg, 1, 65535, &t->port, err, errlen) != 0)
			return -1;
		return 1;
	case 't':
		if (num_double(arg, 0.001, 3600, &t->timeout, err, errlen) != 0)
			return -1;
		return 1;
	case '4': t->family = 4; return 1;
	case '6': t->family = 6; return 1;
	case 'C': t->community = arg; return 1;
	case 'P':
		if (strcmp(arg, "1") == 0)
			t->version = 1;
		else if (strcmp(arg, "2c") == 0 || strcmp(arg, "2") == 0)
			t->version = 2;
		else if (strcmp(arg, "3") == 0)
			t->version = 3;
		else {
			snprintf(err, errlen, "unknown SNMP version '%s' (1, 2c or 3)", arg);
			return -1;
		}
		return 1;
	case 'U': t->secname = arg; return 1;
	case 'N': t->context = arg; return 1;
	case 'L':
		if (enum_opt(seclevels, NELEM(seclevels), arg, &e, "security level", err, errlen) < 0)
			return -1;
		t->seclevel = (enum snmpx_seclevel)e;
		return 1;
	case 'a':
		if (enum_opt(auths, NELEM(auths), arg, &e, "auth protocol", err, errlen) < 0)
			return -1;
		t->auth = (enum snmpx_auth)e;
		return 1;
	case 'x':
		if (enum_opt(privs, NELEM(privs), arg, &e, "priv protocol", err, errlen) < 0)
			return -1;
		t->priv = (enum snmpx_priv)e;
		return 1;
	case 'A': return copy_secret(t->authpass, sizeof(t->authpass), arg, "auth password", err, errlen) ? -1 : 1;
	case 'X': return copy_secret(t->privpass, sizeof(t->privpass), arg, "priv password", err, errlen) ? -1 : 1;
	case 'e':
		if (num_long(arg, 0, 10, &v, err, errlen) != 0)
			return -1;
		t->retries = v;
		return 1;
	case SNMPX_OPT_BASE + 0:
		return read_authfile(t, arg, err, errlen) ? -1 : 1;
	case SNMPX_OPT_BASE + 1: t->key_cache = arg; return 1;
	case SNMPX_OPT_BASE + 2: t->key_cache = ""; return 1;
	case SNMPX_OPT_BASE + 3: t->tcp = 1; return 1;
	default: return 0;
	}
}

/*
 * --authfile: "authpass = SECRET" and "privpass = SECRET" lines, '#' comments, so that
 * v3 secrets need not appear in argv (visible in ps) or in the monitoring config.
 */
static int read_authfile(struct snmpx_target *t, const char *path, char *err, size_t errlen)
{
	char line[512];
	int lineno = 0, rc = 0;
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	while (rc == 0 && fgets(line, sizeof(line), f) != NULL) {
		char *key = line, *val, *end;

		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		while (isspace((unsigned char)*key))
			key++;
		if (*key == '\0' || *key == '#')
			continue;
		val = strchr(key, '=');
		if (val == NULL) {
			snprintf(err, errlen, "%s:%d: expected 'authpass = ...' or 'privpass = ...'",
				 path, lineno);
			rc = -1;
			break;
		}
		for (end = val; end > key && isspace((unsigned char)end[-1]); end--)
			;
		*end = '\0';
		for (val++; isspace((unsigned char)*val); val++)
			;
		for (end = val + strlen(val); end > val && isspace((unsigned char)end[-1]); end--)
			;
		*end = '\0';
		if (strcmp(key, "authpass") == 0)
			rc = copy_secret(t->authpass, sizeof(t->authpass), val, "auth password", err, errlen);
		else if (strcmp(key, "privpass") == 0)
			rc = copy_secret(t->privpass, sizeof(t->privpass), val, "priv password", err, errlen);
		else {
			snprintf(err, errlen, "%s:%d: unknown key '%s'", path, lineno, key);
			rc = -1;
		}
	}
	fclose(f);
	return rc;
}

int snmpx_check(struct snmpx_target *t, char *err, size_t errlen)
{
	const char *env;

	if (t->host == NULL || t->host[0] == '\0') {
		snprintf(err, errlen, "no agent address: use -H");
		return -1;
	}
	if (t->version != 3)
		return 0;
	if (t->secname == NULL) {
		snprintf(err, errlen, "SNMPv3 needs a user name: use -U");
		return -1;
	}
	if (t->authpass[0] == '\0' && (env = getenv("NINES_SNMP_AUTHPASS")) != NULL &&
	    copy_secret(t->authpass, sizeof(t->authpass), env, "auth password", err, errlen))
		return -1;
	if (t->privpass[0] == '\0' && (env = getenv("NINES_SNMP_PRIVPASS")) != NULL &&
	    copy_secret(t->privpass, sizeof(t->privpass), env, "priv password", err, errlen))
		return -1;
	if (t->seclevel != SNMPX_NOAUTH && t->authpass[0] == '\0') {
		snprintf(err, errlen, "security level needs an auth password: -A, --authfile or NINES_SNMP_AUTHPASS");
		return -1;
	}
	if (t->seclevel == SNMPX_AUTHPRIV && t->privpass[0] == '\0') {
		snprintf(err, errlen, "authPriv needs a priv password: -X, --authfile or NINES_SNMP_PRIVPASS");
		return -1;
	}
	return 0;
}

/* --- OIDs --------------------------------------------------------------------------- */

int snmpx_oid_parse(const char *s, struct snmpx_oid *o, char *err, size_t errlen)
{
	const char *p = s;

	o->len = 0;
	if (*p == '.')
		p++;
	while (*p != '\0') {
		unsigned long v = 0;

		if (!isdigit((unsigned char)*p))
			goto bad;
		while (isdigit((unsigned char)*p)) {
			v = v * 10 + (unsigned long)(*p++ - '0');
			if (v > UINT32_MAX)
				goto bad;
		}
		if (o->len >= SNMPX_MAX_OID || (*p != '.' && *p != '\0') || (*p == '.' && p[1] == '\0'))
			goto bad;
		o->v[o->len++] = (uint32_t)v;
		if (*p == '.')
			p++;
	}
	if (o->len >= 2)
		return 0;
bad:
	snprintf(err, errlen, "bad OID '%s': numeric OIDs only, like 1.3.6.1.2.1.1.3.0", s);
	return -1;
}

int snmpx_oid_format(const struct snmpx_oid *o, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < o->len; i++) {
		int n = snprintf(buf + used, len - used, i ? ".%u" : "%u", (unsigned)o->v[i]);

		if (n < 0 || (size_t)n >= len - used)
			return -1;
		used += (size_t)n;
	}
	return (int)used;
}

int snmpx_oid_under(const struct snmpx_oid *o, const struct snmpx_oid *root)
{
	return o->len > root->len && memcmp(o->v, root->v, root->len * sizeof(o->v[0])) == 0;
}

int snmpx_oid_append(struct snmpx_oid *o, uint32_t sub)
{
	if (o->len >= SNMPX_MAX_OID)
		return -1;
	o->v[o->len++] = sub;
	return 0;
}

static int oid_cmp(const struct snmpx_oid *a, const struct snmpx_oid *b)
{
	size_t n = a->len < b->len ? a->len : b->len;

	for (size_t i = 0; i < n; i++)
		if (a->v[i] != b->v[i])
			return a->v[i] < b->v[i] ? -1 : 1;
	return a->len < b->len ? -1 : a->len > b->len;
}

/* --- sessions ------------------------------------------------------------------------ */

/*
 * net-snmp's documented set-up for an application: init_snmp(), with what a check does not
 * need switched off through the documented settings first.  No configuration files
 * (snmp.conf, ~/.snmp, $SNMPCONFPATH) and no persistent files are read or written: every
 * parameter comes from the command line.  No MIB is loaded, as `snmpget -M "" -m ""` would:
 * OIDs are numeric.  t/test_snmpx.c fails if a net-snmp update changes any of that.
 */
static void lib_init(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	/*
	 * A plugin exits right after printing; OpenSSL's exit-time cleanup is ≈ 8% of a run.
	 * Its legacy name database (every cipher and digest, copied into the provider name map
	 * on first use) serves lookups such as EVP_get_digestbyname(), which nothing here
	 * makes.  Its error strings are only for printing OpenSSL's errors, which nothing here
	 * does.  openssl.cnf is loaded, so the system's providers, policy and FIPS mode apply.
	 */
	OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT | OPENSSL_INIT_NO_ADD_ALL_CIPHERS |
			    OPENSSL_INIT_NO_ADD_ALL_DIGESTS | OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS |
			    OPENSSL_INIT_LOAD_CONFIG, NULL);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_LOAD_HOST_FILES, 1);
	/* What snmpcmd's -M "" and -m "" do: no MIB directory, no MIB module, no MIB file. */
	netsnmp_set_mib_directory("");
	setenv("MIBS", "", 1);
	setenv("MIBFILES", "", 1);
	/* Library chatter must not reach the plugin's output. */
	snmp_disable_log();
	init_snmp("nines");
}

static const struct {
	const oid *proto;
	size_t len;
	const char *md;
} auth_protos[] = {
	[SNMPX_AUTH_MD5] = { usmHMACMD5AuthProtocol, 10, "MD5" },
	[SNMPX_AUTH_SHA] = { usmHMACSHA1AuthProtocol, 10, "SHA1" },
	[SNMPX_AUTH_SHA224] = { usmHMAC128SHA224AuthProtocol, 10, "SHA224" },
	[SNMPX_AUTH_SHA256] = { usmHMAC192SHA256AuthProtocol, 10, "SHA256" },
	[SNMPX_AUTH_SHA384] = { usmHMAC256SHA384AuthProtocol, 10, "SHA384" },
	[SNMPX_AUTH_SHA512] = { usmHMAC384SHA512AuthProtocol, 10, "SHA512" },
};

static const struct {
	const oid *proto;
	size_t len;
	const char *cipher;
} priv_protos[] = {
	[SNMPX_PRIV_DES] = { usmDESPrivProtocol, 10, NULL },	/* net-snmp uses DES_* directly */
	[SNMPX_PRIV_AES] = { usmAESPrivProtocol, 10, "AES-128-CFB" },
	[SNMPX_PRIV_AES192] = { usmAES192PrivProtocol, 9, "AES-192-CFB" },
	[SNMPX_PRIV_AES256] = { usmAES256PrivProtocol, 9, "AES-256-CFB" },
};

/*
 * The first HMAC and the first encryption of a process fetch their algorithms and touch
 * their code for the first time.  Doing both here, before any request is timed, keeps
 * that out of the measured latency.
 */
static void crypto_warm_up(const struct snmpx_target *t)
{
	unsigned char key[32] = { 0 }, block[64] = { 0 }, out[EVP_MAX_MD_SIZE];
	unsigned int len;
	int n;
	EVP_MD *md = EVP_MD_fetch(NULL, auth_protos[t->auth].md, NULL);
	EVP_CIPHER *c = NULL;
	EVP_CIPHER_CTX *ctx = NULL;

	if (md != NULL)
		HMAC(md, key, sizeof(key), block, sizeof(block), out, &len);
	EVP_MD_free(md);
	if (t->seclevel != SNMPX_AUTHPRIV || priv_protos[t->priv].cipher == NULL)
		return;
	c = EVP_CIPHER_fetch(NULL, priv_protos[t->priv].cipher, NULL);
	ctx = EVP_CIPHER_CTX_new();
	if (c != NULL && ctx != NULL && EVP_EncryptInit_ex(ctx, c, NULL, key, key) == 1)
		EVP_EncryptUpdate(ctx, block, &n, block, sizeof(block));
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(c);
}

static int set_v3(netsnmp_session *in, const struct snmpx_target *t, char *err, size_t errlen)
{
	static const int levels[] = { SNMP_SEC_LEVEL_NOAUTH, SNMP_SEC_LEVEL_AUTHNOPRIV,
				      SNMP_SEC_LEVEL_AUTHPRIV };
	unsigned char ku[USMKEY_MAX];
	size_t kulen;
	int cached;

	in->version = SNMP_VERSION_3;
	in->securityName = (char *)t->secname;
	in->securityNameLen = strlen(t->secname);
	in->securityLevel = levels[t->seclevel];
	if (t->context != NULL) {
		in->contextName = (char *)t->context;
		in->contextNameLen = strlen(t->context);
	}
	if (t->seclevel == SNMPX_NOAUTH)
		return 0;
	crypto_warm_up(t);
	in->securityAuthProto = (oid *)auth_protos[t->auth].proto;
	in->securityAuthProtoLen = auth_protos[t->auth].len;
	if (usmkey_derive(auth_protos[t->auth].md, t->authpass, t->key_cache, ku, &kulen,
			  &cached, err, errlen) != 0)
		return -1;
	memcpy(in->securityAuthKey, ku, kulen);
	in->securityAuthKeyLen = kulen;
	explicit_bzero(ku, sizeof(ku));
	if (t->seclevel != SNMPX_AUTHPRIV)
		return 0;
	in->securityPrivProto = (oid *)priv_protos[t->priv].proto;
	in->securityPrivProtoLen = priv_protos[t->priv].len;
	/* The privacy key is derived with the authentication hash (RFC 3414 / 3826). */
	if (usmkey_derive(auth_protos[t->auth].md, t->privpass, t->key_cache, ku, &kulen,
			  &cached, err, errlen) != 0)
		return -1;
	memcpy(in->securityPrivKey, ku, kulen);
	in->securityPrivKeyLen = kulen;
	explicit_bzero(ku, sizeof(ku));
	return 0;
}

static enum snmpx_status classify(int liberr)
{
	switch (liberr) {
	case SNMPERR_TIMEOUT:
		return SNMPX_TIMEOUT;
	case SNMPERR_AUTHENTICATION_FAILURE:
	case SNMPERR_UNKNOWN_USER_NAME:
	case SNMPERR_UNSUPPORTED_SEC_LEVEL:
	case SNMPERR_NOT_IN_TIME_WINDOW:
	case SNMPERR_DECRYPTION_ERR:
	case SNMPERR_UNKNOWN_ENG_ID:
	case SNMPERR_USM_GENERICERROR:
	case SNMPERR_USM_UNKNOWNSECURITYNAME:
	case SNMPERR_USM_UNSUPPORTEDSECURITYLEVEL:
	case SNMPERR_USM_ENCRYPTIONERROR:
	case SNMPERR_USM_AUTHENTICATIONFAILURE:
	case SNMPERR_USM_PARSEERROR:
	case SNMPERR_USM_UNKNOWNENGINEID:
	case SNMPERR_USM_NOTINTIMEWINDOW:
	case SNMPERR_USM_DECRYPTIONERROR:
		return SNMPX_AUTH;
	case SNMPERR_BAD_ADDRESS:
	case SNMPERR_BAD_SENDTO:
	case SNMPERR_BAD_LOCPORT:
	case SNMPERR_GENERR:
		return SNMPX_ERROR;
	default:
		return SNMPX_PROTO;
	}
}

static int peer_name(const struct snmpx_target *t, char *buf, size_t len)
{
	int v6 = t->family == 6 || (t->family == 0 && strchr(t->host, ':') != NULL);
	const char *proto = t->tcp ? (v6 ? "tcp6" : "tcp") : (v6 ? "udp6" : "udp");
	int n;

	if (v6 && t->host[0] != '[')
		n = snprintf(buf, len, "%s:[%s]:%ld", proto, t->host, t->port);
	else
		n = snprintf(buf, len, "%s:%s:%ld", proto, t->host, t->port);
	return (n < 0 || (size_t)n >= len) ? -1 : 0;
}

struct snmpx_session *snmpx_open(const struct snmpx_target *t, enum snmpx_status *st,
				 char *err, size_t errlen)
{
	netsnmp_session in;
	struct snmpx_session *s;
	char peer[300];
	double request = t->request_timeout > 0 && t->request_timeout < t->timeout ?
			 t->request_timeout : t->timeout;
	double per_try = request / (double)(t->retries + 1);

	*st = SNMPX_ERROR;
	if (peer_name(t, peer, sizeof(peer)) != 0) {
		snprintf(err, errlen, "agent address too long");
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->deadline = mono_now() + t->timeout;
	s->per_try = per_try;
	s->version = t->version;
	lib_init();
	snmp_sess_init(&in);
	in.peername = peer;
	in.retries = (int)t->retries;
	in.timeout = (long)(per_try * 1e6);
	if (t->version == 3) {
		if (set_v3(&in, t, err, errlen) != 0) {
			explicit_bzero(in.securityAuthKey, sizeof(in.securityAuthKey));
			free(s);
			return NULL;
		}
	} else {
		in.version = t->version == 1 ? SNMP_VERSION_1 : SNMP_VERSION_2c;
		in.community = (u_char *)t->community;
		in.community_len = strlen(t->community);
	}
	s->ss = snmp_sess_open(&in);
	explicit_bzero(in.securityAuthKey, sizeof(in.securityAuthKey));
	explicit_bzero(in.securityPrivKey, sizeof(in.securityPrivKey));
	if (s->ss == NULL) {
		int liberr = in.s_snmp_errno, syserr = in.s_errno;

		*st = classify(liberr);
		if (syserr == ECONNREFUSED)
			*st = SNMPX_TIMEOUT;	/* TCP: nothing listens, the agent is not there */
		snprintf(err, errlen, "cannot open session to '%s': %s%s%s", peer,
			 snmp_api_errstring(liberr), syserr ? ": " : "", syserr ? strerror(syserr) : "");
		free(s);
		return NULL;
	}
	s->priv_unproven = t->version == 3 && t->seclevel == SNMPX_AUTHPRIV;
	*st = SNMPX_OK;
	return s;
}

void snmpx_close(struct snmpx_session *s)
{
	if (s == NULL)
		return;
	if (s->ss != NULL)
		snmp_sess_close(s->ss);
	free(s);
}

double snmpx_time_left(const struct snmpx_session *s)
{
	double left = s->deadline - mono_now();

	return left > 0 ? left : 0;
}

static void oid_from_net(struct snmpx_oid *o, const oid *name, size_t len)
{
	o->len = len < SNMPX_MAX_OID ? len : SNMPX_MAX_OID;
	for (size_t i = 0; i < o->len; i++)
		o->v[i] = (uint32_t)name[i];
}

static void value_from_var(struct snmpx_value *v, const netsnmp_variable_list *var)
{
	size_t n;

	memset(v, 0, sizeof(*v));
	oid_from_net(&v->name, var->name, var->name_length);
	switch (var->type) {
	case ASN_INTEGER:
		v->type = SNMPX_T_INTEGER;
		v->i = *var->val.integer;
		break;
	case ASN_COUNTER: case ASN_GAUGE: case ASN_UINTEGER:
		v->type = SNMPX_T_UNSIGNED;
		v->u = (uint32_t)*var->val.integer;
		break;
	case ASN_TIMETICKS:
		v->type = SNMPX_T_TIMETICKS;
		v->u = (uint32_t)*var->val.integer;
		break;
	case ASN_COUNTER64:
		v->type = SNMPX_T_COUNTER64;
		v->u = ((uint64_t)var->val.counter64->high << 32) | var->val.counter64->low;
		break;
	case ASN_OCTET_STR: case ASN_OPAQUE: case ASN_IPADDRESS:
		v->type = var->type == ASN_IPADDRESS ? SNMPX_T_IPADDR : SNMPX_T_OCTETS;
		v->len = var->val_len;
		n = var->val_len < sizeof(v->str) - 1 ? var->val_len : sizeof(v->str) - 1;
		memcpy(v->str, var->val.string, n);
		v->str[n] = '\0';
		break;
	case ASN_OBJECT_ID:
		v->type = SNMPX_T_OID;
		oid_from_net(&v->oid, var->val.objid, var->val_len / sizeof(oid));
		break;
	case ASN_NULL: v->type = SNMPX_T_NULL; break;
	case SNMP_NOSUCHOBJECT: v->type = SNMPX_T_NOSUCHOBJECT; break;
	case SNMP_NOSUCHINSTANCE: v->type = SNMPX_T_NOSUCHINSTANCE; break;
	case SNMP_ENDOFMIBVIEW: v->type = SNMPX_T_ENDOFMIBVIEW; break;
	default: v->type = SNMPX_T_OTHER; break;
	}
}

static int add_var(netsnmp_pdu *pdu, const struct snmpx_oid *o)
{
	oid name[SNMPX_MAX_OID];

	for (size_t i = 0; i < o->len; i++)
		name[i] = o->v[i];
	return snmp_add_null_var(pdu, name, o->len) != NULL ? 0 : -1;
}

/*
 * Sends pdu and waits; on failure says why.  The caller frees *resp.  v1 noSuchName is
 * turned into SNMPX_NOSUCH since that is how v1 agents say it.
 */
static enum snmpx_status exchange(struct snmpx_session *s, netsnmp_pdu *pdu, netsnmp_pdu **resp,
				  char *err, size_t errlen)
{
	netsnmp_session *sp;
	int rc, liberr = 0, syserr = 0;
	char *msg = NULL;
	double left, try;

	*resp = NULL;
	/* -t bounds the whole check: a request gets at most what is left of it. */
	left = snmpx_time_left(s);
	if (left <= 0) {
		snmp_free_pdu(pdu);
		snprintf(err, errlen, "timeout (no time left of -t)");
		return SNMPX_TIMEOUT;
	}
	sp = snmp_sess_session(s->ss);
	try = left / (double)(sp->retries + 1);
	/*
	 * net-snmp discovers a v3 agent's engine inside the first request, with that
	 * request's timeout: until it is known, an agent that stays silent has all that is
	 * left of -t, as the help says, not just one request's share of it.
	 */
	if (!(s->version == 3 && sp->securityEngineIDLen == 0) && try > s->per_try)
		try = s->per_try;
	sp->timeout = (long)(try * 1e6);
	rc = snmp_sess_synch_response(s->ss, pdu, resp);
	if (rc == STAT_TIMEOUT && s->priv_unproven && sp->securityEngineIDLen > 0) {
		/*
		 * The agent answered engine discovery a moment ago, so it is alive; an agent
		 * that cannot decrypt a request drops it (net-snmp's does) and looks silent.
		 */
		snprintf(err, errlen, "the agent answered engine discovery but no encrypted "
			 "request: wrong privacy password or protocol (-X, -x)?");
		return SNMPX_AUTH;
	}
	if (rc == STAT_TIMEOUT) {
		snprintf(err, errlen, "timeout");
		return SNMPX_TIMEOUT;
	}
	if (rc != STAT_SUCCESS || *resp == NULL) {
		snmp_sess_error(s->ss, &syserr, &liberr, &msg);
		if (liberr == SNMPERR_USM_DECRYPTIONERROR || liberr == SNMPERR_DECRYPTION_ERR) {
			snprintf(err, errlen, "%s: wrong privacy password or protocol (-X, -x)?",
				 msg ? msg : "decryption error");
			free(msg);
			return SNMPX_AUTH;
		}
		snprintf(err, errlen, "%s", msg ? msg : "request failed");
		free(msg);
		return classify(liberr);
	}
	s->priv_unproven = 0;
	if ((*resp)->errstat != SNMP_ERR_NOERROR) {
		snprintf(err, errlen, "agent error: %s", snmp_errstring((int)(*resp)->errstat));
		return (*resp)->errstat == SNMP_ERR_NOSUCHNAME ? SNMPX_NOSUCH : SNMPX_PROTO;
	}
	return SNMPX_OK;
}

enum snmpx_status snmpx_get(struct snmpx_session *s, const struct snmpx_oid *oids, size_t n,
			    struct snmpx_value *vals, double *rtt, char *err, size_t errlen)
{
	netsnmp_pdu *pdu = snmp_pdu_create(SNMP_MSG_GET), *resp = NULL;
	netsnmp_variable_list *var;
	enum snmpx_status st;
	double t0;
	size_t i;

	if (pdu == NULL) {
		snprintf(err, errlen, "out of memory");
		return SNMPX_ERROR;
	}
	for (i = 0; i < n; i++) {
		if (add_var(pdu, &oids[i]) != 0) {
			snmp_free_pdu(pdu);
			snprintf(err, errlen, "out of memory");
			return SNMPX_ERROR;
		}
	}
	memset(vals, 0, n * sizeof(*vals));	/* SNMPX_T_NULL: nothing came back */
	t0 = mono_now();
	st = exchange(s, pdu, &resp, err, errlen);
	if (rtt != NULL)
		*rtt = mono_now() - t0;
	/* v1 fails the whole GET with noSuchName and points at the culprit. */
	if (st == SNMPX_NOSUCH && resp != NULL && resp->errindex >= 1 && (size_t)resp->errindex <= n)
		vals[resp->errindex - 1].type = SNMPX_T_NOSUCHOBJECT;
	if (st == SNMPX_OK) {
		for (i = 0, var = resp->variables; i < n && var != NULL; i++, var = var->next_variable) {
			value_from_var(&vals[i], var);
			if (vals[i].type == SNMPX_T_NOSUCHOBJECT || vals[i].type == SNMPX_T_NOSUCHINSTANCE) {
				st = SNMPX_NOSUCH;
				snprintf(err, errlen, "%s", vals[i].type == SNMPX_T_NOSUCHOBJECT ?
					 "noSuchObject" : "noSuchInstance");
			}
		}
		if (i < n) {
			st = SNMPX_PROTO;
			snprintf(err, errlen, "agent returned %zu of %zu values", i, n);
		}
	}
	if (resp != NULL)
		snmp_free_pdu(resp);
	return st;
}

/*
 * vals holds a v1 agent's answer to oids: the GET failed on one object (marked
 * noSuchObject by snmpx_get) and nothing came for the others.  Asks again without the
 * objects found missing, until the rest answers; missing objects stay noSuchObject.
 * Not inlined: its arrays are ~25 KB of stack that the usual one-request path never needs.
 */
static __attribute__((noinline)) enum snmpx_status
get_v1_without_missing(struct snmpx_session *ss, const struct snmpx_oid *oids, size_t n,
		       struct snmpx_value *vals, char *err, size_t errlen)
{
	struct snmpx_oid ask[SNMPX_GET_SOME_MAX];
	struct snmpx_value got[SNMPX_GET_SOME_MAX];
	size_t map[SNMPX_GET_SOME_MAX], m;
	int missing[SNMPX_GET_SOME_MAX] = { 0 };

	for (;;) {
		enum snmpx_status st;
		int dropped = 0, partial = 0;

		for (size_t i = 0; i < n; i++)
			if (!missing[i] && vals[i].type == SNMPX_T_NOSUCHOBJECT)
				missing[i] = dropped = 1;	/* the culprit */
		if (!dropped)
			return SNMPX_NOSUCH;
		m = 0;
		for (size_t i = 0; i < n; i++) {
			vals[i] = (struct snmpx_value){ .type = SNMPX_T_NOSUCHOBJECT };
			if (!missing[i]) {
				ask[m] = oids[i];
				map[m++] = i;
			}
		}
		if (m == 0)
			return SNMPX_OK;
		st = snmpx_get(ss, ask, m, got, NULL, err, errlen);
		if (st != SNMPX_OK && st != SNMPX_NOSUCH)
			return st;
		for (size_t j = 0; j < m; j++) {
			partial |= st == SNMPX_NOSUCH && got[j].type == SNMPX_T_NULL;
			vals[map[j]] = got[j];
		}
		if (!partial)
			return SNMPX_OK;
	}
}

enum snmpx_status snmpx_get_some(struct snmpx_session *ss, const struct snmpx_oid *oids,
				 size_t n, struct snmpx_value *vals, char *err, size_t errlen)
{
	enum snmpx_status st;
	int partial = 0;

	if (n > SNMPX_GET_SOME_MAX) {
		snprintf(err, errlen, "too many objects for one request (%zu)", n);
		return SNMPX_ERROR;
	}
	/* v2c/v3 agents (and v1 when every object is there) answer in one request. */
	st = snmpx_get(ss, oids, n, vals, NULL, err, errlen);
	for (size_t i = 0; st == SNMPX_NOSUCH && i < n; i++)
		partial |= vals[i].type == SNMPX_T_NULL;
	if (partial)
		return get_v1_without_missing(ss, oids, n, vals, err, errlen);
	return st == SNMPX_NOSUCH ? SNMPX_OK : st;
}

int snmpx_has_value(const struct snmpx_value *v)
{
	return v->type != SNMPX_T_NULL && v->type != SNMPX_T_NOSUCHOBJECT &&
	       v->type != SNMPX_T_NOSUCHINSTANCE && v->type != SNMPX_T_ENDOFMIBVIEW;
}

enum snmpx_status snmpx_walk(struct snmpx_session *s, const struct snmpx_oid *root,
			     snmpx_walk_fn fn, void *ctx, size_t max_rows, double max_seconds,
			     char *err, size_t errlen)
{
	struct snmpx_oid cur = *root;
	struct snmpx_value v;
	double deadline = mono_now() + max_seconds;
	size_t rows = 0;

	for (;;) {
		netsnmp_pdu *pdu = snmp_pdu_create(s->version == 1 ? SNMP_MSG_GETNEXT : SNMP_MSG_GETBULK);
		netsnmp_pdu *resp = NULL;
		netsnmp_variable_list *var;
		enum snmpx_status st;

		if (pdu == NULL || add_var(pdu, &cur) != 0) {
			snmp_free_pdu(pdu);
			snprintf(err, errlen, "out of memory");
			return SNMPX_ERROR;
		}
		if (s->version != 1) {
			pdu->non_repeaters = 0;
			pdu->max_repetitions = 25;
		}
		st = exchange(s, pdu, &resp, err, errlen);
		if (st == SNMPX_NOSUCH && s->version == 1) {	/* v1: end of the MIB */
			snmp_free_pdu(resp);
			return SNMPX_OK;
		}
		if (st != SNMPX_OK) {
			snmp_free_pdu(resp);
			return st;
		}
		if (resp->variables == NULL) {
			snmp_free_pdu(resp);
			return SNMPX_OK;
		}
		for (var = resp->variables; var != NULL; var = var->next_variable) {
			value_from_var(&v, var);
			if (v.type == SNMPX_T_ENDOFMIBVIEW || !snmpx_oid_under(&v.name, root)) {
				snmp_free_pdu(resp);
				return SNMPX_OK;
			}
			if (oid_cmp(&v.name, &cur) <= 0) {
				snmp_free_pdu(resp);
				snprintf(err, errlen, "agent returned OIDs out of order");
				return SNMPX_PROTO;
			}
			/* A subtree of exactly max_rows values is complete, not cut. */
			if (rows >= max_rows) {
				snmp_free_pdu(resp);
				snprintf(err, errlen, "walk stopped after %zu rows", rows);
				return SNMPX_ERROR;
			}
			rows++;
			cur = v.name;
			if (fn(ctx, &v) != 0) {
				snmp_free_pdu(resp);
				return SNMPX_OK;
			}
		}
		snmp_free_pdu(resp);
		if (mono_now() > deadline) {
			snprintf(err, errlen, "walk stopped after %.1f s", max_seconds);
			return SNMPX_ERROR;
		}
	}
}
