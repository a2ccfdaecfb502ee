#include "fixture.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Entries a test made unreadable (permission tests) are opened up first. */
static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb; (void)flag; (void)ftw;
	chmod(path, 0700);
	return remove(path);
}

void fx_rmtree(const char *dir)
{
	if (dir != NULL && dir[0] != '\0')
		nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int fx_tmpdir_setup(void **state)
{
	char *dir = strdup("/tmp/nines-test.XXXXXX");

	if (dir == NULL || mkdtemp(dir) == NULL) {
		free(dir);
		return -1;
	}
	*state = dir;
	return 0;
}

int fx_tmpdir_teardown(void **state)
{
	fx_rmtree(*state);
	free(*state);
	return 0;
}

int fx_run(char *const argv[], char *const env[], char *out, size_t outlen)
{
	int pipefd[2], status;
	size_t used = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(pipefd) != 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(pipefd[1], 1);
		dup2(pipefd[1], 2);
		close(pipefd[0]);
		close(pipefd[1]);
		for (size_t i = 0; env != NULL && env[i] != NULL; i++)
			putenv(env[i]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(pipefd[1]);
	while (used < outlen - 1 && (n = read(pipefd[0], out + used, outlen - 1 - used)) > 0)
		used += (size_t)n;
	/* Drain the rest so the child never blocks on a full pipe. */
	for (char sink[4096]; read(pipefd[0], sink, sizeof(sink)) > 0;)
		;
	close(pipefd[0]);
	out[used] = '\0';
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

int fx_run_args(const char *bin, const char *const *args, char *const env[], char *out,
		size_t outlen)
{
	char *argv[64];
	size_t n = 0;

	argv[n++] = (char *)bin;
	for (size_t i = 0; args[i] != NULL && n < 63; i++)
		argv[n++] = (char *)args[i];
	argv[n] = NULL;
	return fx_run(argv, env, out, outlen);
}

time_t fx_utc(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h,
			 .tm_min = mi };

	return timegm(&tm);
}
