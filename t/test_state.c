/* What plugins remember between runs: records survive, damaged or foreign ones do not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"
#include "state.h"

static char tmpdir[64], dir[128], file[256];

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
	assert_int_equal(state_load("k1", buf, sizeof(buf)), -1);	/* nothing yet */
	assert_int_equal(state_save("k1", "1795435495 162.87 with a longer tail"), 0);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(stat(file, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(state_load("k1", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "1795435495 162.87 with a longer tail");
	/* A shorter record over a longer one: the old tail is not read back. */
	assert_int_equal(state_save("k1", "7 1.5"), 0);
	assert_int_equal(state_load("k1", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "7 1.5");
	assert_int_equal(state_save("k1", ""), 0);
	assert_int_equal(state_load("k1", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	/* Too small a buffer is no value rather than half of one. */
	assert_int_equal(state_save("k1", "123456789"), 0);
	assert_int_equal(state_load("k1", buf, 5), -1);
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
	assert_int_equal(state_save("k1", "1795435495 162.87"), 0);
	f = fopen(file, "r");
	assert_non_null(f);
	assert_non_null(fgets(good, sizeof(good), f));
	fclose(f);
	/* One digit changed, as a read racing a write or a crash could leave it. */
	p = strchr(good, ' ');
	p[-1] = p[-1] == '5' ? '6' : '5';
	put_raw(good);
	assert_int_equal(state_load("k1", buf, sizeof(buf)), -1);
	put_raw("f8\t0d226273\n");	/* as written, the two below with its first digit changed */
	assert_int_equal(state_load("k1", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "f8");
	for (size_t i = 0; i < sizeof(damaged) / sizeof(damaged[0]); i++) {
		put_raw(damaged[i]);
		if (state_load("k1", buf, sizeof(buf)) != -1)
			fail_msg("accepted %zu: '%s'", i, damaged[i]);
	}
	/* Values a record cannot hold, and keys that would leave the directory. */
	assert_int_equal(state_save("k1", "a\nb"), -1);
	assert_int_equal(state_save("k1", "a\tb"), -1);
	assert_int_equal(state_save("../k1", "x"), -1);
	assert_int_equal(state_save(".hidden", "x"), -1);
	assert_int_equal(state_load("a/b", buf, sizeof(buf)), -1);
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
				state_save("k2", val);
				if (state_load("k2", buf, sizeof(buf)) == 0 &&
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_rejected),
		cmocka_unit_test(test_concurrent),
	};
	return cmocka_run_group_tests_name("state", tests, setup, teardown);
}
