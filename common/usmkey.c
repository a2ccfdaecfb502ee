#include "usmkey.h"
#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define USMKEY_EXPAND (1024 * 1024)	/* RFC 3414 A.2: hash one megabyte of password */

static int ku_compute(const EVP_MD *md, const char *pw, unsigned char *ku, size_t *kulen)
{
	unsigned char block[64];
	size_t pwlen = strlen(pw), pos = 0;
	unsigned int outlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int rc = -1;

	if (ctx == NULL || EVP_DigestInit_ex(ctx, md, NULL) != 1)
		goto out;
	for (size_t done = 0; done < USMKEY_EXPAND; done += sizeof(block)) {
		for (size_t i = 0; i < sizeof(block); i++)
			block[i] = (unsigned char)pw[pos++ % pwlen];
		if (EVP_DigestUpdate(ctx, block, sizeof(block)) != 1)
			goto out;
	}
	if (EVP_DigestFinal_ex(ctx, ku, &outlen) != 1)
		goto out;
	*kulen = outlen;
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	return rc;
}

static int cache_dir_path(const char *cache_dir, char *out, size_t len)
{
	int n;

	if (cache_dir == NULL)
		return state_dir(out, len);
	n = snprintf(out, len, "%s", cache_dir);
	return (n <= 0 || (size_t)n >= len) ? -1 : 0;
}

/* The cache file name: a hash of the digest name and the password, never the password. */
static int cache_file(const char *dir, const char *mdname, const char *pw, char *out, size_t len)
{
	unsigned char h[EVP_MAX_MD_SIZE];
	unsigned int hl = 0;
	char hex[2 * EVP_MAX_MD_SIZE + 1];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok = ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
		 EVP_DigestUpdate(ctx, "nines-ku-1", 11) == 1 &&
		 EVP_DigestUpdate(ctx, mdname, strlen(mdname) + 1) == 1 &&
		 EVP_DigestUpdate(ctx, pw, strlen(pw)) == 1 &&
		 EVP_DigestFinal_ex(ctx, h, &hl) == 1;
	int n;

	EVP_MD_CTX_free(ctx);
	if (!ok)
		return -1;
	for (unsigned int i = 0; i < hl; i++)
		snprintf(hex + 2 * i, 3, "%02x", h[i]);
	n = snprintf(out, len, "%s/ku-%s", dir, hex);
	return (n <= 0 || (size_t)n >= len) ? -1 : 0;
}

/* Reads a cached key, trusting only a regular file of ours that nobody else can read. */
static int cache_read(const char *path, unsigned char *ku, size_t want)
{
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 077) != 0 || st.st_size != (off_t)want) {
		close(fd);
		return -1;
	}
	n = read(fd, ku, want);
	close(fd);
	return n == (ssize_t)want ? 0 : -1;
}

static void cache_write(const char *dir, const char *path, const unsigned char *ku, size_t len)
{
	char tmp[PATH_MAX];
	int fd, ok;

	if (state_mkdirs(dir) != 0)
		return;
	if (snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid()) >= (int)sizeof(tmp))
		return;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	ok = write(fd, ku, len) == (ssize_t)len;
	ok = close(fd) == 0 && ok;
	if (!ok || rename(tmp, path) != 0)
		unlink(tmp);
}

int usmkey_derive(const char *mdname, const char *password, const char *cache_dir,
		  unsigned char *ku, size_t *kulen, int *cached, char *err, size_t errlen)
{
	EVP_MD *md = EVP_MD_fetch(NULL, mdname, NULL);
	char dir[PATH_MAX], file[PATH_MAX];
	int use_cache, rc = -1;

	*cached = 0;
	if (md == NULL || (size_t)EVP_MD_get_size(md) > USMKEY_MAX) {
		snprintf(err, errlen, "unsupported digest '%s'", mdname);
		goto out;
	}
	if (strlen(password) < 8) {
		snprintf(err, errlen, "v3 password too short: at least 8 characters (RFC 3414)");
		goto out;
	}
	use_cache = !(cache_dir != NULL && cache_dir[0] == '\0') &&
		    cache_dir_path(cache_dir, dir, sizeof(dir)) == 0 &&
		    cache_file(dir, mdname, password, file, sizeof(file)) == 0;
	if (use_cache && cache_read(file, ku, (size_t)EVP_MD_get_size(md)) == 0) {
		*kulen = (size_t)EVP_MD_get_size(md);
		*cached = 1;
		rc = 0;
		goto out;
	}
	if (ku_compute(md, password, ku, kulen) != 0) {
		snprintf(err, errlen, "cannot derive v3 key: digest '%s' failed", mdname);
		goto out;
	}
	if (use_cache)
		cache_write(dir, file, ku, *kulen);
	rc = 0;
out:
	EVP_MD_free(md);
	return rc;
}
