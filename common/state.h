/*
 * state — what a plugin remembers between runs (the agent's last uptime, derived v3 keys),
 * in $NINES_STATE_DIR, else $XDG_CACHE_HOME/nines, else $HOME/.cache/nines (0700).
 * Losing it is harmless: plugins work without it, only less well.
 */
#ifndef STATE_H
#define STATE_H

#include <stddef.h>

/* The directory path (not created).  -1 when no location is known. */
int state_dir(char *out, size_t len);

/* Creates dir and its missing parents with mode 0700.  0 or -1. */
int state_mkdirs(const char *dir);

#define STATE_VALUE_MAX 256	/* a value is one line shorter than this, without tabs */

/*
 * Reads the value stored under key (a file name made of [A-Za-z0-9_.-%]) into buf.
 * 0, or -1 when there is none, it does not fit, or the record is damaged.
 */
int state_load(const char *key, char *buf, size_t len);

/*
 * Stores value under key.  Runs may save and load the same key at the same time: a load
 * sees a whole record or none.  0 or -1 (callers ignore failures).
 */
int state_save(const char *key, const char *value);

#endif
