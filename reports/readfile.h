/*
 * readfile — the whole of a small regular file, read safely: opened without blocking and
 * checked with fstat before a byte is read, so that a FIFO cannot hang the run and a
 * device (/dev/zero) cannot fill memory; a file larger than the caller's limit, or one
 * that grows while it is read, is refused.  The config and the scorecard's measures file
 * are read this way.
 */
#ifndef READFILE_H
#define READFILE_H

#include <stddef.h>

/*
 * path's bytes, NUL-terminated, in a new buffer (free()), their count in *len; max is a
 * whole number of MiB.  NULL with "cannot read 'PATH': ..." in err.
 */
char *readfile_regular(const char *path, size_t max, size_t *len, char *err, size_t errlen);

#endif
