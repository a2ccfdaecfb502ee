#include "outfile.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int outfile_check(const char *path, char *err, size_t errlen)
{
	struct stat st;

	if (lstat(path, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "cannot write '%s': it exists and is not a regular file "
			 "(%s); -o only replaces regular files", path,
			 S_ISLNK(st.st_mode) ? "a symbolic link" : S_ISDIR(st.st_mode) ?
			 "a directory" : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device" :
			 S_ISFIFO(st.st_mode) ? "a FIFO" : "a socket");
		return -1;
	}
	return 0;
}

int outfile_write(const char *path, int (*write)(FILE *f, const void *ctx), const void *ctx,
		  char *err, size_t errlen)
{
	char tmp[PATH_MAX];
	const char *slash = strrchr(path, '/');
	mode_t mask = umask(0);
	FILE *f = NULL;
	int fd, ok;

	umask(mask);
	if (slash == NULL)
		ok = snprintf(tmp, sizeof(tmp), ".%s.XXXXXX", path);
	else
		ok = snprintf(tmp, sizeof(tmp), "%.*s/.%s.XXXXXX", (int)(slash - path), path,
			      slash + 1);
	if (ok < 0 || (size_t)ok >= sizeof(tmp)) {
		snprintf(err, errlen, "cannot write '%s': name too long", path);
		return -1;
	}
	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	ok = fchmod(fd, 0666 & ~mask) == 0 && (f = fdopen(fd, "w")) != NULL &&
	     write(f, ctx) == 0 && fflush(f) == 0 && fsync(fd) == 0;
	if (!ok)
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
	if (f != NULL ? fclose(f) != 0 : close(fd) != 0) {
		if (ok)
			snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
		ok = 0;
	}
	if (ok && outfile_check(path, err, errlen) != 0)
		ok = 0;
	if (ok && rename(tmp, path) != 0) {
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
		ok = 0;
	}
	if (!ok)
		unlink(tmp);
	return ok ? 0 : -1;
}

int outfile_check_binary(const char *path, int binary, char *err, size_t errlen)
{
	if (binary && path == NULL && isatty(STDOUT_FILENO)) {
		snprintf(err, errlen, "will not write a PDF to a terminal: give -o FILE or "
			 "redirect standard output");
		return -1;
	}
	return 0;
}

int outfile_emit(const char *path, int (*write)(FILE *f, const void *ctx), const void *ctx,
		 const char *what, char *err, size_t errlen)
{
	if (path != NULL)
		return outfile_write(path, write, ctx, err, errlen);
	errno = 0;
	if (write(stdout, ctx) != 0 || fflush(stdout) != 0) {
		snprintf(err, errlen, "cannot write the %s: %s", what,
			 errno != 0 ? strerror(errno) : "write error");
		return -1;
	}
	return 0;
}
