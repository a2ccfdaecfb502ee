#include "usmkey.h"
#include "state.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#define SECRET_LEN 32
#define SECRET_FILE "key-secret"
#define NAME_PREFIX "kh-"	/* kh-<hex HMAC-SHA-256>; "ku-" names were plain SHA-256 */

/* The digest names callers use, as net-snmp's authentication protocol OIDs. */
static const struct {
	const char *name;
	const oid *proto;
} hashes[] = {
	{ "MD5", usmHMACMD5AuthProtocol },
	{ "SHA1", usmHMACSHA1AuthProtocol },
	{ "SHA224", usmHMAC128SHA224AuthProtocol },
	{ "SHA256", usmHMAC192SHA256AuthProtocol },
	{ "SHA384", usmHMAC256SHA384AuthProtocol },
	{ "SHA512", usmHMAC384SHA512AuthProtocol },
};
#define PROTO_LEN 10	/* every OID above: 1.3.6.1.6.3.10.1.1.N */

static const oid *hash_proto(const char *name)
{
	for (size_t i = 0; i < sizeof(hashes) / sizeof(hashes[0]); i++)
		if (strcmp(hashes[i].name, name) == 0)
			return hashes[i].proto;
	return NULL;
}

static int cache_dir_path(const char *cache_dir, char *out, size_t len)
{
	int n;

	if (cache_dir == NULL)
		return state_dir(out, len);
	n = snprintf(out, len, "%s", cache_dir);
	return (n <= 0 || (size_t)n >= len) ? -1 : 0;
}

/*
 * Reads exactly want bytes from path, trusting only a regular file of ours that nobody
 * else can read or write.  0; 1 when there is no such file; -1 when it is not trusted.
 */
static int private_read(const char *path, unsigned char *buf, size_t want)
{
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return errno == ENOENT ? 1 : -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 077) != 0 || st.st_size != (off_t)want) {
		close(fd);
		return -1;
	}
	n = read(fd, buf, want);
	close(fd);
	return n == (ssize_t)want ? 0 : -1;
}

/* Writes len bytes to a new 0600 temporary file beside path; its name goes into tmp. */
static int private_write_tmp(const char *path, const unsigned char *buf, size_t len,
			     char *tmp, size_t tmplen)
{
	int fd, ok;

	if (snprintf(tmp, tmplen, "%s.%ld.tmp", path, (long)getpid()) >= (int)tmplen)
		return -1;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	ok = write(fd, buf, len) == (ssize_t)len;
	ok = close(fd) == 0 && ok;
	if (!ok)
		unlink(tmp);
	return ok ? 0 : -1;
}

/* Names of the first key cache were a plain SHA-256 of the password: a listing gave them away. */
static void remove_unkeyed_names(const char *dir)
{
	char path[PATH_MAX];
	struct dirent *e;
	DIR *d = opendir(dir);

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "ku-", 3) != 0 || strlen(e->d_name) != 3 + 64 ||
		    strspn(e->d_name + 3, "0123456789abcdef") != 64)
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) < (int)sizeof(path))
			unlink(path);
	}
	closedir(d);
}

/*
 * The cache's secret: DIR/key-secret, made on first use from OpenSSL's random generator
 * and published with link(), so that of two plugins starting at once both end up with
 * the one that landed first.  0, or -1 when the cache cannot be used.
 */
static int cache_secret(const char *dir, unsigned char *secret)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	int rc;

	if (snprintf(path, sizeof(path), "%s/%s", dir, SECRET_FILE) >= (int)sizeof(path))
		return -1;
	if ((rc = private_read(path, secret, SECRET_LEN)) != 1)
		return rc;
	if (state_mkdirs(dir) != 0 || RAND_bytes(secret, SECRET_LEN) != 1 ||
	    private_write_tmp(path, secret, SECRET_LEN, tmp, sizeof(tmp)) != 0)
		return -1;
	rc = link(tmp, path);
	unlink(tmp);
	if (rc == 0) {
		remove_unkeyed_names(dir);
		return 0;
	}
	return errno == EEXIST ? private_read(path, secret, SECRET_LEN) : -1;
}

/*
 * The cache file of a digest and password: HMAC-SHA-256 under the cache's secret, so that
 * a listing of the directory cannot be checked against a list of guessed passwords.
 */
static int cache_file(const char *dir, const char *mdname, const char *pw, char *out, size_t len)
{
	unsigned char secret[SECRET_LEN], h[EVP_MAX_MD_SIZE], *msg;
	unsigned int hl = 0;
	char hex[2 * EVP_MAX_MD_SIZE + 1];
	size_t mdlen = strlen(mdname) + 1, pwlen = strlen(pw);
	int n, ok;

	if (cache_secret(dir, secret) != 0 || (msg = malloc(mdlen + pwlen)) == NULL) {
		explicit_bzero(secret, sizeof(secret));
		return -1;
	}
	memcpy(msg, mdname, mdlen);
	memcpy(msg + mdlen, pw, pwlen);
	ok = HMAC(EVP_sha256(), secret, SECRET_LEN, msg, mdlen + pwlen, h, &hl) != NULL;
	explicit_bzero(msg, mdlen + pwlen);
	free(msg);
	explicit_bzero(secret, sizeof(secret));
	if (!ok)
		return -1;
	for (unsigned int i = 0; i < hl; i++)
		snprintf(hex + 2 * i, 3, "%02x", h[i]);
	n = snprintf(out, len, "%s/" NAME_PREFIX "%s", dir, hex);
	return (n <= 0 || (size_t)n >= len) ? -1 : 0;
}

static void cache_write(const char *path, const unsigned char *ku, size_t len)
{
	char tmp[PATH_MAX];

	if (private_write_tmp(path, ku, len, tmp, sizeof(tmp)) == 0 && rename(tmp, path) != 0)
		unlink(tmp);
}

int usmkey_derive(const char *mdname, const char *password, const char *cache_dir,
		  unsigned char *ku, size_t *kulen, int *cached, char *err, size_t errlen)
{
	const oid *proto = hash_proto(mdname);
	char dir[PATH_MAX], file[PATH_MAX];
	size_t len;
	int use_cache;

	*cached = 0;
	if (proto == NULL || (len = (size_t)sc_get_properlength(proto, PROTO_LEN)) == 0 ||
	    len > USMKEY_MAX) {
		snprintf(err, errlen, "unsupported digest '%s'", mdname);
		return -1;
	}
	if (strlen(password) < 8) {
		snprintf(err, errlen, "v3 password too short: at least 8 characters (RFC 3414)");
		return -1;
	}
	use_cache = !(cache_dir != NULL && cache_dir[0] == '\0') &&
		    cache_dir_path(cache_dir, dir, sizeof(dir)) == 0 &&
		    cache_file(dir, mdname, password, file, sizeof(file)) == 0;
	if (use_cache && private_read(file, ku, len) == 0) {
		*kulen = len;
		*cached = 1;
		return 0;
	}
	*kulen = USMKEY_MAX;
	if (generate_Ku(proto, PROTO_LEN, (const u_char *)password, strlen(password), ku,
			kulen) != SNMPERR_SUCCESS || *kulen != len) {
		explicit_bzero(ku, USMKEY_MAX);
		snprintf(err, errlen, "cannot derive v3 key: digest '%s' failed", mdname);
		return -1;
	}
	if (use_cache)
		cache_write(file, ku, *kulen);
	return 0;
}
