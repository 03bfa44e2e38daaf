/*
 * Unit tests: the opentokctl binary ($OPENTOKCTL) against the fake opentokd of
 * otk-test-server.c, reached with --bus-address as if it were a message bus. Checks
 * exit codes, stdout and stderr byte for byte.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "otk-private.h"
#include "otk-test-server.h"
#include "otk-test.h"

static char otk_test_dir[] = "/tmp/otk-ctl-test-XXXXXX";
static char otk_test_bus_option[160];
static pid_t otk_test_server_pid = -1;

typedef struct {
	int status;
	char *out;
	char *err;
} OtkTestRun;

static void
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

/* runs opentokctl with the NULL-terminated arguments after @first */
static OtkTestRun
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

#define OTK_TEST_CTL(...) otk_test_ctl(__VA_ARGS__, NULL)

static void
otk_test_assert_run(const OtkTestRun *run, int status, const char *out, const char *err)
{
	if (run->status != status)
		otk_test_fail(__FILE__,
			      __LINE__,
			      "exit status %d, expected %d\nstdout: %s\nstderr: %s",
			      run->status,
			      status,
			      run->out,
			      run->err);
	if (out != NULL)
		OTK_TEST_ASSERT_CMPSTR(run->out, out);
	if (err != NULL)
		OTK_TEST_ASSERT_CMPSTR(run->err, err);
}

static void
otk_ctl_help_func(void)
{
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun main_help = OTK_TEST_CTL("--help");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun token = OTK_TEST_CTL("token", "--help");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun group = OTK_TEST_CTL("connection", "--help");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun sub = OTK_TEST_CTL("session", "create", "-h");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun version = OTK_TEST_CTL("--version");

	otk_test_assert_run(&main_help, 0, NULL, "");
	OTK_TEST_ASSERT(strncmp(main_help.out, "Usage: opentokctl [OPTIONS] COMMAND", 35) == 0);
	OTK_TEST_ASSERT(strstr(main_help.out, "  connection disconnect SESSION CONNECTION\n") !=
			NULL);
	otk_test_assert_run(&token, 0, NULL, "");
	OTK_TEST_ASSERT(strncmp(token.out, "Usage: opentokctl token SESSION [OPTIONS]\n", 42) == 0);
	OTK_TEST_ASSERT(strstr(token.out, "--layout-class=NAME") != NULL);
	otk_test_assert_run(&group, 0, NULL, "");
	OTK_TEST_ASSERT(strstr(group.out, "  disconnect SESSION CONNECTION ") != NULL);
	otk_test_assert_run(&sub, 0, NULL, "");
	OTK_TEST_ASSERT(strstr(sub.out, "--archive-resolution=WxH") != NULL);
	otk_test_assert_run(&version, 0, "opentokctl " PACKAGE_VERSION "\n", "");
}

static void
otk_ctl_usage_func(void)
{
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun none = OTK_TEST_CTL(NULL);
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun unknown = OTK_TEST_CTL("frobnicate");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun no_session = OTK_TEST_CTL("token");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun number = OTK_TEST_CTL("token", "S", "--expire-in", "12x");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun both = OTK_TEST_CTL("token", "S", "--expire-time", "1", "--expire-in", "2");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun option = OTK_TEST_CTL("token", "S", "--nope");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun value = OTK_TEST_CTL("token", "S", "--role");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun extra = OTK_TEST_CTL("status", "more");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun sub = OTK_TEST_CTL("connection", "drop");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun missing = OTK_TEST_CTL("connection", "disconnect", "S1");

	otk_test_assert_run(
	    &none, 2, "", "opentokctl: missing command\nTry 'opentokctl --help'.\n");
	otk_test_assert_run(&unknown, 2, "", NULL);
	otk_test_assert_run(&no_session,
			    2,
			    "",
			    "opentokctl: missing argument SESSION\n"
			    "Try 'opentokctl token --help'.\n");
	otk_test_assert_run(&number, 2, "", NULL);
	OTK_TEST_ASSERT(strstr(number.err, "'12x' is not a whole number") != NULL);
	otk_test_assert_run(&both, 2, "", NULL);
	otk_test_assert_run(&option, 2, "", NULL);
	OTK_TEST_ASSERT(strstr(option.err, "'--nope'") != NULL);
	otk_test_assert_run(&value,
			    2,
			    "",
			    "opentokctl: option '--role' needs a value\n"
			    "Try 'opentokctl token --help'.\n");
	otk_test_assert_run(&extra, 2, "", NULL);
	otk_test_assert_run(&sub, 2, "", NULL);
	otk_test_assert_run(&missing,
			    2,
			    "",
			    "opentokctl: missing argument CONNECTION\n"
			    "Try 'opentokctl connection disconnect --help'.\n");
}

static void
otk_ctl_unreachable_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun run = OTK_TEST_CTL("--bus-address=unix:path=/nonexistent/bus", "status");

	otk_test_assert_run(&run, 3, "", NULL);
	OTK_TEST_ASSERT(strncmp(run.err, "opentokctl: ", 12) == 0);
	OTK_TEST_ASSERT(strstr(run.err, "/nonexistent/bus") != NULL);
}

static void
otk_ctl_status_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun text = OTK_TEST_CTL(otk_test_bus_option, "status");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun json = OTK_TEST_CTL("status", "--json", otk_test_bus_option);

	otk_test_assert_run(&text,
			    0,
			    "version: 0.1.0-test\n"
			    "api_key: 123456\n"
			    "api_url: http://127.0.0.1:9/api\n"
			    "plugins: archives, connections\n",
			    "");
	otk_test_assert_run(&json,
			    0,
			    "{\"version\":\"0.1.0-test\",\"api_key\":\"123456\","
			    "\"api_url\":\"http://127.0.0.1:9/api\","
			    "\"plugins\":[\"archives\",\"connections\"]}\n",
			    "");
}

static void
otk_ctl_session_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun text = OTK_TEST_CTL(otk_test_bus_option,
				       "session",
				       "create",
				       "--media-mode=routed",
				       "--location",
				       "10.1.2.3",
				       "--archive-mode=always",
				       "--archive-name=Daily",
				       "--archive-resolution=1280x720",
				       "--e2ee");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun json = OTK_TEST_CTL("--json", otk_test_bus_option, "session", "create");

	otk_test_assert_run(&text,
			    0,
			    "session:{\"media_mode\":\"routed\",\"location\":\"10.1.2.3\","
			    "\"archive_mode\":\"always\",\"archive_name\":\"Daily\","
			    "\"archive_resolution\":\"1280x720\",\"e2ee\":true}\n",
			    "");
	otk_test_assert_run(&json, 0, "{\"session_id\":\"session:{}\"}\n", "");
}

static void
otk_ctl_token_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun full = OTK_TEST_CTL(otk_test_bus_option,
				       "token",
				       "S1",
				       "--role=moderator",
				       "--expire-time=1700000000",
				       "--data",
				       "a \"b\"",
				       "--layout-class=full",
				       "--layout-class",
				       "focus",
				       "--type=T1");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun relative = OTK_TEST_CTL(otk_test_bus_option, "token", "--expire-in=60", "S2");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun refused = OTK_TEST_CTL(otk_test_bus_option, "token", "bad", "--json");
	long long expire = 0;
	long long now = (long long)time(NULL);

	otk_test_assert_run(&full,
			    0,
			    "token:S1:{\"role\":\"moderator\",\"expire_time\":1700000000,"
			    "\"data\":\"a \\\"b\\\"\",\"initial_layout_class_list\":[\"full\","
			    "\"focus\"],\"token_type\":\"T1\"}\n",
			    "");
	otk_test_assert_run(&relative, 0, NULL, "");
	OTK_TEST_ASSERT(sscanf(relative.out, "token:S2:{\"expire_time\":%lld}", &expire) == 1);
	OTK_TEST_ASSERT(expire >= now + 59 && expire <= now + 61);
	otk_test_assert_run(&refused, 1, "", "opentokctl: InvalidArgs: invalid session id 'bad'\n");
}

static void
otk_ctl_connection_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun list = OTK_TEST_CTL(otk_test_bus_option, "connection", "list", "S1");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun json = OTK_TEST_CTL(otk_test_bus_option, "connection", "--json", "list", "S1");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun missing = OTK_TEST_CTL(otk_test_bus_option, "connection", "list", "missing");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun drop = OTK_TEST_CTL(otk_test_bus_option, "connection", "disconnect", "S1", "c1");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun gone =
	    OTK_TEST_CTL(otk_test_bus_option, "connection", "disconnect", "S1", "gone");

	otk_test_assert_run(&list,
			    0,
			    "CONNECTION ID  STATE       CREATED\n"
			    "c1             Connected   2025-05-19T11:54:18Z\n"
			    "connection-2   Connecting  -\n"
			    "Total: 2\n",
			    "");
	otk_test_assert_run(&json,
			    0,
			    "{\"items\":[{\"connection_id\":\"c1\",\"connection_state\":"
			    "\"Connected\",\"created_at\":1747655658197},{\"connection_id\":"
			    "\"connection-2\",\"connection_state\":\"Connecting\"}],\"total\":2}\n",
			    "");
	otk_test_assert_run(&missing,
			    1,
			    "",
			    "opentokctl: NotFound: session 'missing' not found: "
			    "404 session not found\n");
	otk_test_assert_run(&drop, 0, "", "");
	otk_test_assert_run(&gone, 1, "", "opentokctl: NotFound: connection 'gone' not found\n");
}

int
main(int argc, char **argv)
{
	static const OtkTestCase cases[] = {
	    {"/otk/ctl/help", otk_ctl_help_func},
	    {"/otk/ctl/usage", otk_ctl_usage_func},
	    {"/otk/ctl/unreachable", otk_ctl_unreachable_func},
	    {"/otk/ctl/status", otk_ctl_status_func},
	    {"/otk/ctl/session", otk_ctl_session_func},
	    {"/otk/ctl/token", otk_ctl_token_func},
	    {"/otk/ctl/connection", otk_ctl_connection_func},
	};
	int r;

	otk_test_start_server();
	/* also runs when an assertion fails and exits */
	atexit(otk_test_stop_server);
	r = otk_test_run(argc, argv, cases, OTK_N_ELEMENTS(cases));
	return r;
}
