#include "readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *readfile_regular(const char *path, size_t max, size_t *len, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	char *buf = NULL;
	ssize_t got = 0;

	*len = 0;
	if (fd < 0 || fstat(fd, &st) != 0) {
		snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "cannot read '%s': %s", path,
			 S_ISDIR(st.st_mode) ? strerror(EISDIR) : "not a regular file");
		goto out;
	}
	if ((size_t)st.st_size > max) {
		snprintf(err, errlen, "cannot read '%s': larger than %zu MiB", path, max >> 20);
		goto out;
	}
	/* Room for one byte more than fstat said, so that a file that grew is seen to. */
	if ((buf = malloc((size_t)st.st_size + 2)) == NULL) {
		snprintf(err, errlen, "cannot read '%s': out of memory", path);
		goto out;
	}
	while (*len < (size_t)st.st_size + 1 &&
	       (got = read(fd, buf + *len, (size_t)st.st_size + 1 - *len)) > 0)
		*len += (size_t)got;
	if (got < 0 || *len > (size_t)st.st_size) {
		if (got < 0)
			snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
		else
			snprintf(err, errlen, "cannot read '%s': it changed while being read", path);
		free(buf);
		buf = NULL;
		goto out;
	}
	buf[*len] = '\0';
out:
	if (fd >= 0)
		close(fd);
	return buf;
}
