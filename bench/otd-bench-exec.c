/*
 * Wall time of a process from start to exit: what a shell script pays per command. Runs
 * the command N times (its output to /dev/null) and prints the median, p10 and p90.
 *
 *   otd-bench-exec LABEL N COMMAND [ARGUMENT...]
 *
 * Prints one line: case=LABEL n=N p50_ms=… p10_ms=… p90_ms=… errors=…
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	posix_spawn_file_actions_t actions;
	int n, errors = 0;
	double *times;

	if (argc < 4 || (n = atoi(argv[2])) <= 0) {
		fprintf(stderr, "usage: %s LABEL N COMMAND [ARGUMENT...]\n", argv[0]);
		return 2;
	}
	times = calloc((size_t)n, sizeof(double));
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	for (int i = 0; i < n; i++) {
		double t0 = now_ms();
		pid_t pid;
		int status = 0;

		if (posix_spawn(&pid, argv[3], &actions, NULL, argv + 3, environ) != 0 ||
		    waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			errors++;
		times[i] = now_ms() - t0;
	}
	qsort(times, (size_t)n, sizeof(double), cmp_double);
	printf("case=%s n=%d p50_ms=%.2f p10_ms=%.2f p90_ms=%.2f errors=%d\n", argv[1], n,
	       times[n / 2], times[n / 10], times[(n * 9) / 10], errors);
	if (errors > 0)
		fprintf(stderr, "otd-bench-exec: %s: %d of %d runs failed\n", argv[1], errors, n);
	return errors > 0 ? 1 : 0;
}
