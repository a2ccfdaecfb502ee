/*
 * state — what a plugin remembers between runs (the agent's last uptime, an interface's
 * last state, derived v3 keys), in the first of: --state-dir, $NINES_STATE_DIR,
 * $XDG_CACHE_HOME/nines, $HOME/.cache/nines, STATE_DEFAULT_DIR (for daemons that start
 * plugins without HOME).  The directory (made 0700 when missing) and each record must
 * belong to the running user and be writable by nobody else: state another user could
 * plant would make a plugin report, say, a restart that never happened.
 * Losing state is harmless: plugins work without it, only less well, and say so.
 */
#ifndef STATE_H
#define STATE_H

#include <stddef.h>

#define STATE_DEFAULT_DIR "/var/lib/nines/state"

/* Uses dir (absolute, from --state-dir) before the environment; NULL goes back to it. */
void state_set_dir(const char *dir);

/*
 * The directory path (not created).  0, or -1 with why in err when no location is known,
 * or the directory exists but is not the running user's alone.
 */
int state_locate(char *out, size_t len, char *err, size_t errlen);

/* state_locate() without the message, for callers that only need the path. */
int state_dir(char *out, size_t len);

/*
 * The directory located and made when missing, for callers that keep state through
 * another module (the v3 key cache).  0, or -1 with why in err.
 */
int state_ready(char *err, size_t errlen);

/* Creates dir with mode 0700 and its missing parents with 0755.  0 or -1. */
int state_mkdirs(const char *dir);

#define STATE_VALUE_MAX 256	/* a value is one line shorter than this, without tabs */

/*
 * Reads the value stored under key (a file name made of [A-Za-z0-9_.-%]) into buf.
 * 0, or -1 when there is none, it does not fit, the record is damaged, or it cannot be
 * trusted; err is "" unless the -1 is worth telling the operator (a record or directory
 * of another user, one others may write, an unusable directory).
 */
int state_load(const char *key, char *buf, size_t len, char *err, size_t errlen);

/*
 * Stores value under key.  Runs may save and load the same key at the same time: a load
 * sees a whole record or none.  0, or -1 with why in err.
 */
int state_save(const char *key, const char *value, char *err, size_t errlen);

#endif
