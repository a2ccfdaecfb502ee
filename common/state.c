#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *dir_option;

void state_set_dir(const char *dir)
{
	dir_option = dir;
}

/* 0 when st belongs to the running user and nobody else may write to it; -1 with why. */
static int trusted(const struct stat *st, const char *what, const char *path, char *err,
		   size_t errlen)
{
	if (st->st_uid != geteuid()) {
		snprintf(err, errlen, "%s '%s' belongs to uid %lu, not to uid %lu", what, path,
			 (unsigned long)st->st_uid, (unsigned long)geteuid());
		return -1;
	}
	if ((st->st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		snprintf(err, errlen, "%s '%s' is writable by others (mode %04o)", what, path,
			 (unsigned)(st->st_mode & 07777));
		return -1;
	}
	return 0;
}

int state_locate(char *out, size_t len, char *err, size_t errlen)
{
	const char *env = getenv("NINES_STATE_DIR"), *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	struct stat st;
	int n;

	if (errlen > 0)
		err[0] = '\0';
	if (dir_option != NULL)
		n = snprintf(out, len, "%s", dir_option);
	else if (env != NULL && env[0] != '\0')
		n = snprintf(out, len, "%s", env);
	else if (xdg != NULL && xdg[0] == '/')
		n = snprintf(out, len, "%s/nines", xdg);
	else if (home != NULL && home[0] == '/')
		n = snprintf(out, len, "%s/.cache/nines", home);
	else
		n = snprintf(out, len, "%s", STATE_DEFAULT_DIR);
	if (n <= 0 || (size_t)n >= len) {
		snprintf(err, errlen, "state directory path too long");
		return -1;
	}
	if (out[0] != '/') {
		snprintf(err, errlen, "state directory '%s' is not an absolute path", out);
		return -1;
	}
	if (stat(out, &st) != 0) {
		if (errno == ENOENT)
			return 0;	/* made by the first save */
		snprintf(err, errlen, "cannot use '%s': %s", out, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "'%s' is not a directory", out);
		return -1;
	}
	return trusted(&st, "directory", out, err, errlen);
}

int state_dir(char *out, size_t len)
{
	char err[PATH_MAX + 64];

	return state_locate(out, len, err, sizeof(err));
}

int state_mkdirs(const char *dir)
{
	char path[PATH_MAX];
	size_t n = strlen(dir);

	if (n == 0 || n >= sizeof(path))
		return -1;
	memcpy(path, dir, n + 1);
	for (char *p = path + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		/* Parents are not secret: 0700 there would shut others out of, e.g., /var/lib/nines. */
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return (mkdir(path, 0700) == 0 || errno == EEXIST) ? 0 : -1;
}

int state_ready(char *err, size_t errlen)
{
	char dir[PATH_MAX];
	struct stat st;

	if (state_locate(dir, sizeof(dir), err, errlen) != 0)
		return -1;
	if (stat(dir, &st) != 0 && state_mkdirs(dir) != 0) {
		snprintf(err, errlen, "cannot create '%s': %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

static int key_path(const char *key, char *dir, size_t dirlen, char *out, size_t len,
		    char *err, size_t errlen)
{
	int n;

	if (key[0] == '\0' || key[0] == '.' || strchr(key, '/') != NULL) {
		snprintf(err, errlen, "bad state key '%s'", key);
		return -1;
	}
	if (state_locate(dir, dirlen, err, errlen) != 0)
		return -1;
	n = snprintf(out, len, "%s/%s", dir, key);
	if (n <= 0 || (size_t)n >= len) {
		snprintf(err, errlen, "state directory path too long");
		return -1;
	}
	return 0;
}

/* FNV-1a: catches a record read while another run was writing it, or cut by a crash. */
static unsigned long check_of(const char *s, size_t n)
{
	unsigned long h = 2166136261UL;

	for (size_t i = 0; i < n; i++)
		h = ((h ^ (unsigned char)s[i]) * 16777619UL) & 0xffffffffUL;
	return h;
}

/* An open record is used only when it is a regular file of ours that others cannot write. */
static int record_trusted(int fd, const char *path, char *err, size_t errlen)
{
	struct stat st;

	if (fstat(fd, &st) != 0) {
		snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "ignored '%s': not a regular file", path);
		return -1;
	}
	if (trusted(&st, "record", path, err, errlen) != 0) {
		/* Say what happened to it, not only what is wrong with it. */
		char why[PATH_MAX + 64];

		snprintf(why, sizeof(why), "%s", err);
		snprintf(err, errlen, "ignored %s", why);
		return -1;
	}
	return 0;
}

int state_load(const char *key, char *buf, size_t len, char *err, size_t errlen)
{
	char path[PATH_MAX], dir[PATH_MAX], rec[STATE_VALUE_MAX + 16], want[9], *tab, *nl;
	ssize_t n;
	int fd;

	if (errlen > 0)
		err[0] = '\0';
	if (len == 0 || key_path(key, dir, sizeof(dir), path, sizeof(path), err, errlen) != 0)
		return -1;
	/* O_NONBLOCK: a FIFO in its place must not hang the run; files ignore the flag. */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno != ENOENT)
			snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	if (record_trusted(fd, path, err, errlen) != 0) {
		close(fd);
		return -1;
	}
	n = read(fd, rec, sizeof(rec) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	rec[n] = '\0';
	/* "VALUE<TAB>CHECK<LF>"; what follows the line is a longer earlier record's tail. */
	if ((nl = strchr(rec, '\n')) == NULL || (tab = memchr(rec, '\t', (size_t)(nl - rec))) == NULL ||
	    nl - tab != 9 || (size_t)(tab - rec) >= len)
		return -1;
	snprintf(want, sizeof(want), "%08lx", check_of(rec, (size_t)(tab - rec)));
	if (memcmp(tab + 1, want, 8) != 0)
		return -1;
	memcpy(buf, rec, (size_t)(tab - rec));
	buf[tab - rec] = '\0';
	return 0;
}

/*
 * Rewrites the record in place with one write(2).  Replacing the file by rename(2) would
 * make ext4 flush the new file before the rename (its protection for files replaced that
 * way), ≈ 0.5 ms on every check; the check value makes a record read half-written harmless.
 */
int state_save(const char *key, const char *value, char *err, size_t errlen)
{
	char path[PATH_MAX], dir[PATH_MAX], rec[STATE_VALUE_MAX + 16];
	size_t n = strlen(value);
	int fd, ok, len;

	if (errlen > 0)
		err[0] = '\0';
	if (n >= STATE_VALUE_MAX || strpbrk(value, "\t\n") != NULL) {
		snprintf(err, errlen, "state value too long or not one line");
		return -1;
	}
	if (key_path(key, dir, sizeof(dir), path, sizeof(path), err, errlen) != 0)
		return -1;
	len = snprintf(rec, sizeof(rec), "%s\t%08lx\n", value, check_of(value, n));
	fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
	if (fd < 0 && errno == ENOENT) {
		if (state_mkdirs(dir) != 0) {
			snprintf(err, errlen, "cannot create '%s': %s", dir, strerror(errno));
			return -1;
		}
		fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
	}
	if (fd < 0) {
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	if (record_trusted(fd, path, err, errlen) != 0) {
		close(fd);
		return -1;
	}
	ok = pwrite(fd, rec, (size_t)len, 0) == len;
	if (close(fd) != 0 || !ok) {
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	return 0;
}
