#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int state_dir(char *out, size_t len)
{
	const char *env = getenv("NINES_STATE_DIR"), *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	int n;

	if (env != NULL && env[0] == '/')
		n = snprintf(out, len, "%s", env);
	else if (xdg != NULL && xdg[0] == '/')
		n = snprintf(out, len, "%s/nines", xdg);
	else if (home != NULL && home[0] == '/')
		n = snprintf(out, len, "%s/.cache/nines", home);
	else
		return -1;
	return (n <= 0 || (size_t)n >= len) ? -1 : 0;
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
		if (mkdir(path, 0700) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return (mkdir(path, 0700) == 0 || errno == EEXIST) ? 0 : -1;
}

static int key_path(const char *key, char *out, size_t len)
{
	char dir[PATH_MAX];
	int n;

	if (key[0] == '\0' || key[0] == '.' || strchr(key, '/') != NULL ||
	    state_dir(dir, sizeof(dir)) != 0)
		return -1;
	n = snprintf(out, len, "%s/%s", dir, key);
	return (n <= 0 || (size_t)n >= len) ? -1 : 0;
}

int state_load(const char *key, char *buf, size_t len)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	if (len == 0 || key_path(key, path, sizeof(path)) != 0)
		return -1;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

int state_save(const char *key, const char *value)
{
	char dir[PATH_MAX], path[PATH_MAX], tmp[PATH_MAX + 32];
	size_t n = strlen(value);
	int fd, ok;

	if (key_path(key, path, sizeof(path)) != 0 || state_dir(dir, sizeof(dir)) != 0 ||
	    state_mkdirs(dir) != 0)
		return -1;
	snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	ok = write(fd, value, n) == (ssize_t)n;
	ok = close(fd) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}
