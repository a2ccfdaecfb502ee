/* outfile — a report written atomically: a failed run never leaves half a file behind. */
#ifndef OUTFILE_H
#define OUTFILE_H

#include <stddef.h>
#include <stdio.h>

/*
 * 0 when path may be written: it does not exist or is a regular file.  The rename would
 * replace anything else (a device node, a FIFO, a symbolic link) with a plain file, so
 * that is refused, -1 with a message.
 */
int outfile_check(const char *path, char *err, size_t errlen);

/*
 * Writes path through a temp file in the same directory (mode 0666 minus the umask):
 * write(f, ctx), fflush, fsync, outfile_check, rename.  0, or -1 with a message; the temp file is
 * removed on failure.
 */
int outfile_write(const char *path, int (*write)(FILE *f, const void *ctx), const void *ctx,
		  char *err, size_t errlen);

/*
 * 0 when a report of this kind may go where -o says: a binary one (PDF) with path NULL
 * only when standard output is not a terminal (there it is noise that can upset the
 * terminal; a pipe or a file is what is meant), -1 with a message.
 */
int outfile_check_binary(const char *path, int binary, char *err, size_t errlen);

/*
 * Where -o says: outfile_write() to path, or, path NULL, write(stdout, ctx) and a flush.
 * A failure on stdout is "cannot write the <what>: <reason>".  0, or -1 with a message.
 */
int outfile_emit(const char *path, int (*write)(FILE *f, const void *ctx), const void *ctx,
		 const char *what, char *err, size_t errlen);

#endif
