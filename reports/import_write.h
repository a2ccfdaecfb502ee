/*
 * import_write — writes an imported timeline as a new archive of the plugins' layout
 * (common/archive.h), with librrd.
 */
#ifndef IMPORT_WRITE_H
#define IMPORT_WRITE_H

#include <stddef.h>

#include "import.h"

/*
 * Creates path (start one second before the first update) and writes the n updates in
 * batches.  Never touches an existing file: -1 with "already exists" in the message.  The
 * host directory is created when missing.  0, or -1 with a message (a half-written new
 * file is removed).
 */
int import_write_archive(const char *path, long step, const struct import_update *u, size_t n,
			 char *err, size_t errlen);

/* Formats one update as librrd's "when:avail:rtt:warn:downtime:loss:cover". */
void import_format_update(const struct import_update *u, char *out, size_t outlen);

#endif
