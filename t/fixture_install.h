/*
 * fx_install — `make install` of this tree into a fresh DESTDIR, for tests that check the
 * installation or run daemons with the files as installed.
 */
#ifndef FIXTURE_INSTALL_H
#define FIXTURE_INSTALL_H

#include <stddef.h>

/*
 * Runs `make install DESTDIR=<new mkdtemp dir> PREFIX=prefix` (and `O=$NINES_BUILD`) in
 * $NINES_SRC; destdir receives the directory (remove it with fx_rmtree()).  0, or -1 with
 * make's output on stderr.
 */
int fx_install(const char *prefix, char *destdir, size_t len);

/* `make uninstall` with the same variables.  0, or -1 with make's output on stderr. */
int fx_uninstall(const char *prefix, const char *destdir);

#endif
