/* What plugins remember between runs: records survive, damaged or foreign ones do not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"
#include "state.h"

static char tmpdir[64], dir[128], file[256], err[512];

#define SAVE(key, value) state_save((key), (value), err, sizeof(err))
#define LOAD(key, buf, len) state_load((key), (buf), (len), err, sizeof(err))

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/nines-state.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	/* Not there yet: the first save makes it, and its parents. */
	snprintf(dir, sizeof(dir), "%s/a/b", tmpdir);
	snprintf(file, sizeof(file), "%s/k1", dir);
	return setenv("NINES_STATE_DIR", dir, 1);
}

static int teardown(void **state)
{
	(void)state;
	fx_rmtree(tmpdir);
	return 0;
}

static void put_raw(const char *text)
{
	FILE *f = fopen(file, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_round_trip(void **state)
{
	char buf[STATE_VALUE_MAX];
	struct stat st;

	(void)state;
	assert_int_equal(LOAD("k1", buf, sizeof(buf)), -1);	/* nothing yet */
	assert_int_equal(SAVE("k1", "1795435495 162.87 with a longer tail"), 0);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	*strrchr(dir, '/') = '\0';			/* its parent, made too */
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0755);
	dir[strlen(dir)] = '/';
	assert_int_equal(stat(file, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(LOAD("k1", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "1795435495 162.87 with a longer tail");
	/* A shorter record over a longer one: the old tail is not read back. */
	assert_int_equal(SAVE("k1", "7 1.5"), 0);
	assert_int_equal(LOAD("k1", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "7 1.5");
	assert_int_equal(SAVE("k1", ""), 0);
	assert_int_equal(LOAD("k1", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	/* Too small a buffer is no value rather than half of one. */
	assert_int_equal(SAVE("k1", "123456789"), 0);
	assert_int_equal(LOAD("k1", buf, 5), -1);
}

static void test_rejected(void **state)
{
	static const char *const damaged[] = {
		"1795435495 162.87\n",			/* no check value (older format) */
		"1795435495 162.87\tzzzzzzzz\n",	/* not hex */
		"1795435495 162.87\t1234567\n",		/* short */
		"1795435495 162.87\t",			/* cut before the end */
		"1795435495 162.87\t3666ADA9\n",	/* not as written: upper case */
		"f8\t d226273\n",			/* a number, but not as written */
		"f8\t+d226273\n",
		"",
	};
	char buf[STATE_VALUE_MAX], good[STATE_VALUE_MAX + 16], *p;
	FILE *f;

	(void)state;
	assert_int_equal(SAVE("k1", "1795435495 162.87"), 0);
	f = fopen(file, "r");
	assert_non_null(f);
	assert_non_null(fgets(good, sizeof(good), f));
	fclose(f);
	/* One digit changed, as a read racing a write or a crash could leave it. */
	p = strchr(good, ' ');
	p[-1] = p[-1] == '5' ? '6' : '5';
	put_raw(good);
	assert_int_equal(LOAD("k1", buf, sizeof(buf)), -1);
	put_raw("f8\t0d226273\n");	/* as written, the two below with its first digit changed */
	assert_int_equal(LOAD("k1", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "f8");
	for (size_t i = 0; i < sizeof(damaged) / sizeof(damaged[0]); i++) {
		put_raw(damaged[i]);
		if (LOAD("k1", buf, sizeof(buf)) != -1)
			fail_msg("accepted %zu: '%s'", i, damaged[i]);
	}
	/* Values a record cannot hold, and keys that would leave the directory. */
	assert_int_equal(SAVE("k1", "a\nb"), -1);
	assert_int_equal(SAVE("k1", "a\tb"), -1);
	assert_int_equal(SAVE("../k1", "x"), -1);
	assert_int_equal(SAVE(".hidden", "x"), -1);
	assert_int_equal(LOAD("a/b", buf, sizeof(buf)), -1);
}

/* Runs of many checks write the same key at once: every load sees one whole record. */
static void test_concurrent(void **state)
{
	enum { WRITERS = 8, ROUNDS = 2000 };
	pid_t pids[WRITERS];
	int bad = 0;

	(void)state;
	for (int w = 0; w < WRITERS; w++) {
		pids[w] = fork();
		assert_true(pids[w] >= 0);
		if (pids[w] == 0) {
			char val[64], buf[STATE_VALUE_MAX];
			long a, b;

			for (int i = 0; i < ROUNDS; i++) {
				/* Records of different lengths, each consistent in itself. */
				snprintf(val, sizeof(val), "%d %d%s", w * 1000 + i, -(w * 1000 + i),
					 w % 2 ? " padding padding" : "");
				SAVE("k2", val);
				if (LOAD("k2", buf, sizeof(buf)) == 0 &&
				    (sscanf(buf, "%ld %ld", &a, &b) != 2 || a != -b))
					_exit(1);
			}
			_exit(0);
		}
	}
	for (int w = 0; w < WRITERS; w++) {
		int st;

		assert_int_equal(waitpid(pids[w], &st, 0), pids[w]);
		bad += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	}
	assert_int_equal(bad, 0);
}

/* A directory or record another user could have written is not used, and the reason is said. */
static void test_untrusted(void **state)
{
	static const struct {
		const char *what;
		mode_t dir_mode, file_mode;
		uid_t owner;		/* of the record; 0 means ours */
		const char *say;
	} cases[] = {
		{ "dir 0777", 0777, 0600, 0, "is writable by others (mode 0777)" },
		{ "dir 0770", 0770, 0600, 0, "is writable by others (mode 0770)" },
		{ "record 0666", 0700, 0666, 0, "ignored record" },
		{ "record 0620", 0700, 0620, 0, "is writable by others (mode 0620)" },
		{ "record of nobody", 0700, 0600, 65534, "belongs to uid 65534, not to uid" },
	};
	char buf[STATE_VALUE_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(file, sizeof(file), "%s/k3", dir);
		assert_int_equal(SAVE("k3", "1795435495 162.87"), 0);
		assert_int_equal(chmod(file, cases[i].file_mode), 0);
		if (cases[i].owner != 0)
			assert_int_equal(chown(file, cases[i].owner, (gid_t)-1), 0);
		assert_int_equal(chmod(dir, cases[i].dir_mode), 0);
		if (LOAD("k3", buf, sizeof(buf)) != -1 || strstr(err, cases[i].say) == NULL)
			fail_msg("%s: load accepted or said '%s'", cases[i].what, err);
		if (SAVE("k3", "7 1.5") != -1 || strstr(err, cases[i].say) == NULL)
			fail_msg("%s: save accepted or said '%s'", cases[i].what, err);
		assert_int_equal(chmod(dir, 0700), 0);
		assert_int_equal(unlink(file), 0);
		snprintf(file, sizeof(file), "%s/k1", dir);
	}
	/* A record that is not a file, and a missing one (nothing to say). */
	snprintf(file, sizeof(file), "%s/k4", dir);
	assert_int_equal(mkfifo(file, 0600), 0);
	assert_int_equal(LOAD("k4", buf, sizeof(buf)), -1);	/* and does not wait for a writer */
	assert_non_null(strstr(err, "not a regular file"));
	assert_int_equal(SAVE("k4", "x"), -1);
	assert_non_null(strstr(err, "k4"));
	assert_int_equal(unlink(file), 0);
	snprintf(file, sizeof(file), "%s/k1", dir);
	assert_int_equal(LOAD("k5", buf, sizeof(buf)), -1);
	assert_string_equal(err, "");
}

/* Where state lives: --state-dir, then the environment, then the default for daemons. */
static void test_location(void **state)
{
	static const char *const vars[] = { "NINES_STATE_DIR", "XDG_CACHE_HOME", "HOME" };
	char saved[3][PATH_MAX], path[PATH_MAX], sub[256];

	(void)state;
	for (int i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);

		snprintf(saved[i], sizeof(saved[i]), "%s", v != NULL ? v : "");
	}
	setenv("XDG_CACHE_HOME", "/xdg", 1);
	setenv("HOME", "/home/u", 1);
	assert_int_equal(state_locate(path, sizeof(path), err, sizeof(err)), 0);
	assert_string_equal(path, dir);
	unsetenv("NINES_STATE_DIR");
	assert_int_equal(state_locate(path, sizeof(path), err, sizeof(err)), 0);
	assert_string_equal(path, "/xdg/nines");
	unsetenv("XDG_CACHE_HOME");
	assert_int_equal(state_locate(path, sizeof(path), err, sizeof(err)), 0);
	assert_string_equal(path, "/home/u/.cache/nines");
	/* As Debian's units start Nagios and Icinga: no HOME, no XDG_CACHE_HOME. */
	unsetenv("HOME");
	assert_int_equal(state_dir(path, sizeof(path)), 0);
	assert_string_equal(path, STATE_DEFAULT_DIR);
	assert_string_equal(path, "/var/lib/nines/state");
	/* --state-dir comes before everything. */
	setenv("NINES_STATE_DIR", "/elsewhere", 1);
	snprintf(sub, sizeof(sub), "%s/opt", tmpdir);
	state_set_dir(sub);
	assert_int_equal(SAVE("k6", "x"), 0);
	snprintf(path, sizeof(path), "%s/k6", sub);
	assert_int_equal(access(path, F_OK), 0);
	state_set_dir(NULL);
	setenv("NINES_STATE_DIR", "relative/dir", 1);
	assert_int_equal(SAVE("k6", "x"), -1);
	assert_non_null(strstr(err, "is not an absolute path"));
	/* A directory that cannot be made is said, not silently skipped. */
	setenv("NINES_STATE_DIR", "/dev/null/state", 1);
	assert_int_equal(SAVE("k6", "x"), -1);
	assert_non_null(strstr(err, "cannot use '/dev/null/state': Not a directory"));
	assert_int_equal(state_ready(err, sizeof(err)), -1);
	assert_non_null(strstr(err, "cannot"));
	for (int i = 0; i < 3; i++)
		if (saved[i][0] != '\0')
			setenv(vars[i], saved[i], 1);
		else
			unsetenv(vars[i]);
	setenv("NINES_STATE_DIR", dir, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_rejected),
		cmocka_unit_test(test_concurrent),
		cmocka_unit_test(test_untrusted),
		cmocka_unit_test(test_location),
	};
	return cmocka_run_group_tests_name("state", tests, setup, teardown);
}
