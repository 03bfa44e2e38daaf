/*
 * The harness of the opentokctl unit tests (see otk-ctl-test-util.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "otk-ctl-test-util.h"
#include "otk-test-server.h"

static char otk_test_dir[] = "/tmp/otk-ctl-test-XXXXXX";
char otk_test_bus_option[160];
static pid_t otk_test_server_pid = -1;

void
otk_test_run_clear(OtkTestRun *run)
{
	free(run->out);
	free(run->err);
}

/* serves one client connection after the other until killed */
static void
otk_test_start_server(void)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	OTK_TEST_ASSERT(mkdtemp(otk_test_dir) != NULL);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/bus", otk_test_dir);
	OTK_TEST_ASSERT(listen_fd >= 0);
	OTK_TEST_ASSERT(bind(listen_fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	OTK_TEST_ASSERT(listen(listen_fd, 16) == 0);
	snprintf(otk_test_bus_option,
		 sizeof(otk_test_bus_option),
		 "--bus-address=unix:path=%s",
		 sa.sun_path);
	otk_test_server_pid = fork();
	OTK_TEST_ASSERT(otk_test_server_pid >= 0);
	if (otk_test_server_pid > 0) {
		close(listen_fd);
		return;
	}
	/* a failed assertion exits the test at once: the server must not outlive it */
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || getppid() == 1)
		_exit(1);
	for (;;) {
		int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd >= 0)
			otk_test_server_run(fd, 1);
	}
}

static void
otk_test_stop_server(void)
{
	char path[sizeof(otk_test_dir) + 8];

	if (otk_test_server_pid > 0) {
		kill(otk_test_server_pid, SIGTERM);
		waitpid(otk_test_server_pid, NULL, 0);
	}
	snprintf(path, sizeof(path), "%s/bus", otk_test_dir);
	unlink(path);
	rmdir(otk_test_dir);
}

static char *
otk_test_slurp(const char *path)
{
	char *text = NULL;
	size_t size = 0;
	FILE *in = fopen(path, "re");
	FILE *out = open_memstream(&text, &size);
	int c;

	OTK_TEST_ASSERT(in != NULL && out != NULL);
	while ((c = fgetc(in)) != EOF)
		fputc(c, out);
	fclose(in);
	OTK_TEST_ASSERT(fclose(out) == 0);
	unlink(path);
	return text;
}

static void
otk_test_exec(const char *out_path, const char *err_path, char **argv)
{
	int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (out < 0 || err < 0 || dup2(out, STDOUT_FILENO) < 0 || dup2(err, STDERR_FILENO) < 0)
		_exit(127);
	execv(argv[0], argv);
	_exit(127);
}

OtkTestRun
otk_test_ctl(const char *first, ...)
{
	const char *binary = getenv("OPENTOKCTL");
	char out_path[sizeof(otk_test_dir) + 8];
	char err_path[sizeof(otk_test_dir) + 8];
	char *argv[32] = {(char *)binary};
	OtkTestRun run = {0};
	int argc = 1;
	va_list ap;
	pid_t pid;

	OTK_TEST_ASSERT(binary != NULL);
	va_start(ap, first);
	for (const char *arg = first; arg != NULL && argc < 31; arg = va_arg(ap, const char *))
		argv[argc++] = (char *)arg;
	va_end(ap);
	snprintf(out_path, sizeof(out_path), "%s/out", otk_test_dir);
	snprintf(err_path, sizeof(err_path), "%s/err", otk_test_dir);
	pid = fork();
	OTK_TEST_ASSERT(pid >= 0);
	if (pid == 0)
		otk_test_exec(out_path, err_path, argv);
	OTK_TEST_ASSERT(waitpid(pid, &run.status, 0) == pid);
	OTK_TEST_ASSERT(WIFEXITED(run.status));
	run.status = WEXITSTATUS(run.status);
	run.out = otk_test_slurp(out_path);
	run.err = otk_test_slurp(err_path);
	return run;
}

static void
otk_test_compare_output(const char *file,
			int line,
			const char *name,
			const char *got,
			const char *expected)
{
	if (expected != NULL && strcmp(got, expected) != 0)
		otk_test_fail(file,
			      line,
			      "%s\n  got:      %s\n  expected: %s",
			      name,
			      got,
			      expected);
}

void
otk_test_assert_run_at(const char *file,
		       int line,
		       const OtkTestRun *run,
		       int status,
		       const char *out,
		       const char *err)
{
	if (run->status != status)
		otk_test_fail(file,
			      line,
			      "exit status %d, expected %d\nstdout: %s\nstderr: %s",
			      run->status,
			      status,
			      run->out,
			      run->err);
	otk_test_compare_output(file, line, "stdout", run->out, out);
	otk_test_compare_output(file, line, "stderr", run->err, err);
}

void
otk_test_assert_usage(const OtkTestRun *run, const char *message, const char *command)
{
	OTK_AUTOFREE char *expected = NULL;

	OTK_TEST_ASSERT(asprintf(&expected,
				 "opentokctl: %s\nTry 'opentokctl %s --help'.\n",
				 message,
				 command) > 0);
	otk_test_assert_run(run, 2, "", expected);
}

void
otk_test_assert_usages(const OtkTestUsage *usages, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *const *a = usages[i].args;
		OTK_CLEANUP(otk_test_run_clear)
		OtkTestRun run = OTK_TEST_CTL(
		    otk_test_bus_option, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
		otk_test_assert_usage(&run, usages[i].message, usages[i].command);
	}
}

char *
otk_test_last_call(void)
{
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	const char *address = otk_test_bus_option + strlen("--bus-address=");
	OtkClient *client = otk_client_new_address(address, &error);
	char *record = NULL;

	OTK_TEST_ASSERT(client != NULL);
	OTK_TEST_ASSERT_CMPINT(
	    otk_client_call_string(client, "Test", "LastCall", NULL, NULL, &record, NULL), 0);
	otk_client_free(client);
	return record;
}

int
otk_ctl_test_main(int argc, char **argv, const OtkTestCase *cases, size_t n_cases)
{
	otk_test_start_server();
	/* also runs when an assertion fails and exits */
	atexit(otk_test_stop_server);
	return otk_test_run(argc, argv, cases, n_cases);
}
