/* fx — temporary directories and child processes for tests. */
#ifndef FIXTURE_H
#define FIXTURE_H

#include <stddef.h>
#include <time.h>

/* Removes a directory tree made by a test (mkdtemp), unreadable parts too.  Safe on NULL/"". */
void fx_rmtree(const char *dir);

/* cmocka group fixtures: *state is a new empty directory (a char *), removed afterwards. */
int fx_tmpdir_setup(void **state);
int fx_tmpdir_teardown(void **state);

/* Runs argv (argv[0] a path), captures up to outlen-1 bytes of stdout+stderr, returns the exit
 * status (or -1 when it could not run or was killed).  env: extra "NAME=value" strings or NULL. */
int fx_run(char *const argv[], char *const env[], char *out, size_t outlen);

/* fx_run() of bin with args (NULL-terminated, at most 62) after it. */
int fx_run_args(const char *bin, const char *const *args, char *const env[], char *out,
		size_t outlen);

/* The UTC instant of a civil date and time (timegm). */
time_t fx_utc(int y, int mo, int d, int h, int mi);

#endif
