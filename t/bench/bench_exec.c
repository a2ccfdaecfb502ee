/*
 * bench_exec — median wall time per run of two commands, measured side by side.
 *
 *   bench_exec [-m K] RUNS LABEL-A CMD-A... -- LABEL-B CMD-B...
 *
 * Runs A and B alternately RUNS times each (so load changes hit both alike), each as
 * fork+exec+wait with output to /dev/null, timed on CLOCK_MONOTONIC.  "{i}" in an argument
 * is replaced by the run number modulo K (default: no modulo), so runs can cycle through K
 * archive files and never write one twice within the same second.
 * Prints "LABEL median_ms" for both and "ratio A/B".  Exit 1 on a command that failed to
 * run or exited with status 3 or above 3 (a plugin's UNKNOWN means the setup is wrong).
 * With NINES_BENCH_LOG=FILE, every pair is appended to FILE as "run ms-A ms-B", in the
 * order run, to see whether a slow median is a slow stretch or a slow side.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mono.h"

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int modulo;

static double run_once(char **argv, int i)
{
	char *args[64], bufs[64][512];
	double t0;
	pid_t pid;
	int status, n;

	for (n = 0; argv[n] != NULL && n < 63; n++) {
		char *brace = strstr(argv[n], "{i}");

		if (brace == NULL) {
			args[n] = argv[n];
			continue;
		}
		snprintf(bufs[n], sizeof(bufs[n]), "%.*s%d%s", (int)(brace - argv[n]), argv[n],
			 modulo > 0 ? i % modulo : i, brace + 3);
		args[n] = bufs[n];
	}
	args[n] = NULL;
	t0 = mono_now() * 1e3;
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		dup2(null, 2);
		execv(args[0], args);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) >= 3) {
		fprintf(stderr, "bench_exec: '%s' failed (status %d)\n", args[0], status);
		return -1;
	}
	return mono_now() * 1e3 - t0;
}

int main(int argc, char **argv)
{
	int runs, sep = -1;
	double *ta, *tb;
	const char *log_path = getenv("NINES_BENCH_LOG");
	FILE *log = NULL;

	if (argc > 2 && strcmp(argv[1], "-m") == 0) {
		modulo = atoi(argv[2]);
		argv += 2;
		argc -= 2;
	}
	if (argc < 6 || (runs = atoi(argv[1])) < 1)
		goto usage;
	for (int i = 3; i < argc; i++)
		if (strcmp(argv[i], "--") == 0)
			sep = i;
	if (sep < 0 || sep + 2 >= argc)
		goto usage;
	argv[sep] = NULL;
	ta = calloc((size_t)runs, sizeof(double));
	tb = calloc((size_t)runs, sizeof(double));
	if (ta == NULL || tb == NULL)
		return 1;
	if (log_path != NULL && (log = fopen(log_path, "a")) == NULL) {
		perror(log_path);
		return 1;
	}
	for (int i = 0; i < runs; i++) {
		if ((ta[i] = run_once(argv + 3, i)) < 0 || (tb[i] = run_once(argv + sep + 2, i)) < 0)
			return 1;
		if (log != NULL)
			fprintf(log, "%d %.3f %.3f\n", i, ta[i], tb[i]);
	}
	if (log != NULL && fclose(log) != 0) {
		perror(log_path);
		return 1;
	}
	qsort(ta, (size_t)runs, sizeof(double), cmp);
	qsort(tb, (size_t)runs, sizeof(double), cmp);
	printf("%s %.2f\n%s %.2f\nratio %.3f\n", argv[2], ta[runs / 2], argv[sep + 1], tb[runs / 2],
	       ta[runs / 2] / tb[runs / 2]);
	free(ta);
	free(tb);
	return 0;
usage:
	fprintf(stderr, "usage: bench_exec [-m K] RUNS LABEL-A CMD-A... -- LABEL-B CMD-B...\n");
	return 2;
}
